"""Rank scores: mid-ranks, and the integer scores the exact programmes count over.

Mid-ranks are multiples of 1/2, so twice the mid-ranks, divided by their
greatest common divisor, are small integers (:func:`integer_scores`); the
exact null distributions of :mod:`.null` are sums of those integers.
"""

from __future__ import annotations

import numpy as np

from myopathy_outcomes.stats._arrays import FloatArray, IntArray


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


def sorted_midranks(values: FloatArray) -> FloatArray:
    """The mid-ranks of ``values`` in increasing order (the multiset a null depends on).

    Examples
    --------
    >>> sorted_midranks(np.array([3.0, 1.0, 3.0, 2.0])).tolist()
    [1.0, 2.0, 3.5, 3.5]
    """
    ordered = np.sort(values)
    change = np.empty(ordered.size + 1, dtype=bool)
    change[0] = change[-1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=change[1:-1])
    bounds = change.nonzero()[0]
    return np.repeat((bounds[:-1] + bounds[1:] + 1) / 2.0, np.diff(bounds))


def sorted_rank_scores(values: FloatArray) -> tuple[IntArray, float]:
    """:func:`integer_scores` of :func:`sorted_midranks`, without the float mid-ranks.

    Twice the mid-rank of the tie group at sorted positions ``a .. b - 1``
    is the integer ``a + b + 1``.

    Examples
    --------
    >>> sorted_rank_scores(np.array([3.0, 1.0, 3.0, 2.0]))
    (array([2, 4, 7, 7]), 0.5)
    """
    ordered = np.sort(values)
    change = np.empty(ordered.size + 1, dtype=bool)
    change[0] = change[-1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=change[1:-1])
    bounds = change.nonzero()[0].astype(np.int64)
    doubled = bounds[:-1] + bounds[1:] + 1
    divisor = max(int(np.gcd.reduce(doubled)), 1) if doubled.size else 1
    return np.repeat(doubled // divisor, bounds[1:] - bounds[:-1]), divisor / 2.0


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
