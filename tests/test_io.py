"""Loading a cohort from CSV files and DataFrames: values, errors, exclusion."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pytest

from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.errors import CohortDataError, RowProblem
from myopathy_outcomes.io import MISSING_MARKERS, cohort_from_frames, load_cohort
from myopathy_outcomes.models import Diagnosis, ExcludedRow, Sex
from myopathy_outcomes.storage import Cohort
from tests._cohort_files import HEADERS, PATIENTS, REGIMENS, VISITS, replace, write_cohort


def problems_of(folder: Path) -> list[RowProblem]:
    """The problems raised when loading ``folder``."""
    with pytest.raises(CohortDataError) as raised:
        load_cohort(folder)
    return list(raised.value.problems)


def messages_of(folder: Path) -> list[str]:
    """Each problem raised when loading ``folder``, as a person reads it."""
    return [str(problem) for problem in problems_of(folder)]


class Frames(NamedTuple):
    """The three tables, in the order ``cohort_from_frames`` takes them."""

    patients: pd.DataFrame
    visits: pd.DataFrame
    regimens: pd.DataFrame


def frames_of(folder: Path) -> Frames:
    """The three CSV files of ``folder`` read as text DataFrames."""
    return Frames(
        *(
            pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in Frames._fields
        )
    )


# --- a valid folder -----------------------------------------------------------------


def test_valid_folder_loads_every_row(tmp_path: Path) -> None:
    """A valid folder gives one record per data row, nothing excluded."""
    cohort = load_cohort(write_cohort(tmp_path))
    assert (len(cohort.patients), len(cohort.visits), len(cohort.regimens)) == (3, 4, 3)
    assert cohort.excluded == () and cohort.notices == ()


def test_source_is_the_folder(tmp_path: Path) -> None:
    """The cohort's source is the folder it was loaded from."""
    assert load_cohort(write_cohort(tmp_path)).source == str(tmp_path)


def test_synthetic_flag_is_kept(tmp_path: Path) -> None:
    """``synthetic=True`` is carried into the cohort."""
    assert load_cohort(write_cohort(tmp_path), synthetic=True).synthetic is True


def test_patients_keep_file_order(tmp_path: Path) -> None:
    """Patients come out in the order of the file, not sorted."""
    patients = ("P03,F,1972-01-15,PM,y,", "P01,F,1960-04-02,DM,yes,", "P02,M,1955-11-20,ASS,no,")
    cohort = load_cohort(write_cohort(tmp_path, patients=patients))
    assert [p.patient_id for p in cohort.patients] == ["P03", "P01", "P02"]


def test_values_are_parsed_into_model_types(tmp_path: Path) -> None:
    """Dates, numbers, yes/no, sex and diagnosis get their model types."""
    cohort = load_cohort(write_cohort(tmp_path))
    patient, visit = cohort.patients[2], cohort.visits[0]
    assert (patient.sex, patient.diagnosis, patient.ild) == (Sex.FEMALE, Diagnosis.PM, True)
    assert patient.death_date == dt.date(2021, 6, 30)
    assert (visit.date, visit.ck, visit.fvc_pct) == (dt.date(2015, 3, 1), 1200.0, 71.5)


@pytest.mark.parametrize("marker", [*MISSING_MARKERS, "   ", "na", "NULL", " N/A "])
def test_missing_markers_read_as_none(tmp_path: Path, marker: str) -> None:
    """Every documented missing marker, in any case and padding, reads as None."""
    visits = replace(VISITS, 0, f"P01,2015-03-01,{marker},71.5,60,40,12")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits))
    assert cohort.visits[0].ck is None


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Yes", True),
        ("NO", False),
        ("y", True),
        ("N", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ("T", True),
        ("f", False),
        ("On", True),
        ("OFF", False),
    ],
)
def test_yes_no_spellings(tmp_path: Path, spelling: str, expected: bool) -> None:
    """Every documented yes/no spelling is accepted in any case."""
    patients = replace(PATIENTS, 0, f"P01,F,1960-04-02,DM,{spelling},")
    assert load_cohort(write_cohort(tmp_path, patients=patients)).patients[0].ild is expected


@pytest.mark.parametrize(
    ("written", "drug"),
    [
        ("neoral", Drug.CYCLOSPORINE),
        ("prograf", Drug.TACROLIMUS),
        ("cellcept", Drug.MYCOPHENOLATE_MOFETIL),
    ],
)
def test_lower_case_brand_name_is_normalised(tmp_path: Path, written: str, drug: Drug) -> None:
    """A brand name written in lower case loads as its generic drug."""
    regimens = replace(REGIMENS, 0, f"P01,{written},2015-03-01,,2000,mg/day")
    assert load_cohort(write_cohort(tmp_path, regimens=regimens)).regimens[0].drug is drug


def test_values_and_headers_are_stripped(tmp_path: Path) -> None:
    """Spaces around values and column names do not matter."""
    headers = {"visits": " patient_id , date ,ck,fvc_pct,dlco_pct,psl_mg,hrct_score"}
    visits = replace(VISITS, 0, " P01 , 2015-03-01 , 1200 ,71.5,60,40,12")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits, headers=headers))
    assert (cohort.visits[0].patient_id, cohort.visits[0].ck) == ("P01", 1200.0)


def test_excel_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark before the header does not spoil the first column name."""
    write_cohort(tmp_path)
    file = tmp_path / "patients.csv"
    file.write_text("\ufeff" + file.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(load_cohort(tmp_path).patients) == 3


def test_blank_line_is_skipped_with_notice(tmp_path: Path) -> None:
    """A blank line is not a row: it is skipped and reported as a notice."""
    visits = (*VISITS[:2], "", *VISITS[2:])
    cohort = load_cohort(write_cohort(tmp_path, visits=visits))
    assert len(cohort.visits) == 4
    assert cohort.notices == ("visits.csv: 1 empty row(s) skipped (rows 4)",)


def test_row_numbers_stay_true_after_a_blank_line(tmp_path: Path) -> None:
    """After a blank line, row numbers still match the file's line numbers."""
    visits = (*VISITS[:2], "", "P01,2016-03-01,-3,71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 5 (patient P01): ck must be >= 0 and <= 1000000, got -3"
    ]


def test_unknown_column_is_a_notice(tmp_path: Path) -> None:
    """An unknown column is ignored and reported as a notice, not an error."""
    headers = {"visits": HEADERS["visits"] + ",bmi"}
    visits = [line + ",22.5" for line in VISITS]
    cohort = load_cohort(write_cohort(tmp_path, visits=visits, headers=headers))
    assert cohort.notices == (
        "visits.csv: not used: 'bmi' (not a column of the schema or a measure the design "
        "declares)",
    )


# --- one message per rule -------------------------------------------------------------


def test_negative_ck_message(tmp_path: Path) -> None:
    """A negative CK names file, row, patient, field and bound."""
    visits = replace(VISITS, 1, "P01,2015-09-01,-3,75,62,15,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 3 (patient P01): ck must be >= 0 and <= 1000000, got -3"
    ]


