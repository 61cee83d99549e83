"""Measurements in another unit than the measure's: converted by their factor, or refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import myopathy_outcomes as mo
from tests.omop._same import differences

pytest.importorskip("ibis", reason="the omop extra (ibis) is not installed")
duckdb = pytest.importorskip("duckdb", reason="the omop extra (duckdb) is not installed")
omop = pytest.importorskip("myopathy_outcomes.omop")

MICROKATAL = 32995
"""``unit_concept_id`` of µkat/L; 1 µkat/L is 60 U/L."""
MG_PER_DL = 8840
"""``unit_concept_id`` of mg/dL, a unit no enzyme activity is given in."""


@pytest.fixture(scope="module")
def example() -> mo.Cohort:
    """The bundled example, read from its CSV files."""
    return mo.load_example()


def _cdm(example: mo.Cohort, folder: Path, update: str) -> Path:
    """The example as a DuckDB CDM, with ``update`` run on it (real SQL, in process)."""
    path = omop.write_omop(example, folder / "cdm.duckdb", format="duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute(update)
    return path


def _ck(cohort: mo.Cohort) -> np.ndarray:
    return np.array([np.nan if v.ck is None else v.ck for v in cohort.visits], dtype=float)


def test_ck_in_microkatal_is_converted_to_u_per_l(example: mo.Cohort, tmp_path: Path) -> None:
    """A CK recorded in µkat/L is read in U/L (times 60), as the CSV files give it."""
    cdm = _cdm(
        example,
        tmp_path,
        f"UPDATE measurement SET value_as_number = value_as_number / 60, "
        f"unit_concept_id = {MICROKATAL}, unit_source_value = 'ukat/L' "
        "WHERE measurement_source_value = 'ck'",
    )
    cohort = omop.load_omop(cdm, synthetic=True)
    expected, got = _ck(example), _ck(cohort)
    assert np.array_equal(np.isnan(expected), np.isnan(got))
    assert np.allclose(got, expected, rtol=1e-12, equal_nan=True)
    assert not np.allclose(got, expected / 60, equal_nan=True)


def test_unit_spelled_in_source_value_is_converted(example: mo.Cohort, tmp_path: Path) -> None:
    """With unit_concept_id 0, a unit_source_value spelling µkat/L is converted the same way."""
    cdm = _cdm(
        example,
        tmp_path,
        "UPDATE measurement SET value_as_number = value_as_number / 60, "
        "unit_concept_id = 0, unit_source_value = ' ukat/L ' "
        "WHERE measurement_source_value = 'ck'",
    )
    got = _ck(omop.load_omop(cdm, synthetic=True))
    assert np.allclose(got, _ck(example), rtol=1e-12, equal_nan=True)


def test_ck_in_unit_without_conversion_is_refused(example: mo.Cohort, tmp_path: Path) -> None:
    """A CK in mg/dL is refused in one line naming the measure, the unit and the count."""
    cdm = _cdm(
        example,
        tmp_path,
        f"UPDATE measurement SET unit_concept_id = {MG_PER_DL}, unit_source_value = 'mg/dL' "
        "WHERE measurement_id IN (SELECT min(measurement_id) FROM measurement "
        "WHERE measurement_source_value = 'ck')",
    )
    with pytest.raises(omop.OmopError) as raised:
        omop.load_omop(cdm, synthetic=True)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(
        f"measurement: 1 values of ck (measurement concept 3007220) are in unit concept "
        f"{MG_PER_DL} (mg/dl), which has no known conversion"
    )
    assert "[omop.measures.ck.units]" in message


def test_design_gives_the_missing_factor(example: mo.Cohort, tmp_path: Path) -> None:
    """With its factor given in the concept sets, the refused unit is read and converted."""
    cdm = _cdm(
        example,
        tmp_path,
        f"UPDATE measurement SET value_as_number = value_as_number / 2, "
        f"unit_concept_id = {MG_PER_DL} WHERE measurement_source_value = 'ck'",
    )
    concepts = omop.concepts_from_table({"measures": {"ck": {"units": {str(MG_PER_DL): 2.0}}}})
    cohort = omop.load_omop(cdm, concepts=concepts, synthetic=True)
    assert differences(example.visits, cohort.visits, "visits") == []
