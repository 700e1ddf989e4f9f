"""`quantlab bench` next to numpy + ml_dtypes doing the same work, with the ratios, in one run.

    swift build -c release --product quantlab
    python3 python/benchmarks/bench_compare.py [--quantlab .build/release/quantlab] [--count 16777216]
                                               [--repeats 5] [--filter TEXT] [--examples]

Runs `quantlab bench` (its table: Melem/s of each format and of a plain copy, best of --repeats),
then times numpy doing the same fake-quantization of a float32 array of the same length, read as
rows of 4096, into float32 (best of --repeats; numpy and ml_dtypes run on one core, quantlab on
all): element formats through ml_dtypes casts (`astype(t).astype(float32)`) or numpy arithmetic,
MX/NV/grouped/per-channel formats as amax, scale, divide, cast or round, multiply. Level tables:
`nf4` and codebooks as a `searchsorted` over the midpoints, `power:n:a` as
`sign(q)|q|^(1/a)`, `q = rint(sign(x)|x|^a)` clipped. A row numpy has no equivalent for shows "-".
Printed columns: quantlab Melem/s, its share of quantlab's copy row of the same run, numpy Melem/s,
and quantlab / numpy. The numpy recipes do the same amount of work; they are not bit-exact
replicas (scale rounding and ties may differ), so no equality is claimed here.
"""
import argparse
import re
import subprocess
import time

import numpy as np

try:
    import ml_dtypes
except ImportError:
    ml_dtypes = None

ROW = 4096
NF4 = np.array([-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
                -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
                0.24611230492591858, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
                0.7229568362236023, 1.0], dtype=np.float32)


def signal(count):
    """A spread like `Throughput.signal` (the same work for every recipe; not the same bits)."""
    rng = np.random.default_rng(1)
    u = rng.random(count, dtype=np.float32) - np.float32(0.5)
    scale = np.where(rng.integers(0, 256, count) == 0, np.float32(40), np.float32(2)).astype(np.float32)
    return (u * scale * u * 4 + u).astype(np.float32)


def cast(name):
    t = getattr(ml_dtypes, name, None) if ml_dtypes is not None else None
    if t is None and name == "float16":
        t = np.float16
    if t is None:
        return None
    return lambda x: x.astype(t).astype(np.float32)


def integer(bits, signed=True):
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    return lambda x: np.clip(np.rint(x), lo, hi).astype(np.float32)


def table(levels):
    levels = np.asarray(levels, dtype=np.float32)
    mid = (levels[1:] + levels[:-1]) / 2
    return lambda x: levels[np.searchsorted(mid, x)]


def power(bits, a):
    q = (1 << (bits - 1)) - 1
    return lambda x: (lambda k: np.sign(k) * np.abs(k) ** np.float32(1 / a))(
        np.clip(np.rint(np.sign(x) * np.abs(x) ** np.float32(a)), -q, q)).astype(np.float32)


def element(spec):
    """numpy fake-quantization of one element format (values already scaled), or None."""
    if spec.startswith("float") or spec == "bfloat16":
        return cast(spec)
    m = re.fullmatch(r"u?int(\d+)", spec)
    if m:
        return integer(int(m.group(1)), not spec.startswith("u"))
    m = re.fullmatch(r"int:(\d+):sym", spec)
    if m:
        n = int(m.group(1))
        return lambda x: np.clip(np.rint(x), -(1 << (n - 1)) + 1, (1 << (n - 1)) - 1).astype(np.float32)
    m = re.fullmatch(r"power:(\d+):([0-9.]+)", spec)
    if m:
        return power(int(m.group(1)), float(m.group(2)))
    if spec == "nf4":
        return table(NF4)
    m = re.fullmatch(r"bipolar:(\d+)", spec)
    if m:  # odd levels +-1, +-3, ..., as a table
        n = int(m.group(1))
        return table(np.arange(-(1 << n) + 1, 1 << n, 2, dtype=np.float32))
    if spec.startswith("codebook:"):
        return table(sorted(float(v) for v in spec[9:].split(",")))
    return None


MAX = {"int8": 127, "int:4:sym": 7, "int:6:sym": 31, "float8_e4m3fn": 448, "float8_e5m2": 57344,
       "float6_e2m3fn": 7.5, "float6_e3m2fn": 28, "float4_e2m1fn": 6, "int4": 7, "bipolar:4": 15,
       "power:4:0.5": 49}
