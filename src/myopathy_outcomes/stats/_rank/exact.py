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

Several refinements keep the calls fast:

- the signed-rank programme runs over the lower half of its symmetric
  support only, and so does the rank-sum programme for equal sample sizes
  (the null is then symmetric, ties or not);
- a one-sided tail far from the centre comes from a programme truncated at
  the observed sum (:class:`SignedRankTails`, :class:`RankSumTails`);
- without ties the Mann-Whitney counts are Gaussian binomial coefficients
  (:func:`mann_whitney_counts`);
- for small samples the rank-sum programme updates the rows of every subset
  size in one strided array addition per observation instead of one per
  row (:func:`_strided_rank_sum_counts`; about twice as fast at 25 + 25,
  where the cost is the number of array operations, not their size), and
  the signed-rank counts of at most 24 scores are packed into one Python
  integer (:func:`_packed_signed_rank_counts`). Both give the same counts,
  bit for bit, as the general programmes.
"""

from __future__ import annotations

import math
import sys
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
# Preallocate the rank-sum programme's rows in full below this many cells.
_PREALLOCATE_CELLS: Final = 2_000_000
# Counts below this are exact in int64 with room for one subtraction.
_EXACT_INT_LIMIT: Final = 2**62
# The rank-sum programme uses strided whole-table updates below this many cells.
_STRIDED_MAX_CELLS: Final = 1 << 17
# Up to this many scores the signed-rank counts are packed into one Python integer.
_PACKED_MAX_N: Final = 24
# A dropped or not yet reached row of the rank-sum programme.
_EMPTY: Final = np.zeros(0, dtype=np.float64)


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
    ordered = scores.tolist()
    total = sum(ordered)
    top = total if cap is None else min(cap, total)
    if len(ordered) <= _PACKED_MAX_N:
        return _packed_signed_rank_counts(ordered, top), 0
    ordered.sort()
    counts = np.zeros(top + 1, dtype=np.float64)
    spare = np.zeros(top + 1, dtype=np.float64)
    counts[0] = 1.0
    length = 1  # counts[length:] are still zero
    exponent = 0
    bits = 0  # log2 of the largest possible count, after rescaling
    copied = 0  # spare[:copied] equals counts[:copied]
    stop = top + 1
    for score in ordered:
        new_length = length + score
        new_length = min(new_length, stop)
        if score < new_length:
            # Two buffers (an in-place overlapping add would copy its input);
            # below the score the new counts equal the old ones.
            target = spare[score:new_length]
            np.add(counts[score:new_length], counts[: new_length - score], out=target)
            if score > copied:
                spare[copied:score] = counts[copied:score]
            copied = score
            counts, spare = spare, counts
        length = new_length
        bits += 1
        if bits >= _MAX_BITS:
            counts[:length] = np.ldexp(counts[:length], -_RESCALE_BITS)
            spare[:length] = np.ldexp(spare[:length], -_RESCALE_BITS)
            exponent += _RESCALE_BITS
            bits -= _RESCALE_BITS
    return counts, exponent


def _packed_signed_rank_counts(scores: list[int], top: int) -> FloatArray:
    """:func:`signed_rank_counts` for a few scores, in one Python integer.

    The counts are packed into 64-bit fields of an integer ``P = sum(c_s *
    2**(64 s))`` (Kronecker substitution), so each score's factor
    ``1 + q**score`` is one shift and one addition in exact integer
    arithmetic. A count is at most ``2**n``, so the fields never carry for
    ``n < 64``; for a dozen scores this takes half the time of the array
    programme, whose cost is then the overhead of its array operations.

    Examples
    --------
    >>> _packed_signed_rank_counts([1, 2, 3], 6).tolist()
    [1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0]
    """
    packed = 1
    for score in scores:
        packed += packed << (score << 6)
    packed &= (1 << ((top + 1) << 6)) - 1
    fields = np.frombuffer(packed.to_bytes((top + 1) << 3, "little"), dtype="<u8")
    return fields.astype(np.float64)


def rank_sum_counts(
    scores: IntArray, m: int, limit: int | None = None
) -> tuple[FloatArray, int, int]:
    """Count the ``m``-subsets of ``scores`` by the sum of their scores.

    Returns ``(counts, low, exponent)``: ``counts[i] * 2**exponent`` subsets
    have sum ``low + i``. The programme runs over (subset size, sum), with
    each size's row stored only over its attainable sums and rows that can no
    longer reach size ``m`` dropped. With ``limit``, only sums up to it are
    counted: a partial sum is dropped as soon as adding the smallest scores
    still to come would exceed it (the returned counts then stop at or before
    ``limit``, possibly after some zeros).

    Small tables are filled by :func:`_strided_rank_sum_counts`, one array
    operation per score rather than one per score and subset size.

    Examples
    --------
    >>> counts, low, exponent = rank_sum_counts(np.array([1, 2, 3, 4]), 2)
    >>> low, (counts * 2.0**exponent).tolist()
    (3, [1.0, 1.0, 2.0, 1.0, 1.0])
    >>> rank_sum_counts(np.array([1, 2, 3, 4]), 2, limit=5)[0].tolist()
    [1.0, 1.0, 2.0]
    """
    ordered = np.sort(scores)
    strided = _strided_rank_sum_counts(ordered, m, limit)
    if strided is not None:
        return strided
    n_total = ordered.size
    prefix = np.concatenate(([0], np.cumsum(ordered))).tolist()
    # rows[j] holds sums from prefix[j] (the j smallest scores) upwards.
    rows: list[FloatArray] = [_EMPTY] * (m + 1)
    widths = [0] * (m + 1)
    rows[0] = np.ones(1, dtype=np.float64)
    widths[0] = 1
    exponent = 0
    unbounded = prefix[-1] + 1 if limit is None else limit
    # Row j never holds more than the sums of j scores: allocate that at once
    # when it is small, otherwise grow rows geometrically.
    suffix = prefix[-1]
    preallocate = (m + 1) * (suffix - prefix[m] + 1) <= _PREALLOCATE_CELLS
    scores_list = ordered.tolist()
    for i, score in enumerate(scores_list, start=1):
        j_low = m - (n_total - i)
        j_low = max(j_low, 1)
        # Room left in row j: the m - j smallest scores still to come must fit.
        room_base = unbounded + prefix[i] + 1
        for j in range(i if i < m else m, j_low - 1, -1):
            width = widths[j - 1]
            if not width:
                continue
            source = rows[j - 1]
            offset = score - scores_list[j - 1]  # prefix[j - 1] + score - prefix[j]
            end = offset + width
            room = room_base - prefix[i + m - j] - prefix[j]
            if room < end:
                end = room
                if end <= offset:
                    continue
            row = rows[j]
            if not row.size:
                full = suffix - prefix[n_total - j] - prefix[j] + 1
                row = np.zeros(full if preallocate else max(end, 16), dtype=np.float64)
                rows[j] = row
            elif row.size < end:
                grown = np.zeros(max(end, 2 * row.size), dtype=np.float64)
                grown[: widths[j]] = row[: widths[j]]
                row = grown
                rows[j] = row
            row[offset:end] += source[: end - offset]
            widths[j] = max(widths[j], end)
        if j_low > 1:
            rows[j_low - 2] = _EMPTY  # no longer able to reach size m
            widths[j_low - 2] = 0
        # A count of row j is at most C(i, j) <= C(i, min(i, m)): rescale on that
        # bound, not on 2**i, which would push the counts of a small m to zero.
        if _log2_comb(i, min(i, m)) - exponent >= _MAX_BITS:
            for j, row in enumerate(rows):
                row[: widths[j]] = np.ldexp(row[: widths[j]], -_RESCALE_BITS)
            exponent += _RESCALE_BITS
    return rows[m][: widths[m]].copy(), int(prefix[m]), exponent


def _log2_comb(n: int, k: int) -> float:
    """``log2(C(n, k))``, to a few ulps (enough for a bound with 24 bits to spare).

    Examples
    --------
    >>> round(_log2_comb(10, 5), 6) == round(math.log2(252), 6)
    True
    """
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(2)


def _strided_rank_sum_counts(
    ordered: IntArray, m: int, limit: int | None
) -> tuple[FloatArray, int, int] | None:
    """:func:`rank_sum_counts` by one strided array update per observation.

    In the coordinate ``u = (e S - j (j + 1)) / g`` of a partial sum ``S`` of
    ``j`` scores (``e`` the least integer with ``e P_j >= j (j + 1)`` for the
    sums ``P_j`` of the ``j`` smallest scores, ``g = 2`` for even ``e``, else
    1), adding a score ``s`` to the rows of every size ``j`` moves them by
    ``(e s - 2 j) / g``: linear in ``j``, so a view whose rows are one
    ``2 / g`` short of the table's takes every size in one addition. For
    mid-ranks ``u`` is a Mann-Whitney count, so row ``j`` spans about
    ``j (i - j)`` cells after ``i`` scores, and each cell is updated by the
    same addition as in the row-by-row programme: the counts are the same,
    bit for bit. ``None`` when the table would be large (the row-by-row
    programme is then quicker) or a score is not positive.
    """
    n_total = ordered.size
    if m == 0 or ordered[0] < 1:
        return None
    prefix = np.concatenate(([0], np.cumsum(ordered)))
    if limit is not None and limit >= prefix[-1]:
        limit = None  # no sum exceeds it (and int64 arithmetic stays small)
    sizes = np.arange(1, m + 1)
    scale = int((-(-sizes * (sizes + 1) // prefix[1:][:m])).max())  # ceil, at least 1
    halve = 2 if scale % 2 == 0 else 1
    step = 2 // halve
    largest = prefix[-1] - prefix[n_total - sizes]  # sums of the j largest scores
    span = int((scale * largest - sizes * (sizes + 1)).max()) // halve + 1
    margin = step * m
    stride = margin + span + scale * int(ordered[-1]) // halve + 1
    if (m + 2) * stride > _STRIDED_MAX_CELLS:
        return None
    # Columns of the source rows to add at each step: up to the largest
    # partial sum so far and, with a limit, to the room left (see rank_sum_counts).
    i = np.arange(1, n_total + 1)[:, None]
    j = sizes[None, :]
    source = j - 1
    live = (j >= m - (n_total - i)) & (j <= i)
    top = scale * (prefix[i - 1] - prefix[np.maximum(i - j, 0)]) - source * (source + 1)
    columns = np.where(live, top // halve + 1, 0)
    if limit is not None:
        cap = scale * (limit - prefix[np.minimum(i + m - j, n_total)] + prefix[i]) - j * (j + 1)
        room = cap // halve - scale * ordered[:, None] // halve + step * j + 1
        columns = np.minimum(columns, np.where(live, room, 0))
    widths = columns.max(axis=1).tolist()
    flat = np.zeros((m + 2) * stride, dtype=np.float64)
    table = flat[: (m + 1) * stride].reshape(m + 1, stride)
    table[0, margin] = 1.0
    item = flat.itemsize
    for index, score in enumerate(ordered.tolist()):
        width = widths[index]
        if width <= 0:
            continue
        low = max(m - (n_total - index - 1), 1)
        high = min(index + 1, m)
        start = low * stride + margin + (scale * score) // halve - step * low
        target = np.ndarray(
            (high - low + 1, width),
            dtype=np.float64,
            buffer=flat,
            offset=start * item,
            strides=((stride - step) * item, item),
        )
        target += table[low - 1 : high, margin : margin + width]
    low_sum = int(prefix[m])
    natural = int(largest[-1]) - low_sum + 1
    length = natural if limit is None else max(0, min(natural, limit - low_sum + 1))
    first = margin + (scale * low_sum - m * (m + 1)) // halve
    per_unit = scale // halve
    return table[m, first : first + per_unit * length : per_unit].copy(), low_sum, 0


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

    def lower_quantile(self, prob: float) -> float:
        """Smallest support value ``q`` with ``P(T <= q) >= prob`` (R's ``qsignrank`` rule)."""
        i = int(np.searchsorted(self._cdf, prob - QUANTILE_FUZZ, side="left"))
        i = min(i, self.pmf.size - 1)
        return (self.low + i) * self.unit - self.offset

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


def mann_whitney_counts(n_total: int, m: int) -> IntArray:
    """Exact counts of ``U = 0 .. m (n_total - m)`` without ties, as int64.

    The generating function is the Gaussian binomial coefficient
    ``prod_{i=1..m} (1 - q**(n + i)) / (1 - q**i)`` (``n = n_total - m``);
    each factor costs one vectorised multiplication and one strided cumulative
    sum (the division), so this takes ``2 m`` array operations instead of the
    ``m n`` row updates of the general programme. Every intermediate is a
    Gaussian binomial coefficient, bounded by ``C(n_total, m)``, so int64 is
    exact while that is below ``2**62``.

    Examples
    --------
    >>> mann_whitney_counts(4, 2).tolist()
    [1, 1, 2, 1, 1]
    """
    n = n_total - m
    size = m * n + 1
    counts = np.zeros(size + n_total, dtype=np.int64)
    counts[0] = 1
    for i in range(1, m + 1):
        k = n + i
        counts[k:] -= counts[:-k].copy()  # times (1 - q**k)
        rows = -(-counts.size // i)
        padded = np.zeros(rows * i, dtype=np.int64)
        padded[: counts.size] = counts
        counts = np.cumsum(padded.reshape(rows, i), axis=0).ravel()[: counts.size]  # / (1 - q**i)
    return counts[:size]


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
        size (see :meth:`ExactNull.lower_size`).
        """
        rejected = self._cdf[self._cdf < level - QUANTILE_FUZZ]
        return float(rejected[-1]) if rejected.size else self.cdf(extreme)


class SignedRankTails:
    """Tails of the signed-rank null, each by a programme truncated where it is asked for.

    A one-sided p-value far in a tail needs only the counts up to the
    observed sum, so the tests evaluated while searching for an interval's
    ends are cheaper than a whole null distribution. Same statistic units as
    :func:`signed_rank_null`.
    """

    def __init__(self, ranks: FloatArray) -> None:
        self._start(*integer_scores(ranks))

    @classmethod
    def from_scores(cls, scores: IntArray, unit: float) -> SignedRankTails:
        """The tails for the ranks ``scores * unit`` (see :func:`sorted_rank_scores`)."""
        tails = cls.__new__(cls)
        tails._start(scores, unit)
        return tails

    def _start(self, scores: IntArray, unit: float) -> None:
        self.scores, self.unit = scores, unit
        self.total = int(scores.sum())
        self._tail: _LowerTail | None = None

    def _lower(self, limit: int) -> _LowerTail:
        if self._tail is None or self._tail.limit < limit:
            if self.scores.size <= _PACKED_MAX_N:
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
    statistic units as :func:`rank_sum_null`.
    """

    def __init__(self, ranks: FloatArray, m: int) -> None:
        self._start(*integer_scores(ranks), m)

    @classmethod
    def from_scores(cls, scores: IntArray, unit: float, m: int) -> RankSumTails:
        """The tails for the ranks ``scores * unit`` (see :func:`sorted_rank_scores`)."""
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
