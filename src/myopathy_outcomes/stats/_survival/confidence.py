"""Pointwise confidence limits of a survival curve and its quantiles, as R's survival does."""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
from scipy.special import ndtri

from myopathy_outcomes.stats._arrays import FloatArray

ConfType = Literal["log", "log-log", "plain"]
CONF_TYPES: tuple[ConfType, ...] = ("log", "log-log", "plain")

#: R's ``quantile.survfit`` tolerance, ``sqrt(.Machine$double.eps)``.
QUANTILE_TOLERANCE: Final = float(np.sqrt(np.finfo(np.float64).eps))


def normal_quantile(conf_level: float) -> float:
    """``qnorm(1 - (1 - conf_level) / 2)``."""
    return float(ndtri(1.0 - (1.0 - conf_level) / 2.0))


def confidence_limits(
    p: FloatArray, se_log: FloatArray, conf_type: ConfType, conf_level: float, upper_limit: bool
) -> tuple[FloatArray, FloatArray]:
    """Pointwise limits for a probability ``p`` whose log has standard error ``se_log``.

    Follows R's ``survival:::survfit_confint``: ``"log"`` is
    ``exp(log p -/+ z se)``, ``"log-log"`` is ``exp(-exp(log(-log p) -/+ z
    se / log p))``, ``"plain"`` is ``p -/+ z se p`` cut at 0. ``upper_limit``
    caps the upper limit at 1 (R's ``ulimit``). Where R gives NA (``p = 0``;
    for ``"log-log"`` also ``p = 1``) the limits are NaN.
    """
    z = normal_quantile(conf_level)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if conf_type == "plain":
            half = se_log * p * z
            low = np.maximum(p - half, 0.0)  # NaN stays NaN, as in R's pmax
            high = p + half
        elif conf_type == "log":
            xx = np.where(p == 0.0, np.nan, p)
            low = np.exp(np.log(xx) - z * se_log)
            high = np.exp(np.log(xx) + z * se_log)
        else:
            xx = np.where((p == 0.0) | (p == 1.0), np.nan, p)
            half = z * se_log / np.log(xx)
            low = np.exp(-np.exp(np.log(-np.log(xx)) - half))
            high = np.exp(-np.exp(np.log(-np.log(xx)) + half))
            return low, high
        if upper_limit:
            high = np.minimum(high, 1.0)
    return low, high


def survival_quantile(time: FloatArray, curve: FloatArray, p: float) -> float | None:
    """The ``p`` quantile of a survival curve (or of one of its limits) by R's rule.

    ``curve[j]`` is the value on ``[time[j], time[j + 1])``; the curve is 1
    before ``time[0]`` (taken from time 0). This is ``survival:::findq`` as
    used by ``quantile.survfit``: the first time at which ``1 - curve``
    reaches ``p``; where ``1 - curve`` equals ``p`` (within ``sqrt(eps)``) on
    a stretch, the midpoint of that stretch's start and the next change, or
    of its start and the last time if the curve never changes again. NaN
    values (R's NA limits) are skipped. ``None`` when the curve never reaches
    ``p`` (R's NA).
    """
    tol = QUANTILE_TOLERANCE
    x = np.concatenate(([0.0], time))
    y = np.concatenate(([0.0], 1.0 - curve))
    finite = ~np.isnan(y)
    if not finite.any() or y[finite].max() < p:
        return None
    x_max = x[-1]
    # Keep the first occurrence of each value (R's duplicated(), NA being one value).
    keep = np.ones(y.size, dtype=bool)
    seen: set[float] = set()
    seen_nan = False
    for j, value in enumerate(y.tolist()):
        if np.isnan(value):
            keep[j] = not seen_nan
            seen_nan = True
        elif value in seen:
            keep[j] = False
        else:
            seen.add(value)
    x, y = x[keep], y[keep]

    def first_reaching(shift: float) -> int | None:
        # approx(y + shift, 1:n, p, method = "constant", f = 1): the position of
        # the smallest non-NA y + shift that is >= p.
        candidates = np.flatnonzero(~np.isnan(y) & (y + shift >= p))
        if candidates.size == 0:
            return None
        return int(candidates[np.argmin(y[candidates])])

    lower, upper = first_reaching(tol), first_reaching(-tol)
    last = y[-1]
    if not np.isnan(last) and abs(p - last) < tol:
        return None if lower is None else float((x[lower] + x_max) / 2.0)
    if lower is None or upper is None:
        return None
    return float((x[lower] + x[upper]) / 2.0)
