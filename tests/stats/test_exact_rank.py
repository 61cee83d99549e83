"""Tests of the exact null distributions and the interval search shared by the rank tests."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from unittest import mock

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.stats._rank import counts as rank_counts
from myopathy_outcomes.stats._rank.counts import (
    mann_whitney_counts,
    rank_sum_counts,
    signed_rank_counts,
)
from myopathy_outcomes.stats._rank.inference import first_true, normal_pvalue
from myopathy_outcomes.stats._rank.null import rank_sum_null, signed_rank_null
from myopathy_outcomes.stats._rank.scores import (
    integer_scores,
    midranks,
    sorted_midranks,
    sorted_rank_scores,
)
from myopathy_outcomes.stats._rank.tails import RankSumTails, SignedRankTails
from myopathy_outcomes.stats.rank_sum import _exact_test_at as rank_sum_test_at
from myopathy_outcomes.stats.signed_rank import _exact_test_at as signed_test_at
from tests.strategies import tie_patterns

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)


def enumerate_signed_rank(ranks: np.ndarray) -> dict[float, float]:
    """Null distribution of the positive rank sum by listing all sign patterns."""
    pmf: dict[float, float] = defaultdict(float)
    for signs in itertools.product((0, 1), repeat=ranks.size):
        pmf[float(np.dot(signs, ranks))] += 0.5**ranks.size
    return dict(pmf)


def enumerate_rank_sum(ranks: np.ndarray, m: int) -> dict[float, float]:
    """Null distribution of U of the first sample by listing all m-subsets."""
    subsets = list(itertools.combinations(range(ranks.size), m))
    pmf: dict[float, float] = defaultdict(float)
    for subset in subsets:
        pmf[float(ranks[list(subset)].sum()) - m * (m + 1) / 2] += 1 / len(subsets)
    return dict(pmf)


def as_dict(null_support: np.ndarray, pmf: np.ndarray) -> dict[float, float]:
    """Support and probabilities of an ExactNull as a dictionary."""
    return dict(zip(null_support.tolist(), pmf[pmf > 0].tolist(), strict=True))


@PROPERTY_SETTINGS
@given(values=tie_patterns(max_size=30))
def test_midranks_match_scipy_rankdata(values: np.ndarray) -> None:
    """Mid-ranks equal scipy's average ranks, and the tie sizes add up to n."""
    ranks, ties = midranks(values)
    np.testing.assert_array_equal(ranks, scipy.stats.rankdata(values))
    assert ties.sum() == values.size


@PROPERTY_SETTINGS
@given(values=tie_patterns(max_size=30))
def test_sorted_midranks_are_the_sorted_midranks(values: np.ndarray) -> None:
    """sorted_midranks gives the mid-ranks in increasing order."""
    np.testing.assert_array_equal(sorted_midranks(values), np.sort(midranks(values)[0]))


@PROPERTY_SETTINGS
@given(values=tie_patterns(max_size=30))
def test_integer_scores_reproduce_the_ranks(values: np.ndarray) -> None:
    """Integer scores times the unit give back the mid-ranks exactly."""
    ranks = midranks(values)[0]
    scores, unit = integer_scores(ranks)
    np.testing.assert_array_equal(scores * unit, ranks)


@PROPERTY_SETTINGS
@given(values=tie_patterns(max_size=10))
def test_signed_rank_null_matches_enumeration(values: np.ndarray) -> None:
    """The shift algorithm equals listing all 2**n sign patterns, for any tie pattern."""
    ranks = midranks(values)[0]
    null = signed_rank_null(ranks)
    expected = enumerate_signed_rank(ranks)
    got = as_dict(null.support(), null.pmf)
    assert got.keys() == expected.keys()
    np.testing.assert_allclose([got[k] for k in expected], list(expected.values()), rtol=1e-12)


