"""Tests of paired_wilcoxon against R (exactRankTests, coin, wilcox.test) and by properties."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from myopathy_outcomes.stats._budget import DEFAULT_BUDGET_SECONDS, rank_seconds, signed_rank_work
from myopathy_outcomes.stats.signed_rank import (
    AUTO_EXACT_MAX_N,
    RANK_EXACT_BUDGET,
    ExactBudgetError,
    paired_wilcoxon,
)
from tests.strategies import alternatives, grid_shifts, paired_samples, zero_methods

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
                params.append(
                    pytest.param(
                        floats(row["x"]),
                        floats(row["y"]),
                        alt,
                        float(value),
                        id=f"{row['id']}-{alt}",
                    )
                )
    return params


PAIRED = read_rows("paired_wilcoxon.csv")
NO_TIES = [row for row in PAIRED if row["hl_estimate"] != "NA"]
CI_EXACT = [row for row in read_rows("rank_ci_exact.csv") if row["test"] == "paired"]
CI_ASYMPTOTIC = [
    row
    for row in read_rows("rank_ci_asymptotic.csv")
    if row["test"] == "paired" and row["r_conf_level"] == "0.95"
]
CI_DECIMAL = [row for row in read_rows("rank_ci_decimal.csv") if row["test"] == "paired"]
PRATT_ASYMPTOTIC = read_rows("pratt_asymptotic.csv")
for i, row in enumerate(PRATT_ASYMPTOTIC):
    row["id"] = f"pratt-{i:02d}"


@pytest.mark.parametrize("row", PAIRED, ids=[row["id"] for row in PAIRED])
def test_statistic_matches_r_wilcox_test(row: dict[str, str]) -> None:
    """V equals R's statistic."""
    assert paired_wilcoxon(floats(row["x"]), floats(row["y"])).statistic == float(row["V"])


@pytest.mark.parametrize(("x", "y", "alternative", "expected"), cases(PAIRED, "p_exact_"))
def test_pvalue_matches_r_exactranktests(
    x: np.ndarray, y: np.ndarray, alternative: str, expected: float
) -> None:
    """Exact p-value (zeros dropped) equals exactRankTests::wilcox.exact."""
    res = paired_wilcoxon(x, y, alternative=alternative, method="exact")  # type: ignore[arg-type]
    assert res.pvalue == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("x", "y", "alternative", "expected"), cases(PAIRED, "p_pratt_exact_"))
def test_pvalue_matches_r_coin_pratt(
    x: np.ndarray, y: np.ndarray, alternative: str, expected: float
) -> None:
    """Exact p-value with Pratt's zeros equals coin::wilcoxsign_test(zero.method = "Pratt")."""
    res = paired_wilcoxon(x, y, alternative=alternative, method="exact", zero_method="pratt")  # type: ignore[arg-type]
    assert res.pvalue == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("x", "y", "alternative", "expected"), cases(PAIRED, "p_asym_cc_"))
def test_pvalue_matches_r_wilcox_test_asymptotic_corrected(
    x: np.ndarray, y: np.ndarray, alternative: str, expected: float
) -> None:
    """Asymptotic p-value equals wilcox.test(paired = TRUE, exact = FALSE, correct = TRUE)."""
    res = paired_wilcoxon(x, y, alternative=alternative, method="asymptotic")  # type: ignore[arg-type]
    assert res.pvalue == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("x", "y", "alternative", "expected"), cases(PAIRED, "p_asym_nocc_"))
def test_pvalue_matches_r_wilcox_test_asymptotic_uncorrected(
    x: np.ndarray, y: np.ndarray, alternative: str, expected: float
) -> None:
    """Asymptotic p-value equals wilcox.test(paired = TRUE, exact = FALSE, correct = FALSE)."""
    res = paired_wilcoxon(x, y, alternative=alternative, method="asymptotic", correction=False)  # type: ignore[arg-type]
    assert res.pvalue == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(
    ("x", "y", "alternative", "expected"), cases(PRATT_ASYMPTOTIC, "p_pratt_asym_")
)
def test_pvalue_matches_r_coin_pratt_asymptotic(
    x: np.ndarray, y: np.ndarray, alternative: str, expected: float
) -> None:
    """Pratt without continuity correction equals coin's asymptotic wilcoxsign_test."""
    res = paired_wilcoxon(
        x,
        y,
        alternative=alternative,  # type: ignore[arg-type]
        method="asymptotic",
        zero_method="pratt",
        correction=False,
    )
    assert res.pvalue == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("row", NO_TIES, ids=[row["id"] for row in NO_TIES])
