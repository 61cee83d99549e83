"""Frozen result objects of the time-to-event statistics in :mod:`myopathy_outcomes.stats`.

Arrays in these results are read-only NumPy arrays, one entry per distinct
time (or per group, or per covariate). Where R gives NA the value is NaN in
an array and ``None`` in a scalar field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._arrays import FloatArray, IntArray
from myopathy_outcomes.stats._htest_text import pvalue_text
from myopathy_outcomes.stats._survival.confidence import ConfType
from myopathy_outcomes.stats._survival.data import frozen
from myopathy_outcomes.stats.formatting import format_number
from myopathy_outcomes.stats.results import TestResult


@dataclass(frozen=True)
class SurvivalAt:
    """The Kaplan-Meier curve read at chosen times (:meth:`KaplanMeierResult.survival_at`).

    Attributes
    ----------
    time : ndarray of float
        The times asked for, in the order given.
    n_risk : ndarray of int or float
        Observations still at risk at each time (time ``>=`` it); their
        weight for a weighted curve.
    survival : ndarray of float
        The estimate at each time (1 before the first time of the curve).
    std_err : ndarray of float
        Standard error of ``log(survival)``, as in :class:`KaplanMeierResult`.
    conf_low, conf_high : ndarray of float
        Pointwise confidence limits (NaN where R gives NA).
    """

    time: FloatArray
    n_risk: IntArray | FloatArray
    survival: FloatArray
    std_err: FloatArray
    conf_low: FloatArray
    conf_high: FloatArray

    @property
    def std_err_survival(self) -> FloatArray:
        """Standard error of ``survival`` itself: ``survival * std_err`` (``summary.survfit``'s).

        NaN where the survival is 0 (R: ``0 * Inf``).
        """
        with np.errstate(invalid="ignore"):
            return self.survival * self.std_err


@dataclass(frozen=True)
class KaplanMeierResult:
    """Result of :func:`myopathy_outcomes.stats.kaplan_meier`.

    Attributes
    ----------
    time : ndarray of float
        The distinct times, events and censorings alike, in increasing order.
    n_risk : ndarray of int or float
        Observations at risk just before each time (time ``>=`` it). For a
        weighted curve (``weighted``), as in R, their weight (float).
    n_event, n_censor : ndarray of int or float
        Events and censorings at each time (their weight for a weighted curve).
    survival : ndarray of float
        The Kaplan-Meier estimate on ``[time[j], time[j + 1])``.
    std_err : ndarray of float
        Greenwood standard error of ``log(survival)`` (equivalently of the
        Kaplan-Meier cumulative hazard ``-log(survival)``), R's
        ``survfit()$std.err``; ``inf`` once the survival is 0. The standard
        error of the survival itself is :attr:`std_err_survival`. With
        ``robust`` it is the infinitesimal jackknife error of the survival
        divided by the survival (0 where that error is 0), as R converts it.
    conf_low, conf_high : ndarray of float
        Pointwise limits on the ``conf_type`` scale; NaN where R gives NA.
    conf_level : float
        The confidence level of the limits.
    conf_type : {"log", "log-log", "plain"}
        The scale of the limits.
    median : float or None
        The median survival time (R's ``quantile(fit, 0.5)``); ``None`` if
        the curve never reaches 0.5.
    median_conf_int : tuple of (float or None)
        The times at which the lower and the upper limit reach 0.5; ``None``
        for a limit that never does (R's NA).
    n : int
        Number of observations.
    weighted : bool
        Whether case weights were given.
    robust : bool
        Whether ``std_err`` is the robust (infinitesimal jackknife) error
        rather than Greenwood's.
    """

    test: ClassVar[str] = "Kaplan-Meier"

    def __str__(self) -> str:
        """One line as R's ``print(survfit)``: n, events, median and its interval."""
        level = f"{self.conf_level:g}"

        def shown(value: float | None) -> str:
            return "NA" if value is None else format_number(value, 4)

        low, high = self.median_conf_int
        events = format_number(self.n_events, 4) if self.weighted else str(self.n_events)
        head = f"{'n':>4} {'events':>6} {'median':>7} {level + 'LCL':>8} {level + 'UCL':>8}"
        row = f"{self.n:>4} {events:>6} {shown(self.median):>7} {shown(low):>8} {shown(high):>8}"
        return f"Kaplan-Meier estimate ({self.conf_type} intervals)\n{head}\n{row}"

    time: FloatArray
    n_risk: IntArray | FloatArray
    n_event: IntArray | FloatArray
    n_censor: IntArray | FloatArray
    survival: FloatArray
    std_err: FloatArray
    conf_low: FloatArray
    conf_high: FloatArray
    conf_level: float
    conf_type: ConfType
    median: float | None
    median_conf_int: tuple[float | None, float | None]
    n: int
    weighted: bool = False
    robust: bool = False

    @property
    def n_events(self) -> int | float:
        """Total number of events (their weight for a weighted curve)."""
        total = self.n_event.sum()
        return float(total) if self.weighted else int(total)

    @property
    def std_err_survival(self) -> FloatArray:
        """Standard error of ``survival`` itself, ``survival * std_err``; NaN where it is 0."""
        with np.errstate(invalid="ignore"):
            return self.survival * self.std_err

    def survival_at(self, times: ArrayLike) -> SurvivalAt:
        """Read the curve at ``times``, as R's ``summary(fit, times = times, extend = TRUE)``.

        Before the first time the survival is 1 with standard error 0 and
        limits (1, 1); after the last time it stays at its last value, with
        no one at risk.

        Parameters
        ----------
        times : array_like of float
            Finite times, in any order.

        Returns
        -------
        SurvivalAt
            ``survival``, ``std_err``, limits and ``n_risk`` at each time.

        Examples
        --------
        >>> from myopathy_outcomes.stats import kaplan_meier
        >>> fit = kaplan_meier([1, 2, 2, 3, 5], [1, 1, 0, 1, 0])
        >>> at = fit.survival_at([0, 2.5, 9])
        >>> at.survival.round(4).tolist(), at.n_risk.tolist()
        ([1.0, 0.6, 0.3], [5, 2, 0])
        """
        wanted = np.asarray(times, dtype=np.float64).ravel()
        if not np.isfinite(wanted).all():
            raise ValueError(f"times must be finite; got {times!r}")
        row = np.searchsorted(self.time, wanted, side="right") - 1
        before = row < 0
        row = np.maximum(row, 0)
        survival = np.where(before, 1.0, self.survival[row])
        std_err = np.where(before, 0.0, self.std_err[row])
        low = np.where(before, 1.0, self.conf_low[row])
        high = np.where(before, 1.0, self.conf_high[row])
        later = np.searchsorted(self.time, wanted, side="left")
        inside = later < self.n_risk.size  # no one at risk after the last time
        n_risk = np.where(inside, self.n_risk[np.minimum(later, self.n_risk.size - 1)], 0)
        return SurvivalAt(
            time=frozen(wanted.copy()),
            n_risk=frozen(n_risk),
            survival=frozen(survival),
            std_err=frozen(std_err),
            conf_low=frozen(low),
            conf_high=frozen(high),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary (arrays as lists)."""
        return {
            key: value.tolist() if isinstance(value, np.ndarray) else value
            for key, value in asdict(self).items()
        }


@dataclass(frozen=True, kw_only=True)
class LogrankResult(TestResult):
    """Result of :func:`myopathy_outcomes.stats.logrank`.

    Attributes
    ----------
    statistic : float
        survdiff's chi-square ``(O - E)' V^-1 (O - E)``.
    pvalue : float
        The p-value of ``method``: the chi-square upper tail, or the exact
        permutation p-value ``P(|T| >= |t|)``.
    method : {"exact", "asymptotic"}
        The method used.
    alternative : None
        The test has no direction (two-sided).
    estimate, conf_int, conf_level : None
        The test estimates nothing.
    df : int
        Degrees of freedom: groups with expected events, less one.
    groups : tuple
        The group labels, sorted; ``n``, ``observed``, ``expected`` and
        ``variance`` follow this order.
    n : ndarray of int
        Observations per group.
    observed, expected : ndarray of float
        Observed and expected events per group (weighted by ``S(t-)^rho``),
        summed over strata.
    variance : ndarray of float, shape (groups, groups)
        The variance of ``O - E``.
    rho : float
        The G-rho weight exponent.
    z : float or None
        coin's standardized statistic ``statistic(logrank_test(...))`` for the
        first group (two groups, no strata): ``(E1 - O1) / sqrt(V_perm)``
        with the permutation variance; ``None`` otherwise.
    """

    test: ClassVar[str] = "log-rank"
    _data: ClassVar[str] = "time, event and group"

    def _title(self) -> str:
        if self.method == "exact":
            return "Exact Two-Sample Logrank Test"
        return "Log-rank test" if self.rho == 0 else f"G-rho test, rho = {self.rho:g}"

    def _statistic_parts(self) -> list[str]:
        if self.method == "exact" and self.z is not None:
            return [f"Z = {format_number(self.z, 5)}"]
        return [f"Chisq = {format_number(self.statistic, 5)}", f"df = {self.df}"]

    statistic: float
    pvalue: float
    df: int
    groups: tuple[object, ...]
    n: IntArray
    observed: FloatArray
    expected: FloatArray
    variance: FloatArray
    rho: float
    z: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary (arrays as lists)."""
        return {key: _plain(value) for key, value in super().to_dict().items()}


@dataclass(frozen=True, kw_only=True)
class CoxResult(TestResult):
    """Result of :func:`myopathy_outcomes.stats.cox`.

    Per-covariate arrays follow the order of ``names``.

    Attributes
    ----------
    statistic, pvalue : float
        The Wald test of all coefficients (as ``wald_statistic``,
        ``wald_pvalue``).
    method : "asymptotic"
        Always asymptotic.
    alternative : None
        The tests have no direction.
    estimate : float or None
        The hazard ratio when there is one covariate, else ``None``.
    conf_int : tuple of float or None
        Its interval (one covariate), else ``None``.
    conf_level : float
        Level of the hazard-ratio intervals.
    names : tuple of str
        The covariates' names.
    coef, std_err : ndarray of float
        Log hazard ratios and their standard errors.
    hazard_ratio : ndarray of float
        ``exp(coef)``.
    hazard_ratio_conf_int : ndarray of float, shape (p, 2)
        ``exp(coef -/+ z se)``, one row per covariate.
    z, pvalues : ndarray of float
        Wald ``coef / std_err`` and its two-sided p-value, per covariate.
    covariance : ndarray of float, shape (p, p)
        The estimated covariance of ``coef`` (R's ``vcov(fit)``).
    wald_statistic, lr_statistic, score_statistic : float
        The Wald, likelihood-ratio and score (log-rank) tests, on ``df``.
    wald_pvalue, lr_pvalue, score_pvalue : float
        Their chi-square p-values.
    df : int
        Number of coefficients.
    loglik : tuple of float
        Log partial likelihood at 0 and at ``coef``.
    iterations : int
        Newton-Raphson iterations (R's ``fit$iter``; 21 when it ran out).
    converged : bool
        ``False`` when R would warn (see :class:`CoxConvergenceWarning`).
    ties : {"efron", "breslow"}
        The approximation used for tied event times.
    n, n_events : int
        Observations and events.
    """

    test: ClassVar[str] = "Cox regression"

    def __str__(self) -> str:
        """The coefficient table and the three tests, as R's ``summary(coxph)`` prints them."""
        level = f"{format_number(100 * (self.conf_level or 0.95), 7)}%"
        width = max(len(n) for n in self.names)
        lines = [
            f"Cox proportional hazards model ({self.ties} ties): n = {self.n}, "
            f"events = {self.n_events}",
            "",
            f"{'':<{width}}  {'coef':>9} {'exp(coef)':>9} {'se(coef)':>9} {'z':>7} {'Pr(>|z|)':>9}"
            f"  {'lower ' + level:>11} {'upper ' + level:>11}",
        ]
        for j, name in enumerate(self.names):
            low, high = self.hazard_ratio_conf_int[j]
            lines.append(
                f"{name:<{width}}  {format_number(self.coef[j], 4):>9}"
                f" {format_number(self.hazard_ratio[j], 4):>9}"
                f" {format_number(self.std_err[j], 4):>9}"
                f" {format_number(self.z[j], 3):>7} {format_number(self.pvalues[j], 3):>9}"
                f"  {format_number(low, 4):>11} {format_number(high, 4):>11}"
            )
        lines += [
            "",
            f"Likelihood ratio test = {format_number(self.lr_statistic, 4)} on {self.df} df, "
            f"{pvalue_text(self.lr_pvalue)}",
            f"Wald test             = {format_number(self.wald_statistic, 4)} on {self.df} df, "
            f"{pvalue_text(self.wald_pvalue)}",
            f"Score (logrank) test  = {format_number(self.score_statistic, 4)} on {self.df} df, "
            f"{pvalue_text(self.score_pvalue)}",
        ]
        if not self.converged:
            lines.append("The fit did not converge (R warns the same).")
        return "\n".join(lines)

    statistic: float
    pvalue: float
    names: tuple[str, ...]
    coef: FloatArray
    std_err: FloatArray
    hazard_ratio: FloatArray
    hazard_ratio_conf_int: FloatArray
    z: FloatArray
    pvalues: FloatArray
    covariance: FloatArray
    wald_statistic: float
    wald_pvalue: float
    lr_statistic: float
    lr_pvalue: float
    score_statistic: float
    score_pvalue: float
    df: int
    loglik: tuple[float, float]
    iterations: int
    converged: bool
    ties: str
    n: int
    n_events: int
    weighted: bool = False
    robust: bool = False
    naive_std_err: FloatArray | None = None
    naive_covariance: FloatArray | None = None
    robust_score_statistic: float | None = None
    robust_score_pvalue: float | None = None
    n_clusters: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary (arrays as lists)."""
        return {key: _plain(value) for key, value in super().to_dict().items()}


@dataclass(frozen=True)
class CumulativeIncidenceResult:
    """Result of :func:`myopathy_outcomes.stats.cumulative_incidence`.

    Attributes
    ----------
    time : ndarray of float
        The distinct times, in increasing order.
    n_risk : ndarray of int
        Observations still free of any event and uncensored just before each time.
    n_event, n_competing, n_censor : ndarray of int
        Events of ``cause``, competing events (any other type) and censorings
        at each time.
    cumulative_incidence : ndarray of float
        The Aalen-Johansen estimate of ``P(T <= t, type = cause)`` (R's
        ``pstate`` of the state ``cause``).
    std_err : ndarray of float
        Its standard error (infinitesimal jackknife, R's ``std.err``), of the
        incidence itself, not of its log.
    conf_low, conf_high : ndarray of float
        Pointwise limits on the log scale; NaN while the incidence is 0.
    event_free : ndarray of float
        Probability of no event of any type yet (R's ``pstate`` of ``(s0)``).
    conf_level : float
        The level of the limits.
    cause : int
        The event type estimated.
    causes : tuple of int
        All event types present in ``status``.
    n : int
        Number of observations.
    """

    test: ClassVar[str] = "Aalen-Johansen"

    time: FloatArray
    n_risk: IntArray
    n_event: IntArray
    n_competing: IntArray
    n_censor: IntArray
    cumulative_incidence: FloatArray
    std_err: FloatArray
    conf_low: FloatArray
    conf_high: FloatArray
    event_free: FloatArray
    conf_level: float
    cause: int
    causes: tuple[int, ...]
    n: int

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary (arrays as lists)."""
        return {key: _plain(value) for key, value in asdict(self).items()}


def _plain(value: object) -> object:
    """An array as a (nested) list; anything else unchanged."""
    return value.tolist() if isinstance(value, np.ndarray) else value


__all__ = [
    "CoxResult",
    "CumulativeIncidenceResult",
    "KaplanMeierResult",
    "LogrankResult",
    "SurvivalAt",
]
