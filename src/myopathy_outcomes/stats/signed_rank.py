"""Wilcoxon signed-rank test for paired samples, exact for any pattern of ties and zeros."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._arrays import FloatArray
from myopathy_outcomes.stats._budget import (
    DEFAULT_BUDGET_SECONDS,
    RANK_EXACT_BUDGET,
    ExactBudgetError,
    check_budget_seconds,
    check_seconds,
    rank_seconds,
    signed_rank_work,
)
from myopathy_outcomes.stats._rank.inference import (
    NormalShiftTest,
    ShiftTest,
    ShiftTestFactory,
    invert_shift_test,
    normal_pvalue,
)
from myopathy_outcomes.stats._rank.input import as_sample, missing_text
from myopathy_outcomes.stats._rank.null import signed_rank_null
from myopathy_outcomes.stats._rank.order_select import median, walsh_averages
from myopathy_outcomes.stats._rank.scores import midranks, sorted_midranks, sorted_rank_scores
from myopathy_outcomes.stats._rank.tails import SignedRankTails
from myopathy_outcomes.stats._vocabulary import (
    ALTERNATIVES,
    ESTIMATE_ZEROS,
    METHODS,
    NAN_POLICIES,
    ZERO_METHODS,
    Alternative,
    EstimateZeros,
    Method,
    NanPolicy,
    ResolvedMethod,
    ZeroMethod,
    check_choice,
    check_conf_level,
)
from myopathy_outcomes.stats.results import WilcoxonResult

__all__ = [
    "AUTO_EXACT_MAX_N",
    "ESTIMATE_ZEROS",
    "RANK_EXACT_BUDGET",
    "ZERO_METHODS",
    "EstimateZeros",
    "ExactBudgetError",
    "ZeroMethod",
    "paired_wilcoxon",
]

#: ``method="auto"`` is exact up to this many pairs: about 12 ms per call on
#: tied data, interval included (benchmarks/bench_rank_tests.py; n = 1000
#: takes about 0.35 s). ``method="exact"`` goes up to the work budget.
AUTO_EXACT_MAX_N: Final = 300


def _paired_wilcoxon_iv(
    x: ArrayLike,
    y: ArrayLike | None,
    *,
    alternative: object,
    zero_method: object,
    estimate_zeros: object,
    method: object,
    correction: object,
    conf_level: float,
    nan_policy: object,
    budget_seconds: object,
) -> tuple[FloatArray, Alternative, ZeroMethod, EstimateZeros, Method, bool, float, float]:
    """Validate the arguments of :func:`paired_wilcoxon`; return the differences and choices."""
    alt = check_choice("alternative", alternative, ALTERNATIVES)
    zeros = check_choice("zero_method", zero_method, ZERO_METHODS)
    hl_zeros = check_choice("estimate_zeros", estimate_zeros, ESTIMATE_ZEROS)
    meth = check_choice("method", method, METHODS)
    policy = check_choice("nan_policy", nan_policy, NAN_POLICIES)
    if not isinstance(correction, bool | np.bool_):
        raise TypeError(f"correction must be True or False; got {correction!r}")
    level = check_conf_level(conf_level)
    budget = check_budget_seconds(budget_seconds)
    xs = as_sample("x", x)
    if y is None:
        d = xs
    else:
        ys = as_sample("y", y)
        if xs.size != ys.size:
            raise ValueError(
                "x and y must have the same length for a paired test; "
                f"got len(x) = {xs.size} and len(y) = {ys.size}"
            )
        d = xs - ys
    if d.size == 0:
        raise ValueError("x is empty; the signed-rank test needs at least one pair")
    missing = np.isnan(d)
    if missing.any():
        if policy == "raise":
            raise ValueError(
                f"{missing_text(int(missing.sum()), d.size, 'the data', 'pairs')}; "
                "pass nan_policy='omit' to drop those pairs"
            )
        d = d[~missing]
    if not np.any(d != 0):
        raise ValueError(
            f"no non-zero differences left ({d.size} pairs, all zero or missing); "
            "the signed-rank test needs at least one"
        )
    return d, alt, zeros, hl_zeros, meth, bool(correction), level, budget


def paired_wilcoxon(
    x: ArrayLike,
    y: ArrayLike | None = None,
    *,
    alternative: Alternative = "two-sided",
    zero_method: ZeroMethod = "wilcox",
    estimate_zeros: EstimateZeros = "keep",
    method: Method = "auto",
    correction: bool = True,
    conf_level: float = 0.95,
    nan_policy: NanPolicy = "raise",
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
) -> WilcoxonResult:
    """Wilcoxon signed-rank test of paired samples, with Hodges-Lehmann estimate and interval.

    Parameters
    ----------
    x : array_like
        First measurements, or the differences themselves when ``y`` is None.
        Finite numbers (NaN, ``None`` or a masked entry of a ``numpy.ma``
        array marks a missing value, see ``nan_policy``) of
        magnitude at most ``2**1000`` (about 1.07e301), so that differences,
        Walsh averages and the shifts of the interval search stay finite.
    y : array_like, optional
        Second measurements, as ``x``; the test is on ``d = x - y``.
    alternative : {"two-sided", "less", "greater"}
        "greater": ``d`` tends to be positive (``x`` larger than ``y``).
    zero_method : {"wilcox", "pratt"}
        "wilcox" drops zero differences before ranking (R). "pratt" ranks the
        absolute differences including the zeros and then leaves the zeros'
        ranks out (coin's ``zero.method = "Pratt"``). Both concern the
        statistic and p-value; for the estimate see ``estimate_zeros``.
    estimate_zeros : {"keep", "drop"}
        Zero differences in the Hodges-Lehmann estimate and its interval.
        "keep" (the default): the Walsh averages of all differences, zeros
        included, the estimator of Hollander and Wolfe for the pseudomedian
        of the pairs. "drop": of the non-zero differences only, as R does;
        this equals ``exactRankTests::wilcox.exact(x, y, paired = TRUE,
        conf.int = TRUE)`` and ``wilcox.test(d[d != 0], exact = TRUE,
        conf.int = TRUE)`` when the non-zero ``|d|`` are distinct (see Notes
        for tied ones). The statistic and p-value are the same either way.
    method : {"auto", "exact", "asymptotic"}
        "exact": the exact conditional null distribution given the observed
        mid-ranks, within ``budget_seconds`` (by default up to about 1950
        pairs; see Notes). "asymptotic": normal approximation. "auto": exact
        for at most ``AUTO_EXACT_MAX_N`` (300) pairs, asymptotic beyond.
    correction : bool
        Continuity correction of the normal approximation (asymptotic only).
    conf_level : float
        Confidence level of the interval, in (0, 1).
    nan_policy : {"raise", "omit"}
        "raise" refuses missing values; "omit" drops every pair in which
        ``x`` or ``y`` is missing (NaN, ``None`` or masked).
    budget_seconds : float, default 10
        The exact method's time budget, in estimated seconds on the
        development machine (R's ``workspace`` is the precedent): an exact
        test estimated to take longer is refused before any work is done.
        Raise it to compute larger exact tests; ``math.inf`` removes the limit.

    Returns
    -------
    WilcoxonResult
        ``statistic`` (R's V), ``pvalue``, the resolved ``method``, ``n``
        (non-zero differences), ``n_zeros``, ``estimate``, ``conf_int``,
        ``conf_level_achieved`` and ``effect_size``.

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
    With ``r_i`` the (mid)ranks of ``|d_i|`` (see ``zero_method``), the
    statistic is ``V = sum(r_i for d_i > 0)``. Under the null hypothesis of a
    distribution symmetric about zero every sign is equally likely, so ``V``
    is distributed as ``sum(r_i B_i)`` with independent fair coins ``B_i``.

    *Exact.* The distribution is computed by the shift algorithm of
    Streitberg and Röhmel on the integers ``2 r_i / g`` (``g`` their greatest
    common divisor), over the lower half of the support only (it is
    symmetric about ``sum(r_i) / 2``). ``"two-sided"`` is
    ``P(|V - E V| >= |v - E V|)``, i.e. twice the smaller tail. Because the
    support is integer, comparisons with the observed value are exact. This
    equals ``exactRankTests::wilcox.exact(x, y, paired = TRUE, exact = TRUE)``
    for ``zero_method="wilcox"`` and, for ``"pratt"``,
    ``coin::wilcoxsign_test(x ~ y, zero.method = "Pratt", distribution =
    "exact")``. R's ``wilcox.test`` gives the same values without ties and
    zeros and refuses to be exact otherwise.

    *Asymptotic.* ``z = (V - sum(r_i) / 2 - c) / sqrt(sum(r_i**2) / 4)``,
    with ``c = sign(V - E V) / 2`` (two-sided), ``1/2`` (greater) or
    ``-1/2`` (less) when ``correction`` and 0 otherwise. For "wilcox" the
    variance equals R's tie-corrected ``n(n+1)(2n+1)/24 - sum(t^3 - t)/48``,
    so this equals ``wilcox.test(x, y, paired = TRUE, exact = FALSE, correct
    = correction)``. For "pratt" the same formula runs on the Pratt ranks;
    with ``correction=False`` it equals coin's asymptotic
    ``wilcoxsign_test(..., zero.method = "Pratt")``.

    *Estimate and interval.* The estimate is the Hodges-Lehmann pseudomedian,
    the median of the ``n(n+1)/2`` Walsh averages ``(d_i + d_j) / 2``,
    ``i <= j``, of all differences (zeros included), or of the non-zero ones
    with ``estimate_zeros="drop"``, and ``d`` below is then those. Zeros
    pull the estimate towards 0: on exactRankTests' ``sal`` data (4 zeros
    in 20 pairs) "keep" gives 96.75 (33 to 220.5), "drop" R's 137.75 (54 to
    292). The interval is the set
    of shifts ``mu`` the test of ``d - mu`` does not reject at
    ``alpha / 2`` in either tail (``alpha`` for one-sided alternatives),
    closed at its ends (Bauer 1972). Between consecutive Walsh averages no
    difference is zero or newly tied, and ``V`` counts the Walsh averages
    above ``mu``, so the ends are Walsh averages.

    - Distinct differences (the open-interval null is then the tie-free
      one): the null distribution is computed once and the ends are the
      order statistics R's ``wilcox.test(..., exact = TRUE, conf.int = TRUE)``
      uses, including ``qu = 1`` when the level cannot be reached (with
      zeros dropped, those of ``wilcox.exact``, which R's ``wilcox.test``
      refuses to compute exactly when there are zeros).
      ``conf_level_achieved`` is ``1 - 2 P(V <= qu - 1)`` (one-sided:
      ``1 - P(V <= qu - 1)``), the coverage R reports when it warns "requested
      conf.level not achievable" (R rounds it to two digits; no warning is
      issued here).
    - Repeated differences: the conditional null changes with ``mu``
      (mid-ranks of tied groups move), so the exact test is recomputed per
      open interval between distinct Walsh averages, at its midpoint. The
      search for each end starts from the guess given by one null (the
      observed one, or with zero differences the one at the estimate), looks
      at the two neighbouring intervals, then steps outwards by doubling
      distances and bisects (in value), so a right guess costs two
      evaluations; it assumes the one-sided p-value is monotone in
      ``mu`` (checked against a brute-force scan in the tests). Each
      evaluation needs one tail only, so its programme is truncated at the
      observed sum. About five programmes per call in all;
      shifts with the same mid-ranks share one test and its programmes.
      ``conf_level_achieved`` is one minus the attained sizes of the two
      one-sided tests under the nulls just inside the two ends; as the
      interval never extends past the extreme candidates, each test also
      rejects the extreme count (0 or all pairs), as R's ``qu = 1`` does.
      ``wilcox.exact`` computes no such interval: with tied ``|d|`` it uses
      the null of the observed ranks at every shift, and its estimate is the
      midpoint of two Walsh averages next to ``E V`` (0.75 where their
      median is 1, for example), so it can differ here; the reference is an
      exact inversion in R (``tests/stats/data/rank_inversion.R``).
    - Asymptotic method: the same inversion of the normal approximation with
      the tie correction at each ``mu``. R's ``wilcox.test(exact = FALSE,
      conf.int = TRUE)`` finds the same jump points by ``uniroot`` to within
      ``tol.root = 1e-4``. Differences from R: R drops zero differences
      before computing the interval (as ``estimate_zeros="drop"`` does),
      doubles ``alpha`` when the statistic at ``min(d)`` or ``max(d)`` does
      not reach the normal quantile (where it warns that the level is not
      achievable), and reports a root of the statistic as the estimate
      (136.9466 on ``sal``); the last two are not done here.
      ``conf_level_achieved`` is the nominal level.

    *At scale.* Up to ``10**5`` Walsh averages are enumerated and sorted.
    Beyond that they are never stored: over the ``m`` distinct values
    ``u_p`` of ``d``, sorted, with their counts ``c_p``, row ``p`` of the
    averages ``(u_p + u_q) / 2``, ``q >= p``, is sorted, and its cell ``q``
    stands for ``c_p c_q`` averages (``c_p (c_p + 1) / 2`` for ``q = p``).
    An order statistic is found by narrowing, in each row, the active
    cells to a bracket of values around the wanted rank: two pivots from a
    random sample of 16,384 active cells (fixed seed), and the counts (with
    multiplicity) below and up to them (one ``searchsorted`` per row,
    corrected exactly where rounding misplaces it), about four rounds at
    ``10**6`` values; a round that does not halve the active cells is
    followed by a step of the selection of Johnson and Mizoguchi (1978) and
    Monahan (1984), whose pivot is the weighted median of the rows' medians.
    The last ``max(2**16, m)`` cells are enumerated and the rank selected by
    their counts. The interval search above asks for order statistics,
    counts and neighbouring values only, so both paths take the same steps
    and give the same floats, bit for bit. Memory is ``O(n)``, and each
    order statistic takes about ``O(m log^2 m)`` after one sort of ``d``.
    Registry data are heavily tied (70,000 CK changes in whole U/L hold
    about 8,000 distinct values): such a test takes 0.1 to 0.2 s, 100,000
    pairs on a 0.5 grid 0.07 s and 6 MiB, 100,000 untied differences 0.8 s
    (benchmarks/bench_rank_tests.py). The exact method still needs its
    dynamic programmes, whose size grows as ``n**3``: ``method="auto"`` is
    asymptotic beyond 300 pairs, and ``method="exact"`` is refused (with
    :class:`ExactBudgetError`, in milliseconds) when its bound
    ``2 n^2 (n + 1)`` on the work
    (:func:`~myopathy_outcomes.stats._budget.signed_rank_work`, ``n`` all
    differences, zeros included), at
    :data:`~myopathy_outcomes.stats._budget.RANK_WORK_PER_SECOND` (1.5e9)
    units a second, exceeds ``budget_seconds``: by default (10 s) beyond
    about 1950 differences (1350 tied pairs took 2.4 s, 1000 0.5 s, 2000
    about 11 s).

    *Effect size.* The matched-pairs rank-biserial correlation
    ``(V - V_minus) / (V + V_minus)`` with ``V_minus`` the rank sum of the
    negative differences (Kerby 2014); for "pratt" the zeros' ranks are left
    out of both sums.

    References
    ----------
    .. [1] Streitberg, B. and Röhmel, J. (1986). Exact distributions for
       permutation and rank tests: an introduction to some recently
       published algorithms. Statistical Software Newsletter 12, 10-17.
    .. [2] Hollander, M. and Wolfe, D. A. (1999). Nonparametric Statistical
       Methods, 2nd ed. Wiley, ch. 3.
    .. [3] Bauer, D. F. (1972). Constructing confidence sets using rank
       statistics. JASA 67, 687-690.
    .. [4] Kerby, D. S. (2014). The simple difference formula: an approach to
       teaching nonparametric correlation. Comprehensive Psychology 3, 1-9.
    .. [5] Pratt, J. W. (1959). Remarks on zeros and ties in the Wilcoxon
       signed rank procedures. JASA 54, 655-667.
    .. [6] Johnson, D. B. and Mizoguchi, T. (1978). Selecting the Kth element
       in X + Y and X1 + X2 + ... + Xm. SIAM J. Comput. 7, 147-153.
    .. [7] Monahan, J. F. (1984). Algorithm 616: fast computation of the
       Hodges-Lehmann location estimator. ACM TOMS 10, 265-270.

    Examples
    --------
    Hamilton depression scores before and after treatment (Hollander and
    Wolfe, as in R's ``?wilcox.test``):

    >>> x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    >>> y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    >>> res = paired_wilcoxon(x, y)
    >>> res.statistic, res.method, res.pvalue
    (40.0, 'exact', 0.0390625)
    >>> round(res.estimate, 4), [round(b, 4) for b in res.conf_int]
    (0.46, [0.01, 0.786])
    >>> res.conf_level_achieved, round(res.effect_size, 4)
    (0.9609375, 0.7778)

    Tied and zero differences keep the test exact:

    >>> res = paired_wilcoxon([3, 4, 4, 5, 6, 6, 7], [3, 3, 2, 4, 4, 5, 5])
    >>> res.n, res.n_zeros, res.statistic, res.pvalue
    (6, 1, 21.0, 0.03125)

    With zero differences the estimate keeps them by default; R drops them
    (exactRankTests' ``sal`` data, salivary output before and after):

    >>> pre = [149, 0, 0, 259, 106, 255, 0, 52, 340, 65, 180, 0, 84, 89, 212, 554, 500,
    ...        424, 112, 2600]
    >>> post = [0, 51, 0, 385, 0, 235, 0, 0, 48, 65, 77, 0, 0, 0, 53, 150, 0, 165, 98, 0]
    >>> res = paired_wilcoxon(pre, post)
    >>> res.n_zeros, res.estimate, res.conf_int
    (4, 96.75, (33.0, 220.5))
    >>> res = paired_wilcoxon(pre, post, estimate_zeros="drop")  # wilcox.exact's
    >>> res.estimate, res.conf_int
    (137.75, (54.0, 292.0))
    """
    d, alt, zeros, estimate_zeros_, meth, correct, level, budget = _paired_wilcoxon_iv(
        x,
        y,
        alternative=alternative,
        zero_method=zero_method,
        estimate_zeros=estimate_zeros,
        method=method,
        correction=correction,
        conf_level=conf_level,
        nan_policy=nan_policy,
        budget_seconds=budget_seconds,
    )
    nonzero = d != 0
    n = int(nonzero.sum())
    if zeros == "wilcox":
        ranks, _ = midranks(np.abs(d[nonzero]))
    else:
        ranks = midranks(np.abs(d))[0][nonzero]
    positive = d[nonzero] > 0
    statistic = float(ranks[positive].sum())
    rank_total = float(ranks.sum())
    resolved: ResolvedMethod = (
        "exact"
        if meth == "exact" or (meth == "auto" and d.size <= AUTO_EXACT_MAX_N)
        else "asymptotic"
    )
    if resolved == "exact":
        check_seconds(
            rank_seconds(signed_rank_work(d.size)),
            budget,
            f"the exact signed-rank test of {d.size} differences",
        )
    # The Hodges-Lehmann estimate and interval: over every difference, or the non-zero ones.
    hl = d if estimate_zeros_ == "keep" else d[nonzero]
    walsh = walsh_averages(hl)
    estimate = median(walsh)

    guide: ShiftTest
    if resolved == "exact":
        null = signed_rank_null(ranks)
        pvalue = null.pvalue(statistic, alt)
        if hl.size == n:  # no zero among hl
            # The observed ranks are those of |hl| unless Pratt's ranks counted zeros.
            own = null if n == d.size or zeros == "wilcox" else None
            hl_ranks = ranks if own is not None else midranks(np.abs(hl))[0]
            hl_null = own or signed_rank_null(hl_ranks)
            test_at = _exact_test_at(hl, hl_null if _all_distinct(hl_ranks) else None)
            # The observed null is close to the nulls between Walsh averages.
            guide = hl_null
        else:
            test_at = _exact_test_at(hl, None)
            # With zeros the null at the estimate is close to those nulls.
            guide = signed_rank_null(sorted_midranks(np.abs(hl - estimate)))
    else:
        variance = float(ranks @ ranks) / 4.0
        pvalue = normal_pvalue(statistic, rank_total / 2.0, variance, alt, correct)
        test_at = _normal_test_at(hl, correct)
        guide = test_at(estimate)
    interval = invert_shift_test(
        walsh, test_at, guide, alt, level, scale=float(np.max(np.abs(hl)))
    )
    return WilcoxonResult(
        statistic=statistic,
        pvalue=pvalue,
        method=resolved,
        alternative=alt,
        estimate=estimate,
        conf_int=(interval.low, interval.high),
        conf_level=level,
        conf_level_achieved=interval.level_achieved,
        effect_size=(2.0 * statistic - rank_total) / rank_total,
        n=n,
        n_zeros=d.size - n,
        zero_method=zeros,
        estimate_zeros=estimate_zeros_,
    )


def _all_distinct(values: FloatArray) -> bool:
    return bool(np.unique(values).size == values.size)


def _exact_test_at(d: FloatArray, tie_free: ShiftTest | None) -> ShiftTestFactory:
    """Exact signed-rank test of ``d - mu``, as a function of ``mu``."""
    if _all_distinct(d):
        # Between Walsh averages |d - mu| has no ties: one tie-free null serves all mu.
        fixed = tie_free or signed_rank_null(np.arange(1.0, d.size + 1.0))
        return lambda shift: fixed

    # Shifts with the same multiset of mid-ranks share one test (and its programmes).
    tests: dict[tuple[bytes, float], SignedRankTails] = {}

    def test_at(mu: float) -> ShiftTest:
        scores, unit = sorted_rank_scores(np.abs(d - mu))
        key = (scores.tobytes(), unit)
        if key not in tests:
            tests[key] = SignedRankTails.from_scores(scores, unit)
        return tests[key]

    return test_at


def _normal_test_at(d: FloatArray, correction: bool) -> ShiftTestFactory:
    """Normal approximation of the signed-rank test of ``d - mu``, tie-corrected."""

    def test_at(mu: float) -> ShiftTest:
        shifted = d - mu
        ranks = midranks(np.abs(shifted[shifted != 0]))[0]
        return NormalShiftTest(float(ranks.sum()) / 2.0, float(ranks @ ranks) / 4.0, correction)

    return test_at
