"""Fisher's exact test against R's fisher.test, its properties, and its errors."""

from __future__ import annotations

import csv
import itertools
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import hypergeom

from myopathy_outcomes.stats import categorical_test
from myopathy_outcomes.stats._fisher.network import (
    UNITS_PER_SECOND,
    _two_column_bounds,
    two_sided_pvalue,
)
from myopathy_outcomes.stats._fisher.two_by_two import ConditionalOddsRatio
from myopathy_outcomes.stats.chi_square import chi_square
from myopathy_outcomes.stats.fisher import EXACT_BUDGET, ExactBudgetError, fisher_exact
from tests.strategies import count_tables, two_by_two_tables

DATA = Path(__file__).parent / "data"
P_RTOL = 1e-9
# R's roots are uniroot's (tolerance about 1e-4); the same iteration is run
# here, so the numbers agree far beyond that tolerance.
OR_RTOL = 1e-9


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def _table(row: dict[str, str]) -> np.ndarray:
    cells = np.array(row["table"].split(), dtype=np.int64)
    return cells.reshape(int(row["nrow"]), int(row["ncol"]))


def _r_number(text: str) -> float:
    return {"Inf": math.inf, "-Inf": -math.inf}.get(
        text, float(text) if text != "NA" else math.nan
    )


FISHER_ROWS = _read("fisher_exact.csv")
TWO_BY_TWO = [r for r in FISHER_ROWS if r["nrow"] == "2" and r["ncol"] == "2"]
CLINICAL_ROWS = _read("chi_square.csv")
ODDS_RATIO_ROWS = _read("fisher_odds_ratio.csv")


def _ids(rows: list[dict[str, str]]) -> list[str]:
    return [r["id"] for r in rows]


def _assert_matches_r(got: float | None, expected: float, rtol: float) -> None:
    assert got is not None
    if expected == 0.0 or math.isinf(expected):
        assert got == expected
    else:
        assert got == pytest.approx(expected, rel=rtol, abs=0.0)


# --- R reference values ------------------------------------------------------


@pytest.mark.parametrize("row", FISHER_ROWS, ids=_ids(FISHER_ROWS))
def test_pvalue_matches_r_fisher_test(row: dict[str, str]) -> None:
    """The two-sided p-value equals fisher.test(m)$p.value (2 x 2 and R x C)."""
    result = fisher_exact(_table(row))
    _assert_matches_r(result.pvalue, float(row["p_two.sided"]), P_RTOL)


@pytest.mark.parametrize("row", CLINICAL_ROWS, ids=_ids(CLINICAL_ROWS))
def test_pvalue_matches_r_fisher_test_clinical_shapes(row: dict[str, str]) -> None:
    """The two-sided p-value equals fisher.test(m, workspace = 2e7) on 2 x 5, 3 x 4, ... tables."""
    result = fisher_exact(_table(row))
    _assert_matches_r(result.pvalue, float(row["fisher_p_two.sided"]), P_RTOL)


@pytest.mark.parametrize("alternative", ["less", "greater"])
@pytest.mark.parametrize("row", TWO_BY_TWO, ids=_ids(TWO_BY_TWO))
def test_one_sided_pvalue_matches_r_fisher_test(row: dict[str, str], alternative: str) -> None:
    """The one-sided p-value equals fisher.test(m, alternative = a)$p.value."""
    result = fisher_exact(_table(row), alternative=alternative)  # type: ignore[arg-type]
    _assert_matches_r(result.pvalue, float(row[f"p_{alternative}"]), P_RTOL)


@pytest.mark.parametrize("row", TWO_BY_TWO, ids=_ids(TWO_BY_TWO))
def test_odds_ratio_matches_r(row: dict[str, str]) -> None:
    """The odds ratio equals R's conditional MLE, including 0 and Inf."""
    result = fisher_exact(_table(row))
    _assert_matches_r(result.odds_ratio, _r_number(row["odds_ratio"]), OR_RTOL)


