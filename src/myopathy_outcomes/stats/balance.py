"""Covariate balance between two groups: standardized mean differences, variance ratios, ESS.

Two conventions, each equal to the R package that defines it:

- **Table 1** (:func:`smd`, :func:`smd_categories`): R's ``tableone``. A
  number: the difference of means over the square root of the mean of the
  two sample variances (``var``, n - 1); a yes/no characteristic: ``p1 -
  p0`` over ``sqrt((p1 (1 - p1) + p0 (1 - p0)) / 2)``; a characteristic with
  more levels: the multivariate SMD of Yang and Dalton (2012), ``sqrt((T1 -
  T0)' S^+ (T1 - T0))`` with ``T`` the level proportions but the first and
  ``S`` the mean of the two multinomial covariance matrices (``S^+`` its
  pseudo-inverse, as ``MASS::ginv``). Table 1 reports the absolute value.
- **Balance after weighting or matching** (:func:`weighted_smd`,
  :func:`variance_ratio`): R's ``cobalt`` (``col_w_smd``, ``col_w_vr``):
  weighted means; the denominator from the *unweighted* sample (``pooled``:
  the root mean of the two groups' variances, the default for the ATE;
  ``treated`` for the ATT; ``control`` for the ATC), so that a change in the
  SMD is a change in the means alone; weighted variances ``sum(w (x -
  m)^2) / (1 - sum(w^2))`` with ``w`` normalised, and ``p (1 - p)`` for a
  0/1 covariate.

:func:`effective_sample_size` is Kish's ``(sum w)^2 / sum(w^2)``.

References
----------
Yang D, Dalton JE. A unified approach to measuring the effect size between
two groups using SAS. SAS Global Forum 2012, paper 335.
Austin PC. Balance diagnostics for comparing the distribution of baseline
covariates between treatment groups in propensity-score matched samples.
Stat Med 2009;28:3083-3107.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from myopathy_outcomes.stats._arrays import FloatArray

__all__ = [
    "Denominator",
    "effective_sample_size",
    "smd",
    "smd_categories",
    "variance_ratio",
    "weighted_smd",
]

Denominator = Literal["pooled", "treated", "control"]
_GINV_TOL = float(np.sqrt(np.finfo(np.float64).eps))


def _groups(x: ArrayLike, treated: ArrayLike) -> tuple[FloatArray, NDArray[np.bool_]]:
    values = np.asarray(x, dtype=np.float64)
    group = np.asarray(treated)
    if values.ndim != 1 or group.shape != values.shape:
        raise ValueError(
            f"x and treated must be vectors of one length; got {values.shape} and {group.shape}"
        )
    if not np.isin(group, (0, 1, True, False)).all():
        raise ValueError("treated must be 0/1 or True/False")
    flags = group.astype(bool)
    if flags.all() or not flags.any():
        raise ValueError("both groups need at least one patient")
    return values, flags


def _is_binary(values: FloatArray) -> bool:
    kept = values[~np.isnan(values)]
    return bool(np.isin(kept, (0.0, 1.0)).all())


def _variance(values: FloatArray, binary: bool) -> float:
    """Sample variance (n - 1), or ``p (1 - p)`` for a 0/1 variable."""
    kept = values[~np.isnan(values)]
    if binary:
        p = float(kept.mean())
        return p * (1 - p)
    return float(np.var(kept, ddof=1)) if kept.size > 1 else float("nan")


def _ratio(difference: float, denominator: float) -> float:
    """``difference / denominator``; 0 when both are 0 (tableone's convention)."""
    if denominator == 0:
        return 0.0 if difference == 0 else float("nan")
    return float(difference / denominator)


def smd(x: ArrayLike, treated: ArrayLike, *, binary: bool | None = None) -> float:
    """The standardized mean difference of Table 1, treated minus control (``tableone``).

    Parameters
    ----------
    x : array_like
        The characteristic per patient (NaN: missing, left out).
    treated : array_like of bool or 0/1
        The group of each patient.
    binary : bool, optional
        Whether ``x`` is a yes/no characteristic (0/1); by default when
        every value is 0 or 1.

    Returns
    -------
    float
        Signed; Table 1 shows its absolute value.

    Examples
    --------
    >>> round(smd([1.0, 2.0, 3.0, 4.0, 6.0], [0, 0, 1, 1, 1]), 6)
    2.380476
    >>> smd([1, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1])
    2.0
    """
    values, flags = _groups(x, treated)
    kind = _is_binary(values) if binary is None else binary
    one, zero = values[flags], values[~flags]
    difference = float(np.nanmean(one) - np.nanmean(zero))
    return _ratio(difference, np.sqrt((_variance(one, kind) + _variance(zero, kind)) / 2))


def smd_categories(levels: ArrayLike, treated: ArrayLike) -> float:
    """The multivariate SMD of a characteristic with several levels (``tableone``).

    Parameters
    ----------
    levels : array_like
        Each patient's level (any labels; None or NaN: missing, left out).
    treated : array_like of bool or 0/1
        The group of each patient.

    Returns
    -------
    float
        ``sqrt((T1 - T0)' S^+ (T1 - T0))`` (Yang and Dalton 2012), >= 0;
        with two levels it is the binary SMD's absolute value.

    Examples
    --------
    >>> round(smd_categories(["a", "b", "c", "a", "a", "c"], [0, 0, 0, 1, 1, 1]), 6)
    1.069045
    """
    labels = np.asarray(levels, dtype=object)
    group = np.asarray(treated)
    if labels.ndim != 1 or group.shape != labels.shape:
        raise ValueError("levels and treated must be vectors of one length")
    present = np.array([v is not None and not _is_nan(v) for v in labels.tolist()], dtype=bool)
    flags = group.astype(bool)
    names = sorted({str(v) for v in labels[present].tolist()})
    if len(names) < 2:
        return 0.0
    texts = np.array([str(v) for v in labels.tolist()], dtype=object)
    proportions = []
    for side in (flags, ~flags):
        chosen = texts[side & present]
        if chosen.size == 0:
            raise ValueError("both groups need at least one patient with a level")
        proportions.append(np.array([np.mean(chosen == n) for n in names[1:]]))
    p1, p0 = proportions
    covariance = (_multinomial(p1) + _multinomial(p0)) / 2
    difference = p1 - p0
    if np.allclose(covariance, 0):
        return 0.0 if np.allclose(difference, 0) else float("nan")
    inverse = np.linalg.pinv(covariance, rcond=_GINV_TOL)
    return float(np.sqrt(max(difference @ inverse @ difference, 0.0)))


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and np.isnan(value)


def _multinomial(p: FloatArray) -> FloatArray:
    out: FloatArray = -np.outer(p, p)
    np.fill_diagonal(out, p * (1 - p))
    return out


def _weighted_mean(values: FloatArray, w: FloatArray) -> float:
    kept = ~np.isnan(values)
    return float(np.sum(values[kept] * w[kept]) / np.sum(w[kept]))


def _weighted_variance(values: FloatArray, w: FloatArray, binary: bool) -> float:
    """cobalt's ``col.w.v``: ``sum(w (x - m)^2) / (1 - sum(w^2))`` with ``w`` normalised."""
    kept = ~np.isnan(values)
    x, share = values[kept], w[kept] / np.sum(w[kept])
    mean = float(np.sum(share * x))
    if binary:
        return mean * (1 - mean)
    return float(np.sum(share * (x - mean) ** 2) / (1 - np.sum(share**2)))


def _weights(weights: ArrayLike | None, n: int) -> FloatArray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or not np.isfinite(w).all() or (w < 0).any():
        raise ValueError(f"weights must be {n} finite numbers >= 0")
    return w


def weighted_smd(
    x: ArrayLike,
    treated: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    denominator: Denominator = "pooled",
    binary: bool | None = None,
) -> float:
    """The SMD after weighting or matching, treated minus control (``cobalt::col_w_smd``).

    Parameters
    ----------
    x, treated, binary
        As :func:`smd`.
    weights : array_like, optional
        Each patient's weight (IPTW, or 1/0 for matched/unmatched); none:
        the unadjusted SMD.
    denominator : {"pooled", "treated", "control"}, default "pooled"
        Whose unweighted variance standardises: the mean of both groups'
        (the ATE, cobalt's default), the treated group's (the ATT), the
        control group's (the ATC).

    Returns
    -------
    float

    Examples
    --------
    >>> x, t = [1.0, 2.0, 3.0, 4.0, 6.0], [0, 0, 1, 1, 1]
    >>> round(weighted_smd(x, t, [1, 1, 1, 1, 0.001]), 6)
    1.681386
    """
    values, flags = _groups(x, treated)
    w = _weights(weights, values.size)
    kind = _is_binary(values) if binary is None else binary
    difference = _weighted_mean(values[flags], w[flags]) - _weighted_mean(
        values[~flags], w[~flags]
    )
    one, zero = values[flags], values[~flags]
    ones, zeros = np.ones(one.size), np.ones(zero.size)
    spread = {
        "pooled": (_weighted_variance(one, ones, kind) + _weighted_variance(zero, zeros, kind))
        / 2,
        "treated": _weighted_variance(one, ones, kind),
        "control": _weighted_variance(zero, zeros, kind),
    }
    if denominator not in spread:
        raise ValueError(
            f"denominator must be 'pooled', 'treated' or 'control'; got {denominator!r}"
        )
    return _ratio(difference, float(np.sqrt(spread[denominator])))


def variance_ratio(
    x: ArrayLike,
    treated: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    binary: bool | None = None,
) -> float:
    """The weighted variance of the treated over that of the controls (``cobalt::col_w_vr``).

    Examples
    --------
    >>> round(variance_ratio([1.0, 2.0, 3.0, 4.0, 6.0], [0, 0, 1, 1, 1]), 6)
    4.666667
    >>> variance_ratio([1.0, 2.0, 3.0, 4.0, 6.0], [0, 0, 1, 1, 1], [0.5, 1, 1, 2, 1])
    3.8
    """
    values, flags = _groups(x, treated)
    w = _weights(weights, values.size)
    kind = _is_binary(values) if binary is None else binary
    return _ratio(
        _weighted_variance(values[flags], w[flags], kind),
        _weighted_variance(values[~flags], w[~flags], kind),
    )


def effective_sample_size(weights: ArrayLike) -> float:
    """Kish's effective sample size ``(sum w)^2 / sum(w^2)`` (``cobalt``'s ``ESS``).

    Examples
    --------
    >>> effective_sample_size([1, 1, 1, 1]), round(effective_sample_size([1, 3]), 3)
    (4.0, 1.6)
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or not np.isfinite(w).all() or (w < 0).any() or not (w > 0).any():
        raise ValueError("weights must be finite numbers >= 0, not all 0")
    return float(np.sum(w) ** 2 / np.sum(w**2))
