"""Patients held as columns build the loader's models; ages over columns equal age_on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.io import load_cohort
from myopathy_outcomes.models import Patient
from myopathy_outcomes.storage import PatientRows
from myopathy_outcomes.storage.patients import ages_on, patient_columns, patients_at
from tests._cohort_files import HEADERS, PATIENTS, write_cohort

BIRTHS = st.dates(dt.date(1901, 1, 1), dt.date(2020, 12, 31))  # the model's plausible range
DAYS = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
LEAP_DAYS = [dt.date(2021, 2, 28), dt.date(2021, 3, 1), dt.date(2024, 2, 29)]


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(BIRTHS, DAYS), min_size=1, max_size=20))
def test_ages_over_columns_equal_age_on(pairs: list[tuple[dt.date, dt.date]]) -> None:
    """Every age, 29 February birthdays and days before birth included, equals age_on."""
    births = [b for b, _ in pairs] + [dt.date(1960, 2, 29)] * 3
    days = [d for _, d in pairs] + [
        dt.date(2021, 2, 28),
        dt.date(2021, 3, 1),
        dt.date(2024, 2, 29),
    ]
    got = ages_on(
        np.array([b.toordinal() for b in births]), np.array([d.toordinal() for d in days])
    )
    want = [
        Patient(patient_id="P", sex="F", birth_date=b, diagnosis="DM", ild=False).age_on(d)
        for b, d in zip(births, days, strict=True)
    ]
    assert got.tolist() == want


def test_loaded_patients_are_columns_and_build_the_validated_models(tmp_path: Path) -> None:
    """Each patient built from the columns equals the model of its row, fields given included."""
    cohort = load_cohort(write_cohort(tmp_path))
    patients = cohort.patients
    assert isinstance(patients, PatientRows)
    header = HEADERS["patients"].split(",")
    want = tuple(
        Patient(**{k: v for k, v in zip(header, line.split(","), strict=True) if v})
        for line in PATIENTS
    )
    assert patients == want
    assert [p.model_fields_set for p in patients] == [set(header)] * 3  # the file's columns
    assert patients[-1] == want[-1]
    assert patients[1:] == want[1:]
    with pytest.raises(IndexError, match="out of range for 3 patients"):
        patients[3]
    picked = patients_at(patients, np.array([2, 0]))
    assert isinstance(picked, PatientRows)
    assert tuple(picked) == (want[2], want[0])
    assert patients_at(want, np.array([2, 0])) == (want[2], want[0])


def test_columns_of_models_equal_the_columns_held(tmp_path: Path) -> None:
    """The columns read from models are the columns a loaded cohort holds."""
    patients = load_cohort(write_cohort(tmp_path)).patients
    held, built = patient_columns(patients), patient_columns(tuple(patients))
    assert held.patient_ids == built.patient_ids == ("P01", "P02", "P03")
    for field in ("sex", "birth_day", "diagnosis", "ild", "death_day"):
        assert getattr(held, field).tolist() == getattr(built, field).tolist()
    assert held.death_day.tolist() == [-1, -1, dt.date(2021, 6, 30).toordinal()]