def test_hl_interval_matches_r(row: dict[str, str]) -> None:
    """Estimate and exact 95% interval equal wilcox.test(exact = TRUE, conf.int = TRUE)."""
    res = paired_wilcoxon(floats(row["x"]), floats(row["y"]), method="exact")
    assert res.estimate == pytest.approx(float(row["hl_estimate"]), rel=1e-9)
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), rel=1e-9)


@pytest.mark.parametrize(
    "row",
    CI_EXACT,
    ids=[f"{r['alternative']}-{r['conf_level']}-{i}" for i, r in enumerate(CI_EXACT)],
)
def test_hl_interval_matches_r_for_every_alternative_and_level(row: dict[str, str]) -> None:
    """One-sided and unachievable-level intervals equal R's, with R's achieved coverage."""
    res = paired_wilcoxon(
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
    """One-decimal tied changes: interval and level equal R's exact-arithmetic inversion."""
    res = paired_wilcoxon(
        floats(row["x"]),
        alternative=R_ALTERNATIVES[row["alternative"]],  # type: ignore[arg-type]
        conf_level=float(row["conf_level"]),
        method="exact",
    )
    assert res.estimate == pytest.approx(float(row["estimate"]), rel=1e-9)
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), rel=1e-9)
    assert res.conf_level_achieved == pytest.approx(float(row["achieved"]), rel=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_one_decimal_changes_give_the_interval_of_their_integer_tenths(seed: int) -> None:
    """Float noise in Walsh averages of one-decimal data changes neither interval nor level."""
    tenths = np.rint(np.random.default_rng(seed).normal(0.0, 30.0, 32))
    decimal = paired_wilcoxon(tenths / 10, method="exact")
    integer = paired_wilcoxon(tenths, method="exact")
    assert decimal.conf_level_achieved == pytest.approx(integer.conf_level_achieved, rel=1e-12)
    assert decimal.conf_int == pytest.approx(tuple(b / 10 for b in integer.conf_int), rel=1e-9)


@pytest.mark.parametrize(
    "row",
    CI_ASYMPTOTIC,
    ids=[f"{r['alternative']}-{r['correct']}-{i}" for i, r in enumerate(CI_ASYMPTOTIC)],
)
def test_asymptotic_interval_matches_r_uniroot(row: dict[str, str]) -> None:
    """The asymptotic interval equals R's uniroot interval to within its tolerance 1e-4."""
    res = paired_wilcoxon(
        floats(row["x"]),
        floats(row["y"]),
        alternative=R_ALTERNATIVES[row["alternative"]],  # type: ignore[arg-type]
        method="asymptotic",
        correction=row["correct"] == "TRUE",
    )
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), abs=2e-4)


def brute_force_interval(d: np.ndarray, level: float) -> tuple[float, float]:
    """Two-sided exact interval: list all sign patterns in every gap between Walsh averages."""
    walsh = np.sort([(d[i] + d[j]) / 2 for i in range(d.size) for j in range(i, d.size)])
    cands = np.unique(walsh)
    signs = np.array(list(itertools.product((0, 1), repeat=d.size)))
    accepted_low, accepted_high = [], []
    for j in range(cands.size + 1):
        lo = cands[0] - 1 if j == 0 else cands[j - 1]
        hi = cands[-1] + 1 if j == cands.size else cands[j]
        mu = (lo + hi) / 2
        shifted = d - mu
        ranks = np.array(
            [np.mean(np.flatnonzero(np.sort(np.abs(shifted)) == a)) + 1 for a in np.abs(shifted)]
        )
        t = ranks[shifted > 0].sum()
        null = signs @ ranks
        accepted_low.append(np.mean(null >= t - 1e-9) >= level)
        accepted_high.append(np.mean(null <= t + 1e-9) >= level)
    j_low = accepted_low.index(True)
    j_high = len(accepted_high) - 1 - accepted_high[::-1].index(True)
    return float(cands[max(j_low, 1) - 1]), float(cands[min(j_high, cands.size - 1)])