@PROPERTY_SETTINGS
@given(values=tie_patterns(min_size=2, max_size=10), data=st.data())
def test_rank_sum_null_matches_enumeration(values: np.ndarray, data: st.DataObject) -> None:
    """The two-sample shift algorithm equals listing all m-subsets, for any tie pattern."""
    m = data.draw(st.integers(1, values.size - 1))
    ranks = midranks(values)[0]
    null = rank_sum_null(ranks, m)
    expected = enumerate_rank_sum(ranks, m)
    got = as_dict(null.support(), null.pmf)
    assert got.keys() == expected.keys()
    np.testing.assert_allclose([got[k] for k in expected], list(expected.values()), rtol=1e-12)


@PROPERTY_SETTINGS
@given(values=tie_patterns(max_size=40))
def test_signed_rank_distribution_sums_to_one(values: np.ndarray) -> None:
    """The signed-rank null distribution sums to 1."""
    null = signed_rank_null(midranks(values)[0])
    assert null.pmf.sum() == pytest.approx(1.0, rel=1e-12)


@PROPERTY_SETTINGS
@given(values=tie_patterns(max_size=40))
def test_signed_rank_counts_are_symmetric(values: np.ndarray) -> None:
    """Over the whole support (no mirroring) the signed-rank counts are symmetric."""
    scores, _ = integer_scores(midranks(values)[0])
    counts, _ = signed_rank_counts(scores)
    np.testing.assert_array_equal(counts, counts[::-1])


@PROPERTY_SETTINGS
@given(values=tie_patterns(min_size=2, max_size=40), data=st.data())
def test_rank_sum_distribution_sums_to_one(values: np.ndarray, data: st.DataObject) -> None:
    """The rank-sum null distribution sums to 1."""
    m = data.draw(st.integers(1, values.size - 1))
    null = rank_sum_null(midranks(values)[0], m)
    assert null.pmf.sum() == pytest.approx(1.0, rel=1e-12)


@PROPERTY_SETTINGS
@given(n=st.integers(2, 40), data=st.data())
def test_rank_sum_distribution_is_symmetric_without_ties(n: int, data: st.DataObject) -> None:
    """Without ties the rank-sum null is symmetric for any sample sizes."""
    m = data.draw(st.integers(1, n - 1))
    null = rank_sum_null(np.arange(1.0, n + 1.0), m)
    np.testing.assert_allclose(null.pmf, null.pmf[::-1], rtol=1e-12)


