"""Tests of mann_whitney against R (coin, wilcox.test) and by properties."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from myopathy_outcomes.stats._budget import rank_seconds, rank_sum_work
from myopathy_outcomes.stats._rank.null import rank_sum_null
from myopathy_outcomes.stats._rank.scores import midranks
from myopathy_outcomes.stats.rank_sum import (
    AUTO_EXACT_MAX_TOTAL,
    ExactBudgetError,
    mann_whitney,
)
from tests.strategies import alternatives, grid_shifts, two_samples

DATA = Path(__file__).parent / "data"
R_ALTERNATIVES = {"two.sided": "two-sided", "less": "less", "greater": "greater"}
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None)


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of a reference file in tests/stats/data."""
    with (DATA / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def floats(field: str) -> np.ndarray:
    """A space-separated list of numbers."""
    return np.array([float(v) for v in field.split()])


def cases(rows: list[dict[str, str]], column: str) -> list[object]:
    """``(x, y, alternative, expected)`` per row and alternative where R gives a value."""
    params = []
    for row in rows:
        for r_alt, alt in R_ALTERNATIVES.items():
            value = row[f"{column}{r_alt}"]
            if value != "NA":
                x, y = floats(row["x"]), floats(row["y"])
                params.append(pytest.param(x, y, alt, float(value), id=f"{row['id']}-{alt}"))
    return params


RANK_SUM = read_rows("mann_whitney.csv")
NO_TIES = [row for row in RANK_SUM if row["hl_estimate"] != "NA"]
CI_EXACT = [row for row in read_rows("rank_ci_exact.csv") if row["test"] == "two-sample"]
CI_ASYMPTOTIC = [
    row
    for row in read_rows("rank_ci_asymptotic.csv")
    if row["test"] == "two-sample" and row["r_conf_level"] == "0.95"
]
CI_DECIMAL = [row for row in read_rows("rank_ci_decimal.csv") if row["test"] == "two-sample"]


@pytest.mark.parametrize("row", RANK_SUM, ids=[row["id"] for row in RANK_SUM])
def test_statistic_matches_r_wilcox_test(row: dict[str, str]) -> None:
    """W equals R's statistic."""
    assert mann_whitney(floats(row["x"]), floats(row["y"])).statistic == float(row["W"])


@pytest.mark.parametrize(("x", "y", "alternative", "expected"), cases(RANK_SUM, "p_exact_"))
def test_pvalue_matches_r_coin_exact(
    x: np.ndarray, y: np.ndarray, alternative: str, expected: float
) -> None:
    """Exact p-value equals coin::wilcox_test(distribution = "exact")."""
    res = mann_whitney(x, y, alternative=alternative, method="exact")  # type: ignore[arg-type]
    assert res.pvalue == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("x", "y", "alternative", "expected"), cases(RANK_SUM, "p_asym_cc_"))
def test_pvalue_matches_r_wilcox_test_asymptotic_corrected(
    x: np.ndarray, y: np.ndarray, alternative: str, expected: float
) -> None:
    """Asymptotic p-value equals wilcox.test(exact = FALSE, correct = TRUE)."""
    res = mann_whitney(x, y, alternative=alternative, method="asymptotic")  # type: ignore[arg-type]
    assert res.pvalue == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("x", "y", "alternative", "expected"), cases(RANK_SUM, "p_asym_nocc_"))
def test_pvalue_matches_r_wilcox_test_asymptotic_uncorrected(
    x: np.ndarray, y: np.ndarray, alternative: str, expected: float
) -> None:
    """Asymptotic p-value equals wilcox.test(exact = FALSE, correct = FALSE)."""
    res = mann_whitney(x, y, alternative=alternative, method="asymptotic", correction=False)  # type: ignore[arg-type]
    assert res.pvalue == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("row", NO_TIES, ids=[row["id"] for row in NO_TIES])
