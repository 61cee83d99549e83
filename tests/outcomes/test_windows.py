"""Baseline and follow-up windows (myopathy_outcomes.outcomes)."""

from __future__ import annotations

import pytest

from myopathy_outcomes.models import visit_model
from myopathy_outcomes.outcomes import (
    MeasureOutcome,
    OutcomeRules,
    derive_outcome,
    derive_outcomes,
)
from myopathy_outcomes.schema import CK, DLCO, FVC, HRCT, PSL, Measure
from tests._records import INDEX, day, record, visit

FIXED_182 = OutcomeRules(follow_up="fixed", follow_up_days=182)


def ck(*visits: tuple[int, float]) -> MeasureOutcome:
    """CK outcome for visits given as ``(day, ck)``, default rules."""
    return derive_outcome(record(visits=tuple(visit(d, ck=v) for d, v in visits)), INDEX, CK)


# -- baseline -------------------------------------------------------------------------


def test_no_baseline_visit_in_window() -> None:
    """Without a value in [index - 30, index + 7] the baseline is missing, with the window."""
    out = ck((-60, 3000), (90, 500))
    assert (out.baseline, out.follow_up) == (None, 500)
    assert out.missing_reason == (
        f"no CK within [index - 30 d, index + 7 d] ({day(-30)} to {day(7)})"
    )
    assert out.change is None
    assert not out.paired


@pytest.mark.parametrize(("offset", "found"), [(7, True), (8, False), (-30, True), (-31, False)])
def test_baseline_window_edges_are_inclusive(offset: int, found: bool) -> None:
    """Days -30 and +7 are inside the baseline window; -31 and +8 are outside."""
    out = ck((offset, 1000), (120, 200))
    assert (out.baseline_date == day(offset)) is found


def test_baseline_tie_prefers_the_earlier_visit() -> None:
    """Visits equally far before and after the index date: the earlier is the baseline."""
    out = ck((-3, 1500), (3, 1400), (120, 200))
    assert (out.baseline, out.baseline_date) == (1500, day(-3))


def test_baseline_is_the_closest_visit() -> None:
    """The visit nearest the index date wins over an earlier one in the window."""
    assert ck((-20, 1800), (-2, 1600), (120, 200)).baseline == 1600


def test_measure_missing_on_closest_visit_uses_another_in_window() -> None:
    """A closer visit without the measure is skipped for that measure."""
    visits = (visit(-20, ck=1800, fvc_pct=70), visit(-1, fvc_pct=68), visit(120, ck=300))
    out = derive_outcome(record(visits=visits), INDEX, CK)
    assert (out.baseline, out.baseline_date) == (1800, day(-20))
    fvc = derive_outcome(record(visits=visits), INDEX, FVC)
    assert fvc.baseline_date == day(-1)


# -- follow-up: last ------------------------------------------------------------------


def test_follow_up_is_the_last_visit() -> None:
    """By default the follow-up is the last visit with a value."""
    out = ck((-5, 2400), (60, 900), (300, 250), (200, 400))
    assert (out.follow_up, out.follow_up_date, out.change) == (250, day(300), -2150)
    assert out.paired
    assert out.missing_reason is None


def test_patient_with_no_follow_up() -> None:
    """Without a value after the index date the follow-up is missing, in words."""
    out = ck((-5, 2400))
    assert out.follow_up is None
    assert out.missing_reason == f"no CK after the index date ({INDEX})"


def test_baseline_visit_is_never_its_own_follow_up() -> None:
    """A baseline on day +5 with no later value leaves the follow-up missing."""
    out = ck((5, 2400))
    assert (out.baseline_date, out.follow_up) == (day(5), None)
    assert out.missing_reason == f"no CK after the baseline visit ({day(5)})"


def test_both_sides_missing_are_both_reported() -> None:
    """With no value at all, both reasons are given, joined by '; '."""
    out = derive_outcome(record(), INDEX, PSL)
    assert out.missing_reason is not None
    assert out.missing_reason.startswith("no prednisolone dose within [index - 30 d")
    assert out.missing_reason.endswith(f"; no prednisolone dose after the index date ({INDEX})")


# -- follow-up: fixed -----------------------------------------------------------------


