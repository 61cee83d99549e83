"""The Cox proportional hazards model (R's ``coxph``), Efron or Breslow ties."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import chdtrc, ndtri

from myopathy_outcomes.stats._arrays import FloatArray, IntArray, read_array
from myopathy_outcomes.stats._survival.cox_residuals import cluster_sums, score_residuals
from myopathy_outcomes.stats._survival.data import (
    as_clusters,
    as_codes,
    as_times,
    as_weights,
    frozen,
    resolve_robust,
)
from myopathy_outcomes.stats._vocabulary import check_choice, check_conf_level
from myopathy_outcomes.stats.survival_results import CoxResult

__all__ = ["CoxConvergenceWarning", "cox"]

Ties = Literal["efron", "breslow"]
TIES: tuple[Ties, ...] = ("efron", "breslow")

# coxph.control() defaults.
_EPS: Final = 1e-9
_TOLER_CHOL: Final = float(np.finfo(np.float64).eps) ** 0.75
_ITER_MAX: Final = 20
_TOLER_INF: Final = float(np.sqrt(_EPS))


class CoxConvergenceWarning(RuntimeWarning):
    """The Cox fit did not converge, or a coefficient may be infinite (R warns too)."""


@dataclass(frozen=True)
class _Data:
    """Sorted, centred and scaled data, as coxph hands it to its C routine."""

    time: FloatArray
    event: IntArray
    x: FloatArray  # centred and scaled covariates, sorted by time
    weight: FloatArray  # case weights, sorted by time (1 without weights)
    order: IntArray  # the sorting: row k here is row order[k] of the input
    scale: FloatArray
    start: IntArray  # first row of each distinct time
    n_deaths: IntArray  # deaths at each distinct time


@dataclass(frozen=True)
class _Arguments:
    """The validated arguments of :func:`cox`."""

    time: FloatArray
    event: IntArray
    x: FloatArray
    names: tuple[str, ...]
    weights: FloatArray | None
    robust: bool
    cluster: IntArray | None
    ties: Ties
    conf_level: float


def _cox_iv(
    time: ArrayLike,
    event: ArrayLike,
    covariates: ArrayLike,
    *,
    weights: ArrayLike | None,
    robust: object,
    cluster: ArrayLike | None,
    ties: object,
    conf_level: float,
) -> _Arguments:
    """Validate the arguments of :func:`cox`; return the covariates as an (n, p) matrix."""
    times = as_times("time", time)
    events = as_codes("event", event, times.size, (0, 1))
    names: tuple[str, ...] | None = None
    columns = getattr(covariates, "columns", None)
    if columns is not None:
        names = tuple(str(c) for c in columns)
    elif getattr(covariates, "name", None) is not None:
        names = (str(covariates.name),)  # type: ignore[union-attr]
    read = read_array(
        "covariates",
        covariates,
        "numbers, one row per observation",
        "a list, numpy array, pandas Series or DataFrame",
    )
    masked = read.first_missing()
    if masked is not None:
        raise ValueError(
            f"covariates{list(masked)} is masked (a missing value); cox takes no missing "
            "values: drop those observations from every argument first"
        )
    if read.values.dtype.kind in "mMUS":
        raise TypeError(
            f"covariates must be numbers; got values of dtype {read.values.dtype} "
            "(convert dates to days and categories to 0/1 on purpose)"
        )
    try:
        x = np.asarray(read.values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"covariates must be numbers; got {covariates!r}") from error
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] != times.size or x.shape[1] == 0:
        raise ValueError(
            f"covariates must have one row per time ({times.size}) and at least one column; "
            f"got shape {np.shape(covariates)}"
        )
    bad = np.argwhere(~np.isfinite(x))
    if bad.size:
        row, col = (int(v) for v in bad[0])
        raise ValueError(
            f"covariates must be finite; {len(bad)} value(s) are not, "
            f"the first at row {row}, column {col}: {x[row, col]!r}"
        )
    if names is None:
        names = tuple(f"x{j + 1}" for j in range(x.shape[1]))
    if events.sum() == 0:
        raise ValueError("event has no events; a Cox model needs at least one")
    w = None if weights is None else as_weights("weights", weights, times.size, zero_allowed=False)
    groups = (
        None if cluster is None else as_clusters("cluster", cluster, times.size, matched_sets=True)
    )
    use_robust = resolve_robust(robust, w, groups)
    kind = check_choice("ties", ties, TIES)
    level = check_conf_level(conf_level)
    return _Arguments(times, events, x, names, w, use_robust, groups, kind, level)


def cox(
    time: ArrayLike,
    event: ArrayLike,
    covariates: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    robust: bool | None = None,
    cluster: ArrayLike | None = None,
    ties: Ties = "efron",
    conf_level: float = 0.95,
) -> CoxResult:
    """Fit a Cox proportional hazards model by maximum partial likelihood.

    Parameters
    ----------
    time : array_like of float
        Follow-up times, finite and ``>= 0``, as numbers in one unit (days
        since the index date). Dates and durations (``datetime64``,
        ``timedelta64``, ``datetime.date``) are refused rather than read as
        days since 1970 or converted: pass ``(end - index).dt.days``.
        Missing values (NaN, masked entries) are refused, not dropped.
    event : array_like of {0, 1} or bool
        1 for an event at ``time``, 0 for a censoring.
    covariates : array_like, shape (n,) or (n, p)
        One row per observation (a DataFrame's column names become
        ``names``; otherwise ``x1``, ``x2``, ...).
    weights : array_like of float, optional
        Case weights (e.g. propensity-score weights), finite and ``> 0``
        (R's ``coxph`` refuses a weight of 0). R's ``weights``.
    robust : bool, optional
        Use the robust (sandwich) covariance. ``None`` (the default) decides
        as R does: robust when ``cluster`` is given or any weight is not a
        whole number; the model's (naive) covariance otherwise.
    cluster : array_like, optional
        The matched set (e.g. the pair) of each observation; the robust
        covariance then adds the residuals up within each set. Every set
        needs at least two members. R's ``cluster``.
    ties : {"efron", "breslow"}, default "efron"
        The approximation of the partial likelihood for tied event times.
    conf_level : float, default 0.95
        Level of the Wald intervals for the hazard ratios.

    Returns
    -------
    CoxResult
        ``coef``, ``std_err``, ``hazard_ratio``, ``conf_int`` (one row per
        covariate), ``z`` and ``pvalues`` (Wald, per coefficient); the
        likelihood-ratio, score and Wald tests with their p-values;
        ``loglik``, ``iterations``, ``converged``. As a
        :class:`~myopathy_outcomes.stats.results.TestResult`, ``statistic``
        and ``pvalue`` are the Wald test, and ``estimate`` and ``conf_int``
        the hazard ratio and its interval when there is one covariate.
        With ``robust``, ``std_err``, ``covariance``, ``z``, ``pvalues``,
        the intervals and the Wald test use the robust covariance (as R's
        ``summary``), and ``naive_std_err``, ``naive_covariance`` and the
        robust score test are filled in.

    Warns
    -----
    CoxConvergenceWarning
        Where R warns: "Ran out of iterations and did not converge", or
        "Loglik converged before variable j; coefficient may be infinite"
        (monotone likelihood, e.g. every event in one group). The result is
        still returned, with ``converged=False``.

    Notes
    -----
    The fit is the Newton-Raphson iteration of R's ``coxph`` (``coxfit6``),
    step for step, so that the reported coefficients are R's, not merely the
    maximum to within the tolerance: start at 0; covariates not all in
    {-1, 0, 1} centred and scaled by the mean absolute deviation; stop when
    ``|1 - l_old / l_new| <= 1e-9``; halve the step (and further each
    time) when the log partial likelihood falls; at most 20 iterations.
    Breslow's log partial likelihood at a time with ``d`` deaths is
    ``sum eta_i - d log S0`` with ``S0`` the sum of ``exp(eta)`` over the
    risk set; Efron's is ``sum eta_i - sum_{k<d} log(S0 - k/d D0)`` with
    ``D0`` the deaths' share. Covariance: the inverse information at the
    estimate. Tests: likelihood ratio ``2 (l(b) - l(0))``, score ``U(0)'
    I(0)^-1 U(0)``, Wald ``b' I(b) b``, each on ``p`` df; per coefficient
    ``z = b / se`` with ``pchisq(z^2, 1)``. Hazard-ratio interval
    ``exp(b -/+ qnorm((1 + conf_level) / 2) se)``.

    Equals ``coxph(Surv(time, event) ~ x, ties = ties)`` and
    ``summary(fit)`` (survival 3.5-3), including the warnings (raised here
    as :class:`CoxConvergenceWarning`). When R runs out of iterations with
    more than one covariate it inverts the information matrix without
    factoring it first, so its variance is not the inverse information;
    here it is. Collinear or constant covariates raise ``ValueError`` (R
    reports an NA coefficient).

    With ``weights`` each observation's risk is ``w exp(eta)``; covariates
    are centred on their weighted mean and scaled by the weighted mean
    absolute deviation; a death adds ``w eta`` to the log likelihood; and
    at a time with ``d`` deaths each of the ``d`` Efron (or Breslow) terms
    counts with the deaths' mean weight (``coxfit6``). The robust
    covariance is ``D' D``: ``D`` has one row per cluster (per observation
    without ``cluster``), the sum of ``w_i U_i V`` over its members, with
    ``U_i`` the score residual of observation ``i`` and ``V`` the model's
    covariance (R's weighted ``dfbeta`` residuals collapsed by cluster).
    The robust score test is ``U' (S' S)^-1 U`` with ``S`` the same sums of
    weighted score residuals at ``coef = 0`` and ``U`` their total. The
    likelihood-ratio and score tests stay the model's (weighted) ones, as R
    reports them.

    Equals ``coxph(Surv(time, event) ~ x, weights = weights, robust =
    robust, cluster = cluster, ties = ties)`` with ``summary(fit)``:
    ``coef``, ``se(coef)`` (``naive_std_err``), ``robust se``
    (``std_err``), ``z``, ``Pr(>|z|)``, the intervals, the log
    likelihoods, the tests and ``fit$rscore`` (checked to 1e-9 on 140
    weighted, clustered fits with one to three covariates and both ties).
    R accepts ``robust=False`` with a ``cluster`` and ignores the cluster
    with a warning; here that is an error, as is a matched set of one.

    statsmodels' ``PHReg`` fits the same model, but stops its optimiser by
    its own rule rather than coxph's, so its coefficients cannot be expected
    to equal R's to 1e-9 (not checked: statsmodels is not a dependency). The
    iteration here is short, takes R's steps and gives R's numbers, so no
    dependency is added.

    References
    ----------
    .. [1] Cox, D. R. (1972). Regression models and life-tables. JRSS B 34,
       187-220.
    .. [2] Efron, B. (1977). The efficiency of Cox's likelihood function for
       censored data. JASA 72, 557-565.
    .. [3] Therneau, T. M. and Grambsch, P. M. (2000). Modeling Survival
       Data: Extending the Cox Model. Springer, ch. 3.

    Examples
    --------
    >>> time = [1, 1, 2, 2, 2, 3, 4, 4, 5, 6]
    >>> event = [1, 1, 1, 0, 1, 1, 1, 0, 1, 0]
    >>> group = [0, 1, 0, 1, 1, 0, 1, 0, 1, 0]
    >>> fit = cox(time, event, group)
    >>> fit.coef.round(6).tolist(), fit.hazard_ratio.round(6).tolist()
    ([0.346574], [1.414214])
    >>> round(fit.lr_pvalue, 6), fit.converged
    (0.648929, True)

    Weighted, with sandwich errors clustered on matched pairs:

    >>> pair = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    >>> weights = [1.2, 0.8, 1.0, 1.5, 0.7, 1.1, 0.9, 1.3, 1.0, 0.6]
    >>> fit = cox(time, event, group, weights=weights, cluster=pair)
    >>> fit.robust, fit.n_clusters
    (True, 5)
    >>> fit.coef.round(6).tolist(), fit.std_err.round(6).tolist()
    ([0.029737], [0.548439])
    >>> fit.naive_std_err.round(6).tolist()
    [0.779766]
    """
    args = _cox_iv(
        time,
        event,
        covariates,
        weights=weights,
        robust=robust,
        cluster=cluster,
        ties=ties,
        conf_level=conf_level,
    )
    times, events, x, names, kind, level = (
        args.time,
        args.event,
        args.x,
        args.names,
        args.ties,
        args.conf_level,
    )
    data = _prepare(
        times, events, x, np.ones(times.size) if args.weights is None else args.weights
    )
    n_var = x.shape[1]
    efron = kind == "efron"

    beta = np.zeros(n_var)
    loglik0, u, imat = _partial_likelihood(data, beta, efron)
    _check_information(imat, names)
    step = _solve(imat, u)
    score_statistic = float(u @ step)

    best = loglik0
    new_beta = beta + step
    halving = 0
    converged_at: int | None = None
    for iteration in range(1, _ITER_MAX + 1):
        new_loglik, u, imat = _partial_likelihood(data, new_beta, efron)
        finite = np.isfinite(new_loglik) and np.isfinite(u).all() and np.isfinite(imat).all()
        with np.errstate(divide="ignore", invalid="ignore"):  # as R's C: a log-lik of 0 is inf
            change = abs(1.0 - np.float64(best) / np.float64(new_loglik))
        if finite and change <= _EPS:
            beta, best, converged_at = new_beta, new_loglik, iteration
            break
        if not finite or new_loglik < best:
            halving += 1
            new_beta = (new_beta + halving * beta) / (halving + 1.0)
        else:
            halving = 0
            best = new_loglik
            step = _solve(imat, u)
            beta, new_beta = new_beta, new_beta + step
    if converged_at is None:  # R recomputes at the last good estimate
        best, u, imat = _partial_likelihood(data, beta, efron)

    var_scaled = _inverse(imat)
    coef = beta * data.scale
    var = var_scaled * np.outer(data.scale, data.scale)
    u_original = u / data.scale
    linear_predictor = (data.x / data.scale) @ coef
    converged = _warn_like_r(coef, var, u_original, converged_at, float(linear_predictor.max()))

    naive_var = var
    robust_score: float | None = None
    if args.robust:
        var, robust_score = _sandwich(data, beta, efron, naive_var, args.cluster)
    std_err = np.sqrt(np.diag(var))
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero variance gives inf, as R
        z = coef / std_err
    z_level = float(ndtri((1.0 + level) / 2.0))
    with np.errstate(over="ignore"):  # R gives Inf for a runaway coefficient too
        limits = np.column_stack((coef - z_level * std_err, coef + z_level * std_err))
        conf_int = np.exp(limits)
        hazard_ratio = np.exp(coef)
    wald_statistic = float(coef @ _solve(var, coef))
    lr_statistic = 2.0 * (best - loglik0)
    wald_pvalue = float(chdtrc(n_var, wald_statistic))
    one = n_var == 1
    return CoxResult(
        statistic=wald_statistic,
        pvalue=wald_pvalue,
        method="asymptotic",
        alternative=None,
        estimate=float(hazard_ratio[0]) if one else None,
        conf_int=(float(conf_int[0, 0]), float(conf_int[0, 1])) if one else None,
        conf_level=level,
        names=names,
        coef=frozen(coef),
        std_err=frozen(std_err),
        hazard_ratio=frozen(hazard_ratio),
        hazard_ratio_conf_int=frozen(conf_int),
        z=frozen(z),
        pvalues=frozen(np.asarray(chdtrc(1, z**2), dtype=np.float64)),
        covariance=frozen(var),
        wald_statistic=wald_statistic,
        wald_pvalue=wald_pvalue,
        lr_statistic=lr_statistic,
        lr_pvalue=float(chdtrc(n_var, lr_statistic)),
        score_statistic=score_statistic,
        score_pvalue=float(chdtrc(n_var, score_statistic)),
        df=n_var,
        loglik=(float(loglik0), float(best)),
        iterations=converged_at if converged_at is not None else _ITER_MAX + 1,
        converged=converged,
        ties=kind,
        n=int(times.size),
        n_events=int(events.sum()),
        weighted=args.weights is not None,
        robust=args.robust,
        naive_std_err=frozen(np.sqrt(np.diag(naive_var))) if args.robust else None,
        naive_covariance=frozen(naive_var) if args.robust else None,
        robust_score_statistic=robust_score,
        robust_score_pvalue=None if robust_score is None else float(chdtrc(n_var, robust_score)),
        n_clusters=_count_clusters(args) if args.robust else None,
    )


def _count_clusters(args: _Arguments) -> int:
    """Clusters of the robust variance: the given ones, or one per observation."""
    return int(args.time.size if args.cluster is None else args.cluster.max() + 1)


def _sandwich(
    data: _Data,
    beta: FloatArray,
    efron: bool,
    naive_var: FloatArray,
    cluster: IntArray | None,
) -> tuple[FloatArray, float]:
    """The robust covariance ``D'D`` and the robust score test, as ``coxph(robust = TRUE)``.

    ``D`` holds the weighted dfbeta residuals (score residuals times the
    model's covariance) added up by cluster; the robust score test is
    ``U' (S'S)^-1 U`` with ``S`` the weighted score residuals at 0 added up
    by cluster and ``U`` their sum.
    """
    groups = np.arange(data.time.size) if cluster is None else cluster[data.order]

    def collapsed(at: FloatArray) -> FloatArray:
        resid = score_residuals(
            data.x,
            at,
            weight=data.weight,
            event=data.event,
            start=data.start,
            n_deaths=data.n_deaths,
            efron=efron,
        )
        original = resid / data.scale  # residuals for the covariates as given
        return cluster_sums(data.weight[:, None] * original, groups)

    dfbeta = collapsed(beta) @ naive_var
    at_zero = collapsed(np.zeros_like(beta))
    total = at_zero.sum(axis=0)
    robust_score = float(total @ _solve(at_zero.T @ at_zero, total))
    return dfbeta.T @ dfbeta, robust_score


def _prepare(time: FloatArray, event: IntArray, x: FloatArray, weight: FloatArray) -> _Data:
    """Sort by time; centre and scale the covariates as coxfit6 does (weighted)."""
    order = np.argsort(time, kind="stable")
    t, e, xs, w = time[order], event[order], x[order].copy(), weight[order]
    total = w.sum()  # n without weights
    scale = np.ones(xs.shape[1])
    for j in range(xs.shape[1]):
        if np.isin(xs[:, j], (-1.0, 0.0, 1.0)).all():
            continue  # coxph's nocenter = c(-1, 0, 1)
        xs[:, j] -= (w * xs[:, j]).sum() / total
        spread = (w * np.abs(xs[:, j])).sum()
        scale[j] = total / spread if spread > 0 else 1.0
        xs[:, j] *= scale[j]
    start = np.flatnonzero(np.concatenate(([True], t[1:] != t[:-1])))
    n_deaths = np.add.reduceat(e, start)
    return _Data(
        t,
        e,
        xs,
        w,
        order.astype(np.int64),
        scale,
        start.astype(np.int64),
        n_deaths.astype(np.int64),
    )


def _partial_likelihood(
    data: _Data, beta: FloatArray, efron: bool
) -> tuple[float, FloatArray, FloatArray]:
    """Log partial likelihood, score and information at ``beta`` (scaled coordinates)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        # A halving step far out can overflow exp(); R then halves again, and so does the caller.
        return _sums(data, beta, efron)


