"""The Table 1 rule: which test compares a categorical characteristic between groups."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from myopathy_outcomes.stats._contingency import as_count_table
from myopathy_outcomes.stats.chi_square import chi_square
from myopathy_outcomes.stats.fisher import ExactBudgetError, fisher_exact
from myopathy_outcomes.stats.results import ChiSquareResult, FisherResult

__all__ = ["TABLE1_BUDGET_SECONDS", "categorical_test"]

#: The Table 1 rule's budget for Fisher's test, in estimated seconds: the
#: former fixed budgets (20 million network units, a 2 x 2 support of a
#: million), so that the rule chooses the same test for every table as before.
TABLE1_BUDGET_SECONDS: Final = 5.0


def categorical_test(
    table: ArrayLike, *, budget_seconds: float = TABLE1_BUDGET_SECONDS
) -> FisherResult | ChiSquareResult:
    """Compare a categorical characteristic between groups by the Table 1 rule.

    Rule: Fisher's exact test (two-sided) for every table while it is
    affordable, that is while the exact computation stays within
    ``budget_seconds``; Pearson's
    chi-square test (R's default ``chisq.test``, Yates' correction for 2 x 2
    tables) beyond that. The rule does not look at expected counts: the exact
    test is valid at any sample size, so it is preferred whenever it can be
    computed, and the chi-square test is only the fallback for large tables.

    Parameters
    ----------
    table : array_like of int, shape (R, C)
        Counts, groups by categories (either orientation), as for
        :func:`~myopathy_outcomes.stats.fisher.fisher_exact`.
    budget_seconds : float, default ``TABLE1_BUDGET_SECONDS`` (5)
        Fisher's budget (see :func:`~myopathy_outcomes.stats.fisher.fisher_exact`);
        a larger one keeps larger tables exact.

    Returns
    -------
    FisherResult or ChiSquareResult
        The result of the test chosen; its ``test`` field names it.

    Notes
    -----
    2 x 2 tables are within the budget up to totals in the millions, as are
    the usual clinical tables (2 x 5 with a total up to about 2000, 3 x 4 up
    to about 200); 4 x 4 and larger tables reach it near a total of 100. The
    choice is deterministic: the same table always gets the same test. In R
    terms: ``fisher.test(m)`` if it finishes, else ``chisq.test(m)``.

    References
    ----------
    .. [1] Fisher, R. A. (1935). The logic of inductive inference. Journal of
       the Royal Statistical Society, 98(1), 39-82.
    .. [2] Agresti, A. (1992). A survey of exact inference for contingency
       tables. Statistical Science, 7(1), 131-153.

    Examples
    --------
    >>> categorical_test([[10, 3], [2, 12]]).test
    "Fisher's exact"
    >>> categorical_test([[40] * 8, [45] * 8, [35] * 8, [50] * 8]).test
    "Pearson's chi-square"
    """
    counts = _categorical_test_iv(table)
    try:
        return fisher_exact(counts, budget_seconds=budget_seconds)
    except ExactBudgetError:
        return chi_square(counts)


def _categorical_test_iv(table: ArrayLike) -> NDArray[np.int64]:
    """Validate the argument of :func:`categorical_test`; return the table as counts."""
    return as_count_table(table)
