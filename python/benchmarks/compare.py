"""Speed of quantlab against ml_dtypes and gfloat on the same arrays, in one run, as a markdown table.

    swift build -c release --product QuantLabC && pip install ./python
    pip install ml_dtypes gfloat
    python3 python/benchmarks/compare.py [--rows 4096] [--repeat 5]

Every tool fake-quantizes float32 input (normal, std 1; 4096 x 4096 = 16M elements unless
--rows says otherwise) to float32; throughput is elements / best wall time of --repeat runs, in
millions of elements per second (Melem/s), conversions to and from the tool's types and the
allocation of the result included ("quantlab is faster by" compares with quantlab's allocating
call; the `out=` row writes into an existing array, the kernel alone).
gfloat's per-block API (quantize_block) is a Python loop over blocks and is timed on the first
--gfloat-block-rows rows only. Each row also says whether the tool's result equals quantlab's bit
for bit (the tools implement the same OCP definitions: round to nearest even, elements saturating
in MX). quantlab runs its kernels on all cores (the GIL released); ml_dtypes and gfloat on one.
"""
import argparse
import platform
import time

import numpy as np

import quantlab

try:
    import ml_dtypes
except ImportError:  # the table then says "-"
    ml_dtypes = None
try:
    import gfloat
    from gfloat import formats as gformats
except ImportError:
    gfloat = None


def best_time(function, repeat):
    """Best wall time of `repeat` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def ml_dtypes_cast(name):
    t = getattr(ml_dtypes, name)
    return lambda x: x.astype(t).astype(np.float32)


def mx_scales(x, emax, block=32):
    """OCP MX v1.0 §6.3 shared scales 2^(floor(log2 amax) - emax), clipped to 2^[-127, 127], per block of 32."""
    blocks = x.reshape(-1, block)
    amax = np.abs(blocks).max(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        e = np.floor(np.log2(amax)) - emax
    e = np.where(amax == 0, -127, np.clip(e, -127, 127))
    return blocks, np.exp2(e).astype(np.float32)


def ml_dtypes_mx(name, emax):
    """MX fake quantization vectorized with numpy, elements cast (saturating) by ml_dtypes."""
    t = getattr(ml_dtypes, name)
    top = np.float32(ml_dtypes.finfo(t).max)

    def run(x):
        blocks, scale = mx_scales(x, emax)
        scaled = np.clip(blocks / scale, -top, top)
        return (scaled.astype(t).astype(np.float32) * scale).reshape(x.shape)
    return run


def gfloat_round(info, sat=False):
    return lambda x: gfloat.round_ndarray(info, x, sat=sat).astype(np.float32)


def gfloat_mx_vectorized(info, emax):
    """MX fake quantization with numpy scales and gfloat's vectorized element rounding (saturating)."""
    def run(x):
        blocks, scale = mx_scales(x, emax)
        return (gfloat.round_ndarray(info, blocks / scale, sat=True).astype(np.float32) * scale).reshape(x.shape)
    return run


def gfloat_quantize_block(block_info):
    """gfloat's own block API: quantize_block on every block of 32 in turn."""
    def run(x):
        blocks = x.reshape(-1, 32)
        out = np.empty_like(blocks)
        for i, b in enumerate(blocks):
            out[i] = gfloat.quantize_block(block_info, b, gfloat.compute_scale_amax)
        return out.reshape(x.shape)
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4096)
    parser.add_argument("--cols", type=int, default=4096)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gfloat-block-rows", type=int, default=16)
    args = parser.parse_args()
    x = np.random.default_rng(0).standard_normal((args.rows, args.cols), dtype=np.float32)
    small = x[: args.gfloat_block_rows]

    # (kernel, quantlab spec, [(tool, function, input)])
    rows = [
        ("float8_e4m3fn", "float8_e4m3fn", [
            ("ml_dtypes astype", ml_dtypes and ml_dtypes_cast("float8_e4m3fn"), x),
            ("gfloat round_ndarray", gfloat and gfloat_round(gformats.format_info_ocp_e4m3), x)]),
        ("float4_e2m1fn", "float4_e2m1fn", [
            ("ml_dtypes astype", ml_dtypes and ml_dtypes_cast("float4_e2m1fn"), x),
            ("gfloat round_ndarray", gfloat and gfloat_round(gformats.format_info_ocp_e2m1, sat=True), x)]),
        ("bfloat16", "bfloat16", [
            ("ml_dtypes astype", ml_dtypes and ml_dtypes_cast("bfloat16"), x),
            ("gfloat round_ndarray", gfloat and gfloat_round(gformats.format_info_bfloat16), x)]),
        ("MXFP8 E4M3", "mxfp8_e4m3", [
            ("numpy + ml_dtypes", ml_dtypes and ml_dtypes_mx("float8_e4m3fn", 8), x),
            ("numpy + gfloat round_ndarray", gfloat and gfloat_mx_vectorized(gformats.format_info_ocp_e4m3, 8), x),
            ("gfloat quantize_block", gfloat and gfloat_quantize_block(gformats.format_info_mxfp8_e4m3), small)]),
        ("MXFP4", "mxfp4", [
            ("numpy + ml_dtypes", ml_dtypes and ml_dtypes_mx("float4_e2m1fn", 2), x),
            ("numpy + gfloat round_ndarray", gfloat and gfloat_mx_vectorized(gformats.format_info_ocp_e2m1, 2), x),
            ("gfloat quantize_block", gfloat and gfloat_quantize_block(gformats.format_info_mxfp4_e2m1), small)]),
    ]

    print(f"{args.rows} x {args.cols} float32, best of {args.repeat}; numpy {np.__version__}, "
          f"ml_dtypes {getattr(ml_dtypes, '__version__', '-')}, gfloat {_version('gfloat')}; "
          f"{platform.processor() or platform.machine()}, library {quantlab.library_path()}\n")
    print("| format | tool | Melem/s | quantlab is faster by | same bits as quantlab |")
    print("| --- | --- | ---: | ---: | --- |")
    for kernel, spec, tools in rows:
        seconds, reference = best_time(lambda: quantlab.quantize(x, spec), args.repeat)
        ours = x.size / seconds / 1e6
        print(f"| {kernel} | **quantlab** `quantize(x, \"{spec}\")` | **{ours:.0f}** | | |")
        out = np.empty_like(x)
        seconds, _ = best_time(lambda: quantlab.quantize(x, spec, out=out), args.repeat)
        print(f"| {kernel} | quantlab `quantize(x, \"{spec}\", out=y)` (no allocation) | {x.size / seconds / 1e6:.0f} | | |")
        for tool, function, data in tools:
            if not function:
                print(f"| {kernel} | {tool} | - | | (not installed) |")
                continue
            seconds, result = best_time(lambda: function(data), args.repeat if data is x else 1)
            theirs = data.size / seconds / 1e6
            expected = reference[: data.shape[0]]
            same = np.array_equal(np.asarray(result, np.float32).view(np.uint32), expected.view(np.uint32))
            ratio = ours / theirs
            print(f"| {kernel} | {tool} | {theirs:.3g} | {ratio:.1f}x | {'yes' if same else 'NO'} |" if ratio < 10 else
                  f"| {kernel} | {tool} | {theirs:.3g} | {ratio:.0f}x | {'yes' if same else 'NO'} |")


def _version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:  # noqa: BLE001 - only for the header line
        return "-"


if __name__ == "__main__":
    main()