SCALED = {"mxint8": ("int8", 32, "e8m0"), "mxint6": ("int:6:sym", 32, "e8m0"), "mxint4": ("int:4:sym", 32, "e8m0"),
          "mxfp8_e4m3": ("float8_e4m3fn", 32, "e8m0"), "mxfp8_e5m2": ("float8_e5m2", 32, "e8m0"),
          "mxfp6_e2m3": ("float6_e2m3fn", 32, "e8m0"), "mxfp6_e3m2": ("float6_e3m2fn", 32, "e8m0"),
          "mxfp4": ("float4_e2m1fn", 32, "e8m0"), "nvfp4": ("float4_e2m1fn", 16, "e4m3"),
          "nvint4": ("int:4:sym", 16, "e4m3")}


def grouped(inner, block, scale_kind):
    q, qmax = element(inner), MAX[inner]
    if q is None:
        return None

    def run(x):
        b = x.reshape(-1, block)
        amax = np.abs(b).max(axis=1, keepdims=True)
        if scale_kind == "e8m0":
            with np.errstate(divide="ignore"):
                s = np.exp2(np.clip(np.floor(np.log2(amax)) - np.floor(np.log2(qmax)), -127, 127)).astype(np.float32)
        elif scale_kind == "e4m3":  # FP32 tensor scale, then E4M3 block scales (two passes)
            t = np.float32(amax.max() / (448 * qmax))
            s = (amax / qmax / t).astype(ml_dtypes.float8_e4m3fn).astype(np.float32) * t
        else:
            s = amax / np.float32(qmax)
        s = np.where(s == 0, np.float32(1), s)
        return (q(b / s) * s).reshape(-1)
    return run


def channel(inner, axis):
    """One scale per index of `axis` of the [rows, ROW] view (ch0: per row, ch1: per column)."""
    q, qmax = element(inner), MAX[inner]

    def run(x):
        m = x.reshape(-1, ROW)
        s = np.abs(m).max(axis=1 - axis, keepdims=True) / np.float32(qmax)
        s = np.where(s == 0, np.float32(1), s)
        return (q(m / s) * s).reshape(-1)
    return run


def recipe(spec):
    if spec == "copy (baseline)":
        return lambda x: x.copy()
    if spec in SCALED:
        inner, block, kind = SCALED[spec]
        return None if kind == "e4m3" and ml_dtypes is None else grouped(inner, block, kind)
    m = re.fullmatch(r"(.+)/g(\d+)", spec)
    if m and m.group(1) in MAX:
        return grouped(m.group(1), int(m.group(2)), "amax")
    m = re.fullmatch(r"(.+)/ch([01])", spec)
    if m and m.group(1) in MAX:
        return channel(m.group(1), int(m.group(2)))
    return element(spec)


def best(function, x, repeats):
    t = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function(x)
        t = min(t, time.perf_counter() - start)
    return t


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quantlab", default=".build/release/quantlab")
    p.add_argument("--count", type=int, default=1 << 24)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--filter")
    p.add_argument("--examples", action="store_true", help="one example of every spec form (quantlab bench --examples)")
    a = p.parse_args()
    command = [a.quantlab, "bench", "--count", str(a.count), "--repeats", str(a.repeats)]
    if a.filter:
        command += ["--filter", a.filter]
    if a.examples:
        command += ["--examples"]
    text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    print("$ " + " ".join(command))
    rows = []
    for line in text.splitlines()[2:]:
        m = re.fullmatch(r"(.+?)\s{2,}(\d+)\s+([\d.]+)\s+([\d.]+)(\s+\d+%)?", line.strip())
        if m:
            rows.append((m.group(1), float(m.group(2))))
    copy = dict(rows).get("copy (baseline)")
    x = signal(a.count)
    out = [("kernel", "quantlab Melem/s", "% of copy", "numpy Melem/s", "quantlab/numpy")]
    for name, rate in rows:
        r = recipe(name)
        np_rate = a.count / best(r, x, a.repeats) / 1e6 if r is not None else None
        out.append((name, f"{rate:.0f}", f"{100 * rate / copy:.0f}%" if copy else "-",
                    f"{np_rate:.0f}" if np_rate else "-", f"{rate / np_rate:.1f}x" if np_rate else "-"))
    widths = [max(len(row[i]) for row in out) for i in range(len(out[0]))]
    for row in out:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip())
    print(f"numpy {np.__version__}, ml_dtypes {getattr(ml_dtypes, '__version__', 'absent')}; "
          f"{a.count} float32 as rows of {ROW}; numpy on one core, quantlab on all")


if __name__ == "__main__":
    main()
