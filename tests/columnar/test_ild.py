"""The columnar ILD progression and event times equal the per-patient reference."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.columnar import (
    BaselineTable,
    assess_table,
    event_times_table,
    table_records,
)
from myopathy_outcomes.columnar.ild import PaperResults, _exact_declines, progression_columns
from myopathy_outcomes.models import Patient, PatientRecord, Visit
from myopathy_outcomes.outcomes.events import Endpoint, event_times
from myopathy_outcomes.rules.follow_up import FollowUpEnd
from myopathy_outcomes.rules.ild import (
    Baselines,
    FvcDeclineReading,
    IldCriterion,
    IldProgressionRule,
    Inbuild,
    Omeract,
    Ppf2022,
)
from myopathy_outcomes.storage import VisitTable
from tests._records import day, fvc_values, visit

# Baseline and %FVC exactly at a threshold in decimal, where float arithmetic errs.
AT_THRESHOLD = (
    (71.3, 64.17),  # relative 10%
    (80.1, 72.09),  # relative 10%
    (41.0, 36.9),  # relative 10%
    (40.2, 36.18),  # relative 10%
    (80.1, 70.1),  # absolute 10 points
    (64.4, 54.4),  # absolute 10 points
    (40.2, 30.2),  # absolute 10 points
    (80.0, 76.0),  # relative 5%
    (80.1, 76.095),  # relative 5%
    (80.1, 75.1),  # absolute 5 points
    (64.4, 59.4),  # absolute 5 points
)
# From baseline 80.1 both fall by the same float relative decline but not the same exact one:
# the reference's max() reports the first in date, then record, order.
FLOAT_TIE = (50.0, 49.99999999999999)
BASELINE_VALUES = sorted({b for b, _ in AT_THRESHOLD})
FOLLOW_UP_VALUES = sorted(
    {v for _, v in AT_THRESHOLD} | {72.08, 72.1, 64.16, 64.18, 80.1, *FLOAT_TIE}
)

# Days around the index date (0): the baseline window, the index and baseline days.
DAYS = (-40, -5, -1, 0, 1, 2, 3, 7, 30, 365, 366, 731, 732)
BASELINE_DAYS = (-30, -5, -1, 0, 1, 3, 7)

CRITERIA: tuple[IldCriterion, ...] = (
    *(IldProgressionRule(r, t) for r in FvcDeclineReading for t in (10, 5, 7.5, 0)),
    Ppf2022(),
    Omeract(),
    Inbuild(),
)

values = st.one_of(
    st.sampled_from(FOLLOW_UP_VALUES + BASELINE_VALUES),
    fvc_values,
    st.floats(min_value=0.001, max_value=200.0),  # any float: a long decimal
)


@dataclass(frozen=True)
class Case:
    """A cohort: patients, their visits in record order, index dates and baselines."""

    patients: tuple[Patient, ...]
    visits: tuple[Visit, ...]
    index: tuple[date | None, ...]
    baselines: tuple[Baselines, ...]

    @property
    def ids(self) -> list[str]:
        return [p.patient_id for p in self.patients]

    def record(self, p: int) -> PatientRecord:
        """The reference's record: visits sorted by date, record order within a day."""
        pid = self.patients[p].patient_id
        mine = [v for v in self.visits if v.patient_id == pid]
        return PatientRecord(self.patients[p], tuple(sorted(mine, key=lambda v: v.date)))

    def table(self) -> VisitTable:
        return VisitTable.from_models(self.ids, self.visits, ("fvc_pct", "dlco_pct", "ck"))

    def index_day(self) -> np.ndarray:
        return np.array([-1 if d is None else d.toordinal() for d in self.index], np.int64)

    def baseline_table(self) -> BaselineTable:
        def days(dates: list[date | None]) -> np.ndarray:
            return np.array([-1 if d is None else d.toordinal() for d in dates], np.int64)

        def floats(xs: list[float | None]) -> np.ndarray:
            return np.array([np.nan if x is None else x for x in xs], np.float64)

        b = self.baselines
        return BaselineTable(
            fvc=floats([x.fvc for x in b]),
            fvc_day=days([x.fvc_date for x in b]),
            dlco=floats([x.dlco for x in b]),
            dlco_day=days([x.dlco_date for x in b]),
        )


