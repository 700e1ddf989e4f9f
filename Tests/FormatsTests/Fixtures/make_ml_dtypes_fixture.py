"""Regenerates ml_dtypes_casts.json: float32 -> ml_dtypes float type casts (codes), the anchor that
QuantLab's named formats follow (round to nearest even, ml_dtypes 0.6).

    pip install ml_dtypes==0.6.0 numpy && python3 make_ml_dtypes_fixture.py

Inputs: every value of the format, midpoints between neighbours and one float32 ulp either side,
overflow region, signed zeros, infinities, and 3000 random float32 over all binades (seed 1).
NaN inputs to finite-only formats are left out: QuantLab maps them to +0 on purpose (SpecialValues).
"""
import json
import ml_dtypes
import numpy as np

NAMES = ["float8_e4m3fn", "float8_e4m3", "float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2",
         "float8_e5m2fnuz", "float8_e3m4", "float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn",
         "float8_e8m0fnu", "bfloat16", "float16"]

rng = np.random.default_rng(1)
out = {}
for name in NAMES:
    t = np.float16 if name == "float16" else getattr(ml_dtypes, name)
    info = ml_dtypes.finfo(t)
    bits = info.bits
    codes = np.arange(2 ** bits, dtype=np.uint16 if bits == 16 else np.uint8)
    if bits < 8:
        codes = codes.astype(np.uint8)
    values = codes.view(t).astype(np.float32) if bits in (8, 16) else codes.astype(t).astype(np.float32)
    if bits < 8:
        # sub-byte types: build the values from all byte codes that are valid
        values = np.arange(256, dtype=np.uint8).view(t).astype(np.float32)
    finite = np.unique(values[np.isfinite(values)])
    mids = ((finite[:-1].astype(np.float64) + finite[1:]) / 2).astype(np.float32)
    edge = np.concatenate([finite, mids, np.nextafter(mids, np.float32(np.inf)), np.nextafter(mids, np.float32(-np.inf)),
                           np.nextafter(finite, np.float32(np.inf)), np.nextafter(finite, np.float32(-np.inf)),
                           np.array([0.0, -0.0, np.inf, -np.inf, float(info.max) * 1.03, float(info.max) * 1.07,
                                     float(info.max) * 4, 3.0e38, -3.0e38, 1e-45, -1e-45], dtype=np.float32)])
    rand_bits = rng.integers(0, 2 ** 32, size=3000, dtype=np.uint64).astype(np.uint32)
    rand = rand_bits.view(np.float32)
    rand = rand[~np.isnan(rand)]
    edge = edge.astype(np.float32)
    if bits == 16:  # keep the fixture small: a seeded sample of the 16-bit formats' edge points
        edge = np.concatenate([edge[:64], rng.choice(edge, size=6000, replace=False), edge[-11:]])
    inputs = np.concatenate([edge, rand])
    if name != "float8_e8m0fnu":
        inputs = inputs[np.isfinite(inputs) | np.isinf(inputs)]
    with np.errstate(all="ignore"):
        result = inputs.astype(t)
    if bits == 16:
        result_codes = result.view(np.uint16).astype(np.int64)
    else:
        result_codes = result.view(np.uint8).astype(np.int64)
    out[name] = [[int(b), int(c)] for b, c in zip(inputs.view(np.uint32), result_codes)]

with open("ml_dtypes_casts.json", "w") as f:
    json.dump({"ml_dtypes": ml_dtypes.__version__, "casts": out}, f, separators=(",", ":"))
