"""numpy's matmul (and, where installed, Debian's OpenBLAS sgemm through ctypes) on the linear-layer
shapes of all-MiniLM-L6-v2, for comparison with `quantlab model bench minilm`:
    python3 Experiments/bench/matmul_numpy.py [--tokens 4096] [--repeats 3]
Each figure is 2*tokens*k*n / best wall-clock seconds, float32, A (tokens x k) @ W.T with W (n x k),
after one warm-up run, by the wall clock and per CPU-second (one core's share, which a loaded machine
disturbs less). numpy uses its own OpenBLAS and all cores."""
import argparse
import ctypes
import ctypes.util
import time

import numpy as np

SHAPES = [("qkv", 384, 1152), ("attn_out", 384, 384), ("ffn_in", 384, 1536), ("ffn_out", 1536, 384)]
DEBIAN_OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"


def best(repeats, f):
    """(wall seconds, process CPU seconds over all threads), each the smallest of `repeats` runs."""
    f()
    walls, cpus = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        f()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def rate(flops, timing):
    wall, cpu = timing
    return f"{flops / wall / 1e9:.1f} GFLOP/s, {flops / cpu / 1e9:.1f} per core (CPU time)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    try:
        blas = ctypes.CDLL(DEBIAN_OPENBLAS)
        blas.openblas_get_corename.restype = ctypes.c_char_p
        core = blas.openblas_get_corename().decode()
    except OSError:
        blas, core = None, None
    print(f"numpy {np.__version__}, {args.tokens} tokens, best of {args.repeats}")
    for name, k, n in SHAPES:
        a = rng.uniform(-1, 1, (args.tokens, k)).astype(np.float32)
        w = rng.uniform(-1, 1, (n, k)).astype(np.float32)
        flops = 2 * args.tokens * k * n
        line = f"  {name} {args.tokens}x{k} . ({n}x{k})^T: numpy {rate(flops, best(args.repeats, lambda: a @ w.T))}"
        if blas is not None:
            c = np.empty((args.tokens, n), dtype=np.float32)
            p = ctypes.POINTER(ctypes.c_float)

            def sgemm():  # CblasRowMajor=101, NoTrans=111, Trans=112
                blas.cblas_sgemm(101, 111, 112, args.tokens, n, k, ctypes.c_float(1), a.ctypes.data_as(p), k,
                                 w.ctypes.data_as(p), k, ctypes.c_float(0), c.ctypes.data_as(p), n)
            line += f"; Debian OpenBLAS ({core} kernel) {rate(flops, best(args.repeats, sgemm))}"
        print(line)


if __name__ == "__main__":
    main()