def test_problem_carries_its_location(tmp_path: Path) -> None:
    """A RowProblem holds file, row, patient and field separately."""
    visits = replace(VISITS, 1, "P01,2015-09-01,-3,75,62,15,")
    (problem,) = problems_of(write_cohort(tmp_path, visits=visits))
    assert (problem.file, problem.row, problem.patient_id, problem.field) == (
        "visits.csv",
        3,
        "P01",
        "ck",
    )


def test_fvc_out_of_range_message(tmp_path: Path) -> None:
    """%FVC of 850 states the whole allowed range."""
    visits = replace(VISITS, 0, "P01,2015-03-01,1200,850,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2 (patient P01): fvc_pct must be > 0 and <= 200, got 850"
    ]


def test_zero_fvc_message(tmp_path: Path) -> None:
    """%FVC of 0 breaks the lower bound and states the whole range."""
    visits = replace(VISITS, 0, "P01,2015-03-01,1200,0,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2 (patient P01): fvc_pct must be > 0 and <= 200, got 0"
    ]


def test_non_numeric_value_message(tmp_path: Path) -> None:
    """Text in a numeric column is quoted, never coerced."""
    visits = replace(VISITS, 3, "P03,2020-02-01,high,,,10,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 5 (patient P03): ck must be a number, got 'high'"
    ]


def test_thousands_separator_is_not_guessed(tmp_path: Path) -> None:
    """'1,200' (quoted) is an error, not 1200 or 1.2."""
    visits = replace(VISITS, 0, 'P01,2015-03-01,"1,200",71.5,60,40,12')
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2 (patient P01): ck must be a number, got '1,200'"
    ]


def test_infinite_value_message(tmp_path: Path) -> None:
    """'inf' is not accepted as a measurement."""
    visits = replace(VISITS, 0, "P01,2015-03-01,inf,71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2 (patient P01): ck must be a finite number, got 'inf'"
    ]


def test_misspelt_drug_message(tmp_path: Path) -> None:
    """An unknown drug name is quoted."""
    regimens = replace(REGIMENS, 1, "P02,Cyclosporinn,2016-01-10,2017-01-10,150,mg/day")
    (message,) = messages_of(write_cohort(tmp_path, regimens=regimens))
    assert message.startswith("regimens.csv row 3 (patient P02): unknown drug 'Cyclosporinn'; ")


def test_stop_before_start_message(tmp_path: Path) -> None:
    """A stop date before the start date names both dates and the stop_date field."""
    regimens = replace(REGIMENS, 0, "P01,MMF,2020-02-01,2020-01-01,2000,mg/day")
    (problem,) = problems_of(write_cohort(tmp_path, regimens=regimens))
    assert str(problem) == (
        "regimens.csv row 2 (patient P01): stop_date 2020-01-01 is before start_date 2020-02-01"
    )
    assert problem.field == "stop_date"


def test_dose_without_unit_message(tmp_path: Path) -> None:
    """A dose without its unit is an error on dose_unit."""
    regimens = replace(REGIMENS, 0, "P01,MMF,2015-03-01,,2000,")
    (problem,) = problems_of(write_cohort(tmp_path, regimens=regimens))
    assert (
        str(problem)
        == "regimens.csv row 2 (patient P01): dose_unit is required when dose is given"
    )
    assert problem.field == "dose_unit"


def test_impossible_date_message(tmp_path: Path) -> None:
    """30 February is reported as not a real calendar date."""
    patients = replace(PATIENTS, 1, "P02,M,2021-02-30,ASS,no,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        "patients.csv row 3 (patient P02): birth_date is not a real calendar date: '2021-02-30'"
    ]


def test_non_iso_date_message(tmp_path: Path) -> None:
    """A day-first or month-first date is rejected as ambiguous, not guessed."""
    visits = replace(VISITS, 0, "P01,01/03/2015,1200,71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2 (patient P01): date must be written year first, YYYY-MM-DD, got "
        "'01/03/2015': day-first and month-first dates are ambiguous (is it 1 March or 3 January?)"
    ]


def test_missing_required_value_message(tmp_path: Path) -> None:
    """An empty required cell says the value is missing."""
    patients = replace(PATIENTS, 0, "P01,F,,DM,yes,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        "patients.csv row 2 (patient P01): birth_date is required but missing"
    ]


def test_missing_required_value_names_its_spelling(tmp_path: Path) -> None:
    """A required cell holding a missing marker says how it was written."""
    patients = replace(PATIENTS, 0, "P01,F,NA,DM,yes,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        "patients.csv row 2 (patient P01): birth_date is required but missing "
        "('NA' is read as missing)"
    ]


def test_missing_patient_id_message(tmp_path: Path) -> None:
    """A visit without a patient id is reported once, without a patient."""
    visits = replace(VISITS, 0, ",2015-03-01,1200,71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2: patient_id is required but missing"
    ]


def test_bad_sex_message(tmp_path: Path) -> None:
    """An unknown sex lists the accepted values."""
    patients = replace(PATIENTS, 0, "P01,X,1960-04-02,DM,yes,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        "patients.csv row 2 (patient P01): sex must be F or M (female/male), got 'X'"
    ]


def test_bad_diagnosis_message(tmp_path: Path) -> None:
    """An unknown diagnosis lists the accepted subtypes."""
    patients = replace(PATIENTS, 0, "P01,F,1960-04-02,lupus,yes,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        "patients.csv row 2 (patient P01): diagnosis must be one of PM, DM, CADM, ASS, IMNM, "
        "overlap, other (or written out), got 'lupus'"
    ]


def test_bad_yes_no_message(tmp_path: Path) -> None:
    """A yes/no field with another word lists the accepted spellings."""
    patients = replace(PATIENTS, 0, "P01,F,1960-04-02,DM,maybe,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        "patients.csv row 2 (patient P01): ild must be yes or no "
        "(y/n, true/false, t/f, on/off, 1/0), got 'maybe'"
    ]


def test_death_before_birth_message(tmp_path: Path) -> None:
    """A death date before the birth date is reported on death_date."""
    patients = replace(PATIENTS, 2, "P03,F,1972-01-15,PM,y,1970-01-01")
    (problem,) = problems_of(write_cohort(tmp_path, patients=patients))
    assert str(problem) == (
        "patients.csv row 4 (patient P03): death_date 1970-01-01 is before birth_date 1972-01-15"
    )
    assert problem.field == "death_date"


def test_visit_for_unknown_patient_message(tmp_path: Path) -> None:
    """A visit for a patient not in patients.csv names the id and the file."""
    visits = (*VISITS, "P99,2016-01-10,100,80,70,0,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 6 (patient P99): patient_id 'P99' is not in patients.csv"
    ]


def test_regimen_for_unknown_patient_message(tmp_path: Path) -> None:
    """A regimen for a patient not in patients.csv is reported too."""
    regimens = (*REGIMENS, "P42,MTX,2016-01-10,,10,mg/week")
    assert messages_of(write_cohort(tmp_path, regimens=regimens)) == [
        "regimens.csv row 5 (patient P42): patient_id 'P42' is not in patients.csv"
    ]


def test_duplicate_patient_id_message(tmp_path: Path) -> None:
    """Each repeat of a patient id names the first row with that id."""
    patients = (*PATIENTS, "P01,F,1961-04-02,DM,no,", "P01,M,1962-04-02,PM,no,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        "patients.csv row 5 (patient P01): patient_id 'P01' repeats row 2",
        "patients.csv row 6 (patient P01): patient_id 'P01' repeats row 2",
    ]


