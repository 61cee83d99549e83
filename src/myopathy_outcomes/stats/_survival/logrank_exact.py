"""Exact permutation distribution of the two-sample log-rank statistic.

The log-rank scores (coin's ``logrank_trafo``, ties as mid-ranks) are
``a_i = H(t_i) - delta_i`` with ``H`` the Nelson-Aalen cumulative hazard of
the pooled sample at the observation's own time. Under the null hypothesis
every choice of ``m`` of the ``N`` observations as the first group is equally
likely; the p-value is ``P(|T| >= |t|)`` for the sum ``T`` of the first
group's scores (they sum to 0, so ``E T = 0``). Two engines compute it, and
the one estimated to be faster is used:

*Exact rationals.* The scores are rationals with denominators dividing
``L``, the least common multiple of the numbers at risk at the event times,
so ``L a_i`` are integers. The distribution of their sum is built by the
shift algorithm of Streitberg and Röhmel (1986) over the distinct scores, one
multiplicity class at a time: ``new[k] = sum_j C(c, j) old[k - j]`` shifted
by ``j`` times the class's score. The attainable sums are not a dense range,
so each row is kept as sorted distinct sums with their counts, and every
comparison is exact; the counts are integers, exact in float64 below 2^53
(``C(50, 25)`` is 1.3e14), so both engines give the same float. The single
pass (that of earlier versions) builds the
sums of all the classes; the split engine (van de Wiel's split-up idea)
builds, for every ``k``, the sums of ``k`` scores of each half of the classes
(alternate classes, so each half spans the range) and counts the pairs of a
sum ``s`` of one half with ``m - k`` scores of the other whose total reaches
``|t|``, by binary search: its rows hold about the square root of the single
pass's sums.

*A proven bracket on a grid.* For an integer ``f`` the scores are rounded to
``r_i = round(f H(t_i)) - f delta_i``, so ``f a_i - r_i = e_i`` with
``|e_i| <= 1/2`` (an event and a censoring at the same time share it). With
``R`` the sum of the first group's ``r_i`` and ``D`` that of its ``e_i``,
``f T = R + D`` and ``|D| <= D_max``, the sum of the ``m`` largest ``|e_i|``.
Hence ``|R| >= f|t| + D_max`` implies ``|T| >= |t|``, which implies
``|R| >= f|t| - D_max``, and

    P(|R| >= f|t| + D_max) <= p <= P(|R| >= f|t| - D_max),

both from one dense distribution of ``R``. Its rows hold probabilities
(counts divided by ``C(n, k)``), so the binomial weights become
hypergeometric ones in ``[0, 1]`` and nothing overflows. The bracket is
accepted only when it is narrower than :data:`PVALUE_TOLERANCE`; its width is
about the probability of ``|T|`` within ``D_max / f`` of ``|t|``, so it
shrinks as ``1 / f`` while the work grows as ``f``: the grid certifies far
tails quickly, and p-values near the centre of large samples not at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

import numpy as np
from scipy.special import gammaln

from myopathy_outcomes.stats._arrays import FloatArray, IntArray
from myopathy_outcomes.stats._budget import ExactBudgetError, check_seconds

#: Largest width of a proven bracket accepted as the exact p-value.
PVALUE_TOLERANCE: Final = 1e-9

#: Seconds per sum of the exact-rational engines' bound (development machine, loaded:
#: the bound is 1.2 to 2.6 times the sums formed, each 3.5e-7 s in rows of thousands and
#: more in rows of millions).
_SECONDS_PER_SUM: Final = 4e-7
#: Seconds per sum of one half searched in the other by the split engine.
_SECONDS_PER_SEARCH: Final = 5e-8
#: Measured run time of the split engine over its estimate from the two constants above
#: (its rows are dense, so the bound is tight and each sum costs more).
_SPLIT_FACTOR: Final = 3.0
#: Seconds per cell update of the grid engine (development machine, loaded).
_SECONDS_PER_CELL: Final = 2.5e-8
#: Fixed cost of one grid pass per class (numpy calls), in seconds.
_SECONDS_PER_CLASS: Final = 2e-5
#: Largest array of rows of the grid (cells of 8 bytes; two arrays are alive at once).
_MAX_CELLS: Final = 12_500_000
#: Margin (in grid units, plus ``1e-12 f m``) covering the float error of ``f |t|`` and ``D_max``.
_SLACK: Final = 1e-6
#: Scaled scores must leave room to add up N of them in int64.
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


@dataclass(frozen=True)
class _Sample:
    """The exact scores and their per-time classes, with the first group's size and sum."""

    scores: list[Fraction]
    hazard: FloatArray  # H at each observation's time (float)
    event: IntArray
    first: np.ndarray  # bool, the (smaller) group whose sum is T
    m: int
    observed: Fraction  # |t|


