"""Weighted Kaplan-Meier and weighted Cox with robust errors against R's survival.

Reference: tests/stats/data/weighted_survival/make_reference.R (R 4.2.2,
survival 3.5-3): ``survfit(Surv(time, status) ~ 1 or ~ stratum, weights = ,
robust = , cluster = , conf.type = )`` and ``coxph(Surv(time, status) ~ x,
weights = , robust = , cluster = , ties = )`` with ``summary()``.
"""

from __future__ import annotations

import csv
import warnings
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from myopathy_outcomes.stats import CoxConvergenceWarning, cox, kaplan_meier
from tests.strategies import grouped_censored_samples

DATA = Path(__file__).parent / "data" / "weighted_survival"
#: Relative tolerance of every comparison with R's numbers.
RTOL = 1e-9


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float:
    return np.nan if text == "NA" else float(text)


COHORTS: dict[str, list[dict[str, str]]] = defaultdict(list)
for _row in _read("cohorts.csv"):
    COHORTS[_row["dataset"]].append(_row)


def _grouped(name: str, key: tuple[str, ...]) -> dict[str, list[dict[str, str]]]:
    cases: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _read(name):
        cases["|".join(row[k] for k in key)].append(row)
    return dict(cases)


KM_CASES = _grouped("km.csv", ("case", "stratum"))
COX_CASES = _grouped("cox.csv", ("case",))


def _column(rows: list[dict[str, str]], key: str) -> np.ndarray:
    return np.array([_number(row[key]) for row in rows])


def _arguments(first: dict[str, str], patients: list[dict[str, str]]) -> dict[str, object]:
    """weights, robust and cluster as the R call had them."""
    return {
        "weights": None
        if first["weights"] == "none"
        else [float(p[first["weights"]]) for p in patients],
        "robust": None if first["robust"] == "NA" else first["robust"] == "TRUE",
        "cluster": None if first["cluster"] == "none" else [p[first["cluster"]] for p in patients],
    }


def _close(got: object, expected: np.ndarray, atol: float = 0.0) -> None:
    np.testing.assert_allclose(
        np.asarray(got, dtype=np.float64), expected, rtol=RTOL, atol=atol, equal_nan=True
    )


@pytest.mark.parametrize("key", list(KM_CASES), ids=list(KM_CASES))
def test_kaplan_meier_matches_r_survfit(key: str) -> None:
    """Times, weighted counts, survival, errors and limits equal survfit(weights = ...)."""
    rows = KM_CASES[key]
    first = rows[0]
    patients = COHORTS[first["dataset"]]
    if first["stratum"] != "all":
        patients = [p for p in patients if p["stratum"] == first["stratum"]]
    fit = kaplan_meier(
        [float(p["time"]) for p in patients],
        [int(p["status"]) for p in patients],
        conf_type=first["conf_type"],  # type: ignore[arg-type]
        **_arguments(first, patients),  # type: ignore[arg-type]
    )
    _close(fit.time, _column(rows, "time"))
    _close(fit.n_risk, _column(rows, "n.risk"))
    _close(fit.n_event, _column(rows, "n.event"))
    _close(fit.n_censor, _column(rows, "n.censor"))
    _close(fit.survival, _column(rows, "surv"))
    _close(fit.conf_low, _column(rows, "lower"))
    _close(fit.conf_high, _column(rows, "upper"))
    assert fit.robust == (first["logse"] == "FALSE")
    expected_se = _column(rows, "std.err")
    if fit.robust:
        # R's std.err is then the error of S itself; where S is 0 both are rounding residue.
        zero = fit.survival == 0
        _close(fit.std_err_survival[~zero], expected_se[~zero])
        assert np.all(np.abs(expected_se[zero]) < 1e-12)
    else:
        _close(fit.std_err, expected_se)


@pytest.mark.parametrize("key", list(COX_CASES), ids=list(COX_CASES))
def test_cox_matches_r_coxph_robust(key: str) -> None:
    """Coefficients, naive and robust errors, z, p, intervals and tests equal coxph/summary."""
    rows = COX_CASES[key]
    first = rows[0]
    patients = COHORTS[first["dataset"]]
    names = first["covariates"].split()
    fit = cox(
        [float(p["time"]) for p in patients],
        [int(p["status"]) for p in patients],
        np.array([[float(p[name]) for name in names] for p in patients]),
        ties=first["ties"],  # type: ignore[arg-type]
        **_arguments(first, patients),  # type: ignore[arg-type]
    )
    assert fit.robust == (first["robust_used"] == "TRUE")
    assert fit.iterations == int(first["iter"])
    assert fit.converged
    _close(fit.coef, _column(rows, "coef"))
    _close(fit.hazard_ratio, _column(rows, "exp_coef"))
    _close(fit.z, _column(rows, "z"))
    _close(fit.pvalues, _column(rows, "p"))
    _close(fit.hazard_ratio_conf_int[:, 0], _column(rows, "lower"))
    _close(fit.hazard_ratio_conf_int[:, 1], _column(rows, "upper"))
    _close(fit.loglik, [_number(first["loglik0"]), _number(first["loglik"])])
    for name in ("lr", "score", "wald"):
        _close(getattr(fit, f"{name}_statistic"), _number(first[name]))
        _close(getattr(fit, f"{name}_pvalue"), _number(first[f"{name}_p"]))
    if fit.robust:
        _close(fit.std_err, _column(rows, "robust_se"))
        _close(fit.naive_std_err, _column(rows, "se"))
        _close(fit.robust_score_statistic, _number(first["robust_score"]))
        _close(fit.robust_score_pvalue, _number(first["robust_score_p"]))
    else:
        _close(fit.std_err, _column(rows, "se"))
        assert fit.naive_std_err is None and fit.robust_score_statistic is None


