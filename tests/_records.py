"""Small builders for patient records, and hypothesis strategies over them.

Dates are given as day offsets from :data:`INDEX` so that a test reads as
"prednisolone from day -400, MMF on day 0, tacrolimus on day 30".
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.models import Patient, PatientRecord, Regimen, Visit
from myopathy_outcomes.storage import Cohort

INDEX = date(2015, 3, 8)
"""The index date used throughout the tests (MMF start)."""
PID = "P01"


def day(offset: int) -> date:
    """The date ``offset`` days after :data:`INDEX` (negative: before)."""
    return INDEX + timedelta(days=offset)


def patient(pid: str = PID, *, ild: bool = True) -> Patient:
    """A patient with fixed demographics."""
    return Patient(patient_id=pid, sex="F", birth_date="1960-01-01", diagnosis="DM", ild=ild)


def rx(drug: str | Drug, start: int, stop: int | None = None, *, pid: str = PID) -> Regimen:
    """A regimen of ``drug`` from day ``start`` to day ``stop`` (None: ongoing)."""
    return Regimen(
        patient_id=pid,
        drug=drug,
        start_date=day(start),
        stop_date=None if stop is None else day(stop),
    )


def visit(offset: int, *, pid: str = PID, **values: float) -> Visit:
    """A visit on day ``offset`` with the given measurements (``ck=1200``, ...)."""
    return Visit(patient_id=pid, date=day(offset), **values)


def record(
    *regimens: Regimen, visits: tuple[Visit, ...] = (), pid: str = PID, ild: bool = True
) -> PatientRecord:
    """A record with regimens and visits sorted by date, as the loader builds it."""
    return PatientRecord(
        patient=patient(pid, ild=ild),
        visits=tuple(sorted(visits, key=lambda v: v.date)),
        regimens=tuple(sorted(regimens, key=lambda r: r.start_date)),
    )


def background(*, pid: str = PID) -> tuple[Regimen, ...]:
    """Prednisolone from day -400 (ongoing), azathioprine days -300 to -10, MMF from day 0."""
    return (
        rx("prednisolone", -400, pid=pid),
        rx("azathioprine", -300, -10, pid=pid),
        rx("MMF", 0, pid=pid),
    )


def fvc_visits(*points: tuple[int, float]) -> tuple[Visit, ...]:
    """Visits with only a %FVC, from ``(day, value)`` pairs."""
    return tuple(visit(offset, fvc_pct=value) for offset, value in points)


# -- hypothesis strategies ---------------------------------------------------------------


@st.composite
def regimens(draw: st.DrawFn, pid: str) -> Regimen:
    """One regimen of any drug, starting within about a year and a half of INDEX."""
    drug = draw(st.sampled_from(list(Drug)))
    start = draw(st.integers(-500, 120))
    length = draw(st.one_of(st.none(), st.integers(0, 400)))
    return rx(drug, start, None if length is None else start + length, pid=pid)


@st.composite
def patient_records(draw: st.DrawFn, pid: str = PID) -> PatientRecord:
    """A record of up to eight regimens; often eligible, sometimes not."""
    base = draw(st.lists(st.sampled_from(background(pid=pid)), max_size=3, unique=True))
    extra = draw(st.lists(regimens(pid), max_size=5))
    return record(*base, *extra, pid=pid)


@st.composite
def cohorts(draw: st.DrawFn) -> Cohort:
    """A cohort of up to six patients with distinct ids."""
    n = draw(st.integers(1, 6))
    records = [draw(patient_records(f"P{i:02d}")) for i in range(n)]
    return Cohort(
        patients=tuple(r.patient for r in records),
        regimens=tuple(reg for r in records for reg in r.regimens),
    )


fvc_values = st.floats(min_value=1.0, max_value=200.0, allow_nan=False).map(lambda x: round(x, 2))
"""%FVC values as they are typed: two decimals, in (0, 200]."""
