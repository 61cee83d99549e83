"""Counts of the sums of integer rank scores: the exact programmes of the rank tests.

Both rank statistics are sums of scores (mid-ranks, ties allowed): in the
paired case every score enters with probability 1/2 independently (random
signs); in the two-sample case a random subset of ``m`` of the ``N`` pooled
scores is drawn.

The scores here are the integers of :func:`~.scores.integer_scores`. The
distribution of a sum of integer scores is found with the shift algorithm of
Streitberg and Röhmel (1986): a dynamic programme over the attainable sums,
one vectorised array update per observation. Counts are kept as float64 and
rescaled by exact powers of two, so nothing overflows and no rounding is
introduced by the scaling.

Several refinements keep the calls fast:

- with a cap or a limit, the programmes stop at a given sum (the lower half
  of a symmetric support, or the observed sum of a one-sided tail);
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
from typing import Final

import numpy as np

from myopathy_outcomes.stats._arrays import FloatArray, IntArray

# Rescale float64 counts by 2**-_RESCALE_BITS once they may exceed 2**_MAX_BITS.
_MAX_BITS: Final = 1000
_RESCALE_BITS: Final = 960
# Preallocate the rank-sum programme's rows in full below this many cells.
_PREALLOCATE_CELLS: Final = 2_000_000
# The rank-sum programme uses strided whole-table updates below this many cells.
_STRIDED_MAX_CELLS: Final = 1 << 17
#: Up to this many scores the signed-rank counts are packed into one Python integer.
PACKED_MAX_N: Final = 24
# A dropped or not yet reached row of the rank-sum programme.
_EMPTY: Final = np.zeros(0, dtype=np.float64)


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
    if len(ordered) <= PACKED_MAX_N:
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