def test_reference_covers_the_cases_asked_for() -> None:
    """The R reference has fractional, whole and zero weights, clusters, strata, both ties."""
    km = {(r["weights"], r["robust"], r["cluster"], r["strata"]) for r in _read("km.csv")}
    assert {w for w, *_ in km} == {"w_ate", "w_att", "w_int", "w_zero", "none"}
    assert {("w_ate", "NA", "pair", "TRUE"), ("w_int", "FALSE", "none", "FALSE")} <= km
    rows = _read("cox.csv")
    assert {r["ties"] for r in rows} == {"efron", "breslow"}
    assert {r["covariates"].count(" ") + 1 for r in rows} == {1, 2, 3}
    assert {r["cluster"] for r in rows} == {"none", "pair"}
    assert {r["robust_used"] for r in rows} == {"TRUE", "FALSE"}


# --- R's defaults -----------------------------------------------------------

TIME = [1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 5.0, 6.0, 7.0, 8.0]
EVENT = [1, 1, 0, 1, 0, 1, 1, 0, 1, 0]
GROUP = [0, 1, 0, 1, 1, 0, 1, 0, 1, 0]
PAIR = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_whole_weights_keep_greenwood_fractional_weights_go_robust() -> None:
    """robust=None: Greenwood for whole-number weights, the jackknife for fractional ones."""
    assert not kaplan_meier(TIME, EVENT, weights=[2.0] * 10).robust
    assert kaplan_meier(TIME, EVENT, weights=[1.5] * 10).robust
    assert kaplan_meier(TIME, EVENT, cluster=PAIR).robust
    assert not cox(TIME, EVENT, GROUP, weights=[2.0] * 10).robust
    assert cox(TIME, EVENT, GROUP, weights=[1.5] * 10).robust
    assert cox(TIME, EVENT, GROUP, cluster=PAIR).n_clusters == 5


def test_unit_weights_without_robust_are_the_unweighted_curve() -> None:
    """weights of 1 and robust=False: the unweighted numbers, counts as floats."""
    plain = kaplan_meier(TIME, EVENT)
    weighted = kaplan_meier(TIME, EVENT, weights=np.ones(10))
    assert weighted.weighted and not plain.weighted
    np.testing.assert_array_equal(weighted.n_risk, plain.n_risk.astype(float))
    np.testing.assert_allclose(weighted.survival, plain.survival, rtol=1e-15)
    np.testing.assert_allclose(weighted.std_err, plain.std_err, rtol=1e-14)