def test_visit_after_death_message(tmp_path: Path) -> None:
    """A visit after the death date names both dates and the patient's row."""
    visits = (*VISITS, "P03,2021-07-01,150,,,10,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 6 (patient P03): date 2021-07-01 is after the patient's death_date "
        "2021-06-30 (patients.csv row 4)"
    ]


def test_visit_on_death_day_is_allowed(tmp_path: Path) -> None:
    """A visit on the day of death is not after it."""
    visits = (*VISITS, "P03,2021-06-30,150,,,10,")
    assert len(load_cohort(write_cohort(tmp_path, visits=visits)).visits) == 5


def test_visit_before_birth_message(tmp_path: Path) -> None:
    """A visit before the birth date names both dates and the patient's row."""
    visits = (*VISITS, "P02,1955-11-19,150,,,10,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 6 (patient P02): date 1955-11-19 is before the patient's birth_date "
        "1955-11-20 (patients.csv row 3)"
    ]


def test_visit_on_birth_day_is_allowed(tmp_path: Path) -> None:
    """A visit on the day of birth is not before it."""
    visits = (*VISITS, "P02,1955-11-20,150,,,10,")
    assert len(load_cohort(write_cohort(tmp_path, visits=visits)).visits) == 5


def test_regimen_started_after_death_message(tmp_path: Path) -> None:
    """A regimen started after the death date names both dates and the patient's row."""
    regimens = (*REGIMENS, "P03,MMF,2021-07-01,,2000,mg/day")
    (problem,) = problems_of(write_cohort(tmp_path, regimens=regimens))
    assert str(problem) == (
        "regimens.csv row 5 (patient P03): start_date 2021-07-01 is after the patient's "
        "death_date 2021-06-30 (patients.csv row 4)"
    )
    assert problem.field == "start_date"


def test_regimen_started_before_birth_message(tmp_path: Path) -> None:
    """A regimen started before the birth date names both dates and the patient's row."""
    regimens = replace(REGIMENS, 0, "P01,MMF,1960-04-01,,2000,mg/day")
    assert messages_of(write_cohort(tmp_path, regimens=regimens)) == [
        "regimens.csv row 2 (patient P01): start_date 1960-04-01 is before the patient's "
        "birth_date 1960-04-02 (patients.csv row 2)"
    ]


def test_regimen_stopped_after_death_message(tmp_path: Path) -> None:
    """A regimen stop_date after the patient's death names the patients row."""
    regimens = replace(REGIMENS, 2, "P03,prednisolone,2020-02-01,2021-07-01,,")
    assert messages_of(write_cohort(tmp_path, regimens=regimens)) == [
        "regimens.csv row 4 (patient P03): stop_date 2021-07-01 is after the patient's "
        "death_date 2021-06-30 (patients.csv row 4)"
    ]


def test_regimen_started_on_death_day_is_allowed(tmp_path: Path) -> None:
    """A regimen started on the day of death is not after it."""
    regimens = (*REGIMENS, "P03,MMF,2021-06-30,,2000,mg/day")
    assert len(load_cohort(write_cohort(tmp_path, regimens=regimens)).regimens) == 4


def test_dates_are_checked_against_the_first_row_of_a_repeated_id(tmp_path: Path) -> None:
    """With a repeated patient id, dates are checked against the first row only."""
    patients = (*PATIENTS, "P02,M,2016-01-01,ASS,no,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        "patients.csv row 5 (patient P02): patient_id 'P02' repeats row 3"
    ]


# --- two visits on one date -------------------------------------------------------------


def test_same_day_visits_sharing_the_measures_are_allowed(tmp_path: Path) -> None:
    """Two rows on one date may give different measures (CK in one, %FVC in the other)."""
    visits = (*VISITS, "P01,2016-05-01,900,,,,", "P01,2016-05-01,,68,,,")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits))
    assert [(v.ck, v.fvc_pct) for v in cohort.visits[-2:]] == [(900.0, None), (None, 68.0)]


def test_same_day_visits_repeating_a_value_are_allowed(tmp_path: Path) -> None:
    """A value repeated on the same date, however written, is no conflict."""
    visits = (*VISITS, "P01,2016-05-01,900,68,,,", "P01,2016-05-01,900.0,,,,")
    assert len(load_cohort(write_cohort(tmp_path, visits=visits)).visits) == 6


def test_same_day_conflicting_measure_message(tmp_path: Path) -> None:
    """A later row giving another value for the same measure and date names the first row."""
    visits = (*VISITS, "P01,2015-01-01,1000,,,,", "P01,2015-01-01,5000,70,,,")
    (problem,) = problems_of(write_cohort(tmp_path, visits=visits))
    assert str(problem) == (
        "visits.csv row 7 (patient P01): ck 5000 on 2015-01-01 conflicts with row 6 (ck 1000); "
        "give one value per measure and date"
    )
    assert problem.field == "ck"


def test_same_day_conflict_is_reported_for_each_later_row(tmp_path: Path) -> None:
    """Every later row that differs from the first value is reported against the first."""
    visits = (
        *VISITS,
        "P01,2015-01-01,1000,,,,",
        "P01,2015-01-01,5000,,,,",
        "P01,2015-01-01,1000,,,,",
        "P01,2015-01-01,7,,,,",
    )
    assert [
        (p.row, p.message.split(";")[0])
        for p in problems_of(write_cohort(tmp_path, visits=visits))
    ] == [
        (7, "ck 5000 on 2015-01-01 conflicts with row 6 (ck 1000)"),
        (9, "ck 7 on 2015-01-01 conflicts with row 6 (ck 1000)"),
    ]


def test_same_day_conflict_is_per_patient(tmp_path: Path) -> None:
    """Two patients seen on the same date do not conflict."""
    visits = (*VISITS, "P01,2016-05-01,900,,,,", "P02,2016-05-01,100,,,,")
    assert len(load_cohort(write_cohort(tmp_path, visits=visits)).visits) == 6


def test_same_day_conflict_ignores_invalid_values(tmp_path: Path) -> None:
    """A value that is invalid in itself is reported for that, not compared."""
    visits = (*VISITS, "P01,2016-05-01,900,70,,,", "P01,2016-05-01,900,-5,,,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 7 (patient P01): fvc_pct must be > 0 and <= 200, got -5"
    ]


def test_same_day_conflict_is_found_in_a_row_with_other_problems(tmp_path: Path) -> None:
    """A row invalid in one measure still conflicts through its other, valid values."""
    visits = (*VISITS, "P01,2015-01-01,1000,70,50,30,", "P01,2015-01-01,5000,700,,,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 7 (patient P01): fvc_pct must be > 0 and <= 200, got 700",
        "visits.csv row 7 (patient P01): ck 5000 on 2015-01-01 conflicts with row 6 (ck 1000); "
        "give one value per measure and date",
    ]


