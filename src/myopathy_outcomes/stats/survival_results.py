"""Frozen result objects of the time-to-event statistics in :mod:`myopathy_outcomes.stats`.

Arrays in these results are read-only NumPy arrays, one entry per distinct
time (or per group, or per covariate). Where R gives NA the value is NaN in
an array and ``None`` in a scalar field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._arrays import FloatArray, IntArray, read_numbers
from myopathy_outcomes.stats._htest_text import pvalue_text
from myopathy_outcomes.stats._summary_html import (
    curve_summary,
    interval_text,
    level_text,
    read_steps,
    round_times,
    shown,
)
from myopathy_outcomes.stats._survival.confidence import ConfType
from myopathy_outcomes.stats._survival.data import DAYS_HINT, frozen
from myopathy_outcomes.stats._survival_plot import step_curve
from myopathy_outcomes.stats.display import Displayed, table
from myopathy_outcomes.stats.formatting import format_number, format_pval
from myopathy_outcomes.stats.results import TestResult


@dataclass(frozen=True, repr=False)
class SurvivalAt(Displayed):
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


@dataclass(frozen=True, repr=False)
class KaplanMeierResult(Displayed):
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
        given = [times] if np.ndim(times) == 0 else times
        wanted, masked = read_numbers(
            "times", given, need="follow-up times are numbers", dates=DAYS_HINT
        )
        if masked.any() or not np.isfinite(wanted).all():
            raise ValueError(f"times must be finite numbers, none missing; got {times!r}")
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

    def to_frame(self) -> pd.DataFrame:
        """The curve as a tidy DataFrame, one row per distinct time.

        The columns are R's ``summary(fit, censored = TRUE)`` ones in our
        names: ``time``, ``n_risk``, ``n_event``, ``n_censor``, ``survival``
        (R's ``surv``), ``std_err`` (of ``log(survival)``, as
        ``fit$std.err``), ``std_err_survival`` (of the survival itself, the
        ``std.err`` that ``summary`` prints), ``conf_low`` and ``conf_high``
        (``lower``, ``upper``; NaN where R gives NA). For several groups,
        ``pd.concat({label: fit.to_frame() for label, fit in fits.items()},
        names=["group"])`` gives one row per time per group.

        Examples
        --------
        >>> from myopathy_outcomes.stats import kaplan_meier
        >>> fit = kaplan_meier([1, 2, 2, 3, 5], [1, 1, 0, 1, 0])
        >>> fit.to_frame()[["time", "n_risk", "survival"]]
           time  n_risk  survival
        0   1.0       5       0.8
        1   2.0       4       0.6
        2   3.0       2       0.3
        3   5.0       1       0.3
        """
        return pd.DataFrame(
            {
                "time": self.time,
                "n_risk": self.n_risk,
                "n_event": self.n_event,
                "n_censor": self.n_censor,
                "survival": self.survival,
                "std_err": self.std_err,
                "std_err_survival": self.std_err_survival,
                "conf_low": self.conf_low,
                "conf_high": self.conf_high,
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """The columns of :meth:`to_frame` as lists, then the scalars; ``pd.DataFrame`` takes it.

        The median's interval is ``median_conf_low`` and ``median_conf_high``
        (``None`` for R's NA), so that every value is a column of one length
        or a scalar.
        """
        low, high = self.median_conf_int
        return {
            **{str(name): column.tolist() for name, column in self.to_frame().items()},
            "conf_level": self.conf_level,
            "conf_type": self.conf_type,
            "median": self.median,
            "median_conf_low": low,
            "median_conf_high": high,
            "n": self.n,
            "weighted": self.weighted,
            "robust": self.robust,
        }

    def _repr_html_(self) -> str:
        """n, events, the median with its interval, and the curve at a few round times."""
        low, high = self.median_conf_int
        at = self.survival_at(round_times(float(self.time[-1])))
        return curve_summary(
            f"{'Weighted ' if self.weighted else ''}Kaplan-Meier estimate ({self.conf_type} "
            f"intervals{', robust errors' if self.robust else ''})",
            ["n", "events", "median", level_text(self.conf_level)],
            [[str(self.n), shown(self.n_events), shown(self.median), interval_text(low, high)]],
            ("survival", at.time, at.n_risk, at.survival, at.conf_low, at.conf_high),
            self.conf_level,
        )

    def plot(self, ax: Any = None, *, label: str | None = None, conf_int: bool = True) -> Any:
        """Draw the curve as steps from (0, 1), its confidence band and a ``+`` at each censoring.

        Needs matplotlib (the ``plot`` extra). ``label`` is drawn as written,
        never as mathtext; with a label the axes get a legend, so that the
        curves of several groups can share one ``ax``.

        Parameters
        ----------
        ax : matplotlib Axes or None
            Where to draw; new axes on a new figure when ``None``.
        label : str or None
            The curve's name in the legend.
        conf_int : bool, default True
            Draw the pointwise limits as a band (with gaps where R gives NA).

        Returns
        -------
        matplotlib Axes
            ``ax``, or the new axes.
        """
        drawn = step_curve(
            ax,
            self.time,
            self.survival,
            limits=(self.conf_low, self.conf_high) if conf_int else None,
            censored=self.time[self.n_censor > 0],
            start=1.0,
            label=label,
        )
        if not drawn.get_ylabel():
            drawn.set_ylabel("Survival probability")
        return drawn


@dataclass(frozen=True, kw_only=True, repr=False)
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

    def _repr_html_(self) -> str:
        """The test's table, then observed and expected events per group (R's ``survdiff``)."""
        rows = [
            [str(group), str(n), shown(o), shown(e)]
            for group, n, o, e in zip(
                self.groups,
                self.n.tolist(),
                self.observed.tolist(),
                self.expected.tolist(),
                strict=True,
            )
        ]
        return "\n".join(
            [
                super()._repr_html_(),
                table(None, ["group", "N", "observed", "expected"], rows),
            ]
        )


@dataclass(frozen=True, kw_only=True, repr=False)
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
        Log hazard ratios and their standard errors (the robust ones with
        ``robust``: R's ``robust se``).
    hazard_ratio : ndarray of float
        ``exp(coef)``.
    hazard_ratio_conf_int : ndarray of float, shape (p, 2)
        ``exp(coef -/+ z se)``, one row per covariate.
    z, pvalues : ndarray of float
        Wald ``coef / std_err`` and its two-sided p-value, per covariate.
    covariance : ndarray of float, shape (p, p)
        The estimated covariance of ``coef`` (R's ``vcov(fit)``; the robust
        sandwich with ``robust``).
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
        Observations and events (not weighted, as R's ``n`` and ``nevent``).
    weighted : bool
        Whether case weights were given.
    robust : bool
        Whether ``std_err``, ``covariance`` and what follows from them are
        robust (sandwich) estimates.
    naive_std_err, naive_covariance : ndarray of float or None
        With ``robust``, the model's own errors and covariance (R's
        ``se(coef)`` and ``fit$naive.var``); ``None`` otherwise.
    robust_score_statistic, robust_score_pvalue : float or None
        With ``robust``, R's robust score test (``fit$rscore``) on ``df``.
    n_clusters : int or None
        With ``robust``, the clusters of the sandwich (one per observation
        without ``cluster``).
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
            f"{'':<{width}}  {'coef':>9} {'exp(coef)':>9} {'se(coef)':>9}"
            + (f" {'robust se':>9}" if self.naive_std_err is not None else "")
            + f" {'z':>7} {'Pr(>|z|)':>9}  {'lower ' + level:>11} {'upper ' + level:>11}",
        ]
        for j, name in enumerate(self.names):
            low, high = self.hazard_ratio_conf_int[j]
            lines.append(
                f"{name:<{width}}  {format_number(self.coef[j], 4):>9}"
                f" {format_number(self.hazard_ratio[j], 4):>9}"
                + (
                    f" {format_number(self.naive_std_err[j], 4):>9}"
                    if self.naive_std_err is not None
                    else ""
                )
                + f" {format_number(self.std_err[j], 4):>9}"
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
        if self.robust_score_statistic is not None and self.robust_score_pvalue is not None:
            lines.append(
                f"Robust score test     = {format_number(self.robust_score_statistic, 4)} on "
                f"{self.df} df, {pvalue_text(self.robust_score_pvalue)}"
            )
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

    def _repr_html_(self) -> str:
        """The coefficient table and the tests, as ``summary(coxph)`` shows them."""
        level = level_text(self.conf_level or 0.95)
        naive = self.naive_std_err
        coefficients = [
            [
                name,
                shown(self.coef[j]),
                shown(self.hazard_ratio[j]),
                *([] if naive is None else [shown(naive[j])]),
                shown(self.std_err[j]),
                shown(self.z[j], 3),
                format_pval(self.pvalues[j]),
                interval_text(*self.hazard_ratio_conf_int[j].tolist()),
            ]
            for j, name in enumerate(self.names)
        ]
        named_tests = [
            ("Likelihood ratio", self.lr_statistic, self.lr_pvalue),
            ("Wald", self.wald_statistic, self.wald_pvalue),
            ("Score (log-rank)", self.score_statistic, self.score_pvalue),
        ]
        robust_score = (self.robust_score_statistic, self.robust_score_pvalue)
        if robust_score[0] is not None and robust_score[1] is not None:
            named_tests.append(("Robust score", robust_score[0], robust_score[1]))
        tests = [
            [name, shown(statistic), str(self.df), format_pval(pvalue)]
            for name, statistic, pvalue in named_tests
        ]
        caption = (
            f"Cox proportional hazards model ({self.ties} ties): n = {self.n}, "
            f"events = {self.n_events}" + ("" if self.converged else "; did not converge")
        )
        errors = ["se(coef)"] if naive is None else ["se(coef)", "robust se"]
        header = ["", "coef", "exp(coef)", *errors, "z", "P-value", f"exp(coef) {level}"]
        return "\n".join(
            [
                table(caption, header, coefficients),
                table(None, ["test", "statistic", "df", "P-value"], tests),
            ]
        )


@dataclass(frozen=True, repr=False)
class CumulativeIncidenceResult(Displayed):
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

    def to_frame(self) -> pd.DataFrame:
        """The curve as a tidy DataFrame, one row per distinct time.

        The columns are ``time``, ``n_risk``, ``n_event``, ``n_competing``,
        ``n_censor``, ``cumulative_incidence``, ``std_err``, ``conf_low``,
        ``conf_high`` and ``event_free``, as the fields.
        """
        return pd.DataFrame(
            {
                name: getattr(self, name)
                for name in (
                    "time",
                    "n_risk",
                    "n_event",
                    "n_competing",
                    "n_censor",
                    "cumulative_incidence",
                    "std_err",
                    "conf_low",
                    "conf_high",
                    "event_free",
                )
            }
        )

    def _repr_html_(self) -> str:
        """n, events of the cause and competing events, and the incidence at a few round times."""
        at = round_times(float(self.time[-1]))
        n_risk, (incidence, low, high) = read_steps(
            self.time,
            self.n_risk.tolist(),
            [self.cumulative_incidence, self.conf_low, self.conf_high],
            at,
        )
        # before the first time nothing has happened yet
        before = at < self.time[0]
        incidence, low, high = (np.where(before, 0.0, v) for v in (incidence, low, high))
        return curve_summary(
            f"Cumulative incidence of cause {self.cause} (Aalen-Johansen)",
            ["n", "events", "competing events", "censored"],
            [
                [
                    str(self.n),
                    str(int(self.n_event.sum())),
                    str(int(self.n_competing.sum())),
                    str(int(self.n_censor.sum())),
                ]
            ],
            ("cumulative incidence", at, n_risk, incidence, low, high),
            self.conf_level,
        )


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
