"""Loading cell values: number types, ranges, placeholders, dates, missing values, ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.io import cohort_from_frames, load_cohort
from myopathy_outcomes.models import Visit
from myopathy_outcomes.rules.ild import IldProgressionRule
from myopathy_outcomes.schema import MEASURES, Measure
from tests._cohort_files import HEADERS, PATIENTS, REGIMENS, VISITS, replace, write_cohort
from tests.test_io import messages_of, typed_frames

# --- number types in DataFrames -----------------------------------------------------------

FVC = [80.1, 72.09, 55.5, None]
"""An exactly 10% decline (80.1 to 72.09), then a value and a gap."""


def frames_with_fvc(column: pd.Series[object]) -> list[float | None]:
    """The %FVC values loaded from the typed frames with ``column`` as fvc_pct."""
    frames = typed_frames()
    frames.visits["fvc_pct"] = column
    return [visit.fvc_pct for visit in cohort_from_frames(*frames).visits]


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(FVC, dtype="float32"),
        pd.Series(FVC, dtype="Float32"),
        pd.Series([np.float32(v) if v is not None else None for v in FVC], dtype=object),
        pd.Series(FVC, dtype=np.longdouble),
        pd.Series([None if v is None else str(v) for v in FVC], dtype=object),
        pd.Series(FVC, dtype="float64"),
    ],
    ids=["float32", "Float32", "object-float32", "longdouble", "text", "float64"],
)
def test_float_types_read_as_the_decimals_shown(column: pd.Series[object]) -> None:
    """A float of any width is read as the decimal it shows: float32 72.09 is 72.09."""
    assert frames_with_fvc(column) == [80.1, 72.09, 55.5, None]


def test_float32_decline_of_exactly_ten_percent_is_not_progression() -> None:
    """80.1 to 72.09 given as float32 stays a decline of exactly 10%, not progression."""
    baseline, follow_up, *_ = frames_with_fvc(pd.Series(FVC, dtype="float32"))
    assert baseline is not None and follow_up is not None
    assert not IldProgressionRule().is_progression(baseline, follow_up)


def test_float16_is_read_as_its_shortest_decimal() -> None:
    """A float16 72.1 (stored as 72.125) is read as 72.1."""
    assert frames_with_fvc(pd.Series([72.1, 50.0, 60.0, np.nan], dtype="float16")) == [
        72.1,
        50.0,
        60.0,
        None,
    ]


def test_nullable_integers_are_read_with_their_gaps() -> None:
    """An Int64 column with pd.NA loads its integers and its gaps."""
    frames = typed_frames()
    frames.visits["ck"] = pd.array([1200, None, 5400, 150], dtype="Int64")
    assert [v.ck for v in cohort_from_frames(*frames).visits] == [1200.0, None, 5400.0, 150.0]


def test_float32_value_out_of_range_is_shown_as_its_decimal() -> None:
    """A float32 value out of range is quoted as the decimal it shows."""
    frames = typed_frames()
    frames.visits["fvc_pct"] = pd.Series([250.3, 70.0, 70.0, 70.0], dtype="float32")
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert [str(p) for p in raised.value.problems] == [
        "visits table row 2 (patient P01): fvc_pct must be > 0 and <= 200, got 250.3"
    ]


def test_complex_numbers_are_refused() -> None:
    """A complex column is an error on each row, not read as its real part."""
    frames = typed_frames()
    frames.visits["ck"] = np.array([1 + 0j, 2, 3, 4], dtype=complex)
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert str(raised.value.problems[0]) == (
        "visits table row 2 (patient P01): ck must be a number, got (1+0j)"
    )


# --- plausible ranges -------------------------------------------------------------------


def test_ck_of_1e308_is_refused_with_its_bound(tmp_path: Path) -> None:
    """A CK of 1e308 is out of the plausible range, which the message states."""
    visits = replace(VISITS, 0, "P01,2015-03-01,1e308,71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2 (patient P01): ck must be >= 0 and <= 1000000, got 1e308"
    ]


def test_ck_of_a_million_is_allowed(tmp_path: Path) -> None:
    """The upper bound itself is allowed."""
    visits = replace(VISITS, 0, "P01,2015-03-01,1000000,71.5,60,40,12")
    assert load_cohort(write_cohort(tmp_path, visits=visits)).visits[0].ck == 1e6


def test_huge_dose_is_refused_with_its_bound(tmp_path: Path) -> None:
    """A dose above 10^6 (in any unit) is refused, naming the range."""
    regimens = replace(REGIMENS, 0, "P01,MMF,2015-03-01,,20000000,mg/day")
    assert messages_of(write_cohort(tmp_path, regimens=regimens)) == [
        "regimens.csv row 2 (patient P01): dose must be > 0 and <= 1000000, got 20000000"
    ]


def test_huge_float_from_a_frame_is_shown_as_a_float() -> None:
    """1e308 from a DataFrame is shown as 1e+308, not as its 309 digits."""
    frames = typed_frames()
    frames.visits["ck"] = [1e308, 1.0, 1.0, 1.0]
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert str(raised.value.problems[0]).endswith("ck must be >= 0 and <= 1000000, got 1e+308")


@pytest.mark.parametrize("measure", [m for m in MEASURES.values() if m.name in Visit.model_fields])
def test_visit_ranges_are_the_schema_ranges(measure: Measure) -> None:
    """Each visit measure admits its schema bounds as declared and refuses just beyond."""

    def loads(value: float) -> bool:
        try:
            Visit.model_validate({"patient_id": "P01", "date": "2015-01-01", measure.name: value})
        except ValidationError:
            return False
        return True

    above, below = measure.maximum * (1 + 1e-9) + 1e-9, measure.minimum - 1e-9
    assert loads(measure.maximum) is measure.maximum_inclusive
    assert loads(measure.minimum) is measure.minimum_inclusive
    assert not loads(above) and not loads(below)


@pytest.mark.parametrize("measure", [m for m in MEASURES.values() if m.name in Visit.model_fields])
def test_out_of_range_message_is_the_schema_bound_text(tmp_path: Path, measure: Measure) -> None:
    """The message for a value out of range quotes the schema's bound text."""
    columns = HEADERS["visits"].split(",")
    extra = [] if measure.name in columns else [measure.name]
    columns = [*columns, *extra]
    cells = ["P01", "2015-03-01", *[""] * (len(columns) - 2)]
    cells[columns.index(measure.name)] = "3000000"
    visits = [*(line + "," * len(extra) for line in VISITS)]
    visits[0] = ",".join(cells)
    headers = {"visits": ",".join(columns)}
    assert messages_of(write_cohort(tmp_path, visits=visits, headers=headers)) == [
        f"visits.csv row 2 (patient P01): {measure.name} {measure.bound_text()}, got 3000000"
    ]