def _sums(data: _Data, beta: FloatArray, efron: bool) -> tuple[float, FloatArray, FloatArray]:
    """The body of :func:`_partial_likelihood`."""
    x, w = data.x, data.weight
    eta = x @ beta
    risk = w * np.exp(eta)
    rx = risk[:, None] * x
    rxx = rx[:, :, None] * x[:, None, :]
    dead = data.event == 1

    def by_time(values: FloatArray) -> FloatArray:
        return np.add.reduceat(values, data.start, axis=0)

    def at_or_after(values: FloatArray) -> FloatArray:
        return by_time(values)[::-1].cumsum(axis=0)[::-1]

    s0, s1, s2 = at_or_after(risk), at_or_after(rx), at_or_after(rxx)
    deaths = data.n_deaths
    with_deaths = deaths > 0
    d0 = by_time(np.where(dead, risk, 0.0))[with_deaths]
    d1 = by_time(np.where(dead[:, None], rx, 0.0))[with_deaths]
    d2 = by_time(np.where(dead[:, None, None], rxx, 0.0))[with_deaths]
    s0, s1, s2 = s0[with_deaths], s1[with_deaths], s2[with_deaths]
    d = deaths[with_deaths]
    # Each term counts with the deaths' mean weight (1 without weights).
    mean_weight = (by_time(np.where(dead, w, 0.0))[with_deaths] / d)[
        np.repeat(np.arange(d.size), d)
    ]
    # One term per death: at a time with d deaths the k-th (k = 0 .. d-1) takes
    # away k/d of the deaths' share (Efron) or nothing (Breslow).
    which = np.repeat(np.arange(d.size), d)
    if efron:
        first = np.concatenate(([0], np.cumsum(d)[:-1]))
        fraction = (np.arange(which.size) - first[which]) / d[which]
    else:
        fraction = np.zeros(which.size)
    denom = s0[which] - fraction * d0[which]
    mean = (s1[which] - fraction[:, None] * d1[which]) / denom[:, None]
    second = (s2[which] - fraction[:, None, None] * d2[which]) / denom[:, None, None]
    loglik = float((w * eta)[dead].sum() - (mean_weight * np.log(denom)).sum())
    score = (w[:, None] * x)[dead].sum(axis=0) - (mean_weight[:, None] * mean).sum(axis=0)
    information = (
        mean_weight[:, None, None] * (second - mean[:, :, None] * mean[:, None, :])
    ).sum(axis=0)
    return loglik, score, information


