"""QuantLab from Python: fake quantization, codes and error metrics of low-bit number formats
(INT, minifloats, OCP MX, NVFP4, ...), computed by QuantLab's Swift library on numpy arrays.

    import numpy as np, quantlab
    x = np.random.default_rng(0).standard_normal((64, 4096), dtype=np.float32)
    y = quantlab.quantize(x, "mxfp4")                      # float32, same shape, bit for bit the CLI's
    print(quantlab.analyze(x, ["mxint8", "mxfp8_e4m3"], hadamard=32)["mxint8"]["qsnr_db"])

Format specs, rounding modes and every message are those of the ``quantlab`` CLI (``quantlab
formats`` lists the specs). Inputs may be float16, float32, float64, ml_dtypes bfloat16 (and the
integer and bool dtypes the CLI reads), of any shape; they are read in C order with blocks along
the last axis. A float32, C-contiguous, aligned array is used as it is (no copy); anything else
(another dtype, a non-contiguous view, Fortran order) is converted to such an array once. Kernels
run on all cores with the GIL released, so other Python threads go on meanwhile. Bad input raises
ValueError with the CLI's message.

Where the compiled library is found: see ``quantlab._lib`` (QUANTLAB_LIB, else the package's own
copy, else the repo's .build/release).
"""
import ctypes
import json

import numpy as np

from . import _arrays, _lib

__all__ = ["quantize", "encode", "decode", "analyze", "hadamard", "formats", "describe", "library_path"]

_library = _lib.Library(_lib.load())


def library_path():
    """The path of the libQuantLabC that was loaded."""
    return _library.lib.path


def formats():
    """Every named format: the element formats, then the scaled ones (as `quantlab formats` lists them)."""
    listing = json.loads(_library.call_text("quantlab_formats"))
    return listing["element"] + listing["scaled"]


def describe(format):
    """The facts of any format spec as a dict: name, kind ("element" or "scaled"),
    bits_per_element, family, element facts (bits, max_finite, min_normal, min_positive, specials,
    definition, ...), values (every code's value, by code, for formats up to 12 bits) and, for
    scaled formats, granularity, block_size or channel_axis, scale, scale_bits, tensor_scale,
    asymmetric."""
    return _numbers(json.loads(_library.call_text("quantlab_describe", _arrays.text(format, "format"))))


def quantize(x, format, rounding="nearest-even", seed=0, out=None):
    """dequantize(quantize(x)) in `format`: a float32 array of x's shape, bit for bit what
    `quantlab quantize --format FORMAT --rounding ROUNDING --seed SEED` writes.

    rounding: nearest-even (default), nearest-away, toward-zero, toward-positive, toward-negative,
    stochastic (seeded by `seed`: the same seed gives the same bits on any machine and thread count).
    out: a float32 C-contiguous array of x's shape to write into; `out=x` quantizes a float32
    C-contiguous x in place (on an error, `out` may then hold part of the result). x is converted
    to float32 C order once when it is not already (see the module docstring)."""
    source = _arrays.float32_input(x, "array")
    target = _arrays.float32_output(out, source.shape)
    dims, ndim = _arrays.shape_argument(source.shape)
    _library.call("quantlab_quantize", _arrays.pointer(source), _arrays.pointer(target), dims, ndim,
                  _arrays.text(format, "format"), _arrays.text(rounding, "rounding"), _seed(seed))
    return target


def encode(x, format, rounding="nearest-even", seed=0):
    """The codes of x in `format`, as `quantlab quantize --codes` writes them:
    (codes, scales, tensor_scale) for a scaled format, with codes of x's shape (uint8, or uint16 for
    formats over 8 bits), scales one code per group (uint8 for E8M0 scales, e + 127, and 8-bit
    minifloat scales; float32 for FP32 scales), groups in C order of their first element, and
    tensor_scale a float32 scalar (1 without a second level); asymmetric formats (uint4/g64/asym)
    add a fourth item, the uint16 zero points. For an element format: (codes, None, None).
    `decode` gives back exactly what `quantize` gives."""
    source = _arrays.float32_input(x, "array")
    spec = _arrays.text(format, "format")
    layout = _layout(spec, source.shape)
    dims, ndim = _arrays.shape_argument(source.shape)
    codes = np.empty(source.shape, dtype=np.uint8 if layout.code_bytes == 1 else np.uint16)
    scaled = layout.scale_bytes > 0
    scales = np.empty(layout.scale_count, dtype=np.uint8 if layout.scale_bytes == 1 else np.float32) if scaled else None
    zero_points = np.empty(layout.zero_point_count, dtype=np.uint16) if layout.zero_point_count else None
    tensor_scale = ctypes.c_float(1)
    _library.call("quantlab_encode", _arrays.pointer(source), dims, ndim, spec, _arrays.text(rounding, "rounding"), _seed(seed),
                  _arrays.pointer(codes), _arrays.pointer(scales), ctypes.byref(tensor_scale), _arrays.pointer(zero_points))
    if not scaled:
        return codes, None, None
    result = (codes, scales, np.float32(tensor_scale.value))
    return result + (zero_points,) if zero_points is not None else result