@pytest.mark.parametrize("row", TWO_BY_TWO, ids=_ids(TWO_BY_TWO))
def test_conf_int_low_matches_r(row: dict[str, str]) -> None:
    """The lower limit equals fisher.test(m)$conf.int[1], including 0."""
    result = fisher_exact(_table(row))
    assert result.conf_int is not None
    _assert_matches_r(result.conf_int[0], _r_number(row["ci_low"]), OR_RTOL)


@pytest.mark.parametrize("row", TWO_BY_TWO, ids=_ids(TWO_BY_TWO))
def test_conf_int_high_matches_r(row: dict[str, str]) -> None:
    """The upper limit equals fisher.test(m)$conf.int[2], including Inf."""
    result = fisher_exact(_table(row))
    assert result.conf_int is not None
    _assert_matches_r(result.conf_int[1], _r_number(row["ci_high"]), OR_RTOL)


def _two_by_two(row: dict[str, str]) -> np.ndarray:
    return np.array(row["table"].split(), dtype=np.int64).reshape(2, 2)


@pytest.mark.parametrize("row", ODDS_RATIO_ROWS, ids=_ids(ODDS_RATIO_ROWS))
def test_odds_ratio_follows_r_uniroot_path(row: dict[str, str]) -> None:
    """The estimate equals fisher.test(m)$estimate to 17 digits' reference, below 1 too."""
    _assert_matches_r(fisher_exact(_two_by_two(row)).odds_ratio, float(row["odds_ratio"]), 1e-12)


@pytest.mark.parametrize("row", ODDS_RATIO_ROWS, ids=_ids(ODDS_RATIO_ROWS))
def test_conf_int_follows_r_uniroot_path(row: dict[str, str]) -> None:
    """Two-sided and one-sided limits equal fisher.test(m, alternative = a)$conf.int."""
    table = _two_by_two(row)
    two_sided = fisher_exact(table).conf_int
    less = fisher_exact(table, alternative="less", conf_level=0.9).conf_int
    greater = fisher_exact(table, alternative="greater", conf_level=0.9).conf_int
    assert two_sided is not None and less is not None and greater is not None
    got = (*two_sided, less[1], greater[0])
    expected = tuple(
        float(row[k]) for k in ("ci_low", "ci_high", "less_90_high", "greater_90_low")
    )
    assert got == pytest.approx(expected, rel=1e-12)


def test_reference_covers_zero_and_infinite_odds_ratios() -> None:
    """The R reference file includes odds ratios of 0 and Inf."""
    values = {row["odds_ratio"] for row in TWO_BY_TWO}
    assert {"0", "Inf"} <= values


# --- result fields -----------------------------------------------------------


def test_result_reports_exact_method_and_test_name() -> None:
    """The result names the test and the exact method."""
    result = fisher_exact([[3, 1], [1, 3]])
    assert (result.test, result.method, result.alternative) == (
        "Fisher's exact",
        "exact",
        "two-sided",
    )


def test_result_keeps_the_table_as_given() -> None:
    """The table is returned as a tuple of tuples of int, in the given orientation."""
    result = fisher_exact(np.array([[1, 2, 3], [4, 5, 0]]))
    assert result.table == ((1, 2, 3), (4, 5, 0))
    assert all(type(v) is int for row in result.table for v in row)


def test_larger_table_has_no_odds_ratio_fields() -> None:
    """Odds ratio, interval, sample odds ratio and mid-p are None beyond 2 x 2."""
    result = fisher_exact([[3, 1, 4], [1, 5, 9]])
    assert (result.odds_ratio, result.conf_int, result.sample_odds_ratio, result.mid_p) == (
        None,
        None,
        None,
        None,
    )


def test_conf_level_is_recorded() -> None:
    """The requested confidence level is stored with the interval."""
    assert fisher_exact([[3, 1], [1, 3]], conf_level=0.9).conf_level == 0.9


def test_sample_odds_ratio_is_ad_over_bc() -> None:
    """The sample odds ratio is a d / (b c)."""
    assert fisher_exact([[10, 3], [2, 12]]).sample_odds_ratio == 20.0


def test_sample_odds_ratio_is_infinite_when_bc_is_zero() -> None:
    """The sample odds ratio is inf when b c = 0 < a d."""
    assert fisher_exact([[12, 0], [0, 6]]).sample_odds_ratio == math.inf