@settings(max_examples=25, deadline=None)
@given(values=st.lists(st.integers(-4, 6), min_size=2, max_size=9))
def test_tied_interval_matches_brute_force_inversion(values: list[int]) -> None:
    """With repeated differences the interval equals inverting the exact test at every shift."""
    d = np.array(values, dtype=np.float64) / 2
    assume(np.unique(d).size < d.size and np.any(d != 0))
    res = paired_wilcoxon(d, method="exact", conf_level=0.9)
    assert res.conf_int == pytest.approx(brute_force_interval(d, 0.05))


@PROPERTY_SETTINGS
@given(data=paired_samples(), alternative=alternatives, zero_method=zero_methods)
def test_pvalue_lies_in_unit_interval(
    data: tuple[np.ndarray, np.ndarray], alternative: str, zero_method: str
) -> None:
    """Exact and asymptotic p-values lie in [0, 1]."""
    for method in ("exact", "asymptotic"):
        res = paired_wilcoxon(
            *data, alternative=alternative, zero_method=zero_method, method=method
        )  # type: ignore[arg-type]
        assert 0.0 <= res.pvalue <= 1.0


@PROPERTY_SETTINGS
@given(data=paired_samples(), zero_method=zero_methods)
def test_swapping_x_and_y_mirrors_statistic_and_alternatives(
    data: tuple[np.ndarray, np.ndarray], zero_method: str
) -> None:
    """Swapping x and y turns V into (total rank - V) and "less" into "greater"."""
    x, y = data
    less = paired_wilcoxon(x, y, alternative="less", zero_method=zero_method, method="exact")
    swapped = paired_wilcoxon(y, x, alternative="greater", zero_method=zero_method, method="exact")
    assert swapped.pvalue == pytest.approx(less.pvalue, rel=1e-12)
    assert swapped.effect_size == pytest.approx(-less.effect_size, abs=1e-12)
    assert swapped.estimate == pytest.approx(-less.estimate, abs=1e-12)


@PROPERTY_SETTINGS
@given(data=paired_samples(), shift=grid_shifts, alternative=alternatives)
def test_adding_a_constant_to_both_samples_changes_nothing(
    data: tuple[np.ndarray, np.ndarray], shift: float, alternative: str
) -> None:
    """Adding the same constant to x and y leaves the result unchanged."""
    x, y = data
    res = paired_wilcoxon(x, y, alternative=alternative)  # type: ignore[arg-type]
    assert paired_wilcoxon(x + shift, y + shift, alternative=alternative) == res  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), zero_method=zero_methods)
def test_exact_and_asymptotic_agree_for_large_n(seed: int, zero_method: str) -> None:
    """For n = 200 tied differences the exact and normal p-values agree to 0.01."""
    rng = np.random.default_rng(seed)
    d = 0.5 * np.round(rng.normal(0.3, 3.0, 200))
    exact = paired_wilcoxon(d, method="exact", zero_method=zero_method)
    asymptotic = paired_wilcoxon(d, method="asymptotic", zero_method=zero_method)
    assert exact.pvalue == pytest.approx(asymptotic.pvalue, abs=0.01)


@PROPERTY_SETTINGS
@given(
    data=paired_samples(), alternative=alternatives, level=st.sampled_from((0.8, 0.9, 0.95, 0.99))
)
def test_exact_interval_reaches_the_level_unless_clamped(
    data: tuple[np.ndarray, np.ndarray], alternative: str, level: float
) -> None:
    """The exact interval's achieved level is at least the requested one, or an end is extreme."""
    res = paired_wilcoxon(*data, alternative=alternative, method="exact", conf_level=level)  # type: ignore[arg-type]
    assert res.conf_int is not None and res.conf_level_achieved is not None
    assert 0.0 <= res.conf_level_achieved <= 1.0
    if res.conf_level_achieved < level - 1e-12:
        extremes = (float(np.min(data[0] - data[1])), float(np.max(data[0] - data[1])))
        assert res.conf_int[0] in extremes or res.conf_int[1] in extremes


@PROPERTY_SETTINGS
@given(data=paired_samples(), alternative=alternatives)
def test_interval_contains_the_estimate(
    data: tuple[np.ndarray, np.ndarray], alternative: str
) -> None:
    """The confidence interval contains the Hodges-Lehmann estimate, for both methods."""
    for method in ("exact", "asymptotic"):
        res = paired_wilcoxon(*data, alternative=alternative, method=method)  # type: ignore[arg-type]
        assert res.conf_int is not None and res.estimate is not None
        assert res.conf_int[0] <= res.estimate <= res.conf_int[1]


