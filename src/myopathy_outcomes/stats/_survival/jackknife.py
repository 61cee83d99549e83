"""The infinitesimal jackknife (robust) variance of a weighted Kaplan-Meier curve.

For observation ``i`` with weight ``w_i`` the influence of ``w_i`` on the
curve at an event time ``t`` with weighted deaths ``d`` among the weight
``n`` at risk follows from ``S(t) = S(t-) (1 - d / n)``:
``D_i(t) = D_i(t-) (1 - d / n) - S(t-) dN_i(t) / n + S(t-) (d / n) Y_i(t) / n``
(``dN_i`` the death of ``i`` at ``t``, ``Y_i`` whether ``i`` is at risk). The
influences of a cluster's members, each multiplied by its weight, are added
up; the variance of ``S(t)`` is the sum of their squares over the clusters.
This is the recursion of R's ``survfitkm`` (survival 3.5-3, ``type = 1``),
taken in the same order.
"""

from __future__ import annotations

import numpy as np

from myopathy_outcomes.stats._arrays import FloatArray, IntArray


def jackknife_survival(
    n_risk: FloatArray,
    n_event: FloatArray,
    *,
    where: IntArray,
    event: IntArray,
    weights: FloatArray,
    cluster: IntArray,
) -> tuple[FloatArray, FloatArray]:
    """The Kaplan-Meier curve and the jackknife standard error of the curve itself.

    ``n_risk`` and ``n_event`` are the weights at risk and of the deaths at
    each distinct time; ``where`` is each observation's time index,
    ``cluster`` its cluster index (``0 .. k - 1``).
    """
    n_clusters = int(cluster.max()) + 1
    at_risk = np.bincount(cluster, weights=weights, minlength=n_clusters)
    members = np.bincount(cluster, minlength=n_clusters)
    influence = np.zeros(n_clusters)
    rows_by_time = np.argsort(where, kind="stable")
    bounds = np.searchsorted(where[rows_by_time], np.arange(n_risk.size + 1))
    survival = np.empty(n_risk.size)
    std_err = np.empty(n_risk.size)
    km = 1.0
    variance = 0.0
    for j in range(n_risk.size):
        rows = rows_by_time[bounds[j] : bounds[j + 1]]
        if n_event[j] > 0:
            hazard = n_event[j] / n_risk[j]
            influence = influence * (1.0 - hazard) + at_risk * km * hazard / n_risk[j]
            dead = rows[event[rows] == 1]
            np.subtract.at(influence, cluster[dead], km * weights[dead] / n_risk[j])
            km *= 1.0 - hazard
            if km == 0.0:
                # everyone at risk died: S is 0 whatever the weights, so no influence
                # is left (the sums above leave only a rounding residue, whose sign
                # would depend on the patients' order)
                influence[:] = 0.0
            variance = float(np.dot(influence, influence))
        # Those whose time is t leave the risk set after it; a cluster with no one
        # left has weight exactly 0 (no rounding residue), as in R.
        leaving = cluster[rows]
        np.subtract.at(at_risk, leaving, weights[rows])
        np.subtract.at(members, leaving, 1)
        at_risk[leaving[members[leaving] == 0]] = 0.0
        survival[j] = km
        std_err[j] = np.sqrt(variance)
    return survival, std_err