def _kept(matrix: FloatArray) -> NDArray[np.bool_]:
    """Variables whose pivot in a Cholesky (LDL') sweep is not negligible.

    A pivot below ``_TOLER_CHOL`` times the largest diagonal entry counts as
    zero, as R's ``coxph`` decides (so a coefficient running off to infinity
    stops moving instead of failing).
    """
    n = matrix.shape[0]
    work = np.array(matrix, dtype=np.float64)
    largest = float(np.max(np.diag(work), initial=0.0))
    eps = _TOLER_CHOL if largest == 0 else largest * _TOLER_CHOL
    kept = np.zeros(n, dtype=bool)
    for i in range(n):
        pivot = work[i, i]
        if not np.isfinite(pivot) or pivot < eps:
            continue
        kept[i] = True
        below = work[i + 1 :, i] / pivot
        work[i + 1 :, i + 1 :] -= np.outer(below, work[i, i + 1 :])
    return kept


def _solve(matrix: FloatArray, vector: FloatArray) -> FloatArray:
    """``matrix^-1 vector`` over the non-negligible pivots; 0 for the others."""
    kept = _kept(matrix)
    out = np.zeros_like(vector, dtype=np.float64)
    if kept.any():
        out[kept] = np.linalg.solve(matrix[np.ix_(kept, kept)], vector[kept])
    return out