def test_y_none_treats_x_as_differences() -> None:
    """With y omitted, x holds the differences."""
    x, y = np.array([3.0, 5.5, 2.0, 8.0, 1.5]), np.array([1.0, 2.0, 3.0, 4.0, 2.0])
    assert paired_wilcoxon(x - y) == paired_wilcoxon(x, y)


def test_zero_methods_count_zeros_and_differ() -> None:
    """Both zero methods report the zeros; Pratt's ranks make V larger here."""
    x, y = [1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 1.0, 1.0, 1.0, 6.0]
    wilcox = paired_wilcoxon(x, y, zero_method="wilcox")
    pratt = paired_wilcoxon(x, y, zero_method="pratt")
    assert (wilcox.n, wilcox.n_zeros, pratt.n, pratt.n_zeros) == (4, 1, 4, 1)
    assert (wilcox.statistic, pratt.statistic) == (8.5, 11.5)


def test_effect_size_is_one_when_every_difference_is_positive() -> None:
    """All positive differences give a rank-biserial correlation of 1."""
    assert paired_wilcoxon([1.0, 2.0, 0.5]).effect_size == 1.0


def test_unachievable_level_is_recorded_without_warning() -> None:
    """n = 3 cannot reach 95%: R's interval is returned with its coverage, no warning."""
    res = paired_wilcoxon([1.0, 2.5, 4.0], method="exact")
    assert res.conf_int == (1.0, 4.0)
    assert res.conf_level == 0.95
    assert res.conf_level_achieved == 0.75


def test_auto_is_exact_up_to_the_bound_and_asymptotic_beyond() -> None:
    """method="auto" resolves to exact up to AUTO_EXACT_MAX_N pairs."""
    d = np.arange(1.0, AUTO_EXACT_MAX_N + 2.0) * np.where(
        np.arange(AUTO_EXACT_MAX_N + 1) % 3, 1, -1
    )
    assert paired_wilcoxon(d[:AUTO_EXACT_MAX_N]).method == "exact"
    assert paired_wilcoxon(d).method == "asymptotic"


def test_exact_beyond_the_budget_raises_and_names_budget_seconds() -> None:
    """method="exact" beyond budget_seconds raises, naming it and method='asymptotic'."""
    d = np.arange(1.0, 1358.0) * np.where(np.arange(1357) % 3, 1, -1)
    with pytest.raises(
        ExactBudgetError,
        match=r"1357 differences would take about 3.3 s here, more than budget_seconds=1; "
        r"pass budget_seconds=6.7 \(or more\).*method='asymptotic'",
    ):
        paired_wilcoxon(d, method="exact", budget_seconds=1.0)
    assert issubclass(ExactBudgetError, ValueError)
    assert paired_wilcoxon(d, method="asymptotic").method == "asymptotic"


def test_exact_refusal_by_default_beyond_ten_seconds() -> None:
    """The default budget (10 s) refuses 1960 differences and admits 1950."""
    assert rank_seconds(signed_rank_work(1950)) <= DEFAULT_BUDGET_SECONDS
    d = np.arange(1.0, 1961.0)
    with pytest.raises(ExactBudgetError, match=r"1960 differences.*budget_seconds=10;"):
        paired_wilcoxon(d, method="exact")


def test_a_larger_budget_computes_a_refused_exact_test() -> None:
    """A test refused within budget_seconds is computed, equal to the default's, with more."""
    d = np.arange(1.0, 41.0) * np.where(np.arange(40) % 3, 1, -1)
    with pytest.raises(ExactBudgetError, match=r"budget_seconds=1e-06"):
        paired_wilcoxon(d, method="exact", budget_seconds=1e-6)
    assert paired_wilcoxon(d, method="exact", budget_seconds=1e-3) == paired_wilcoxon(d)


def test_auto_exact_region_lies_within_the_default_budget() -> None:
    """Every size method="auto" computes exactly is within the default budget, in 0.05 s."""
    assert rank_seconds(signed_rank_work(AUTO_EXACT_MAX_N)) <= 0.05 * DEFAULT_BUDGET_SECONDS


def test_former_work_budget_stays_importable() -> None:
    """RANK_EXACT_BUDGET (no longer consulted) stays importable with its value."""
    assert RANK_EXACT_BUDGET == 5_000_000_000


