"""The Kaplan-Meier estimate against R's survfit, its properties, and its errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from myopathy_outcomes.stats import kaplan_meier
from tests.stats._survival_reference import RTOL, assert_close, floats, rows, scalar
from tests.strategies import censored_samples

ROWS = rows("kaplan_meier.csv")
IDS = [row["id"] for row in ROWS]


def _fit(row: dict[str, str]):  # type: ignore[no-untyped-def]
    return kaplan_meier(floats(row["time"]), floats(row["event"]), conf_type=row["conf_type"])


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_table_matches_r_survfit(row: dict[str, str]) -> None:
    """Times, numbers at risk, events and censorings equal survfit's."""
    fit = _fit(row)
    assert fit.time.tolist() == floats(row["out_time"]).tolist()
    assert fit.n_risk.tolist() == floats(row["n_risk"]).tolist()
    assert fit.n_event.tolist() == floats(row["n_event"]).tolist()
    assert fit.n_censor.tolist() == floats(row["n_censor"]).tolist()


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_survival_matches_r_survfit(row: dict[str, str]) -> None:
    """The estimate equals survfit()$surv."""
    assert_close(_fit(row).survival, floats(row["surv"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_std_err_matches_r_survfit(row: dict[str, str]) -> None:
    """std_err equals survfit()$std.err (Greenwood, of log S)."""
    assert_close(_fit(row).std_err, floats(row["std_err"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_limits_match_r_survfit(row: dict[str, str]) -> None:
    """The pointwise limits equal survfit()$lower and $upper for the row's conf.type."""
    fit = _fit(row)
    assert_close(fit.conf_low, floats(row["lower"]))
    assert_close(fit.conf_high, floats(row["upper"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_median_matches_r_quantile_survfit(row: dict[str, str]) -> None:
    """median and median_conf_int equal quantile(fit, 0.5), None for NA."""
    fit = _fit(row)
    expected = (scalar(row["median"]), scalar(row["median_lower"]), scalar(row["median_upper"]))
    got = (fit.median, *fit.median_conf_int)
    for value, reference in zip(got, expected, strict=True):
        if reference is None:
            assert value is None
        else:
            assert value == pytest.approx(reference, rel=RTOL)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_survival_at_matches_r_summary_survfit(row: dict[str, str]) -> None:
    """survival_at equals summary(fit, times, extend = TRUE)."""
    at = _fit(row).survival_at(floats(row["at"]))
    assert_close(at.survival, floats(row["at_surv"]))
    assert_close(at.std_err_survival, floats(row["at_std_err"]))
    assert_close(at.conf_low, floats(row["at_lower"]))
    assert_close(at.conf_high, floats(row["at_upper"]))
    assert at.n_risk.tolist() == floats(row["at_n_risk"]).tolist()


def test_print_median_differs_when_the_curve_ends_at_one_half() -> None:
    """A curve ending flat at 0.5 has median (start + last time) / 2, as quantile() says."""
    fit = kaplan_meier([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0])
    assert fit.median == 4.5  # print(fit) shows 3


def test_median_is_midpoint_of_a_stretch_at_one_half() -> None:
    """Where S equals 0.5 until the next event, the median is the midpoint of the two times."""
    fit = kaplan_meier([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 1, 1, 1, 0, 1, 0])
    assert fit.median == 4.5


def test_no_event_gives_no_median() -> None:
    """All censored: survival 1 throughout, median None."""
    fit = kaplan_meier([3, 5, 7], [0, 0, 0])
    assert fit.survival.tolist() == [1.0, 1.0, 1.0]
    assert fit.median is None
    assert fit.median_conf_int == (None, None)


def test_result_arrays_are_read_only() -> None:
    """A result cannot be changed in place."""
    fit = kaplan_meier([1, 2], [1, 0])
    with pytest.raises(ValueError, match="read-only"):
        fit.survival[0] = 0.5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"time": [1, -2], "event": [1, 1]}, "time must be finite and >= 0"),
        ({"time": [1, np.nan], "event": [1, 1]}, "time must be finite"),
        ({"time": [], "event": []}, "time is empty"),
        ({"time": [1, 2], "event": [1, 2]}, "event must be one of 0, 1"),
        ({"time": [1, 2], "event": [1]}, "event must be one-dimensional with one value"),
        ({"time": [1, 2], "event": [1, 0], "conf_level": 1.5}, "conf_level"),
        ({"time": [1, 2], "event": [1, 0], "conf_type": "logit"}, "conf_type must be one of"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], message: str) -> None:
    """Invalid input raises a ValueError naming the argument."""
    with pytest.raises(ValueError, match=message):
        kaplan_meier(**kwargs)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(censored_samples())
def test_survival_is_non_increasing_within_zero_and_one(
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    """S(t) lies in [0, 1] and never increases; the limits bracket it."""
    time, event = sample
    fit = kaplan_meier(time, event)
    assert np.all((fit.survival >= 0) & (fit.survival <= 1))
    assert np.all(np.diff(fit.survival) <= 0)
    ok = ~np.isnan(fit.conf_low)
    assert np.all(fit.conf_low[ok] <= fit.survival[ok] + 1e-15)
    assert np.all(fit.conf_high[ok] >= fit.survival[ok] - 1e-15)


@settings(max_examples=60, deadline=None)
@given(censored_samples())
def test_order_of_observations_never_changes_the_curve(
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    """Reversing the observations gives the same result."""
    time, event = sample
    a, b = kaplan_meier(time, event), kaplan_meier(time[::-1], event[::-1])
    assert a.survival.tolist() == b.survival.tolist()
    assert a.median == b.median


@settings(max_examples=60, deadline=None)
@given(censored_samples())
def test_no_censoring_gives_the_empirical_survival(sample: tuple[np.ndarray, np.ndarray]) -> None:
    """Without censoring, S(t) is the proportion of times above t."""
    time, _ = sample
    fit = kaplan_meier(time, np.ones(time.size))
    expected = [(time > t).mean() for t in fit.time]
    np.testing.assert_allclose(fit.survival, expected, rtol=1e-12, atol=1e-15)
