"""Installs the quantlab package with its own copy of libQuantLabC.

`pip install ./python` (from the repo root, after `swift build -c release --product QuantLabC`)
copies the library into the installed package and records the repo's path in
`quantlab/_build_info.py`; `quantlab/_lib.py` says where the package looks for the library at run
time. QUANTLAB_LIB, when set at install time, names the library to copy instead of the repo's
.build/release one.
"""
import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LIBRARY = "libQuantLabC.dylib" if sys.platform == "darwin" else "libQuantLabC.so"


def built_library():
    """The library to ship: QUANTLAB_LIB, else the repo's release build; a clear error when missing."""
    env = os.environ.get("QUANTLAB_LIB")
    path = Path(env) if env else REPO / ".build" / "release" / LIBRARY
    if not path.is_file():
        origin = "QUANTLAB_LIB" if env else "the release build"
        sys.exit(f"quantlab: {origin} {path} does not exist; run `swift build -c release --product QuantLabC` "
                 f"in {REPO} first (or set QUANTLAB_LIB to a built {LIBRARY})")
    return path


class BuildWithLibrary(build_py):
    """build_py that also places the library and the repo's path in the package."""

    def run(self):
        super().run()
        package = Path(self.build_lib) / "quantlab"
        package.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built_library(), package / LIBRARY)
        (package / "_build_info.py").write_text(f'"""Written by setup.py at install time."""\nREPO_ROOT = {str(REPO)!r}\n')


class BinaryDistribution(Distribution):
    """The wheel holds a compiled library: tag it for this platform, not as pure Python."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=BinaryDistribution)