def test_nan_omit_drops_incomplete_pairs() -> None:
    """nan_policy="omit" drops each pair with a NaN on either side."""
    x = [1.0, np.nan, 3.0, 4.0, 6.0]
    y = [0.0, 1.0, np.nan, 2.0, 1.0]
    assert paired_wilcoxon(x, y, nan_policy="omit") == paired_wilcoxon(
        [1.0, 4.0, 6.0], [0.0, 2.0, 1.0]
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": [1.0, 2.0], "y": [1.0]}, r"same length.*len\(x\) = 2 and len\(y\) = 1"),
        ({"x": []}, "x is empty"),
        ({"x": [1.0, 1.0], "y": [1.0, 1.0]}, "no non-zero differences left"),
        (
            {"x": [1.0, np.nan], "y": [0.0, 0.0]},
            r"1 missing value \(NaN, None or masked\) of 2 pairs.*nan_policy='omit'",
        ),
        ({"x": [np.nan, 1.0], "y": [0.0, 1.0], "nan_policy": "omit"}, "no non-zero"),
        (
            {"x": [1.0], "alternative": "two.sided"},
            "alternative must be one of 'two-sided', 'less', 'greater'",
        ),
        (
            {"x": [1.0], "method": "permutation"},
            "method must be one of 'auto', 'exact', 'asymptotic'",
        ),
        ({"x": [1.0], "zero_method": "zsplit"}, "zero_method must be one of 'wilcox', 'pratt'"),
        ({"x": [1.0], "nan_policy": "drop"}, "nan_policy must be one of 'raise', 'omit'"),
        ({"x": [1.0], "conf_level": 1.0}, "conf_level must lie strictly between 0 and 1"),
        ({"x": [1.0], "conf_level": 0.0}, "conf_level must lie strictly between 0 and 1"),
        ({"x": [1.0, np.inf]}, r"x contains infinite values \(x\[1\] = inf\)"),
        ({"x": [1.0], "y": [-np.inf]}, r"y contains infinite values \(y\[0\] = -inf\)"),
        ({"x": [[1.0, 2.0]]}, r"x must be one-dimensional; got shape \(1, 2\)"),
        ({"x": [1.0, 1e308, 3.0]}, r"x\[1\] = 1e\+308 is too large.*rescale"),
        ({"x": [1.0, 2.0], "y": [0.0, -1.7e308]}, r"y\[1\] = -1\.7e\+308 is too large"),
        ({"x": [1.7e308, 1.7e308, -3.0]}, r"x\[0\] = 1\.7e\+308 is too large"),
    ],
)
def test_bad_input_raises_value_error(kwargs: dict[str, object], message: str) -> None:
    """Each kind of bad input raises a ValueError that says what is wrong."""
    with pytest.raises(ValueError, match=message):
        paired_wilcoxon(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["exact", "asymptotic"])
def test_values_at_the_magnitude_bound_give_finite_results(method: str) -> None:
    """Values up to +-2**1000 run without overflow: finite estimate and two-sided bounds."""
    big = 2.0**1000
    x = np.array([big, -big, big, big / 2, 3.0, -big / 4, big])
    y = np.array([-big, big, 0.0, -big / 2, 1.0, big, -big])
    res = paired_wilcoxon(x, y, method=method)  # type: ignore[arg-type]
    assert np.isfinite([res.statistic, res.pvalue, res.estimate, *res.conf_int]).all()


def test_non_boolean_correction_raises_type_error() -> None:
    """correction must be a bool."""
    with pytest.raises(TypeError, match="correction must be True or False; got 'yes'"):
        paired_wilcoxon([1.0, 2.0], correction="yes")  # type: ignore[arg-type]


