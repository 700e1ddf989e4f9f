"""quantize and encode equal ml_dtypes' casts on every format ml_dtypes has, except where
QuantLab's definitions differ on purpose (Sources/Formats/SpecialValues.swift): NaN into a
finite-only format gives +0, and E8M0 rounds float32 subnormals to nearest (ml_dtypes 0.6 rounds
every one in (2^-127, 1.5 * 2^-127) up). Integers round and saturate where ml_dtypes' casts
truncate and wrap, so they are compared on the integers of their range."""
import numpy as np
import pytest

import quantlab
from conftest import bits

ml_dtypes = pytest.importorskip("ml_dtypes")

FLOATS = ["float8_e4m3fn", "float8_e4m3", "float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2", "float8_e5m2fnuz",
          "float8_e3m4", "float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn", "float8_e8m0fnu", "bfloat16", "float16"]


def dtype_of(name):
    return np.dtype(np.float16) if name == "float16" else np.dtype(getattr(ml_dtypes, name))


def cast_inputs(name, seed=0):
    """Every value of the format, the midpoints between neighbours and one float32 ulp either side,
    overflow, signed zeros, infinities, and random float32 over every binade."""
    t = dtype_of(name)
    width = np.uint16 if t.itemsize == 2 else np.uint8
    codes = np.arange(2 ** (8 * t.itemsize), dtype=np.uint32).astype(width)
    values = codes.view(t).astype(np.float32)
    finite = np.unique(values[np.isfinite(values)])
    mids = ((finite[:-1].astype(np.float64) + finite[1:]) / 2).astype(np.float32)
    up, down = np.float32(np.inf), np.float32(-np.inf)
    big = float(ml_dtypes.finfo(t).max)
    with np.errstate(over="ignore"):  # bfloat16's max * 4 is beyond float32: +inf
        overflow = np.array([big * 1.03, big * 1.07, big * 4, 3e38, -3e38], dtype=np.float32)
    edge = [finite, mids, np.nextafter(mids, up), np.nextafter(mids, down), np.nextafter(finite, up), np.nextafter(finite, down),
            overflow, np.array([0.0, -0.0, np.inf, -np.inf, 1e-45, -1e-45], dtype=np.float32)]
    rng = np.random.default_rng(seed)
    random = rng.integers(0, 2 ** 32, size=20000, dtype=np.uint64).astype(np.uint32).view(np.float32)
    x = np.concatenate(edge + [random]).astype(np.float32)
    x = x[~np.isnan(x)]
    if name == "float8_e8m0fnu":
        x = x[~((np.abs(x) > 2.0 ** -127) & (np.abs(x) < 1.5 * 2.0 ** -127))]
    return x


@pytest.mark.parametrize("name", FLOATS)
def test_quantize_equals_ml_dtypes_cast(name):
    x = cast_inputs(name)
    with np.errstate(all="ignore"):
        cast = x.astype(dtype_of(name))
    expected = cast.astype(np.float32)
    got = quantlab.quantize(x, name)
    nan = np.isnan(expected)
    assert np.array_equal(np.isnan(got), nan)
    assert np.array_equal(bits(got)[~nan], bits(expected)[~nan]), \
        f"{name}: {np.count_nonzero(bits(got)[~nan] != bits(expected)[~nan])} of {x.size} differ"
    codes = quantlab.encode(x, name)[0]
    width = np.uint16 if cast.dtype.itemsize == 2 else np.uint8
    assert np.array_equal(codes[~nan], cast.view(width)[~nan])


def test_nan_inputs_follow_the_documented_rules():
    nan = np.array([np.nan, -np.nan], dtype=np.float32)
    assert np.all(np.isnan(quantlab.quantize(nan, "float8_e4m3fn")))
    # finite-only formats: NaN gives +0 (SpecialValues.swift), not ml_dtypes' bit-cast artifact
    assert np.array_equal(bits(quantlab.quantize(nan, "float4_e2m1fn")), np.zeros(2, dtype=np.uint32))


@pytest.mark.parametrize("name,low,high", [("int4", -8, 7), ("uint4", 0, 15), ("int2", -2, 1), ("int8", -128, 127), ("uint8", 0, 255)])
def test_integers_equal_ml_dtypes_on_their_range(name, low, high):
    t = np.dtype(getattr(ml_dtypes, name, None) or getattr(np, name))
    x = np.arange(low, high + 1, dtype=np.float32)
    assert np.array_equal(quantlab.quantize(x, name), x.astype(t).astype(np.float32))
    bits_per = {"int4": 4, "uint4": 4, "int2": 2, "int8": 8, "uint8": 8}[name]
    expected_codes = x.astype(t).view(np.uint8) & ((1 << bits_per) - 1)
    assert np.array_equal(quantlab.encode(x, name)[0], expected_codes)


def test_bfloat16_input_is_converted_once_exactly():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((16, 64)).astype(ml_dtypes.bfloat16)
    wide = x.astype(np.float32)
    for spec in ["float8_e4m3fn", "mxfp4", "nvfp4"]:
        assert np.array_equal(bits(quantlab.quantize(x, spec)), bits(quantlab.quantize(wide, spec)))
    assert np.array_equal(bits(quantlab.quantize(x, "bfloat16")), bits(wide))