def test_same_day_conflict_ignores_an_invalid_date(tmp_path: Path) -> None:
    """Rows sharing a date that is invalid in itself (in the future) are not compared."""
    visits = (*VISITS, "P01,2999-01-01,900,,,,", "P01,2999-01-01,100,,,,")
    assert [p.row for p in problems_of(write_cohort(tmp_path, visits=visits))] == [6, 7]


def test_same_day_conflict_with_an_excluded_row_excludes_both(tmp_path: Path) -> None:
    """When excluding, a row excluded for another reason still takes its conflict along."""
    visits = (*VISITS, "P01,2015-01-01,1000,70,50,30,", "P01,2015-01-01,5000,700,,,")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert [str(row) for row in cohort.excluded] == [
        "visits.csv row 6 (patient P01): ck 1000 on 2015-01-01 conflicts with row 7 (ck 5000); "
        "give one value per measure and date",
        "visits.csv row 7 (patient P01): fvc_pct must be > 0 and <= 200, got 700; ck 5000 on "
        "2015-01-01 conflicts with row 6 (ck 1000); give one value per measure and date",
    ]


def test_same_day_conflict_excludes_every_row_giving_the_measure(tmp_path: Path) -> None:
    """When excluding, the first row goes too, naming the rows that contradict it."""
    visits = (*VISITS, "P01,2015-01-01,1000,,,,", "P01,2015-01-01,5000,70,,,")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert [str(row) for row in cohort.excluded] == [
        "visits.csv row 6 (patient P01): ck 1000 on 2015-01-01 conflicts with row 7 (ck 5000); "
        "give one value per measure and date",
        "visits.csv row 7 (patient P01): ck 5000 on 2015-01-01 conflicts with row 6 (ck 1000); "
        "give one value per measure and date",
    ]
    assert len(cohort.visits) == 4


def test_same_day_conflict_lists_at_most_three_rows(tmp_path: Path) -> None:
    """An excluded first row names three contradicting rows and counts the others."""
    visits = (*VISITS, *(f"P01,2015-01-01,{ck},,,," for ck in (1, 2, 3, 4, 5)))
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert cohort.excluded[0].reason == (
        "ck 1 on 2015-01-01 conflicts with row 7 (ck 2), row 8 (ck 3), row 9 (ck 4) and 1 more; "
        "give one value per measure and date"
    )


def test_missing_column_message(tmp_path: Path) -> None:
    """A missing required column is a table-level problem without a row."""
    headers = {"regimens": "patient_id,drug,stop_date,dose,dose_unit"}
    regimens = [",".join(line.split(",")[:2] + line.split(",")[3:]) for line in REGIMENS]
    (problem,) = problems_of(write_cohort(tmp_path, regimens=regimens, headers=headers))
    assert str(problem) == "regimens.csv: missing required column 'start_date'"
    assert (problem.row, problem.field) == (None, None)


def test_measure_columns_are_optional(tmp_path: Path) -> None:
    """A visits file without hrct_score and dlco_pct loads; those values are missing."""
    headers = {"visits": "patient_id,date,ck,fvc_pct,psl_mg"}
    visits = [",".join(line.split(",")[:4] + line.split(",")[5:6]) for line in VISITS]
    cohort = load_cohort(write_cohort(tmp_path, visits=visits, headers=headers))
    assert all(v.hrct_score is None and v.dlco_pct is None for v in cohort.visits)
    assert cohort.visits[0].ck == 1200
    assert cohort.visit_columns is not None and "hrct_score" not in cohort.visit_columns
    assert not cohort.notices


def test_empty_unnamed_columns_ending_the_header_are_ignored(tmp_path: Path) -> None:
    """Empty names ending the header (``a,b,c,,``) over empty cells are no columns."""
    headers = {"visits": HEADERS["visits"] + ",,"}
    visits = (*(line + ",," for line in VISITS[:3]), VISITS[3])
    cohort = load_cohort(write_cohort(tmp_path, visits=visits, headers=headers))
    assert (len(cohort.visits), cohort.notices) == (4, ())


def test_unnamed_columns_with_values_message(tmp_path: Path) -> None:
    """A value under an unnamed column ending the header is one table-level problem."""
    headers = {"visits": HEADERS["visits"] + ",,"}
    visits = replace([line + ",," for line in VISITS], 2, VISITS[2] + ",,see notes")
    assert messages_of(write_cohort(tmp_path, visits=visits, headers=headers)) == [
        "visits.csv: the header has unnamed columns with values (row 4, column 9: 'see notes'); "
        "name the columns in the header or delete them"
    ]


def test_semicolon_separated_file_message(tmp_path: Path) -> None:
    """A header that is one name holding ';' gives one line saying how the file is separated."""
    headers = {"visits": HEADERS["visits"].replace(",", ";")}
    visits = [line.replace(",", ";") for line in VISITS]
    assert messages_of(write_cohort(tmp_path, visits=visits, headers=headers)) == [
        "visits.csv: looks separated by ';', not ','; save it as comma-separated CSV"
    ]


def test_column_in_another_case_is_read_with_a_notice(tmp_path: Path) -> None:
    """A required column written in another case is read, and named in a notice."""
    headers = {"patients": HEADERS["patients"].replace(",sex,", ", Sex ,")}
    cohort = load_cohort(write_cohort(tmp_path, headers=headers))
    assert [p.sex for p in cohort.patients] == [Sex.FEMALE, Sex.MALE, Sex.FEMALE]
    assert cohort.notices == (
        "patients.csv: read column ' Sex ' as sex (column names are matched ignoring case, "
        "surrounding spaces, byte-order marks, and spaces for '_')",
    )


def test_number_with_underscores_message(tmp_path: Path) -> None:
    """A number written with underscores (``1_000``) is an error, not read as 1000."""
    visits = (*VISITS, "P01,2016-05-01,1_000,,,,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 6 (patient P01): ck must be a plain number, got '1_000'"
    ]


def test_missing_file_message(tmp_path: Path) -> None:
    """A missing file is named with its path."""
    (write_cohort(tmp_path) / "regimens.csv").unlink()
    assert messages_of(tmp_path) == [
        f"regimens.csv: file not found: {str(tmp_path / 'regimens.csv')!r}"
    ]


def test_empty_file_message(tmp_path: Path) -> None:
    """A file without even a header line is reported."""
    (write_cohort(tmp_path) / "visits.csv").write_text("", encoding="utf-8")
    assert messages_of(tmp_path) == ["visits.csv: file is empty (no header line)"]


def test_blank_first_line_message(tmp_path: Path) -> None:
    """A blank line before the header is reported, not taken as an empty header."""
    (write_cohort(tmp_path) / "regimens.csv").write_text(
        "\n" + HEADERS["regimens"] + "\n", encoding="utf-8"
    )
    assert messages_of(tmp_path) == [
        "regimens.csv: line 1 is empty; the header must be the first line"
    ]


def test_missing_folder_raises_file_not_found(tmp_path: Path) -> None:
    """A folder that does not exist raises FileNotFoundError naming it."""
    with pytest.raises(FileNotFoundError, match="cohort folder not found"):
        load_cohort(tmp_path / "nowhere")


def test_unknown_on_error_is_rejected(tmp_path: Path) -> None:
    """on_error outside its vocabulary raises ValueError listing the allowed values."""
    with pytest.raises(ValueError, match=r"on_error must be one of \('raise', 'exclude'\)"):
        load_cohort(write_cohort(tmp_path), on_error="skip")  # type: ignore[arg-type]