def _sample(time: FloatArray, event: IntArray, in_first: IntArray) -> _Sample:
    scores = logrank_scores(time, event)
    first = np.asarray(in_first, dtype=bool)
    if 2 * int(first.sum()) > first.size:  # T of the other group is -T: same |T|
        first = ~first
    observed = abs(sum((s for s, f in zip(scores, first.tolist(), strict=True) if f), Fraction(0)))
    distinct, where = np.unique(time, return_inverse=True)
    where = where.ravel()
    at_risk = np.bincount(where, minlength=distinct.size)[::-1].cumsum()[::-1]
    deaths = np.bincount(where, weights=event, minlength=distinct.size)
    hazard = np.cumsum(deaths / at_risk)[where]
    return _Sample(scores, hazard, np.asarray(event), first, int(first.sum()), observed)


def exact_logrank_pvalue(
    time: FloatArray, event: IntArray, in_first: IntArray, *, budget_seconds: float
) -> float:
    """Two-sided exact p-value ``P(|T| >= |t|)`` of the sum ``T`` of the first group's scores.

    The run time of each engine is estimated before any work; the faster is
    used. Raises :class:`ExactBudgetError` when neither fits ``budget_seconds``.
    """
    sample = _sample(time, event, in_first)
    single, split = rational_seconds(sample)
    use_split = split < single
    rational = split if use_split else single
    grid_f, grid = (0, math.inf)
    if rational > budget_seconds:  # the grid is tried only where exact rationals are too slow
        grid_f, grid = _grid_plan(sample)
    if min(rational, grid) == math.inf:
        raise ExactBudgetError(
            f"the exact log-rank test of {sample.first.size} observations cannot be computed "
            "here: its exact scores overflow int64, and no grid that fits in memory "
            f"certifies its p-value to {PVALUE_TOLERANCE:g}; use method='asymptotic'"
        )
    check_seconds(
        min(rational, grid),
        budget_seconds,
        f"the exact log-rank test of {sample.first.size} observations",
    )
    if rational <= grid:
        return _rational_pvalue(sample, split=use_split)
    low, high = _grid_bracket(sample, grid_f)
    if high - low > PVALUE_TOLERANCE:
        raise ExactBudgetError(
            f"the exact log-rank p-value of {sample.first.size} observations lies in "
            f"[{low:.6g}, {high:.6g}] (proven), but a bracket narrower than "
            f"{PVALUE_TOLERANCE:g} was not reached on the planned grid; "
            "use method='asymptotic'"
        )
    return min(1.0, high)  # never below the exact p-value, at most the tolerance above


# --- exact rationals ----------------------------------------------------------------------


def _scaled(sample: _Sample) -> tuple[list[int], int] | None:
    """The scores times ``L`` as integers, and ``L``; ``None`` if they could overflow int64."""
    scale = math.lcm(*(s.denominator for s in sample.scores))
    integers = [int(s * scale) for s in sample.scores]
    if max(abs(v) for v in integers) * len(integers) >= _INT_LIMIT:
        return None
    return integers, scale


