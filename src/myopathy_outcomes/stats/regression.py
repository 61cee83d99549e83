"""Regression models: logistic (R's ``glm(family = binomial)``) and linear (R's ``lm``).

Both take prior weights (inverse probability weights, for instance) and give
model-based and sandwich standard errors: HC0 (``sandwich::vcovHC(type =
"HC0")``) or clustered on a grouping such as matched pairs
(``sandwich::vcovCL(type = "HC0")``, with its default ``G / (G - 1)``
adjustment).

The logistic fit follows R's ``glm.fit`` step for step: the same starting
values, iteratively reweighted least squares with the same weights, the
same clamping of the linear predictor, and the same convergence rule
(relative change of the deviance below ``1e-8``), so its coefficients are
R's to rounding, not merely the same maximum likelihood estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtri

from myopathy_outcomes.stats._arrays import FloatArray
from myopathy_outcomes.stats.display import Displayed

__all__ = [
    "LinearFit",
    "LogisticFit",
    "RegressionError",
    "linear_regression",
    "logistic_regression",
    "wald_interval",
]

# glm.control() defaults and the thresholds of R's C code for the logit link.
_EPSILON: Final = 1e-8
_MAXIT: Final = 25
_THRESH: Final = 30.0
_DOUBLE_EPS: Final = float(np.finfo(np.float64).eps)
_RANK_TOL: Final = 1e-7

Robust = Literal["hc0"]


class RegressionError(ValueError):
    """A model that cannot be fitted as asked: too few rows, collinear columns, no variation."""


@dataclass(frozen=True)
class _Fit(Displayed):
    """What both models share: the design, the estimates and the pieces of the sandwich."""

    names: tuple[str, ...]
    coef: FloatArray
    vcov: FloatArray  # model-based
    robust_vcov: FloatArray | None  # HC0, or clustered when a cluster was given
    fitted: FloatArray
    n: int

    @property
    def std_err(self) -> FloatArray:
        """Model-based standard errors."""
        return np.sqrt(np.diag(self.vcov))

    @property
    def robust_std_err(self) -> FloatArray | None:
        """Sandwich standard errors (None when not asked for)."""
        return None if self.robust_vcov is None else np.sqrt(np.diag(self.robust_vcov))

    def coefficient(self, name: str) -> float:
        """The coefficient called ``name``."""
        return float(self.coef[self._position(name)])

    def _position(self, name: str) -> int:
        if name not in self.names:
            raise KeyError(f"no coefficient {name!r}; the model has {', '.join(self.names)}")
        return self.names.index(name)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={c:.6g}" for n, c in zip(self.names, self.coef, strict=True))
        return f"{type(self).__name__}({shown}; n={self.n})"


@dataclass(frozen=True, repr=False)
class LogisticFit(_Fit):
    """A fitted logistic regression (R's ``glm(y ~ x, family = binomial, weights = w)``).

    Attributes
    ----------
    names : tuple of str
        The columns of the design, the intercept ``"(Intercept)"`` first.
    coef : float array
        The coefficients (log odds ratios).
    vcov, robust_vcov : float array
        The model-based covariance (``vcov(fit)``) and the sandwich one
        (``vcovHC(fit, type = "HC0")`` or ``vcovCL``), or None.
    fitted : float array
        The fitted probabilities (``fitted(fit)``).
    linear_predictor : float array
        The fitted log odds (``fit$linear.predictors``).
    deviance : float
        ``fit$deviance``.
    iterations : int
        IRLS iterations (``fit$iter``).
    converged : bool
        Whether IRLS converged within 25 iterations (``fit$converged``).
    separated : bool
        Whether a fitted probability is numerically 0 or 1 (R warns "fitted
        probabilities numerically 0 or 1 occurred"): complete or
        quasi-complete separation, the estimates unreliable.
    """

    linear_predictor: FloatArray
    deviance: float
    iterations: int
    converged: bool
    separated: bool


@dataclass(frozen=True, repr=False)
class LinearFit(_Fit):
    """A fitted linear regression (R's ``lm(y ~ x, weights = w)``).

    Attributes
    ----------
    names, coef, vcov, robust_vcov, fitted, n
        As :class:`LogisticFit`; ``vcov`` is ``vcov(fit)`` (residual
        variance from the weighted residuals on ``n - p`` degrees of freedom).
    residuals : float array
        ``residuals(fit)`` (unweighted).
    """

    residuals: FloatArray


def _design(
    x: ArrayLike, names: tuple[str, ...] | None, n: int | None
) -> tuple[FloatArray, tuple[str, ...]]:
    """The design matrix with an intercept column first, and its column names."""
    try:
        values = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"x must be numbers; got {x!r}") from error
    if values.ndim == 1:
        values = values[:, None]
    if values.ndim != 2:
        raise ValueError(f"x must be a vector or a matrix; got shape {values.shape}")
    if n is not None and values.shape[0] != n:
        raise ValueError(f"x has {values.shape[0]} rows for {n} outcomes")
    if not np.isfinite(values).all():
        raise ValueError("x must be finite: drop or impute missing covariates first")
    if names is None:
        columns = getattr(x, "columns", None)
        names = (
            tuple(str(c) for c in columns)
            if columns is not None
            else tuple(f"x{j + 1}" for j in range(values.shape[1]))
        )
    names = tuple(str(name) for name in names)
    if len(names) != values.shape[1]:
        raise ValueError(f"names has {len(names)} entries for {values.shape[1]} columns")
    design = np.column_stack([np.ones(values.shape[0]), values])
    return design, ("(Intercept)", *names)


def _vector(name: str, value: ArrayLike, n: int | None = None) -> FloatArray:
    try:
        out = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numbers; got {value!r}") from error
    if out.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional; got shape {out.shape}")
    if n is not None and out.size != n:
        raise ValueError(f"{name} has {out.size} entries for {n} rows")
    if not np.isfinite(out).all():
        raise ValueError(f"{name} must be finite")
    return out


def _weights(weights: ArrayLike | None, n: int) -> FloatArray:
    if weights is None:
        return np.ones(n)
    w = _vector("weights", weights, n)
    if (w < 0).any():
        raise ValueError("weights must be >= 0")
    if not (w > 0).any():
        raise ValueError("weights must not all be 0")
    return w


def _check_rank(x: FloatArray, names: tuple[str, ...]) -> None:
    """Refuse a design whose columns are collinear (R would give NA coefficients)."""
    r = np.linalg.qr(x, mode="r")
    diag = np.abs(np.diag(r))
    scale = np.sqrt((x * x).sum(axis=0))
    flat = diag <= _RANK_TOL * np.where(scale > 0, scale, 1.0)
    if flat.any():
        name = names[int(np.flatnonzero(flat)[0])]
        raise RegressionError(
            f"the column {name!r} is constant or a combination of the others in the rows "
            "used; leave it out"
        )


def _cluster_codes(cluster: ArrayLike | None, n: int) -> NDArray[np.intp] | None:
    if cluster is None:
        return None
    labels = np.asarray(cluster)
    if labels.ndim != 1 or labels.size != n:
        raise ValueError(f"cluster must have one label per row ({n}); got shape {labels.shape}")
    _, codes = np.unique(labels.astype(str), return_inverse=True)
    return codes.astype(np.intp)


def _sandwich(
    bread: FloatArray, scores: FloatArray, cluster: NDArray[np.intp] | None
) -> FloatArray:
    """``bread @ meat @ bread`` with the meat from per-row (or per-cluster) scores.

    ``bread`` is the inverse of the (weighted) information, so the product is
    ``vcovHC(type = "HC0")``; with clusters, the scores are summed per cluster
    and the meat scaled by ``G / (G - 1)`` (``vcovCL``'s ``cadjust``).
    """
    if cluster is None:
        meat = scores.T @ scores
    else:
        groups = int(cluster.max()) + 1
        summed = np.zeros((groups, scores.shape[1]))
        np.add.at(summed, cluster, scores)
        if groups < 2:
            raise RegressionError("clustered errors need at least two clusters")
        meat = summed.T @ summed * (groups / (groups - 1))
    out: FloatArray = bread @ meat @ bread
    return out


def _logit_inverse(eta: FloatArray) -> FloatArray:
    """R's ``binomial()$linkinv``: clamped at |eta| = 30."""
    e = np.exp(np.clip(eta, -_THRESH, _THRESH))
    e = np.where(eta < -_THRESH, _DOUBLE_EPS, np.where(eta > _THRESH, 1 / _DOUBLE_EPS, e))
    out: FloatArray = e / (1 + e)
    return out


def _logit_derivative(eta: FloatArray) -> FloatArray:
    """R's ``binomial()$mu.eta``."""
    e = np.exp(np.clip(eta, -_THRESH, _THRESH))
    out: FloatArray = np.where(np.abs(eta) > _THRESH, _DOUBLE_EPS, e / (1 + e) ** 2)
    return out


def _deviance(y: FloatArray, mu: FloatArray, w: FloatArray) -> float:
    """R's ``binomial()$dev.resids`` summed: ``2 w (y log(y/mu) + (1-y) log((1-y)/(1-mu)))``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(y > 0, y * np.log(y / mu), 0.0)
        b = np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return float(np.sum(2 * w * (a + b)))


def logistic_regression(
    x: ArrayLike,
    y: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    names: tuple[str, ...] | None = None,
    robust: bool = False,
    cluster: ArrayLike | None = None,
) -> LogisticFit:
    """Fit a logistic regression with an intercept, as R's ``glm(family = binomial)``.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, p)
        The covariates (numbers; code categories as 0/1 columns).
    y : array_like, shape (n,)
        The outcome, 0 or 1.
    weights : array_like, optional
        Prior weights (``weights =``), >= 0; non-integer weights are fitted
        as R's ``quasibinomial`` fits them (the same coefficients).
    names : tuple of str, optional
        The covariates' names (a DataFrame's columns by default).
    robust : bool, default False
        Also compute the sandwich covariance: HC0 (``vcovHC(fit, type =
        "HC0")``), or clustered on ``cluster`` (``vcovCL(fit, cluster, type =
        "HC0")``).
    cluster : array_like, optional
        A label per row (matched pairs); implies ``robust``.

    Returns
    -------
    LogisticFit

    Raises
    ------
    RegressionError
        Fewer rows than coefficients, an outcome without both values, or
        collinear columns.

    Notes
    -----
    Iteratively reweighted least squares exactly as ``glm.fit``: start at
    ``mu = (w y + 0.5) / (w + 1)``; at each step regress the working
    response ``eta + (y - mu) / mu.eta`` on ``x`` with weights
    ``w mu.eta^2 / (mu (1 - mu))``; stop when ``|dev - dev_old| / (|dev| +
    0.1) < 1e-8`` or after 25 steps. The model-based covariance is the
    inverse weighted information of the last step, as ``summary.glm``
    computes it (dispersion 1). A model whose fitted probabilities reach 0
    or 1 (separation) is flagged, not refused: the caller decides.

    Examples
    --------
    >>> fit = logistic_regression([0, 1, 2, 3, 4, 5], [0, 0, 1, 0, 1, 1])
    >>> fit.names, [round(c, 6) for c in fit.coef.tolist()]
    (('(Intercept)', 'x1'), [-3.035069, 1.214028])
    """
    outcome = _vector("y", y)
    design, columns = _design(x, names, outcome.size)
    if not np.isin(outcome, (0.0, 1.0)).all():
        raise ValueError("y must be 0 or 1")
    w = _weights(weights, outcome.size)
    used = w > 0
    if outcome[used].min() == outcome[used].max():
        raise RegressionError("the outcome takes one value only: no model can be fitted")
    if used.sum() <= design.shape[1]:
        raise RegressionError(
            f"{int(used.sum())} rows for {design.shape[1]} coefficients: too few to fit"
        )
    _check_rank(design[used], columns)
    mu = (w * outcome + 0.5) / (w + 1)
    eta = np.log(mu / (1 - mu))
    dev_old = _deviance(outcome, mu, w)
    coef = np.zeros(design.shape[1])
    converged = False
    iterations = 0
    information = np.eye(design.shape[1])
    working = np.zeros_like(w)
    for iterations in range(1, _MAXIT + 1):  # noqa: B007 (the count is reported)
        derivative = _logit_derivative(eta)
        good = used & (derivative != 0)
        variance = mu * (1 - mu)
        z = eta[good] + (outcome - mu)[good] / derivative[good]
        working = np.zeros_like(w)
        working[good] = w[good] * derivative[good] ** 2 / variance[good]
        root = np.sqrt(working[good])
        coef, *_ = np.linalg.lstsq(design[good] * root[:, None], z * root, rcond=None)
        information = (design[good] * working[good][:, None]).T @ design[good]
        eta = design @ coef
        mu = _logit_inverse(eta)
        dev = _deviance(outcome, mu, w)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < _EPSILON:
            converged = True
            break
        dev_old = dev
    vcov: FloatArray = np.linalg.inv(information).astype(np.float64)
    robust_vcov = None
    codes = _cluster_codes(cluster, outcome.size)
    if robust or codes is not None:
        # estfun.glm: the working residuals of the final fit times the working
        # weights of the last step (as glm.fit keeps them), row by row.
        residual = np.zeros_like(w)
        final = _logit_derivative(eta)
        residual[used] = (outcome - mu)[used] / final[used]
        scores = (residual * working)[:, None] * design
        robust_vcov = _sandwich(vcov, scores, codes)
    eps = 10 * _DOUBLE_EPS
    return LogisticFit(
        names=columns,
        coef=coef,
        vcov=vcov,
        robust_vcov=robust_vcov,
        fitted=mu,
        n=int(used.sum()),
        linear_predictor=eta,
        deviance=dev,
        iterations=iterations,
        converged=converged,
        separated=bool(((mu[used] > 1 - eps) | (mu[used] < eps)).any()),
    )


def linear_regression(
    x: ArrayLike,
    y: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    names: tuple[str, ...] | None = None,
    robust: bool = False,
    cluster: ArrayLike | None = None,
) -> LinearFit:
    """Fit a linear regression with an intercept, as R's ``lm(y ~ x, weights = w)``.

    Parameters
    ----------
    x, y, weights, names, robust, cluster
        As :func:`logistic_regression`; ``y`` is any number.

    Returns
    -------
    LinearFit

    Notes
    -----
    Weighted least squares; the model-based covariance is
    ``sigma^2 (X'WX)^-1`` with ``sigma^2 = sum(w r^2) / (n - p)``; HC0 is
    ``(X'WX)^-1 (sum w^2 r^2 x x') (X'WX)^-1`` (``vcovHC(type = "HC0")``).

    Examples
    --------
    >>> fit = linear_regression([0, 0, 1, 1], [1.0, 3.0, 4.0, 8.0], robust=True)
    >>> round(fit.coefficient("x1"), 12), [round(s, 6) for s in fit.robust_std_err.tolist()]
    (4.0, [0.707107, 1.581139])
    """
    outcome = _vector("y", y)
    design, columns = _design(x, names, outcome.size)
    w = _weights(weights, outcome.size)
    used = w > 0
    n, p = int(used.sum()), design.shape[1]
    if n <= p:
        raise RegressionError(f"{n} rows for {p} coefficients: too few to fit")
    _check_rank(design[used], columns)
    root = np.sqrt(w)
    solved, *_ = np.linalg.lstsq(design * root[:, None], outcome * root, rcond=None)
    coef: FloatArray = solved.astype(np.float64)
    fitted = design @ coef
    residuals = outcome - fitted
    bread: FloatArray = np.linalg.inv((design * w[:, None]).T @ design).astype(np.float64)
    sigma2 = float(np.sum(w * residuals**2) / (n - p))
    robust_vcov = None
    codes = _cluster_codes(cluster, outcome.size)
    if robust or codes is not None:
        scores = (w * residuals)[:, None] * design
        robust_vcov = _sandwich(bread, scores, codes)
    return LinearFit(
        names=columns,
        coef=coef,
        vcov=bread * sigma2,
        robust_vcov=robust_vcov,
        fitted=fitted,
        n=n,
        residuals=residuals,
    )


def wald_interval(estimate: float, std_err: float, conf_level: float) -> tuple[float, float]:
    """``estimate -/+ z std_err``: the normal (Wald) interval, as R's ``confint.default``."""
    z = float(ndtri(1 - (1 - conf_level) / 2))
    return estimate - z * std_err, estimate + z * std_err
