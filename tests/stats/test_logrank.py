"""The log-rank test against R's survdiff and coin::logrank_test, its properties, its errors."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, reject, settings

from myopathy_outcomes.stats import ExactBudgetError, logrank
from myopathy_outcomes.stats._survival.logrank_exact import (
    PVALUE_TOLERANCE,
    _grid_bracket,
    _grid_plan,
    _rational_pvalue,
    _sample,
    logrank_scores,
    rational_seconds,
)
from tests.stats._survival_reference import RTOL, assert_close, floats, rows
from tests.strategies import grouped_censored_samples

ROWS = rows("logrank.csv")
IDS = [row["id"] for row in ROWS]
COIN_ROWS = [row for row in ROWS if row["coin_z"] != "NA"]
EXACT_ROWS = [row for row in ROWS if row["coin_p_exact"] != "NA"]
#: Samples of logrank_exact.R computed here in well under a second where coin's exact p-value
#: is the exact one (to all its digits); coin's own example ocarcinoma among them.
QUICK = (
    "tied_5_5",
    "tied_8_8",
    "tied_10_10",
    "tied_12_12",
    "tied_15_15",
    "distinct_20",
    "ocarcinoma",
)
#: Samples where coin's floating-point comparison counts sums just below the observed one.
COIN_ABOVE = ("tied_20_20", "distinct_28")
COIN_EXACT = {row["id"]: row for row in rows("logrank_exact.csv")}


def _test(row: dict[str, str], method: str = "asymptotic"):  # type: ignore[no-untyped-def]
    strata = floats(row["strata"]) if row["strata"] else None
    return logrank(
        floats(row["time"]),
        floats(row["event"]),
        floats(row["group"]),
        rho=float(row["rho"]),
        strata=strata,
        method=method,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_statistic_matches_r_survdiff(row: dict[str, str]) -> None:
    """The chi-square and its df equal survdiff()$chisq and sum(exp > 0) - 1."""
    res = _test(row)
    assert res.statistic == pytest.approx(float(row["chisq"]), rel=RTOL, abs=1e-13)
    assert res.df == int(row["df"])


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_pvalue_matches_r_survdiff(row: dict[str, str]) -> None:
    """The asymptotic p-value equals survdiff()$pvalue."""
    res = _test(row)
    assert res.method == "asymptotic"
    assert res.pvalue == pytest.approx(float(row["pvalue"]), rel=RTOL)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_observed_expected_variance_match_r_survdiff(row: dict[str, str]) -> None:
    """observed, expected (summed over strata) and variance equal survdiff's."""
    res = _test(row)
    assert_close(res.observed, floats(row["observed"]))
    assert_close(res.expected, floats(row["expected"]))
    assert_close(res.variance.ravel(), floats(row["var"]))


@pytest.mark.parametrize("row", COIN_ROWS, ids=[row["id"] for row in COIN_ROWS])
def test_z_matches_r_coin_logrank_test(row: dict[str, str]) -> None:
    """z equals statistic(coin::logrank_test(Surv(time, event) ~ group))."""
    assert _test(row).z == pytest.approx(float(row["coin_z"]), rel=RTOL, abs=1e-13)


@pytest.mark.parametrize("row", EXACT_ROWS, ids=[row["id"] for row in EXACT_ROWS])
def test_pvalue_matches_r_coin_exact(row: dict[str, str]) -> None:
    """The exact p-value equals pvalue(coin::logrank_test(..., distribution = "exact"))."""
    res = _test(row, "exact")
    assert res.method == "exact"
    assert res.pvalue == pytest.approx(float(row["coin_p_exact"]), rel=RTOL)


def test_z_is_none_with_strata_or_three_groups() -> None:
    """coin's z is given for two groups without strata only."""
    time, event = [1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 1, 1]
    assert logrank(time, event, [0, 1, 2, 0, 1, 2]).z is None
    assert logrank(time, event, [0, 1, 0, 1, 0, 1], strata=[0, 0, 0, 1, 1, 1]).z is None