def test_hl_interval_matches_r(row: dict[str, str]) -> None:
    """Estimate and exact 95% interval equal wilcox.test(exact = TRUE, conf.int = TRUE)."""
    res = mann_whitney(floats(row["x"]), floats(row["y"]), method="exact")
    assert res.estimate == pytest.approx(float(row["hl_estimate"]), rel=1e-9)
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), rel=1e-9)


@pytest.mark.parametrize(
    "row",
    CI_EXACT,
    ids=[f"{r['alternative']}-{r['conf_level']}-{i}" for i, r in enumerate(CI_EXACT)],
)
def test_hl_interval_matches_r_for_every_alternative_and_level(row: dict[str, str]) -> None:
    """One-sided and unachievable-level intervals equal R's, with R's achieved coverage."""
    res = mann_whitney(
        floats(row["x"]),
        floats(row["y"]),
        alternative=R_ALTERNATIVES[row["alternative"]],  # type: ignore[arg-type]
        conf_level=float(row["conf_level"]),
        method="exact",
    )
    assert res.estimate == pytest.approx(float(row["estimate"]), rel=1e-9)
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), rel=1e-9)
    assert res.conf_level_achieved == pytest.approx(float(row["achieved"]), rel=1e-9)


@pytest.mark.parametrize(
    "row",
    CI_DECIMAL,
    ids=[f"{r['alternative']}-{r['conf_level']}-{i}" for i, r in enumerate(CI_DECIMAL)],
)
def test_decimal_interval_and_level_match_r_exact_inversion(row: dict[str, str]) -> None:
    """One-decimal tied samples: interval and level equal R's exact-arithmetic inversion."""
    res = mann_whitney(
        floats(row["x"]),
        floats(row["y"]),
        alternative=R_ALTERNATIVES[row["alternative"]],  # type: ignore[arg-type]
        conf_level=float(row["conf_level"]),
        method="exact",
    )
    assert res.estimate == pytest.approx(float(row["estimate"]), rel=1e-9)
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), rel=1e-9)
    assert res.conf_level_achieved == pytest.approx(float(row["achieved"]), rel=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_one_decimal_samples_give_the_interval_of_their_integer_tenths(seed: int) -> None:
    """Float noise in differences of one-decimal data changes neither interval nor level."""
    rng = np.random.default_rng(seed)
    x, y = np.rint(rng.normal(0.0, 30.0, 20)), np.rint(rng.normal(10.0, 30.0, 15))
    decimal = mann_whitney(x / 10, y / 10, method="exact")
    integer = mann_whitney(x, y, method="exact")
    assert decimal.conf_level_achieved == pytest.approx(integer.conf_level_achieved, rel=1e-12)
    assert decimal.conf_int == pytest.approx(tuple(b / 10 for b in integer.conf_int), rel=1e-9)


@pytest.mark.parametrize(
    "row",
    CI_ASYMPTOTIC,
    ids=[f"{r['alternative']}-{r['correct']}-{i}" for i, r in enumerate(CI_ASYMPTOTIC)],
)
def test_asymptotic_interval_matches_r_uniroot(row: dict[str, str]) -> None:
    """The asymptotic interval equals R's uniroot interval to within its tolerance 1e-4."""
    res = mann_whitney(
        floats(row["x"]),
        floats(row["y"]),
        alternative=R_ALTERNATIVES[row["alternative"]],  # type: ignore[arg-type]
        method="asymptotic",
        correction=row["correct"] == "TRUE",
    )
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), abs=2e-4)


def brute_force_interval(x: np.ndarray, y: np.ndarray, level: float) -> tuple[float, float]:
    """Two-sided exact interval: list all splits of the pooled ranks in every gap."""
    cands = np.unique(np.subtract.outer(x, y))
    pooled_size = x.size + y.size
    subsets = [list(s) for s in itertools.combinations(range(pooled_size), x.size)]
    accepted_low, accepted_high = [], []
    for j in range(cands.size + 1):
        lo = cands[0] - 1 if j == 0 else cands[j - 1]
        hi = cands[-1] + 1 if j == cands.size else cands[j]
        pooled = np.concatenate((x - (lo + hi) / 2, y))
        ranks = np.array([np.mean(np.flatnonzero(np.sort(pooled) == v)) + 1 for v in pooled])
        t = ranks[: x.size].sum()
        null = np.array([ranks[s].sum() for s in subsets])
        accepted_low.append(np.mean(null >= t - 1e-9) >= level)
        accepted_high.append(np.mean(null <= t + 1e-9) >= level)
    j_low = accepted_low.index(True)
    j_high = len(accepted_high) - 1 - accepted_high[::-1].index(True)
    return float(cands[max(j_low, 1) - 1]), float(cands[min(j_high, cands.size - 1)])