def test_unknown_on_error_is_rejected_before_the_folder_is_looked_at(tmp_path: Path) -> None:
    """on_error is checked at the door: a bad value is named even when the folder is missing."""
    with pytest.raises(ValueError, match=r"^on_error must be one of \('raise', 'exclude'\), got"):
        load_cohort(tmp_path / "nowhere", on_error="skip")  # type: ignore[arg-type]


def test_unknown_on_error_is_rejected_for_frames(tmp_path: Path) -> None:
    """cohort_from_frames checks on_error as load_cohort does, with the same message."""
    with pytest.raises(ValueError, match=r"^on_error must be one of \('raise', 'exclude'\), got"):
        cohort_from_frames(*frames_of(write_cohort(tmp_path)), on_error=None)  # type: ignore[arg-type]


def test_every_problem_in_every_file_is_raised_together(tmp_path: Path) -> None:
    """All problems across the three files come in one error, in file and row order."""
    patients = replace(PATIENTS, 0, "P01,X,1960-04-02,DM,yes,")
    visits = replace(replace(VISITS, 0, "P01,2015-03-01,-1,900,60,40,12"), 3, "P03,x,1,,,10,")
    regimens = replace(REGIMENS, 2, "P03,aspirin,2020-02-01,,,")
    problems = problems_of(
        write_cohort(tmp_path, patients=patients, visits=visits, regimens=regimens)
    )
    assert [(p.file, p.row, p.field) for p in problems] == [
        ("patients.csv", 2, "sex"),
        ("visits.csv", 2, "ck"),
        ("visits.csv", 2, "fvc_pct"),
        ("visits.csv", 5, "date"),
        ("regimens.csv", 4, "drug"),
    ]


def test_error_message_counts_the_problems(tmp_path: Path) -> None:
    """The raised error's text starts with how many problems there are."""
    visits = replace(VISITS, 0, "P01,2015-03-01,-1,900,60,40,12")
    with pytest.raises(CohortDataError, match=r"^2 problems in the input data:"):
        load_cohort(write_cohort(tmp_path, visits=visits))


# --- on_error="exclude" ----------------------------------------------------------------


def test_exclude_keeps_the_valid_rows(tmp_path: Path) -> None:
    """Excluding a bad visit keeps every other row."""
    visits = replace(VISITS, 1, "P01,2015-09-01,-3,75,62,15,")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert [v.date for v in cohort.visits] == [
        dt.date(2015, 3, 1),
        dt.date(2016, 1, 10),
        dt.date(2020, 2, 1),
    ]


def test_exclude_lists_the_row_and_its_reason(tmp_path: Path) -> None:
    """An excluded row is listed with file, row, patient and reason."""
    visits = replace(VISITS, 1, "P01,2015-09-01,-3,75,62,15,")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert cohort.excluded == (
        ExcludedRow("visits.csv", 3, "P01", "ck must be >= 0 and <= 1000000, got -3"),
    )


def test_exclude_joins_every_reason_of_a_row(tmp_path: Path) -> None:
    """A row with two problems is listed once, with both reasons."""
    visits = replace(VISITS, 0, "P01,2015-03-01,-1,900,60,40,12")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert [str(row) for row in cohort.excluded] == [
        "visits.csv row 2 (patient P01): ck must be >= 0 and <= 1000000, got -1; "
        "fvc_pct must be > 0 and <= 200, got 900"
    ]


def test_excluded_patient_takes_their_visits_and_regimens(tmp_path: Path) -> None:
    """A patient's exclusion excludes their visits and regimens, naming the reason."""
    patients = replace(PATIENTS, 0, "P01,X,1960-04-02,DM,yes,")
    cohort = load_cohort(write_cohort(tmp_path, patients=patients), on_error="exclude")
    because = (
        "patient P01 is excluded (patients.csv row 2: sex must be F or M (female/male), got 'X')"
    )
    assert [str(row) for row in cohort.excluded] == [
        "patients.csv row 2 (patient P01): sex must be F or M (female/male), got 'X'",
        f"visits.csv row 2 (patient P01): {because}",
        f"visits.csv row 3 (patient P01): {because}",
        f"regimens.csv row 2 (patient P01): {because}",
    ]
    assert {p.patient_id for p in cohort.patients} == {"P02", "P03"}
    assert {v.patient_id for v in cohort.visits} | {r.patient_id for r in cohort.regimens} == {
        "P02",
        "P03",
    }


def test_excluded_regimen_excludes_its_patient(tmp_path: Path) -> None:
    """An excluded regimen row takes the patient, their visits and other regimens along."""
    regimens = (*REGIMENS, "P02,Ciclosporine A,2017-02-01,,100,mg/day")
    cohort = load_cohort(write_cohort(tmp_path, regimens=regimens), on_error="exclude")
    (unknown_drug,) = messages_of(tmp_path)
    told = unknown_drug.split(": ", 1)[1]
    because = f"patient P02 is excluded (regimens.csv row 5 could not be read: {told})"
    assert [str(row) for row in cohort.excluded] == [
        f"patients.csv row 3 (patient P02): {because}",
        f"visits.csv row 4 (patient P02): {because}",
        f"regimens.csv row 3 (patient P02): {because}",
        f"regimens.csv row 5 (patient P02): {told}",
    ]
    assert "P02" not in {p.patient_id for p in cohort.patients}


def test_excluded_regimen_reason_names_the_first_bad_row(tmp_path: Path) -> None:
    """With two bad regimen rows, the patient's exclusion names the first."""
    regimens = (*REGIMENS, "P01,MMF,2015-03-01,2014-01-01,,", "P01,aspirin,2016-01-01,,,")
    cohort = load_cohort(write_cohort(tmp_path, regimens=regimens), on_error="exclude")
    assert cohort.excluded[0] == ExcludedRow(
        "patients.csv",
        2,
        "P01",
        "patient P01 is excluded (regimens.csv row 5 could not be read: "
        "stop_date 2014-01-01 is before start_date 2015-03-01)",
    )


def test_regimen_of_the_wrong_width_excludes_its_patient(tmp_path: Path) -> None:
    """A regimen row that cannot be read for its width excludes its patient too."""
    regimens = (*REGIMENS, "P01,MMF,2016-01-01")
    cohort = load_cohort(write_cohort(tmp_path, regimens=regimens), on_error="exclude")
    assert [p.patient_id for p in cohort.patients] == ["P02", "P03"]
    assert cohort.excluded[0].reason == (
        "patient P01 is excluded (regimens.csv row 5 could not be read: "
        "3 fields, the header has 6)"
    )


def test_regimen_of_an_unknown_patient_excludes_only_itself(tmp_path: Path) -> None:
    """A regimen naming nobody in patients.csv has no patient to take along."""
    regimens = (*REGIMENS, "P42,MTX,2016-01-10,,10,mg/week")
    cohort = load_cohort(write_cohort(tmp_path, regimens=regimens), on_error="exclude")
    assert [(row.file, row.row) for row in cohort.excluded] == [("regimens.csv", 5)]


