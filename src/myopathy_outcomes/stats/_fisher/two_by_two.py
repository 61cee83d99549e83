"""The 2 x 2 case of Fisher's test: R's conditional (noncentral hypergeometric) computations.

Given the margins of ``[[a, b], [c, d]]``, the count ``a`` follows the
noncentral hypergeometric distribution with odds ratio ``psi`` on the support
``lo..hi``. Everything here mirrors the helper functions inside R's
``fisher.test`` (``dnhyper``, ``mnhyper``, ``pnhyper``, ``mle``, ``ncp.U``,
``ncp.L``), including its root finder, so that the estimate and the interval
are the numbers R reports.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.stats._budget import DEFAULT_BUDGET_SECONDS, check_seconds
from myopathy_outcomes.stats._fisher.zeroin import DOUBLE_EPS, r_uniroot
from myopathy_outcomes.stats._vocabulary import Alternative

#: R's tolerance for "as probable as the observed table" in the two-sided p.
RELATIVE_TIE = 1e-7


#: Former largest support (number of possible top-left counts) handled
#: exactly: 5 s at :data:`SUPPORT_PER_SECOND`, the Table 1 rule's budget.
MAX_SUPPORT = 1_000_000

#: Values of the support handled per second (p-value, estimate and interval,
#: whose root searches evaluate the distribution some hundred times): measured
#: 0.9e5 to 1.4e5 on the development machine with its 2 cores shared (load
#: about 7; supports of 1e5 to 1e6) and taken as 2e5 for a quieter machine.
SUPPORT_PER_SECOND = 200_000

#: Sums of up to this many probabilities are correctly rounded (see ``_r_sum``).
_EXACT_SUM_MAX = 4096


def _log_null_weights(lo: int, hi: int, m: int, n: int, k: int) -> NDArray[np.float64]:
    """Return ``log P(X = x) + const`` for ``x = lo..hi`` under the central hypergeometric.

    Built from the ratios ``P(x + 1) / P(x) = (m - x)(k - x) / ((x + 1)(n - k + x + 1))``,
    which keeps full precision however large the counts (differences of
    log-gamma values lose digits once the total passes about a million).
    """
    x = np.arange(lo, hi, dtype=np.float64)
    steps = np.log((m - x) * (k - x)) - np.log((x + 1.0) * (n - k + x + 1.0))
    return np.concatenate([[0.0], np.cumsum(steps)])


def _r_sum(values: NDArray[np.float64]) -> float:
    """Sum nearly as exactly as R's ``sum()``, which accumulates in extended precision.

    The root searches below follow R's ``uniroot`` step by step, and a step
    can turn on the last bit of a function value: for ``[[3, 11], [9, 5]]``
    the mean at ``ncp = 1`` is exactly ``k m / N = 6`` in R but one bit above
    with a double-precision sum, and the estimate moves by 2e-4 relative.
    Up to :data:`_EXACT_SUM_MAX` terms the sum is correctly rounded
    (``math.fsum``, the same on every platform); beyond, it is accumulated in
    ``np.longdouble`` (extended precision where the platform has it), as the
    exact sum of a million terms would take seconds.

    Examples
    --------
    >>> _r_sum(np.array([0.1] * 10))
    1.0
    """
    if values.size <= _EXACT_SUM_MAX:
        return math.fsum(values.tolist())
    return float(np.sum(values, dtype=np.longdouble))


class ConditionalOddsRatio:
    """The conditional distribution of the top-left cell of a 2 x 2 table given its margins.

    Parameters
    ----------
    a, b, c, d : int
        The cells of ``[[a, b], [c, d]]``.
    budget_seconds : float
        Refuse (:class:`~myopathy_outcomes.stats._budget.ExactBudgetError`),
        before any work, a support estimated to take longer than this.

    Examples
    --------
    >>> dist = ConditionalOddsRatio(3, 1, 1, 3)
    >>> (dist.lo, dist.hi, dist.x)
    (0, 4, 3)
    >>> round(dist.pvalue("greater"), 6)
    0.242857
    """

    def __init__(
        self, a: int, b: int, c: int, d: int, budget_seconds: float = DEFAULT_BUDGET_SECONDS
    ) -> None:
        self.x = a
        m = a + c  # first column total
        n = b + d  # second column total
        k = a + b  # first row total
        self.lo = max(0, k - n)
        self.hi = min(k, m)
        check_seconds(
            (self.hi - self.lo + 1) / SUPPORT_PER_SECOND,
            budget_seconds,
            f"the exact Fisher test for this 2 x 2 table (total {a + b + c + d}, "
            f"{self.hi - self.lo + 1:,} possible tables)",
            instead="chi_square(table)",
        )
        self.support = np.arange(self.lo, self.hi + 1, dtype=np.int64)
        # R: logdc <- dhyper(support, m, n, k, log = TRUE); only ratios matter below.
        self._logdc = _log_null_weights(self.lo, self.hi, m, n, k)
        self._logdc -= self._logdc.max()
        self._null = self.density(1.0)

    def density(self, ncp: float) -> NDArray[np.float64]:
        """Return P(X = x; ncp) over the support (R's ``dnhyper``); ``0 < ncp < inf``."""
        logd = self._logdc + math.log(ncp) * self.support
        d = np.exp(logd - logd.max())
        return np.asarray(d / _r_sum(d), dtype=np.float64)

    def mean(self, ncp: float) -> float:
        """Return E[X; ncp] (R's ``mnhyper``)."""
        if ncp == 0.0:
            return float(self.lo)
        if math.isinf(ncp):
            return float(self.hi)
        return _r_sum(self.support * self.density(ncp))

    def tail(self, ncp: float, *, upper: bool) -> float:
        """Return P(X <= x) or, with ``upper``, P(X >= x) under ``ncp`` (R's ``pnhyper``)."""
        x = self.x
        if ncp == 0.0:
            return float(x <= self.lo) if upper else float(x >= self.lo)
        if math.isinf(ncp):
            return float(x <= self.hi) if upper else float(x >= self.hi)
        d = self._null if ncp == 1.0 else self.density(ncp)
        mask = self.support >= x if upper else self.support <= x
        return _r_sum(d[mask])

    def pvalue(self, alternative: Alternative) -> float:
        """Return R's ``fisher.test`` p-value for the null odds ratio 1."""
        if alternative == "less":
            p = self.tail(1.0, upper=False)
        elif alternative == "greater":
            p = self.tail(1.0, upper=True)
        else:
            d = self._null
            p = float(np.sum(d[d <= d[self.x - self.lo] * (1.0 + RELATIVE_TIE)]))
        return min(1.0, max(0.0, p))

    def mid_pvalue(self, alternative: Alternative) -> float:
        """Return the mid-p value: the p-value less half the probability of the ties.

        For one-sided alternatives the tie is the observed count itself; for
        the two-sided (probability-ordered) test it is every table whose null
        probability equals the observed one's within R's relative ``1e-7``.
        """
        d = self._null
        d_obs = d[self.x - self.lo]
        if alternative == "two-sided":
            ties = (d <= d_obs * (1.0 + RELATIVE_TIE)) & (d * (1.0 + RELATIVE_TIE) >= d_obs)
            tie_mass = float(np.sum(d[ties]))
        else:
            tie_mass = float(d_obs)
        return min(1.0, max(0.0, self.pvalue(alternative) - 0.5 * tie_mass))

    def mle(self) -> float:
        """Return R's conditional maximum likelihood estimate of the odds ratio."""
        x = self.x
        if x == self.lo:
            return 0.0
        if x == self.hi:
            return math.inf
        mu = self.mean(1.0)
        if mu > x:
            return r_uniroot(lambda t: self.mean(t) - x, 0.0, 1.0)
        if mu < x:
            return 1.0 / r_uniroot(lambda t: self.mean(1.0 / t) - x, DOUBLE_EPS, 1.0)
        return 1.0

    def _upper_limit(self, alpha: float) -> float:
        # R's ncp.U: the odds ratio at which P(X <= x) = alpha.
        if self.x == self.hi:
            return math.inf
        p = self.tail(1.0, upper=False)
        if p < alpha:
            return r_uniroot(lambda t: self.tail(t, upper=False) - alpha, 0.0, 1.0)
        if p > alpha:
            return 1.0 / r_uniroot(
                lambda t: self.tail(1.0 / t, upper=False) - alpha, DOUBLE_EPS, 1.0
            )
        return 1.0

    def _lower_limit(self, alpha: float) -> float:
        # R's ncp.L: the odds ratio at which P(X >= x) = alpha.
        if self.x == self.lo:
            return 0.0
        p = self.tail(1.0, upper=True)
        if p > alpha:
            return r_uniroot(lambda t: self.tail(t, upper=True) - alpha, 0.0, 1.0)
        if p < alpha:
            return 1.0 / r_uniroot(
                lambda t: self.tail(1.0 / t, upper=True) - alpha, DOUBLE_EPS, 1.0
            )
        return 1.0

    def conf_int(self, alternative: Alternative, conf_level: float) -> tuple[float, float]:
        """Return R's exact conditional interval for the odds ratio.

        As in R, a one-sided alternative gives a one-sided interval
        (``(0, upper)`` for ``"less"``, ``(lower, inf)`` for ``"greater"``).
        """
        if alternative == "less":
            return (0.0, self._upper_limit(1.0 - conf_level))
        if alternative == "greater":
            return (self._lower_limit(1.0 - conf_level), math.inf)
        alpha = (1.0 - conf_level) / 2.0
        return (self._lower_limit(alpha), self._upper_limit(alpha))


def sample_odds_ratio(a: int, b: int, c: int, d: int) -> float:
    """Return the unconditional ``a d / (b c)``, ``inf`` when ``b c`` is 0.

    With no empty row or column, ``a d`` and ``b c`` are never both 0.

    Examples
    --------
    >>> sample_odds_ratio(10, 3, 2, 12)
    20.0
    >>> sample_odds_ratio(12, 0, 0, 6)
    inf
    """
    denominator = b * c
    return math.inf if denominator == 0 else a * d / denominator
