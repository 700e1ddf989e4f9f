"""Bad specs and bad arrays raise ValueError with the CLI's message (for the same input given to
`quantlab quantize`, `dequantize` or `analyze`), never crash the interpreter."""
import re

import numpy as np
import pytest

import quantlab
from conftest import assert_cli_message, finite_tensor

BAD_SPECS = ["float8_e4m3fz", "fp:e4", "fp:e1m2", "int:40", "mxfp4(rule=foo)", "mxfp4(block=0)", "scaled(int4, block=32, scale=nope)",
             "codebook:1,x", "", "uint4/g64/asym/mse/e8m0/zz", "power:4:1e9"]


def cli_error(cli, args):
    code, _, error = cli.run(*args)
    assert code != 0 and error, f"the CLI accepted {args}"
    return error


@pytest.mark.parametrize("spec", BAD_SPECS)
def test_bad_spec_raises_the_cli_message(cli, spec):
    x = finite_tensor((2, 64))
    source = cli.save("x.npy", x)
    expected = cli_error(cli, ["quantize", "--format", spec, source, "-o", "y.npy"])
    for call in [lambda: quantlab.quantize(x, spec), lambda: quantlab.encode(x, spec), lambda: quantlab.describe(spec),
                 lambda: quantlab.decode(np.zeros((2, 64), np.uint8), spec)]:
        assert_cli_message(expected, call)


def test_bad_rounding_raises_the_cli_message(cli):
    x = finite_tensor((2, 64))
    source = cli.save("x.npy", x)
    expected = cli_error(cli, ["quantize", "--format", "mxfp4", "--rounding", "nearest-odd", source, "-o", "y.npy"])
    with pytest.raises(ValueError, match=re.escape(expected)):
        quantlab.quantize(x, "mxfp4", rounding="nearest-odd")
    with pytest.raises(ValueError, match=re.escape(expected)):
        quantlab.encode(x, "mxfp4", rounding="nearest-odd")


@pytest.mark.parametrize("spec,shape", [("mxfp4", (4, 16)), ("int4/g128", (3, 64)), ("int8/ch3", (2, 8)), ("nvfp4", ())])
def test_shape_the_format_cannot_take_raises_the_cli_message(cli, spec, shape):
    x = np.ones(shape, dtype=np.float32)
    source = cli.save("x.npy", x)
    expected = cli_error(cli, ["quantize", "--format", spec, source, "-o", "y.npy"])
    assert_cli_message(expected, lambda: quantlab.quantize(x, spec))


def test_scale_overflow_raises_the_cli_message(cli):
    x = finite_tensor((2, 64)) * np.float32(1e6)
    source = cli.save("x.npy", x)
    spec = "scaled(int4, block=32, scale=float8_e4m3fn)"
    expected = cli_error(cli, ["quantize", "--format", spec, source, "-o", "y.npy"])
    assert_cli_message(expected, lambda: quantlab.quantize(x, spec))


@pytest.mark.parametrize("dtype", [np.int64, np.uint32, np.complex64])
def test_unsupported_dtype_is_named_as_the_cli_names_it(cli, dtype):
    x = np.ones((2, 32), dtype=dtype)
    source = cli.save("x.npy", x)
    expected = cli_error(cli, ["quantize", "--format", "int8", source, "-o", "y.npy"])
    with pytest.raises(ValueError) as raised:
        quantlab.quantize(x, "int8")
    # Same message but for the file name and the list of accepted dtypes (Python adds bfloat16).
    head = lambda text: text.split(": ", 1)[1].split(" (accepted")[0]
    assert head(str(raised.value)) == head(expected) == f"unsupported dtype '{x.dtype.str}'"


def test_nonfinite_data_in_analyze_raises_the_cli_message(cli):
    x = finite_tensor((4, 64))
    x[1, 3] = np.nan
    x[2, 5] = np.inf
    source = cli.save("nan.npy", x)
    expected = cli_error(cli, ["analyze", "--format", "mxfp4", source])
    with pytest.raises(ValueError) as raised:
        quantlab.analyze(x, ["mxfp4"])
    assert str(raised.value) == expected.replace(str(source), "array").replace("nan.npy", "array")
    assert "2 of 256 values are NaN or infinite" in str(raised.value)


@pytest.mark.parametrize("args,kwargs", [
    ((["mxfp4"],), {"hadamard": 48}),
    ((["mxfp4", "mxfp4"],), {}),
    (([],), {}),
    ((["mxfp4"],), {"random_signs": 3}),
    ((["nope"],), {}),
    ((["mxfp4"],), {"block_size": 0}),
])
def test_bad_analyze_options_raise_the_cli_message(cli, args, kwargs):
    x = finite_tensor((4, 64))
    source = cli.save("a.npy", x)
    flags = [f for spec in args[0] for f in ("--format", spec)]
    if "hadamard" in kwargs:
        flags += ["--hadamard", kwargs["hadamard"]]
    if "random_signs" in kwargs:
        flags += ["--random-signs", kwargs["random_signs"]]
    if "block_size" in kwargs:
        flags += ["--block-size", kwargs["block_size"]]
    expected = cli_error(cli, ["analyze", *flags, source])
    assert_cli_message(expected.replace(str(source), "array"), lambda: quantlab.analyze(x, *args, **kwargs))


def test_codes_out_of_range_are_refused():
    with pytest.raises(ValueError, match=r"codes\[3\] = 16 is out of range for 'int4' \(0...15\)"):
        quantlab.decode(np.array([0, 1, 2, 16], dtype=np.uint8), "int4")
    codes, scales, tensor_scale = quantlab.encode(finite_tensor((2, 32)), "nvfp4")
    with pytest.raises(ValueError, match=r"codes\[0\] = -1 is out of range"):
        quantlab.decode(np.full((2, 32), -1), "nf4")
    with pytest.raises(ValueError, match="expected integer codes"):
        quantlab.decode(codes.astype(np.float32), "nvfp4", scales, tensor_scale)
    with pytest.raises(ValueError, match="tensor scale"):
        quantlab.decode(codes, "nvfp4", scales)
    with pytest.raises(ValueError, match="1 scales given for 4 groups of 'nvfp4'"):
        quantlab.decode(codes, "nvfp4", scales[:1], tensor_scale)
    with pytest.raises(ValueError, match="has scales"):
        quantlab.decode(codes, "nvfp4")
    with pytest.raises(ValueError, match=r"scales\[0\] = 300 is out of range for 'scaled\(fp:e2m1, block=16, scale=fp:e3m3\)' \(0...127\)"):
        quantlab.decode(codes, "scaled(fp:e2m1, block=16, scale=fp:e3m3)", np.full(4, 300, np.uint16))


def test_wrong_output_arrays_are_refused():
    x = finite_tensor((4, 64))
    with pytest.raises(ValueError, match="float32 ndarray of shape"):
        quantlab.quantize(x, "int8", out=np.empty((4, 63), np.float32))
    with pytest.raises(ValueError, match="float32 ndarray of shape"):
        quantlab.quantize(x, "int8", out=np.empty((4, 64), np.float64))
    with pytest.raises(ValueError, match="C-contiguous"):
        quantlab.quantize(x, "int8", out=np.empty((64, 4), np.float32).T)
    y = x.astype(np.float64)
    with pytest.raises(ValueError, match="float32 ndarray of shape"):
        quantlab.quantize(y, "int8", out=y)
    with pytest.raises(ValueError, match="seed"):
        quantlab.quantize(x, "int8", seed=-1)
