"""The columnar outcome windows and observation time equal the per-patient reference."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.columnar.follow_up import NO_END
from myopathy_outcomes.columnar.windows import (
    last_visit_after,
    measure_windows,
    observation_months,
)
from myopathy_outcomes.models import Patient, PatientRecord, Visit
from myopathy_outcomes.outcomes import (
    Endpoint,
    OutcomeRules,
    derive_outcome,
    event_times,
)
from myopathy_outcomes.outcomes import observation_months as reference_months
from myopathy_outcomes.rules.ild.progression import IldProgression
from myopathy_outcomes.schema import CK, FVC, PSL
from myopathy_outcomes.storage import VisitTable
from tests._records import INDEX, day, patient, record, visit

MEASURES = (CK, FVC, PSL)
NAMES = tuple(m.name for m in MEASURES)

# Days around the index date (0) where the default windows turn.
BOUNDARIES = (-31, -30, -29, -1, 0, 1, 6, 7, 8)


@st.composite
def outcome_rules(draw: st.DrawFn) -> OutcomeRules:
    """Rules with small and default windows, either follow-up mode."""
    before = draw(st.sampled_from([0, 1, 7, 30]))
    after = draw(st.sampled_from([0, 1, 7]))
    if draw(st.booleans()):
        return OutcomeRules(before, after)
    return OutcomeRules(
        before,
        after,
        follow_up="fixed",
        follow_up_days=draw(st.sampled_from([1, 7, 30, 182])),
        follow_up_window_days=draw(st.sampled_from([0, 1, 7, 30])),
    )


def edges(rules: OutcomeRules) -> list[int]:
    """Every day, relative to the index date, on or next to an edge of ``rules``' windows."""
    turns = {-rules.baseline_days_before, 0, rules.baseline_days_after}
    if rules.follow_up_days is not None:
        target, window = rules.follow_up_days, rules.follow_up_window_days
        turns |= {target - window, target, target + window}
    return sorted({*BOUNDARIES, *(t + step for t in turns for step in (-1, 0, 1))})


@dataclasses.dataclass(frozen=True)
class Case:
    """A cohort in columns and as records, with its rules."""

    rules: OutcomeRules
    table: VisitTable
    index_day: np.ndarray
    death_day: np.ndarray
    records: tuple[PatientRecord, ...]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """Up to six patients with visits on every edge, same-day repeats and missing values."""
    rules = draw(outcome_rules())
    offsets = st.one_of(st.sampled_from(edges(rules)), st.integers(-60, 400))
    values = st.one_of(st.none(), st.integers(1, 200).map(float))
    pids = [f"P{i:02d}" for i in range(draw(st.integers(1, 6)))]
    shifts: list[int | None] = []
    deaths: list[int | None] = []
    visits: list[Visit] = []
    for pid in pids:
        shift = draw(st.one_of(st.none(), st.sampled_from([0, 0, 3, -45])))
        shifts.append(shift)
        days = draw(st.lists(offsets, max_size=8))
        days += draw(st.lists(st.sampled_from(days), max_size=4)) if days else []
        for d in days:
            present = {name: v for name in NAMES if (v := draw(values)) is not None}
            visits.append(visit(d + (shift or 0), pid=pid, **present))
        death = draw(st.one_of(st.none(), st.sampled_from([-1, 0, 1]), st.integers(-100, 500)))
        deaths.append(None if death is None else death + (shift or 0))
    visits = draw(st.permutations(visits))  # the file's order mixes the patients
    records = tuple(
        dataclasses.replace(
            record(visits=tuple(v for v in visits if v.patient_id == pid), pid=pid),
            patient=Patient.model_validate(
                {**patient(pid).model_dump(), "death_date": None if d is None else day(d)}
            ),
        )
        for pid, d in zip(pids, deaths, strict=True)
    )
    return Case(
        rules=rules,
        table=VisitTable.from_models(pids, visits, NAMES),
        index_day=np.array([-1 if s is None else day(s).toordinal() for s in shifts]),
        death_day=np.array([-1 if d is None else day(d).toordinal() for d in deaths]),
        records=records,
    )


@settings(max_examples=400, deadline=None)
@given(case=cases())
def test_columnar_outcomes_equal_derive_outcome(case: Case) -> None:
    """Every patient's values, dates and missing reason equal derive_outcome's, every measure."""
    for measure in MEASURES:
        windows = measure_windows(case.table, case.index_day, measure, case.rules)
        outcomes = windows.outcomes()
        for p, rec in enumerate(case.records):
            if case.index_day[p] < 0:
                assert np.isnan(windows.baseline[p]) and np.isnan(windows.follow_up[p])
                assert windows.baseline_day[p] == windows.follow_up_day[p] == -1
                assert outcomes[p] is None
                continue
            index_date = date.fromordinal(int(case.index_day[p]))
            expected = derive_outcome(rec, index_date, measure, case.rules)
            assert windows.outcome(p) == expected
            assert outcomes[p] == expected
            change = windows.change[p]
            assert (np.isnan(change) and expected.change is None) or change == expected.change


