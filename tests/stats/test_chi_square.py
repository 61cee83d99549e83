"""Pearson's chi-square test against R's chisq.test, its properties, and its errors."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from myopathy_outcomes.stats.chi_square import chi_square
from tests.strategies import count_tables

DATA = Path(__file__).parent / "data"
RTOL = 1e-12

with (DATA / "chi_square.csv").open(newline="") as _handle:
    ROWS = list(csv.DictReader(_handle))
IDS = [row["id"] for row in ROWS]


def _table(row: dict[str, str]) -> np.ndarray:
    cells = np.array(row["table"].split(), dtype=np.int64)
    return cells.reshape(int(row["nrow"]), int(row["ncol"]))


def _close(got: float, expected: float) -> bool:
    return got == pytest.approx(expected, rel=RTOL, abs=1e-300)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_statistic_matches_r_chisq_test_with_correction(row: dict[str, str]) -> None:
    """X-squared equals chisq.test(m, correct = TRUE)$statistic."""
    assert _close(chi_square(_table(row)).statistic, float(row["statistic_correct"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_pvalue_matches_r_chisq_test_with_correction(row: dict[str, str]) -> None:
    """The p-value equals chisq.test(m, correct = TRUE)$p.value."""
    assert _close(chi_square(_table(row)).pvalue, float(row["p_correct"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_statistic_matches_r_chisq_test_without_correction(row: dict[str, str]) -> None:
    """X-squared equals chisq.test(m, correct = FALSE)$statistic."""
    result = chi_square(_table(row), correction=False)
    assert _close(result.statistic, float(row["statistic_uncorrected"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_pvalue_matches_r_chisq_test_without_correction(row: dict[str, str]) -> None:
    """The p-value equals chisq.test(m, correct = FALSE)$p.value."""
    result = chi_square(_table(row), correction=False)
    assert _close(result.pvalue, float(row["p_uncorrected"]))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_df_matches_r_chisq_test(row: dict[str, str]) -> None:
    """The degrees of freedom equal chisq.test(m)$parameter."""
    assert chi_square(_table(row)).df == int(row["df"])


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_expected_counts_match_r_chisq_test(row: dict[str, str]) -> None:
    """The expected counts equal chisq.test(m)$expected."""
    expected = np.array(chi_square(_table(row)).expected).ravel()
    reference = np.array(row["expected"].split(), dtype=np.float64)
    np.testing.assert_allclose(expected, reference, rtol=RTOL, atol=0.0)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_correction_flag_matches_r_method(row: dict[str, str]) -> None:
    """correction is True exactly when R's method names Yates' correction."""
    applied = "Yates" in row["method_correct"]
    assert chi_square(_table(row)).correction is applied


def test_min_expected_is_the_smallest_expected_count() -> None:
    """min_expected reports the smallest of the expected counts."""
    result = chi_square([[12, 8, 1, 15], [11, 11, 6, 14]])
    assert result.min_expected == pytest.approx(7 * 36 / 78, rel=1e-15)


def test_yates_uses_deviation_below_one_half() -> None:
    """With |O - E| < 0.5 the correction subtracts |O - E|, giving X-squared 0 (R's rule)."""
    assert chi_square([[10, 10], [10, 11]]).statistic == 0.0


def test_correction_is_ignored_beyond_2x2() -> None:
    """For tables larger than 2 x 2 correction changes nothing, as in R."""
    table = [[12, 8, 1, 15], [11, 11, 6, 14]]
    assert chi_square(table) == chi_square(table, correction=False)


def test_result_names_test_and_method() -> None:
    """The result names the test and the asymptotic method, and keeps the table."""
    result = chi_square(np.array([[3, 1], [1, 3]]))
    assert (result.test, result.method, result.table) == (
        "Pearson's chi-square",
        "asymptotic",
        ((3, 1), (1, 3)),
    )


@given(count_tables(max_rows=4, max_cols=5, max_count=30))
@settings(max_examples=60, deadline=None)
def test_pvalue_lies_in_unit_interval(table: np.ndarray) -> None:
    """The p-value lies in [0, 1]."""
    assert 0.0 <= chi_square(table).pvalue <= 1.0


@given(count_tables(max_rows=4, max_cols=5, max_count=30))
@settings(max_examples=60, deadline=None)
def test_transposing_leaves_statistic_unchanged(table: np.ndarray) -> None:
    """Transposing the table does not change X-squared."""
    assert chi_square(table.T).statistic == pytest.approx(chi_square(table).statistic, rel=1e-12)


@given(count_tables(max_rows=2, max_cols=2, max_count=30))
@settings(max_examples=60, deadline=None)
def test_correction_never_increases_the_statistic(table: np.ndarray) -> None:
    """Yates' correction never makes X-squared larger."""
    assert chi_square(table).statistic <= chi_square(table, correction=False).statistic


def test_non_boolean_correction_is_a_type_error() -> None:
    """correction must be a bool; anything else raises TypeError naming it."""
    with pytest.raises(TypeError, match=re.escape("correction must be True or False; got 'yes'")):
        chi_square([[1, 2], [3, 4]], correction="yes")  # type: ignore[arg-type]


def test_bad_table_is_rejected_like_fisher() -> None:
    """Tables are validated as for Fisher's test: an empty row is an error, not NaN."""
    with pytest.raises(ValueError, match=re.escape("table row 1 (0-based) is all zero")):
        chi_square([[1, 2], [0, 0]])


def test_one_dimensional_input_is_rejected() -> None:
    """A 1-D input is a ValueError naming its dimension."""
    with pytest.raises(ValueError, match="got a 1-D input"):
        chi_square([1, 2, 3, 4])


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (None, "table must be a two-way table of counts (rows x columns)"),
        ((row for row in [[1, 2], [3, 4]]), "; got a generator"),
        ([[True, False], [False, True]], "table holds booleans (True/False)"),
    ],
)
def test_api_misuse_raises_type_error_naming_the_table(table: object, message: str) -> None:
    """What is no table of counts is a TypeError that names the table."""
    with pytest.raises(TypeError, match=re.escape(message)):
        chi_square(table)  # type: ignore[arg-type]