def test_sample_odds_ratio_is_zero_when_ad_is_zero() -> None:
    """The sample odds ratio is 0 when a d = 0 < b c."""
    assert fisher_exact([[0, 4], [3, 2]]).sample_odds_ratio == 0.0


@pytest.mark.parametrize("alternative", ["less", "greater"])
def test_one_sided_mid_p_subtracts_half_the_observed_probability(alternative: str) -> None:
    """One-sided mid-p is the p-value less half of P(A = a) (hypergeometric, from scipy)."""
    a, b, c, d = 7, 3, 2, 9
    result = fisher_exact([[a, b], [c, d]], alternative=alternative)  # type: ignore[arg-type]
    point = hypergeom.pmf(a, a + b + c + d, a + c, a + b)
    assert result.mid_p == pytest.approx(result.pvalue - 0.5 * point, rel=1e-12)


def test_two_sided_mid_p_halves_the_tied_tables() -> None:
    """Two-sided mid-p counts equally probable tables (here the mirror table) by half."""
    # Margins 4, 4 / 4, 4: P(A = 1) = P(A = 3) ties with the observed a = 1.
    result = fisher_exact([[1, 3], [3, 1]])
    tied = 2 * hypergeom.pmf(1, 8, 4, 4)
    assert result.mid_p == pytest.approx(result.pvalue - 0.5 * tied, rel=1e-12)


def test_one_sided_interval_follows_r() -> None:
    """As in R, 'less' gives (0, U) with U the two-sided upper limit at twice the error rate."""
    table = [[4, 7], [9, 3]]
    one_sided = fisher_exact(table, alternative="less", conf_level=0.9).conf_int
    two_sided = fisher_exact(table, conf_level=0.8).conf_int
    assert one_sided is not None and two_sided is not None
    assert one_sided == (0.0, two_sided[1])


def test_greater_interval_is_unbounded_above() -> None:
    """As in R, 'greater' gives (L, inf), L the two-sided lower limit at twice the error rate."""
    table = [[4, 7], [9, 3]]
    one_sided = fisher_exact(table, alternative="greater", conf_level=0.9).conf_int
    two_sided = fisher_exact(table, conf_level=0.8).conf_int
    assert one_sided is not None and two_sided is not None
    assert one_sided == (two_sided[0], math.inf)


def test_whole_number_floats_are_accepted() -> None:
    """Counts given as whole-number floats give the same result as integers."""
    assert fisher_exact([[3.0, 1.0], [1.0, 3.0]]).pvalue == fisher_exact([[3, 1], [1, 3]]).pvalue


# --- the network algorithm ---------------------------------------------------


@given(two_by_two_tables())
@settings(max_examples=60, deadline=None)
def test_network_agrees_with_the_2x2_computation(table: np.ndarray) -> None:
    """On 2 x 2 tables the R x C network gives R's 2 x 2 two-sided p."""
    a, b, c, d = (int(v) for v in table.ravel())
    expected = ConditionalOddsRatio(a, b, c, d).pvalue("two-sided")
    assert two_sided_pvalue(table) == pytest.approx(expected, rel=1e-9)


@given(count_tables(max_rows=3, max_cols=3, max_count=5))
@settings(max_examples=40, deadline=None)
def test_network_agrees_with_brute_force_enumeration(table: np.ndarray) -> None:
    """The network p equals summing over every table with the same margins."""
    assert two_sided_pvalue(table) == pytest.approx(_brute_force_pvalue(table), rel=1e-9)


@given(count_tables(max_rows=2, min_cols=4, max_cols=6, max_count=4))
@settings(max_examples=40, deadline=None)
def test_network_agrees_with_brute_force_on_wide_two_row_tables(table: np.ndarray) -> None:
    """On 2 x C tables (completions listed and met in the middle) p equals brute force."""
    assert two_sided_pvalue(table) == pytest.approx(_brute_force_pvalue(table), rel=1e-9)