# --- placeholder dates --------------------------------------------------------------------


@pytest.mark.parametrize("placeholder", ["1900-01-01", "1899-12-31", "1899-12-30"])
def test_placeholder_birth_date_is_named(tmp_path: Path, placeholder: str) -> None:
    """A birth date that is a known placeholder is refused as one."""
    patients = replace(PATIENTS, 0, f"P01,F,{placeholder},DM,yes,")
    (message,) = messages_of(write_cohort(tmp_path, patients=patients))
    assert message.startswith(
        f"patients.csv row 2 (patient P01): birth_date is {placeholder}, a placeholder for an "
        "unknown date ("
    )
    assert message.endswith(
        "not a real date; give the real date, or leave the cell empty if it is unknown"
    )


@pytest.mark.parametrize(
    ("table", "line"),
    [
        ("patients", "P03,F,1972-01-15,PM,y,1900-01-01"),
        ("regimens", "P01,MMF,2015-03-01,1899-12-30,2000,mg/day"),
    ],
)
def test_placeholder_is_named_in_every_date_field(tmp_path: Path, table: str, line: str) -> None:
    """Death dates and stop dates that are placeholders are named so too."""
    lines = {"patients": PATIENTS, "regimens": REGIMENS}[table]
    index = 2 if table == "patients" else 0
    folder = write_cohort(tmp_path, **{table: replace(lines, index, line)})
    messages = messages_of(folder)
    assert any("a placeholder for an unknown date" in message for message in messages), messages


def test_placeholder_date_in_a_frame_is_named() -> None:
    """A placeholder given as a datetime in a DataFrame is named too."""
    frames = typed_frames()
    frames.patients["birth_date"] = pd.to_datetime(["1900-01-01", "1955-11-20", "1972-01-15"])
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert "birth_date is 1900-01-01, a placeholder" in str(raised.value.problems[0])


def test_day_after_a_placeholder_is_a_date(tmp_path: Path) -> None:
    """1900-01-02 is an ordinary (if early) date."""
    patients = replace(PATIENTS, 0, "P01,F,1900-01-02,DM,yes,")
    assert load_cohort(write_cohort(tmp_path, patients=patients)).patients[0].birth_date == (
        dt.date(1900, 1, 2)
    )