_ILD = IldProgression("P", False, False, None, None, None, "not evaluable: no %FVC")


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_last_visit_and_observation_equal_the_reference(case: Case) -> None:
    """The last visit after the index date is the death endpoint's censoring day, and
    the observation time equals the analysis's, for every patient."""
    last = last_visit_after(case.table, case.index_day)
    months = observation_months(last, case.index_day, case.death_day)
    for p, rec in enumerate(case.records):
        if case.index_day[p] < 0:
            assert last[p] == -1 and np.isnan(months[p])
            continue
        index_date = date.fromordinal(int(case.index_day[p]))
        alive = dataclasses.replace(
            rec, patient=Patient.model_validate({**rec.patient.model_dump(), "death_date": None})
        )
        (death,) = (
            t for t in event_times(alive, index_date, _ILD) if t.endpoint is Endpoint.DEATH
        )
        assert (None if last[p] < 0 else int(last[p] - case.index_day[p])) == death.days
        expected = reference_months(rec, index_date)
        assert (np.isnan(months[p]) and expected is None) or months[p] == expected


def test_same_day_ties_follow_the_record_order() -> None:
    """Baseline: the first of two same-day rows; last follow-up: the last of two."""
    visits = [
        visit(-2, ck=10),
        visit(-2, ck=20),
        visit(2, ck=30),  # as close as day -2, but later
        visit(90, ck=40),
        visit(90, ck=50),
    ]
    table = VisitTable.from_models(["P01"], visits, ["ck"])
    w = measure_windows(table, np.array([INDEX.toordinal()]), "ck", OutcomeRules())
    assert (w.baseline[0], w.follow_up[0]) == (10.0, 50.0)


def test_an_index_day_per_patient_is_required() -> None:
    """An index_day array of the wrong length is refused, naming both sizes."""
    table = VisitTable.from_models(["P01", "P02"], [visit(0, ck=1)], ["ck"])
    with pytest.raises(ValueError, match=r"one day per patient \(2\), got shape \(1,\)"):
        measure_windows(table, np.array([INDEX.toordinal()]), "ck", OutcomeRules())
    with pytest.raises(ValueError, match=r"one day per patient \(2\)"):
        last_visit_after(table, np.array([INDEX.toordinal()]))


def test_a_measure_missing_from_the_table_is_named() -> None:
    """Asking for a measure the table does not hold names it and the columns held."""
    table = VisitTable.from_models(["P01"], [visit(0, ck=1)], ["ck"])
    with pytest.raises(ValueError, match=r"no column 'fvc_pct'; it has 'ck'"):
        measure_windows(table, np.array([INDEX.toordinal()]), "fvc_pct", OutcomeRules())


def test_no_outcome_without_an_index_date() -> None:
    """A patient without an index day has no outcome object, and says so."""
    table = VisitTable.from_models(["P01"], [visit(0, ck=1)], ["ck"])
    w = measure_windows(table, np.array([-1]), "ck", OutcomeRules())
    with pytest.raises(ValueError, match="patient P01 has no index date"):
        w.outcome(0)


@settings(max_examples=300, deadline=None)
@given(case=cases(), ends=st.lists(st.one_of(st.none(), st.integers(-2, 40)), min_size=8))
def test_as_treated_windows_and_last_visit_equal_the_reference(
    case: Case, ends: list[int | None]
) -> None:
    """With an end of as-treated follow-up, values, reasons and the last visit still agree."""
    n = len(case.records)
    end_day = np.array(
        [NO_END if e is None else day(e).toordinal() for e in ends[:n]], dtype=np.int64
    )
    last = last_visit_after(case.table, case.index_day, end_day)
    for measure in MEASURES:
        windows = measure_windows(case.table, case.index_day, measure, case.rules, end_day)
        for p, rec in enumerate(case.records):
            if case.index_day[p] < 0:
                continue
            index_date = date.fromordinal(int(case.index_day[p]))
            until = None if ends[p] is None else day(ends[p])  # type: ignore[arg-type]
            expected = derive_outcome(rec, index_date, measure, case.rules, until=until)
            assert windows.outcome(p) == expected
            later = [
                v.date
                for v in rec.visits
                if v.date > index_date and (until is None or v.date <= until)
            ]
            assert last[p] == (max(later).toordinal() if later else -1)
