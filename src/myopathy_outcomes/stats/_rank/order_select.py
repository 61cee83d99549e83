"""Order statistics of pairwise sums without materialising them.

The Hodges-Lehmann estimates and intervals are order statistics of the
``n (n + 1) / 2`` Walsh averages ``(d_i + d_j) / 2`` (``i <= j``) or of the
``n_x n_y`` differences ``x_i - y_j``. Both are sums ``a_i + b_j`` (halved for
Walsh averages; ``x_i + (-y_j)`` for differences, and floating-point negation
is exact) that form a matrix whose rows are sorted once ``a`` and ``b`` are:
floating-point addition is monotone in each argument, so the computed values
are sorted too, not just the exact ones.

Registry data are heavily tied (70,000 differences may hold 8,000 distinct
values, or 12), so the matrix runs over the *distinct* sorted values with
their counts: ``m`` rows instead of ``n``. A cell ``(p, q)`` stands for
``c_p c_q`` sums (``c_p (c_p + 1) / 2`` on the diagonal of the Walsh
averages, the pairs ``i <= j`` among ``c_p`` equal values), and every count
and rank is weighted by it. Equal values give bit for bit equal sums, so
the multiset of computed sums is the one a full enumeration gives, with one
exception: ``-0.0`` and ``0.0`` are one value, so where both occur a zero
sum may have the other sign (as numpy's own sort may give it). The rank
tests turn ``-0.0`` into ``0.0`` on input, so none of their sums is ``-0.0``.

:class:`PairSums` works on that implicit matrix with ``O(m)`` memory besides the data:

- the position of a value in every row comes from one vectorised
  ``searchsorted`` on an approximate threshold, checked against the computed
  sums and corrected by a per-row bisection where rounding put it off;
  counts multiply the cumulative column counts by the row's count;
- the ``k``-th smallest sum is found by narrowing each row's active range
  of cells: two pivots drawn from a random sample of the active cells
  bracket rank ``k`` and the counts with multiplicity up to them keep the
  cells between; a round that does not halve the active cells is followed
  by a step of the selection of Johnson and Mizoguchi (1978) and Monahan
  (1984, ACM Algorithm 616), whose pivot (the median of the active rows'
  medians, weighted by their numbers of active cells) has at least a
  quarter of the active cells on either side; once few cells are active
  they are enumerated and the sum of the wanted rank is selected with their
  weights (:func:`weighted_select`). The result is a computed sum, bit for
  bit the value a full sort would give.

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
# Enumerate the active sums once there are at most this many, or one per row.
_ENUMERATE_MIN: Final = 1 << 16
# Formerly the enumeration's cells per row (Johnson-Mizoguchi only); no longer read.
_ENUMERATE_PER_ROW: Final = 8
# Sampled pivots of PairSums.kth: sample size, half-width of the bracket in
# standard deviations of a sample rank (binomial, at most sqrt(size) / 2), seed.
_SAMPLE_SIZE: Final = 1 << 14
# Sample only while more cells than this are active (below, median-of-medians
# steps are quicker than drawing and sorting a sample).
_SAMPLE_ABOVE: Final = 1 << 20
_SAMPLE_SPREAD: Final = 2.5
_SAMPLE_SEED: Final = 20261207
# Sort the enumerated sums once there are at most this many left to select from.
_SORT_MAX: Final = 64


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
    """The sums ``a_p + b_q`` of terms with counts (halved, ``q >= p`` if asked), never stored.

    Parameters
    ----------
    a, b : ndarray
        Row and column terms, each sorted increasingly: usually the distinct
        values of the data (:func:`numpy.unique`), each standing for as many
        original terms as its count says.
    halve : bool
        Divide every sum by two (Walsh averages).
    triangular : bool
        Keep ``q >= p`` only (``a`` and ``b`` are then the same array, with
        the same counts).
    a_counts, b_counts : ndarray of int64, optional
        Multiplicities of the terms, all at least 1; ``None`` means all ones.
        In the triangular case ``b_counts`` defaults to ``a_counts``.

    Notes
    -----
    The multiset is that of the original terms: ``a_counts[p] b_counts[q]``
    copies of ``a_p + b_q``; in the triangular case (Walsh averages over
    original indices ``i <= j``) ``c_p c_q`` copies of ``(u_p + u_q) / 2``
    for ``p < q`` and ``c_p (c_p + 1) / 2`` for ``p == q``. Columns
    ``[lo, hi)`` of row ``p`` thus hold ``a_counts[p]`` times the counts of
    those columns, less ``c_p (c_p - 1) / 2`` when they include the diagonal
    cell ``(p, p)`` of a triangular matrix. Counts and ranks are weighted so;
    :meth:`below` and :meth:`above` only ask whether a sum exists. Products
    of counts stay below ``n^2``, well within int64.

    Examples
    --------
    >>> d = np.array([-1.0, 0.5, 2.0])
    >>> walsh = PairSums(d, d, halve=True, triangular=True)
    >>> [walsh.kth(k) for k in range(walsh.size)]
    [-1.0, -0.25, 0.5, 0.5, 1.25, 2.0]

    The same averages for ``[-1.0, 0.5, 0.5]``, from distinct values and counts:

    >>> u, c = np.array([-1.0, 0.5]), np.array([1, 2])
    >>> walsh = PairSums(u, u, halve=True, triangular=True, a_counts=c)
    >>> [walsh.kth(k) for k in range(walsh.size)]
    [-1.0, -0.25, -0.25, 0.5, 0.5, 0.5]
    """

    def __init__(
        self,
        a: FloatArray,
        b: FloatArray,
        *,
        halve: bool,
        triangular: bool,
        a_counts: IntArray | None = None,
        b_counts: IntArray | None = None,
    ) -> None:
        self.a = a
        self.b = b
        self.halve = halve
        self.triangular = triangular
        self.a_counts = _counts(a_counts, a.size)
        self.b_counts = _counts(a_counts if triangular and b_counts is None else b_counts, b.size)
        self.start: IntArray = (
            np.arange(a.size, dtype=np.int64) if triangular else np.zeros(a.size, dtype=np.int64)
        )
        self.end = int(b.size)
        # Sums in columns [lo, hi) of row p: a_counts[p] * (cumulative[hi] - cumulative[lo]),
        # less repeated[p] = c_p (c_p - 1) / 2 if they hold a triangular matrix's diagonal cell.
        self._cumulative = np.concatenate(([0], np.cumsum(self.b_counts)))
        self._repeated = self.a_counts * (self.a_counts - 1) // 2
        self._diagonal = triangular and bool(self._repeated.any())
        self._rows = np.arange(a.size, dtype=np.int64)
        self._size = self._weight(self.start, np.full_like(self.start, self.end))

    @property
    def size(self) -> int:
        """Number of sums, with multiplicity."""
        return self._size

    def _values(self, rows: IntArray, cols: IntArray) -> FloatArray:
        """The sums at ``(rows, cols)``, computed as the full enumeration computes them."""
        sums = self.a[rows] + self.b[cols]
        return sums / 2.0 if self.halve else sums

    def _weight(self, low: IntArray, high: IntArray) -> int:
        """Number of sums, with multiplicity, in columns ``[low_p, high_p)`` of every row."""
        total = int(self.a_counts @ (self._cumulative[high] - self._cumulative[low]))
        if self._diagonal:
            total -= int(self._repeated @ ((low == self.start) & (high > low)))
        return total

    def _cell_weights(self, rows: IntArray, cols: IntArray) -> IntArray:
        """Number of sums, with multiplicity, that the cells ``(rows, cols)`` stand for."""
        weights: IntArray = self.a_counts[rows] * self.b_counts[cols]
        if self._diagonal:
            weights -= np.where(cols == rows, self._repeated[rows], 0)
        return weights

    def _past(self, value: float, strict: bool, rows: IntArray | None = None) -> IntArray:
        """Per row, the first column whose sum is ``> value`` (``>= value`` if not ``strict``).

        Columns run over ``[start_i, end]``; ``end`` means none.
        """
        rows = self._rows if rows is None else rows
        start = self.start[rows]
        # Rows run up ``a``, so the targets run down: searched in increasing
        # order, each search starts from the previous one (numpy's fast path).
        target = ((2.0 * value if self.halve else value) - self.a[rows])[::-1]
        guess = np.searchsorted(self.b, target, side="right" if strict else "left")[::-1]
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
        """Number of sums ``<= value``, with multiplicity."""
        return self._weight(self.start, self._past(value, strict=True))

    def count_lt(self, value: float) -> int:
        """Number of sums ``< value``, with multiplicity."""
        return self._weight(self.start, self._past(value, strict=False))

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
        """The ``k``-th smallest sum (0-based, with multiplicity).

        Each round narrows the active cells of every row to a bracket of
        values around rank ``k``: two pivots are drawn as order statistics of
        a random sample of the active cells (each counted once; a fixed seed,
        so a call is deterministic), just below and above the sample's
        estimate of rank ``k``, and the counts with multiplicity up to them
        keep the cells between (or the side that holds ``k`` when the
        estimate missed). A round that does not halve the active cells is
        followed by a step of Johnson-Mizoguchi / Monahan, whose pivot (the
        weighted median of the rows' medians) discards at least a quarter of
        them. The answer is the computed sum of rank ``k``, whatever the
        pivots, so the random draws change the time only, never the value.
        """
        if not 0 <= k < self._size:
            raise IndexError(f"k must be in [0, {self._size}); got {k}")
        if k == 0:  # the smallest sum starts a row, the largest ends one
            return float(self._values(self._rows, self.start).min())
        if k == self._size - 1:
            return float(self._values(self._rows, np.full_like(self.start, self.end - 1)).max())
        low = self.start.copy()  # active columns of row i: [low_i, high_i)
        high = np.full(self.a.size, self.end, dtype=np.int64)
        below = 0  # sums left of the active ranges (with multiplicity), all below the answer
        enumerate_max = _ENUMERATE_MIN
        rng = np.random.default_rng(_SAMPLE_SEED)
        sampled = True
        while True:
            widths = high - low
            active = int(widths.sum())
            rows = np.flatnonzero(widths)
            if active <= max(enumerate_max, rows.size):
                return self._select_active(rows, low[rows], widths[rows], k - below)
            if sampled and active > _SAMPLE_ABOVE:
                narrowed = self._narrow(rng, rows, low=low, high=high, k=k, below=below)
                if isinstance(narrowed, float):
                    return narrowed
                low, high, below = narrowed
                sampled = 2 * int((high - low).sum()) <= active
                continue
            sampled = True
            medians = self._values(rows, low[rows] + (widths[rows] - 1) // 2)
            order = np.argsort(medians, kind="stable")
            weights = np.cumsum(widths[rows][order])
            pivot = float(medians[order[np.searchsorted(weights, (active + 1) // 2)]])
            first_ge = self._first(pivot, False, rows, low)
            if k < self._weight(self.start, first_ge):
                high = first_ge
                continue
            first_gt = self._first(pivot, True, rows, low)
            count_le = self._weight(self.start, first_gt)
            if k < count_le:
                return pivot
            low = first_gt
            below = count_le

    def _first(self, value: float, strict: bool, rows: IntArray, low: IntArray) -> IntArray:
        """:meth:`_past` for a ``value`` inside the active ranges, computed for active ``rows``.

        A row without active cells has all its sums before ``low`` below
        ``value`` and all from ``low`` on above it, so its answer is ``low``.
        """
        cols = low.copy()
        cols[rows] = self._past(value, strict, rows)
        return cols

    def _narrow(
        self,
        rng: np.random.Generator,
        rows: IntArray,
        *,
        low: IntArray,
        high: IntArray,
        k: int,
        below: int,
    ) -> tuple[IntArray, IntArray, int] | float:
        """One sampled round of :meth:`kth`: new ``(low, high, below)``, or the answer itself."""
        widths = (high - low)[rows]
        ends = np.cumsum(widths)
        active = int(ends[-1])
        picks = np.sort(rng.integers(0, active, size=_SAMPLE_SIZE))
        which = np.searchsorted(ends, picks, side="right")
        cols = low[rows][which] + picks - (ends[which] - widths[which])
        sample = np.sort(self._values(rows[which], cols))
        weight = self._weight(low, high)
        centre = (k - below) / weight * _SAMPLE_SIZE
        spread = _SAMPLE_SPREAD * np.sqrt(_SAMPLE_SIZE)
        lo_pivot = float(sample[max(int(centre - spread), 0)])
        hi_pivot = float(sample[min(int(centre + spread), _SAMPLE_SIZE - 1)])
        first_ge = self._first(lo_pivot, False, rows, low)
        count_lt = self._weight(self.start, first_ge)
        if k < count_lt:
            return low, first_ge, below
        first_gt = self._first(hi_pivot, True, rows, low)
        count_le = self._weight(self.start, first_gt)
        if k >= count_le:
            return first_gt, high, count_le
        if lo_pivot == hi_pivot:
            return lo_pivot
        return first_ge, first_gt, count_lt

    def _select_active(self, rows: IntArray, low: IntArray, widths: IntArray, rank: int) -> float:
        """The sum of rank ``rank`` (with multiplicity) among the cells ``[low, low + widths)``."""
        row_of = np.repeat(rows, widths)
        cols = np.repeat(low - np.cumsum(widths) + widths, widths) + np.arange(row_of.size)
        return weighted_select(self._values(row_of, cols), self._cell_weights(row_of, cols), rank)


def weighted_select(values: FloatArray, weights: IntArray, rank: int) -> float:
    """The value of rank ``rank`` (0-based) when ``values[i]`` stands for ``weights[i]`` values.

    Quickselect: the median of the values (by :func:`numpy.partition`)
    splits them, and the side whose weights hold ``rank`` is kept, so the
    work is linear and the answer is one of ``values``.

    Examples
    --------
    >>> weighted_select(np.array([3.0, 1.0, 2.0]), np.array([1, 2, 3]), 4)
    2.0
    """
    while values.size > _SORT_MAX:
        middle = values.size // 2
        pivot = np.partition(values, middle)[middle]
        lower = values < pivot
        weight_lower = int(weights[lower].sum())
        if rank < weight_lower:
            values, weights = values[lower], weights[lower]
            continue
        upper = values > pivot
        weight_upper = int(weights[upper].sum())
        weight_le = int(weights.sum()) - weight_upper
        if rank < weight_le:
            return float(pivot)
        values, weights, rank = values[upper], weights[upper], rank - weight_le
    order = np.argsort(values, kind="stable")
    passed = np.cumsum(weights[order])
    return float(values[order[np.searchsorted(passed, rank, side="right")]])


def _counts(counts: IntArray | None, size: int) -> IntArray:
    """Multiplicities as int64, all ones when ``None``."""
    if counts is None:
        return np.ones(size, dtype=np.int64)
    return np.asarray(counts, dtype=np.int64)


def walsh_averages(d: FloatArray) -> OrderedCandidates:
    """The Walsh averages ``(d_i + d_j) / 2``, ``i <= j``: sorted if few, implicit otherwise.

    The implicit form runs over the distinct values of ``d`` with their
    counts (``-0.0`` and ``0.0`` are one value).

    Examples
    --------
    >>> walsh_averages(np.array([3.0, 1.0])).kth(1)
    2.0
    """
    n = d.size
    if n * (n + 1) // 2 <= MATERIALISE_MAX:
        upper = np.triu_indices(n)
        return SortedValues(np.sort((d[upper[0]] + d[upper[1]]) / 2.0))
    values, counts = np.unique(d, return_counts=True)
    return PairSums(values, values, halve=True, triangular=True, a_counts=counts)


def pairwise_differences(x: FloatArray, y: FloatArray) -> OrderedCandidates:
    """The differences ``x_i - y_j``: sorted if few, implicit otherwise.

    The implicit form runs over the distinct values of ``x`` and ``-y`` with
    their counts, rows over the sample with fewer of them.

    Examples
    --------
    >>> pairwise_differences(np.array([1.0, 4.0]), np.array([0.5])).kth(0)
    0.5
    """
    if x.size * y.size <= MATERIALISE_MAX:
        return SortedValues(np.sort(np.subtract.outer(x, y).ravel()))
    xs, x_counts = np.unique(x, return_counts=True)
    minus_y, y_counts = np.unique(-y, return_counts=True)
    # x_i - y_j == x_i + (-y_j) exactly, and addition commutes.
    if xs.size <= minus_y.size:
        return PairSums(
            xs, minus_y, halve=False, triangular=False, a_counts=x_counts, b_counts=y_counts
        )
    return PairSums(
        minus_y, xs, halve=False, triangular=False, a_counts=y_counts, b_counts=x_counts
    )


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