def test_year_9999_is_named_a_placeholder(tmp_path: Path) -> None:
    """A stop date of 9999-12-31 is in the future, and said to be a placeholder."""
    regimens = replace(REGIMENS, 0, "P01,MMF,2015-03-01,9999-12-31,2000,mg/day")
    assert messages_of(write_cohort(tmp_path, regimens=regimens)) == [
        "regimens.csv row 2 (patient P01): stop_date is in the future: 9999-12-31 "
        "(a placeholder for an open or unknown date; leave the cell empty)"
    ]


# --- how dates are written ------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "1959/06/12",
        "1959/6/12",
        "1959-6-12",
        "1959-06-12 00:00:00",
        "1959-06-12T10:30",
        "1959/6/12 10:30:00",
    ],
)
def test_year_first_dates_load(tmp_path: Path, written: str) -> None:
    """Year first, with / or -, without zero padding or with a time of day: the day."""
    patients = replace(PATIENTS, 0, f"P01,F,{written},DM,yes,")
    cohort = load_cohort(write_cohort(tmp_path, patients=patients))
    assert cohort.patients[0].birth_date == dt.date(1959, 6, 12)


@pytest.mark.parametrize(
    ("written", "question"),
    [
        ("12/06/1959", " (is it 12 June or 6 December?)"),
        ("12.06.59", " (is it 12 June or 6 December?)"),
        ("6-30-1959", ""),
    ],
)
def test_day_or_month_first_date_is_ambiguous(tmp_path: Path, written: str, question: str) -> None:
    """A date not written year first is refused and said to be ambiguous."""
    patients = replace(PATIENTS, 0, f"P01,F,{written},DM,yes,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        f"patients.csv row 2 (patient P01): birth_date must be written year first, YYYY-MM-DD, "
        f"got '{written}': day-first and month-first dates are ambiguous{question}"
    ]


def test_mixed_separators_are_refused(tmp_path: Path) -> None:
    """1959/06-12 mixes two separators and is not read."""
    patients = replace(PATIENTS, 0, "P01,F,1959/06-12,DM,yes,")
    assert messages_of(write_cohort(tmp_path, patients=patients)) == [
        "patients.csv row 2 (patient P01): birth_date must be an ISO date YYYY-MM-DD, "
        "got '1959/06-12'"
    ]


def test_impossible_time_of_day_is_refused(tmp_path: Path) -> None:
    """A time of day that is not on the clock is an error, not dropped."""
    visits = replace(VISITS, 0, "P01,2015-03-01 25:00,1200,71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2 (patient P01): date is not a real time of day: '2015-03-01 25:00'"
    ]


def test_impossible_year_first_date_is_refused(tmp_path: Path) -> None:
    """A year-first date without padding that is not on the calendar is named so."""
    visits = replace(VISITS, 0, "P01,2015/2/30,1200,71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 2 (patient P01): date is not a real calendar date: '2015/2/30'"
    ]


# --- missing values -----------------------------------------------------------------------

SPELLINGS = ["", "NA", "N/A", "#N/A", "NULL", "null", "None", "nan", "-", " na "]


@pytest.mark.parametrize("written", SPELLINGS)
def test_missing_spellings_in_an_optional_field(tmp_path: Path, written: str) -> None:
    """Every documented spelling of "missing" leaves an optional field empty."""
    visits = replace(VISITS, 0, f"P01,2015-03-01,{written},71.5,60,40,12")
    regimens = replace(REGIMENS, 0, f"P01,MMF,2015-03-01,{written},2000,mg/day")
    cohort = load_cohort(write_cohort(tmp_path, visits=visits, regimens=regimens))
    assert (cohort.visits[0].ck, cohort.regimens[0].stop_date) == (None, None)


@pytest.mark.parametrize("written", [s for s in SPELLINGS if s.strip()])
def test_missing_spelling_in_a_required_field_is_named(tmp_path: Path, written: str) -> None:
    """A required field holding a missing marker says it is missing and how it was written."""
    regimens = replace(REGIMENS, 0, f"P01,{written},2015-03-01,,2000,mg/day")
    assert messages_of(write_cohort(tmp_path, regimens=regimens)) == [
        f"regimens.csv row 2 (patient P01): drug is required but missing "
        f"({written.strip()!r} is read as missing)"
    ]


def test_missing_spelling_in_a_frame_is_named() -> None:
    """Text "N/A" in a required DataFrame column is named; NaN is just missing."""
    frames = typed_frames()
    frames.patients["sex"] = ["N/A", None, "F"]
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert [str(p) for p in raised.value.problems] == [
        "patients table row 2 (patient P01): sex is required but missing "
        "('N/A' is read as missing)",
        "patients table row 3 (patient P02): sex is required but missing",
    ]