def _classes(sample: _Sample) -> tuple[IntArray, IntArray, int] | None:
    """The distinct scaled scores (ascending), their multiplicities and ``L |t|``."""
    scaled = _scaled(sample)
    if scaled is None:
        return None
    integers, scale = scaled
    values, multiplicity = np.unique(np.array(integers, dtype=np.int64), return_counts=True)
    return values, multiplicity, int(sample.observed * scale)


def _sums_bound(
    values: IntArray, multiplicity: IntArray, m: int, *, prune: bool
) -> tuple[float, FloatArray]:
    """Upper bounds on the sums :func:`_subset_sums` forms and on its final row sizes.

    Row ``k`` after some classes holds at most as many distinct sums as there
    are ways to choose ``k`` of their members by counts, and at most as many
    as integers between the smallest and the largest sum of ``k`` of them;
    the sums formed are counted from these bounds as the programme forms them.
    """
    ordered = np.repeat(values, multiplicity).astype(np.float64)
    prefix = np.concatenate(([0.0], np.cumsum(ordered)))
    vectors = np.zeros(m + 1)
    vectors[0] = 1.0
    size = vectors.copy()
    remaining = int(multiplicity.sum())
    used = 0
    work = 0.0
    ks = np.arange(m + 1)
    for count in multiplicity.tolist():
        remaining -= count
        kept = ks + remaining >= m if prune else ks >= 0
        formed = np.zeros(m + 1)
        new_vectors = np.zeros(m + 1)
        for j in range(min(count, m) + 1):
            formed[j:] += size[: m + 1 - j]
            new_vectors[j:] += vectors[: m + 1 - j]
        work += float(formed[kept].sum())
        used += count
        vectors = np.minimum(new_vectors, 1e300)
        reach = np.minimum(ks, used)
        span = (prefix[used] - prefix[used - reach]) - prefix[reach] + 1.0
        size = np.where(ks <= used, np.minimum(vectors, span), 0.0)
    return work, size


def _halves(multiplicity: IntArray) -> tuple[IntArray, IntArray]:
    """The classes split alternately into two halves (each spans the range of scores)."""
    index = np.arange(multiplicity.size)
    return index[0::2], index[1::2]


def rational_seconds(sample: _Sample) -> tuple[float, float]:
    """Upper bounds on the run times of the single-pass and the split exact-rational engines.

    Both are estimated from :func:`_sums_bound`, before any work; the split
    engine adds the merge, a binary search per sum of one half.
    """
    classes = _classes(sample)
    if classes is None:
        return math.inf, math.inf
    values, multiplicity, _ = classes
    m = sample.m
    single = _sums_bound(values, multiplicity, m, prune=True)[0] * _SECONDS_PER_SUM
    first, second = _halves(multiplicity)
    work_a, size_a = _sums_bound(values[first], multiplicity[first], m, prune=False)
    work_b, size_b = _sums_bound(values[second], multiplicity[second], m, prune=False)
    merge = float(np.sum(size_a * np.log2(2.0 + size_b[::-1])))
    split = ((work_a + work_b) * _SECONDS_PER_SUM + merge * _SECONDS_PER_SEARCH) * _SPLIT_FACTOR
    return single, split


def _rational_pvalue(sample: _Sample, *, split: bool) -> float:
    """The exact p-value from the single-pass programme, or from two halves merged."""
    classes = _classes(sample)
    assert classes is not None  # rational_seconds is finite
    values, multiplicity, observed = classes
    m, n_total = sample.m, sample.first.size
    if not split:
        sums, counts = _subset_sums(values, multiplicity, m)[m]
        extreme = np.abs(sums) >= observed
        return float(min(1.0, counts[extreme].sum() / math.comb(n_total, m)))
    if observed == 0:
        return 1.0
    first, second = _halves(multiplicity)
    rows_a = _subset_sums(values[first], multiplicity[first], m, prune=False)
    rows_b = _subset_sums(values[second], multiplicity[second], m, prune=False)
    hits = 0.0
    for k, (sums_a, counts_a) in enumerate(rows_a):
        sums_b, counts_b = rows_b[m - k]
        if not sums_a.size or not sums_b.size:
            continue
        below = np.concatenate(([0.0], np.cumsum(counts_b)))  # below[i]: counts of the i smallest
        high = below[-1] - below[np.searchsorted(sums_b, observed - sums_a, side="left")]
        low = below[np.searchsorted(sums_b, -observed - sums_a, side="right")]
        hits += float(counts_a @ (high + low))
    return float(min(1.0, hits / math.comb(n_total, m)))


