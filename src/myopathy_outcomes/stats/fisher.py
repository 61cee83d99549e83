"""Fisher's exact test for 2 x 2 and R x C tables, with R's odds ratio and interval."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from myopathy_outcomes.stats._budget import DEFAULT_BUDGET_SECONDS, check_budget_seconds
from myopathy_outcomes.stats._contingency import as_count_table, as_tuple
from myopathy_outcomes.stats._fisher.network import (
    EXACT_BUDGET,
    ExactBudgetError,
    two_sided_pvalue,
)
from myopathy_outcomes.stats._fisher.two_by_two import ConditionalOddsRatio, sample_odds_ratio
from myopathy_outcomes.stats._vocabulary import (
    ALTERNATIVES,
    Alternative,
    check_choice,
    check_conf_level,
)
from myopathy_outcomes.stats.results import FisherResult

__all__ = ["EXACT_BUDGET", "ExactBudgetError", "fisher_exact"]


def fisher_exact(
    table: ArrayLike,
    *,
    alternative: Alternative = "two-sided",
    conf_level: float = 0.95,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
) -> FisherResult:
    """Fisher's exact test of independence in a two-way table of counts.

    Parameters
    ----------
    table : array_like of int, shape (R, C)
        Counts, at least 2 x 2, non-negative whole numbers, with no row or
        column that is all zero.
    alternative : {"two-sided", "less", "greater"}, default "two-sided"
        For a 2 x 2 table ``[[a, b], [c, d]]``, "less" and "greater" test an
        odds ratio below or above 1 (``a`` small or large given the margins).
        Tables larger than 2 x 2 allow only "two-sided".
    conf_level : float, default 0.95
        Confidence level of the interval for the odds ratio (2 x 2 only).
    budget_seconds : float, default 10
        Time budget of the exact computation, in estimated seconds on the
        development machine (R's ``workspace`` is the precedent); raise it
        to compute larger tables, ``math.inf`` removes the limit.

    Returns
    -------
    FisherResult
        ``pvalue``; ``method`` (``"exact"``); ``alternative``; ``table`` as
        given; for 2 x 2 tables also ``odds_ratio`` (conditional maximum
        likelihood estimate), ``conf_int`` (exact conditional interval),
        ``conf_level``, ``sample_odds_ratio`` (``a d / (b c)``) and ``mid_p``.
        These are ``None`` for larger tables.

    Raises
    ------
    TypeError
        For an argument of the wrong kind, naming it (``table`` that is no
        table of counts, such as ``None``, a set or booleans; a
        ``conf_level`` that is no number; an ``alternative`` that is no
        string).
    ValueError
        For an invalid table or argument.
    ExactBudgetError
        (a ``ValueError``) when the exact computation would take longer than
        ``budget_seconds``: raise it, or use
        :func:`~myopathy_outcomes.stats.chi_square.chi_square`.

    Notes
    -----
    Under independence, with the margins fixed, a table has the multivariate
    hypergeometric probability ``prod(r_i!) prod(c_j!) / (N! prod(n_ij!))``.
    The two-sided p-value is R's: the total probability of all tables with
    the observed margins whose probability is at most the observed table's
    times ``1 + 1e-7``. For 2 x 2 tables the one-sided p-values are the tails
    of the hypergeometric distribution of ``a``.

    For a 2 x 2 table the odds ratio, interval and p-values equal
    ``fisher.test(m, alternative = ..., conf.level = ...)``: the estimate
    solves ``E[a; psi] = a`` under the noncentral hypergeometric
    distribution, and the interval limits solve ``P(A >= a; psi) = alpha/2``
    and ``P(A <= a; psi) = alpha/2``, with bounds ``0`` and ``inf`` when
    ``a`` is at the end of its range. R finds these roots with ``uniroot()``
    at its default tolerance (about 1e-4); the same iteration is run here, on
    sums as exact as R's extended-precision ``sum()``, so the numbers are R's
    (to about 1e-13 relative) rather than the more accurate roots. As in R, a
    one-sided alternative gives a one-sided interval, ``(0, upper)`` for
    "less" and ``(lower, inf)`` for "greater".

    For larger tables the p-value equals ``fisher.test(m, workspace = 2e7)``
    (R uses the FEXACT network algorithm of Mehta and Patel). Here it is
    computed exactly and deterministically by a network algorithm too (see
    ``_fisher.network``), with exact bounds, fixed-point log-probabilities
    and a meet-in-the-middle last step. The budget: the network counts its
    work as it goes, ``UNITS_PER_SECOND`` (4 million) work units per second
    of ``budget_seconds``, and a table that needs more raises
    :class:`ExactBudgetError` as soon as the count passes the budget (it is
    checked before every large step), so such a refusal takes about
    ``budget_seconds``. A 2 x 2 table is refused before any work when its
    top-left count has more than ``SUPPORT_PER_SECOND`` (200,000) possible
    values per second of the budget (two million by default). Clinical
    tables are far inside: 2 x 5 with a total of 200 takes about 2 ms, the
    3 x 3 and 3 x 4 tables of the R reference file at most about 60 ms; 4 x 4
    or 3 x 5 tables reach the default budget at totals of 100 to 150, 2 x 5
    tables near 2000. Larger tables are computable with a larger budget: a
    4 x 4 table with a total of 160, which R's ``fisher.test`` computes in
    1.2 s, takes about 50 million units (26 s on a busy machine), one with
    a total of 213 (R: 80 s) about 140 s.

    ``mid_p`` is the p-value less half the probability of the tables that
    tie with the observed one: ``P(A < a) + P(A = a) / 2`` for "less" (and
    symmetrically for "greater"), and for "two-sided" the probability of the
    strictly less probable tables plus half that of the equally probable
    ones (within R's ``1e-7``). R's ``fisher.test`` has no mid-p;
    ``epitools::ormidp.test`` doubles the smaller one-sided mid-p instead.

    ``sample_odds_ratio`` is ``inf`` when ``b c`` is 0 (``a d`` is then
    positive, as no row or column is empty).

    Unlike R, a table with an all-zero row or column is rejected rather
    than analysed (it carries no information about association), and
    non-integer counts raise an error instead of being rounded with a warning.

    References
    ----------
    .. [1] Fisher, R. A. (1935). The logic of inductive inference. Journal of
       the Royal Statistical Society, 98(1), 39-82.
    .. [2] Agresti, A. (1992). A survey of exact inference for contingency
       tables. Statistical Science, 7(1), 131-153.
    .. [3] Mehta, C. R. and Patel, N. R. (1983). A network algorithm for
       performing Fisher's exact test in r x c contingency tables. Journal of
       the American Statistical Association, 78(382), 427-434.

    Examples
    --------
    >>> res = fisher_exact([[10, 3], [2, 12]])
    >>> round(res.pvalue, 6)
    0.001838
    >>> round(res.odds_ratio, 4), tuple(round(v, 3) for v in res.conf_int)
    (17.117, (2.149, 245.828))
    >>> res.sample_odds_ratio
    20.0
    >>> round(fisher_exact([[10, 3], [2, 12]], alternative="greater").pvalue, 6)
    0.001561
    >>> round(fisher_exact([[12, 8, 1, 15], [11, 11, 6, 14]]).pvalue, 6)
    0.320022
    """
    counts, alt, level, budget = _fisher_exact_iv(table, alternative, conf_level, budget_seconds)
    given = as_tuple(counts)
    if counts.shape != (2, 2):
        return FisherResult(
            pvalue=two_sided_pvalue(counts, budget_seconds=budget),
            alternative=alt,
            estimate=None,
            conf_int=None,
            conf_level=None,
            table=given,
            sample_odds_ratio=None,
            mid_p=None,
        )
    a, b, c, d = (int(v) for v in counts.ravel())
    dist = ConditionalOddsRatio(a, b, c, d, budget_seconds=budget)
    return FisherResult(
        pvalue=dist.pvalue(alt),
        alternative=alt,
        estimate=dist.mle(),
        conf_int=dist.conf_int(alt, level),
        conf_level=level,
        table=given,
        sample_odds_ratio=sample_odds_ratio(a, b, c, d),
        mid_p=dist.mid_pvalue(alt),
    )


def _fisher_exact_iv(
    table: ArrayLike, alternative: object, conf_level: float, budget_seconds: object
) -> tuple[NDArray[np.int64], Alternative, float, float]:
    """Validate the arguments of :func:`fisher_exact`; return them in working form."""
    counts = as_count_table(table)
    alt = check_choice("alternative", alternative, ALTERNATIVES)
    level = check_conf_level(conf_level)
    budget = check_budget_seconds(budget_seconds)
    if alt != "two-sided" and counts.shape != (2, 2):
        nrow, ncol = counts.shape
        raise ValueError(
            f"alternative={alt!r} applies only to 2 x 2 tables; this table is "
            f"{nrow} x {ncol}: use alternative='two-sided'"
        )
    return counts, alt, level, budget
