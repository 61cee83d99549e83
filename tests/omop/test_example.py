"""The bundled example written as an OMOP CDM and read back gives the CSV path's report."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import myopathy_outcomes as mo
from tests.omop._same import differences, report_differences

pytest.importorskip("ibis", reason="the omop extra (ibis) is not installed")
omop = pytest.importorskip("myopathy_outcomes.omop")


@pytest.fixture(scope="module")
def example() -> mo.Cohort:
    """The bundled example, read from its CSV files."""
    return mo.load_example()


@pytest.fixture(scope="module")
def csv_report(example: mo.Cohort) -> mo.StudyReport:
    """The report of the CSV path."""
    return mo.analyze(example)


@pytest.mark.parametrize("format", ["csv", "parquet", "duckdb"])
def test_example_as_omop_gives_the_csv_report(
    format: str, example: mo.Cohort, csv_report: mo.StudyReport, tmp_path: Path
) -> None:
    """Every number, table and method of the report equals the CSV path's, in each format."""
    target = tmp_path / ("cdm.duckdb" if format == "duckdb" else "cdm")
    written = omop.write_omop(example, target, format=format)
    cohort = omop.load_omop(written, synthetic=True)
    assert report_differences(csv_report, mo.analyze(cohort)) == []


def test_example_as_omop_gives_the_same_records(example: mo.Cohort, tmp_path: Path) -> None:
    """Patients, regimens and visits read from OMOP equal those read from the CSV files."""
    cohort = omop.load_omop(omop.write_omop(example, tmp_path), synthetic=True)
    assert differences(example.patients, cohort.patients, "patients") == []
    assert differences(example.regimens, cohort.regimens, "regimens") == []
    assert differences(example.visits, cohort.visits, "visits") == []


def test_report_names_the_drug_exposure_table(example: mo.Cohort, tmp_path: Path) -> None:
    """The assignment table's row references name drug_exposure, not regimens.csv."""
    cohort = omop.load_omop(omop.write_omop(example, tmp_path), synthetic=True)
    assert "drug_exposure rows" in mo.analyze(cohort).assignment_table().columns


def test_a_different_report_is_noticed(example: mo.Cohort, csv_report: mo.StudyReport) -> None:
    """The comparison is not blind: one patient fewer changes the report."""
    smaller = mo.analyze(dataclasses.replace(example, patients=example.patients[1:]))
    assert report_differences(csv_report, smaller) != []


def test_source_values_are_trimmed_of_white_space_only(example: mo.Cohort, tmp_path: Path) -> None:
    """Tabs and spaces around a source value are trimmed; its letters (f, v) are kept."""
    import pandas as pd  # noqa: PLC0415

    folder = omop.write_omop(example, tmp_path, format="parquet")
    measurement = pd.read_parquet(folder / "measurement.parquet")
    source = measurement["measurement_source_value"]
    measurement["measurement_source_value"] = "\t " + source.astype(str) + " \n"
    measurement.to_parquet(folder / "measurement.parquet", index=False)
    cohort = omop.load_omop(folder, synthetic=True)
    assert differences(example.visits, cohort.visits, "visits") == []