@st.composite
def baselines(draw: st.DrawFn) -> Baselines:
    fvc = draw(st.one_of(st.none(), st.sampled_from(BASELINE_VALUES), values))
    fvc_day = draw(st.one_of(st.none(), st.sampled_from(BASELINE_DAYS)))
    dlco = draw(st.one_of(st.none(), st.sampled_from(BASELINE_VALUES), fvc_values))
    dlco_day = draw(st.one_of(st.none(), st.sampled_from(BASELINE_DAYS)))
    return Baselines(
        fvc=fvc,
        fvc_date=None if fvc is None or fvc_day is None else day(fvc_day),
        dlco=dlco,
        dlco_date=None if dlco is None or dlco_day is None else day(dlco_day),
    )


@st.composite
def visits(draw: st.DrawFn, pid: str) -> Visit:
    offset = draw(st.one_of(st.sampled_from(DAYS), st.integers(-60, 800)))
    fvc = draw(st.one_of(st.none(), values))
    dlco = draw(st.one_of(st.none(), st.sampled_from(FOLLOW_UP_VALUES), fvc_values))
    ck = draw(st.one_of(st.none(), st.just(100.0)))
    measured = {"fvc_pct": fvc, "dlco_pct": dlco, "ck": ck}
    return visit(offset, pid=pid, **{k: v for k, v in measured.items() if v is not None})


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 6))
    pids = [f"P{i:02d}" for i in range(n)]
    patients = tuple(
        Patient(
            patient_id=pid,
            sex="F",
            birth_date="1960-01-01",
            diagnosis="DM",
            ild=draw(st.booleans()),
            death_date=draw(st.one_of(st.none(), st.sampled_from([day(d) for d in DAYS]))),
        )
        for pid in pids
    )
    all_visits = [v for pid in pids for v in draw(st.lists(visits(pid), max_size=8))]
    index = tuple(
        draw(st.one_of(st.none(), st.sampled_from([day(0), day(1), day(3)]))) for _ in pids
    )
    return Case(
        patients=patients,
        visits=tuple(draw(st.permutations(all_visits))),
        index=index,
        baselines=tuple(draw(baselines()) for _ in pids),
    )


def reference(case: Case, criterion: IldCriterion) -> list[object]:
    return [
        None if when is None else criterion.assess(case.record(p), when, case.baselines[p])
        for p, when in enumerate(case.index)
    ]


@settings(max_examples=400, deadline=None)
@given(case=cases(), criterion=st.sampled_from(CRITERIA))
def test_columnar_ild_progression_equals_the_reference(
    case: Case, criterion: IldCriterion
) -> None:
    """Every field of every patient's result, reason included, equals the criterion's assess."""
    table = case.table()
    record = table_records(table, case.patients, criterion.measures)
    got = assess_table(criterion, table, case.index_day(), case.baseline_table(), record)
    want = reference(case, criterion)
    assert list(got) == want
    decided, built = progression_columns(got), progression_columns(want)  # type: ignore[arg-type]
    for field in ("present", "evaluable", "progressed", "first_day"):  # what the analysis counts
        assert getattr(decided, field).tolist() == getattr(built, field).tolist()
    if isinstance(got, PaperResults):
        rows = [p for p, r in enumerate(want) if r is not None][::-1]
        assert list(got.select(rows)) == [want[p] for p in rows]


