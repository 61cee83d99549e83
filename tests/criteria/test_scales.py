"""Declared scales, upper limits and the most abnormal enzyme (criteria.scales, .core_set)."""

from __future__ import annotations

import pytest

from myopathy_outcomes.criteria import (
    MMT8_BILATERAL_SCALE,
    MMT8_SCALE,
    VAS_CM,
    VAS_MM,
    CoreSet,
    CoreSetScales,
    Scale,
    UpperLimits,
    imacs_doi,
    most_abnormal_enzyme,
    total_improvement_score,
)
from tests.criteria._profiles import BASELINE, LIMITS, SCALES, changed


def test_published_ranges() -> None:
    """MMT-8 0-80, bilateral 0-150, VAS 0-10 cm and 0-100 mm."""
    assert (MMT8_SCALE.range, MMT8_BILATERAL_SCALE.range, VAS_CM.range, VAS_MM.range) == (
        80,
        150,
        10,
        100,
    )


@pytest.mark.parametrize(
    ("measure", "value", "message"),
    [
        ("physician_global", 12, "follow-up physician_global = 12 is outside its declared scale, "
         "visual analogue scale 0-10 cm"),
        ("patient_global", -0.5, "follow-up patient_global = -0.5 is outside"),
        ("mmt8", 81, "follow-up mmt8 = 81 is outside its declared scale, MMT-8 0-80"),
        ("haq_di", 3.125, "follow-up haq_di = 3.125 is outside its declared scale, HAQ-DI 0-3"),
        ("extramuscular_global", 10.5, "follow-up extramuscular_global = 10.5"),
        ("ck", -3, r"follow-up ck = -3 must be >= 0 and <= 1000000 \(U/L\)"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("score", [total_improvement_score, imacs_doi])
def test_value_off_its_scale_is_an_error_naming_it(
    score: object, measure: str, value: float, message: str
) -> None:
    """Both definitions refuse a value outside the declared scale, naming measure and value."""
    with pytest.raises(ValueError, match=message):
        score(BASELINE, changed(**{measure: value}), SCALES)  # type: ignore[operator]


def test_baseline_is_checked_too() -> None:
    """The message says which visit."""
    with pytest.raises(ValueError, match="baseline mmt8 = 95"):
        total_improvement_score(changed(mmt8=95), BASELINE, SCALES)


def test_declared_scale_admits_its_values() -> None:
    """142 on the bilateral MMT-8 and 85 mm on a 100 mm VAS are values, not errors."""
    scales = CoreSetScales(mmt8=MMT8_BILATERAL_SCALE, physician_global=VAS_MM, upper_limits=LIMITS)
    before = changed(mmt8=142, physician_global=85)
    result = total_improvement_score(before, before, scales)
    assert result.score == 0


def test_scale_ends_are_inclusive() -> None:
    """0 and the maximum lie on the scale."""
    assert MMT8_SCALE.admits(0) and MMT8_SCALE.admits(80)
    assert not MMT8_SCALE.admits(float("inf"))


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("", 0, 10), ValueError),
        (("x", 10, 0), ValueError),
        (("x", 0, float("nan")), ValueError),
        (("x", 0, True), TypeError),
    ],
)
def test_bad_scale_is_refused(args: tuple[object, ...], error: type[Exception]) -> None:
    """A scale needs a label and minimum < maximum, both finite numbers."""
    with pytest.raises(error):
        Scale(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [0, -5, float("inf")])
def test_upper_limit_must_be_positive(limit: float) -> None:
    """An upper limit of normal of 0 or less, or infinite, is refused."""
    with pytest.raises(ValueError, match="upper limit of normal of ck"):
        UpperLimits(ck=limit)


def test_scales_are_typed() -> None:
    """A scale given as a number is a TypeError naming the field."""
    with pytest.raises(TypeError, match="mmt8 must be a Scale"):
        CoreSetScales(mmt8=80)  # type: ignore[arg-type]


def test_enzyme_without_a_limit_is_an_error() -> None:
    """An enzyme measured at baseline without its limit cannot be ranked: an error, not a skip."""
    with pytest.raises(ValueError, match=r"baseline aldolase = 15\.2 has no upper limit"):
        total_improvement_score(
            BASELINE, BASELINE, CoreSetScales(upper_limits=UpperLimits(ck=200))
        )


def test_enzyme_ratios_are_reported() -> None:
    """Every enzyme measured at baseline with its multiple of the limit."""
    choice = most_abnormal_enzyme(BASELINE, LIMITS)
    assert choice.enzyme == "ck"
    assert choice.ratios == (
        ("ck", 5.0),
        ("aldolase", 2.0),
        ("ldh", 2.0),
        ("ast", 2.0),
        ("alt", 2.0),
    )
    assert choice.upper_limit == 200
    assert choice.ratio == 5


def test_most_abnormal_is_relative_to_the_limit_not_the_value() -> None:
    """AST 400 (10 x 40) beats CK 1500 (7.5 x 200)."""
    choice = most_abnormal_enzyme(CoreSet(ck=1500, ast=400), LIMITS)
    assert choice.enzyme == "ast"


def test_core_set_refuses_text_and_infinity() -> None:
    """A value must be a finite number or None."""
    with pytest.raises(TypeError, match="mmt8 must be a number"):
        CoreSet(mmt8="62")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ck must be finite"):
        CoreSet(ck=float("inf"))