def test_doubled_weights_are_duplicated_rows() -> None:
    """A weight of 2 counts the observation twice (Greenwood, and Cox with Breslow's ties).

    Efron's approximation splits a time by the number of deaths, not by their
    weight, so duplicated rows and doubled weights differ under it (in R too).
    """
    twice = np.repeat(np.arange(10), 2)
    km = kaplan_meier(TIME, EVENT, weights=[2.0] * 10)
    copied = kaplan_meier(np.array(TIME)[twice], np.array(EVENT)[twice])
    np.testing.assert_allclose(km.std_err, copied.std_err, rtol=1e-14)
    fit = cox(TIME, EVENT, GROUP, weights=[2.0] * 10, ties="breslow")
    copy = cox(
        np.array(TIME)[twice], np.array(EVENT)[twice], np.array(GROUP)[twice], ties="breslow"
    )
    np.testing.assert_allclose(fit.coef, copy.coef, rtol=1e-9)
    np.testing.assert_allclose(fit.std_err, copy.std_err, rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(grouped_censored_samples(max_size=30), st.floats(0.1, 10.0))
def test_scaling_the_weights_changes_no_estimate(
    sample: tuple[np.ndarray, ...], factor: float
) -> None:
    """Multiplying all weights by a constant changes no curve, hazard ratio or robust error."""
    time, event, group = sample
    weights = 1.0 + (np.arange(time.size) % 3) / 4.0
    a = kaplan_meier(time, event, weights=weights)
    b = kaplan_meier(time, event, weights=weights * factor)
    np.testing.assert_allclose(a.survival, b.survival, rtol=1e-9)
    np.testing.assert_allclose(a.std_err, b.std_err, rtol=1e-9, atol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CoxConvergenceWarning)
        try:
            c = cox(time, event, group, weights=weights)
            d = cox(time, event, group, weights=weights * factor)
        except (CoxConvergenceWarning, ValueError):
            reject()
    np.testing.assert_allclose(c.coef, d.coef, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(c.std_err, d.std_err, rtol=1e-6, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(grouped_censored_samples(max_size=30))
def test_patient_order_changes_no_robust_error(sample: tuple[np.ndarray, ...]) -> None:
    """Reversing the patients' order leaves the jackknife and sandwich errors unchanged."""
    time, event, group = sample
    weights = 0.5 + (np.arange(time.size) % 4) / 3.0
    cluster = np.arange(time.size) // 2
    back = slice(None, None, -1)
    a = kaplan_meier(time, event, weights=weights, cluster=cluster)
    b = kaplan_meier(time[back], event[back], weights=weights[back], cluster=cluster[back])
    np.testing.assert_allclose(a.std_err, b.std_err, rtol=1e-9, atol=1e-12)
    if time.size % 2:
        return  # the last cluster would have one member; cox refuses that
    with warnings.catch_warnings():
        warnings.simplefilter("error", CoxConvergenceWarning)
        try:
            c = cox(time, event, group, weights=weights, cluster=cluster)
            d = cox(
                time[back], event[back], group[back], weights=weights[back], cluster=cluster[back]
            )
        except (CoxConvergenceWarning, ValueError):
            reject()
    np.testing.assert_allclose(c.std_err, d.std_err, rtol=1e-6, atol=1e-9)


# --- hostile input ----------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (
            [1.0, -1.0] + [1.0] * 8,
            r"weights must be finite and >= 0; 1 value\(s\) are not, the first at index 1: -1\.0",
        ),
        ([np.nan] + [1.0] * 9, r"weights must be finite and >= 0; .* index 0: nan"),
        ([np.inf] + [1.0] * 9, r"weights must be finite and >= 0; .* index 0: inf"),
        ([0.0] * 10, r"weights are all 0"),
        ([1.0] * 9, r"weights must be one-dimensional with one value per time \(10\)"),
    ],
)
def test_kaplan_meier_refuses_bad_weights(weights: list[float], message: str) -> None:
    """Negative, NaN, infinite, all-zero or misshapen weights: one clear ValueError."""
    with pytest.raises(ValueError, match=message):
        kaplan_meier(TIME, EVENT, weights=weights)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1.0, -1.0] + [1.0] * 8, r"weights must be finite and > 0; .* index 1: -1\.0"),
        ([1.0, 0.0] + [1.0] * 8, r"weights must be finite and > 0; .* index 1: 0\.0"),
        ([np.nan] + [1.0] * 9, r"weights must be finite and > 0; .* index 0: nan"),
        ([-np.inf] + [1.0] * 9, r"weights must be finite and > 0; .* index 0: -inf"),
    ],
)
def test_cox_refuses_bad_weights(weights: list[float], message: str) -> None:
    """coxph refuses weights that are not positive and finite; so does cox."""
    with pytest.raises(ValueError, match=message):
        cox(TIME, EVENT, GROUP, weights=weights)


def test_cox_refuses_a_cluster_of_one() -> None:
    """A matched set of one member in a Cox model is a broken pairing: one clear error."""
    pairs = [1, 1, 2, 2, 3, 3, 4, 4, 5, 6]
    with pytest.raises(
        ValueError,
        match=r"cluster must group at least two .* 2 cluster\(s\) have one, the first 5 at",
    ):
        cox(TIME, EVENT, GROUP, cluster=pairs)


def test_cluster_needs_the_robust_variance() -> None:
    """cluster with robust=False is refused (R ignores the cluster with a warning)."""
    with pytest.raises(ValueError, match="cluster needs the robust variance"):
        cox(TIME, EVENT, GROUP, robust=False, cluster=PAIR)
    with pytest.raises(ValueError, match="cluster needs the robust variance"):
        kaplan_meier(TIME, EVENT, robust=False, cluster=PAIR)


def test_missing_cluster_label_is_refused() -> None:
    """A NaN or None cluster label is named with its index."""
    with pytest.raises(ValueError, match="cluster contains NaN at index 3"):
        kaplan_meier(TIME, EVENT, cluster=[1.0, 1.0, 2.0, np.nan, 3.0, 3.0, 4.0, 4.0, 5.0, 5.0])
    with pytest.raises(ValueError, match="cluster contains None at index 0"):
        cox(TIME, EVENT, GROUP, cluster=[None, "a", "a", "b", "b", "c", "c", "d", "d", "a"])


def test_robust_must_be_a_bool() -> None:
    """robust takes True, False or None only."""
    with pytest.raises(TypeError, match="robust must be True, False or None; got 'yes'"):
        kaplan_meier(TIME, EVENT, robust="yes")  # type: ignore[arg-type]
