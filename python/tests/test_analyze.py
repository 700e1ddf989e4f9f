"""analyze gives the numbers `quantlab analyze --output FILE.csv` gives for the same tensor, every
metric, bit for bit (the CSV holds each number in its shortest round-trip form). With stochastic
rounding the draws depend on the data's path too (the sweep's cell key names it), so that case is
compared with the CLI reading the file where analyze puts it, TMPDIR/quantlab-analyze-UID/array.npy."""
import csv
import math
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

import quantlab
from conftest import finite_tensor


def analyze_path():
    return Path(tempfile.gettempdir()) / f"quantlab-analyze-{os.geteuid()}" / "array.npy"


def cli_metrics(cli, x, formats, extra=(), source=None):
    if source is None:
        source = cli.save("t.npy", x)
    else:
        source.parent.mkdir(mode=0o700, exist_ok=True)
        np.save(source, x)
    flags = [f for spec in formats for f in ("--format", spec)]
    code, _, error = cli.run("analyze", *flags, *extra, source, "--output", "t.csv")
    assert code == 0, error
    with open(cli.folder / "t.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    metrics = [key for key in rows[0] if key not in ("index", "data", "source", "transform", "format", "family", "rounding", "tensor", "aggregate", "tensors")]
    return {row["format"]: {m: (float(row[m]) if row[m] else None) for m in metrics} for row in rows}


def same(a, b):
    if a is None or b is None:
        return a is b
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize("options,extra", [
    ({}, []),
    ({"hadamard": 32}, ["--hadamard", "32"]),
    ({"hadamard": "full", "random_signs": 4, "rounding": "stochastic", "seed": 9, "block_size": 16},
     ["--hadamard", "full", "--random-signs", "4", "--rounding", "stochastic", "--seed", "9", "--block-size", "16"]),
])
def test_analyze_equals_cli(cli, options, extra):
    x = finite_tensor((32, 256), seed=12)
    x[3, :8] *= 40  # a few outliers, so saturation and kernel shares are not all zero
    formats = ["mxint8", "mxfp8_e4m3", "mxfp4", "nvfp4", "int4/g128", "float8_e4m3fn", "int8/ch0"]
    stochastic = options.get("rounding") == "stochastic"
    try:
        expected = cli_metrics(cli, x, formats, extra, source=analyze_path() if stochastic else None)
    finally:
        if stochastic:
            analyze_path().unlink()
    got = quantlab.analyze(x, formats, **options)
    assert got == quantlab.analyze(x, formats, **options)  # reproducible, stochastic rounding included
    assert list(got) == formats
    for spec in formats:
        assert list(got[spec]) == list(expected[spec])
        for metric, value in expected[spec].items():
            assert same(got[spec][metric], value), (spec, metric, got[spec][metric], value)


def test_analyze_of_other_dtypes_reads_the_converted_array(cli):
    x = finite_tensor((8, 64), seed=13)
    assert quantlab.analyze(x.astype(np.float64), ["mxfp4"]) == quantlab.analyze(x, ["mxfp4"])
