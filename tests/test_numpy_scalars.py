"""NumPy integers are integers wherever the package takes one; booleans are not."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from myopathy_outcomes.design_file import DesignFileError, design_from_dict
from myopathy_outcomes.outcomes import OutcomeRules
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.stats import cumulative_incidence, logrank, mann_whitney
from myopathy_outcomes.studies import HANAOKA_2019

NUMPY_INTEGERS = [np.int64(14), np.int32(14), np.uint16(14)]


@pytest.mark.parametrize("days", NUMPY_INTEGERS, ids=lambda v: type(v).__name__)
def test_design_days_accept_numpy_integers(days: np.integer) -> None:
    """add_on_window_days=np.int64(14) is 14 days, stored as a Python int."""
    design = dataclasses.replace(HANAOKA_2019, add_on_window_days=days, lookback_days=days)
    assert design.add_on_window_days == 14
    assert type(design.add_on_window_days) is int
    assert type(design.lookback_days) is int


@pytest.mark.parametrize(
    "field",
    ["baseline_days_before", "baseline_days_after", "follow_up_window_days", "grace_days"],
)
def test_outcome_windows_accept_numpy_integers(field: str) -> None:
    """Every window of OutcomeRules takes a NumPy integer and keeps a Python int."""
    kwargs: dict[str, object] = {field: np.int64(14)}
    if field == "grace_days":
        kwargs["follow_up_analysis"] = "as-treated"
    rules = OutcomeRules(**kwargs)  # type: ignore[arg-type]
    assert getattr(rules, field) == 14
    assert type(getattr(rules, field)) is int


def test_fixed_follow_up_days_accept_numpy_integers() -> None:
    """follow_up_days=np.int64(182) is 182 days."""
    rules = OutcomeRules(follow_up="fixed", follow_up_days=np.int64(182))  # type: ignore[arg-type]
    assert rules.follow_up_days == 182
    assert type(rules.follow_up_days) is int


@pytest.mark.parametrize("value", [True, np.True_, 14.0])
def test_outcome_windows_refuse_booleans_and_floats(value: object) -> None:
    """True is no number of days, nor is 14.0."""
    with pytest.raises(ValueError, match="baseline_days_before must be an integer"):
        OutcomeRules(baseline_days_before=value)  # type: ignore[arg-type]


def test_measure_accepts_numpy_numbers() -> None:
    """decimals=np.int64(1) and NumPy bounds make an ordinary Measure."""
    measure = Measure("kl6_late", "KL-6", "U/mL", np.int64(1), np.int64(0), np.float32(1e5))  # type: ignore[arg-type]
    assert (measure.decimals, measure.minimum, measure.maximum) == (1, 0.0, 1e5)
    assert type(measure.decimals) is int


def test_measure_refuses_boolean_decimals() -> None:
    """decimals=True is refused."""
    with pytest.raises(TypeError, match="decimals must be an integer"):
        Measure("kl6_late", "KL-6", "U/mL", np.True_, 0, 1e5)  # type: ignore[arg-type]


def test_design_from_dict_accepts_numpy_integers() -> None:
    """A design table built in Python may hold NumPy integers where TOML holds ints."""
    design = design_from_dict(
        {
            "based_on": "hanaoka2019",
            "add_on_window_days": np.int64(14),
            "outcomes": {"baseline_days_before": np.int64(60)},
        }
    )
    assert design.add_on_window_days == 14
    assert design.outcome_rules.baseline_days_before == 60


def test_design_from_dict_refuses_a_boolean_for_an_integer() -> None:
    """A boolean is still not an integer in a design table."""
    with pytest.raises(DesignFileError, match="'add_on_window_days' expected an integer"):
        design_from_dict({"based_on": "hanaoka2019", "add_on_window_days": np.True_})


def test_statistics_take_numpy_numbers_as_arguments() -> None:
    """conf_level, rho and cause may be NumPy numbers."""
    res = mann_whitney([1.0, 2.0, 4.0], [3.0, 5.0, 6.0], conf_level=np.float32(0.9))
    assert res.conf_level == pytest.approx(0.9)
    time, event = [1, 2, 3, 4, 5, 6], [1, 1, 0, 1, 1, 0]
    group = ["a", "b", "a", "b", "a", "b"]
    assert logrank(time, event, group, rho=np.int64(1)).rho == 1.0
    assert cumulative_incidence(time, event, cause=np.int64(1)).cause == 1


def test_logrank_refuses_text_and_booleans_as_rho() -> None:
    """rho="1" and rho=True are no numbers (float() would have read both)."""
    time, event, group = [1, 2, 3, 4], [1, 1, 0, 1], ["a", "b", "a", "b"]
    for rho in ("1", True):
        with pytest.raises(TypeError, match="rho must be a number"):
            logrank(time, event, group, rho=rho)  # type: ignore[arg-type]