@settings(max_examples=25, deadline=None)
@given(
    x=st.lists(st.integers(0, 5), min_size=1, max_size=6),
    y=st.lists(st.integers(0, 5), min_size=1, max_size=6),
)
def test_tied_interval_matches_brute_force_inversion(x: list[int], y: list[int]) -> None:
    """With ties within a sample the interval equals inverting the exact test at every shift."""
    xs, ys = np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)
    assume(np.unique(xs).size < xs.size or np.unique(ys).size < ys.size)
    res = mann_whitney(xs, ys, method="exact", conf_level=0.9)
    assert res.conf_int == pytest.approx(brute_force_interval(xs, ys, 0.05))


@PROPERTY_SETTINGS
@given(data=two_samples(), alternative=alternatives)
def test_pvalue_lies_in_unit_interval(
    data: tuple[np.ndarray, np.ndarray], alternative: str
) -> None:
    """Exact and asymptotic p-values lie in [0, 1]."""
    for method in ("exact", "asymptotic"):
        res = mann_whitney(*data, alternative=alternative, method=method)  # type: ignore[arg-type]
        assert 0.0 <= res.pvalue <= 1.0


@PROPERTY_SETTINGS
@given(data=two_samples())
def test_swapping_x_and_y_mirrors_statistic_and_alternatives(
    data: tuple[np.ndarray, np.ndarray],
) -> None:
    """Swapping x and y turns W into n_x n_y - W, "less" into "greater", and negates the shift."""
    x, y = data
    less = mann_whitney(x, y, alternative="less", method="exact")
    swapped = mann_whitney(y, x, alternative="greater", method="exact")
    assert swapped.statistic == x.size * y.size - less.statistic
    assert swapped.pvalue == pytest.approx(less.pvalue, rel=1e-12)
    assert swapped.estimate == pytest.approx(-less.estimate, abs=1e-12)
    assert swapped.effect_size == pytest.approx(-less.effect_size, abs=1e-12)


@PROPERTY_SETTINGS
@given(data=two_samples(), shift=grid_shifts, alternative=alternatives)
def test_adding_a_constant_to_both_samples_changes_nothing(
    data: tuple[np.ndarray, np.ndarray], shift: float, alternative: str
) -> None:
    """Adding the same constant to x and y leaves the result unchanged."""
    x, y = data
    res = mann_whitney(x, y, alternative=alternative)  # type: ignore[arg-type]
    assert mann_whitney(x + shift, y + shift, alternative=alternative) == res  # type: ignore[arg-type]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_exact_and_asymptotic_agree_for_large_samples(seed: int) -> None:
    """For 60 + 60 tied observations the exact and normal p-values agree to 0.01."""
    rng = np.random.default_rng(seed)
    x, y = rng.integers(0, 13, 60) + 1.0, rng.integers(0, 13, 60) * 1.0
    exact = mann_whitney(x, y, method="exact")
    asymptotic = mann_whitney(x, y, method="asymptotic")
    assert exact.pvalue == pytest.approx(asymptotic.pvalue, abs=0.01)


