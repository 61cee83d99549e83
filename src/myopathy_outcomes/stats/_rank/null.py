"""Exact conditional null distributions of linear rank statistics.

Shared by :func:`~myopathy_outcomes.stats.signed_rank.paired_wilcoxon` and
:func:`~myopathy_outcomes.stats.rank_sum.mann_whitney`. The statistic is a
sum of integer scores (:mod:`.scores`) in some unit, and its distribution
comes from the counts of :mod:`.counts`. The signed-rank null is symmetric,
and so is the rank-sum null for equal sample sizes (ties or not), so their
programmes run over the lower half of the support only and mirror it.

Because the statistic and its support are integers in these units, tail
probabilities compare integers exactly; this is the exact counterpart of the
relative tolerance R and coin use on their floating-point statistics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Final

import numpy as np

from myopathy_outcomes.stats._arrays import FloatArray
from myopathy_outcomes.stats._rank.counts import (
    mann_whitney_counts,
    rank_sum_counts,
    signed_rank_counts,
)
from myopathy_outcomes.stats._rank.scores import integer_scores
from myopathy_outcomes.stats._vocabulary import Alternative

#: R's fuzz in ``qsignrank``/``qwilcox``: a tail equal to the level counts as reaching it.
QUANTILE_FUZZ: Final = 10 * float(np.finfo(np.float64).eps)
# Counts below this are exact in int64 with room for one subtraction.
_EXACT_INT_LIMIT: Final = 2**62


@dataclass(frozen=True)
class ExactNull:
    """Exact null distribution of a rank statistic on an integer grid.

    The integer variable ``K`` takes the value ``low + i`` with probability
    ``pmf[i]``; the statistic is ``K * unit - offset``. The centre
    ``E[K] = center_num / center_den`` defines the two-sided p-value
    ``P(|K - E[K]| >= |k - E[K]|)``, compared in exact integer arithmetic.
    ``largest`` is the largest value the statistic can take for any data of
    this size (every pair favouring the positive side): it need not be in
    the support when there are ties.
    """

    pmf: FloatArray
    low: int
    unit: float
    offset: float
    center_num: int
    center_den: int
    largest: float

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

    def lower_size(self, level: float) -> float:
        """Attained size of the test rejecting for small ``T`` when ``P(T <= t) < level``.

        ``T = 0`` is rejected in any case, since an interval never extends
        past the extreme candidate shifts (R's ``if (qu == 0) qu <- 1``), so
        the size is at least ``P(T = 0)``.
        """
        rejected = self._cdf[self._cdf < level - QUANTILE_FUZZ]
        return float(rejected[-1]) if rejected.size else self.cdf(0.0)

    def upper_size(self, level: float) -> float:
        """Attained size of the test rejecting for large ``T`` when ``P(T >= t) < level``.

        ``T = largest`` is rejected in any case (see :meth:`lower_size`).
        """
        rejected = self._sf[self._sf < level - QUANTILE_FUZZ]
        return float(rejected[0]) if rejected.size else self.sf(self.largest)


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
    return ExactNull(pmf, 0, unit, 0.0, total, 2, total * unit)


def rank_sum_null(ranks: FloatArray, m: int) -> ExactNull:
    """Null distribution of the sum of ``m`` of the pooled ``ranks``, drawn at random.

    The statistic is that sum minus ``m (m + 1) / 2``, i.e. the Mann-Whitney
    U of the first sample. The programme runs over the smaller sample; the
    other's distribution follows by ``K_x = total - K_y``. With samples of
    equal size ``K_x`` and ``K_y`` have the same distribution, symmetric
    about ``total / 2``, so the programme stops at the centre and the upper
    half is mirrored.

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
    offset = m * (m + 1) / 2.0
    largest = m * (n_total - m)
    ways = math.comb(n_total, m)
    if ways < _EXACT_INT_LIMIT and np.array_equal(np.sort(scores), np.arange(1, n_total + 1)):
        pmf = mann_whitney_counts(n_total, m) / ways
        return ExactNull(pmf, m * (m + 1) // 2, unit, offset, m * total, n_total, largest)
    smaller = min(m, n_total - m)
    if 2 * m == n_total:
        # x and y are exchangeable: the null is symmetric about total / 2, so
        # the programme runs up to the centre only and is mirrored.
        half = total // 2
        lower, low, _ = rank_sum_counts(scores, m, half)
        lower = np.concatenate((lower, np.zeros(half - low + 1 - lower.size)))
        counts = np.concatenate((lower, lower[: total - half - low][::-1]))
        return ExactNull(counts / counts.sum(), low, unit, offset, m * total, n_total, largest)
    counts, low, _ = rank_sum_counts(scores, smaller)
    pmf = counts / counts.sum()
    if smaller != m:
        pmf = pmf[::-1].copy()
        low = total - (low + counts.size - 1)
    return ExactNull(pmf, low, unit, offset, m * total, n_total, largest)