def _brute_force_pvalue(table: np.ndarray) -> float:
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    free = [
        range(int(min(rows[i], cols[j])) + 1)
        for i in range(len(rows) - 1)
        for j in range(len(cols) - 1)
    ]
    log_fact = np.array([math.lgamma(n + 1) for n in range(int(table.sum()) + 1)])
    const = log_fact[rows].sum() + log_fact[cols].sum() - log_fact[table.sum()]
    probs = []
    for cells in itertools.product(*free):
        inner = np.array(cells).reshape(len(rows) - 1, len(cols) - 1)
        last_col = rows[:-1] - inner.sum(axis=1)
        top = np.column_stack([inner, last_col])
        last_row = cols - top.sum(axis=0)
        full = np.vstack([top, last_row])
        if (full >= 0).all():
            probs.append(math.exp(const - log_fact[full].sum()))
    observed = math.exp(const - log_fact[table].sum())
    return sum(p for p in probs if p <= observed * (1 + 1e-7))


@given(st.lists(st.integers(0, 9), min_size=2, max_size=4), st.data())
@settings(max_examples=60, deadline=None)
def test_two_column_bounds_are_the_extreme_completions(
    state: list[int], data: st.DataObject
) -> None:
    """The closed-form longest and shortest two-column completions equal brute force."""
    states = np.sort(np.array(state, dtype=np.int64))
    total = int(states.sum())
    size = data.draw(st.integers(0, total))
    fixed = -np.rint(np.array([math.lgamma(n + 1) for n in range(total + 1)]) * 2.0**40).astype(
        np.int64
    )
    weights = [
        int(fixed[list(x)].sum() + fixed[states - np.array(x)].sum())
        for x in itertools.product(*(range(s + 1) for s in states))
        if sum(x) == size
    ]
    longest, shortest = _two_column_bounds(states[np.newaxis, :], size, fixed)
    assert (int(longest[0]), int(shortest[0])) == (max(weights), min(weights))


def test_budget_is_enforced_before_the_work() -> None:
    """A table beyond the budget raises ExactBudgetError, naming budget_seconds and chi_square."""
    table = np.array([[40] * 8, [45] * 8, [35] * 8, [50] * 8])
    with pytest.raises(
        ExactBudgetError, match=r"budget_seconds=10 allows.*or use chi_square\(table\)"
    ):
        fisher_exact(table)


def test_budget_error_is_a_value_error() -> None:
    """ExactBudgetError is a ValueError, so callers catching bad input also catch it."""
    assert issubclass(ExactBudgetError, ValueError)


def test_budget_counts_work_units() -> None:
    """A tiny budget is exceeded by a small table, naming the shape, total and budget."""
    with pytest.raises(
        ExactBudgetError,
        match=r"this 2 x 3 table \(total 24\) needs more than 10 work units, more than "
        r"budget_seconds=2.5e-06 allows",
    ):
        two_sided_pvalue(np.array([[4, 4, 4], [4, 4, 4]]), budget_seconds=2.5e-6)


def test_clinical_2x5_table_uses_a_small_part_of_the_budget() -> None:
    """A 2 x 5 table with total 200 finishes within 1% of the former fixed budget."""
    table = np.array([[30, 20, 20, 20, 10], [10, 20, 20, 20, 30]])
    budget_seconds = EXACT_BUDGET / UNITS_PER_SECOND / 100
    assert 0.0 < two_sided_pvalue(table, budget_seconds=budget_seconds) < 0.001


def test_a_larger_budget_computes_a_refused_table() -> None:
    """A table refused within budget_seconds is computed, equal to the default's, with more."""
    table = np.array([[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]])
    with pytest.raises(ExactBudgetError, match=r"pass a larger budget_seconds"):
        fisher_exact(table, budget_seconds=1e-4)
    assert fisher_exact(table, budget_seconds=1e4) == fisher_exact(table)


def test_table1_rule_falls_back_to_chi_square_beyond_its_budget() -> None:
    """categorical_test passes its budget_seconds on: a tiny one turns Fisher into chi-square."""
    table = [[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]]
    assert categorical_test(table).test == "Fisher's exact"
    assert categorical_test(table, budget_seconds=1e-4).test == "Pearson's chi-square"


