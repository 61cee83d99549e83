"""Propensity-score weights and trimming, for the ATE, the ATT, the ATC and the overlap (ATO).

With ``e`` a patient's propensity score and ``t`` 1 for the treated:

===========  ===============================  ===============================
estimand     treated                          control
===========  ===============================  ===============================
``"ATE"``    ``1 / e``                        ``1 / (1 - e)``
``"ATT"``    ``1``                            ``e / (1 - e)``
``"ATC"``    ``(1 - e) / e``                  ``1``
``"ATO"``    ``1 - e``                        ``e``
===========  ===============================  ===============================

as R's ``WeightIt::get_w_from_ps`` makes them; ATE weights may be
stabilised, each multiplied by the share of patients in the patient's
group. Trimming leaves patients out before weighting: by percentile of the
score (Stürmer et al. 2010: below the ``q`` quantile of the treated's
scores, above the ``1 - q`` quantile of the controls') or by Crump's rule
(Crump et al. 2009: scores outside ``[alpha, 1 - alpha]`` with the
optimal ``alpha`` for the variance of the ATE).

References
----------
Li F, Morgan KL, Zaslavsky AM. Balancing covariates via propensity score
weighting. J Am Stat Assoc 2018;113:390-400 (overlap weights).
Crump RK, Hotz VJ, Imbens GW, Mitnik OA. Dealing with limited overlap in
estimation of average treatment effects. Biometrika 2009;96:187-199.
Stürmer T, Rothman KJ, Avorn J, Glynn RJ. Treatment effects in the presence
of unmeasured confounding. Am J Epidemiol 2010;172:843-854.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from myopathy_outcomes.stats._arrays import FloatArray

__all__ = [
    "ESTIMANDS",
    "Estimand",
    "crump_alpha",
    "propensity_weights",
    "trim_by_percentile",
    "trim_crump",
]

Estimand = Literal["ATE", "ATT", "ATC", "ATO"]
ESTIMANDS: tuple[Estimand, ...] = ("ATE", "ATT", "ATC", "ATO")


def _scores(score: ArrayLike, treated: ArrayLike) -> tuple[FloatArray, NDArray[np.bool_]]:
    e = np.asarray(score, dtype=np.float64)
    group = np.asarray(treated)
    if e.ndim != 1 or group.shape != e.shape:
        raise ValueError("score and treated must be vectors of one length")
    if not ((e > 0) & (e < 1)).all():
        raise ValueError("propensity scores must lie strictly between 0 and 1")
    if not np.isin(group, (0, 1, True, False)).all():
        raise ValueError("treated must be 0/1 or True/False")
    return e, group.astype(bool)


def propensity_weights(
    score: ArrayLike, treated: ArrayLike, estimand: Estimand = "ATE", *, stabilize: bool = False
) -> FloatArray:
    """Each patient's weight for ``estimand`` (see the module notes).

    Parameters
    ----------
    score : array_like
        Propensity scores, strictly between 0 and 1.
    treated : array_like of bool or 0/1
        Each patient's group.
    estimand : {"ATE", "ATT", "ATC", "ATO"}, default "ATE"
        The average treatment effect in everyone, in the treated, in the
        controls, or in the overlap population.
    stabilize : bool, default False
        ATE only: multiply each weight by the share of patients in the
        patient's group (``WeightIt(stabilize = TRUE)``).

    Returns
    -------
    float array

    Examples
    --------
    >>> propensity_weights([0.2, 0.5, 0.8], [1, 0, 1]).tolist()
    [5.0, 2.0, 1.25]
    >>> propensity_weights([0.2, 0.5, 0.8], [1, 0, 1], "ATO").tolist()
    [0.8, 0.5, 0.19999999999999996]
    """
    e, t = _scores(score, treated)
    if estimand not in ESTIMANDS:
        raise ValueError(f"estimand must be one of {', '.join(ESTIMANDS)}; got {estimand!r}")
    if stabilize and estimand != "ATE":
        raise ValueError("stabilize applies to ATE weights only")
    weights = {
        "ATE": np.where(t, 1 / e, 1 / (1 - e)),
        "ATT": np.where(t, 1.0, e / (1 - e)),
        "ATC": np.where(t, (1 - e) / e, 1.0),
        "ATO": np.where(t, 1 - e, e),
    }[estimand]
    if stabilize:
        share = t.mean()
        weights = weights * np.where(t, share, 1 - share)
    out: FloatArray = weights.astype(np.float64)
    return out


def trim_by_percentile(score: ArrayLike, treated: ArrayLike, q: float = 0.01) -> NDArray[np.bool_]:
    """Who is kept when trimming at the ``q`` quantiles (Stürmer et al. 2010).

    Left out: scores below the ``q`` quantile of the treated's scores, and
    above the ``1 - q`` quantile of the controls' (R's default quantile,
    type 7).

    Examples
    --------
    >>> trim_by_percentile([0.1, 0.3, 0.5, 0.2, 0.4, 0.9], [1, 1, 1, 0, 0, 0], 0.1).tolist()
    [False, True, True, True, True, False]
    """
    e, t = _scores(score, treated)
    if not 0 < q < 0.5:
        raise ValueError(f"q must be between 0 and 0.5; got {q!r}")
    low = np.quantile(e[t], q)
    high = np.quantile(e[~t], 1 - q)
    out: NDArray[np.bool_] = (e >= low) & (e <= high)
    return out


def crump_alpha(score: ArrayLike) -> float:
    """Crump's optimal trimming threshold: 0 when no trimming lowers the ATE's variance.

    With ``g = 1 / (e (1 - e))``, ``alpha`` solves ``1 / (alpha (1 - alpha)) =
    2 E[g | g <= 1 / (alpha (1 - alpha))]`` (Crump et al. 2009, their eq. 4.5),
    over the sample's scores.

    Examples
    --------
    >>> crump_alpha([0.3, 0.4, 0.5, 0.6])
    0.0
    >>> round(crump_alpha([0.01, 0.3, 0.4, 0.5, 0.6, 0.7, 0.99]), 6)
    0.131733
    """
    e = np.asarray(score, dtype=np.float64)
    if e.ndim != 1 or not ((e > 0) & (e < 1)).all():
        raise ValueError("propensity scores must lie strictly between 0 and 1")
    g = np.sort(1 / (e * (1 - e)))
    means = np.cumsum(g) / np.arange(1, g.size + 1)
    if g[-1] <= 2 * means[-1]:
        return 0.0
    # the largest k whose g stays within twice the mean of the k smallest
    k = int(np.flatnonzero(g <= 2 * means)[-1])
    bound = 2 * means[k]
    return float(0.5 - np.sqrt(0.25 - 1 / bound))


def trim_crump(score: ArrayLike, treated: ArrayLike) -> NDArray[np.bool_]:
    """Who is kept under Crump's rule: scores within ``[alpha, 1 - alpha]``."""
    e, _ = _scores(score, treated)
    alpha = crump_alpha(e)
    out: NDArray[np.bool_] = (e >= alpha) & (e <= 1 - alpha)
    return out
