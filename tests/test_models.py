"""The record models: parsing, field rules, cross-field rules, immutability."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from myopathy_outcomes.drugs import Drug, DrugClass
from myopathy_outcomes.models import Diagnosis, Patient, Regimen, Sex, Visit
from myopathy_outcomes.schema import MEASURES
from myopathy_outcomes.storage import Cohort


def patient(**changes: object) -> Patient:
    """A valid patient with ``changes`` applied."""
    fields: dict[str, object] = {
        "patient_id": "P01",
        "sex": "F",
        "birth_date": "1960-04-02",
        "diagnosis": "DM",
        "ild": "yes",
    }
    return Patient.model_validate({**fields, **changes})


def regimen(**changes: object) -> Regimen:
    """A valid regimen with ``changes`` applied."""
    fields: dict[str, object] = {
        "patient_id": "P01",
        "drug": "MMF",
        "start_date": "2020-02-01",
        "dose": 2000,
        "dose_unit": "mg/day",
    }
    return Regimen.model_validate({**fields, **changes})


def test_models_are_frozen() -> None:
    """A validated record cannot be changed."""
    visit = Visit(patient_id="P01", date="2020-01-01", ck=100)
    with pytest.raises(ValidationError, match="frozen"):
        visit.ck = 5  # type: ignore[misc]


@pytest.mark.parametrize("model", [Patient, Visit, Regimen])
def test_extra_fields_are_rejected(model: type[Patient | Visit | Regimen]) -> None:
    """An unknown field is an error, not silently ignored."""
    with pytest.raises(ValidationError, match="bmi"):
        model.model_validate({"patient_id": "P01", "bmi": 22})


def test_stop_before_start_is_rejected() -> None:
    """A regimen cannot stop before it starts."""
    with pytest.raises(
        ValidationError, match="stop_date 2020-01-01 is before start_date 2020-02-01"
    ):
        regimen(stop_date="2020-01-01")


def test_stop_on_start_day_is_allowed() -> None:
    """A one-day regimen (stop on the start day) is valid."""
    assert regimen(stop_date="2020-02-01").stop_date == dt.date(2020, 2, 1)


def test_dose_without_unit_is_rejected() -> None:
    """A dose needs its unit."""
    with pytest.raises(ValidationError, match="dose_unit is required when dose is given"):
        regimen(dose_unit=None)


def test_blank_unit_counts_as_missing() -> None:
    """A unit of only spaces is no unit."""
    with pytest.raises(ValidationError, match="dose_unit is required"):
        regimen(dose_unit="   ")


def test_missing_drug_is_a_validation_error() -> None:
    """A missing drug raises ValidationError, not AttributeError."""
    with pytest.raises(ValidationError, match="must be a drug name, got None"):
        regimen(drug=None)


def test_regimen_drug_is_normalised() -> None:
    """The drug name is normalised and knows its class."""
    r = regimen(drug="neoral")
    assert (r.drug, r.drug_class) == (Drug.CYCLOSPORINE, DrugClass.CALCINEURIN_INHIBITOR)


def test_regimen_is_active_on_both_end_days() -> None:
    """Start and stop days both count as taking the drug."""
    r = regimen(stop_date="2020-03-01")
    assert [r.is_active_on(dt.date(2020, m, d)) for m, d in ((1, 31), (2, 1), (3, 1), (3, 2))] == [
        False,
        True,
        True,
        False,
    ]


def test_death_before_birth_is_rejected() -> None:
    """A patient cannot die before being born."""
    with pytest.raises(ValidationError, match="death_date 1950-01-01 is before birth_date"):
        patient(death_date="1950-01-01")


@pytest.mark.parametrize("text", ["2021-02-30", "2021-13-01"])
def test_impossible_date_is_rejected(text: str) -> None:
    """A well-formed date that is not on the calendar is rejected as such."""
    with pytest.raises(ValidationError, match="is not a real calendar date"):
        patient(birth_date=text)


@pytest.mark.parametrize("text", ["1960-04-02x", "19600402", "April 2, 1960"])
def test_non_iso_date_is_rejected(text: str) -> None:
    """Text that is not a date written year first is rejected."""
    with pytest.raises(ValidationError, match="must be an ISO date YYYY-MM-DD"):
        patient(birth_date=text)


@pytest.mark.parametrize("text", ["02/04/1960", "2-4-1960", "02.04.60"])
def test_day_or_month_first_date_is_rejected_as_ambiguous(text: str) -> None:
    """A date not written year first is refused, and said to be ambiguous."""
    with pytest.raises(ValidationError, match="day-first and month-first dates are ambiguous"):
        patient(birth_date=text)


@pytest.mark.parametrize(
    "text", ["1960-4-2", "1960/04/02", "1960/4/2", "1960-04-02T00:00", "1960-04-02 23:59:59"]
)
def test_year_first_dates_are_accepted(text: str) -> None:
    """Year-first dates with / or without zero padding, and with a time, are the day."""
    assert patient(birth_date=text).birth_date == dt.date(1960, 4, 2)


def test_midnight_timestamp_is_a_date() -> None:
    """A pandas Timestamp at midnight is accepted as its date."""
    assert patient(birth_date=pd.Timestamp("1960-04-02")).birth_date == dt.date(1960, 4, 2)


def test_timestamp_with_time_is_its_day() -> None:
    """A timestamp with a time of day is its date, as a text date with a time is."""
    assert patient(birth_date=pd.Timestamp("1960-04-02 08:30")).birth_date == dt.date(1960, 4, 2)


@pytest.mark.parametrize(("text", "sex"), [("female", Sex.FEMALE), (" M ", Sex.MALE)])
def test_sex_spellings(text: str, sex: Sex) -> None:
    """Sex accepts F/M and female/male in any case."""
    assert patient(sex=text).sex is sex


@pytest.mark.parametrize(
    ("text", "sex"),
    [("女", Sex.FEMALE), ("女性", Sex.FEMALE), ("男", Sex.MALE), (" 男性 ", Sex.MALE)],
)
def test_sex_in_japanese(text: str, sex: Sex) -> None:
    """Sex accepts 女/男 (woman/man) and 女性/男性 (female/male)."""
    assert patient(sex=text).sex is sex


def test_full_width_number_is_read_as_ascii() -> None:
    """A measure typed in full-width digits is the number they write."""
    assert Visit(patient_id="P01", date="2015-03-01", ck="\uff11\uff12\uff10\uff10").ck == 1200


def test_full_width_date_is_read_as_ascii() -> None:
    """A date typed in full-width digits and slashes is the date they write."""
    written = "\uff12\uff10\uff11\uff15\uff0f\uff13\uff0f\uff11"
    assert Visit(patient_id="P01", date=written).date == dt.date(2015, 3, 1)


def test_timestamp_beyond_year_9999_is_in_the_future() -> None:
    """A pandas Timestamp past Python's calendar is refused in words, not a crash."""
    late = pd.Timestamp(np.datetime64("12920-03-01", "s"))
    with pytest.raises(ValidationError, match="is in the future: 12920-03-01"):
        Visit(patient_id="P01", date=late)


