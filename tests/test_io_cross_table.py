"""The checks across tables find problems and record nothing: the entry point decides."""

from __future__ import annotations

import pandas as pd

from myopathy_outcomes.io.cross_table import (
    outside_life_span,
    repeated_ids,
    same_day_conflicts,
    unknown_patients,
)
from myopathy_outcomes.io.shaping import Shaped, shape_table
from myopathy_outcomes.io.specs import TABLES
from myopathy_outcomes.io.validation import CheckedTable, validate_table
from tests._cohort_files import HEADERS, PATIENTS, VISITS


def checked(name: str, lines: tuple[str, ...]) -> CheckedTable:
    """The table ``name`` holding the CSV ``lines``, shaped and validated."""
    spec = next(spec for spec in TABLES if spec.name == name)
    frame = pd.DataFrame(
        [line.split(",") for line in lines], columns=HEADERS[name].split(","), dtype=object
    )
    labels = {spec.name: spec.file_name for spec in TABLES}
    shaped = shape_table(frame, spec, labels, misfits={})
    assert isinstance(shaped, Shaped)
    return validate_table(spec, spec.file_name, shaped, {})


def test_repeated_ids_name_the_first_row_and_the_repeats() -> None:
    """A repeated id breaks the rule in its later rows; its first row is contradicted."""
    patients = checked("patients", (*PATIENTS, "P01,M,1961-01-01,PM,no,"))
    found = repeated_ids(patients)
    assert found.breaking == [(3, "patient_id", "patient_id 'P01' repeats row 2")]
    assert found.contradicted == [(0, "patient_id", "patient_id 'P01' is repeated in row(s) 5")]


def test_checks_across_tables_record_nothing() -> None:
    """Finding a repeated id, an unknown patient or a conflict leaves every table as it was."""
    patients = checked("patients", (*PATIENTS, "P01,M,1961-01-01,PM,no,"))
    visits = checked("visits", (*VISITS, "P09,2015-03-01,,,,,", "P01,2015-03-01,900,,,,"))
    repeated_ids(patients)
    assert unknown_patients(visits, patients) != []
    assert same_day_conflicts(visits) != []
    outside_life_span(visits, "date", patients)
    assert patients.problems == {} and visits.problems == {}


def test_same_day_conflict_breaks_in_the_later_row_and_contradicts_the_first() -> None:
    """A second CK on one date breaks the rule; the row it contradicts is named for exclusion."""
    visits = checked("visits", (*VISITS, "P01,2015-03-01,900,,,,"))
    (conflict,) = same_day_conflicts(visits)
    advice = "give one value per measure and date"
    assert conflict.breaking == [
        (4, "ck", f"ck 900 on 2015-03-01 conflicts with row 2 (ck 1200); {advice}")
    ]
    assert conflict.contradicted == [
        (0, "ck", f"ck 1200 on 2015-03-01 conflicts with row 6 (ck 900); {advice}")
    ]
