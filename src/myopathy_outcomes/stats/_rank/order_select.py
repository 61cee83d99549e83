"""Order statistics of pairwise sums without materialising them.

The Hodges-Lehmann estimates and intervals are order statistics of the
``n (n + 1) / 2`` Walsh averages ``(d_i + d_j) / 2`` (``i <= j``) or of the
``n_x n_y`` differences ``x_i - y_j``. Both are sums ``a_i + b_j`` (halved for
Walsh averages; ``x_i + (-y_j)`` for differences, and floating-point negation
is exact) that form a matrix whose rows are sorted once ``a`` and ``b`` are:
floating-point addition is monotone in each argument, so the computed values
are sorted too, not just the exact ones.

:class:`PairSums` works on that implicit matrix with ``O(n)`` memory:

- the position of a value in every row comes from one vectorised
  ``searchsorted`` on an approximate threshold, checked against the computed
  sums and corrected by a per-row bisection where rounding put it off;
- the ``k``-th smallest sum is found by the selection of Johnson and
  Mizoguchi (1978) and Monahan (1984, ACM Algorithm 616): each row keeps an
  active range; the weighted median of the active rows' medians is a pivot
  with at least a quarter of the active sums on either side; counting below
  and up to the pivot keeps the side that holds rank ``k``; once few sums
  are active they are enumerated and partitioned. The result is a computed sum, bit for bit the
  value a full sort would give.

:class:`SortedValues` gives the same interface over a materialised sorted
array, for counts small enough that sorting is quicker.

References
----------
.. [1] Johnson, D. B. and Mizoguchi, T. (1978). Selecting the Kth element in
   X + Y and X1 + X2 + ... + Xm. SIAM J. Comput. 7, 147-153.
.. [2] Monahan, J. F. (1984). Algorithm 616: fast computation of the
   Hodges-Lehmann location estimator. ACM TOMS 10, 265-270.
"""

from __future__ import annotations

from typing import Final, Protocol

import numpy as np

from myopathy_outcomes.stats._arrays import FloatArray, IntArray

#: Materialise and sort the candidates up to this many: below it a sort is
#: quicker, above it selection (at 10^6 differences about five times quicker).
MATERIALISE_MAX: Final = 100_000
# Enumerate the active sums once there are at most this many, or this many per row.
_ENUMERATE_MIN: Final = 1 << 16
_ENUMERATE_PER_ROW: Final = 8


class OrderedCandidates(Protocol):
    """A multiset of floats queried by rank and by value."""

    @property
    def size(self) -> int:
        """Number of values, with multiplicity."""
        ...

    def kth(self, k: int) -> float:
        """The ``k``-th smallest value (0-based)."""
        ...

    def count_le(self, value: float) -> int:
        """Number of values ``<= value``."""
        ...

    def below(self, value: float) -> float | None:
        """Largest value ``< value``; ``None`` if there is none."""
        ...

    def above(self, value: float) -> float | None:
        """Smallest value ``> value``; ``None`` if there is none."""
        ...


class SortedValues:
    """:class:`OrderedCandidates` over a materialised sorted array.

    Examples
    --------
    >>> values = SortedValues(np.array([1.0, 2.0, 2.0, 5.0]))
    >>> values.kth(2), values.count_le(2.0), values.below(2.0), values.above(2.0)
    (2.0, 3, 1.0, 5.0)
    """

    def __init__(self, ordered: FloatArray) -> None:
        self.values = ordered

    @property
    def size(self) -> int:
        """Number of values, with multiplicity."""
        return int(self.values.size)

    def kth(self, k: int) -> float:
        """The ``k``-th smallest value (0-based)."""
        return float(self.values[k])

    def count_le(self, value: float) -> int:
        """Number of values ``<= value``."""
        return int(np.searchsorted(self.values, value, side="right"))

    def below(self, value: float) -> float | None:
        """Largest value ``< value``; ``None`` if there is none."""
        i = int(np.searchsorted(self.values, value, side="left"))
        return float(self.values[i - 1]) if i > 0 else None

    def above(self, value: float) -> float | None:
        """Smallest value ``> value``; ``None`` if there is none."""
        i = int(np.searchsorted(self.values, value, side="right"))
        return float(self.values[i]) if i < self.values.size else None


