"""Normal approximation and confidence intervals by test inversion for rank tests.

A rank test of the shift ``delta`` (paired: ``d - delta``; two-sample:
``x - delta`` against ``y``) has a statistic that, between consecutive
*candidate shifts* (Walsh averages, or pairwise differences ``x_i - y_j``),
equals the number of candidates above ``delta``. The confidence set is the
set of shifts the test does not reject, closed at its ends, so its bounds are
candidates (Bauer 1972). Without ties that set follows from one null
distribution and two order statistics (R's rule); with tied data the exact
conditional null distribution changes with ``delta``, so the test is
evaluated per open interval between candidates, and each end is found by a
search that starts at the guess from one distribution.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy.special import ndtr

from myopathy_outcomes.stats._exact_rank import QUANTILE_FUZZ, FloatArray
from myopathy_outcomes.stats._vocabulary import Alternative


def continuity(alternative: Alternative, deviation: float, correction: bool) -> float:
    """R's continuity correction for ``statistic - mean == deviation``."""
    if not correction:
        return 0.0
    if alternative == "two-sided":
        return float(np.sign(deviation)) * 0.5
    return 0.5 if alternative == "greater" else -0.5


def normal_pvalue(
    statistic: float,
    mean: float,
    variance: float,
    alternative: Alternative,
    correction: bool,
) -> float:
    """P-value of the normal approximation, as in R's ``wilcox.test(exact = FALSE)``.

    Examples
    --------
    >>> round(normal_pvalue(10.0, 5.0, 4.0, "greater", correction=True), 6)
    0.012224

    A zero variance (all observations tied) gives 1 where R gives NaN.
    """
    if variance <= 0.0:
        return 1.0  # every observation tied: the statistic equals its mean
    deviation = statistic - mean
    z = (deviation - continuity(alternative, deviation, correction)) / np.sqrt(variance)
    if alternative == "less":
        return float(ndtr(z))
    if alternative == "greater":
        return float(ndtr(-z))
    return float(min(1.0, 2.0 * min(ndtr(z), ndtr(-z))))


class ShiftTest(Protocol):
    """One-sided tails of a rank test at a fixed shift, for its statistic ``T``."""

    def cdf(self, statistic: float) -> float:
        """``P(T <= statistic)``."""
        ...

    def sf(self, statistic: float) -> float:
        """``P(T >= statistic)``."""
        ...

    def lower_size(self, level: float) -> float | None:
        """Attained size of the lower-tail test at ``level``; ``None`` if nominal."""
        ...

    def upper_size(self, level: float) -> float | None:
        """Attained size of the upper-tail test at ``level``; ``None`` if nominal."""
        ...


#: A rank test as a function of the shift it tests.
ShiftTestFactory = Callable[[float], ShiftTest]


@dataclass(frozen=True)
class NormalShiftTest:
    """The normal approximation with mean, variance and R's continuity correction."""

    mean: float
    variance: float
    correction: bool

    def cdf(self, statistic: float) -> float:
        """``P(T <= statistic)``, continuity-corrected as R's ``alternative = "less"``."""
        return normal_pvalue(statistic, self.mean, self.variance, "less", self.correction)

    def sf(self, statistic: float) -> float:
        """``P(T >= statistic)``, continuity-corrected as R's ``alternative = "greater"``."""
        return normal_pvalue(statistic, self.mean, self.variance, "greater", self.correction)

    def lower_size(self, level: float) -> float | None:
        """Nominal: ``None``."""
        return None

    def upper_size(self, level: float) -> float | None:
        """Nominal: ``None``."""
        return None


@dataclass(frozen=True)
class ShiftInterval:
    """A confidence interval for a shift and the level it attains."""

    low: float
    high: float
    level_achieved: float


def first_true(pred: Callable[[int], bool], guess: int, lo: int, hi: int) -> int:
    """Smallest ``j`` in ``[lo, hi]`` with ``pred(j)`` for a monotone ``pred``; ``hi + 1`` if none.

    Steps outwards from ``guess`` (1, 1, 2, 4, ...) and then bisects, so a
    guess that is right or one off costs two or three evaluations.

    Examples
    --------
    >>> first_true(lambda j: j >= 7, guess=3, lo=0, hi=100)
    7
    >>> first_true(lambda j: j >= 7, guess=3, lo=0, hi=5)
    6
    """
    g = min(max(guess, lo), hi)
    steps = [1, 1]  # look at the two nearest neighbours before doubling
    if pred(g):
        good, bad = g, g - 1
        while bad >= lo and pred(bad):
            good = bad
            steps.append(2 * steps[-1])
            bad = good - steps[-3]
        bad = max(bad, lo - 1)
    else:
        bad, good = g, g + 1
        while good <= hi and not pred(good):
            bad = good
            steps.append(2 * steps[-1])
            good = bad + steps[-3]
        good = min(good, hi + 1)
    while good - bad > 1:
        mid = (good + bad) // 2
        if pred(mid):
            good = mid
        else:
            bad = mid
    return good