ARRAY = "must be a one-dimensional array of numbers"
MISUSE = [
    ({"conf_level": "0.95"}, r"conf_level must be a number .*got '0\.95' \(str\)"),
    ({"conf_level": None}, r"conf_level must be a number .*got None"),
    ({"conf_level": True}, r"conf_level must be a number .*got True \(bool\)"),
    ({"alternative": None}, r"alternative must be one of .*got None \(NoneType\)"),
    ({"method": 1}, r"method must be one of 'auto', 'exact', 'asymptotic'; got 1 \(int\)"),
    ({"zero_method": None}, "zero_method must be one of 'wilcox', 'pratt'"),
    ({"nan_policy": False}, "nan_policy must be one of 'raise', 'omit'"),
    ({"x": [True, False, True]}, r"x\[0\] is True, a boolean"),
    ({"x": [1.5, False, 2.0]}, r"x\[1\] is False, a boolean"),
    ({"y": np.array([True, False, True])}, r"y holds booleans"),
    ({"x": [dt.date(2020, 1, 1), dt.date(2020, 2, 1)]}, r"x\[0\] = datetime\.date.* a date"),
    ({"x": np.array(["2020-01-01", "2020-03-01"], "datetime64[D]")}, "x holds dates or"),
    ({"y": np.array([1, 2, 3], "timedelta64[D]")}, r"y holds dates or durations"),
    ({"x": {1.0, 2.0, 3.0}}, f"x {ARRAY}.*got a set, which has no order"),
    ({"x": {"a": 1.0, "b": 2.0}}, f"x {ARRAY}.*got a dict"),
    ({"x": (v for v in (1.0, 2.0))}, f"x {ARRAY}.*got a generator, which can be read once"),
    ({"x": None}, f"x {ARRAY}.*got None"),
    ({"x": "1 2 3"}, f"x {ARRAY}.*got text '1 2 3'"),
    ({"x": ["1", "2", "3"]}, r"x holds text \('1', \.\.\.\)"),
    ({"x": [1.0, "2"]}, r"x holds text"),
    ({"x": [1.0, object()]}, r"x\[1\] = <object object .*> is not a number \(object\)"),
    ({"x": [1.0 + 1.0j, 2.0]}, r"x holds values of dtype complex128"),
]


@pytest.mark.parametrize(("kwargs", "message"), MISUSE, ids=[m[:32] for _, m in MISUSE])
def test_api_misuse_raises_type_error_naming_the_argument(
    kwargs: dict[str, object], message: str
) -> None:
    """A wrong kind of argument is a TypeError that quotes the parameter."""
    arguments: dict[str, object] = {"x": [1.0, 2.0, 3.0], "y": [0.0, 0.0, 0.0]}
    arguments.update(kwargs)
    with pytest.raises(TypeError, match=message):
        paired_wilcoxon(**arguments)  # type: ignore[arg-type]


def test_none_inside_a_sample_is_a_missing_value() -> None:
    """None (or pd.NA) among the values is missing, handled by nan_policy like NaN."""
    with pytest.raises(ValueError, match=r"the data contain 1 missing value .* of 4 pairs"):
        paired_wilcoxon([1.0, None, 3.0, -0.5])
    res = paired_wilcoxon([1.0, None, 3.0, -0.5], nan_policy="omit")
    assert res == paired_wilcoxon([1.0, 3.0, -0.5])


def test_a_single_number_is_not_a_sample() -> None:
    """A scalar where an array is expected is a ValueError saying so."""
    with pytest.raises(ValueError, match=r"x must be one-dimensional; got a single value 3\.0"):
        paired_wilcoxon(3.0)


# -- estimate_zeros="drop": the estimate and interval of R, which drops zero differences --

HL_ZEROS = read_rows("hl_zeros.csv")
HL_ZEROS_EXACT = [row for row in HL_ZEROS if row["source"] != "wilcox.test"]
HL_ZEROS_ASYMPTOTIC = [
    row for row in HL_ZEROS if row["source"] == "wilcox.test" and row["r_conf_level"] == "0.95"
]


def differences(row: dict[str, str]) -> tuple[np.ndarray, np.ndarray | None]:
    """``x`` and ``y`` of a reference row (``y`` None when the row gives the differences)."""
    return floats(row["x"]), floats(row["y"]) if row["y"] else None


@pytest.mark.parametrize(
    "row",
    HL_ZEROS_EXACT,
    ids=[f"{r['id']}-{r['alternative']}-{r['conf_level']}" for r in HL_ZEROS_EXACT],
)
def test_hl_without_zeros_matches_r_wilcox_exact(row: dict[str, str]) -> None:
    """Zeros dropped: estimate, interval and level equal wilcox.exact (or R's exact inversion)."""
    x, y = differences(row)
    res = paired_wilcoxon(
        x,
        y,
        alternative=R_ALTERNATIVES[row["alternative"]],  # type: ignore[arg-type]
        conf_level=float(row["conf_level"]),
        method="exact",
        estimate_zeros="drop",
    )
    assert res.estimate == pytest.approx(float(row["estimate"]), rel=1e-9)
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), rel=1e-9)
    assert res.conf_level_achieved == pytest.approx(float(row["achieved"]), rel=1e-12)


