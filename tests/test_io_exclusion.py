"""What excluding a row takes along: found by the stages, recorded by the entry point."""

from __future__ import annotations

from myopathy_outcomes.io.exclusion import (
    excluded_patients,
    incomplete_drug_histories,
    rows_of_excluded_patients,
)
from tests._cohort_files import PATIENTS, REGIMENS, VISITS
from tests.test_io_cross_table import checked


def test_rows_of_an_excluded_patient_name_the_patient_row() -> None:
    """Excluding a patient takes their visits along, each naming the patient row and reason."""
    patients = checked("patients", ("P01,X,1960-04-02,DM,yes,", *PATIENTS[1:]))
    visits = checked("visits", VISITS)
    leaving = excluded_patients(patients)
    assert leaving == {"P01": "patients.csv row 2: sex must be F or M (female/male), got 'X'"}
    assert [position for position, _, _ in rows_of_excluded_patients(visits, leaving)] == [0, 1]


def test_an_excluded_regimen_row_takes_its_patient_along() -> None:
    """A patient with an unreadable regimen row leaves with every other row, the cause named."""
    patients, visits = checked("patients", PATIENTS), checked("visits", VISITS)
    regimens = checked("regimens", ("P02,aspirin,2016-01-10,,,", *REGIMENS))
    reason = (
        "patient P02 is excluded (regimens.csv row 2 could not be read: unknown drug 'aspirin'"
    )
    taken = incomplete_drug_histories(regimens, patients, visits)
    assert [[position for position, _, _ in found] for found in taken] == [[1], [2], [2]]
    assert all(message.startswith(reason) for found in taken for _, _, message in found)
    assert patients.problems == {} and visits.problems == {}  # found, not recorded
    assert regimens.problems.keys() == {0}