def _subset_sums(
    values: IntArray, multiplicity: IntArray, m: int, *, prune: bool = True
) -> list[tuple[IntArray, FloatArray]]:
    """Distinct sums of ``k <= m`` of the scores, ``values[c]`` repeated ``multiplicity[c]`` times.

    Returns, for each ``k``, the sorted sums and the number of subsets giving
    each. With ``prune`` only row ``m`` is complete (rows that cannot reach
    ``m`` subsets are dropped on the way).
    """
    rows: list[tuple[IntArray, FloatArray]] = [(np.zeros(1, dtype=np.int64), np.ones(1))]
    rows += [(np.zeros(0, dtype=np.int64), np.zeros(0))] * m
    remaining = int(multiplicity.sum())
    for value, count in zip(values.tolist(), multiplicity.tolist(), strict=True):
        remaining -= count
        new_rows: list[tuple[IntArray, FloatArray]] = []
        for k in range(m + 1):
            if prune and k + remaining < m:  # cannot reach m subsets any more
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
            distinct, where = np.unique(np.concatenate(parts_s), return_inverse=True)
            merged = np.bincount(where.ravel(), weights=np.concatenate(parts_c))
            new_rows.append((distinct.astype(np.int64), merged.astype(np.float64)))
        rows = new_rows
    return rows


# --- the proven bracket on a grid ---------------------------------------------------------


def _grid_classes(sample: _Sample, f: int) -> tuple[IntArray, IntArray, float]:
    """The rounded class scores (ascending), their multiplicities, and ``D_max``."""
    scaled = f * sample.hazard
    rounded = np.round(scaled)
    error = np.abs(scaled - rounded)
    slack = _SLACK + f * sample.m * 1e-12  # float error of f H and of f |t|
    d_max = float(np.sort(error)[::-1][: sample.m].sum()) + slack
    r = rounded.astype(np.int64) - f * sample.event.astype(np.int64)
    values, multiplicity = np.unique(r, return_counts=True)
    return values, multiplicity, d_max


def _grid_cells(sample: _Sample, f: int) -> tuple[float, int]:
    """Cell updates and classes of one grid pass with factor ``f``."""
    values, multiplicity, _ = _grid_classes(sample, f)
    shifted = np.repeat(values - values[0], multiplicity)
    width = float(np.sort(shifted)[::-1][: sample.m].sum()) + 1.0
    return float((multiplicity + 1).sum()) * (sample.m + 1) * width, int(values.size)


def _grid_time(sample: _Sample, f: int) -> float:
    cells, classes = _grid_cells(sample, f)
    return cells * _SECONDS_PER_CELL + classes * _SECONDS_PER_CLASS


def _best_factor(sample: _Sample, f: int) -> int:
    """Among ``f`` to ``f + 15``, the factor with the smallest ``D_max``."""
    return min(range(f, f + 16), key=lambda g: _grid_classes(sample, g)[2] / g)