def invert_shift_test(
    candidates: FloatArray,
    test_at: ShiftTestFactory,
    guide: ShiftTest,
    alternative: Alternative,
    conf_level: float,
) -> ShiftInterval:
    """Confidence interval for a shift by inverting a rank test over candidate shifts.

    Parameters
    ----------
    candidates : ndarray
        Sorted candidate shifts with multiplicity (Walsh averages or ``x_i - y_j``).
    test_at : callable
        Returns the test at a shift strictly between two distinct candidates.
    guide : ShiftTest
        A test whose acceptance region approximates that of ``test_at``,
        used to start the search (the same object when the null does not vary).
    alternative, conf_level
        As in the public functions; one-sided intervals are unbounded on one side.

    Returns
    -------
    ShiftInterval
        ``[c_lo, c_hi]``: ``c_lo`` is the left end of the first open interval
        of shifts the upper-tail test accepts (``P(T >= t) >= alpha'``),
        ``c_hi`` the right end of the last one the lower-tail test accepts,
        with ``alpha' = alpha / 2`` for two-sided intervals. The ends are
        clamped to the extreme candidates as in R.
    """
    alpha = 1.0 - conf_level
    level = alpha / 2.0 if alternative == "two-sided" else alpha
    distinct, counts = np.unique(candidates, return_counts=True)
    n_pairs = candidates.size
    k = distinct.size
    # at_or_below[j] = number of candidates <= distinct[j - 1]; interval j is
    # (distinct[j - 1], distinct[j]), and the statistic there is n_pairs - at_or_below[j].
    at_or_below = np.concatenate(([0], np.cumsum(counts))).tolist()
    spread = max(1.0, float(distinct[-1] - distinct[0]))
    tests: dict[int, ShiftTest] = {}

    def shift(j: int) -> float:
        if j == 0:
            return float(distinct[0]) - spread
        if j == k:
            return float(distinct[-1]) + spread
        return 0.5 * (float(distinct[j - 1]) + float(distinct[j]))

    def test(j: int) -> ShiftTest:
        if j not in tests:
            tests[j] = test_at(shift(j))
        return tests[j]

    def statistic(j: int) -> float:
        return float(n_pairs - at_or_below[j])

    low, high = -np.inf, np.inf
    size_low: float | None = 0.0
    size_high: float | None = 0.0
    if alternative != "less":
        guess = first_true(lambda j: guide.sf(statistic(j)) >= level - QUANTILE_FUZZ, k // 2, 0, k)
        j_low = first_true(
            lambda j: test(j).sf(statistic(j)) >= level - QUANTILE_FUZZ, guess, 0, k
        )
        j_low = min(j_low, k)
        low = float(distinct[max(j_low, 1) - 1])
        size_low = test(j_low).upper_size(level)
    if alternative != "greater":
        guess = first_true(lambda j: guide.cdf(statistic(j)) < level - QUANTILE_FUZZ, k // 2, 0, k)
        j_high = first_true(
            lambda j: test(j).cdf(statistic(j)) < level - QUANTILE_FUZZ, guess, 0, k
        )
        j_high = max(j_high - 1, 0)
        high = float(distinct[min(j_high, k - 1)])
        size_high = test(j_high).lower_size(level)
    if size_low is None or size_high is None:
        return ShiftInterval(low, high, conf_level)
    return ShiftInterval(low, high, 1.0 - size_low - size_high)


def median_of_sorted(values: FloatArray) -> float:
    """Median of an already sorted array (R's ``median``: mean of the two middle values).

    Examples
    --------
    >>> median_of_sorted(np.array([1.0, 2.0, 4.0, 8.0]))
    3.0
    """
    half, odd = divmod(values.size, 2)
    if odd:
        return float(values[half])
    return float((values[half - 1] + values[half]) / 2.0)
