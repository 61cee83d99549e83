"""The Kaplan-Meier estimate of a survival curve, with R's standard errors, limits and median."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._arrays import FloatArray, IntArray
from myopathy_outcomes.stats._survival.confidence import (
    CONF_TYPES,
    ConfType,
    confidence_limits,
    survival_quantile,
)
from myopathy_outcomes.stats._survival.data import (
    as_clusters,
    as_codes,
    as_times,
    as_weights,
    frozen,
    resolve_robust,
    time_table,
    weighted_counts,
)
from myopathy_outcomes.stats._survival.jackknife import jackknife_survival
from myopathy_outcomes.stats._vocabulary import check_choice, check_conf_level
from myopathy_outcomes.stats.survival_results import KaplanMeierResult

__all__ = ["kaplan_meier"]


def _kaplan_meier_iv(
    time: ArrayLike,
    event: ArrayLike,
    *,
    weights: ArrayLike | None,
    robust: object,
    cluster: ArrayLike | None,
    conf_level: float,
    conf_type: object,
) -> tuple[FloatArray, IntArray, FloatArray | None, bool, IntArray | None, float, ConfType]:
    """Validate the arguments of :func:`kaplan_meier`."""
    times = as_times("time", time)
    events = as_codes("event", event, times.size, (0, 1))
    w = None if weights is None else as_weights("weights", weights, times.size, zero_allowed=True)
    groups = (
        None
        if cluster is None
        else as_clusters("cluster", cluster, times.size, matched_sets=False)
    )
    use_robust = resolve_robust(robust, w, groups)
    level = check_conf_level(conf_level)
    kind = check_choice("conf_type", conf_type, CONF_TYPES)
    return times, events, w, use_robust, groups, level, kind


def kaplan_meier(
    time: ArrayLike,
    event: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    robust: bool | None = None,
    cluster: ArrayLike | None = None,
    conf_level: float = 0.95,
    conf_type: ConfType = "log",
) -> KaplanMeierResult:
    """Kaplan-Meier estimate of the survival function, with Greenwood standard errors.

    Parameters
    ----------
    time : array_like of float
        Follow-up times, finite and ``>= 0``, as numbers in one unit (days
        since the index date). Dates and durations (``datetime64``,
        ``timedelta64``, ``datetime.date``) are refused rather than read as
        days since 1970 or converted: pass ``(end - index).dt.days``.
        Missing values (NaN, masked entries) are refused, not dropped.
    event : array_like of {0, 1} or bool
        1 (True) for an event at ``time``, 0 for a censoring.
    weights : array_like of float, optional
        Case weights (e.g. propensity-score weights), finite and ``>= 0``,
        not all 0. R's ``weights``.
    robust : bool, optional
        Use the robust (infinitesimal jackknife) variance. ``None`` (the
        default) decides as R does: robust when ``cluster`` is given or any
        weight is not a whole number, Greenwood otherwise.
    cluster : array_like, optional
        The cluster (matched set) of each observation, for the robust
        variance (R's ``cluster``). A curve for one arm of matched pairs
        holds one member of each pair; clusters of one are therefore
        accepted here (:func:`cox` refuses them).
    conf_level : float, default 0.95
        Level of the pointwise limits and of the median's interval.
    conf_type : {"log", "log-log", "plain"}, default "log"
        The scale on which the limits are symmetric (R's ``conf.type``).

    Returns
    -------
    KaplanMeierResult
        One entry per distinct time in ``time``, ``n_risk``, ``n_event``,
        ``n_censor``, ``survival``, ``std_err``, ``conf_low``, ``conf_high``;
        the ``median`` and ``median_conf_int``; ``survival_at(times)``.

    Notes
    -----
    At each distinct time ``t_j`` with ``n_j`` at risk and ``d_j`` events,
    ``S(t) = prod_{t_j <= t} (1 - d_j / n_j)``. An event and a censoring at
    the same time count the censored observation at risk at that time (the
    censoring is taken to follow the event), as R does. ``std_err`` is the
    Greenwood standard error of ``log S``: ``sqrt(sum_{t_j <= t} d_j /
    (n_j (n_j - d_j)))``, infinite once ``S = 0``. This is the scale of
    ``survfit()$std.err``; ``summary.survfit`` prints ``S * std_err``
    (:attr:`~KaplanMeierResult.std_err_survival`).

    The limits follow ``survfit_confint`` with ``z = qnorm(1 - (1 -
    conf_level) / 2)``: ``"log"``, ``exp(log S -/+ z se)`` with the upper
    limit capped at 1; ``"log-log"``, ``exp(-exp(log(-log S) -/+ z se /
    log S))``; ``"plain"``, ``S -/+ z se S`` cut to [0, 1]. Where R gives NA
    (``S = 0``, and ``S = 1`` on the log-log scale) the limits are NaN.

    The median and its limits are R's ``quantile(fit, 0.5)``: the first time
    at which the curve (or the lower and upper limit) falls to 0.5 or below;
    where it equals 0.5 (within ``sqrt(eps)``) on a stretch, the midpoint of
    that stretch's start and the next time the curve drops, or of its start
    and the last time when it never drops again. ``print(fit)`` uses another
    rule in that last case (the start of the stretch) and can differ.

    With ``weights`` every count is a sum of weights (``n_risk``, ``n_event``
    and ``n_censor`` are then floats, as R's), the curve is ``prod (1 - d_j /
    n_j)`` over the times with weighted deaths ``d_j > 0``, and Greenwood's
    sum uses the weighted counts. With ``robust`` (R's default when a
    ``cluster`` is given or a weight is not a whole number) the error is the
    infinitesimal jackknife's instead: the influence of each observation's
    weight on ``S(t)``, added up within clusters (each observation its own
    without ``cluster``), gives ``var S(t)`` as the sum of squares (the
    recursion of R's ``survfitkm``). R then reports ``std.err`` as the error
    of ``S`` itself; here ``std_err`` stays that of ``log S`` (``se(S) / S``,
    and 0 where ``se(S)`` is 0, as R's ``survfit_confint`` converts it), so
    R's ``std.err`` is :attr:`~KaplanMeierResult.std_err_survival`. The
    limits are formed from it as above. A curve per stratum is a call per
    stratum: R's ``survfit(Surv(time, event) ~ stratum, weights = w)``
    computes each curve (and its clusters) within its stratum.

    Equals ``survfit(Surv(time, event) ~ 1, conf.type = conf_type,
    conf.int = conf_level, weights = weights, robust = robust, cluster =
    cluster)`` (survival 3.5-3) for ``time``, ``n.risk``, ``n.event``,
    ``n.censor``, ``surv``, ``std.err``, ``lower``, ``upper`` (checked to
    1e-9 on weighted, clustered and stratified cohorts). R accepts
    ``robust=False`` with a ``cluster`` and ignores the cluster with a
    warning; here that is an error.
    R first merges times that differ by rounding error only (``aeqSurv``);
    here times are compared exactly.

    ``scipy.stats.ecdf`` on censored data gives the same survival and the
    same log-log limits (checked), but no ``"log"`` limits (R's default), no
    standard errors, numbers at risk or median interval, and it warns where
    the limits are undefined; so it is not used.

    References
    ----------
    .. [1] Kaplan, E. L. and Meier, P. (1958). Nonparametric estimation from
       incomplete observations. JASA 53, 457-481.
    .. [2] Therneau, T. M. and Grambsch, P. M. (2000). Modeling Survival
       Data: Extending the Cox Model. Springer, ch. 2.

    Examples
    --------
    >>> fit = kaplan_meier([1, 2, 2, 3, 5], [1, 1, 0, 1, 0])
    >>> fit.time.tolist(), fit.n_risk.tolist()
    ([1.0, 2.0, 3.0, 5.0], [5, 4, 2, 1])
    >>> fit.survival.round(4).tolist()
    [0.8, 0.6, 0.3, 0.3]
    >>> fit.median, fit.median_conf_int
    (3.0, (2.0, None))

    Weighted, with the robust error (fractional weights choose it, as in R):

    >>> fit = kaplan_meier([1, 2, 2, 3, 5], [1, 1, 0, 1, 0], weights=[1.5, 1, 2, 0.5, 1])
    >>> fit.robust, fit.n_risk.tolist(), fit.survival.round(4).tolist()
    (True, [6.0, 4.5, 1.5, 1.0], [0.75, 0.5833, 0.3889, 0.3889])
    """
    times, events, w, use_robust, groups, level, kind = _kaplan_meier_iv(
        time,
        event,
        weights=weights,
        robust=robust,
        cluster=cluster,
        conf_level=conf_level,
        conf_type=conf_type,
    )
    if w is None and not use_robust:
        table = time_table(times, events, 2)
        n_risk: IntArray | FloatArray = table.n_risk
        n_event: IntArray | FloatArray = table.counts[:, 1].copy()
        n_censor: IntArray | FloatArray = table.n_censor.copy()
        distinct = table.time
        surviving = table.n_risk - table.counts[:, 1]
        survival = np.asarray(np.cumprod(surviving / table.n_risk), dtype=np.float64)
        with np.errstate(divide="ignore"):
            terms = np.where(
                n_event > 0, n_event / (table.n_risk * surviving.astype(np.float64)), 0.0
            )
        std_err = np.sqrt(np.cumsum(terms))
    else:
        case_weights = np.ones(times.size) if w is None else w
        distinct, risk_w, counts_w, where = weighted_counts(times, events, 2, case_weights)
        if w is None:  # robust only: the counts stay whole numbers
            table = time_table(times, events, 2)
            n_risk, n_event, n_censor = table.n_risk, table.n_event, table.n_censor.copy()
        else:
            n_risk, n_event, n_censor = risk_w, counts_w[:, 1].copy(), counts_w[:, 0].copy()
        if use_robust:
            own = np.arange(times.size, dtype=np.int64) if groups is None else groups
            survival, se_survival = jackknife_survival(
                risk_w,
                counts_w[:, 1],
                where=where,
                event=events,
                weights=case_weights,
                cluster=own,
            )
            with np.errstate(divide="ignore", invalid="ignore"):
                # R's survfit_confint: se(log S) = se(S) / S, and 0 where se(S) is 0.
                std_err = np.where(se_survival == 0.0, 0.0, se_survival / survival)
        else:
            survival, std_err = _weighted_greenwood(risk_w, counts_w[:, 1])
    low, high = confidence_limits(survival, std_err, kind, level, upper_limit=True)
    median = survival_quantile(distinct, survival, 0.5)
    # The lower limit reaches 0.5 first, so it gives the lower end of the interval.
    median_low = survival_quantile(distinct, low, 0.5)
    median_high = survival_quantile(distinct, high, 0.5)
    return KaplanMeierResult(
        time=frozen(distinct),
        n_risk=frozen(n_risk),
        n_event=frozen(n_event),
        n_censor=frozen(n_censor),
        survival=frozen(survival),
        std_err=frozen(std_err),
        conf_low=frozen(low),
        conf_high=frozen(high),
        conf_level=level,
        conf_type=kind,
        median=median,
        median_conf_int=(median_low, median_high),
        n=int(times.size),
        weighted=w is not None,
        robust=use_robust,
    )


def _weighted_greenwood(n_risk: FloatArray, n_event: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The curve and Greenwood's standard error of its log, from weighted counts (R's)."""
    deaths = n_event > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(deaths, (n_risk - n_event) / n_risk, 1.0)
        terms = np.where(deaths, n_event / (n_risk * (n_risk - n_event)), 0.0)
    survival = np.asarray(np.cumprod(factor), dtype=np.float64)
    return survival, np.sqrt(np.cumsum(terms))
