"""Cumulative incidence with competing risks: the Aalen-Johansen estimate, as R's survfit."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._arrays import FloatArray, IntArray
from myopathy_outcomes.stats._survival.confidence import confidence_limits
from myopathy_outcomes.stats._survival.data import as_codes, as_times, frozen, time_table
from myopathy_outcomes.stats._vocabulary import check_conf_level
from myopathy_outcomes.stats.survival_results import CumulativeIncidenceResult

__all__ = ["cumulative_incidence"]


def _cumulative_incidence_iv(
    time: ArrayLike, status: ArrayLike, cause: object, conf_level: float
) -> tuple[FloatArray, IntArray, int, tuple[int, ...], float]:
    """Validate the arguments of :func:`cumulative_incidence`."""
    times = as_times("time", time)
    codes = as_codes("status", status, times.size)
    if isinstance(cause, bool) or not isinstance(cause, int | np.integer) or cause < 1:
        raise ValueError(f"cause must be a whole number >= 1 (a status code); got {cause!r}")
    causes = tuple(int(c) for c in np.unique(codes[codes > 0]))
    if int(cause) not in causes:
        present = ", ".join(str(c) for c in causes) or "none"
        raise ValueError(
            f"cause {cause} does not occur in status (event codes present: {present})"
        )
    level = check_conf_level(conf_level)
    return times, codes, int(cause), causes, level


def cumulative_incidence(
    time: ArrayLike,
    status: ArrayLike,
    *,
    cause: int = 1,
    conf_level: float = 0.95,
) -> CumulativeIncidenceResult:
    """Cumulative incidence of one event type in the presence of competing events.

    Parameters
    ----------
    time : array_like of float
        Follow-up times, finite and ``>= 0``, as numbers in one unit (days
        since the index date). Dates and durations (``datetime64``,
        ``timedelta64``, ``datetime.date``) are refused rather than read as
        days since 1970 or converted: pass ``(end - index).dt.days``.
        Missing values (NaN, masked entries) are refused, not dropped.
    status : array_like of int
        0 for a censoring, ``k >= 1`` for an event of type ``k`` (e.g. 1 the
        event of interest, 2 a competing event such as death).
    cause : int, default 1
        The event type whose cumulative incidence is estimated.
    conf_level : float, default 0.95
        Level of the pointwise limits.

    Returns
    -------
    CumulativeIncidenceResult
        One entry per distinct time: ``n_risk``, ``n_event`` (of ``cause``),
        ``n_competing``, ``n_censor``, ``cumulative_incidence``, its
        ``std_err`` and limits, and ``event_free`` (no event of any type).

    Notes
    -----
    The Aalen-Johansen estimate: with ``n_j`` at risk and ``d_jk`` events of
    type ``k`` at the distinct times ``t_j``, and ``S`` the Kaplan-Meier
    estimate of being free of any event,
    ``F_k(t) = sum_{t_j <= t} S(t_j-) d_jk / n_j``. (``1 - KM`` treating the
    competing events as censorings would overstate it.)

    ``std_err`` is R's for a multi-state ``survfit``: the infinitesimal
    jackknife, ``sqrt(sum_i U_i(t)^2)`` with ``U_i`` the derivative of the
    estimate with respect to observation ``i``'s case weight, carried through
    the product of transition matrices ``p(t_j) = p(t_j-) H_j``:
    ``U_i(t_j) = U_i(t_j-) H_j + p(t_j-) dH_j / dw_i``. It is the standard
    error of ``F_k`` itself (not of its log). Limits on the log scale:
    ``F exp(-/+ z se / F)``, the upper one capped at 1, NaN while ``F = 0``
    (R's NA).

    Equals ``survfit(Surv(time, factor(status)) ~ 1)`` (survival 3.5-3):
    ``time``, ``n.risk[, 1]``, ``n.event`` and ``pstate``, ``std.err``,
    ``lower``, ``upper`` of the state named ``cause``, and ``n.censor``.
    Times are compared exactly (R first merges times that differ by
    rounding error only). Gray's test of equal cumulative incidence
    (``cmprsk::cuminc``) is not provided.

    References
    ----------
    .. [1] Aalen, O. O. and Johansen, S. (1978). An empirical transition
       matrix for non-homogeneous Markov chains based on censored
       observations. Scand. J. Statist. 5, 141-150.
    .. [2] Therneau, T., Crowson, C. and Atkinson, E. (2023). Multi-state
       models and competing risks. Vignette of the R package survival.

    Examples
    --------
    >>> time = [1, 2, 2, 3, 4, 5, 6]
    >>> status = [1, 2, 0, 1, 0, 2, 1]
    >>> res = cumulative_incidence(time, status, cause=1)
    >>> res.time.tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    >>> res.cumulative_incidence.round(4).tolist()
    [0.1429, 0.1429, 0.3214, 0.3214, 0.3214, 0.5893]
    """
    times, codes, wanted, causes, level = _cumulative_incidence_iv(time, status, cause, conf_level)
    # Competing types enter only through the all-cause hazard: one column serves them all.
    kind = np.where(codes == 0, 0, np.where(codes == wanted, 1, 2))
    table = time_table(times, kind, 3)
    incidence, std_err, event_free = _aalen_johansen(times, kind, table.time)
    with np.errstate(divide="ignore", invalid="ignore"):
        se_log = np.where(std_err == 0.0, 0.0, std_err / incidence)
    low, high = confidence_limits(incidence, se_log, "log", level, upper_limit=True)
    return CumulativeIncidenceResult(
        time=frozen(table.time),
        n_risk=frozen(table.n_risk),
        n_event=frozen(table.counts[:, 1].copy()),
        n_competing=frozen(table.counts[:, 2].copy()),
        n_censor=frozen(table.n_censor.copy()),
        cumulative_incidence=frozen(incidence),
        std_err=frozen(std_err),
        conf_low=frozen(low),
        conf_high=frozen(high),
        event_free=frozen(event_free),
        conf_level=level,
        cause=wanted,
        causes=causes,
        n=int(times.size),
    )


def _aalen_johansen(
    time: FloatArray, kind: IntArray, distinct: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Incidence of kind 1, its infinitesimal-jackknife standard error, and event-free survival.

    States: 0 event-free, 1 the cause, 2 any competing event. Only row 0 of
    each transition matrix differs from the identity, so the recursions are
    written out for the two columns that matter (event-free and the cause).
    Cost: one pass over the observations per distinct time.
    """
    n_times = distinct.size
    incidence = np.empty(n_times)
    variance = np.empty(n_times)
    event_free = np.empty(n_times)
    free, cif = 1.0, 0.0
    u_free = np.zeros(time.size)  # d p_0 / d w_i
    u_cif = np.zeros(time.size)  # d p_1 / d w_i
    for j, t in enumerate(distinct.tolist()):
        at_risk = time >= t
        here = time == t
        n = float(at_risk.sum())
        cause = here & (kind == 1)
        any_event = here & (kind > 0)
        h_cause = cause.sum() / n
        h_all = any_event.sum() / n
        dh_cause = (cause - at_risk * h_cause) / n
        dh_all = (any_event - at_risk * h_all) / n
        u_cif = u_cif + u_free * h_cause + free * dh_cause
        u_free = u_free * (1.0 - h_all) - free * dh_all
        cif += free * h_cause
        free *= 1.0 - h_all
        incidence[j] = cif
        variance[j] = float(u_cif @ u_cif)
        event_free[j] = free
    return incidence, np.sqrt(variance), event_free
