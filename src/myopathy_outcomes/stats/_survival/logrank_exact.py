"""Exact permutation distribution of the two-sample log-rank statistic.

The log-rank scores (coin's ``logrank_trafo``, ties as mid-ranks) are
``a_i = H(t_i) - delta_i`` with ``H`` the Nelson-Aalen cumulative hazard of
the pooled sample at the observation's own time. They are rationals with
denominators dividing ``L``, the least common multiple of the numbers at
risk at the event times, so ``L a_i`` are integers and every comparison
below is exact integer arithmetic.

Under the null hypothesis every choice of ``m`` of the ``N`` observations as
the first group is equally likely. The distribution of the sum of their
scores is built by the shift algorithm of Streitberg and Röhmel (1986) over
the distinct scores, one multiplicity class at a time:
``new[k] = sum_j C(c, j) old[k - j]`` shifted by ``j`` times the class's
score. The attainable sums are not a dense range (the scores are not small
integers), so each row is kept as sorted distinct sums with their counts.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Final

import numpy as np

from myopathy_outcomes.stats._arrays import FloatArray, IntArray
from myopathy_outcomes.stats._budget import ExactBudgetError

#: Work units (sums formed) one exact log-rank computation may use: about half a second.
LOGRANK_EXACT_BUDGET: Final = 10_000_000

# Scaled scores must leave room to add up N of them in int64.
_INT_LIMIT: Final = 2**62


def logrank_scores(time: FloatArray, event: IntArray) -> list[Fraction]:
    """coin's log-rank scores ``H(t_i) - delta_i`` as exact fractions.

    Examples
    --------
    >>> [str(s) for s in logrank_scores(np.array([1.0, 2.0, 2.0]), np.array([1, 1, 0]))]
    ['-2/3', '-1/6', '5/6']
    """
    distinct, where = np.unique(time, return_inverse=True)
    where = where.ravel()
    at_risk = np.bincount(where, minlength=distinct.size)[::-1].cumsum()[::-1]
    deaths = np.bincount(where, weights=event, minlength=distinct.size)
    hazard: list[Fraction] = []
    total = Fraction(0)
    for d, n in zip(deaths.tolist(), at_risk.tolist(), strict=True):
        total += Fraction(int(d), int(n))
        hazard.append(total)
    return [hazard[j] - int(e) for j, e in zip(where.tolist(), event.tolist(), strict=True)]


def exact_logrank_pvalue(scores: list[Fraction], in_first: IntArray) -> float:
    """Two-sided exact p-value ``P(|T| >= |t|)`` of the sum ``T`` of the first group's scores.

    The scores sum to 0, so ``E T = 0``. ``in_first`` marks the first group.
    Raises :class:`ExactBudgetError` when the computation would exceed
    :data:`LOGRANK_EXACT_BUDGET`.
    """
    n_total = len(scores)
    scale = math.lcm(*(s.denominator for s in scores))
    integers = [int(s * scale) for s in scores]
    limit = max(abs(v) for v in integers) * n_total
    if limit >= _INT_LIMIT:
        raise ExactBudgetError(
            "the exact log-rank distribution needs scores on a grid finer than int64 allows "
            f"({n_total} observations); use method='asymptotic'"
        )
    first = np.asarray(in_first, dtype=bool)
    observed = sum(v for v, f in zip(integers, first.tolist(), strict=True) if f)
    m = int(first.sum())
    m = min(m, n_total - m)  # T of the other group is -T: same |T|
    values, multiplicity = np.unique(np.array(integers, dtype=np.int64), return_counts=True)
    sums, counts = _subset_sums(values, multiplicity, m)
    extreme = np.abs(sums) >= abs(observed)
    return float(min(1.0, counts[extreme].sum() / math.comb(n_total, m)))


def _subset_sums(values: IntArray, multiplicity: IntArray, m: int) -> tuple[IntArray, FloatArray]:
    """Distinct sums of ``m`` of the scores (``values[c]`` repeated ``multiplicity[c]`` times).

    Returns the sorted sums and the number of subsets giving each.
    """
    rows: list[tuple[IntArray, FloatArray]] = [(np.zeros(1, dtype=np.int64), np.ones(1))]
    rows += [(np.zeros(0, dtype=np.int64), np.zeros(0))] * m
    remaining = int(multiplicity.sum())
    used = 0
    for value, count in zip(values.tolist(), multiplicity.tolist(), strict=True):
        remaining -= count
        new_rows: list[tuple[IntArray, FloatArray]] = []
        for k in range(m + 1):
            if k + remaining < m:  # cannot reach m subsets any more
                new_rows.append((np.zeros(0, dtype=np.int64), np.zeros(0)))
                continue
            parts_s = []
            parts_c = []
            for j in range(min(count, k) + 1):
                sums, counts = rows[k - j]
                if sums.size:
                    parts_s.append(sums + j * value)
                    parts_c.append(counts * math.comb(count, j))
            if not parts_s:
                new_rows.append((np.zeros(0, dtype=np.int64), np.zeros(0)))
                continue
            all_s = np.concatenate(parts_s)
            used += all_s.size
            if used > LOGRANK_EXACT_BUDGET:
                raise ExactBudgetError(
                    f"the exact log-rank distribution needs more than {LOGRANK_EXACT_BUDGET:,} "
                    "work units for these data; use method='asymptotic'"
                )
            distinct, where = np.unique(all_s, return_inverse=True)
            merged = np.bincount(where.ravel(), weights=np.concatenate(parts_c))
            new_rows.append((distinct.astype(np.int64), merged.astype(np.float64)))
        rows = new_rows
    return rows[m]