def _testable(time: np.ndarray, event: np.ndarray, group: np.ndarray) -> None:
    """Reject a drawn sample for which survdiff has no test (R stops too)."""
    try:
        logrank(time, event, group)
    except ValueError as error:
        assert "no test" in str(error)
        reject()


def _brute_force_pvalue(time: np.ndarray, event: np.ndarray, group: np.ndarray) -> float:
    """P(|T| >= |t|) by listing every choice of the first group, in exact fractions."""
    scores = logrank_scores(time, event)
    first = group == 0
    observed = abs(sum(s for s, f in zip(scores, first, strict=True) if f))
    m = int(first.sum())
    hits = sum(
        abs(sum(scores[i] for i in chosen)) >= observed
        for chosen in itertools.combinations(range(time.size), m)
    )
    return hits / math.comb(time.size, m)


@settings(max_examples=40, deadline=None)
@given(grouped_censored_samples(max_size=11))
def test_exact_pvalue_equals_enumeration(sample: tuple[np.ndarray, ...]) -> None:
    """The shift algorithm gives the p-value of listing all C(N, m) group assignments."""
    time, event, group = sample
    _testable(time, event, group)
    res = logrank(time, event, group, method="exact")
    assert res.pvalue == pytest.approx(_brute_force_pvalue(time, event, group), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(grouped_censored_samples(max_size=20))
def test_swapping_labels_changes_only_the_sign_of_z(sample: tuple[np.ndarray, ...]) -> None:
    """Renaming the groups keeps chi-square and p-values and turns z into -z."""
    time, event, group = sample
    _testable(time, event, group)
    a = logrank(time, event, group, method="auto")
    b = logrank(time, event, 1 - group, method="auto")
    assert b.statistic == pytest.approx(a.statistic, rel=1e-12, abs=1e-14)
    assert b.pvalue == pytest.approx(a.pvalue, rel=1e-12)
    assert a.z is not None and b.z is not None
    assert b.z == pytest.approx(-a.z, rel=1e-12, abs=1e-14)


@settings(max_examples=40, deadline=None)
@given(grouped_censored_samples(max_size=20, n_groups=3))
def test_pvalue_is_a_probability_and_order_free(sample: tuple[np.ndarray, ...]) -> None:
    """p lies in [0, 1] and reversing the observations changes nothing."""
    time, event, group = sample
    try:
        a = logrank(time, event, group, rho=1.0)
    except ValueError as error:  # a singular variance: R stops too
        assert "no test" in str(error)
        reject()
    b = logrank(time[::-1], event[::-1], group[::-1], rho=1.0)
    assert 0.0 <= a.pvalue <= 1.0
    assert b.statistic == pytest.approx(a.statistic, rel=1e-10, abs=1e-12)


def test_auto_is_exact_for_a_small_sample() -> None:
    """method='auto' resolves to the exact test for two small groups, and says so."""
    res = logrank([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 1, 1], [0, 1, 0, 1, 0, 1], method="auto")
    assert res.method == "exact"


def test_auto_is_asymptotic_with_strata() -> None:
    """method='auto' with strata (no exact test here) is asymptotic."""
    res = logrank(
        [1, 2, 3, 4, 5, 6, 7, 8],
        [1, 1, 1, 0, 1, 1, 1, 1],
        [0, 1, 0, 1, 0, 1, 0, 1],
        strata=[0, 0, 0, 0, 1, 1, 1, 1],
        method="auto",
    )
    assert res.method == "asymptotic"


def test_exact_beyond_the_budget_says_to_use_asymptotic() -> None:
    """60 distinct times split 30 + 30 exceed the exact budget: the error names the way out."""
    rng = np.random.default_rng(20261125)
    time = rng.permutation(60).astype(np.float64) + 1.0
    event = rng.integers(0, 2, 60)
    event[0] = 1
    with pytest.raises(ExactBudgetError, match="method='asymptotic'"):
        logrank(time, event, np.arange(60) % 2, method="exact")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"group": [0, 1, 2, 0]}, "two groups"),
        ({"rho": 1.0}, "rho = 0"),
        ({"strata": [0, 0, 1, 1]}, "no strata"),
    ],
)
def test_exact_where_it_does_not_apply_is_refused(kwargs: dict[str, object], message: str) -> None:
    """method='exact' with three groups, rho != 0 or strata raises, naming the reason."""
    args: dict[str, object] = {"group": [0, 1, 0, 1], **kwargs}
    with pytest.raises(ValueError, match=message):
        logrank([1, 2, 3, 4], [1, 1, 0, 1], method="exact", **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"group": [0, 0, 0, 0]}, "group must have at least two distinct values"),
        ({"group": [0, 1, 0]}, "group must be one-dimensional with one value per time"),
        ({"event": [1, 1, 0, 3]}, "event must be one of 0, 1"),
        ({"rho": float("nan")}, "rho must be finite"),
        ({"method": "permutation"}, "method must be one of"),
        ({"strata": [0, 1]}, "strata must be one-dimensional"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], message: str) -> None:
    """Invalid input raises a ValueError naming the argument."""
    args: dict[str, object] = {"event": [1, 1, 0, 1], "group": [0, 1, 0, 1], **kwargs}
    with pytest.raises(ValueError, match=message):
        logrank([1, 2, 3, 4], **args)  # type: ignore[arg-type]


