"""Validation by columns gives the models' own verdict, row by row, and keeps visits as columns."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from myopathy_outcomes.analysis import analyze
from myopathy_outcomes.io import cohort_from_frames, load_cohort
from myopathy_outcomes.io.cells import check_cells, rule_key
from myopathy_outcomes.models import Patient, Regimen, Visit
from myopathy_outcomes.rules.groups import assign_groups, with_rows
from myopathy_outcomes.storage import RegimenRows, RegimenTable, VisitRows
from myopathy_outcomes.studies import HANAOKA_2019
from tests._cohort_files import PATIENTS, REGIMENS, VISITS, write_cohort

MISSING = {"", "NA"}
IDS = ("P01", "P02", "P03")
DATES = ("2015-03-01", "2015-3-1", "2015-09-01", "1900-01-01", "2015-13-01", "2099-01-01", "")
NUMBERS = ("1200", "71.5", "75", "-3", "1e308", "abc", "", "NA", "0", "200", "200.5")


def _cell(text: str) -> str | None:
    return None if text in MISSING else text


@st.composite
def visit_lines(draw: st.DrawFn) -> list[str]:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(IDS),
                st.sampled_from(DATES),
                *(st.sampled_from(NUMBERS) for _ in range(5)),
            ),
            min_size=1,
            max_size=12,
        )
    )
    return [",".join(row) for row in rows]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=visit_lines())
def test_kept_visits_are_the_rows_the_model_accepts(tmp_path: Path, lines: list[str]) -> None:
    """Every kept visit equals the model of its row; every row the model refuses is excluded."""
    folder = write_cohort(tmp_path, visits=lines)
    cohort = load_cohort(folder, on_error="exclude")
    excluded = {row.row: row.reason for row in cohort.excluded if row.file == "visits.csv"}
    header = ("patient_id", "date", "ck", "fvc_pct", "dlco_pct", "psl_mg", "hrct_score")
    kept = []
    for number, line in enumerate(lines, start=2):
        cells = {k: _cell(v) for k, v in zip(header, line.split(","), strict=True)}
        try:
            model = Visit.model_validate(cells)
        except ValidationError:
            assert number in excluded
            continue
        if number not in excluded:
            kept.append(model)
    assert isinstance(cohort.visits, VisitRows)
    assert list(cohort.visits) == kept


def test_a_visit_without_a_date_does_not_disturb_the_other_visits(tmp_path: Path) -> None:
    """A missing cell has no code of its own: the kept visits keep their patients and days."""
    visits = ("P01,,1200,71.5,60,40,12", *VISITS)
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert [(v.patient_id, v.date.isoformat()) for v in cohort.visits] == [
        ("P01", "2015-03-01"),
        ("P01", "2015-09-01"),
        ("P02", "2016-01-10"),
        ("P03", "2020-02-01"),
    ]


def test_visits_are_columns_and_build_equal_models(tmp_path: Path) -> None:
    cohort = load_cohort(write_cohort(tmp_path))
    visits = cohort.visits
    assert isinstance(visits, VisitRows)
    expected = Visit(
        patient_id="P02", date="2016-01-10", ck=5400, fvc_pct=55.5, psl_mg=60, hrct_score=30
    )
    assert visits[2] == expected
    assert visits[-2] == expected
    assert visits[1:3] == (visits[1], expected)
    assert visits == tuple(visits)
    with pytest.raises(IndexError, match="out of range"):
        visits[4]


def test_records_built_from_valid_values_equal_validated_models() -> None:
    regimen = Regimen(
        patient_id="P01", drug="Neoral", start_date="2015-03-01", dose=150, dose_unit="mg/day"
    )
    patient = Patient(patient_id="P01", sex="F", birth_date="1960-04-02", diagnosis="DM", ild=True)
    for record in (regimen, patient):
        rebuilt = type(record).from_valid(dict(record))
        assert rebuilt == record
        assert hash(rebuilt) == hash(record)
        assert repr(rebuilt) == repr(record)


def test_row_rules_run_on_validated_values_as_in_the_model() -> None:
    """check_row raises the model's own message for a stop before the start."""

    class Row:
        patient_id = "P01"
        drug = "MMF"
        start_date = dt.date(2015, 3, 1)
        stop_date = dt.date(2015, 2, 1)
        dose = None
        dose_unit = None

    with pytest.raises(ValueError, match="stop_date 2015-02-01 is before start_date 2015-03-01"):
        Regimen.check_row(Row())
    with pytest.raises(ValidationError, match="stop_date 2015-02-01 is before start_date"):
        Regimen(patient_id="P01", drug="MMF", start_date="2015-03-01", stop_date="2015-02-01")