@settings(max_examples=300, deadline=None)
@given(
    case=cases(),
    criterion=st.sampled_from(CRITERIA[:8]),
    ends=st.one_of(st.none(), st.lists(st.one_of(st.none(), st.integers(-5, 800)), min_size=12)),
)
def test_columnar_event_times_equal_the_reference(
    case: Case, criterion: IldCriterion, ends: list[int | None] | None
) -> None:
    """Every endpoint of every analysed patient equals event_times, reasons included.

    ``ends``: as treated, each patient's end of follow-up in days after the
    index date (None: on treatment); None for intention to treat.
    """
    ild = list(assess_table(criterion, case.table(), case.index_day(), case.baseline_table()))
    follow_up = None
    if ends is not None:
        follow_up = [
            FollowUpEnd(None, "on treatment")
            if when is None or end is None
            else FollowUpEnd(when + timedelta(days=end), "stopped")
            for when, end in zip(case.index, ends, strict=False)
        ]
    last = [
        max(
            (
                v.date.toordinal()
                for v in case.record(p).visits
                if when
                and v.date > when
                and (follow_up is None or follow_up[p].day is None or v.date <= follow_up[p].day)
            ),
            default=-1,
        )
        for p, when in enumerate(case.index)
    ]
    death = [-1 if p.death_date is None else p.death_date.toordinal() for p in case.patients]
    got = event_times_table(
        case.ids,
        case.index_day(),
        last_visit_day=np.array(last, np.int64),
        death_day=np.array(death, np.int64),
        has_ild=np.array([p.ild for p in case.patients]),
        ild=ild,
        follow_up=follow_up,
    )
    want = [
        time
        for p, when in enumerate(case.index)
        if when is not None
        for time in event_times(
            case.record(p),
            when,
            ild[p],  # type: ignore[arg-type]
            None if follow_up is None else follow_up[p],
        )
    ]
    assert list(got) == want
    assert list(got[::-1]) == want[::-1]  # built in any order
    for endpoint in Endpoint:  # the columns the analysis reads equal the built times
        columns = got.columns(endpoint)
        kept = [t for t in want if t.endpoint is endpoint and t.days is not None]
        assert columns.patient_ids == tuple(t.patient_id for t in kept)
        assert columns.days.tolist() == [t.days for t in kept]
        assert columns.event.tolist() == [t.event for t in kept]
        assert columns.status.tolist() == [t.status for t in kept]


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_table_records_equal_the_loaders_records(case: Case) -> None:
    """A record built from the table holds the loader's visits, in the loader's order."""
    record = table_records(case.table(), case.patients, ("fvc_pct", "dlco_pct", "ck"))
    assert [record(p) for p in range(len(case.patients))] == [
        case.record(p) for p in range(len(case.patients))
    ]


@settings(max_examples=300, deadline=None)
@given(
    pairs=st.lists(st.tuples(values, st.one_of(values, st.floats(-1e6, 1e6))), min_size=1),
    reading=st.sampled_from(FvcDeclineReading),
)
def test_exact_declines_equal_the_fraction_declines(
    pairs: list[tuple[float, float]], reading: FvcDeclineReading
) -> None:
    """Declines computed from integer decimals equal the reference's Fraction declines."""
    rule = IldProgressionRule(reading)
    baseline, value = (np.array(x, np.float64) for x in zip(*pairs, strict=True))
    got = _exact_declines(rule, baseline, value).tolist()
    assert got == [rule.decline(b, v) for b, v in pairs]


@pytest.mark.parametrize(("baseline", "value"), AT_THRESHOLD)
@pytest.mark.parametrize("reading", list(FvcDeclineReading))
@pytest.mark.parametrize("threshold", [10, 5])
def test_a_decline_of_exactly_the_threshold_is_decided_as_the_reference(
    baseline: float, value: float, reading: FvcDeclineReading, threshold: float
) -> None:
    """At each exact boundary the columnar result equals the reference's."""
    rule = IldProgressionRule(reading, threshold)
    patient = Patient(patient_id="P", sex="F", birth_date="1960-01-01", diagnosis="DM", ild=True)
    case = Case(
        patients=(patient,),
        visits=(visit(1, pid="P", fvc_pct=value),),
        index=(day(0),),
        baselines=(Baselines(fvc=baseline, fvc_date=day(0)),),
    )
    got = assess_table(rule, case.table(), case.index_day(), case.baseline_table())
    assert list(got) == reference(case, rule)


@pytest.mark.parametrize("values", [FLOAT_TIE, FLOAT_TIE[::-1]])
@pytest.mark.parametrize("days", [(1, 1), (1, 2)])
def test_a_float_tie_for_the_worst_decline_goes_to_the_first_visit(
    values: tuple[float, float], days: tuple[int, int]
) -> None:
    """Of two visits with one float decline, the first (by date, then record) gives it."""
    rule = IldProgressionRule()
    patient = Patient(patient_id="P", sex="F", birth_date="1960-01-01", diagnosis="DM", ild=True)
    case = Case(
        patients=(patient,),
        visits=tuple(visit(d, pid="P", fvc_pct=v) for d, v in zip(days, values, strict=True)),
        index=(day(0),),
        baselines=(Baselines(fvc=80.1, fvc_date=day(0)),),
    )
    got = assess_table(rule, case.table(), case.index_day(), case.baseline_table())
    assert got[0] is not None and got[0].max_decline == rule.decline(80.1, values[0])
    assert list(got) == reference(case, rule)