def decode(codes, format, scales=None, tensor_scale=None, zero_points=None):
    """float32 values of `codes` (and, for a scaled format, its `scales`, `tensor_scale` and
    `zero_points`) in the layout `encode` returns, as `quantlab dequantize` reads them: bit for bit
    what `quantize` gives. Codes and scale codes may be any unsigned integer dtype; values out of
    the format's range raise ValueError. tensor_scale is needed by two-level formats (nvfp4) and
    defaults to 1 otherwise."""
    spec = _arrays.text(format, "format")
    codes, code_bytes = _arrays.unsigned_codes(codes, "codes")
    layout = _layout(spec, codes.shape)
    scale_array, scale_bytes = None, 1
    if layout.scale_bytes:
        if scales is None:
            raise ValueError(f"format '{format}' has scales: pass the scales that encode returned")
        scale_array = np.asarray(scales)
        if layout.scale_bytes == 4:
            scale_array = np.require(scale_array, dtype=np.float32, requirements=["C_CONTIGUOUS", "ALIGNED"]).view(np.uint32)
            scale_bytes = 4
        else:
            scale_array, scale_bytes = _arrays.unsigned_codes(scale_array, "scales")
        if scale_array.size != layout.scale_count:
            raise ValueError(f"{scale_array.size} scales given for {layout.scale_count} groups of '{format}'")
    if layout.has_tensor_scale and tensor_scale is None:
        raise ValueError(f"format '{format}' has a second-level tensor scale: pass the tensor_scale that encode returned")
    zero_array, zero_bytes = None, 2
    if layout.zero_point_count:
        if zero_points is None:
            raise ValueError(f"format '{format}' is asymmetric: pass the zero_points that encode returned")
        zero_array, zero_bytes = _arrays.unsigned_codes(zero_points, "zero_points")
        if zero_array.size != layout.zero_point_count:
            raise ValueError(f"{zero_array.size} zero points given for {layout.zero_point_count} groups of '{format}'")
    output = np.empty(codes.shape, dtype=np.float32)
    dims, ndim = _arrays.shape_argument(codes.shape)
    _library.call("quantlab_decode", _arrays.pointer(codes), code_bytes, _arrays.pointer(scale_array), scale_bytes,
                  float(np.float32(1 if tensor_scale is None else tensor_scale)), _arrays.pointer(zero_array), zero_bytes,
                  dims, ndim, spec, _arrays.pointer(output))
    return output


def analyze(x, formats, hadamard=None, random_signs=None, rounding="nearest-even", seed=0, block_size=32,
            allow_nonfinite=False, details=False):
    """Every metric of `quantlab analyze` for each format on x: {format: {metric: value}} with the
    metrics in the CLI's CSV column order (qsnr_db, mse, kernel_share, saturated_share,
    block_crest, ...; None where undefined), the same numbers as `quantlab analyze --format F ...
    X.npy --output FILE.csv`.

    hadamard: None, a power-of-two block size K, or "full" (whole rows); random_signs: the seed of
    random sign flips. NaN or infinite values raise ValueError unless allow_nonfinite, which
    replaces them by 0. details=True returns {format: cell} with the full error reports
    ("original", "rotated"), the transform, rounding and bits per element as well.
    x is written once to a temporary .npy (TMPDIR/quantlab-analyze-UID/array.npy, owner-only) that
    the CLI's analysis reads, then removed; its fixed path keeps stochastic rounding reproducible
    (the CLI seeds it from the data's path too), so analyze calls take turns on it."""
    specs = [formats] if isinstance(formats, str) else list(formats)
    source = _arrays.float32_input(x, "array")
    names = (ctypes.c_char_p * max(len(specs), 1))(*[_arrays.text(f, "format") for f in specs])
    dims, ndim = _arrays.shape_argument(source.shape)
    rotation = None if hadamard is None else _arrays.text(str(hadamard), "hadamard")
    text = _library.call_text("quantlab_analyze", _arrays.pointer(source), dims, ndim, names, len(specs), rotation,
                              int(random_signs is not None), _seed(random_signs or 0), _arrays.text(rounding, "rounding"),
                              _seed(seed), int(block_size), int(bool(allow_nonfinite)))
    cells = _numbers(json.loads(text))["cells"]
    result = {}
    for cell in cells:
        order = cell.pop("metric_order")
        cell["metrics"] = {key: None if cell["metrics"][key] is None else float(cell["metrics"][key]) for key in order}
        result[cell["format"]] = cell if details else cell["metrics"]
    return result


def hadamard(x, block=None, signs_seed=None, inverse=False, out=None):
    """The orthonormal Walsh-Hadamard rotation of x along its last axis (as `quantlab analyze
    --hadamard` applies it): whole rows (a power-of-two row length) when block is None, else
    blocks of `block` (a power of two dividing the row length); random sign flips seeded by
    signs_seed; inverse=True undoes the rotation. Returns float32 (out=x rotates a float32
    C-contiguous x in place)."""
    source = _arrays.float32_input(x, "array")
    target = _arrays.float32_output(out, source.shape)
    dims, ndim = _arrays.shape_argument(source.shape)
    _library.call("quantlab_hadamard", _arrays.pointer(source), _arrays.pointer(target), dims, ndim,
                  0 if block is None else int(block), int(signs_seed is not None), _seed(signs_seed or 0), int(bool(inverse)))
    return target


def _layout(spec, shape):
    layout = _lib.CodesLayout()
    dims, ndim = _arrays.shape_argument(shape)
    _library.call("quantlab_codes_layout_of", spec, dims, ndim, ctypes.byref(layout))
    return layout


def _seed(seed):
    seed = int(seed)
    if not 0 <= seed < 1 << 64:
        raise ValueError(f"seed {seed} is out of range (0 ... 2^64 - 1)")
    return seed


_NONFINITE = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


def _numbers(value):
    """JSON from the library with the strings "NaN", "Infinity", "-Infinity" turned back into floats."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if isinstance(value, str):
        return _NONFINITE.get(value, value)
    return value