@PROPERTY_SETTINGS
@given(values=tie_patterns(min_size=2, max_size=40))
def test_rank_sum_distribution_is_symmetric_for_equal_sizes(values: np.ndarray) -> None:
    """With ties but equal sample sizes the rank-sum null is symmetric (x and y exchangeable)."""
    values = values[: values.size // 2 * 2]
    null = rank_sum_null(midranks(values)[0], values.size // 2)
    np.testing.assert_allclose(null.pmf, null.pmf[::-1], rtol=1e-12)


@PROPERTY_SETTINGS
@given(n_total=st.integers(2, 60), data=st.data())
def test_mann_whitney_counts_equal_the_shift_algorithm(n_total: int, data: st.DataObject) -> None:
    """The Gaussian-binomial counts without ties equal the shift algorithm's, exactly."""
    m = data.draw(st.integers(1, n_total - 1))
    counts, _, exponent = rank_sum_counts(np.arange(1, n_total + 1), m)
    np.testing.assert_array_equal(mann_whitney_counts(n_total, m), np.ldexp(counts, exponent))
    assert int(mann_whitney_counts(n_total, m).sum()) == math.comb(n_total, m)


def test_rank_sum_distribution_can_be_asymmetric_with_ties() -> None:
    """With ties and unequal sizes the rank-sum null need not be symmetric."""
    null = rank_sum_null(midranks(np.array([1.0, 1.0, 1.0, 2.0]))[0], 1)
    assert null.pmf.tolist() == [0.75, 0.25]


def test_two_sided_pvalue_is_not_twice_the_smaller_tail_when_asymmetric() -> None:
    """Two-sided is P(|T - E T| >= |t - E T|), not twice the smaller one-sided p-value."""
    ranks = midranks(np.array([1.0, 1.0, 1.0, 2.0, 3.0]))[0]
    null = rank_sum_null(ranks, 2)
    expected = enumerate_rank_sum(ranks, 2)
    mean = sum(k * p for k, p in expected.items())
    t = max(expected)
    far = sum(p for k, p in expected.items() if abs(k - mean) >= abs(t - mean) - 1e-12)
    assert null.two_sided(t) == pytest.approx(far, rel=1e-12)
    assert null.two_sided(t) != pytest.approx(2 * min(null.cdf(t), null.sf(t)))


def test_signed_rank_null_rescales_counts_beyond_float_range() -> None:
    """At n = 1100 (2**1100 overflows float64) the distribution is still exact and normalised."""
    n = 1100
    null = signed_rank_null(np.arange(1.0, n + 1.0))
    assert null.pmf.sum() == pytest.approx(1.0, rel=1e-12)
    assert null.pmf[0] == pytest.approx(2.0**-n, rel=1e-12)
    mean, var = n * (n + 1) / 4, n * (n + 1) * (2 * n + 1) / 24
    t = mean - 2 * np.sqrt(var)
    assert null.cdf(t) == pytest.approx(normal_pvalue(t, mean, var, "less", True), rel=1e-3)


@PROPERTY_SETTINGS
@given(values=tie_patterns(min_size=2, max_size=30), data=st.data())
def test_truncated_rank_sum_counts_equal_the_full_lower_tail(
    values: np.ndarray, data: st.DataObject
) -> None:
    """With a limit, the rank-sum programme gives exactly the full counts up to it."""
    scores, _ = integer_scores(midranks(values)[0])
    m = data.draw(st.integers(1, values.size - 1))
    full, low, _ = rank_sum_counts(scores, m)
    limit = low + data.draw(st.integers(-2, full.size + 2))
    tail, tail_low, _ = rank_sum_counts(scores, m, limit)
    expected = full[: max(0, limit - low + 1)]
    padded = np.zeros(max(tail.size, expected.size))
    padded[: tail.size] = tail
    assert tail_low == low
    np.testing.assert_array_equal(padded[: expected.size], expected)
    assert not padded[expected.size :].any()


@PROPERTY_SETTINGS
@given(values=tie_patterns(max_size=30), data=st.data(), level=st.floats(0.001, 0.3))
def test_signed_rank_tails_equal_the_full_null(
    values: np.ndarray, data: st.DataObject, level: float
) -> None:
    """Tails from truncated programmes equal the full null's p-values and sizes."""
    ranks = midranks(values)[0]
    null = signed_rank_null(ranks)
    t = float(data.draw(st.sampled_from(null.support().tolist())))
    tails = SignedRankTails(ranks)
    assert tails.cdf(t) == pytest.approx(null.cdf(t), rel=1e-12, abs=1e-300)
    assert tails.sf(t) == pytest.approx(null.sf(t), rel=1e-12, abs=1e-300)
    assert tails.lower_size(level) == pytest.approx(null.lower_size(level), rel=1e-12)
    assert tails.upper_size(level) == pytest.approx(null.upper_size(level), rel=1e-12)


@PROPERTY_SETTINGS
@given(values=tie_patterns(min_size=2, max_size=30), data=st.data(), level=st.floats(0.001, 0.3))
def test_rank_sum_tails_equal_the_full_null(
    values: np.ndarray, data: st.DataObject, level: float
) -> None:
    """Tails from truncated programmes equal the full null's p-values and sizes, either sample."""
    ranks = midranks(values)[0]
    m = data.draw(st.integers(1, values.size - 1))
    null = rank_sum_null(ranks, m)
    t = float(data.draw(st.sampled_from(null.support().tolist())))
    tails = RankSumTails(ranks, m)
    assert tails.cdf(t) == pytest.approx(null.cdf(t), rel=1e-12)
    assert tails.sf(t) == pytest.approx(null.sf(t), rel=1e-12)
    assert tails.lower_size(level) == pytest.approx(null.lower_size(level), rel=1e-12)
    assert tails.upper_size(level) == pytest.approx(null.upper_size(level), rel=1e-12)


def test_rank_sum_counts_rescale_beyond_a_thousand_observations() -> None:
    """Over 1000 observations the counts are rescaled exactly and still normalised."""
    null = rank_sum_null(np.arange(1.0, 1101.0), 3)
    assert null.pmf.sum() == pytest.approx(1.0, rel=1e-12)
    assert null.cdf(0.0) == pytest.approx(1 / math.comb(1100, 3), rel=1e-12)


def test_rank_sum_tails_normalise_counts_beyond_float_range() -> None:
    """A tail probability of about 1e-285 (C(950, 475) overflows float64) is exact."""
    tails = RankSumTails(np.arange(1.0, 951.0), 475)
    assert tails.cdf(0.0) == pytest.approx(1 / math.comb(950, 475), rel=1e-12)


@PROPERTY_SETTINGS
@given(boundary=st.integers(0, 60), guess=st.integers(-5, 65))
def test_first_true_finds_the_boundary_of_a_monotone_predicate(boundary: int, guess: int) -> None:
    """The galloping search returns the first index where a monotone predicate holds."""
    assert first_true(lambda j: j >= boundary, guess, 0, 50) == min(boundary, 51)


@PROPERTY_SETTINGS
@given(values=tie_patterns(max_size=30))
def test_sorted_rank_scores_are_the_integer_scores_of_the_sorted_midranks(
    values: np.ndarray,
) -> None:
    """sorted_rank_scores equals integer_scores of sorted_midranks, scores and unit."""
    scores, unit = sorted_rank_scores(values)
    expected, expected_unit = integer_scores(sorted_midranks(values))
    np.testing.assert_array_equal(scores, expected)
    assert unit == expected_unit


@PROPERTY_SETTINGS
@given(values=tie_patterns(min_size=2, max_size=40), data=st.data())
def test_strided_rank_sum_counts_equal_the_row_programme_bit_for_bit(
    values: np.ndarray, data: st.DataObject
) -> None:
    """The strided whole-table programme gives the row-by-row counts exactly, limit or not."""
    scores, _ = integer_scores(midranks(values)[0])
    m = data.draw(st.integers(1, values.size - 1))
    limit = data.draw(st.none() | st.integers(-2, int(scores.sum()) + 2))
    strided = rank_counts._strided_rank_sum_counts(np.sort(scores), m, limit)
    assert strided is not None
    with mock.patch.object(rank_counts, "_STRIDED_MAX_CELLS", 0):
        rows = rank_sum_counts(scores, m, limit)
    assert strided[1:] == rows[1:]
    if limit is None:
        np.testing.assert_array_equal(strided[0], rows[0])
    else:  # the same counts up to the limit; either may end with zeros
        size = max(strided[0].size, rows[0].size)
        padded = np.zeros((2, size))
        padded[0, : strided[0].size] = strided[0]
        padded[1, : rows[0].size] = rows[0]
        np.testing.assert_array_equal(padded[0], padded[1])
        assert strided[0].size <= max(0, limit - strided[1] + 1)


@PROPERTY_SETTINGS
@given(values=tie_patterns(max_size=24), data=st.data())
def test_packed_signed_rank_counts_equal_the_array_programme(
    values: np.ndarray, data: st.DataObject
) -> None:
    """Counts packed into one integer equal the array programme's, for any cap."""
    scores, _ = integer_scores(midranks(values)[0])
    cap = data.draw(st.none() | st.integers(0, int(scores.sum()) + 2))
    packed = signed_rank_counts(scores, cap)
    with mock.patch.object(rank_counts, "PACKED_MAX_N", -1):
        array = signed_rank_counts(scores, cap)
    np.testing.assert_array_equal(np.ldexp(*packed), np.ldexp(*array))


def test_tests_at_shifts_with_the_same_midranks_are_shared() -> None:
    """Within one call, shifts that give the same multiset of mid-ranks reuse one test."""
    xs, ys = np.array([1.0, 2.0, 2.0, 5.0]), np.array([0.0, 3.0, 3.0])
    test_at = rank_sum_test_at(xs, ys, None)
    assert test_at(0.25) is test_at(0.5)  # no difference x_i - y_j in (0.25, 0.5]
    d = np.array([1.0, 1.0, 2.0, -3.0])
    signed = signed_test_at(d, None)
    assert signed(0.1) is signed(0.2)