@pytest.mark.parametrize("budget_seconds", [0, -1.0, float("nan")])
def test_budget_seconds_must_be_positive(budget_seconds: float) -> None:
    """A budget that is not a positive number of seconds is refused, naming budget_seconds."""
    with pytest.raises(ValueError, match=r"budget_seconds must be a positive number"):
        fisher_exact([[3, 1], [1, 3]], budget_seconds=budget_seconds)


def test_budget_seconds_must_be_a_number() -> None:
    """A budget that is no number is a TypeError naming budget_seconds."""
    with pytest.raises(TypeError, match=r"budget_seconds must be a positive number"):
        fisher_exact([[3, 1], [1, 3]], budget_seconds="10")  # type: ignore[arg-type]


# --- properties --------------------------------------------------------------


@given(count_tables())
@settings(max_examples=60, deadline=None)
def test_pvalue_lies_in_unit_interval(table: np.ndarray) -> None:
    """The two-sided p-value lies in [0, 1]."""
    assert 0.0 <= fisher_exact(table).pvalue <= 1.0


@given(count_tables())
@settings(max_examples=60, deadline=None)
def test_transposing_leaves_pvalue_unchanged(table: np.ndarray) -> None:
    """Transposing the table does not change the two-sided p-value."""
    assert fisher_exact(table.T).pvalue == pytest.approx(fisher_exact(table).pvalue, rel=1e-9)


@given(count_tables(), st.data())
@settings(max_examples=60, deadline=None)
def test_permuting_rows_and_columns_leaves_pvalue_unchanged(
    table: np.ndarray, data: st.DataObject
) -> None:
    """Reordering rows or columns does not change the two-sided p-value."""
    rows = data.draw(st.permutations(range(table.shape[0])))
    cols = data.draw(st.permutations(range(table.shape[1])))
    shuffled = table[np.ix_(rows, cols)]
    assert fisher_exact(shuffled).pvalue == pytest.approx(fisher_exact(table).pvalue, rel=1e-9)


@given(two_by_two_tables())
@settings(max_examples=80, deadline=None)
def test_one_sided_pvalues_cover_the_whole_distribution(table: np.ndarray) -> None:
    """p_less + p_greater >= 1: the two tails share the observed table."""
    less = fisher_exact(table, alternative="less").pvalue
    greater = fisher_exact(table, alternative="greater").pvalue
    assert less + greater >= 1.0 - 1e-12


@given(two_by_two_tables())
@settings(max_examples=80, deadline=None)
def test_small_greater_pvalue_puts_interval_above_one(table: np.ndarray) -> None:
    """If p_greater < alpha / 2, the two-sided interval lies above 1."""
    greater = fisher_exact(table, alternative="greater").pvalue
    conf_int = fisher_exact(table).conf_int
    assert conf_int is not None
    if greater < 0.025 * (1 - 1e-6):
        assert conf_int[0] > 1.0


@given(two_by_two_tables())
@settings(max_examples=80, deadline=None)
def test_small_less_pvalue_puts_interval_below_one(table: np.ndarray) -> None:
    """If p_less < alpha / 2, the two-sided interval lies below 1."""
    less = fisher_exact(table, alternative="less").pvalue
    conf_int = fisher_exact(table).conf_int
    assert conf_int is not None
    if less < 0.025 * (1 - 1e-6):
        assert conf_int[1] < 1.0


@given(two_by_two_tables())
@settings(max_examples=80, deadline=None)
def test_interval_contains_the_estimate(table: np.ndarray) -> None:
    """The conditional MLE lies inside its two-sided interval."""
    result = fisher_exact(table)
    assert result.conf_int is not None and result.odds_ratio is not None
    assert result.conf_int[0] <= result.odds_ratio <= result.conf_int[1]


@given(st.integers(1, 40), st.integers(1, 40), st.integers(1, 40), st.integers(1, 40))
@settings(max_examples=80, deadline=None)
def test_pvalue_is_one_at_the_mode(k: int, n_k: int, m: int, n_m: int) -> None:
    """A 2 x 2 table at the mode of its null distribution has two-sided p = 1."""
    total = k + n_k
    m = min(m, total - 1)  # first column total, leaving the second non-empty
    mode = (m + 1) * (k + 1) // (total + 2)
    mode = min(max(mode, 0, k - (total - m)), k, m)
    table = [[mode, k - mode], [m - mode, total - m - (k - mode)]]
    assert fisher_exact(table).pvalue == pytest.approx(1.0, abs=1e-12)


