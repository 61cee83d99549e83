"""Score residuals of a (weighted) Cox model and the robust sandwich covariance.

The score residual of observation ``i`` is ``U_i = int (x_i - xbar(t)) dM_i(t)``
with ``M_i`` its martingale residual process under the fitted model (R's
``residuals(fit, type = "score")``, ``coxscore2``). At an event time with
``d`` deaths Efron's approximation splits the time into ``d`` terms; term
``k`` (``k = 0 .. d-1``) takes away the share ``f = k / d`` of the deaths'
risk: ``S0_k = S0 - f D0``, ``xbar_k = (S1 - f D1) / S0_k`` and the hazard
``h_k = (deaths' weight / d) / S0_k``. A death at that time gets
``sum_k (x_i - xbar_k) (1 / d - r_i h_k (1 - f))``, anyone else at risk
``- sum_k (x_i - xbar_k) r_i h_k`` (``r_i = exp(eta_i)``). Breslow's is the
case ``f = 0``.

The robust covariance is ``D' D`` with ``D`` the weighted residuals times
the model's covariance (R's ``dfbeta`` residuals, ``weighted = TRUE``),
added up within each cluster (``collapse = cluster``).
"""

from __future__ import annotations

import numpy as np

from myopathy_outcomes.stats._arrays import FloatArray, IntArray


def score_residuals(
    x: FloatArray,
    beta: FloatArray,
    *,
    weight: FloatArray,
    event: IntArray,
    start: IntArray,
    n_deaths: IntArray,
    efron: bool,
) -> FloatArray:
    """Score residuals (unweighted, one row per observation), data sorted by time.

    ``start`` is the first row of each distinct time and ``n_deaths`` the
    deaths at it.
    """
    eta = x @ beta
    score = np.exp(eta)
    risk = weight * score
    rx = risk[:, None] * x
    dead = event == 1

    def by_time(values: FloatArray) -> FloatArray:
        return np.add.reduceat(values, start, axis=0)

    s0 = by_time(risk)[::-1].cumsum()[::-1]
    s1 = by_time(rx)[::-1].cumsum(axis=0)[::-1]
    d0 = by_time(np.where(dead, risk, 0.0))
    d1 = by_time(np.where(dead[:, None], rx, 0.0))
    dead_weight = by_time(np.where(dead, weight, 0.0))
    times_with_deaths = np.flatnonzero(n_deaths > 0)
    d = n_deaths[times_with_deaths]
    which = np.repeat(times_with_deaths, d)  # one term per death: its time's index
    if efron:
        first = np.concatenate(([0], np.cumsum(d)[:-1]))
        fraction = (np.arange(which.size) - np.repeat(first, d)) / n_deaths[which]
    else:
        fraction = np.zeros(which.size)
    denom = s0[which] - fraction * d0[which]
    mean = (s1[which] - fraction[:, None] * d1[which]) / denom[:, None]
    hazard = dead_weight[which] / n_deaths[which] / denom

    n_times = start.size

    def per_time(values: FloatArray) -> FloatArray:
        out = np.zeros((n_times, *values.shape[1:]))
        np.add.at(out, which, values)
        return out

    # Everyone at risk: - r_i (x_i H(t_i) - M(t_i)), H and M summed over the terms to t_i.
    cum_hazard = np.cumsum(per_time(hazard))
    cum_mean = np.cumsum(per_time(hazard[:, None] * mean), axis=0)
    row_time = np.repeat(np.arange(n_times), np.diff(np.append(start, x.shape[0])))
    resid = -score[:, None] * (x * cum_hazard[row_time, None] - cum_mean[row_time])
    # The deaths at their own time: + sum_k (x_i - xbar_k) / d + r_i h_k f (x_i - xbar_k).
    average_mean = per_time(mean) / np.maximum(n_deaths, 1)[:, None]
    frac_hazard = per_time(hazard * fraction)
    frac_mean = per_time((hazard * fraction)[:, None] * mean)
    t = row_time[dead]
    resid[dead] += (x[dead] - average_mean[t]) + score[dead, None] * (
        x[dead] * frac_hazard[t, None] - frac_mean[t]
    )
    return resid


def cluster_sums(values: FloatArray, cluster: IntArray) -> FloatArray:
    """Row sums of ``values`` within each cluster (R's ``rowsum``)."""
    out = np.zeros((int(cluster.max()) + 1, values.shape[1]))
    np.add.at(out, cluster, values)
    return out