def test_cells_equal_across_kinds_are_judged_by_their_own_kind() -> None:
    """1, 1.0 and True hash alike; True in a number column is still refused on its own."""
    patients = pd.DataFrame(
        [line.split(",") for line in PATIENTS],
        columns=["patient_id", "sex", "birth_date", "diagnosis", "ild", "death_date"],
    )
    regimens = pd.DataFrame(
        [line.split(",") for line in REGIMENS],
        columns=["patient_id", "drug", "start_date", "stop_date", "dose", "dose_unit"],
    )
    visits = pd.DataFrame(
        {
            "patient_id": ["P01", "P01", "P02"],
            "date": ["2015-03-01", "2015-09-01", "2016-01-10"],
            "ck": pd.Series([1, 1.0, True], dtype=object),
        }
    )
    cohort = cohort_from_frames(patients, visits, regimens, on_error="exclude")
    assert [v.ck for v in cohort.visits] == [1.0, 1.0]
    assert [str(row) for row in cohort.excluded] == [
        "visits table row 4 (patient P02): ck must be a number, got True"
    ]


def test_regimens_are_columns_and_build_equal_models(tmp_path: Path) -> None:
    cohort = load_cohort(write_cohort(tmp_path))
    regimens = cohort.regimens
    assert isinstance(regimens, RegimenRows)
    expected = (
        Regimen(
            patient_id="P01", drug="MMF", start_date="2015-03-01", dose=2000, dose_unit="mg/day"
        ),
        Regimen(
            patient_id="P02",
            drug="Neoral",
            start_date="2016-01-10",
            stop_date="2017-01-10",
            dose=150,
            dose_unit="mg/day",
        ),
        Regimen(patient_id="P03", drug="prednisolone", start_date="2020-02-01"),
    )
    assert regimens == expected
    assert regimens[-1] == expected[2]
    assert regimens.take([2, 0]) == [expected[2], expected[0]]
    with pytest.raises(IndexError, match="out of range"):
        regimens[3]


def test_the_engine_reads_regimen_columns_as_it_reads_models(tmp_path: Path) -> None:
    """RegimenRows.table equals RegimenTable.from_models column for column."""
    cohort = load_cohort(write_cohort(tmp_path))
    ids = [p.patient_id for p in cohort.patients]
    assert isinstance(cohort.regimens, RegimenRows)
    columns = cohort.regimens.table(cohort.regimen_rows)
    models = RegimenTable.from_models(ids, tuple(cohort.regimens), cohort.regimen_rows)
    for name in ("patient", "drug", "start", "stop", "dose", "unit"):
        np.testing.assert_array_equal(getattr(columns, name), getattr(models, name))
    assert list(columns.row_numbers or ()) == list(models.row_numbers or ())


def test_assignments_name_the_same_rows_by_columns_and_by_models(tmp_path: Path) -> None:
    """The engine's index_row and add_on_row equal the per-patient path's, via with_rows."""
    regimens = (
        *REGIMENS,
        "P01,tacrolimus,2015-03-10,,3,mg/day",
        "P01,azathioprine,2014-01-01,2015-02-01,50,mg/day",
        "P01,prednisolone,2014-01-01,,20,mg/day",
    )
    cohort = load_cohort(write_cohort(tmp_path, regimens=regimens))
    by_columns = analyze(cohort).assignments
    in_memory = dataclasses.replace(cohort, regimens=tuple(cohort.regimens))
    by_models = with_rows(assign_groups(in_memory, HANAOKA_2019), in_memory)
    assert by_columns == by_models
    p01 = by_columns[0]
    assert (p01.group, p01.index_row, p01.add_on_row) == ("MMF + CNI", 2, 5)


@settings(max_examples=80, deadline=None)
@given(
    first=st.lists(st.sampled_from([*DATES, " P01", "P\x0702", "1", 1, 1.0, True]), max_size=8),
    second=st.lists(st.sampled_from([*DATES, " P01", "P\x0702", "1", 1, 1.0, True]), max_size=8),
)
def test_cells_known_from_an_earlier_table_are_judged_as_if_validated_again(
    first: list[object], second: list[object]
) -> None:
    """Cells valid by an equal rule in an earlier table keep their value; nothing else changes."""

    def cells(values: list[object]) -> np.ndarray:
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out

    known: dict[object, dict[tuple[type, object], object]] = {}
    for model, name, values in (
        (Patient, "patient_id", first),
        (Visit, "patient_id", second),
        (Regimen, "patient_id", first + second),
        (Visit, "date", second),
        (Patient, "birth_date", first),
    ):
        alone = check_cells(model, {name: cells(values)})
        shared = check_cells(model, {name: cells(values)}, known=known)
        assert shared.valid.tolist() == alone.valid.tolist()
        assert shared.values[name].tolist() == alone.values[name].tolist()
        assert [type(v) for v in shared.values[name]] == [type(v) for v in alone.values[name]]
    assert rule_key(Patient, "patient_id") == rule_key(Visit, "patient_id")
    assert rule_key(Patient, "patient_id") != rule_key(Visit, "date")