def test_excluded_visit_excludes_only_itself(tmp_path: Path) -> None:
    """An excluded visit row leaves the patient and their other rows in."""
    visits = replace(VISITS, 1, "P01,2015-09-01,-3,75,62,15,")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert [p.patient_id for p in cohort.patients] == ["P01", "P02", "P03"]
    assert len(cohort.regimens) == 3


def test_bad_regimen_is_one_problem_when_raising(tmp_path: Path) -> None:
    """When raising, a bad regimen row is reported once; its patient is not reported."""
    regimens = replace(REGIMENS, 0, "P01,aspirin,2015-03-01,,,")
    assert [(p.file, p.row) for p in problems_of(write_cohort(tmp_path, regimens=regimens))] == [
        ("regimens.csv", 2)
    ]


def test_patients_read_counts_rows_before_exclusion(tmp_path: Path) -> None:
    """patients_read counts every patient row read, excluded or not, but no blank line."""
    patients = (*replace(PATIENTS, 0, "P01,X,1960-04-02,DM,yes,"), "", "P04,F,1970-01-01,DM,no,")
    cohort = load_cohort(write_cohort(tmp_path, patients=patients), on_error="exclude")
    assert (cohort.patients_read, len(cohort.patients)) == (4, 3)


def test_duplicate_id_excludes_every_row_of_that_id(tmp_path: Path) -> None:
    """Every patient row with a repeated id is excluded, and so are their visits."""
    patients = (*PATIENTS, "P02,F,1961-04-02,DM,no,")
    cohort = load_cohort(write_cohort(tmp_path, patients=patients), on_error="exclude")
    assert [p.patient_id for p in cohort.patients] == ["P01", "P03"]
    assert [(row.file, row.row) for row in cohort.excluded] == [
        ("patients.csv", 3),
        ("patients.csv", 5),
        ("visits.csv", 4),
        ("regimens.csv", 3),
    ]
    assert cohort.excluded[0].reason == "patient_id 'P02' is repeated in row(s) 5"
    assert cohort.excluded[1].reason == "patient_id 'P02' repeats row 3"


def test_exclude_accounts_for_every_row(tmp_path: Path) -> None:
    """Kept rows plus excluded rows equal the data rows: nothing is dropped silently."""
    patients = (*replace(PATIENTS, 1, "P02,M,1955-11-20,ASS,perhaps,"), "P01,F,1960-04-02,DM,y,")
    visits = (*VISITS, "P99,2016-01-10,100,80,70,0,", "P03,2022-01-01,1,1,1,1,1")
    regimens = (*REGIMENS, "P03,Cyclosporinn,2020-02-01,,,")
    cohort = load_cohort(
        write_cohort(tmp_path, patients=patients, visits=visits, regimens=regimens),
        on_error="exclude",
    )
    kept = len(cohort.patients) + len(cohort.visits) + len(cohort.regimens)
    assert kept + len(cohort.excluded) == len(patients) + len(visits) + len(regimens)
    assert len(cohort.excluded) == 14  # 4 patients, 6 visits, 4 regimens (P03 by regimen)


def test_exclude_still_raises_for_a_missing_column(tmp_path: Path) -> None:
    """A missing column concerns the whole table, so it raises even when excluding."""
    headers = {"patients": "patient_id,sex,birth_date,diagnosis,death_date"}
    patients = ["P01,F,1960-04-02,DM,", "P02,M,1955-11-20,ASS,", "P03,F,1972-01-15,PM,"]
    with pytest.raises(CohortDataError, match="missing required column 'ild'"):
        load_cohort(write_cohort(tmp_path, patients=patients, headers=headers), on_error="exclude")


# --- DataFrames ---------------------------------------------------------------------


def typed_frames() -> Frames:
    """The valid cohort as DataFrames with typed columns (dates, floats, bools, NaN)."""
    nan = np.nan
    return Frames(
        patients=pd.DataFrame(
            {
                "patient_id": ["P01", "P02", "P03"],
                "sex": ["F", "M", "F"],
                "birth_date": pd.to_datetime(["1960-04-02", "1955-11-20", "1972-01-15"]),
                "diagnosis": ["DM", "ASS", "PM"],
                "ild": [True, False, True],
                "death_date": pd.to_datetime(["NaT", "NaT", "2021-06-30"]),
            }
        ),
        visits=pd.DataFrame(
            {
                "patient_id": ["P01", "P01", "P02", "P03"],
                "date": pd.to_datetime(["2015-03-01", "2015-09-01", "2016-01-10", "2020-02-01"]),
                "ck": [1200, 300, 5400, 150],
                "fvc_pct": [71.5, 75.0, 55.5, nan],
                "dlco_pct": [60.0, 62.0, nan, nan],
                "psl_mg": [40.0, 15.0, 60.0, 10.0],
                "hrct_score": [12.0, nan, 30.0, nan],
            }
        ),
        regimens=pd.DataFrame(
            {
                "patient_id": ["P01", "P02", "P03"],
                "drug": ["MMF", "Neoral", "prednisolone"],
                "start_date": [dt.date(2015, 3, 1), dt.date(2016, 1, 10), dt.date(2020, 2, 1)],
                "stop_date": [None, dt.date(2017, 1, 10), None],
                "dose": [2000.0, 150.0, nan],
                "dose_unit": ["mg/day", "mg/day", None],
            }
        ),
    )


def same_records(a: Cohort, b: Cohort) -> bool:
    """Whether two cohorts hold equal patients, visits and regimens."""
    return (a.patients, a.visits, a.regimens) == (b.patients, b.visits, b.regimens)


def test_typed_frames_equal_csv_input(tmp_path: Path) -> None:
    """Typed DataFrames load to the same records as the CSV files."""
    from_csv = load_cohort(write_cohort(tmp_path))
    assert same_records(cohort_from_frames(*typed_frames()), from_csv)


def test_text_frames_equal_csv_input(tmp_path: Path) -> None:
    """The CSV files read as text DataFrames load to the same records."""
    from_csv = load_cohort(write_cohort(tmp_path))
    assert same_records(cohort_from_frames(*frames_of(tmp_path)), from_csv)


def test_frames_source_defaults_to_dataframes() -> None:
    """A cohort from DataFrames says so in its source, unless told otherwise."""
    assert cohort_from_frames(*typed_frames()).source == "DataFrames"
    assert cohort_from_frames(*typed_frames(), source="registry 2024").source == "registry 2024"


def test_frame_errors_match_csv_errors_but_for_the_file(tmp_path: Path) -> None:
    """The same bad data gives the same problems from DataFrames and from CSV files."""
    visits = replace(VISITS, 0, "P01,2015-03-01,-1,900,60,40,12")
    patients = (*PATIENTS, "P01,F,1960-04-02,DM,yes,")
    folder = write_cohort(tmp_path, patients=patients, visits=visits)
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames_of(folder))
    from_frames = [str(p).replace(" table", ".csv") for p in raised.value.problems]
    assert from_frames == messages_of(folder)


def test_frame_rows_count_by_position_not_index() -> None:
    """In a DataFrame, row n is iloc[n - 2] whatever the index labels."""
    frames = typed_frames()
    frames.visits.index = pd.Index([10, 20, 30, 40])
    frames.visits.loc[30, "ck"] = -5
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert [str(p) for p in raised.value.problems] == [
        "visits table row 4 (patient P02): ck must be >= 0 and <= 1000000, got -5"
    ]