@pytest.mark.parametrize("rule", CRITERIA[:2])
def test_a_large_cohort_with_many_same_day_visits_equals_the_reference(
    rule: IldCriterion,
) -> None:
    """300 patients of 12 visits on few days, shuffled: the sort keeps record order."""
    rng = np.random.default_rng(11)
    pool = [*FOLLOW_UP_VALUES, *BASELINE_VALUES]
    patients = tuple(
        Patient(patient_id=f"P{i:03d}", sex="F", birth_date="1960-01-01", diagnosis="DM", ild=True)
        for i in range(300)
    )
    visits = [
        visit(
            int(rng.integers(-2, 4)), pid=p.patient_id, fvc_pct=pool[int(rng.integers(len(pool)))]
        )
        for p in patients
        for _ in range(12)
    ]
    case = Case(
        patients=patients,
        visits=tuple(visits[i] for i in rng.permutation(len(visits))),
        index=tuple(day(0) for _ in patients),
        baselines=tuple(Baselines(fvc=float(rng.choice(BASELINE_VALUES))) for _ in patients),
    )
    got = assess_table(rule, case.table(), case.index_day(), case.baseline_table())
    assert list(got) == reference(case, rule)


def test_a_baseline_that_is_not_positive_is_an_error_naming_the_patient() -> None:
    """A baseline %FVC of 0 cannot give a relative decline: the error names the patient."""
    table = VisitTable(
        patient=np.array([0]),
        day=np.array([day(5).toordinal()]),
        values={"fvc_pct": np.array([70.0])},
        patient_ids=("P07",),
    )
    none = np.array([-1])
    baselines = BaselineTable(np.array([0.0]), none, np.array([np.nan]), none)
    with pytest.raises(ValueError, match=r"patient P07: baseline %FVC must be .* got 0\.0"):
        assess_table(IldProgressionRule(), table, np.array([day(0).toordinal()]), baselines)


def test_a_criterion_assessed_per_patient_needs_the_records() -> None:
    """Without record, a criterion not decided over the table is a clear error."""
    table = VisitTable(np.array([], np.int64), np.array([], np.int64), {}, ("P01",))
    none = np.array([-1])
    baselines = BaselineTable(np.array([np.nan]), none, np.array([np.nan]), none)
    with pytest.raises(ValueError, match="'ppf2022' is assessed patient by patient"):
        assess_table(Ppf2022(), table, np.array([0]), baselines)


def test_columns_of_the_wrong_length_are_an_error_naming_them() -> None:
    """An index day per patient is required: a short column is named in the error."""
    table = VisitTable(np.array([], np.int64), np.array([], np.int64), {}, ("P01", "P02"))
    none = np.array([-1, -1])
    baselines = BaselineTable(np.array([np.nan] * 2), none, np.array([np.nan] * 2), none)
    with pytest.raises(ValueError, match="index_day has 1 entries for 2 patients"):
        assess_table(IldProgressionRule(), table, np.array([0]), baselines)


def test_event_columns_of_the_wrong_length_are_an_error_naming_them() -> None:
    """A death day per patient is required: a short column is named in the error."""
    none = np.array([-1, -1])
    with pytest.raises(ValueError, match="death_day has 1 entries for 2 patients"):
        event_times_table(
            ("P01", "P02"),
            none,
            last_visit_day=none,
            death_day=np.array([-1]),
            has_ild=np.array([True, False]),
            ild=[None, None],
        )


def test_an_analysed_patient_without_an_ild_result_is_an_error() -> None:
    """Every analysed patient needs an ILD result; the error names the patient."""
    with pytest.raises(ValueError, match="patient P02: analysed but has no ILD"):
        event_times_table(
            ("P01", "P02"),
            np.array([-1, day(0).toordinal()]),
            last_visit_day=np.array([-1, -1]),
            death_day=np.array([-1, -1]),
            has_ild=np.array([True, True]),
            ild=[None, None],
        )
