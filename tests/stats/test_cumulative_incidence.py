"""Cumulative incidence with competing risks against R's survfit, its properties, its errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from myopathy_outcomes.stats import cumulative_incidence, kaplan_meier
from tests.stats._survival_reference import assert_close, floats, rows
from tests.strategies import competing_risk_samples

ROWS = rows("cumulative_incidence.csv")
IDS = [row["id"] for row in ROWS]


def _fit(row: dict[str, str]):  # type: ignore[no-untyped-def]
    status = floats(row["status"]).astype(np.int64)
    return cumulative_incidence(floats(row["time"]), status, cause=int(row["cause"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_table_matches_r_survfit_multistate(row: dict[str, str]) -> None:
    """Times, numbers at risk, events of the cause and censorings equal survfit's."""
    res = _fit(row)
    assert res.time.tolist() == floats(row["out_time"]).tolist()
    assert res.n_risk.tolist() == floats(row["n_risk"]).tolist()
    assert res.n_event.tolist() == floats(row["n_event"]).tolist()
    assert res.n_censor.tolist() == floats(row["n_censor"]).tolist()


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_incidence_matches_r_survfit_pstate(row: dict[str, str]) -> None:
    """The estimate equals survfit()$pstate of the cause's state."""
    assert_close(_fit(row).cumulative_incidence, floats(row["pstate"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_std_err_matches_r_survfit(row: dict[str, str]) -> None:
    """std_err equals survfit()$std.err of the cause's state (infinitesimal jackknife)."""
    assert_close(_fit(row).std_err, floats(row["std_err"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_limits_match_r_survfit(row: dict[str, str]) -> None:
    """The limits equal survfit()$lower and $upper of the cause's state."""
    res = _fit(row)
    assert_close(res.conf_low, floats(row["lower"]))
    assert_close(res.conf_high, floats(row["upper"]))


@settings(max_examples=60, deadline=None)
@given(competing_risk_samples())
def test_states_add_up_to_one(sample: tuple[np.ndarray, np.ndarray]) -> None:
    """Event-free probability plus the incidences of every type is 1 at every time."""
    time, status = sample
    fits = [cumulative_incidence(time, status, cause=c) for c in np.unique(status[status > 0])]
    total = fits[0].event_free + sum(f.cumulative_incidence for f in fits)
    np.testing.assert_allclose(total, 1.0, rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(competing_risk_samples())
def test_event_free_is_the_kaplan_meier_of_any_event(
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    """event_free equals the Kaplan-Meier estimate with every event type as the event."""
    time, status = sample
    cause = int(status[status > 0][0])
    res = cumulative_incidence(time, status, cause=cause)
    km = kaplan_meier(time, status > 0)
    np.testing.assert_allclose(res.event_free, km.survival, rtol=1e-12, atol=1e-15)


@settings(max_examples=60, deadline=None)
@given(competing_risk_samples())
def test_incidence_is_non_decreasing_and_below_one_minus_km(
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    """F rises, and never exceeds 1 - KM with competing events taken as censorings."""
    time, status = sample
    cause = int(status[status > 0][0])
    res = cumulative_incidence(time, status, cause=cause)
    naive = 1.0 - kaplan_meier(time, status == cause).survival
    assert np.all(np.diff(res.cumulative_incidence) >= -1e-15)
    assert np.all(res.cumulative_incidence <= naive + 1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": [0, 1, 2, -1]}, "status must be a whole number >= 0"),
        ({"status": [0, 1, 2.5, 1]}, "status must be a whole number >= 0"),
        ({"cause": 3}, "cause 3 does not occur in status"),
        ({"cause": 0}, "cause must be a whole number >= 1"),
        ({"cause": 1.0}, "cause must be a whole number >= 1"),
        ({"conf_level": 95}, "conf_level"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], message: str) -> None:
    """Invalid input raises a ValueError naming the argument."""
    args: dict[str, object] = {"status": [0, 1, 2, 1], **kwargs}
    with pytest.raises(ValueError, match=message):
        cumulative_incidence([1, 2, 3, 4], **args)  # type: ignore[arg-type]