def test_fixed_follow_up_takes_the_visit_closest_to_the_time_point() -> None:
    """With follow_up='fixed' the visit nearest index + 182 days is used, not the last."""
    visits = tuple(visit(d, ck=v) for d, v in [(-5, 2400), (160, 700), (190, 600), (365, 200)])
    out = derive_outcome(record(visits=visits), INDEX, CK, FIXED_182)
    assert (out.follow_up, out.follow_up_date) == (600, day(190))


@pytest.mark.parametrize(
    ("offset", "found"), [(152, True), (212, True), (151, False), (213, False)]
)
def test_fixed_follow_up_window_edges_are_inclusive(offset: int, found: bool) -> None:
    """index + 182 +/- 30 days includes days 152 and 212 and excludes 151 and 213."""
    visits = (visit(-5, ck=2400), visit(offset, ck=500))
    out = derive_outcome(record(visits=visits), INDEX, CK, FIXED_182)
    assert (out.follow_up is not None) is found


def test_fixed_follow_up_missing_reason_names_the_window() -> None:
    """A missing fixed follow-up gives the time point and window in words."""
    visits = (visit(-5, ck=2400), visit(365, ck=200))
    out = derive_outcome(record(visits=visits), INDEX, CK, FIXED_182)
    assert out.missing_reason == (
        f"no CK within [index + 182 d +/- 30 d] ({day(152)} to {day(212)}) "
        f"after the index date ({INDEX})"
    )


def test_fixed_follow_up_tie_prefers_the_earlier_visit() -> None:
    """Two visits equally far from the time point: the earlier is used."""
    visits = (visit(-5, ck=2400), visit(172, ck=600), visit(192, ck=500))
    out = derive_outcome(record(visits=visits), INDEX, CK, FIXED_182)
    assert out.follow_up_date == day(172)


# -- rules and several measures -------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"follow_up": "fixed"}, "follow_up_days is required"),
        ({"follow_up_days": 182}, "follow_up_days is used only with follow_up='fixed'"),
        ({"follow_up": "median"}, "follow_up must be one of 'last', 'fixed'"),
        ({"baseline_days_before": -1}, "baseline_days_before must be an integer from 0 to 36525"),
        (
            {"follow_up": "fixed", "follow_up_days": 0},
            "follow_up_days must be an integer from 1 to 36525",
        ),
        (
            {"follow_up": "fixed", "follow_up_days": 36_526},
            "follow_up_days must be an integer from 1 to 36525",
        ),
    ],
)
def test_invalid_outcome_rules_are_rejected(kwargs: dict[str, object], message: str) -> None:
    """OutcomeRules rejects bad values with a message naming the parameter."""
    with pytest.raises(ValueError, match=message):
        OutcomeRules(**kwargs)  # type: ignore[arg-type]


def test_derive_outcomes_gives_every_measure_in_order() -> None:
    """derive_outcomes returns one outcome per measure, in the order asked."""
    measures = (HRCT, CK)
    outs = derive_outcomes(record(), INDEX, measures=measures)
    assert tuple(o.measure for o in outs) == measures


def test_measure_headings_carry_units() -> None:
    """Each measure of the paper's data is headed with its unit."""
    assert [m.heading for m in (CK, FVC, DLCO, PSL, HRCT)] == [
        "CK (U/L)",
        "%FVC (% predicted)",
        "DLCO (% predicted)",
        "Prednisolone (mg/day)",
        "HRCT extent score (%)",
    ]


def test_a_declared_measure_is_derived_like_a_built_in() -> None:
    """A measure declared by a study is read from its visit field like any other."""
    kl6 = Measure("kl6_late", "KL-6", "U/mL", decimals=0, minimum=0, maximum=1e5)
    model = visit_model((kl6,))
    visits = (
        model(patient_id="P01", date=day(-3), kl6_late=900),
        model(patient_id="P01", date=day(100), kl6_late=600),
    )
    out = derive_outcome(record(visits=visits), INDEX, kl6)
    assert (out.baseline, out.follow_up) == (900.0, 600.0)


def test_describe_names_the_windows() -> None:
    """OutcomeRules.describe states both baseline bounds and the follow-up choice."""
    text = OutcomeRules(baseline_days_before=60, baseline_days_after=0).describe()
    assert "from 60 days before to 0 days after" in text
    assert "the last visit" in text
