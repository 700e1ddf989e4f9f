"""numpy arrays to and from the C ABI: dtype checks, the single conversion, shapes and pointers."""
import ctypes

import numpy as np

# The dtypes the CLI's .npy reader accepts (Sources/Tensors/NPYFile.swift), by numpy kind and size,
# plus ml_dtypes' bfloat16; every one converts to float32 exactly as the CLI converts it.
ACCEPTED = {("f", 2), ("f", 4), ("f", 8), ("i", 1), ("i", 2), ("i", 4), ("u", 1), ("u", 2), ("b", 1)}
ACCEPTED_TEXT = "<f2, <f4, <f8, <i2, <i4, <u2, |b1, |i1, |u1, bfloat16 (ml_dtypes)"


def float32_input(x, name="array"):
    """`x` as a C-order, aligned float32 ndarray: the array itself when it already is one, else one
    converted copy (other dtypes, non-contiguous views, Fortran order, big-endian)."""
    array = np.asarray(x)
    dtype = array.dtype
    if dtype.name != "bfloat16" and (dtype.kind, dtype.itemsize) not in ACCEPTED:
        raise ValueError(f"{name}: unsupported dtype '{dtype.str}' (accepted: {ACCEPTED_TEXT})")
    with np.errstate(over="ignore", invalid="ignore"):  # float64 beyond float32's range becomes +-inf, as in the CLI
        return np.require(array, dtype=np.float32, requirements=["C_CONTIGUOUS", "ALIGNED"])


def float32_output(out, shape, name="out"):
    """A new float32 array of `shape`, or `out` checked to be one the library can write."""
    if out is None:
        return np.empty(shape, dtype=np.float32)
    if not isinstance(out, np.ndarray) or out.dtype != np.float32 or out.shape != tuple(shape):
        raise ValueError(f"{name} must be a float32 ndarray of shape {tuple(shape)}")
    if not (out.flags.c_contiguous and out.flags.aligned and out.flags.writeable):
        raise ValueError(f"{name} must be C-contiguous, aligned and writeable")
    return out


def unsigned_codes(values, name):
    """Integer codes as a C-order uint8/uint16/uint32 array the library reads as they are (other
    integer dtypes are converted once after a range check); returns (array, bytes per element)."""
    array = np.asarray(values)
    if array.dtype.kind not in "ui" and array.dtype != np.bool_:
        raise ValueError(f"{name}: expected integer codes, got dtype '{array.dtype.str}'")
    if array.dtype not in (np.uint8, np.uint16, np.uint32):
        if array.size and (array.min() < 0 or array.max() > 0xFFFF_FFFF):
            bad = int(np.flatnonzero((array < 0) | (array > 0xFFFF_FFFF))[0])
            raise ValueError(f"{name}[{bad}] = {array.reshape(-1)[bad]} is out of range (codes are unsigned)")
        array = array.astype(np.uint32)
    array = np.require(array, requirements=["C_CONTIGUOUS", "ALIGNED"])
    return array, array.dtype.itemsize


def shape_argument(shape):
    """The shape as a ctypes int64 array and its ndim."""
    dims = (ctypes.c_int64 * max(len(shape), 1))(*shape)
    return dims, len(shape)


def pointer(array):
    """The address of an ndarray's first element (None for no array)."""
    return None if array is None else array.ctypes.data


def text(value, name):
    """A str argument as NUL-terminated UTF-8 bytes."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str, got {type(value).__name__}")
    if "\0" in value:
        raise ValueError(f"{name} {value!r} holds a NUL character")
    return value.encode("utf-8")
