"""The [adjustment] settings reach the engines: stabilised weights, trimming, their rules."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from myopathy_outcomes.adjusted_comparison import AdjustedComparison
from myopathy_outcomes.adjustment import Adjustment
from myopathy_outcomes.stats.weights import propensity_weights, trim_by_percentile, trim_crump
from myopathy_outcomes.storage import Cohort

from ._confounded import design
from ._pipeline import cohort, run

COVARIATES = ("age", "anti_mda5", "disease_months")


@functools.cache
def _cohort() -> Cohort:
    return cohort()


def _run(**settings: object) -> AdjustedComparison:
    result = run(_cohort(), design(covariates=COVARIATES, **settings))[1]
    assert result.score is not None and result.weights is not None
    return result


def test_stabilised_weights_are_the_engines() -> None:
    """stabilize = true gives WeightIt's stabilised ATE weights."""
    result = _run(stabilize=True)
    t = result.is_treated
    expected = propensity_weights(result.score.score, t, "ATE", stabilize=True)  # type: ignore[union-attr]
    np.testing.assert_allclose(result.weights, expected, rtol=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize("trim", ["crump", 0.05])
def test_trimmed_patients_get_no_weight_and_are_counted(trim: object) -> None:
    """Trimming leaves out the patients the rule names, counted in trimmed and the notes."""
    result = _run(trim=trim)
    score, t = result.score.score, result.is_treated  # type: ignore[union-attr]
    kept = trim_crump(score, t) if trim == "crump" else trim_by_percentile(score, t, 0.05)
    assert result.trimmed == int((~kept).sum())
    assert (result.weights[~kept] == 0).all()  # type: ignore[index]
    if result.trimmed:
        assert f"{result.trimmed} patient(s) trimmed" in result.notes


def test_att_balance_uses_the_treated_denominator() -> None:
    """For the ATT the SMD is standardised by the treated arm's SD (cobalt's default)."""
    ate, att = _run(), _run(estimand="ATT")
    assert ate.balance[0].smd_before != att.balance[0].smd_before


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"method": "matching", "estimand": "ATE"}, "matching estimates the ATT"),
        ({"estimand": "ATT", "stabilize": True}, "stabilize applies to ATE weights only"),
        ({"method": "matching", "trim": "crump"}, "trim applies to weighting only"),
        ({"caliper": 0}, "caliper must be a positive number"),
        ({"missing": "impute"}, "missing must be one of"),
        ({"trim": 0.5}, "trim must be a quantile"),
    ],
)
def test_inconsistent_settings_are_refused(settings: dict[str, object], message: str) -> None:
    """Settings that do not go together are refused, naming the setting."""
    with pytest.raises(ValueError, match=message):
        Adjustment(("age",), **settings)  # type: ignore[arg-type]


def test_treated_must_be_an_arm() -> None:
    """treated names one of the design's arms."""
    with pytest.raises(ValueError, match="treated must be an arm's label"):
        design(covariates=("age",), treated="MMF + CyA")
