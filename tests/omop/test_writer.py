"""The OMOP writer is deterministic: the same cohort gives the same files, ids included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import myopathy_outcomes as mo

pytest.importorskip("ibis", reason="the omop extra (ibis) is not installed")
omop = pytest.importorskip("myopathy_outcomes.omop")

WRITE = (
    "import sys, myopathy_outcomes as mo; from myopathy_outcomes import omop; "
    "omop.write_omop(mo.load_example(), sys.argv[1], format=sys.argv[2])"
)
"""Writes the example as OMOP in a fresh interpreter (its own hash seed)."""


def _write_elsewhere(target: Path, format: str, hash_seed: str) -> None:
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-c", WRITE, str(target), format], check=True, env=environment)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("format", ["csv", "parquet"])
def test_writing_twice_gives_the_same_bytes(format: str, tmp_path: Path) -> None:
    """Every file, measurement_id included, is byte for byte the same in other interpreters.

    Hash seeds 1 and 2 order a set of the measures' names differently, which
    once numbered a person-date's measurements differently.
    """
    here = omop.write_omop(mo.load_example(), tmp_path / "here", format=format)
    written = _files(here)
    assert "measurement." + format in written
    for seed in ("1", "2"):
        _write_elsewhere(tmp_path / seed, format, hash_seed=seed)
        assert written == _files(tmp_path / seed)


def test_measurement_ids_count_up_by_person_and_date(tmp_path: Path) -> None:
    """measurement_id is 1, 2, ... in the order of person_id and measurement_date."""
    folder = omop.write_omop(mo.load_example(), tmp_path, format="parquet")
    measurement = pd.read_parquet(folder / "measurement.parquet")
    ids = measurement["measurement_id"].to_numpy()
    assert np.array_equal(ids, np.arange(1, len(measurement) + 1))
    ordered = measurement.sort_values(["person_id", "measurement_date"], kind="stable")
    assert np.array_equal(ordered["measurement_id"].to_numpy(), ids)
