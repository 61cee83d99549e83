"""The columnar assignment equals the per-patient reference, reasons included."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.columnar import assign_table
from myopathy_outcomes.columnar.assignment import assignment_columns
from myopathy_outcomes.design import Arm, DrugSet, StudyDesign
from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.models import Regimen, Visit
from myopathy_outcomes.rules.groups import assign_groups
from myopathy_outcomes.storage import Cohort, RegimenTable
from myopathy_outcomes.studies import HANAOKA_2019
from tests._records import day, patient

# Days around the index date (0) and the 30-day window where the rules turn.
BOUNDARIES = (-400, -31, -30, -29, -1, 0, 1, 14, 29, 30, 31, 60)

DESIGNS = (
    HANAOKA_2019,
    dataclasses.replace(HANAOKA_2019, background=None, add_on_window_days=0),
    dataclasses.replace(HANAOKA_2019, prior=None, add_on_window_days=14),
    StudyDesign(
        title="TAC vs CsA",
        index=DrugSet(drugs=["MMF", "mycophenolic acid"], label="MPA"),
        background=DrugSet(classes=["glucocorticoid"], label="a glucocorticoid"),
        prior=DrugSet(drugs=["azathioprine", "methotrexate"], label="AZA or MTX"),
        arms=(
            Arm("TAC", DrugSet(drugs=["tacrolimus"])),
            Arm("CsA", DrugSet(drugs=["cyclosporine"])),
        ),
    ),
    StudyDesign(
        title="AZA vs MTX, new users",
        index=None,
        arms=(
            Arm("AZA", index=DrugSet(drugs=["azathioprine"])),
            Arm("MTX", index=DrugSet(drugs=["methotrexate", "mizoribine"])),
        ),
        lookback_days=30,
    ),
    StudyDesign(
        title="AZA vs MTX vs CNI, arm order",
        index=None,
        background=DrugSet(classes=["glucocorticoid"]),
        arms=(
            Arm("MTX", index=DrugSet(drugs=["methotrexate"])),
            Arm("AZA", index=DrugSet(drugs=["azathioprine"])),
            Arm("CNI", index=DrugSet(classes=["calcineurin inhibitor"])),
        ),
        same_day_starts="arm-order",
        lookback_days=29,
        washout_days=30,
        washout=DrugSet(classes=["antimetabolite", "biologic"]),
    ),
    dataclasses.replace(
        HANAOKA_2019,
        lookback_days=30,
        washout_days=30,
        washout=DrugSet(classes=["calcineurin inhibitor", "alkylating agent"]),
    ),
    StudyDesign(
        title="three arms",
        index=DrugSet(drugs=["MMF"]),
        arms=(
            Arm("CNI", DrugSet(classes=["calcineurin inhibitor"])),
            Arm("TAC", DrugSet(drugs=["tacrolimus"])),
            Arm("none"),
        ),
    ),
)


@st.composite
def regimen(draw: st.DrawFn, pid: str) -> Regimen:
    drug = draw(st.sampled_from(list(Drug)))
    start = draw(st.one_of(st.sampled_from(BOUNDARIES), st.integers(-500, 120)))
    stop = draw(
        st.one_of(
            st.none(),
            st.sampled_from([b for b in (*BOUNDARIES, 400) if b >= start]),
            st.integers(start, start + 400),
        )
    )
    dose = draw(st.one_of(st.none(), st.sampled_from([1.0, 2.5, 100.0])))
    unit = None if dose is None else draw(st.sampled_from(["mg", "mg/day", "g"]))
    return Regimen(
        patient_id=pid,
        drug=drug,
        start_date=day(start),
        stop_date=None if stop is None else day(stop),
        dose=dose,
        dose_unit=unit,
    )


@st.composite
def cohorts(draw: st.DrawFn) -> Cohort:
    n = draw(st.integers(1, 8))
    pids = [f"P{i:02d}" for i in range(n)]
    regimens = [r for pid in pids for r in draw(st.lists(regimen(pid), max_size=7))]
    regimens = draw(st.permutations(regimens))
    days = st.one_of(st.sampled_from(BOUNDARIES), st.integers(-500, 120))
    visits = [
        Visit(patient_id=pid, date=day(d))
        for pid in pids
        for d in draw(st.lists(days, max_size=3))
    ]
    return Cohort(
        patients=tuple(patient(pid) for pid in pids),
        regimens=tuple(regimens),
        visits=tuple(draw(st.permutations(visits))),
    )


@settings(max_examples=300, deadline=None)
@given(cohort=cohorts(), design=st.sampled_from(DESIGNS))
def test_columnar_assignment_equals_the_reference(cohort: Cohort, design: StudyDesign) -> None:
    """Every field of every assignment, reasons and regimens included, equals assign_groups."""
    ids = [p.patient_id for p in cohort.patients]
    table = RegimenTable.from_models(ids, cohort.regimens)
    got = assign_table(table, design, cohort.first_visit_days)
    want = assign_groups(cohort, design)
    assert got == want
    assert list(got[::-1]) == list(want[::-1])  # built in any order
    decided, built = assignment_columns(got), assignment_columns(want)  # what the report counts
    assert decided.patient_ids == built.patient_ids
    for field in ("group", "exclusion", "add_on", "index_day", "index_drug"):
        assert getattr(decided, field).tolist() == getattr(built, field).tolist()
