"""quantize, encode and decode give bit for bit what the CLI writes (quantize, quantize --codes,
dequantize), on every named format and on parametric and optioned specs; where the CLI refuses an
input, Python raises ValueError with the same message."""
import numpy as np
import pytest

import quantlab
from conftest import assert_cli_message, bits, finite_tensor, mixed_tensor

PARAMETRIC = [
    "fp:e3m2", "fp:e5m2:fnuz", "fp:e4m3:b9:fn:sat", "int:3:sym", "uint:6", "int:12", "bipolar:4", "power:4:0.5",
    "codebook:-1,0,0.5,2", "float8_e4m3fn:sat", "int4/g128", "int8/ch0", "int8/tensor", "uint4/g64/asym",
    "mxfp4(rule=ceil)", "mxfp4(rule=rceil)", "mxfp8_e4m3(rule=even)", "mxint8(sym)", "nvfp4(levels=1)",
    "mxfp4(clip=mse)", "mxfp4(block=16)", "scaled(int4, block=32, scale=float8_e4m3fn)",
]
ALL_FORMATS = quantlab.formats() + PARAMETRIC
MODES = ["nearest-even", "nearest-away", "toward-zero", "toward-positive", "toward-negative", "stochastic"]


def test_every_named_format_is_covered():
    names = quantlab.formats()
    assert len(names) == len(set(names)) >= 29
    assert {"mxfp4", "nvfp4", "float8_e4m3fn", "bfloat16", "nf4"} <= set(names)


def cli_quantize(cli, x, spec, rounding="nearest-even", seed=0):
    source = cli.save("x.npy", x)
    code, _, error = cli.run("quantize", "--format", spec, "--rounding", rounding, "--seed", seed, source, "-o", "y.npy")
    return (None, error) if code else (np.load(cli.folder / "y.npy"), None)


def assert_same_as_cli(cli, x, spec, rounding="nearest-even", seed=0):
    expected, error = cli_quantize(cli, x, spec, rounding, seed)
    if error is not None:
        return assert_cli_message(error, lambda: quantlab.quantize(x, spec, rounding=rounding, seed=seed))
    got = quantlab.quantize(x, spec, rounding=rounding, seed=seed)
    assert got.dtype == np.float32 and got.shape == expected.shape
    assert np.array_equal(bits(got), bits(expected)), f"{spec} {rounding}: {np.count_nonzero(bits(got) != bits(expected))} elements differ"


@pytest.mark.parametrize("spec", ALL_FORMATS)
def test_quantize_equals_cli(cli, spec):
    assert_same_as_cli(cli, mixed_tensor((6, 256), seed=1), spec)
    assert_same_as_cli(cli, finite_tensor((2, 3, 128), seed=2), spec, rounding="stochastic", seed=11)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("spec", ["float8_e4m3fn", "float4_e2m1fn", "bfloat16", "int4", "nf4", "mxfp4", "mxint8", "nvfp4", "int4/g128"])
def test_every_rounding_mode_equals_cli(cli, spec, mode):
    assert_same_as_cli(cli, finite_tensor((4, 384), seed=3), spec, rounding=mode, seed=5)


def test_partial_blocks_and_odd_shapes_equal_cli(cli):
    for shape in [(3, 40), (1000,), (5, 2, 7, 48)]:
        for spec in ["mxfp4", "nvfp4", "mxint8", "int8/ch0", "uint4/g64/asym" if shape[-1] >= 64 else "uint4/g16/asym"]:
            assert_same_as_cli(cli, finite_tensor(shape, seed=4), spec)


def cli_codes(cli, x, spec, rounding, seed):
    for stale in cli.folder.glob("c.*"):
        stale.unlink()
    source = cli.save("x.npy", x)
    code, _, error = cli.run("quantize", "--codes", "--format", spec, "--rounding", rounding, "--seed", seed, source, "-o", "c.npy")
    if code:
        return None, error
    files = {"codes": np.load(cli.folder / "c.npy")}
    for part in ["scales", "tensor_scale", "zero_points"]:
        path = cli.folder / f"c.{part}.npy"
        if path.exists():
            files[part] = np.load(path)
    return files, None


@pytest.mark.parametrize("spec", ALL_FORMATS)
def test_encode_and_decode_equal_cli(cli, spec):
    x = mixed_tensor((6, 256), seed=6)
    rounding, seed = ("stochastic", 3) if spec in ("mxfp4", "int4", "nvfp4") else ("nearest-even", 0)
    expected, error = cli_codes(cli, x, spec, rounding, seed)
    if error is not None:
        return assert_cli_message(error, lambda: quantlab.encode(x, spec, rounding=rounding, seed=seed))
    encoded = quantlab.encode(x, spec, rounding=rounding, seed=seed)
    codes, scales, tensor_scale = encoded[:3]
    assert codes.dtype == expected["codes"].dtype and np.array_equal(codes, expected["codes"])
    if "scales" not in expected:
        assert scales is None and tensor_scale is None and len(encoded) == 3
        decoded = quantlab.decode(codes, spec)
    else:
        assert scales.dtype == expected["scales"].dtype and scales.shape == expected["scales"].shape
        assert np.array_equal(scales.view(np.uint8 if scales.dtype == np.uint8 else np.uint32),
                              expected["scales"].view(np.uint8 if scales.dtype == np.uint8 else np.uint32))
        assert np.float32(tensor_scale).view(np.uint32) == expected["tensor_scale"].view(np.uint32)[0]
        if "zero_points" in expected:
            assert len(encoded) == 4 and np.array_equal(encoded[3], expected["zero_points"])
        else:
            assert len(encoded) == 3
        decoded = quantlab.decode(codes, spec, scales, tensor_scale, *encoded[3:])
    # The CLI's dequantize of its own codes, Python's decode of Python's codes and quantize agree.
    code, _, error = cli.run("dequantize", "--format", spec, "c.npy", "-o", "d.npy")
    assert code == 0, error
    assert np.array_equal(bits(decoded), bits(np.load(cli.folder / "d.npy")))
    assert np.array_equal(bits(decoded), bits(quantlab.quantize(x, spec, rounding=rounding, seed=seed)))
