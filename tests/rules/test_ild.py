"""ILD progression by %FVC decline (myopathy_outcomes.rules.ild)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.rules.ild import (
    FvcDeclineReading,
    IldProgressionRule,
    ild_progression,
)
from tests._records import INDEX, day, fvc_values, fvc_visits, record

RELATIVE = IldProgressionRule(FvcDeclineReading.RELATIVE)
ABSOLUTE = IldProgressionRule(FvcDeclineReading.ABSOLUTE)


def test_default_reading_is_relative_10() -> None:
    """The default rule is a relative decline of more than 10%."""
    assert IldProgressionRule() == IldProgressionRule(FvcDeclineReading.RELATIVE, 10.0)


def test_relative_and_absolute_readings_differ() -> None:
    """80 -> 71 is an 11.25% relative decline (progression) but only 9 points absolute."""
    assert RELATIVE.decline(80, 71) == 11.25
    assert ABSOLUTE.decline(80, 71) == 9
    assert RELATIVE.is_progression(80, 71)
    assert not ABSOLUTE.is_progression(80, 71)


@pytest.mark.parametrize(
    ("rule", "baseline", "value"),
    [
        (RELATIVE, 80, 72),
        (RELATIVE, 71.3, 64.17),
        (RELATIVE, 55.5, 49.95),
        (RELATIVE, 41.0, 36.9),
        (RELATIVE, 40.2, 36.18),
        (ABSOLUTE, 80, 70),
        (ABSOLUTE, 70.3, 60.3),
        (ABSOLUTE, 40.2, 30.2),
        (ABSOLUTE, 64.4, 54.4),
    ],
)
def test_exact_boundary_is_not_progression(
    rule: IldProgressionRule, baseline: float, value: float
) -> None:
    """A decline of exactly the threshold is not progression, despite float rounding."""
    # Naive float arithmetic gives a decline just above 10 for 41 -> 36.9,
    # 40.2 -> 36.18, 40.2 -> 30.2 and 64.4 -> 54.4; the exact comparison does not.
    assert not rule.is_progression(baseline, value)


def test_just_past_the_boundary_is_progression() -> None:
    """A decline a hundredth of a point past the threshold is progression."""
    assert RELATIVE.is_progression(80, 71.99)
    assert ABSOLUTE.is_progression(80, 69.99)


def test_threshold_is_configurable() -> None:
    """A 5-point absolute rule flags a 6-point fall."""
    assert IldProgressionRule(FvcDeclineReading.ABSOLUTE, 5.0).is_progression(80, 74)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"reading": "percent"}, ValueError),
        ({"threshold": -1.0}, ValueError),
        ({"threshold": float("nan")}, ValueError),
        ({"threshold": "10"}, TypeError),
    ],
)
def test_invalid_rule_is_rejected(kwargs: dict[str, object], error: type[Exception]) -> None:
    """IldProgressionRule rejects an unknown reading and a bad threshold."""
    with pytest.raises(error):
        IldProgressionRule(**kwargs)  # type: ignore[arg-type]


def test_zero_baseline_is_rejected() -> None:
    """A relative decline from a baseline of 0 is undefined and raises."""
    with pytest.raises(ValueError, match="baseline must be > 0"):
        RELATIVE.decline(0, 10)


def test_describe_gives_the_formula() -> None:
    """describe() states the reading, the threshold and the formula."""
    assert RELATIVE.describe() == (
        "ILD progression: relative decline of %FVC > 10% of baseline "
        "((baseline - value) / baseline * 100 > 10)"
    )
    assert "10 percentage points" in ABSOLUTE.describe()


# -- per patient ----------------------------------------------------------------------


def test_first_progression_date_is_recorded() -> None:
    """The first visit that meets the rule is recorded, not a later worse one."""
    visits = fvc_visits((-3, 80), (90, 75), (180, 70), (270, 60))
    result = ild_progression(record(visits=visits), INDEX, 80.0)
    assert (result.evaluable, result.progressed) == (True, True)
    assert result.first_date == day(180)
    assert result.max_decline == 25.0
    assert result.visits_considered == 3
    assert result.reason == (
        f"progressed: %FVC 70 on {day(180)}, relative decline of 12.5% from baseline 80 (> 10%)"
    )


def test_no_progression_reports_the_largest_decline() -> None:
    """An evaluable patient below the threshold is not progressed; the reason says by how much."""
    visits = fvc_visits((-3, 80), (90, 72), (180, 76))
    result = ild_progression(record(visits=visits), INDEX, 80.0)
    assert (result.evaluable, result.progressed, result.first_date) == (True, False, None)
    assert result.max_decline == 10.0
    assert result.reason == (
        "no progression: largest relative decline of 10% from baseline 80 "
        f"over 2 visit(s) to {day(180)} (needs > 10%)"
    )


def test_patient_reading_matters() -> None:
    """The same visits progress under the relative reading and not under the absolute."""
    visits = fvc_visits((-3, 80), (120, 71))
    assert ild_progression(record(visits=visits), INDEX, 80.0, RELATIVE).progressed
    assert not ild_progression(record(visits=visits), INDEX, 80.0, ABSOLUTE).progressed


def test_no_baseline_fvc_is_not_evaluable() -> None:
    """Without a baseline %FVC the patient is not evaluable, and the reason says so."""
    result = ild_progression(record(visits=fvc_visits((120, 60))), INDEX, None)
    assert (result.evaluable, result.progressed) == (False, False)
    assert result.reason == "not evaluable: no baseline %FVC"


def test_no_fvc_after_index_is_not_evaluable() -> None:
    """With a baseline but no later %FVC the patient is not evaluable."""
    result = ild_progression(record(visits=fvc_visits((-3, 80))), INDEX, 80.0)
    assert not result.evaluable
    assert result.reason == f"not evaluable: no %FVC after the index date ({INDEX})"


def test_baseline_visit_after_index_is_not_compared_with_itself() -> None:
    """With baseline_date given, the baseline visit itself is not a follow-up."""
    visits = fvc_visits((5, 80))
    result = ild_progression(record(visits=visits), INDEX, 80.0, baseline_date=day(5))
    assert not result.evaluable
    assert result.reason == f"not evaluable: no %FVC after the baseline visit ({day(5)})"


def test_until_limits_the_visits_considered() -> None:
    """Visits after ``until`` are ignored."""
    visits = fvc_visits((-3, 80), (180, 78), (400, 60))
    result = ild_progression(record(visits=visits), INDEX, 80.0, until=day(365))
    assert (result.progressed, result.visits_considered) == (False, 1)


# -- properties -----------------------------------------------------------------------

readings = st.sampled_from(list(FvcDeclineReading))
thresholds = st.sampled_from([0.0, 5.0, 10.0, 15.0])


@settings(max_examples=200, deadline=None)
@given(baseline=fvc_values, a=fvc_values, b=fvc_values, reading=readings, threshold=thresholds)
def test_larger_decline_never_turns_progression_off(
    baseline: float, a: float, b: float, reading: FvcDeclineReading, threshold: float
) -> None:
    """If a value counts as progression, every lower value does too."""
    rule = IldProgressionRule(reading, threshold)
    higher, lower = max(a, b), min(a, b)
    if rule.is_progression(baseline, higher):
        assert rule.is_progression(baseline, lower)


@settings(max_examples=50, deadline=None)
@given(
    baseline=fvc_values,
    values=st.lists(fvc_values, min_size=1, max_size=5),
    drop=st.floats(0.0, 50.0),
    reading=readings,
)
def test_lowering_a_follow_up_value_never_undoes_progression(
    baseline: float, values: list[float], drop: float, reading: FvcDeclineReading
) -> None:
    """Lowering one follow-up %FVC never turns a progressed patient into a non-progressed one."""
    rule = IldProgressionRule(reading)
    before = ild_progression(
        record(visits=fvc_visits(*[(30 * (i + 1), v) for i, v in enumerate(values)])),
        INDEX,
        baseline,
        rule,
    )
    lowered = [*values[:-1], max(1.0, round(values[-1] - drop, 2))]
    after = ild_progression(
        record(visits=fvc_visits(*[(30 * (i + 1), v) for i, v in enumerate(lowered)])),
        INDEX,
        baseline,
        rule,
    )
    if before.progressed:
        assert after.progressed
