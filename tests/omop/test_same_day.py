"""Two values of one measure on one date for one patient: as the CSV path treats them."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes import CohortDataError
from myopathy_outcomes.example import example_path
from tests.omop._same import differences, report_differences

pytest.importorskip("ibis", reason="the omop extra (ibis) is not installed")
duckdb = pytest.importorskip("duckdb", reason="the omop extra (duckdb) is not installed")
omop = pytest.importorskip("myopathy_outcomes.omop")

SECOND_CK = 100.0
"""Added to the first visit's CK to make its second value on the same date."""


@pytest.fixture(scope="module")
def csv_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's CSV files with a second row for the first visit, its CK different."""
    folder = tmp_path_factory.mktemp("csv") / "example"
    shutil.copytree(example_path(), folder)
    visits = pd.read_csv(folder / "visits.csv", dtype=str, keep_default_na=False)
    second = visits.iloc[[0]].copy()
    for column in second.columns.drop(["patient_id", "date", "ck"]):
        second[column] = ""
    second["ck"] = f"{float(visits['ck'].iloc[0]) + SECOND_CK:g}"
    pd.concat([visits, second]).to_csv(folder / "visits.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def cdm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as a DuckDB CDM with a second CK measurement on the first visit's date."""
    path = omop.write_omop(
        mo.load_example(), tmp_path_factory.mktemp("omop") / "cdm.duckdb", format="duckdb"
    )
    with duckdb.connect(str(path)) as con:
        con.execute(
            "INSERT INTO measurement SELECT * REPLACE ("
            "(SELECT max(measurement_id) + 1 FROM measurement) AS measurement_id, "
            f"value_as_number + {SECOND_CK} AS value_as_number) "
            "FROM measurement WHERE measurement_id = (SELECT min(measurement_id) "
            "FROM measurement WHERE measurement_source_value = 'ck' AND person_id = 1)"
        )
    return path


def test_both_paths_refuse_it_by_default(csv_folder: Path, cdm: Path) -> None:
    """Without on_error="exclude", the CSV files and the CDM are both refused."""
    with pytest.raises(CohortDataError, match="conflicts with row 2"):
        mo.load_cohort(csv_folder)
    with pytest.raises(omop.OmopError, match="ck on 2014-04-13 has two values, 1850 and 1950"):
        omop.load_omop(cdm)


def test_excluded_visits_equal_the_csv_paths(csv_folder: Path, cdm: Path) -> None:
    """With on_error="exclude", the visits left are those the CSV path leaves."""
    from_csv = mo.load_cohort(csv_folder, on_error="exclude")
    from_omop = omop.load_omop(cdm, on_error="exclude")
    assert len(from_csv.visits) == len(mo.load_example().visits) - 1
    assert differences(from_csv.visits, from_omop.visits, "visits") == []


def test_the_conflict_is_listed(cdm: Path) -> None:
    """The conflict is one excluded row naming the patient, measure, date and both values."""
    from_omop = omop.load_omop(cdm, on_error="exclude")
    assert [str(row) for row in from_omop.excluded] == [
        "measurement (patient SYN-01): ck on 2014-04-13 has two values, 1850 and 1950; the "
        "measurements of that date are left out"
    ]


def test_report_equals_the_csv_paths(csv_folder: Path, cdm: Path) -> None:
    """Every number of the report is the CSV path's; only the excluded rows are named apart."""
    from_csv = mo.analyze(mo.load_cohort(csv_folder, on_error="exclude"))
    from_omop = mo.analyze(omop.load_omop(cdm, on_error="exclude", synthetic=True))
    assert len(from_csv.excluded_rows) == 2  # both CSV rows; the OMOP path lists the conflict
    assert len(from_omop.excluded_rows) == 1
    assert (
        report_differences(
            dataclasses.replace(from_csv, excluded_rows=()),
            dataclasses.replace(from_omop, excluded_rows=()),
        )
        == []
    )