def test_frame_numbers_show_without_trailing_zero() -> None:
    """A float that is a whole number is shown as written by a person: 850, not 850.0."""
    frames = typed_frames()
    frames.visits.loc[0, "fvc_pct"] = 850.0
    with pytest.raises(CohortDataError, match=r"fvc_pct must be > 0 and <= 200, got 850$"):
        cohort_from_frames(*frames)


def test_frame_timestamp_with_time_of_day_is_its_day() -> None:
    """A datetime with a time of day is its date, as the same text in a CSV file is."""
    frames = typed_frames()
    frames.visits["date"] = frames.visits["date"] + pd.Timedelta(hours=9)
    assert [v.date for v in cohort_from_frames(*frames).visits] == [
        dt.date(2015, 3, 1),
        dt.date(2015, 9, 1),
        dt.date(2016, 1, 10),
        dt.date(2020, 2, 1),
    ]


def test_frame_integer_patient_ids_are_read_as_text() -> None:
    """Integer patient ids in every table match as their decimal text."""
    frames = typed_frames()
    for frame in frames:
        frame["patient_id"] = frame["patient_id"].str[1:].astype(int)
    cohort = cohort_from_frames(*frames)
    assert [p.patient_id for p in cohort.patients] == ["1", "2", "3"]
    assert len(cohort.visits) == 4


def test_frame_float_patient_ids_are_read_as_whole_numbers() -> None:
    """Whole-number float ids (pandas' type for an id column with gaps) match as "1", "2"."""
    frames = typed_frames()
    frames.patients["patient_id"] = [1, 2, 3]
    frames.visits["patient_id"] = [1.0, 1.0, 2.0, np.nan]
    frames.regimens["patient_id"] = pd.array([1, 2, 3], dtype="Int64")
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert [str(p) for p in raised.value.problems] == [
        "visits table row 5: patient_id is required but missing"
    ]


def test_frame_float_patient_ids_load() -> None:
    """Float ids that are whole numbers load as their decimal text."""
    frames = typed_frames()
    for frame in frames:
        frame["patient_id"] = frame["patient_id"].str[1:].astype(float)
    cohort = cohort_from_frames(*frames)
    assert [v.patient_id for v in cohort.visits] == ["1", "1", "2", "3"]


def test_frame_fractional_patient_id_message() -> None:
    """A float id that is not a whole number is reported on its row."""
    frames = typed_frames()
    frames.patients["patient_id"] = [1.0, 2.5, 3.0]
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert str(raised.value.problems[0]) == (
        "patients table row 3: patient_id must be text or a whole number, got 2.5"
    )


@pytest.mark.parametrize("dtype", [bool, object, "boolean"])
def test_frame_boolean_in_numeric_column_is_rejected(dtype: object) -> None:
    """True in a numeric column is an error, not read as 1."""
    frames = typed_frames()
    frames.visits["ck"] = pd.Series([True, False, True, True]).astype(dtype)  # type: ignore[call-overload]
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert [str(p) for p in raised.value.problems][:2] == [
        "visits table row 2 (patient P01): ck must be a number, got True",
        "visits table row 3 (patient P01): ck must be a number, got False",
    ]


def test_frame_boolean_among_numbers_is_rejected() -> None:
    """A single True among numbers in an object column is an error."""
    frames = typed_frames()
    frames.regimens["dose"] = pd.Series([2000.0, True, np.nan], dtype=object)
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert [str(p) for p in raised.value.problems] == [
        "regimens table row 3 (patient P02): dose must be a number, got True"
    ]


def test_frames_patients_read() -> None:
    """patients_read is set for DataFrames too."""
    frames = typed_frames()
    frames.patients.loc[1, "sex"] = "?"
    assert cohort_from_frames(*frames, on_error="exclude").patients_read == 3


def test_frame_missing_values_of_every_kind_read_as_none() -> None:
    """None, NaN, NaT, pd.NA and marker text are all missing in a DataFrame."""
    frames = typed_frames()
    frames.visits["dlco_pct"] = pd.Series([None, np.nan, pd.NA, "N/A"], dtype=object)
    frames.visits["hrct_score"] = pd.array([None, 1.0, None, 2.0], dtype="Float64")
    cohort = cohort_from_frames(*frames)
    assert [v.dlco_pct for v in cohort.visits] == [None, None, None, None]
    assert [v.hrct_score for v in cohort.visits] == [None, 1.0, None, 2.0]


def test_frame_missing_drug_is_reported() -> None:
    """A missing drug in a DataFrame is a problem, not a crash."""
    frames = typed_frames()
    frames.regimens.loc[0, "drug"] = None
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert [str(p) for p in raised.value.problems] == [
        "regimens table row 2 (patient P01): drug is required but missing"
    ]


def test_frame_repeated_column_is_reported() -> None:
    """A DataFrame with the same column twice is a table-level problem."""
    frames = typed_frames()
    visits = pd.concat([frames.visits, frames.visits[["ck"]]], axis="columns")
    with pytest.raises(CohortDataError, match="visits table: column 'ck' appears more than once"):
        cohort_from_frames(*frames._replace(visits=visits))


def test_frames_exclude_mode() -> None:
    """Exclusion works the same way for DataFrames."""
    frames = typed_frames()
    frames.patients.loc[1, "sex"] = "?"
    cohort = cohort_from_frames(*frames, on_error="exclude")
    assert [(row.file, row.row) for row in cohort.excluded] == [
        ("patients table", 3),
        ("visits table", 4),
        ("regimens table", 3),
    ]


def test_non_frame_is_rejected() -> None:
    """Passing something other than a DataFrame raises TypeError naming the argument."""
    frames = typed_frames()
    with pytest.raises(TypeError, match="'visits' must be a pandas DataFrame, got list"):
        cohort_from_frames(frames.patients, [], frames.regimens)  # type: ignore[arg-type]