# --- the Table 1 rule --------------------------------------------------------


def test_categorical_test_uses_fisher_within_budget() -> None:
    """A clinical 2 x 5 table gets Fisher's exact test."""
    table = [[25, 22, 20, 18, 15], [15, 18, 20, 22, 25]]
    result = categorical_test(table)
    assert result.test == "Fisher's exact"
    assert result == fisher_exact(table)


def test_categorical_test_falls_back_to_chi_square_beyond_budget() -> None:
    """A table beyond the exact budget gets R's default chi-square test."""
    table = [[40] * 8, [45] * 8, [35] * 8, [50] * 8]
    result = categorical_test(table)
    assert result.test == "Pearson's chi-square"
    assert result == chi_square(table)


def test_categorical_test_still_rejects_bad_tables() -> None:
    """Invalid input is an error, not a reason to fall back to chi-square."""
    with pytest.raises(ValueError, match="is negative"):
        categorical_test([[1, -1], [2, 3]])


# --- errors ------------------------------------------------------------------

ERRORS = [
    ([1, 2, 3], "table must be a 2-D array of counts (rows x columns); got a 1-D input"),
    ([[[1, 2], [3, 4]]], "got a 3-D input"),
    ([[1, 2, 3]], "table must have at least 2 rows and 2 columns; got shape (1, 3)"),
    ([[1, 2], [3]], "table must be a two-way table of counts (rows x columns); it is ragged"),
    ([[1, -3], [2, 4]], "table[0, 1] = -3 is negative: counts must be non-negative integers"),
    ([[1, 2.5], [2, 4]], "table[0, 1] = 2.5 is not a whole number"),
    ([[1, 2], [math.nan, 4]], "table[1, 0] = nan is not a finite count"),
    ([["a", "b"], ["c", "d"]], "table must contain integer counts; got values of dtype <U1"),
    ([[1, None], [2, 3]], "table[0, 1] = nan is not a finite count"),
    (np.array([[1, {}], [2, 3]], dtype=object), "table must contain numbers only (counts)"),
    ([[0, 0], [2, 3]], "table row 0 (0-based) is all zero"),
    ([[1, 0, 2], [3, 0, 4]], "table column 1 (0-based) is all zero"),
    (
        [[1, 2], [3, 2**31]],
        "table[1, 1] = 2147483648 is too large: counts must be at most 2**31 - 1",
    ),
]


@pytest.mark.parametrize(("table", "message"), ERRORS, ids=[m[:30] for _, m in ERRORS])
def test_bad_table_is_a_clear_value_error(table: object, message: str) -> None:
    """Each kind of bad table raises ValueError saying what is wrong."""
    with pytest.raises(ValueError, match=re.escape(message)):
        fisher_exact(table)  # type: ignore[arg-type]


TABLE = "table must be a two-way table of counts (rows x columns)"
MISUSE = [
    ({"table": None}, f"{TABLE} (nested lists, a numpy array or a pandas DataFrame); got None"),
    ({"table": {1, 2}}, f"{TABLE} (nested lists, a numpy array or a pandas DataFrame); got a set"),
    ({"table": {"a": [1, 2], "b": [3, 4]}}, f"{TABLE} (nested lists,"),
    ({"table": ([1, 2] for _ in range(2))}, "; got a generator"),
    ({"table": [[True, False], [False, True]]}, "table holds booleans (True/False)"),
    ({"conf_level": "0.9"}, "conf_level must be a number strictly between 0 and 1"),
    ({"alternative": None}, "alternative must be one of 'two-sided', 'less', 'greater'; got None"),
]