@PROPERTY_SETTINGS
@given(data=two_samples(), alternative=alternatives, level=st.sampled_from((0.8, 0.9, 0.95, 0.99)))
def test_exact_interval_reaches_the_level_unless_clamped(
    data: tuple[np.ndarray, np.ndarray], alternative: str, level: float
) -> None:
    """The exact interval's achieved level is at least the requested one, or an end is extreme."""
    res = mann_whitney(*data, alternative=alternative, method="exact", conf_level=level)  # type: ignore[arg-type]
    assert res.conf_int is not None and res.conf_level_achieved is not None
    assert 0.0 <= res.conf_level_achieved <= 1.0
    if res.conf_level_achieved < level - 1e-12:
        extremes = (float(data[0].min() - data[1].max()), float(data[0].max() - data[1].min()))
        assert res.conf_int[0] in extremes or res.conf_int[1] in extremes


@PROPERTY_SETTINGS
@given(data=two_samples(), alternative=alternatives)
def test_interval_contains_the_estimate(
    data: tuple[np.ndarray, np.ndarray], alternative: str
) -> None:
    """The confidence interval contains the Hodges-Lehmann estimate, for both methods."""
    for method in ("exact", "asymptotic"):
        res = mann_whitney(*data, alternative=alternative, method=method)  # type: ignore[arg-type]
        assert res.conf_int is not None and res.estimate is not None
        assert res.conf_int[0] <= res.estimate <= res.conf_int[1]


# coin::pvalue(coin::wilcox_test(c(x, y) ~ g, distribution = "exact", alternative = a)),
# R 4.2.2, coin 1.4-2, with x and y as below (y <- (0:1999 * 7) %% 13).
SMALL_AGAINST_LARGE_R = {
    "two-sided": 0.029298051740541661,
    "less": 0.98504357297518585,
    "greater": 0.014961250902638059,
}


@pytest.mark.parametrize("alternative", SMALL_AGAINST_LARGE_R)
def test_small_sample_against_a_large_one_matches_r_coin_exact(alternative: str) -> None:
    """10 against 2000 tied values: the exact p-value equals coin's (counts never underflow)."""
    x = [2, 5, 7, 7, 8, 9, 11, 12, 12, 13]
    y = (np.arange(2000) * 7) % 13
    res = mann_whitney(x, y, method="exact", alternative=alternative)  # type: ignore[arg-type]
    assert res.pvalue == pytest.approx(SMALL_AGAINST_LARGE_R[alternative], rel=1e-9)
    assert res.conf_int[0] <= res.estimate <= res.conf_int[1]


def test_effect_size_is_one_when_x_is_always_larger() -> None:
    """Complete separation in favour of x gives a rank-biserial correlation of 1."""
    res = mann_whitney([5.0, 6.0, 7.0], [1.0, 2.0])
    assert (res.statistic, res.effect_size) == (6.0, 1.0)


def test_achieved_level_counts_only_possible_extremes_with_ties() -> None:
    """With ties U = n_x n_y may be impossible; it then adds nothing to the attained size."""
    res = mann_whitney([0.0], [0.0] * 10, method="exact", conf_level=0.8)
    assert res.conf_int == (0.0, 0.0)
    assert res.conf_level_achieved == 1.0


def test_all_tied_gives_pvalue_one() -> None:
    """When every observation is tied both methods give p = 1 (R's asymptotic gives NaN)."""
    assert mann_whitney([2.0, 2.0], [2.0, 2.0, 2.0], method="exact").pvalue == 1.0
    assert mann_whitney([2.0, 2.0], [2.0, 2.0, 2.0], method="asymptotic").pvalue == 1.0


def test_auto_is_exact_up_to_the_bound_and_asymptotic_beyond() -> None:
    """method="auto" resolves to exact up to AUTO_EXACT_MAX_TOTAL pooled observations."""
    half = AUTO_EXACT_MAX_TOTAL // 2
    x, y = np.arange(half) * 2.0, np.arange(half) * 2.0 + 1.0
    assert mann_whitney(x, y).method == "exact"
    assert mann_whitney(np.append(x, 1000.0), y).method == "asymptotic"


