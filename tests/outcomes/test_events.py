"""Time-to-event endpoints (myopathy_outcomes.outcomes.events)."""

from __future__ import annotations

from datetime import date

import pytest

from myopathy_outcomes.models import Patient, PatientRecord, Visit
from myopathy_outcomes.outcomes import Endpoint, event_times
from myopathy_outcomes.rules.ild import IldProgression
from tests._records import INDEX, PID, day


def _record(*offsets: int, ild: bool = True, death: int | None = None) -> PatientRecord:
    patient = Patient(
        patient_id=PID,
        sex="F",
        birth_date="1960-01-01",
        diagnosis="DM",
        ild=ild,
        death_date=None if death is None else day(death),
    )
    return PatientRecord(patient, tuple(Visit(patient_id=PID, date=day(o)) for o in offsets))


def _ild(*, evaluable: bool = True, progressed_on: int | None = None) -> IldProgression:
    first = None if progressed_on is None else day(progressed_on)
    return IldProgression(PID, evaluable, first is not None, first, 80.0, 0.0, "x")


def _times(record: PatientRecord, ild: IldProgression) -> dict[Endpoint, tuple[int | None, int]]:
    return {t.endpoint: (t.days, t.status) for t in event_times(record, INDEX, ild)}


def test_progression_is_an_event_at_its_first_date() -> None:
    """A progressed patient has the event on the first visit that met the criterion."""
    times = _times(_record(-3, 100, 200, 400), _ild(progressed_on=200))
    assert times[Endpoint.ILD_PROGRESSION] == (200, 1)
    assert times[Endpoint.DEATH] == (400, 0)
    assert times[Endpoint.PROGRESSION_OR_DEATH] == (200, 1)


def test_no_event_is_censored_at_the_last_visit() -> None:
    """Without progression or death, every endpoint is censored at the last visit."""
    times = _times(_record(-3, 100, 365), _ild())
    assert set(times.values()) == {(365, 0)}


def test_death_without_progression_is_a_competing_event() -> None:
    """Death after the last visit censors progression (status 2) and is the event of death."""
    times = _times(_record(-3, 100, death=500), _ild())
    assert times[Endpoint.ILD_PROGRESSION] == (500, 2)
    assert times[Endpoint.DEATH] == (500, 1)
    assert times[Endpoint.PROGRESSION_OR_DEATH] == (500, 1)


def test_progression_before_death_is_the_first_event() -> None:
    """Progression-or-death takes the earlier of the two."""
    times = _times(_record(-3, 100, 200, death=300), _ild(progressed_on=100))
    assert times[Endpoint.PROGRESSION_OR_DEATH] == (100, 1)
    assert times[Endpoint.DEATH] == (300, 1)


@pytest.mark.parametrize(
    ("record", "ild", "reason"),
    [
        (_record(-3, 100, ild=False), _ild(), "no ILD at baseline"),
        (_record(-3, 100), _ild(evaluable=False), "progression not evaluable"),
    ],
)
def test_patients_outside_the_progression_endpoint_say_why(
    record: PatientRecord, ild: IldProgression, reason: str
) -> None:
    """No ILD, or progression not evaluable: left out of the progression endpoints."""
    out = {t.endpoint: t for t in event_times(record, INDEX, ild)}
    for endpoint in (Endpoint.ILD_PROGRESSION, Endpoint.PROGRESSION_OR_DEATH):
        assert out[endpoint].days is None
        assert reason in out[endpoint].reason
    assert out[Endpoint.DEATH].days == 100


def test_no_time_at_risk_is_left_out_not_zero() -> None:
    """A living patient with no visit after the index date has no time, not time 0."""
    out = {t.endpoint: t for t in event_times(_record(-3), INDEX, _ild(evaluable=False))}
    assert out[Endpoint.DEATH].days is None
    assert out[Endpoint.DEATH].reason == "not included: no visit after the index date"


def test_death_on_the_index_date_is_day_zero() -> None:
    """Death on the index date itself is an event at day 0."""
    out = {t.endpoint: t for t in event_times(_record(death=0), INDEX, _ild(evaluable=False))}
    assert (out[Endpoint.DEATH].days, out[Endpoint.DEATH].event) == (0, True)
    assert date(2015, 3, 8) == INDEX
