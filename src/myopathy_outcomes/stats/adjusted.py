"""Weighted or matched comparisons of two groups with sandwich standard errors.

Each is the treatment coefficient of a regression on the group alone,
weighted by the propensity-score weights (or fitted on a matched sample),
with robust errors as R's ``sandwich`` package gives them:

==========================  ================================================================
function                    R
==========================  ================================================================
:func:`risk_difference`     ``lm(y ~ treated, weights = w)``, ``vcovHC(type = "HC0")``
:func:`odds_ratio`          ``glm(y ~ treated, weights = w, family = quasibinomial)``, HC0
:func:`mean_difference`     ``lm(change ~ treated, weights = w)``, ``vcovHC(type = "HC0")``
==========================  ================================================================

With ``cluster`` (the matched pairs) the errors are ``vcovCL(fit, cluster,
type = "HC0")``. Intervals and p-values are Wald's (normal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtr

from myopathy_outcomes.stats._vocabulary import check_conf_level
from myopathy_outcomes.stats.display import Displayed
from myopathy_outcomes.stats.regression import (
    LinearFit,
    LogisticFit,
    linear_regression,
    logistic_regression,
    wald_interval,
)

__all__ = ["AdjustedEstimate", "mean_difference", "odds_ratio", "risk_difference"]

Measure = Literal["risk difference", "odds ratio", "mean difference"]


@dataclass(frozen=True, repr=False)
class AdjustedEstimate(Displayed):
    """A weighted or matched difference between the groups, treated minus control.

    Attributes
    ----------
    measure : {"risk difference", "odds ratio", "mean difference"}
        What ``estimate`` is.
    estimate : float
        The risk difference, the odds ratio, or the mean difference.
    std_err : float
        Its sandwich standard error (of the log odds ratio for an odds ratio).
    conf_int : tuple of float
        The Wald interval (the odds ratio's on the ratio scale).
    conf_level : float
        Its level.
    pvalue : float
        The two-sided Wald p-value.
    n : int
        Patients with a positive weight.
    method : str
        The R call it equals.
    """

    measure: Measure
    estimate: float
    std_err: float
    conf_int: tuple[float, float]
    conf_level: float
    pvalue: float
    n: int
    method: str

    def __str__(self) -> str:
        low, high = self.conf_int
        return (
            f"{self.measure}: {self.estimate:.4g} ({self.conf_level:.0%} CI {low:.4g} to "
            f"{high:.4g}), p = {self.pvalue:.3g}, n = {self.n} [{self.method}]"
        )


def _fit_args(
    outcome: ArrayLike, treated: ArrayLike, weights: ArrayLike | None
) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(outcome, dtype=np.float64)
    t = np.asarray(treated)
    if t.shape != y.shape or not np.isin(t, (0, 1, True, False)).all():
        raise ValueError("treated must be 0/1 or True/False, one per outcome")
    if weights is not None and np.shape(weights) != y.shape:
        raise ValueError("weights must have one value per outcome")
    return y, t.astype(np.float64)


def _estimate(
    measure: Measure,
    fit: LinearFit | LogisticFit,
    conf_level: float,
    method: str,
    cluster: ArrayLike | None,
) -> AdjustedEstimate:
    if fit.robust_std_err is None:  # robust=True is always asked for
        raise RuntimeError("the sandwich covariance is missing")
    coef, std_err = float(fit.coef[1]), float(fit.robust_std_err[1])
    low, high = wald_interval(coef, std_err, conf_level)
    pvalue = float(2 * ndtr(-abs(coef / std_err))) if std_err > 0 else float("nan")
    errors = (
        "vcovCL(cluster = pairs, type = 'HC0')" if cluster is not None else "vcovHC(type = 'HC0')"
    )
    if measure == "odds ratio":
        return AdjustedEstimate(
            measure,
            float(np.exp(coef)),
            std_err,
            (float(np.exp(low)), float(np.exp(high))),
            conf_level,
            pvalue,
            fit.n,
            f"{method}, {errors}",
        )
    return AdjustedEstimate(
        measure, coef, std_err, (low, high), conf_level, pvalue, fit.n, f"{method}, {errors}"
    )


def risk_difference(
    outcome: ArrayLike,
    treated: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    cluster: ArrayLike | None = None,
    conf_level: float = 0.95,
) -> AdjustedEstimate:
    """The (weighted) risk difference of a 0/1 outcome, treated minus control.

    Parameters
    ----------
    outcome : array_like of 0/1
        The outcome per patient.
    treated : array_like of bool or 0/1
        The group per patient.
    weights : array_like, optional
        Propensity-score weights; none for a matched sample.
    cluster : array_like, optional
        The matched pair of each patient, for errors clustered on the pair.
    conf_level : float, default 0.95

    Returns
    -------
    AdjustedEstimate
        Equal to ``lm(y ~ treated, weights = w)`` with ``vcovHC(type = "HC0")``
        (or ``vcovCL``).

    Examples
    --------
    >>> rd = risk_difference([1, 0, 1, 1, 0, 0], [1, 1, 1, 0, 0, 0])
    >>> round(rd.estimate, 6), round(rd.std_err, 6)
    (0.333333, 0.3849)
    """
    level = check_conf_level(conf_level)
    y, t = _fit_args(outcome, treated, weights)
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("outcome must be 0 or 1")
    fit = linear_regression(
        t, y, weights=weights, names=("treated",), robust=True, cluster=cluster
    )
    return _estimate("risk difference", fit, level, "lm(y ~ treated, weights = w)", cluster)


def odds_ratio(
    outcome: ArrayLike,
    treated: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    cluster: ArrayLike | None = None,
    conf_level: float = 0.95,
) -> AdjustedEstimate:
    """The (weighted) odds ratio of a 0/1 outcome, treated over control.

    Equal to ``glm(y ~ treated, weights = w, family = quasibinomial)`` with
    ``vcovHC(type = "HC0")`` (or ``vcovCL``); the interval is exp of the log
    odds ratio's Wald interval.

    Examples
    --------
    >>> round(odds_ratio([1, 0, 1, 1, 0, 0, 1, 0], [1, 1, 1, 0, 0, 0, 1, 0]).estimate, 6)
    9.0
    """
    level = check_conf_level(conf_level)
    y, t = _fit_args(outcome, treated, weights)
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("outcome must be 0 or 1")
    fit = logistic_regression(
        t, y, weights=weights, names=("treated",), robust=True, cluster=cluster
    )
    return _estimate(
        "odds ratio", fit, level, "glm(y ~ treated, weights = w, family = quasibinomial)", cluster
    )


def mean_difference(
    outcome: ArrayLike,
    treated: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    cluster: ArrayLike | None = None,
    conf_level: float = 0.95,
) -> AdjustedEstimate:
    """The (weighted) difference of means (of a change, say), treated minus control.

    Equal to ``lm(change ~ treated, weights = w)`` with ``vcovHC(type = "HC0")``
    (or ``vcovCL``).

    Examples
    --------
    >>> round(mean_difference([2.0, 4.0, 1.0, 3.0], [1, 1, 0, 0]).estimate, 6)
    1.0
    """
    level = check_conf_level(conf_level)
    y, t = _fit_args(outcome, treated, weights)
    fit = linear_regression(
        t, y, weights=weights, names=("treated",), robust=True, cluster=cluster
    )
    return _estimate("mean difference", fit, level, "lm(change ~ treated, weights = w)", cluster)
