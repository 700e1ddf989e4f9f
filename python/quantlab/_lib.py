"""Finding and loading libQuantLabC, and the ctypes declarations of its C ABI.

The declarations follow ``Sources/QuantLabC/quantlab.h`` one for one.

Where the library is looked for, in this order (the first that exists wins):

1. ``QUANTLAB_LIB``: the path of ``libQuantLabC.so`` (``.dylib`` on macOS) in the environment.
   When it is set, it is the only place looked at: a wrong path is an error, never a fall-back.
2. The package's own copy, placed beside this file by ``pip install ./python`` (copied from the
   repo's ``.build/release`` at install time).
3. The repo's ``.build/release``: the repo the package was installed from (recorded at install
   time in ``_build_info.py``), or, when the package is imported from the source tree without
   installing (``PYTHONPATH=python``), the repo around it.

The library links the Swift runtime of the toolchain that built it (its run path names the
toolchain's ``usr/lib/swift/linux``), so that toolchain must stay where it was installed.

ctypes releases the GIL for every call into a ``CDLL``: kernels run on all cores while other
Python threads go on.
"""
import ctypes
import os
import sys
from pathlib import Path

ABI_VERSION = 1
LIBRARY_NAME = "libQuantLabC.dylib" if sys.platform == "darwin" else "libQuantLabC.so"

OK, INVALID, FAILED = 0, 1, 2
ERROR_CAPACITY = 4096


class CodesLayout(ctypes.Structure):
    """``quantlab_codes_layout``: the arrays ``quantlab_encode`` writes for one shape."""
    _fields_ = [
        ("element_bits", ctypes.c_int64),
        ("code_bytes", ctypes.c_int64),
        ("scale_count", ctypes.c_int64),
        ("scale_bytes", ctypes.c_int64),
        ("zero_point_count", ctypes.c_int64),
        ("has_tensor_scale", ctypes.c_int64),
    ]


def candidates():
    """The places the library is looked for, in order, as (description, path)."""
    env = os.environ.get("QUANTLAB_LIB")
    if env:
        return [("QUANTLAB_LIB", Path(env))]
    here = Path(__file__).resolve().parent
    places = [("the package's own copy", here / LIBRARY_NAME)]
    roots = []
    try:
        from . import _build_info  # written by setup.py at install time
        roots.append(Path(_build_info.REPO_ROOT))
    except ImportError:
        pass
    if (here.parent.parent / "Package.swift").is_file():  # imported from python/quantlab/ in the repo
        roots.append(here.parent.parent)
    for root in dict.fromkeys(roots):
        places.append((f"the repo's .build/release ({root})", root / ".build" / "release" / LIBRARY_NAME))
    return places


def find_library():
    """The path of the library to load; ImportError naming every place tried when there is none."""
    tried = candidates()
    for _, path in tried:
        if path.is_file():
            return path
    lines = "\n".join(f"  {what}: {path}" for what, path in tried)
    raise ImportError(
        f"quantlab: cannot find {LIBRARY_NAME}; looked at\n{lines}\n"
        "Build it with `swift build -c release --product QuantLabC` in the QuantLab repo, then "
        "`pip install ./python` (or set QUANTLAB_LIB to its path).")


def load(path=None):
    """Loads the library and declares its functions; checks the ABI version."""
    path = Path(path) if path else find_library()
    try:
        lib = ctypes.CDLL(str(path))
    except OSError as error:
        raise ImportError(f"quantlab: cannot load {path}: {error}") from error
    declare(lib)
    version = lib.quantlab_abi_version()
    if version != ABI_VERSION:
        raise ImportError(f"quantlab: {path} has C ABI version {version}, this package needs {ABI_VERSION}; "
                          "rebuild the library and reinstall the package from the same checkout")
    lib.path = path
    return lib


def declare(lib):
    """argtypes and restype of every function in quantlab.h."""
    c_char_p, c_void_p, i32, i64, u64 = ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int32, ctypes.c_int64, ctypes.c_uint64
    f32p, i64p, size_t = ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_int64), ctypes.c_size_t
    out_text = ctypes.POINTER(c_void_p)  # char **: kept as void* so that quantlab_free gets the same pointer back
    err = [ctypes.c_char_p, size_t]
    signatures = {
        "quantlab_abi_version": (i32, []),
        "quantlab_free": (None, [c_void_p]),
        "quantlab_formats": (i32, [out_text] + err),
        "quantlab_describe": (i32, [c_char_p, out_text] + err),
        "quantlab_quantize": (i32, [c_void_p, c_void_p, i64p, i32, c_char_p, c_char_p, u64] + err),
        "quantlab_codes_layout_of": (i32, [c_char_p, i64p, i32, ctypes.POINTER(CodesLayout)] + err),
        "quantlab_encode": (i32, [c_void_p, i64p, i32, c_char_p, c_char_p, u64, c_void_p, c_void_p, f32p, c_void_p] + err),
        "quantlab_decode": (i32, [c_void_p, i32, c_void_p, i32, ctypes.c_float, c_void_p, i32, i64p, i32, c_char_p,
                                  c_void_p] + err),
        "quantlab_analyze": (i32, [c_void_p, i64p, i32, ctypes.POINTER(c_char_p), i32, c_char_p, i32, u64, c_char_p, u64,
                                   i64, i32, out_text] + err),
        "quantlab_hadamard": (i32, [c_void_p, c_void_p, i64p, i32, i64, i32, u64, i32] + err),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


class Library:
    """The loaded library and the two calling conventions every function shares."""

    def __init__(self, lib):
        self.lib = lib

    def call(self, name, *args):
        """Calls `name` with the error buffer appended; raises ValueError (bad input, the CLI's
        message) or OSError (failed work) on a non-zero status."""
        error = ctypes.create_string_buffer(ERROR_CAPACITY)
        status = getattr(self.lib, name)(*args, error, ERROR_CAPACITY)
        if status == OK:
            return
        message = error.value.decode("utf-8", "replace")
        if status == INVALID:
            raise ValueError(message)
        raise OSError(message)

    def call_text(self, name, *args):
        """Calls a function whose result is a library-allocated string; returns it as str."""
        text = ctypes.c_void_p()
        self.call(name, *args, ctypes.byref(text))
        try:
            return ctypes.string_at(text.value).decode("utf-8")
        finally:
            self.lib.quantlab_free(text)
