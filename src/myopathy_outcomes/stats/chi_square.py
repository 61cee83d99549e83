"""Pearson's chi-square test of independence in a two-way table, as R's ``chisq.test``."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import chdtrc

from myopathy_outcomes.stats._contingency import as_count_table, as_tuple
from myopathy_outcomes.stats.results import ChiSquareResult

__all__ = ["chi_square"]


def chi_square(table: ArrayLike, *, correction: bool = True) -> ChiSquareResult:
    """Pearson's chi-square test of independence, with Yates' correction for 2 x 2 tables.

    Parameters
    ----------
    table : array_like of int, shape (R, C)
        Counts, at least 2 x 2, non-negative whole numbers, with no row or
        column that is all zero.
    correction : bool, default True
        Apply Yates' continuity correction. As in R it is applied to 2 x 2
        tables only; for larger tables it is ignored.

    Returns
    -------
    ChiSquareResult
        ``statistic`` (X-squared), ``df``, ``pvalue`` (upper chi-square
        tail), ``method`` (``"asymptotic"``), ``correction`` (whether the
        correction was applied), ``table`` and ``expected`` counts; the
        ``min_expected`` property gives the smallest expected count.

    Raises
    ------
    TypeError
        For a ``table`` that is no table of counts (``None``, a set, a
        generator, booleans) or a ``correction`` that is no bool.
    ValueError
        For an invalid table (see :func:`~myopathy_outcomes.stats.fisher.fisher_exact`).

    Notes
    -----
    With row sums ``r_i``, column sums ``c_j`` and total ``N``, the expected
    counts are ``E_ij = r_i c_j / N`` and

    ``X^2 = sum((|O_ij - E_ij| - Y)^2 / E_ij)``,  ``df = (R - 1)(C - 1)``,

    where ``Y = min(0.5, min |O_ij - E_ij|)`` for a 2 x 2 table with
    ``correction=True`` and ``Y = 0`` otherwise. ``correction`` in the result
    is ``True`` only when ``Y > 0``, as R names the method. This equals
    ``chisq.test(m, correct = correction)``; R warns when an expected count
    is below 5, which is left to the caller here (``min_expected``). Unlike
    R, a table with an all-zero row or column is rejected (R returns NaN).

    References
    ----------
    .. [1] Pearson, K. (1900). On the criterion that a given system of
       deviations from the probable ... Philosophical Magazine, 50, 157-175.
    .. [2] Yates, F. (1934). Contingency tables involving small numbers and
       the chi-squared test. Supplement to the Journal of the Royal
       Statistical Society, 1(2), 217-235.
    .. [3] Agresti, A. (1992). A survey of exact inference for contingency
       tables. Statistical Science, 7(1), 131-153.

    Examples
    --------
    >>> res = chi_square([[10, 3], [2, 12]])
    >>> round(res.statistic, 4), res.df, round(res.pvalue, 6), res.correction
    (8.3244, 1, 0.003912, True)
    >>> round(chi_square([[10, 3], [2, 12]], correction=False).statistic, 4)
    10.711
    >>> round(chi_square([[12, 8, 1, 15], [11, 11, 6, 14]]).min_expected, 3)
    3.231
    """
    counts, correct = _chi_square_iv(table, correction)
    observed = counts.astype(np.float64)
    total = observed.sum()
    expected: NDArray[np.float64] = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / total
    deviation = np.abs(observed - expected)
    yates = 0.0
    if correct and counts.shape == (2, 2):
        yates = min(0.5, float(deviation.min()))
    statistic = float(np.sum((deviation - yates) ** 2 / expected))
    nrow, ncol = counts.shape
    df = (nrow - 1) * (ncol - 1)
    return ChiSquareResult(
        statistic=statistic,
        pvalue=float(chdtrc(df, statistic)),
        df=df,
        correction=yates > 0.0,
        table=as_tuple(counts),
        expected=tuple(tuple(float(v) for v in row) for row in expected),
    )


def _chi_square_iv(table: ArrayLike, correction: object) -> tuple[NDArray[np.int64], bool]:
    """Validate the arguments of :func:`chi_square`; return them in working form."""
    counts = as_count_table(table)
    if not isinstance(correction, bool | np.bool_):
        raise TypeError(f"correction must be True or False; got {correction!r}")
    return counts, bool(correction)
