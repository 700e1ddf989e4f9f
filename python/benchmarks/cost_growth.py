"""How a sweep's cost grows: with the number of cells, and with the size of the tensor.

    swift build -c release --product quantlab
    python3 python/benchmarks/cost_growth.py [--quantlab .build/release/quantlab] [--max-log2 28]
                                             [--cells 1,10,100,1000] [--work DIR]

Writes sweep specs into a scratch directory and runs `quantlab sweep SPEC --reports DIR --fresh`
on each (so nothing comes from the results cache), measuring the child's wall time, its CPU time
(user + system, from getrusage: less disturbed by other load than wall time on a shared machine)
and its peak resident memory. Two tables:

1. Cells: 1, 10, 100, 1,000 cells on up to four 256 x 1024 float32 tensors (2^18 elements each;
   data x transforms x formats x rounding modes), so time per cell should stay flat.
2. Size: one cell (mxfp4, no transform) on normal(shape=R x 4096) with 2^16 ... 2^max elements,
   so time per element should stay flat once the tensor is larger than the fixed start-up cost.

Only the standard library is needed.
"""
import argparse
import os
import resource
import subprocess
import tempfile
import time

FORMATS = ["int8", "int4", "float8_e4m3fn", "float8_e5m2", "float6_e2m3fn", "float4_e2m1fn", "bfloat16", "nf4",
           "mxint8", "mxint4", "mxfp8_e4m3", "mxfp6_e2m3", "mxfp4", "nvfp4", "nvint4", "int8/ch0", "int4/g128",
           "uint4/g64/asym", "bipolar:4/g32", "power:4:0.5", "int8/tensor", "mxfp4(clip=mse)", "float16",
           "mxfp8_e5m2", "mxint6"]
TRANSFORMS = ["none", "hadamard:32"]
ROUNDING = ["nearest-even", "toward-zero", "nearest-away", "toward-positive", "toward-negative"]


def run(quantlab, spec_text, work, name):
    spec = os.path.join(work, name + ".yaml")
    with open(spec, "w") as f:
        f.write(spec_text)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([quantlab, "sweep", spec, "--reports", os.path.join(work, "reports"), "--fresh"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of children is the largest of any child so far: runs go from small to large.
    return wall, cpu, after.ru_maxrss / 1024


def cells_spec(count):
    """A product of data x transforms x formats x rounding modes with `count` cells (1, 10, 100, 1000)."""
    shape = {1: (1, 1, 1, 1), 10: (1, 2, 5, 1), 100: (1, 2, 25, 2), 1000: (4, 2, 25, 5)}[count]
    data = [f"{d}(shape=256x1024, seed=1)" for d in ["normal", "laplace", "student_t", "uniform"]][:shape[0]]
    lines = [f"title: cost growth {count} cells", "description: cost growth", "seed: 1",
             "data: [" + ", ".join(f'"{d}"' for d in data) + "]",
             "transforms: [" + ", ".join(f'"{t}"' for t in TRANSFORMS[:shape[1]]) + "]",
             "formats: [" + ", ".join(f'"{f}"' for f in FORMATS[:shape[2]]) + "]",
             "rounding: [" + ", ".join(ROUNDING[:shape[3]]) + "]"]
    return "\n".join(lines) + "\n", shape[0] * shape[1] * shape[2] * shape[3]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quantlab", default=".build/release/quantlab")
    parser.add_argument("--max-log2", type=int, default=28)
    parser.add_argument("--cells", default="1,10,100,1000")
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="quantlab-cost-")
    os.makedirs(work, exist_ok=True)
    quantlab = os.path.abspath(args.quantlab)

    print("| cells | wall s | CPU s | CPU ms per cell |")
    print("| ---: | ---: | ---: | ---: |")
    for count in (int(c) for c in args.cells.split(",")):
        text, n = cells_spec(count)
        wall, cpu, _ = run(quantlab, text, work, f"cells{count}")
        print(f"| {n} | {wall:.2f} | {cpu:.2f} | {1000 * cpu / n:.1f} |", flush=True)

    print()
    print("| elements | wall s | CPU s | CPU ns per element | peak MiB |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for k in range(16, args.max_log2 + 1, 2):
        rows = (1 << k) // 4096
        text = (f"title: cost growth 2^{k}\ndescription: cost growth\nseed: 1\n"
                f"data: [\"normal(shape={rows}x4096, seed=1)\"]\nformats: [mxfp4]\n")
        wall, cpu, peak = run(quantlab, text, work, f"size{k}")
        print(f"| 2^{k} | {wall:.2f} | {cpu:.2f} | {1e9 * cpu / (1 << k):.1f} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