@pytest.mark.parametrize(
    "row",
    HL_ZEROS_ASYMPTOTIC,
    ids=[f"{r['id']}-{r['alternative']}-{r['correct']}" for r in HL_ZEROS_ASYMPTOTIC],
)
def test_hl_without_zeros_matches_r_wilcox_test_asymptotic(row: dict[str, str]) -> None:
    """Zeros dropped, asymptotic: the interval equals wilcox.test's uniroot one (tol 1e-4)."""
    x, y = differences(row)
    res = paired_wilcoxon(
        x,
        y,
        alternative=R_ALTERNATIVES[row["alternative"]],  # type: ignore[arg-type]
        method="asymptotic",
        correction=row["correct"] == "TRUE",
        estimate_zeros="drop",
    )
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), abs=2e-4)


SAL_PRE = [149, 0, 0, 259, 106, 255, 0, 52, 340, 65, 180, 0, 84, 89, 212, 554, 500, 424, 112, 2600]
SAL_POST = [0, 51, 0, 385, 0, 235, 0, 0, 48, 65, 77, 0, 0, 0, 53, 150, 0, 165, 98, 0]


def test_sal_keep_and_drop_give_both_estimates() -> None:
    """exactRankTests' sal: 96.75 (33 to 220.5) with the zeros, R's 137.75 (54 to 292) without."""
    keep = paired_wilcoxon(SAL_PRE, SAL_POST, method="exact")
    drop = paired_wilcoxon(SAL_PRE, SAL_POST, method="exact", estimate_zeros="drop")
    assert (keep.estimate, keep.conf_int, keep.estimate_zeros) == (96.75, (33.0, 220.5), "keep")
    assert (drop.estimate, drop.conf_int, drop.estimate_zeros) == (137.75, (54.0, 292.0), "drop")


@pytest.mark.parametrize("zero_method", ["wilcox", "pratt"])
@pytest.mark.parametrize("method", ["exact", "asymptotic"])
def test_estimate_zeros_leaves_the_test_alone(zero_method: str, method: str) -> None:
    """The statistic, p-value and effect size do not depend on estimate_zeros."""
    common = {"zero_method": zero_method, "method": method}
    keep = paired_wilcoxon(SAL_PRE, SAL_POST, **common)  # type: ignore[arg-type]
    drop = paired_wilcoxon(SAL_PRE, SAL_POST, estimate_zeros="drop", **common)  # type: ignore[arg-type]
    assert (drop.statistic, drop.pvalue, drop.effect_size, drop.n, drop.n_zeros) == (
        keep.statistic,
        keep.pvalue,
        keep.effect_size,
        keep.n,
        keep.n_zeros,
    )


@pytest.mark.parametrize("zero_method", ["wilcox", "pratt"])
def test_estimate_zeros_drop_is_the_estimate_of_the_non_zero_differences(
    zero_method: str,
) -> None:
    """Dropping zeros gives the estimate and interval of the non-zero differences alone."""
    d = np.subtract(SAL_PRE, SAL_POST).astype(float)
    drop = paired_wilcoxon(d, zero_method=zero_method, estimate_zeros="drop")  # type: ignore[arg-type]
    alone = paired_wilcoxon(d[d != 0])
    assert (drop.estimate, drop.conf_int, drop.conf_level_achieved) == (
        alone.estimate,
        alone.conf_int,
        alone.conf_level_achieved,
    )


def test_estimate_zeros_changes_nothing_without_zeros() -> None:
    """Without zero differences keep and drop are one result but for the field itself."""
    x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    keep = paired_wilcoxon(x, y)
    drop = paired_wilcoxon(x, y, estimate_zeros="drop")
    assert drop == dataclasses.replace(keep, estimate_zeros="drop")


def test_estimate_zeros_must_be_keep_or_drop() -> None:
    """Another value is refused, naming the parameter and its values."""
    with pytest.raises(ValueError, match="estimate_zeros must be one of 'keep', 'drop'"):
        paired_wilcoxon([1.0, 2.0], estimate_zeros="omit")  # type: ignore[arg-type]