class PairSums:
    """The sums ``a_i + b_j`` (optionally halved, optionally ``j >= i`` only), never stored.

    Parameters
    ----------
    a, b : ndarray
        Row and column terms, each sorted increasingly.
    halve : bool
        Divide every sum by two (Walsh averages).
    triangular : bool
        Keep ``j >= i`` only (``a`` and ``b`` are then the same array).

    Examples
    --------
    >>> d = np.array([-1.0, 0.5, 2.0])
    >>> walsh = PairSums(d, d, halve=True, triangular=True)
    >>> [walsh.kth(k) for k in range(walsh.size)]
    [-1.0, -0.25, 0.5, 0.5, 1.25, 2.0]
    """

    def __init__(self, a: FloatArray, b: FloatArray, *, halve: bool, triangular: bool) -> None:
        self.a = a
        self.b = b
        self.halve = halve
        self.start: IntArray = (
            np.arange(a.size, dtype=np.int64) if triangular else np.zeros(a.size, dtype=np.int64)
        )
        self.end = int(b.size)
        self._size = int((self.end - self.start).sum())
        self._rows = np.arange(a.size, dtype=np.int64)

    @property
    def size(self) -> int:
        """Number of sums, with multiplicity."""
        return self._size

    def _values(self, rows: IntArray, cols: IntArray) -> FloatArray:
        """The sums at ``(rows, cols)``, computed as the full enumeration computes them."""
        sums = self.a[rows] + self.b[cols]
        return sums / 2.0 if self.halve else sums

    def _past(self, value: float, strict: bool, rows: IntArray | None = None) -> IntArray:
        """Per row, the first column whose sum is ``> value`` (``>= value`` if not ``strict``).

        Columns run over ``[start_i, end]``; ``end`` means none.
        """
        rows = self._rows if rows is None else rows
        start = self.start[rows]
        target = (2.0 * value if self.halve else value) - self.a[rows]
        guess = (
            np.searchsorted(self.b, target, side="right")
            if strict
            else np.searchsorted(self.b, target, side="left")
        )
        cols = np.clip(guess, start, self.end)
        # Rounding may have put the approximate position off: check both neighbours.
        last = self.end - 1
        here = self._values(rows, np.minimum(cols, last))
        before = self._values(rows, np.maximum(cols - 1, 0))
        if strict:
            ok_here = (cols == self.end) | (here > value)
            ok_before = (cols == start) | ~(before > value)
        else:
            ok_here = (cols == self.end) | (here >= value)
            ok_before = (cols == start) | ~(before >= value)
        bad = ~(ok_here & ok_before)
        if bad.any():
            cols[bad] = self._bisect(rows[bad], value, strict)
        return cols

    def _bisect(self, rows: IntArray, value: float, strict: bool) -> IntArray:
        """Exact per-row bisection for :meth:`_past` (rows where rounding misled it)."""
        low = self.start[rows] - 1  # sum at ``low`` is not past (or the row's start)
        high = np.full(rows.size, self.end, dtype=np.int64)  # sum at ``high`` is past
        while True:
            open_ = high - low > 1
            if not open_.any():
                return high
            mid = (low + high) // 2
            sums = self._values(rows, np.where(open_, mid, 0))
            past = (sums > value) if strict else (sums >= value)
            high = np.where(open_ & past, mid, high)
            low = np.where(open_ & ~past, mid, low)

    def count_le(self, value: float) -> int:
        """Number of sums ``<= value``."""
        return int((self._past(value, strict=True) - self.start).sum())

    def count_lt(self, value: float) -> int:
        """Number of sums ``< value``."""
        return int((self._past(value, strict=False) - self.start).sum())

    def below(self, value: float) -> float | None:
        """Largest sum ``< value``; ``None`` if there is none."""
        cols = self._past(value, strict=False)
        rows = np.flatnonzero(cols > self.start)
        if rows.size == 0:
            return None
        return float(self._values(rows, cols[rows] - 1).max())

    def above(self, value: float) -> float | None:
        """Smallest sum ``> value``; ``None`` if there is none."""
        cols = self._past(value, strict=True)
        rows = np.flatnonzero(cols < self.end)
        if rows.size == 0:
            return None
        return float(self._values(rows, cols[rows]).min())

    def kth(self, k: int) -> float:
        """The ``k``-th smallest sum (0-based), by Johnson-Mizoguchi / Monahan selection."""
        if not 0 <= k < self._size:
            raise IndexError(f"k must be in [0, {self._size}); got {k}")
        if k == 0:  # the smallest sum starts a row, the largest ends one
            return float(self._values(self._rows, self.start).min())
        if k == self._size - 1:
            return float(self._values(self._rows, np.full_like(self.start, self.end - 1)).max())
        low = self.start.copy()  # active columns of row i: [low_i, high_i)
        high = np.full(self.a.size, self.end, dtype=np.int64)
        below = 0  # sums left of the active ranges, all smaller than the answer
        enumerate_max = max(_ENUMERATE_MIN, _ENUMERATE_PER_ROW * self.a.size)
        while True:
            widths = high - low
            active = int(widths.sum())
            if active <= enumerate_max:
                rows = np.flatnonzero(widths)
                lengths = widths[rows]
                row_of = np.repeat(rows, lengths)
                offsets = np.arange(active) - np.repeat(np.cumsum(lengths) - lengths, lengths)
                values = self._values(row_of, low[row_of] + offsets)
                return float(np.partition(values, k - below)[k - below])
            rows = np.flatnonzero(widths)
            medians = self._values(rows, low[rows] + (widths[rows] - 1) // 2)
            order = np.argsort(medians, kind="stable")
            weights = np.cumsum(widths[rows][order])
            pivot = float(medians[order[np.searchsorted(weights, (active + 1) // 2)]])
            first_ge = self._past(pivot, strict=False)
            first_gt = self._past(pivot, strict=True)
            count_lt = int((first_ge - self.start).sum())
            count_le = int((first_gt - self.start).sum())
            if k < count_lt:
                high = first_ge
            elif k >= count_le:
                low = first_gt
                below = count_le
            else:
                return pivot


def walsh_averages(d: FloatArray) -> OrderedCandidates:
    """The Walsh averages ``(d_i + d_j) / 2``, ``i <= j``: sorted if few, implicit otherwise.

    Examples
    --------
    >>> walsh_averages(np.array([3.0, 1.0])).kth(1)
    2.0
    """
    n = d.size
    if n * (n + 1) // 2 <= MATERIALISE_MAX:
        upper = np.triu_indices(n)
        return SortedValues(np.sort((d[upper[0]] + d[upper[1]]) / 2.0))
    ordered = np.sort(d)
    return PairSums(ordered, ordered, halve=True, triangular=True)


def pairwise_differences(x: FloatArray, y: FloatArray) -> OrderedCandidates:
    """The differences ``x_i - y_j``: sorted if few, implicit otherwise.

    Examples
    --------
    >>> pairwise_differences(np.array([1.0, 4.0]), np.array([0.5])).kth(0)
    0.5
    """
    if x.size * y.size <= MATERIALISE_MAX:
        return SortedValues(np.sort(np.subtract.outer(x, y).ravel()))
    xs, minus_y = np.sort(x), np.sort(-y)
    # Rows over the smaller sample: x_i - y_j == x_i + (-y_j) exactly.
    if xs.size <= minus_y.size:
        return PairSums(xs, minus_y, halve=False, triangular=False)
    return PairSums(minus_y, xs, halve=False, triangular=False)


def median(values: OrderedCandidates) -> float:
    """Median (R's ``median``: mean of the two middle values when their count is even).

    Examples
    --------
    >>> median(SortedValues(np.array([1.0, 2.0, 4.0, 8.0])))
    3.0
    """
    half, odd = divmod(values.size, 2)
    if odd:
        return values.kth(half)
    lower = values.kth(half - 1)
    upper = lower if values.count_le(lower) > half else values.above(lower)
    assert upper is not None  # at least ``half`` values lie above rank ``half - 1``
    return float((np.float64(lower) + np.float64(upper)) / 2.0)