def test_no_events_in_a_risk_set_shared_by_two_groups_is_no_test() -> None:
    """If only one group has anyone at risk at the event times there is nothing to compare."""
    with pytest.raises(ValueError, match="no test"):
        logrank([1, 2, 5, 6], [0, 0, 1, 1], [0, 0, 1, 1])


def test_prints_like_r() -> None:
    """str() of the asymptotic and exact tests reads as an R test print."""
    time, event, group = [1, 2, 3, 4, 5, 6], [1, 0, 1, 1, 0, 1], [0, 0, 0, 1, 1, 1]
    assert "Chisq = 3.5714, df = 1, p-value = 0.05878" in str(logrank(time, event, group))
    exact = str(logrank(time, event, group, method="exact"))
    assert "Exact Two-Sample Logrank Test" in exact
    assert "Z = -1.5215, p-value = 0.2" in exact


def _case(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    row = COIN_EXACT[name]
    return floats(row["time"]), floats(row["event"]), floats(row["group"])


@pytest.mark.parametrize("name", QUICK)
def test_tied_months_pvalue_matches_r_coin_exact(name: str) -> None:
    """Whole-month and distinct-time samples: the exact p-value equals coin's exact one."""
    res = logrank(*_case(name), method="exact")
    assert res.method == "exact"
    assert res.pvalue == pytest.approx(float(COIN_EXACT[name]["coin_p_exact"]), rel=RTOL)


@pytest.mark.parametrize("name", COIN_ABOVE)
def test_coin_exact_exceeds_the_exact_pvalue_by_its_tolerance_only(name: str) -> None:
    """20 + 20 tied and 28 distinct: coin's p-value is above the exact one by less than 1e-6."""
    coin = float(COIN_EXACT[name]["coin_p_exact"])
    res = logrank(*_case(name), method="exact")
    assert res.pvalue < coin < res.pvalue + 1e-6


@pytest.mark.parametrize("name", ["tied_12_12", "distinct_20"])
def test_split_engine_gives_the_single_pass_float_for_float(name: str) -> None:
    """Both engines count subsets exactly (integers below 2^53): the same p-value, bit for bit."""
    time, event, group = _case(name)
    sample = _sample(time, event.astype(np.int64), group == 0)
    assert _rational_pvalue(sample, split=True) == _rational_pvalue(sample, split=False)


def test_refusal_names_budget_seconds_and_its_estimate() -> None:
    """35 distinct times exceed a budget of 10 ms: the message names budget_seconds."""
    with pytest.raises(ExactBudgetError, match=r"would take about .* s here.*budget_seconds="):
        logrank(*_case("distinct_35"), method="exact", budget_seconds=0.01)


def test_what_no_budget_computes_is_refused_with_the_reason() -> None:
    """50 + 50 tied months (asymptotic p 0.043): no exact integers, no grid in memory."""
    with pytest.raises(ExactBudgetError, match="overflow int64, and no grid that fits in memory"):
        logrank(*_case("tied_50_50"), method="exact")


def test_a_smaller_budget_refuses_what_the_default_computes() -> None:
    """budget_seconds is honoured: a tiny budget refuses the 12 + 12 sample."""
    with pytest.raises(ExactBudgetError, match="budget_seconds=1e-06"):
        logrank(*_case("tied_12_12"), method="exact", budget_seconds=1e-6)


def test_auto_within_a_tiny_budget_is_asymptotic() -> None:
    """method='auto' falls back to the asymptotic test when the exact one exceeds the budget."""
    res = logrank(*_case("tied_12_12"), method="auto", budget_seconds=1e-6)
    assert res.method == "asymptotic"


@pytest.mark.parametrize("budget", [0, -1.0, float("nan"), "10", True])
def test_budget_seconds_must_be_a_positive_number(budget: object) -> None:
    """A budget that is not a positive number of seconds is refused, naming the argument."""
    with pytest.raises(ValueError, match="budget_seconds must be a positive number"):
        logrank([1, 2, 3, 4], [1, 1, 0, 1], [0, 1, 0, 1], budget_seconds=budget)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(grouped_censored_samples(max_size=11))
def test_split_engine_equals_enumeration(sample: tuple[np.ndarray, ...]) -> None:
    """Merging the sums of two halves of the classes gives the p-value of full enumeration."""
    time, event, group = sample
    _testable(time, event, group)
    got = _rational_pvalue(_sample(time, event, group == 0), split=True)
    assert got == pytest.approx(_brute_force_pvalue(time, event, group), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(grouped_censored_samples(max_size=11))
def test_grid_bracket_contains_the_enumerated_pvalue(sample: tuple[np.ndarray, ...]) -> None:
    """For coarse and fine grids, the proven bracket contains the p-value of full enumeration."""
    time, event, group = sample
    _testable(time, event, group)
    exact = _brute_force_pvalue(time, event, group)
    for factor in (1, 3, 16, 1000):
        low, high = _grid_bracket(_sample(time, event, group == 0), factor)
        assert low - 1e-12 <= exact <= high + 1e-12


def test_no_grid_is_planned_where_one_split_outweighs_the_tolerance() -> None:
    """14 + 14: the observed split alone has probability above 1e-9, so no grid can certify."""
    time = np.concatenate([np.arange(1.0, 15.0), np.arange(12.0, 26.0)])
    sample = _sample(time, np.ones(28, dtype=np.int64), np.repeat([0, 1], 14) == 0)
    assert _grid_plan(sample) == (0, math.inf)


def test_far_tail_of_100_patients_is_exact() -> None:
    """50 + 50 tied months, one group dying first: the grid's p is 2 / C(100, 50) to 1e-9 above.

    Every score is ``H - 1`` and increases with time, so the observed group holds the 50
    smallest scores: ``T`` is the minimum, attained by this split alone, and by symmetry
    (the scores sum to 0) ``-T`` is the maximum, attained by the complement.
    """
    rng = np.random.default_rng(3)
    time = np.concatenate([rng.integers(1, 12, 50), rng.integers(12, 48, 50)]).astype(float)
    event = np.ones(100, dtype=np.int64)
    group = np.repeat([0, 1], 50)
    assert math.inf in rational_seconds(_sample(time, event, group == 0))  # the grid computes it
    res = logrank(time, event, group, method="exact")
    assert res.method == "exact"
    assert 0.0 <= res.pvalue - 2 / math.comb(100, 50) <= PVALUE_TOLERANCE
