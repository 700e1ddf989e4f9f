"""The Python API itself: shapes, dtypes, copies and in-place calls, codes round trips, the
Hadamard rotation, format facts, and where the library is found."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import quantlab
from conftest import bits, finite_tensor, mixed_tensor


def test_any_shape_gives_the_same_bits_as_its_flat_rows():
    x = finite_tensor((3, 4, 5, 64), seed=1)
    flat = x.reshape(-1, 64)
    for spec in ["mxfp4", "nvfp4", "float8_e5m2", "int4/g32"]:
        assert quantlab.quantize(x, spec).shape == x.shape
        assert np.array_equal(bits(quantlab.quantize(x, spec)).reshape(-1, 64), bits(quantlab.quantize(flat, spec)))


def test_scalars_and_empty_arrays():
    assert quantlab.quantize(np.float32(0.3), "float8_e4m3fn").shape == ()
    assert quantlab.quantize(np.float32(0.3), "float8_e4m3fn") == np.float32(0.3125)
    assert quantlab.quantize(np.zeros((0,), np.float32), "int8").shape == (0,)
    assert quantlab.quantize(np.zeros((0, 32), np.float32), "mxfp4").shape == (0, 32)
    assert quantlab.quantize([1.0, 2.6], "int8").tolist() == [1.0, 3.0]


def test_float16_float64_and_views_are_converted_once_and_equal():
    x = finite_tensor((32, 128), seed=2)
    reference = bits(quantlab.quantize(x, "mxfp6_e3m2"))
    assert np.array_equal(bits(quantlab.quantize(x.astype(np.float64), "mxfp6_e3m2")), reference)
    assert np.array_equal(bits(quantlab.quantize(np.asfortranarray(x), "mxfp6_e3m2")), reference)
    assert np.array_equal(bits(quantlab.quantize(x.astype(">f4"), "mxfp6_e3m2")), reference)
    wide = np.zeros((32, 256), np.float32)
    wide[:, ::2] = x
    assert np.array_equal(bits(quantlab.quantize(wide[:, ::2], "mxfp6_e3m2")), reference)
    half = x.astype(np.float16)
    assert np.array_equal(bits(quantlab.quantize(half, "mxfp6_e3m2")), bits(quantlab.quantize(half.astype(np.float32), "mxfp6_e3m2")))
    big = np.array([1e39, -1e300, 5.0], dtype=np.float64)  # beyond float32: +-inf, as the CLI reads float64
    assert np.array_equal(quantlab.quantize(big, "float16"), np.array([np.inf, -np.inf, 5.0], np.float32))


@pytest.mark.parametrize("spec", ["float8_e4m3fn", "nf4", "mxfp4", "nvfp4", "int8/ch0", "uint4/g64/asym", "mxfp4(clip=mse)"])
def test_in_place_and_out_equal_a_fresh_result(spec):
    x = mixed_tensor((8, 256), seed=3)
    expected = bits(quantlab.quantize(x, spec, rounding="stochastic", seed=2))
    out = np.empty_like(x)
    assert quantlab.quantize(x, spec, rounding="stochastic", seed=2, out=out) is out
    assert np.array_equal(bits(out), expected)
    y = x.copy()
    assert quantlab.quantize(y, spec, rounding="stochastic", seed=2, out=y) is y
    assert np.array_equal(bits(y), expected)


def test_a_float32_contiguous_input_is_read_without_a_copy():
    from quantlab import _arrays
    x = finite_tensor((4, 64))
    assert _arrays.float32_input(x) is x
    assert _arrays.float32_input(x.T) is not x.T


def test_seeds_change_stochastic_bits_only():
    x = finite_tensor((16, 256), seed=4)
    a, b = quantlab.quantize(x, "mxfp4", rounding="stochastic", seed=1), quantlab.quantize(x, "mxfp4", rounding="stochastic", seed=2)
    assert not np.array_equal(a, b)
    assert np.array_equal(bits(quantlab.quantize(x, "mxfp4", seed=1)), bits(quantlab.quantize(x, "mxfp4", seed=2)))


def test_decode_accepts_any_unsigned_codes_dtype():
    x = finite_tensor((4, 64), seed=5)
    codes, scales, t = quantlab.encode(x, "mxfp4")
    expected = bits(quantlab.decode(codes, "mxfp4", scales))
    assert np.array_equal(bits(quantlab.decode(codes.astype(np.int64), "mxfp4", scales.astype(np.uint16))), expected)
    assert np.array_equal(bits(quantlab.decode(codes.astype(np.uint32), "mxfp4", list(scales))), expected)


def test_hadamard_round_trip_and_analyze_rotation():
    x = finite_tensor((8, 256), seed=6)
    for block in [None, 32]:
        for signs in [None, 5]:
            y = quantlab.hadamard(x, block=block, signs_seed=signs)
            assert np.allclose(np.linalg.norm(y, axis=1), np.linalg.norm(x, axis=1), rtol=1e-5)
            back = quantlab.hadamard(y, block=block, signs_seed=signs, inverse=True)
            assert np.allclose(back, x, atol=1e-5)
    h = quantlab.hadamard(np.eye(4, dtype=np.float32))
    assert np.allclose(h, 0.5 * np.array([[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]]))
    y = x.copy()
    quantlab.hadamard(y, block=32, out=y)
    assert np.array_equal(bits(y), bits(quantlab.hadamard(x, block=32)))
    with pytest.raises(ValueError, match="not a power of two"):
        quantlab.hadamard(x, block=24)
    with pytest.raises(ValueError, match="power-of-two row length"):
        quantlab.hadamard(np.ones((2, 48), np.float32))


def test_describe_gives_the_facts_of_quantlab_formats():
    e4m3 = quantlab.describe("float8_e4m3fn")
    assert e4m3["kind"] == "element" and e4m3["element"]["max_finite"] == 448 and e4m3["element"]["has_nan"]
    assert len(e4m3["values"]) == 256 and np.isnan(e4m3["values"][0x7F]) and e4m3["values"][0x7E] == 448
    mx = quantlab.describe("mxfp4")
    assert (mx["kind"], mx["block_size"], mx["scale"], mx["bits_per_element"]) == ("scaled", 32, "e8m0", 4.25)
    assert mx["values"] == [0, 0.5, 1, 1.5, 2, 3, 4, 6, 0, -0.5, -1, -1.5, -2, -3, -4, -6]
    nv = quantlab.describe("nvfp4")
    assert nv["tensor_scale"] and nv["scale"] == "float8_e4m3fn:sat"
    assert quantlab.describe("int8/ch0")["channel_axis"] == 0
    assert "values" not in quantlab.describe("bfloat16")  # 16 bits: too many codes to list
    assert "block_size" not in quantlab.describe("int8/ch0") and "scale" not in e4m3


def test_analyze_returns_metrics_in_csv_order_and_details():
    x = finite_tensor((16, 256), seed=7)
    result = quantlab.analyze(x, "mxfp4")
    assert list(result) == ["mxfp4"]
    assert list(result["mxfp4"])[:3] == ["bits", "qsnr_db", "qsnr_rotated_db"]
    full = quantlab.analyze(x, ["mxfp4", "nvfp4"], hadamard="full", random_signs=3, details=True)
    assert full["nvfp4"]["transform"] == "hadamard:full:random:3"
    assert full["nvfp4"]["rotated"]["qsnr_db"] == full["nvfp4"]["metrics"]["qsnr_rotated_db"]
    assert full["nvfp4"]["original"]["qsnr_db"] == full["nvfp4"]["metrics"]["qsnr_db"]
    y = x.copy()
    y[0, 0] = np.nan
    replaced = quantlab.analyze(y, ["int8"], allow_nonfinite=True, details=True)["int8"]
    assert replaced["nonfinite_replaced"] == 1


def run_python(code, **env):
    environment = {k: v for k, v in os.environ.items() if k != "QUANTLAB_LIB"}
    environment.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)


def test_quantlab_lib_names_the_library_and_a_wrong_one_is_an_error(tmp_path):
    path = quantlab.library_path()
    done = run_python("import quantlab; print(quantlab.library_path())", QUANTLAB_LIB=str(path))
    assert done.returncode == 0 and done.stdout.strip() == str(path)
    missing = tmp_path / "nothing.so"
    done = run_python("import quantlab", QUANTLAB_LIB=str(missing))
    assert done.returncode != 0 and "cannot find libQuantLabC" in done.stderr and str(missing) in done.stderr
    not_a_library = tmp_path / "libQuantLabC.so"
    not_a_library.write_text("not a library")
    done = run_python("import quantlab", QUANTLAB_LIB=str(not_a_library))
    assert done.returncode != 0 and "cannot load" in done.stderr


def test_without_quantlab_lib_the_installed_copy_or_the_repo_build_is_found(monkeypatch):
    from quantlab import _lib
    monkeypatch.delenv("QUANTLAB_LIB", raising=False)
    places = [path for _, path in _lib.candidates()]
    done = run_python("import quantlab; print(quantlab.library_path())")
    assert done.returncode == 0, done.stderr
    found = Path(done.stdout.strip())
    assert found in places and found.is_file()
    assert places[0].parent == Path(_lib.__file__).resolve().parent
    assert any(".build/release" in str(p) for p in places)


def test_python_declares_exactly_the_functions_of_the_header():
    from quantlab import _lib
    header = (Path(__file__).resolve().parents[2] / "Sources" / "QuantLabC" / "quantlab.h").read_text()
    import re
    declared = set(re.findall(r"^(?:int32_t|void)\s+(quantlab_\w+)\(", header, flags=re.M))

    class Recorder:
        def __init__(self):
            self.names = set()

        def __getattr__(self, name):
            self.names.add(name)
            return type("Function", (), {})()
    recorder = Recorder()
    _lib.declare(recorder)
    assert recorder.names == declared and len(declared) == 10


def test_the_c_abi_refuses_null_pointers_and_bad_sizes():
    import ctypes
    from quantlab import _lib
    library = quantlab._library
    x = np.ones((2, 32), np.float32)
    shape = (ctypes.c_int64 * 2)(2, 32)
    cases = [
        ("quantlab_quantize", (None, None, None, 1, b"int8", None, 0), "shape is NULL for ndim 1"),
        ("quantlab_quantize", (None, None, shape, -1, b"int8", None, 0), "ndim -1 is out of range"),
        ("quantlab_quantize", (None, x.ctypes.data, shape, 2, b"int8", None, 0), "input is NULL"),
        ("quantlab_quantize", (x.ctypes.data, None, shape, 2, b"int8", None, 0), "output is NULL"),
        ("quantlab_quantize", (x.ctypes.data, x.ctypes.data, shape, 2, None, None, 0), "spec is NULL"),
        ("quantlab_quantize", (x.ctypes.data, x.ctypes.data, (ctypes.c_int64 * 2)(-2, 32), 2, b"int8", None, 0), "negative size"),
        ("quantlab_quantize", (x.ctypes.data, x.ctypes.data, (ctypes.c_int64 * 2)(2 ** 40, 2 ** 40), 2, b"int8", None, 0), "too large"),
        ("quantlab_quantize", (x.ctypes.data, x.ctypes.data, (ctypes.c_int64 * 2)(0, 2 ** 62), 2, b"mxfp4", None, 0), "too large"),
        ("quantlab_quantize", (x.ctypes.data, x.ctypes.data, shape, 2, b"\xff", None, 0), "spec is not UTF-8"),
        ("quantlab_decode", (x.ctypes.data, 3, None, 1, 1.0, None, 2, shape, 2, b"int8", x.ctypes.data), "element size 3 bytes"),
        ("quantlab_encode", (x.ctypes.data, shape, 2, b"mxfp4", None, 0, None, None, None, None), "an output array is NULL"),
        ("quantlab_hadamard", (x.ctypes.data, x.ctypes.data, shape, 2, -4, 0, 0, 0), "not a power of two"),
    ]
    for name, args, message in cases:
        with pytest.raises(ValueError, match=message):
            library.call(name, *args)
    assert x.tolist() == np.ones((2, 32)).tolist()  # nothing was written by the refused calls
    small = ctypes.create_string_buffer(8)
    assert library.lib.quantlab_describe(b"nope", None, small, 8) == _lib.INVALID
    assert small.value == b"json is"  # cut to the buffer, NUL-terminated