@pytest.mark.parametrize(
    ("text", "diagnosis"),
    [("dermatomyositis", Diagnosis.DM), ("anti-synthetase syndrome", Diagnosis.ASS)],
)
def test_diagnosis_spellings(text: str, diagnosis: Diagnosis) -> None:
    """Diagnosis accepts its code or its name written out."""
    assert patient(diagnosis=text).diagnosis is diagnosis


@pytest.mark.parametrize(("text", "ild"), [("Yes", True), ("NO", False), ("0", False)])
def test_yes_no_in_any_case(text: str, ild: bool) -> None:
    """Yes/no fields accept the usual spellings in any case."""
    assert patient(ild=text).ild is ild


def test_empty_patient_id_is_rejected() -> None:
    """A patient id of only spaces is not an id."""
    with pytest.raises(ValidationError, match="must not be empty"):
        patient(patient_id="  ")


@pytest.mark.parametrize(
    ("field", "value"), [("ck", -1), ("fvc_pct", 0), ("fvc_pct", 201), ("hrct_score", 101)]
)
def test_measurement_bounds(field: str, value: float) -> None:
    """Measurements outside their physical range are rejected."""
    with pytest.raises(ValidationError, match=field):
        Visit.model_validate({"patient_id": "P01", "date": "2020-01-01", field: value})


def test_age_on_counts_completed_years() -> None:
    """Age goes up on the birthday, not before."""
    p = patient(birth_date="1960-04-02")
    assert (p.age_on(dt.date(2020, 4, 1)), p.age_on(dt.date(2020, 4, 2))) == (59, 60)


def test_cohort_records_group_and_sort_by_date() -> None:
    """Each patient's record holds their own visits, sorted by date."""
    late = Visit(patient_id="P01", date="2021-01-01")
    early = Visit(patient_id="P01", date="2020-01-01")
    cohort = Cohort(patients=(patient(),), visits=(late, early))
    assert cohort.records["P01"].visits == (early, late)


@pytest.mark.parametrize(
    ("when", "message"),
    [("9999-12-31", "is in the future: 9999-12-31"), ("0001-01-03", "is before 1900: 0001-01-03")],
)
def test_implausible_dates_are_rejected(when: str, message: str) -> None:
    """Dates after today or before 1900 are typing errors, not records."""
    with pytest.raises(ValidationError, match=message):
        Visit(patient_id="P01", date=when)


def test_patient_id_longer_than_64_characters_is_rejected() -> None:
    """An over-long id is rejected with its length."""
    with pytest.raises(ValidationError, match="must be at most 64 characters, got 65"):
        Visit(patient_id="x" * 65, date="2015-01-01")


def test_patient_id_with_a_line_break_is_rejected() -> None:
    """A control character in an id would break every message that quotes it."""
    with pytest.raises(ValidationError, match="must not contain control characters"):
        Visit(patient_id="C\n1", date="2015-01-01")


def test_visit_has_a_field_for_every_built_in_measure() -> None:
    """Each measure of the schema is a Visit field, and Visit has no other measure field."""
    assert set(Visit.model_fields) - {"patient_id", "date"} == set(MEASURES)
