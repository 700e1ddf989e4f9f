"""Shared fixtures: the `quantlab` CLI the results are compared with, and the test tensors.

The CLI is QUANTLAB_CLI when set, else the repo's .build/release/quantlab, else .build/debug/quantlab
(CI builds the debug one with the Swift tests). Without any, the comparisons fail, naming the paths.
"""
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


def cli_path():
    env = os.environ.get("QUANTLAB_CLI")
    places = [Path(env)] if env else [REPO / ".build" / "release" / "quantlab", REPO / ".build" / "debug" / "quantlab"]
    for path in places:
        if path.is_file():
            return path
    pytest.fail("no quantlab CLI to compare with; looked at " + ", ".join(map(str, places))
                + " (build it with `swift build --product quantlab`, or set QUANTLAB_CLI)")


class CLI:
    """Runs `quantlab` in a temporary folder."""

    def __init__(self, path, folder):
        self.path, self.folder = path, folder

    def run(self, *args):
        """(returncode, stdout, the message of a `quantlab: error: MESSAGE` line or None)."""
        done = subprocess.run([str(self.path), *map(str, args)], cwd=self.folder, capture_output=True, text=True)
        errors = [line[len("quantlab: error: "):] for line in done.stderr.splitlines() if line.startswith("quantlab: error: ")]
        if done.returncode != 0:
            assert len(errors) == 1, f"CLI {args} exited {done.returncode} without one error line: {done.stderr!r}"
        return done.returncode, done.stdout, errors[0] if errors else None

    def save(self, name, array):
        path = self.folder / name
        np.save(path, array)
        return path


@pytest.fixture(scope="session")
def cli(tmp_path_factory):
    return CLI(cli_path(), tmp_path_factory.mktemp("cli"))


def assert_cli_message(expected, call):
    """`call()` raises ValueError with the CLI's message `expected`, word for word."""
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == expected


def mixed_tensor(shape, seed=0):
    """float32 values over many binades, with zeros of both signs, subnormals, a few outliers,
    Inf and NaN in the last row (the edge cases every format defines)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(np.float32)
    x *= (2.0 ** rng.integers(-12, 12, size=shape)).astype(np.float32)
    flat = x.reshape(-1)
    specials = np.array([0.0, -0.0, 1e-40, -1e-42, 3.0e38, -448.0, 464.0, 6.0, 0.25, np.inf, -np.inf, np.nan], dtype=np.float32)
    flat[-len(specials):] = specials
    return x


def finite_tensor(shape, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * np.exp(rng.standard_normal(shape))).astype(np.float32)


def bits(array):
    """The bit patterns of a float32 array (NaN payloads and signed zeros included)."""
    return np.ascontiguousarray(array, dtype=np.float32).view(np.uint32)
