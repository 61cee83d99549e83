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
from typing import Final, Protocol

import numpy as np
from scipy.special import ndtr

from myopathy_outcomes.stats._rank.null import QUANTILE_FUZZ
from myopathy_outcomes.stats._rank.order_select import OrderedCandidates
from myopathy_outcomes.stats._vocabulary import Alternative

#: Candidate shifts this close, relative to the larger of the two, are one shift.
SAME_SHIFT_RTOL: Final = 1e-9
#: ... as are shifts this close relative to the largest observation (shifts near 0).
SAME_SHIFT_SCALE_RTOL: Final = 1e-12


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
    candidates: OrderedCandidates,
    test_at: ShiftTestFactory,
    guide: ShiftTest,
    alternative: Alternative,
    conf_level: float,
    *,
    scale: float,
) -> ShiftInterval:
    """Confidence interval for a shift by inverting a rank test over candidate shifts.

    Parameters
    ----------
    candidates : OrderedCandidates
        The candidate shifts with multiplicity (Walsh averages or ``x_i - y_j``),
        either materialised (:class:`SortedValues`) or implicit (:class:`PairSums`).
    test_at : callable
        Returns the test at a shift strictly between two distinct candidates.
    guide : ShiftTest
        A test whose acceptance region approximates that of ``test_at``,
        used to start the search (the same object when the null does not vary).
    alternative, conf_level
        As in the public functions; one-sided intervals are unbounded on one side.
    scale : float
        The largest absolute observation, for :data:`SAME_SHIFT_SCALE_RTOL`.

    Returns
    -------
    ShiftInterval
        ``[c_lo, c_hi]``: ``c_lo`` is the left end of the first open interval
        of shifts the upper-tail test accepts (``P(T >= t) >= alpha'``),
        ``c_hi`` the right end of the last one the lower-tail test accepts,
        with ``alpha' = alpha / 2`` for two-sided intervals. The ends are
        clamped to the extreme candidates as in R.

    Notes
    -----
    The search (:func:`_invert_by_value`) asks the candidates for order
    statistics, counts and neighbours only, so materialised and implicit
    candidates take the same steps and give identical results, and the
    implicit ones need ``O(n)`` memory.

    Candidates that differ by float noise only are one candidate: data with
    one decimal give Walsh averages such as ``(0.1 + 0.2) / 2`` and
    ``(0.3 + 0.0) / 2`` that are one value in exact arithmetic but two
    doubles, and the open interval between them is not a real one (the test
    evaluated there sees a tie structure no shift has). Neighbouring
    candidates within :data:`SAME_SHIFT_RTOL` of the larger or within
    :data:`SAME_SHIFT_SCALE_RTOL` times ``scale`` are merged (the noise of one
    rounding is about ``1e-16`` of ``scale``), so the interval and its
    achieved level are those of the exact decimal data. A merged end is
    reported as the member of its group next to the interval's inside.
    """
    alpha = 1.0 - conf_level
    level = alpha / 2.0 if alternative == "two-sided" else alpha
    return _invert_by_value(
        _Clusters(candidates, scale),
        test_at,
        guide,
        alternative,
        level=level,
        conf_level=conf_level,
    )


@dataclass(frozen=True)
class _Gap:
    """The open interval between consecutive distinct candidates; ``None``: unbounded."""

    lower: float | None
    upper: float | None


class _Clusters:
    """Runs of neighbouring candidates that differ by float noise only."""

    def __init__(self, candidates: OrderedCandidates, scale: float) -> None:
        self.candidates = candidates
        self.floor = SAME_SHIFT_SCALE_RTOL * scale

    def _same(self, low: float, high: float) -> bool:
        return high - low <= max(SAME_SHIFT_RTOL * max(abs(low), abs(high)), self.floor)

    def top(self, member: float) -> tuple[float, float | None]:
        """The largest member of the group of the candidate ``member``, and the next candidate."""
        following = self.candidates.above(member)
        while following is not None and self._same(member, following):
            member, following = following, self.candidates.above(following)
        return member, following

    def bottom(self, member: float) -> tuple[float | None, float]:
        """The previous candidate, and the smallest member of the group of ``member``."""
        previous = self.candidates.below(member)
        while previous is not None and self._same(previous, member):
            member, previous = previous, self.candidates.below(previous)
        return previous, member


def _ordinal(value: float) -> int:
    """An integer that orders floats as their values do (``-0.0`` and ``0.0`` alike)."""
    bits = int(np.float64(value).view(np.int64))
    return bits if bits >= 0 else -(bits & 0x7FFF_FFFF_FFFF_FFFF)


def _from_ordinal(key: int) -> float:
    """Inverse of :func:`_ordinal`."""
    magnitude = float(np.int64(abs(key)).view(np.float64))
    return magnitude if key >= 0 else -magnitude