@pytest.mark.parametrize(("kwargs", "message"), MISUSE, ids=[m[:32] for _, m in MISUSE])
def test_api_misuse_raises_type_error_naming_the_argument(
    kwargs: dict[str, object], message: str
) -> None:
    """A wrong kind of argument is a TypeError that quotes the parameter."""
    arguments: dict[str, object] = {"table": [[1, 2], [3, 4]]}
    arguments.update(kwargs)
    with pytest.raises(TypeError, match=re.escape(message)):
        fisher_exact(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("table", [None, {1, 2}, [[True, False], [False, True]]])
def test_categorical_test_names_the_table_on_misuse(table: object) -> None:
    """categorical_test refuses what is no table of counts with a TypeError naming it."""
    with pytest.raises(TypeError, match="table"):
        categorical_test(table)  # type: ignore[arg-type]


def test_a_dataframe_is_a_table() -> None:
    """A pandas DataFrame of counts is read as the table."""
    frame = pd.DataFrame({"yes": [10, 2], "no": [3, 12]})
    assert fisher_exact(frame) == fisher_exact([[10, 3], [2, 12]])


def test_two_by_two_table_beyond_budget_suggests_chi_square() -> None:
    """A 2 x 2 table with too large a support is refused at once, naming budget_seconds."""
    message = (
        "(total 4000000, 2,000,001 possible tables) would take about 10 s here, more than "
        "budget_seconds=5; pass budget_seconds=20 (or more) to compute it, or use chi_square"
    )
    with pytest.raises(ExactBudgetError, match=re.escape(message)):
        fisher_exact([[10**6, 10**6], [10**6, 10**6]], budget_seconds=5)


def test_unknown_alternative_lists_the_choices() -> None:
    """An unknown alternative raises ValueError listing the allowed values."""
    message = "alternative must be one of 'two-sided', 'less', 'greater'; got 'two.sided'"
    with pytest.raises(ValueError, match=re.escape(message)):
        fisher_exact([[1, 2], [3, 4]], alternative="two.sided")  # type: ignore[arg-type]


@pytest.mark.parametrize("level", [0.0, 1.0, 1.5, -0.1])
def test_conf_level_outside_unit_interval_is_rejected(level: float) -> None:
    """conf_level must lie strictly between 0 and 1."""
    with pytest.raises(ValueError, match="conf_level must lie strictly between 0 and 1"):
        fisher_exact([[1, 2], [3, 4]], conf_level=level)


def test_one_sided_alternative_is_rejected_for_larger_tables() -> None:
    """'less' or 'greater' on a table larger than 2 x 2 raises, naming the shape."""
    message = "alternative='less' applies only to 2 x 2 tables; this table is 2 x 3"
    with pytest.raises(ValueError, match=re.escape(message)):
        fisher_exact([[1, 2, 3], [4, 5, 6]], alternative="less")


# --- beyond the former budgets (issue 24; fisher_large.R) ----------------------


def large_rows() -> list[dict[str, str]]:
    """Rows of fisher_large.csv: tables with R's p-value (and 2 x 2 estimate and interval)."""
    with (DATA / "fisher_large.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def large_table(row: dict[str, str]) -> np.ndarray:
    """The table of a fisher_large.csv row (cells row by row)."""
    return np.array(row["table"].split(), dtype=np.int64).reshape(int(row["nrow"]), -1)


def test_large_two_by_two_matches_r_with_a_raised_budget() -> None:
    """The 2 x 2 table of 1,000,301 possible tables: refused within 1 s, R's numbers within 10."""
    row = next(r for r in large_rows() if r["nrow"] == "2")
    table = large_table(row)
    with pytest.raises(ExactBudgetError, match=r"pass budget_seconds=10 \(or more\)"):
        fisher_exact(table, budget_seconds=1.0)
    res = fisher_exact(table, budget_seconds=10.0)
    assert res.pvalue == pytest.approx(float(row["pvalue"]), rel=1e-9)
    assert res.estimate == pytest.approx(float(row["estimate"]), rel=1e-9)
    assert res.conf_int == pytest.approx((float(row["ci_low"]), float(row["ci_high"])), rel=1e-9)


def test_large_four_by_four_tables_refused_within_a_small_budget_name_it() -> None:
    """The 4 x 4 tables R needs 1 s and 80 s for are refused in 0.5 s, naming budget_seconds."""
    for row in large_rows():
        if row["nrow"] == "4":
            with pytest.raises(ExactBudgetError, match=r"pass a larger budget_seconds"):
                fisher_exact(large_table(row), budget_seconds=0.5)