@pytest.mark.parametrize(("n_x", "n_y"), [(250, 250), (600, 600), (1000, 1000), (30, 4000)])
def test_exact_beyond_the_budget_raises_and_names_budget_seconds(n_x: int, n_y: int) -> None:
    """method="exact" beyond budget_seconds raises at once, naming it and method='asymptotic'."""
    rng = np.random.default_rng(7)
    x, y = rng.integers(0, 13, n_x).astype(float), rng.integers(0, 13, n_y).astype(float)
    with pytest.raises(
        ExactBudgetError,
        match=f"{n_x} \\+ {n_y} would take about .* s here, more than budget_seconds=10; "
        "pass budget_seconds=.*method='asymptotic'",
    ):
        mann_whitney(x, y, method="exact")
    assert mann_whitney(x, y, method="asymptotic").method == "asymptotic"


def test_a_larger_budget_computes_a_refused_exact_test() -> None:
    """A test refused within budget_seconds is computed, equal to the default's, with more."""
    rng = np.random.default_rng(7)
    x, y = rng.integers(0, 13, 30).astype(float), rng.integers(0, 13, 40).astype(float)
    with pytest.raises(ExactBudgetError, match=r"30 \+ 40.*budget_seconds=1e-06"):
        mann_whitney(x, y, method="exact", budget_seconds=1e-6)
    assert mann_whitney(x, y, budget_seconds=1e-2) == mann_whitney(x, y)


def test_invalid_budget_seconds_is_refused_whatever_the_method() -> None:
    """budget_seconds must be a positive number even when the asymptotic method ignores it."""
    with pytest.raises(ValueError, match=r"budget_seconds must be a positive number"):
        mann_whitney([1.0, 2.0], [3.0], method="asymptotic", budget_seconds=0.0)


def test_auto_exact_region_lies_within_the_default_budget() -> None:
    """Every split method="auto" computes exactly is estimated below 0.05 s."""
    for n_x in range(1, AUTO_EXACT_MAX_TOTAL):
        assert rank_seconds(rank_sum_work(n_x, AUTO_EXACT_MAX_TOTAL - n_x)) <= 0.05


def test_nan_omit_drops_nan_from_each_sample() -> None:
    """nan_policy="omit" drops NaN from x and y separately."""
    res = mann_whitney([1.0, np.nan, 3.0], [np.nan, 2.0, 0.5, 4.0], nan_policy="omit")
    assert res == mann_whitney([1.0, 3.0], [2.0, 0.5, 4.0])
    assert (res.n_x, res.n_y) == (2, 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": [], "y": [1.0]}, "x is empty"),
        ({"x": [1.0], "y": []}, "y is empty"),
        (
            {"x": [np.nan], "y": [1.0], "nan_policy": "omit"},
            r"x is empty \(after omitting missing values\)",
        ),
        (
            {"x": [1.0, np.nan], "y": [1.0]},
            r"x contains 1 missing value \(NaN, None or masked\) of 2 values.*nan_policy='omit'",
        ),
        ({"x": [1.0], "y": [np.nan]}, "y contains 1 missing value .* of 1 values"),
        ({"alternative": "both"}, "alternative must be one of 'two-sided', 'less', 'greater'"),
        ({"method": "monte-carlo"}, "method must be one of 'auto', 'exact', 'asymptotic'"),
        ({"nan_policy": "propagate"}, "nan_policy must be one of 'raise', 'omit'"),
        ({"conf_level": 95}, "conf_level must lie strictly between 0 and 1"),
        ({"conf_level": -0.1}, "conf_level must lie strictly between 0 and 1"),
        ({"y": [1.0, -np.inf]}, r"y contains infinite values \(y\[1\] = -inf\)"),
        ({"x": [[1.0], [2.0]]}, r"x must be one-dimensional; got shape \(2, 1\)"),
        ({"x": [1e308, 2.0], "y": [1.0]}, r"x\[0\] = 1e\+308 is too large.*rescale"),
        ({"x": [1.0e300], "y": [-1.7e308]}, r"y\[0\] = -1\.7e\+308 is too large"),
    ],
)
def test_bad_input_raises_value_error(kwargs: dict[str, object], message: str) -> None:
    """Each kind of bad input raises a ValueError that says what is wrong."""
    arguments: dict[str, object] = {"x": [1.0, 2.0], "y": [3.0]}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        mann_whitney(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["exact", "asymptotic"])