def _split(lo: float, hi: float, by_value: bool) -> float:
    """A point in ``[lo, hi)`` near the middle, by value or by floating-point ordinal."""
    mid = lo / 2.0 + hi / 2.0 if by_value else _from_ordinal((_ordinal(lo) + _ordinal(hi)) // 2)
    return mid if lo <= mid < hi else lo


def _first_step(origin: float | None, reached: float | None, spread: float) -> float:
    """Galloping step: twice the distance walked from ``origin`` (at least a tiny fraction)."""
    walked = 0.0 if origin is None or reached is None else abs(origin - reached)
    return max(2.0 * walked, spread * 2.0**-40)


def _invert_by_value(
    clusters: _Clusters,
    test_at: ShiftTestFactory,
    guide: ShiftTest,
    alternative: Alternative,
    *,
    level: float,
    conf_level: float,
) -> ShiftInterval:
    """:func:`invert_shift_test` over implicit candidates, searching the intervals by value.

    Works with order statistics and counts only (``O(n)`` memory for
    :class:`PairSums`). The guide's acceptance threshold is a count of
    candidates, hence an order statistic: the search starts at the open
    interval above it, looks at its two nearest neighbours, gallops outwards
    by doubling steps in value and bisects between the last rejected and the
    first accepted interval (alternately at the midpoint in value and in
    floating-point order, so it ends within about 128 steps whatever the
    spread of the candidates). A right guess costs two evaluations of
    ``test_at``, one off three. The test of an open interval is evaluated at
    its midpoint, the one left of all candidates at ``min - spread`` and the
    one right of them at ``max + spread`` (``spread = max(1, max - min)``).
    The intervals run between groups of candidates that differ by float noise
    only (:class:`_Clusters`), never inside one.
    """
    candidates = clusters.candidates
    n_pairs = candidates.size
    smallest = candidates.kth(0)
    largest = candidates.kth(n_pairs - 1)
    spread = max(1.0, float(np.float64(largest) - np.float64(smallest)))
    tests: dict[_Gap, ShiftTest] = {}
    statistics: dict[_Gap, float] = {}

    def test(gap: _Gap) -> ShiftTest:
        if gap not in tests:
            if gap.lower is None:
                shift = smallest - spread
            elif gap.upper is None:
                shift = largest + spread
            else:
                shift = 0.5 * (gap.lower + gap.upper)
            tests[gap] = test_at(shift)
        return tests[gap]

    def statistic(gap: _Gap) -> float:
        if gap not in statistics:
            below = 0 if gap.lower is None else candidates.count_le(gap.lower)
            statistics[gap] = float(n_pairs - below)
        return statistics[gap]

    def gap_above(lower: float | None) -> _Gap:
        """The interval above the group of the candidate ``lower`` (``None``: the first)."""
        if lower is None:
            return _Gap(None, smallest)
        return _Gap(*clusters.top(lower))

    def gap_below(upper: float) -> _Gap:
        """The interval below the group of the candidate ``upper``."""
        return _Gap(*clusters.bottom(upper))

    def gap_at(value: float) -> _Gap:
        """The interval ``[lower, upper)`` holding ``value``, or the one above its group."""
        upper = candidates.above(value)
        if upper is None:
            return _Gap(largest, None)
        gap = gap_below(upper)
        if gap.upper is not None and gap.upper <= value:  # inside a group
            return gap_above(upper)
        return gap

    def guess(accepts: Callable[[float], bool]) -> _Gap:
        """The interval where ``accepts`` (monotone in the count at or below) first holds."""
        count = first_true(lambda c: accepts(float(n_pairs - c)), n_pairs // 2, 0, n_pairs)
        if count == 0:
            return gap_above(None)
        return gap_above(candidates.kth(min(count, n_pairs) - 1))

    def first_gap(holds: Callable[[_Gap], bool], start: _Gap) -> _Gap | None:
        """First interval where the monotone ``holds`` is true; ``None`` if none."""
        good: _Gap | None = None
        bad: _Gap | None = None
        if holds(start):
            good = start
            for _ in range(2):  # the two nearest neighbours first
                if good.lower is None:
                    return good
                previous = gap_below(good.lower)
                if not holds(previous):
                    bad = previous
                    break
                good = previous
            step = _first_step(start.lower, good.lower, spread)
            while bad is None:
                if good.lower is None:
                    return good
                probe = gap_at(good.lower - step)
                if holds(probe):
                    good = probe
                else:
                    bad = probe
                step *= 2.0
        else:
            bad = start
            for _ in range(2):
                if bad.upper is None:
                    return None
                following = gap_above(bad.upper)
                if holds(following):
                    good = following
                    break
                bad = following
            step = _first_step(start.upper, bad.upper, spread)
            while good is None:
                if bad.upper is None:
                    return None
                probe = gap_at(bad.upper + step)
                if holds(probe):
                    good = probe
                else:
                    bad = probe
                step *= 2.0
        by_value = True
        while True:
            lo, hi = bad.upper, good.lower
            if lo is None or hi is None or lo >= hi:  # adjacent
                return good
            probe = gap_at(_split(lo, hi, by_value))
            by_value = not by_value
            if probe == good:  # the split fell in good's lower group
                probe = gap_below(hi)
                if probe == bad:
                    return good
            if holds(probe):
                good = probe
            else:
                bad = probe

    first = _Gap(None, smallest)
    last = _Gap(largest, None)
    low, high = -np.inf, np.inf
    size_low: float | None = 0.0
    size_high: float | None = 0.0
    if alternative != "less":

        def upper_accepts(gap: _Gap) -> bool:
            return test(gap).sf(statistic(gap)) >= level - QUANTILE_FUZZ

        start = guess(lambda t: guide.sf(t) >= level - QUANTILE_FUZZ)
        gap = first_gap(upper_accepts, start) or last
        low = smallest if gap.lower is None else gap.lower
        size_low = test(gap).upper_size(level)
    if alternative != "greater":

        def lower_rejects(gap: _Gap) -> bool:
            return test(gap).cdf(statistic(gap)) < level - QUANTILE_FUZZ

        start = guess(lambda t: guide.cdf(t) < level - QUANTILE_FUZZ)
        rejected = first_gap(lower_rejects, start)
        if rejected is None:
            gap = last
        elif rejected.lower is None:
            gap = first
        else:
            gap = gap_below(rejected.lower)
        high = largest if gap.upper is None else gap.upper
        size_high = test(gap).lower_size(level)
    if size_low is None or size_high is None:
        return ShiftInterval(low, high, conf_level)
    return ShiftInterval(low, high, 1.0 - size_low - size_high)
