"""Tails of the rank nulls, each by a programme truncated where it is asked for.

A one-sided p-value far from the centre needs only the counts up to the
observed sum, so the tests evaluated while searching for an interval's ends
(:mod:`.inference`) are cheaper than a whole null distribution
(:mod:`.null`). :class:`SignedRankTails` and :class:`RankSumTails` give the
same numbers, in the same statistic units, as :func:`~.null.signed_rank_null`
and :func:`~.null.rank_sum_null`.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from myopathy_outcomes.stats._arrays import FloatArray, IntArray
from myopathy_outcomes.stats._rank.counts import PACKED_MAX_N, rank_sum_counts, signed_rank_counts
from myopathy_outcomes.stats._rank.null import QUANTILE_FUZZ
from myopathy_outcomes.stats._rank.scores import integer_scores


@dataclass(frozen=True)
class _LowerTail:
    """``P(V = low + i) = pmf[i]`` for the smallest values of a variable ``V``, up to ``limit``."""

    pmf: FloatArray
    low: int
    limit: int

    @cached_property
    def _cdf(self) -> FloatArray:
        return np.cumsum(self.pmf)

    def cdf(self, v: int) -> float:
        """``P(V <= v)`` for ``v <= limit``."""
        i = min(v - self.low, self.pmf.size - 1)
        return 0.0 if i < 0 else min(1.0, float(self._cdf[i]))

    def reaches(self, level: float) -> bool:
        """Whether the stored values reach cumulative probability ``level``."""
        return self.pmf.size > 0 and float(self._cdf[-1]) >= level - QUANTILE_FUZZ

    def size(self, level: float, extreme: int) -> float:
        """Size of rejecting ``V <= c`` when ``P(V <= c) < level``, and ``V = extreme`` anyway.

        ``extreme`` is the least value ``V`` can take for any data of this
        size (see :meth:`~.null.ExactNull.lower_size`).
        """
        rejected = self._cdf[self._cdf < level - QUANTILE_FUZZ]
        return float(rejected[-1]) if rejected.size else self.cdf(extreme)


class SignedRankTails:
    """Tails of the signed-rank null, each by a programme truncated where it is asked for.

    A one-sided p-value far in a tail needs only the counts up to the
    observed sum, so the tests evaluated while searching for an interval's
    ends are cheaper than a whole null distribution. Same statistic units as
    :func:`~.null.signed_rank_null`.
    """

    def __init__(self, ranks: FloatArray) -> None:
        self._start(*integer_scores(ranks))

    @classmethod
    def from_scores(cls, scores: IntArray, unit: float) -> SignedRankTails:
        """The tails for the ranks ``scores * unit`` (see :func:`~.scores.sorted_rank_scores`)."""
        tails = cls.__new__(cls)
        tails._start(scores, unit)
        return tails

    def _start(self, scores: IntArray, unit: float) -> None:
        self.scores, self.unit = scores, unit
        self.total = int(scores.sum())
        self._tail: _LowerTail | None = None

    def _lower(self, limit: int) -> _LowerTail:
        if self._tail is None or self._tail.limit < limit:
            if self.scores.size <= PACKED_MAX_N:
                # The packed programme costs about the same whatever the limit.
                limit = max(limit, self.total // 2)
            counts, exponent = signed_rank_counts(self.scores, cap=max(limit, 0))
            pmf = np.ldexp(counts, exponent - self.scores.size)
            self._tail = _LowerTail(pmf, 0, limit)
        return self._tail

    def _cdf(self, k: int) -> float:
        if 2 * k < self.total:
            return self._lower(k).cdf(k)
        rest = self.total - k - 1  # P(T <= k) = 1 - P(T <= total - k - 1) by symmetry
        return 1.0 - self._lower(rest).cdf(rest)

    def cdf(self, statistic: float) -> float:
        """``P(T <= statistic)``."""
        return self._cdf(round(statistic / self.unit))

    def sf(self, statistic: float) -> float:
        """``P(T >= statistic)``, equal to ``P(T <= total - statistic)``."""
        return self._cdf(self.total - round(statistic / self.unit))

    def lower_size(self, level: float) -> float:
        """Attained size of the lower-tail test at ``level``."""
        tail = self._lower(0)
        if not tail.reaches(level):
            tail = self._lower(self.total // 2)
        return tail.size(level, 0)

    def upper_size(self, level: float) -> float:
        """Attained size of the upper-tail test at ``level`` (the null is symmetric)."""
        return self.lower_size(level)


class RankSumTails:
    """Tails of the rank-sum null, each by a programme truncated where it is asked for.

    Lower tails of ``K_x`` (sum of the first sample's scores) and upper tails
    (as lower tails of a reflected sum) run over the smaller sample. Same
    statistic units as :func:`~.null.rank_sum_null`.
    """

    def __init__(self, ranks: FloatArray, m: int) -> None:
        self._start(*integer_scores(ranks), m)

    @classmethod
    def from_scores(cls, scores: IntArray, unit: float, m: int) -> RankSumTails:
        """The tails for the ranks ``scores * unit`` (see :func:`~.scores.sorted_rank_scores`)."""
        tails = cls.__new__(cls)
        tails._start(scores, unit, m)
        return tails

    def _start(self, scores: IntArray, unit: float, m: int) -> None:
        self.unit = unit
        n_total = scores.size
        total = int(scores.sum())
        smaller = min(m, n_total - m)
        reflected = int(scores.min() + scores.max()) - scores
        self.offset = m * (m + 1) / 2.0
        self.largest = float(m * (n_total - m))
        self._count = smaller
        self._norm = math.comb(n_total, smaller)
        # V_lower = K_x + shift_lower, V_upper = shift_upper - K_x: sums of ``smaller`` scores.
        mirror = smaller * int(scores.min() + scores.max())
        if smaller == m:
            self._lower_scores, self._shift_lower = scores, 0
            self._upper_scores, self._shift_upper = reflected, mirror
        else:
            self._lower_scores, self._shift_lower = reflected, mirror - total
            self._upper_scores, self._shift_upper = scores, total
        self._tails: dict[bool, _LowerTail] = {}

    def _tail(self, upper: bool, limit: int) -> _LowerTail:
        cached = self._tails.get(upper)
        if cached is None or cached.limit < limit:
            scores = self._upper_scores if upper else self._lower_scores
            counts, low, exponent = rank_sum_counts(scores, self._count, limit)
            shift = max(0, self._norm.bit_length() - 900)
            pmf = np.ldexp(counts / float(self._norm >> shift), exponent - shift)
            cached = _LowerTail(pmf, low, limit)
            self._tails[upper] = cached
        return cached

    def _k(self, statistic: float) -> int:
        return round((statistic + self.offset) / self.unit)

    def cdf(self, statistic: float) -> float:
        """``P(T <= statistic)``."""
        v = self._k(statistic) + self._shift_lower
        return self._tail(False, v).cdf(v)

    def sf(self, statistic: float) -> float:
        """``P(T >= statistic)``."""
        v = self._shift_upper - self._k(statistic)
        return self._tail(True, v).cdf(v)

    def _size(self, upper: bool, level: float, extreme: int) -> float:
        tail = self._tails.get(upper)
        if tail is None or not tail.reaches(level):
            tail = self._tail(upper, sys.maxsize)
        return tail.size(level, extreme)

    def lower_size(self, level: float) -> float:
        """Attained size of the lower-tail test at ``level`` (``U = 0`` always rejected)."""
        return self._size(False, level, self._k(0.0) + self._shift_lower)

    def upper_size(self, level: float) -> float:
        """Attained size of the upper-tail test at ``level`` (``U = n_x n_y`` always rejected)."""
        return self._size(True, level, self._shift_upper - self._k(self.largest))
