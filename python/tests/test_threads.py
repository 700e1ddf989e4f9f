"""Two Python threads quantizing at once get the same bits as one thread alone; the library is
called through a ctypes CDLL, which releases the GIL for the length of every call."""
import ctypes
import threading

import numpy as np

import quantlab
from quantlab import _lib
from conftest import bits, finite_tensor

JOBS = [("mxfp4", "stochastic", 7), ("nvfp4", "nearest-even", 0), ("float8_e4m3fn", "stochastic", 9), ("int4/g128", "toward-zero", 0)]


def test_two_threads_quantizing_at_once_give_the_same_bits():
    x = finite_tensor((256, 4096), seed=8)  # 1M elements: each call runs its kernels on all cores
    expected = {job: bits(quantlab.quantize(x, job[0], rounding=job[1], seed=job[2])) for job in JOBS}
    results, failures = {}, []
    start = threading.Barrier(2)

    def work(index):
        try:
            start.wait()
            for round_ in range(3):
                for job in JOBS[index::2] + JOBS[1 - index::2]:
                    results[(index, round_, job)] = bits(quantlab.quantize(x, job[0], rounding=job[1], seed=job[2]))
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert len(results) == 2 * 3 * len(JOBS)
    for (_, _, job), got in results.items():
        assert np.array_equal(got, expected[job]), job


def test_in_place_from_two_threads_on_separate_arrays():
    x = finite_tensor((64, 4096), seed=9)
    expected = bits(quantlab.quantize(x, "mxint8"))
    copies = [x.copy(), x.copy()]
    threads = [threading.Thread(target=quantlab.quantize, args=(c, "mxint8"), kwargs={"out": c}) for c in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in copies:
        assert np.array_equal(bits(c), expected)


def test_the_library_is_a_cdll_so_calls_release_the_gil():
    lib = quantlab._library.lib
    assert isinstance(lib, ctypes.CDLL) and not isinstance(lib, ctypes.PyDLL)
    assert lib.quantlab_abi_version() == _lib.ABI_VERSION