def _grid_plan(sample: _Sample) -> tuple[int, float]:
    """The grid factor predicted to give a bracket within tolerance, and its estimated time.

    The bracket's width is about the probability of ``|T|`` within
    ``D_max / f`` of ``|t|``; for the plan only (the proof is the bracket
    itself), the density of ``T`` at ``±t`` is taken from its normal
    approximation and ``D_max`` as ``m / 4`` (the mean of ``m`` rounding
    errors), with a margin of 10. No grid can separate the subsets whose
    ``T`` equals ``t`` exactly, so a grid is not tried when the observed
    split alone is likelier than the tolerance; nor one whose rows would hold
    more than :data:`_MAX_CELLS`.
    """
    if _observed_split_probability(sample) > PVALUE_TOLERANCE / 2:
        return 0, math.inf
    n, m = sample.first.size, sample.m
    scores = sample.hazard - sample.event
    sd = math.sqrt(m * (n - m) / (n * (n - 1.0)) * float(np.sum(scores**2)))
    z = float(sample.observed) / sd
    density = 2.0 * math.exp(-z * z / 2.0) / (sd * math.sqrt(2.0 * math.pi))
    wanted = 10.0 * density * (m / 2.0) / PVALUE_TOLERANCE
    if wanted > 1e12:
        return 0, math.inf
    f = _best_factor(sample, max(1, math.ceil(wanted)))
    if _row_cells(sample, f) > _MAX_CELLS:
        return 0, math.inf
    return f, _grid_time(sample, f)


def _row_cells(sample: _Sample, f: int) -> float:
    """Cells of the grid's array of rows with factor ``f``."""
    values, multiplicity, _ = _grid_classes(sample, f)
    shifted = np.repeat(values - values[0], multiplicity)
    return (sample.m + 1) * (float(np.sort(shifted)[::-1][: sample.m].sum()) + 1.0)


def _observed_split_probability(sample: _Sample) -> float:
    """The probability of the observed counts in each class of equal scores."""
    keys = np.array([str(s) for s in sample.scores])
    _, where, sizes = np.unique(keys, return_inverse=True, return_counts=True)
    chosen = np.bincount(where.ravel()[sample.first], minlength=sizes.size)
    n = sample.first.size
    log_p = float(
        np.sum(gammaln(sizes + 1) - gammaln(chosen + 1) - gammaln(sizes - chosen + 1))
        - (math.lgamma(n + 1) - math.lgamma(sample.m + 1) - math.lgamma(n - sample.m + 1))
    )
    return math.exp(log_p)


def _grid_bracket(sample: _Sample, f: int) -> tuple[float, float]:
    """``(lower, upper)`` proven bounds on the exact p-value from the grid with factor ``f``."""
    values, multiplicity, d_max = _grid_classes(sample, f)
    m = sample.m
    base = int(values[0])
    shifted = (values - base).tolist()
    width = int(np.sort(np.repeat(values - base, multiplicity))[::-1][:m].sum()) + 1
    rows = np.zeros((m + 1, width))
    rows[0, 0] = 1.0
    ks = np.arange(m + 1)
    before = 0
    for value, count in zip(shifted, multiplicity.tolist(), strict=True):
        total = before + count
        new = np.zeros_like(rows)
        log_all = _log_choose(total, ks)
        for j in range(count + 1):
            shift = j * value
            if j > m or shift >= width:
                break
            k = ks[j:]
            feasible = k - j <= before
            weight = np.where(
                feasible,
                np.exp(
                    _log_choose(before, np.minimum(k - j, before))
                    + _log_choose(count, j)
                    - log_all[j:]
                ),
                0.0,
            )
            new[j:, shift:] += weight[:, None] * rows[: m + 1 - j, : width - shift]
        rows = new
        before = total
    distribution = rows[m]
    sums = np.abs(np.arange(width, dtype=np.float64) + m * base)
    target = float(sample.observed) * f
    upper = float(distribution[sums >= target - d_max].sum())
    lower = float(distribution[sums >= target + d_max].sum())
    return lower, min(1.0, upper)


def _log_choose(n: int, k: IntArray | int) -> FloatArray:
    """``log C(n, k)``, elementwise."""
    kk = np.asarray(k, dtype=np.float64)
    out: FloatArray = gammaln(n + 1.0) - gammaln(kk + 1.0) - gammaln(n - kk + 1.0)
    return out