def test_large_table_errors_map_to_their_rows(tmp_path: Path) -> None:
    """Errors in a table larger than one validation chunk keep their true row numbers."""
    n = 45_000
    # Two patients, so that every visit has a date of its own between birth and today.
    pid = ["P01" if i < n // 2 else "P02" for i in range(n)]
    dates = [(dt.date(1961, 1, 1) + dt.timedelta(days=i % (n // 2))).isoformat() for i in range(n)]
    visits = [
        f"{p},{date},{i},71.5,60,40,12" for i, (p, date) in enumerate(zip(pid, dates, strict=True))
    ]
    visits[25_000] = f"P02,{dates[25_000]},-1,71.5,60,40,12"
    visits[44_999] = f"P02,{dates[44_999]},x,71.5,60,40,12"
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert [(row.row, row.reason) for row in cohort.excluded] == [
        (25_002, "ck must be >= 0 and <= 1000000, got -1"),
        (45_001, "ck must be a number, got 'x'"),
    ]
    assert len(cohort.visits) == n - 2
    assert cohort.visits[25_000].ck == 25_001


def test_ragged_row_is_a_row_problem(tmp_path: Path) -> None:
    """A row with more cells than the header is a problem of that row, not of the file."""
    visits = replace(VISITS, 1, "P01,2015-09-01,300,75,62,15,,extra")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 3 (patient P01): 8 fields, the header has 7; "
        "put a value that holds a comma in quotes"
    ]


def test_short_row_message(tmp_path: Path) -> None:
    """A row with fewer fields than the header is a problem, not padded with missing values."""
    visits = (*VISITS, "P01,2015-12-01,300")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 6 (patient P01): 3 fields, the header has 7"
    ]


def test_unquoted_thousands_separator_is_a_row_problem(tmp_path: Path) -> None:
    """An unquoted '1,200' gives one field too many, reported on its row, not the file."""
    visits = replace(VISITS, 0, "P01,2015-03-01,1,200,71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2 (patient P01): 8 fields, the header has 7; "
        "put a value that holds a comma in quotes"
    ]


def test_rows_of_the_wrong_width_are_excluded_and_listed(tmp_path: Path) -> None:
    """When excluding, a row of the wrong width is left out and listed; the rest load."""
    visits = (*VISITS, "P02,2016-02-01", "P02,2016-03-01,1,200,71.5,60,40,12")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits), on_error="exclude")
    assert [(row.row, row.reason[:31]) for row in cohort.excluded] == [
        (6, "2 fields, the header has 7"),
        (7, "8 fields, the header has 7; put"),
    ]
    assert len(cohort.visits) == 4


def test_row_numbers_stay_true_around_rows_of_the_wrong_width(tmp_path: Path) -> None:
    """Short, long and blank lines keep the row numbers of the lines after them."""
    visits = (*VISITS, "P01,2016-01-01", "", "P01,2016-02-01,1,2,3,4,5,6", "P01,2016-03-01,-3,,,,")
    assert [p.row for p in problems_of(write_cohort(tmp_path, visits=visits))] == [6, 8, 9]


def test_line_of_commas_is_a_blank_line(tmp_path: Path) -> None:
    """A line of nothing but commas and spaces is skipped as blank, whatever its width."""
    visits = (*VISITS, ",, ,", " ")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits))
    assert cohort.notices == ("visits.csv: 2 empty row(s) skipped (rows 6, 7)",)


def test_long_row_with_text_only_beyond_the_header_is_not_blank(tmp_path: Path) -> None:
    """A row whose only text lies beyond the header's columns is reported, not skipped."""
    visits = (*VISITS, ",,,,,,,P01")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 6: 8 fields, the header has 7; put a value that holds a comma in quotes"
    ]


def test_not_utf8_message(tmp_path: Path) -> None:
    """A file that is not UTF-8 names the line of the first bad byte and what to do."""
    write_cohort(tmp_path)
    text = "\n".join([HEADERS["patients"], *PATIENTS[:2], "P03,F,1972-01-15,Myosite,y,"])
    (tmp_path / "patients.csv").write_bytes(
        text.encode("latin-1").replace(b"Myosite", b"Myosit\xe9")
    )
    assert messages_of(tmp_path) == [
        "patients.csv: is not UTF-8 text: byte 0xe9 on line 4 cannot be decoded; "
        "save the file as UTF-8 (in Excel: CSV UTF-8)"
    ]


def test_not_utf8_deep_in_a_large_file_is_the_same_message(tmp_path: Path) -> None:
    """A bad byte far past the header (where the CSV is parsed, not sniffed) is named too."""
    write_cohort(tmp_path)
    rows = [VISITS[0]] * 20_000 + ["P01,2016-01-01,1,Myosit\xe9,,,"]
    (tmp_path / "visits.csv").write_bytes("\n".join([HEADERS["visits"], *rows]).encode("latin-1"))
    assert messages_of(tmp_path) == [
        "visits.csv: is not UTF-8 text: byte 0xe9 on line 20002 cannot be decoded; "
        "save the file as UTF-8 (in Excel: CSV UTF-8)"
    ]


def test_quote_left_open_message(tmp_path: Path) -> None:
    """A quote never closed is reported for the file and its row, not blamed on the encoding."""
    visits = replace(VISITS, 2, 'P02,2016-01-10,"5400,55.5,NA,60,30')
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        'visits.csv: cannot be read as CSV: a quote (") opened in row 4 is never closed'
    ]


def test_repeated_column_in_a_file_is_reported(tmp_path: Path) -> None:
    """A CSV header with the same column twice is a table-level problem."""
    headers = {"visits": HEADERS["visits"] + ",ck"}
    visits = [line + ",1" for line in VISITS]
    assert messages_of(write_cohort(tmp_path, visits=visits, headers=headers)) == [
        "visits.csv: column 'ck' appears more than once"
    ]


def test_folder_in_place_of_a_file_message(tmp_path: Path) -> None:
    """A folder named patients.csv is reported as such, in one line."""
    write_cohort(tmp_path)
    (tmp_path / "patients.csv").unlink()
    (tmp_path / "patients.csv").mkdir()
    assert messages_of(tmp_path) == [
        f"patients.csv: is a folder, not a file: {str(tmp_path / 'patients.csv')!r}"
    ]


def test_file_that_cannot_be_opened_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be opened (permission denied) is reported in one line."""
    write_cohort(tmp_path)
    blocked = tmp_path / "visits.csv"
    path_open = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == blocked:
            raise PermissionError(13, "Permission denied", str(self))
        return path_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    assert messages_of(tmp_path) == [
        f"visits.csv: cannot be opened (permission denied): {str(blocked)!r}"
    ]


def test_file_instead_of_folder_is_rejected(tmp_path: Path) -> None:
    """Giving a file where the folder is expected raises NotADirectoryError."""
    file = write_cohort(tmp_path) / "patients.csv"
    with pytest.raises(NotADirectoryError, match="not a folder"):
        load_cohort(file)


def test_row_with_only_an_unknown_column_is_not_skipped(tmp_path: Path) -> None:
    """A row whose only value is in an unknown column is still a row, and still checked."""
    headers = {"visits": HEADERS["visits"] + ",bmi"}
    visits = [*(line + "," for line in VISITS), ",,,,,,,22.5"]
    assert messages_of(write_cohort(tmp_path, visits=visits, headers=headers)) == [
        "visits.csv row 6: patient_id is required but missing",
        "visits.csv row 6: date is required but missing",
    ]


def test_garbage_collector_state_is_restored(tmp_path: Path) -> None:
    """Loading pauses the garbage collector only while it runs, even when it raises."""
    visits = replace(VISITS, 0, "P01,2015-03-01,-1,71.5,60,40,12")
    with pytest.raises(CohortDataError):
        load_cohort(write_cohort(tmp_path, visits=visits))
    assert gc.isenabled()


def test_visit_after_death_is_reported_with_the_rows_other_problems(tmp_path: Path) -> None:
    """A visit after death is reported even when the same row has another problem."""
    visits = (*VISITS, "P03,2022-01-01,-3,1,1,1,1")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 6 (patient P03): ck must be >= 0 and <= 1000000, got -3",
        "visits.csv row 6 (patient P03): date 2022-01-01 is after the patient's death_date "
        "2021-06-30 (patients.csv row 4)",
    ]
