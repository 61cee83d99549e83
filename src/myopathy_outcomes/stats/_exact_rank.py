"""Exact conditional null distributions of linear rank statistics.

Shared by :func:`~myopathy_outcomes.stats.signed_rank.paired_wilcoxon` and
:func:`~myopathy_outcomes.stats.rank_sum.mann_whitney`. Both statistics are
sums of scores (mid-ranks, ties allowed): in the paired case every score
enters with probability 1/2 independently (random signs); in the two-sample
case a random subset of ``m`` of the ``N`` pooled scores is drawn.

Mid-ranks are multiples of 1/2, so twice the mid-ranks, divided by their
greatest common divisor, are small integers. The distribution of a sum of
integer scores is found with the shift algorithm of Streitberg and Röhmel
(1986): a dynamic programme over the attainable sums, one vectorised array
update per observation. Counts are kept as float64 and rescaled by exact
powers of two, so nothing overflows and no rounding is introduced by the
scaling.

Because the statistic and its support are integers in these units, tail
probabilities compare integers exactly; this is the exact counterpart of the
relative tolerance R and coin use on their floating-point statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Final

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.stats._vocabulary import Alternative

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: R's fuzz in ``qsignrank``/``qwilcox``: a tail equal to the level counts as reaching it.
QUANTILE_FUZZ: Final = 10 * float(np.finfo(np.float64).eps)

# Rescale float64 counts by 2**-_RESCALE_BITS once they may exceed 2**_MAX_BITS.
_MAX_BITS: Final = 1000
_RESCALE_BITS: Final = 960


def midranks(values: FloatArray) -> tuple[FloatArray, IntArray]:
    """Return the mid-ranks of ``values`` (1-based, ties averaged) and the tie-group sizes.

    Equals R's ``rank(values)`` (``ties.method = "average"``).

    Examples
    --------
    >>> ranks, ties = midranks(np.array([3.0, 1.0, 3.0, 2.0]))
    >>> ranks.tolist(), ties.tolist()
    ([3.5, 1.0, 3.5, 2.0], [1, 1, 2])
    """
    n = values.size
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    bounds = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1], [True])))
    sizes = np.diff(bounds)
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.repeat((bounds[:-1] + bounds[1:] + 1) / 2.0, sizes)
    return ranks, sizes.astype(np.int64)


def integer_scores(ranks: FloatArray) -> tuple[IntArray, float]:
    """Return integer scores ``k`` and a unit ``u`` with ``ranks == k * u``.

    Twice a mid-rank is an integer; the common divisor of those integers is
    taken out so that the dynamic programme works on the smallest grid.

    Examples
    --------
    >>> integer_scores(np.array([1.5, 1.5, 3.0]))
    (array([1, 1, 2]), 1.5)
    """
    doubled = np.rint(2.0 * ranks).astype(np.int64)
    divisor = int(np.gcd.reduce(doubled)) if doubled.size else 1
    divisor = max(divisor, 1)
    return doubled // divisor, divisor / 2.0


def signed_rank_counts(scores: IntArray, cap: int | None = None) -> tuple[FloatArray, int]:
    """Count sign patterns by the sum of the scores with a positive sign.

    Returns ``(counts, exponent)``: ``counts[s] * 2**exponent`` is the number
    of the ``2**n`` sign patterns whose positive scores sum to ``s``, for
    ``s = 0 .. cap`` (default: the total, i.e. the whole support).

    Examples
    --------
    >>> counts, exponent = signed_rank_counts(np.array([1, 2, 3]))
    >>> (counts * 2.0**exponent).tolist()
    [1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0]
    """
    ordered = np.sort(scores)
    total = int(ordered.sum())
    top = total if cap is None else min(cap, total)
    counts = np.zeros(top + 1, dtype=np.float64)
    spare = np.zeros(top + 1, dtype=np.float64)
    counts[0] = 1.0
    length = 1  # counts[length:] are still zero
    exponent = 0
    bits = 0  # log2 of the largest possible count, after rescaling
    for score in ordered.tolist():
        new_length = min(length + score, top + 1)
        if score < new_length:
            # Two buffers: an in-place overlapping add would copy its input.
            np.add(counts[score:new_length], counts[: new_length - score], out=spare[score:new_length])
            spare[:score] = counts[:score]
            counts, spare = spare, counts
        length = new_length
        bits += 1
        if bits >= _MAX_BITS:
            counts[:length] = np.ldexp(counts[:length], -_RESCALE_BITS)
            exponent += _RESCALE_BITS
            bits -= _RESCALE_BITS
    return counts, exponent


def rank_sum_counts(scores: IntArray, m: int) -> tuple[FloatArray, int, int]:
    """Count the ``m``-subsets of ``scores`` by the sum of their scores.

    Returns ``(counts, low, exponent)``: ``counts[i] * 2**exponent`` subsets
    have sum ``low + i``. The programme runs over (subset size, sum), with
    each size's row stored only over its attainable sums and rows that can no
    longer reach size ``m`` dropped.

    Examples
    --------
    >>> counts, low, exponent = rank_sum_counts(np.array([1, 2, 3, 4]), 2)
    >>> low, (counts * 2.0**exponent).tolist()
    (3, [1.0, 1.0, 2.0, 1.0, 1.0])
    """
    ordered = np.sort(scores)
    n_total = ordered.size
    prefix = np.concatenate(([0], np.cumsum(ordered))).tolist()
    # rows[j] holds sums from prefix[j] (the j smallest scores) upwards.
    rows: list[FloatArray | None] = [None] * (m + 1)
    widths = [0] * (m + 1)
    rows[0] = np.ones(1, dtype=np.float64)
    widths[0] = 1
    exponent = 0
    bits = 0
    for i, score in enumerate(ordered.tolist(), start=1):
        j_low = max(1, m - (n_total - i))
        for j in range(min(i, m), j_low - 1, -1):
            source = rows[j - 1]
            assert source is not None  # rows j_low - 1 .. m are alive
            width = widths[j - 1]
            offset = prefix[j - 1] + score - prefix[j]
            end = offset + width
            row = rows[j]
            if row is None:
                row = np.zeros(max(end, 16), dtype=np.float64)
                rows[j] = row
            elif row.size < end:
                grown = np.zeros(max(end, 2 * row.size), dtype=np.float64)
                grown[: widths[j]] = row[: widths[j]]
                row = grown
                rows[j] = row
            row[offset:end] += source[:width]
            widths[j] = max(widths[j], end)
        if j_low > 1:
            rows[j_low - 2] = None  # no longer able to reach size m
        bits += 1
        if bits >= _MAX_BITS:
            for j, row in enumerate(rows):
                if row is not None:
                    row[: widths[j]] = np.ldexp(row[: widths[j]], -_RESCALE_BITS)
            exponent += _RESCALE_BITS
            bits -= _RESCALE_BITS
    final = rows[m]
    assert final is not None
    return final[: widths[m]].copy(), int(prefix[m]), exponent


@dataclass(frozen=True)
class ExactNull:
    """Exact null distribution of a rank statistic on an integer grid.

    The integer variable ``K`` takes the value ``low + i`` with probability
    ``pmf[i]``; the statistic is ``K * unit - offset``. The centre
    ``E[K] = center_num / center_den`` defines the two-sided p-value
    ``P(|K - E[K]| >= |k - E[K]|)``, compared in exact integer arithmetic.
    """

    pmf: FloatArray
    low: int
    unit: float
    offset: float
    center_num: int
    center_den: int

    def _index(self, statistic: float) -> int:
        """Position of ``statistic`` in ``pmf`` (may fall outside the array)."""
        return round((statistic + self.offset) / self.unit) - self.low

    @cached_property
    def _cdf(self) -> FloatArray:
        return np.cumsum(self.pmf)

    @cached_property
    def _sf(self) -> FloatArray:
        return np.cumsum(self.pmf[::-1])[::-1]

    def support(self) -> FloatArray:
        """Statistic values with positive probability."""
        ks = (self.low + np.flatnonzero(self.pmf > 0)).astype(np.float64)
        return ks * self.unit - self.offset

    def cdf(self, statistic: float) -> float:
        """``P(T <= statistic)``."""
        i = self._index(statistic)
        if i < 0:
            return 0.0
        return min(1.0, float(self._cdf[min(i, self.pmf.size - 1)]))

    def sf(self, statistic: float) -> float:
        """``P(T >= statistic)``."""
        i = self._index(statistic)
        if i >= self.pmf.size:
            return 0.0
        return min(1.0, float(self._sf[max(i, 0)]))

    def two_sided(self, statistic: float) -> float:
        """``P(|T - E[T]| >= |statistic - E[T]|)``."""
        k = self._index(statistic) + self.low
        distance = abs(self.center_den * k - self.center_num)
        if distance == 0:
            return 1.0
        ks = np.arange(self.low, self.low + self.pmf.size, dtype=np.int64)
        far = np.abs(self.center_den * ks - self.center_num) >= distance
        return min(1.0, float(self.pmf[far].sum()))

    def pvalue(self, statistic: float, alternative: Alternative) -> float:
        """The p-value of ``statistic`` for ``alternative`` ("greater": large ``T``)."""
        if alternative == "less":
            return self.cdf(statistic)
        if alternative == "greater":
            return self.sf(statistic)
        return self.two_sided(statistic)

    def lower_quantile(self, prob: float) -> float:
        """Smallest support value ``q`` with ``P(T <= q) >= prob`` (R's ``qsignrank`` rule)."""
        i = int(np.searchsorted(self._cdf, prob - QUANTILE_FUZZ, side="left"))
        i = min(i, self.pmf.size - 1)
        return (self.low + i) * self.unit - self.offset

    def lower_size(self, level: float) -> float:
        """Attained size of the test rejecting for small ``T`` when ``P(T <= t) < level``.

        If no value is that extreme the smallest value is rejected anyway (R's
        ``if (qu == 0) qu <- 1``), so the size is ``P(T = min T)``.
        """
        rejected = self._cdf[self._cdf < level - QUANTILE_FUZZ]
        positive = self.pmf[self.pmf > 0]
        return float(rejected[-1]) if rejected.size else float(positive[0])

    def upper_size(self, level: float) -> float:
        """Attained size of the test rejecting for large ``T`` when ``P(T >= t) < level``."""
        rejected = self._sf[self._sf < level - QUANTILE_FUZZ]
        positive = self.pmf[self.pmf > 0]
        return float(rejected[0]) if rejected.size else float(positive[-1])


def signed_rank_null(ranks: FloatArray) -> ExactNull:
    """Null distribution of the sum of the ``ranks`` that carry a positive sign.

    Every rank is positive or negative with probability 1/2, independently.
    The distribution is symmetric about half the total, so the programme
    runs over the lower half only and mirrors it.

    Examples
    --------
    >>> null = signed_rank_null(np.array([1.0, 2.0, 3.0]))
    >>> null.pmf.tolist()
    [0.125, 0.125, 0.125, 0.25, 0.125, 0.125, 0.125]
    >>> null.sf(6.0), null.two_sided(6.0)
    (0.125, 0.25)
    """
    scores, unit = integer_scores(ranks)
    total = int(scores.sum())
    half = total // 2
    counts, exponent = signed_rank_counts(scores, cap=half)
    lower = np.ldexp(counts, exponent - scores.size)
    pmf = np.concatenate((lower, lower[total - half - 1 :: -1]))
    return ExactNull(pmf, 0, unit, 0.0, total, 2)


def rank_sum_null(ranks: FloatArray, m: int) -> ExactNull:
    """Null distribution of the sum of ``m`` of the pooled ``ranks``, drawn at random.

    The statistic is that sum minus ``m (m + 1) / 2``, i.e. the Mann-Whitney
    U of the first sample. The programme runs over the smaller sample; the
    other's distribution follows by ``K_x = total - K_y``.

    Examples
    --------
    >>> null = rank_sum_null(np.array([1.0, 2.0, 3.0, 4.0]), 2)
    >>> (6 * null.pmf).round(12).tolist()
    [1.0, 1.0, 2.0, 1.0, 1.0]
    >>> null.cdf(0.0)
    0.16666666666666666
    """
    scores, unit = integer_scores(ranks)
    n_total = scores.size
    total = int(scores.sum())
    smaller = min(m, n_total - m)
    counts, low, _ = rank_sum_counts(scores, smaller)
    pmf = counts / counts.sum()
    if smaller != m:
        pmf = pmf[::-1].copy()
        low = total - (low + counts.size - 1)
    offset = m * (m + 1) / 2.0
    return ExactNull(pmf, low, unit, offset, m * total, n_total)