# --- patient ids --------------------------------------------------------------------------


def test_na_as_a_patient_id_is_read_as_missing(tmp_path: Path) -> None:
    """The id NA is read as missing, and the message says so."""
    visits = (*VISITS, "NA,2016-01-10,100,80,70,0,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 6: patient_id is required but missing ('NA' is read as missing)"
    ]


@pytest.mark.parametrize(
    ("patient_id", "found"),
    [
        ("P\u00a001", "U+00A0 no-break space at character 2"),
        ("P01\u200b", "U+200B zero width space at character 4"),
        ("P0\ufeff1", "U+FEFF zero width no-break space (a byte-order mark) at character 3"),
        ("P0\t1", "U+0009 tab at character 3"),
    ],
)
def test_invisible_character_in_an_id_is_named(
    tmp_path: Path, patient_id: str, found: str
) -> None:
    """An invisible character inside an id is named with its code point and place, once."""
    visits = (*VISITS, f"{patient_id},2016-01-10,100,80,70,0,")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        f"visits.csv row 6 (patient {patient_id!r}): patient_id must not contain control "
        f"characters or invisible ones, found {found} in {patient_id!r}"
    ]


@pytest.mark.parametrize(
    ("patient_id", "how"),
    [
        ("p01", "which differs only in case"),
        ("\uff30\uff10\uff11", "which differs only in Unicode normal form (NFKC)"),
        ("\uff50\uff10\uff11", "which differs only in case and Unicode normal form (NFKC)"),
    ],
)
def test_unknown_id_close_to_a_known_one_names_it(
    tmp_path: Path, patient_id: str, how: str
) -> None:
    """An unknown id equal to a known one up to case or Unicode form names the known one."""
    regimens = (*REGIMENS, f"{patient_id},MTX,2016-01-10,,10,mg/week")
    assert messages_of(write_cohort(tmp_path, regimens=regimens)) == [
        f"regimens.csv row 5 (patient {patient_id}): patient_id {patient_id!r} is not in "
        f"patients.csv (patients.csv has 'P01', {how})"
    ]


def test_decomposed_accent_in_an_id_names_the_composed_one(tmp_path: Path) -> None:
    """An id typed with a combining accent matches its composed spelling only in NFKC."""
    patients = (*PATIENTS, "Z\u00e9,F,1970-01-01,DM,no,")
    visits = (*VISITS, "Ze\u0301,2016-01-10,100,80,70,0,")
    (message,) = messages_of(write_cohort(tmp_path, patients=patients, visits=visits))
    assert message.endswith(
        "(patients.csv has 'Z\u00e9', which differs only in Unicode normal form (NFKC))"
    )


# --- dates beyond Python's calendar ---------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("12920-03-01", "is in the future: 12920-03-01"),
        ("+12920-03-01", "is in the future: +12920-03-01"),
        ("-0044-03-15", "is before 1900: -0044-03-15"),
        ("02015-03-01", "must be an ISO date YYYY-MM-DD, got '02015-03-01'"),
    ],
)
def test_year_beyond_the_calendar_is_a_cell_problem(
    tmp_path: Path, written: str, said: str
) -> None:
    """A year of five digits or a sign is a problem of its cell, with file, row and patient."""
    visits = replace(VISITS, 0, f"P01,{written},1200,71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        f"visits.csv row 2 (patient P01): date {said}"
    ]


def test_numpy_date_beyond_year_9999_is_a_cell_problem() -> None:
    """A datetime64[s] of year 12920 in a frame is a problem of its row, not a traceback."""
    frames = typed_frames()
    visits = frames.visits.assign(
        date=np.array(["2015-03-01", "12920-03-01", "2016-01-10", "2020-02-01"], "datetime64[s]")
    )
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(frames.patients, visits, frames.regimens)
    assert [str(p) for p in raised.value.problems] == [
        "visits table row 3 (patient P01): date is in the future: 12920-03-01"
    ]


def test_bytes_in_a_frame_read_as_utf8_text() -> None:
    """Bytes cells in a frame are their UTF-8 text; other bytes are named in their row."""
    frames = typed_frames()
    visits = frames.visits.assign(
        patient_id=[b"P01", b"P01", b"P02", b"P03"], ck=[b"1200", b"\xff", None, None]
    )
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(frames.patients, visits, frames.regimens)
    assert [str(p) for p in raised.value.problems] == [
        "visits table row 3 (patient P01): ck must be UTF-8 text, got b'\\xff'"
    ]