def _inverse(matrix: FloatArray) -> FloatArray:
    """The inverse over the non-negligible pivots, with zero rows and columns elsewhere."""
    kept = _kept(matrix)
    out = np.zeros_like(matrix, dtype=np.float64)
    if kept.any():
        out[np.ix_(kept, kept)] = np.linalg.inv(matrix[np.ix_(kept, kept)])
    return out


def _check_information(imat: FloatArray, names: tuple[str, ...]) -> None:
    """Refuse constant or collinear covariates (R's cholesky2 tolerance)."""
    diagonal = np.diag(imat)
    for j, value in enumerate(diagonal):
        if value <= 0.0:
            raise ValueError(
                f"covariate {names[j]!r} carries no information (constant within the risk sets)"
            )
    normalised = imat / np.sqrt(np.outer(diagonal, diagonal))
    if np.linalg.eigvalsh(normalised).min() < _TOLER_CHOL:
        raise ValueError(
            f"covariates {', '.join(repr(n) for n in names)} are collinear; drop one of them"
        )


def _warn_like_r(
    coef: FloatArray,
    var: FloatArray,
    u: FloatArray,
    converged_at: int | None,
    max_linear_predictor: float,
) -> bool:
    """Issue R's warnings about convergence; return whether the fit converged."""
    step = np.abs(u @ var)
    if converged_at is None:
        message = "Ran out of iterations and did not converge"
        if max_linear_predictor > 500 or not np.isfinite(step).all():
            message += "; one or more coefficients may be infinite"
        warnings.warn(f"{message} (R's coxph warns the same)", CoxConvergenceWarning, stacklevel=3)
        return False
    infinite = ~np.isfinite(u) | ((step > _EPS) & (step > _TOLER_INF * np.abs(coef)))
    if infinite.any():
        which = ",".join(str(j + 1) for j in np.flatnonzero(infinite))
        warnings.warn(
            f"Loglik converged before variable {which}; coefficient may be infinite "
            "(monotone likelihood, e.g. all events in one group; R's coxph warns the same)",
            CoxConvergenceWarning,
            stacklevel=3,
        )
        return False
    return True