def test_values_at_the_magnitude_bound_give_finite_results(method: str) -> None:
    """Values up to +-2**1000 run without overflow: finite estimate and two-sided bounds."""
    big = 2.0**1000
    x = [big, -big, big / 2, 3.0, big]
    y = [-big, big, 0.0, -big / 2, 1.0, -big]
    res = mann_whitney(x, y, method=method)  # type: ignore[arg-type]
    assert np.isfinite([res.statistic, res.pvalue, res.estimate, *res.conf_int]).all()


def test_non_boolean_correction_raises_type_error() -> None:
    """correction must be a bool."""
    with pytest.raises(TypeError, match="correction must be True or False; got 1"):
        mann_whitney([1.0], [2.0], correction=1)  # type: ignore[arg-type]


ARRAY = "must be a one-dimensional array of numbers"
MISUSE = [
    ({"conf_level": "high"}, r"conf_level must be a number .*got 'high' \(str\)"),
    ({"conf_level": np.bool_(True)}, r"conf_level must be a number"),
    ({"alternative": ["less"]}, r"alternative must be one of .*\(list\)"),
    ({"method": None}, "method must be one of 'auto', 'exact', 'asymptotic'; got None"),
    ({"y": None}, f"y {ARRAY}.*got None"),
    ({"y": {1.0, 3.0}}, f"y {ARRAY}.*got a set"),
    ({"x": iter([1.0, 2.0])}, f"x {ARRAY}.*got a list_iterator"),
    ({"x": {"a": 1.0}}, f"x {ARRAY}.*got a dict"),
    ({"y": [True, False]}, r"y\[0\] is True, a boolean"),
    ({"y": np.array([True, False])}, "y holds booleans"),
    (
        {"x": [dt.datetime(2020, 1, 1), 3.0]},
        r"x\[0\] = datetime\.datetime.* a date, time or duration",
    ),
    ({"y": ["a", "b"]}, "y holds text"),
]


@pytest.mark.parametrize(("kwargs", "message"), MISUSE, ids=[m[:32] for _, m in MISUSE])
def test_api_misuse_raises_type_error_naming_the_argument(
    kwargs: dict[str, object], message: str
) -> None:
    """A wrong kind of argument is a TypeError that quotes the parameter."""
    arguments: dict[str, object] = {"x": [1.0, 2.0], "y": [3.0]}
    arguments.update(kwargs)
    with pytest.raises(TypeError, match=message):
        mann_whitney(**arguments)  # type: ignore[arg-type]


# --- beyond the former work budget (issue 24; data/rank_exact_large.R) --------


def large_rows() -> dict[int, dict[str, str]]:
    """Rows of rank_sum_exact_large.csv by sample size: coin's exact two-sided p-values."""
    return {int(row["n_x"]): row for row in read_rows("rank_sum_exact_large.csv")}


def test_exact_pvalue_of_200_plus_200_tied_matches_r_coin_exact() -> None:
    """The exact null of 200 + 200 tied values (refused before issue 24) gives coin's p-value."""
    row = large_rows()[200]
    x, y = np.array(row["x"].split(), float), np.array(row["y"].split(), float)
    ranks, _ = midranks(np.concatenate((x, y)))
    statistic = float(ranks[: x.size].sum()) - x.size * (x.size + 1) / 2.0
    assert statistic == float(row["W"])
    pvalue = rank_sum_null(ranks, x.size).pvalue(statistic, "two-sided")
    assert pvalue == pytest.approx(float(row["p_exact_two.sided"]), rel=1e-9)


def test_exact_300_plus_300_is_refused_by_default_with_the_budget_to_pass() -> None:
    """300 + 300 is estimated at 22 s: refused by default, naming budget_seconds=43."""
    row = large_rows()[300]
    x, y = np.array(row["x"].split(), float), np.array(row["y"].split(), float)
    with pytest.raises(ExactBudgetError, match=r"about 22 s here.*pass budget_seconds=43"):
        mann_whitney(x, y, method="exact")
