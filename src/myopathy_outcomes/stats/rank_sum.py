"""Wilcoxon-Mann-Whitney rank-sum test for two independent samples, exact with ties."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._arrays import FloatArray, IntArray
from myopathy_outcomes.stats._budget import (
    DEFAULT_BUDGET_SECONDS,
    RANK_EXACT_BUDGET,
    ExactBudgetError,
    check_budget_seconds,
    check_seconds,
    rank_seconds,
    rank_sum_work,
)
from myopathy_outcomes.stats._rank.inference import (
    NormalShiftTest,
    ShiftTest,
    ShiftTestFactory,
    invert_shift_test,
    normal_pvalue,
)
from myopathy_outcomes.stats._rank.input import as_sample, missing_text
from myopathy_outcomes.stats._rank.null import rank_sum_null
from myopathy_outcomes.stats._rank.order_select import median, pairwise_differences
from myopathy_outcomes.stats._rank.scores import midranks, sorted_rank_scores
from myopathy_outcomes.stats._rank.tails import RankSumTails
from myopathy_outcomes.stats._vocabulary import (
    ALTERNATIVES,
    METHODS,
    NAN_POLICIES,
    Alternative,
    Method,
    NanPolicy,
    ResolvedMethod,
    check_choice,
    check_conf_level,
)
from myopathy_outcomes.stats.results import MannWhitneyResult

__all__ = ["AUTO_EXACT_MAX_TOTAL", "RANK_EXACT_BUDGET", "ExactBudgetError", "mann_whitney"]

#: ``method="auto"`` is exact up to this many pooled observations: about 16 ms
#: per call on tied data, interval included (benchmarks/bench_rank_tests.py;
#: 25 + 25 takes about 2.4 ms, 200 + 200 about 1.1 s). ``method="exact"``
#: goes up to the work budget.
AUTO_EXACT_MAX_TOTAL: Final = 100


def _mann_whitney_iv(
    x: ArrayLike,
    y: ArrayLike,
    *,
    alternative: object,
    method: object,
    correction: object,
    conf_level: float,
    nan_policy: object,
    budget_seconds: object,
) -> tuple[FloatArray, FloatArray, Alternative, Method, bool, float, float]:
    """Validate the arguments of :func:`mann_whitney`; return both samples and the choices."""
    alt = check_choice("alternative", alternative, ALTERNATIVES)
    meth = check_choice("method", method, METHODS)
    policy = check_choice("nan_policy", nan_policy, NAN_POLICIES)
    if not isinstance(correction, bool | np.bool_):
        raise TypeError(f"correction must be True or False; got {correction!r}")
    level = check_conf_level(conf_level)
    budget = check_budget_seconds(budget_seconds)
    samples = []
    for name, values in (("x", x), ("y", y)):
        sample = as_sample(name, values)
        missing = np.isnan(sample)
        if missing.any():
            if policy == "raise":
                raise ValueError(
                    f"{missing_text(int(missing.sum()), sample.size, name)}; "
                    "pass nan_policy='omit' to drop them"
                )
            sample = sample[~missing]
        if sample.size == 0:
            raise ValueError(
                f"{name} is empty (after omitting missing values); each sample needs at least "
                "one value"
            )
        samples.append(sample)
    return samples[0], samples[1], alt, meth, bool(correction), level, budget


def mann_whitney(
    x: ArrayLike,
    y: ArrayLike,
    *,
    alternative: Alternative = "two-sided",
    method: Method = "auto",
    correction: bool = True,
    conf_level: float = 0.95,
    nan_policy: NanPolicy = "raise",
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
) -> MannWhitneyResult:
    """Wilcoxon-Mann-Whitney test of two independent samples, with shift estimate and interval.

    Parameters
    ----------
    x, y : array_like
        The two samples: finite numbers (NaN, ``None`` or a masked entry of a
        ``numpy.ma`` array marks a missing value, see ``nan_policy``) of
        magnitude at most ``2**1000`` (about 1.07e301), so that the
        differences and the shifts of the interval search stay finite.
    alternative : {"two-sided", "less", "greater"}
        "greater": ``x`` tends to be larger than ``y``.
    method : {"auto", "exact", "asymptotic"}
        "exact": the exact conditional null distribution given the observed
        mid-ranks, within ``budget_seconds`` (by default e.g. up to
        245 + 245, 125 + 630, 60 + 1410 or 10 + 8650; see Notes).
        "asymptotic": normal approximation. "auto": exact when
        ``len(x) + len(y) <= AUTO_EXACT_MAX_TOTAL`` (100), asymptotic beyond.
    correction : bool
        Continuity correction of the normal approximation (asymptotic only).
    conf_level : float
        Confidence level of the interval, in (0, 1).
    nan_policy : {"raise", "omit"}
        "raise" refuses missing values; "omit" drops them (NaN, ``None``,
        masked entries) from each sample separately.
    budget_seconds : float, default 10
        The exact method's time budget, in estimated seconds on the
        development machine (R's ``workspace`` is the precedent): an exact
        test estimated to take longer is refused before any work is done.
        Raise it to compute larger exact tests; ``math.inf`` removes the limit.

    Returns
    -------
    MannWhitneyResult
        ``statistic`` (R's W), ``pvalue``, the resolved ``method``, ``n_x``,
        ``n_y``, ``estimate``, ``conf_int``, ``conf_level_achieved`` and
        ``effect_size``.

    Raises
    ------
    TypeError
        For an argument of the wrong kind, naming it: no array (``None``, a
        set, a dict, a generator, text), booleans, dates, text among the
        values, a ``conf_level`` that is no number, a choice that is no string.
    ValueError
        For an invalid argument or sample.
    ExactBudgetError
        (a ``ValueError``) for ``method="exact"`` estimated to take longer
        than ``budget_seconds``: raise it, or use ``method="asymptotic"``.

    Notes
    -----
    With ``r_i`` the mid-ranks in the pooled sample, the statistic is
    ``W = sum(r_i for x) - n_x (n_x + 1) / 2``, the Mann-Whitney U of ``x``
    (pairs with ``x_i > y_j`` plus half the tied pairs). Under the null
    hypothesis every choice of ``n_x`` of the pooled mid-ranks is equally
    likely.

    *Exact.* The distribution of the rank sum is computed by the shift
    algorithm of Streitberg and Röhmel over (subset size, sum) on the
    integers ``2 r_i / g``, running over the smaller sample. ``"two-sided"``
    is ``P(|W - E W| >= |w - E W|)``; with ties the distribution need not be
    symmetric, so this is not always twice the smaller tail. Comparisons are
    in exact integer arithmetic. This equals ``coin::wilcox_test(distribution
    = "exact")`` (``exactRankTests::wilcox.exact`` gives other two-sided
    values for some tied data), and R's ``wilcox.test(exact = TRUE)``
    without ties.

    *Asymptotic.* ``z = (W - n_x n_y / 2 - c) / sigma`` with
    ``sigma^2 = n_x n_y / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1)))`` over the
    tie groups ``t`` and ``c`` R's continuity correction (``sign(W - E W) /
    2``, ``1/2`` or ``-1/2``) when ``correction``. Equals ``wilcox.test(x, y,
    exact = FALSE, correct = correction)``. If all observations are tied,
    ``sigma = 0`` and the p-value is 1 (R returns NaN).

    *Estimate and interval.* The estimate is the Hodges-Lehmann shift, the
    median of the ``n_x n_y`` differences ``x_i - y_j``. The interval is the
    set of shifts ``delta`` the test of ``x - delta`` against ``y`` does not
    reject at ``alpha / 2`` in either tail (``alpha`` one-sided), closed at
    its ends (Bauer 1972). Between consecutive differences no new ties
    arise and ``W`` counts the differences above ``delta``, so the ends are
    differences ``x_i - y_j``.

    - No ties within ``x`` nor within ``y``: the null is the tie-free one
      for every ``delta``, computed once, and the ends are R's order
      statistics from ``wilcox.test(x, y, exact = TRUE, conf.int = TRUE)``,
      including ``qu = 1`` when the level cannot be reached.
      ``conf_level_achieved`` is ``1 - 2 P(W <= qu - 1)`` (one-sided
      ``1 - P(W <= qu - 1)``), the level R reports with its warning
      "Requested conf.level not achievable" (no warning is issued here).
    - Ties within a sample: the conditional null changes with ``delta``, so
      the exact test is recomputed per open interval between distinct
      differences, at its midpoint. The search for each end starts from the
      guess given by the observed null, looks at the two neighbouring
      intervals, then steps outwards by doubling distances and bisects (in
      value), so a right guess costs two evaluations; it
      assumes the one-sided p-value is monotone in ``delta`` (checked against
      a brute-force scan in the tests). Each evaluation needs one tail only,
      so its programme drops partial sums that can no longer end in that
      tail. About five programmes per call in all; shifts with the same
      mid-ranks share one test and its programmes. ``conf_level_achieved``
      is one minus the attained sizes of the two one-sided tests under the
      nulls just inside the two ends; as the interval never extends past the
      extreme candidates, each test also rejects the extreme count (0 or all
      pairs, when possible), as R's ``qu = 1`` does.
    - Asymptotic method: the same inversion of the normal approximation,
      tie-corrected at each ``delta``. R's ``wilcox.test(exact = FALSE,
      conf.int = TRUE)`` finds the same jump points by ``uniroot`` to within
      ``tol.root = 1e-4`` and reports a root as the estimate, where this
      function reports the median difference. ``conf_level_achieved`` is the
      nominal level.

    *At scale.* Up to ``10**5`` differences are enumerated and sorted.
    Beyond that they are never stored: over the distinct values of ``x``
    and of ``-y``, sorted, with their counts, the differences form a matrix
    with sorted rows (over the sample with fewer distinct values, ``r`` of
    them) whose cell ``(p, q)`` stands for ``c_p c_q`` equal differences.
    An order statistic is found by narrowing, in each row, the active
    cells to a bracket of values around the wanted rank: two pivots from a
    random sample of 16,384 active cells (fixed seed), and the counts (with
    multiplicity) below and up to them (one ``searchsorted`` per row,
    corrected exactly where rounding misplaces it), about four rounds at
    ``10**6`` values; a round that does not halve the active cells is
    followed by a step of the selection of Johnson and Mizoguchi (1978) and
    Monahan (1984), whose pivot is the weighted median of the rows' medians.
    The last ``max(2**16, r)`` cells are enumerated and the rank selected by
    their counts. The interval search above asks for order statistics,
    counts and neighbouring values only, so both paths take the same steps
    and give the same floats, bit for bit. Memory is ``O(n_x + n_y)``, and
    each order statistic takes about ``O(r log^2 r)`` after one sort of
    each sample: 50,000 + 50,000 observations take about 0.02 s on 13
    values and 0.45 s untied, with at most 22 MiB; 20,000 + 70,000 CK
    changes (5,000 and 8,000 distinct values) 0.07 s
    (benchmarks/bench_rank_tests.py). The exact method still needs its
    dynamic programmes: ``method="auto"`` is asymptotic beyond 100
    observations, and ``method="exact"`` is refused (with
    :class:`ExactBudgetError`, in milliseconds) when its bound
    ``2 N m^2 (N - m)`` on the work
    (:func:`~myopathy_outcomes.stats._budget.rank_sum_work`; ``N`` the total,
    ``m`` the smaller sample), at
    :data:`~myopathy_outcomes.stats._budget.RANK_WORK_PER_SECOND` (1.5e9)
    units a second, exceeds ``budget_seconds`` (tied data: 180 + 180 took
    1.5 s, 100 + 450 3.3 s, 50 + 950 2.2 s, 10 + 4900 1.4 s, 300 + 300 about
    12 s and 600 + 600 two minutes).

    *Effect size.* The rank-biserial correlation ``2 W / (n_x n_y) - 1``
    (Kerby 2014): the proportion of pairs favouring ``x`` minus the
    proportion favouring ``y``.

    References
    ----------
    .. [1] Streitberg, B. and Röhmel, J. (1986). Exact distributions for
       permutation and rank tests: an introduction to some recently
       published algorithms. Statistical Software Newsletter 12, 10-17.
    .. [2] Hollander, M. and Wolfe, D. A. (1999). Nonparametric Statistical
       Methods, 2nd ed. Wiley, ch. 4.
    .. [3] Bauer, D. F. (1972). Constructing confidence sets using rank
       statistics. JASA 67, 687-690.
    .. [4] Kerby, D. S. (2014). The simple difference formula: an approach to
       teaching nonparametric correlation. Comprehensive Psychology 3, 1-9.
    .. [5] Johnson, D. B. and Mizoguchi, T. (1978). Selecting the Kth element
       in X + Y and X1 + X2 + ... + Xm. SIAM J. Comput. 7, 147-153.
    .. [6] Monahan, J. F. (1984). Algorithm 616: fast computation of the
       Hodges-Lehmann location estimator. ACM TOMS 10, 265-270.

    Examples
    --------
    Permeability constants of the placental membrane (Hollander and Wolfe,
    as in R's ``?wilcox.test``):

    >>> x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    >>> y = [1.15, 0.88, 0.90, 0.74, 1.21]
    >>> res = mann_whitney(x, y, alternative="greater")
    >>> res.statistic, res.method, round(res.pvalue, 6)
    (35.0, 'exact', 0.127206)
    >>> round(res.estimate, 4), res.conf_int[1]
    (0.305, inf)

    Tied data keep the test exact:

    >>> res = mann_whitney([2, 3, 3, 4, 5, 5], [1, 2, 2, 3, 3])
    >>> res.statistic, round(res.pvalue, 6), res.effect_size
    (25.0, 0.071429, 0.6666666666666667)
    """
    xs, ys, alt, meth, correct, level, budget = _mann_whitney_iv(
        x,
        y,
        alternative=alternative,
        method=method,
        correction=correction,
        conf_level=conf_level,
        nan_policy=nan_policy,
        budget_seconds=budget_seconds,
    )
    n_x, n_y = xs.size, ys.size
    n_total = n_x + n_y
    ranks, ties = midranks(np.concatenate((xs, ys)))
    statistic = float(ranks[:n_x].sum()) - n_x * (n_x + 1) / 2.0
    resolved: ResolvedMethod = (
        "exact"
        if meth == "exact" or (meth == "auto" and n_total <= AUTO_EXACT_MAX_TOTAL)
        else "asymptotic"
    )
    if resolved == "exact":
        check_seconds(
            rank_seconds(rank_sum_work(n_x, n_y)),
            budget,
            f"the exact rank-sum test of {n_x} + {n_y}",
        )
    differences = pairwise_differences(xs, ys)
    estimate = median(differences)

    guide: ShiftTest
    if resolved == "exact":
        null = rank_sum_null(ranks, n_x)
        pvalue = null.pvalue(statistic, alt)
        test_at = _exact_test_at(xs, ys, null if ties.size == n_total else None)
        guide = null  # close to the nulls between the differences
    else:
        guide = _normal_test(ties, n_x, n_y, correct)
        pvalue = normal_pvalue(statistic, guide.mean, guide.variance, alt, correct)
        test_at = _normal_test_at(xs, ys, correct)
    scale = max(float(np.max(np.abs(xs))), float(np.max(np.abs(ys))))
    interval = invert_shift_test(differences, test_at, guide, alt, level, scale=scale)
    return MannWhitneyResult(
        statistic=statistic,
        pvalue=pvalue,
        method=resolved,
        alternative=alt,
        estimate=estimate,
        conf_int=(interval.low, interval.high),
        conf_level=level,
        conf_level_achieved=interval.level_achieved,
        effect_size=2.0 * statistic / (n_x * n_y) - 1.0,
        n_x=n_x,
        n_y=n_y,
    )


def _normal_test(ties: IntArray, n_x: int, n_y: int, correction: bool) -> NormalShiftTest:
    """Normal approximation of ``W`` with R's tie-corrected variance."""
    n_total = n_x + n_y
    tie_term = float(np.sum(ties.astype(np.float64) ** 3 - ties)) / (n_total * (n_total - 1))
    variance = n_x * n_y / 12.0 * ((n_total + 1) - tie_term)
    return NormalShiftTest(n_x * n_y / 2.0, variance, correction)


def _exact_test_at(xs: FloatArray, ys: FloatArray, tie_free: ShiftTest | None) -> ShiftTestFactory:
    """Exact rank-sum test of ``x - delta`` against ``y``, as a function of ``delta``."""
    n_x, n_total = xs.size, xs.size + ys.size
    if np.unique(xs).size == n_x and np.unique(ys).size == ys.size:
        # Between differences the pooled sample has no ties: one tie-free null serves all.
        fixed = tie_free or rank_sum_null(np.arange(1.0, n_total + 1.0), n_x)
        return lambda shift: fixed

    # Shifts with the same multiset of mid-ranks share one test (and its programmes).
    tests: dict[tuple[bytes, float], RankSumTails] = {}

    def test_at(delta: float) -> ShiftTest:
        scores, unit = sorted_rank_scores(np.concatenate((xs - delta, ys)))
        key = (scores.tobytes(), unit)
        if key not in tests:
            tests[key] = RankSumTails.from_scores(scores, unit, n_x)
        return tests[key]

    return test_at


def _normal_test_at(xs: FloatArray, ys: FloatArray, correction: bool) -> ShiftTestFactory:
    """Normal approximation of the test of ``x - delta`` against ``y``, tie-corrected."""

    # Subtracting delta keeps x sorted, so the pooled sample is two sorted runs,
    # which a stable sort (timsort) merges in linear time; the tie groups come in
    # increasing order, as midranks gives them.
    x_sorted, y_sorted = np.sort(xs), np.sort(ys)

    def test_at(delta: float) -> ShiftTest:
        pooled = np.sort(np.concatenate((x_sorted - delta, y_sorted)), kind="stable")
        ties = np.diff(np.flatnonzero(np.concatenate(([True], pooled[1:] != pooled[:-1], [True]))))
        return _normal_test(ties.astype(np.int64), xs.size, ys.size, correction)

    return test_at
