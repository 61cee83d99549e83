"""Propensity scores, weights, matching, balance and adjusted estimates equal R.

The cohort and every reference value come from ``data/adjustment/make_reference.R``
(R 4.2.2: ``glm``, ``MatchIt`` 4.5.1, ``sandwich`` 3.0-2; balance written out as
``cobalt`` and ``tableone`` compute it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from myopathy_outcomes.stats.adjusted import mean_difference, odds_ratio, risk_difference
from myopathy_outcomes.stats.balance import (
    effective_sample_size,
    smd,
    smd_categories,
    variance_ratio,
    weighted_smd,
)
from myopathy_outcomes.stats.matching import nearest_neighbor_match
from myopathy_outcomes.stats.regression import logistic_regression
from myopathy_outcomes.stats.weights import propensity_weights

DATA = Path(__file__).parent / "data" / "adjustment"
COVARIATES = ("age", "female", "dx_PM", "dx_ASS", "mda5", "duration")


@pytest.fixture(scope="module")
def cohort() -> pd.DataFrame:
    frame = pd.read_csv(DATA / "cohort.csv")
    frame["dx_PM"] = (frame["diagnosis"] == "PM").astype(float)
    frame["dx_ASS"] = (frame["diagnosis"] == "ASS").astype(float)
    return frame


@pytest.fixture(scope="module")
def ps(cohort: pd.DataFrame) -> np.ndarray:
    fit = logistic_regression(cohort[list(COVARIATES)], cohort["treated"])
    return fit.fitted


def test_propensity_model_equals_r_glm(cohort: pd.DataFrame) -> None:
    """Coefficients, model-based and HC0 errors equal glm and vcovHC to 1e-8."""
    fit = logistic_regression(cohort[list(COVARIATES)], cohort["treated"], robust=True)
    r = pd.read_csv(DATA / "ps_coefficients.csv")
    assert fit.names == ("(Intercept)", *COVARIATES)
    np.testing.assert_allclose(fit.coef, r["estimate"], rtol=1e-8)
    np.testing.assert_allclose(fit.std_err, r["std_err"], rtol=1e-8)
    assert fit.robust_std_err is not None
    np.testing.assert_allclose(fit.robust_std_err, r["hc0"], rtol=1e-8)
    assert fit.converged and not fit.separated


def test_weights_equal_r(cohort: pd.DataFrame, ps: np.ndarray) -> None:
    """Scores and ATE, ATT, overlap and stabilised ATE weights equal R to 1e-8."""
    r = pd.read_csv(DATA / "weights.csv")
    t = cohort["treated"].to_numpy()
    np.testing.assert_allclose(ps, r["ps"], rtol=1e-8)
    for estimand in ("ate", "att", "ato"):
        got = propensity_weights(ps, t, estimand.upper())  # type: ignore[arg-type]
        np.testing.assert_allclose(got, r[estimand], rtol=1e-8)
    np.testing.assert_allclose(
        propensity_weights(ps, t, stabilize=True), r["ate_stabilized"], rtol=1e-8
    )


@pytest.mark.parametrize(
    ("scale", "file"), [("probability", "matched_probability.csv"), ("logit", "matched_logit.csv")]
)
def test_matched_pairs_equal_matchit(
    cohort: pd.DataFrame, ps: np.ndarray, scale: str, file: str
) -> None:
    """Every pair, in MatchIt's order, on the score or its logit with a 0.2 SD caliper."""
    distance = ps if scale == "probability" else np.log(ps / (1 - ps))
    matching = nearest_neighbor_match(distance, cohort["treated"], caliper=0.2)
    r = pd.read_csv(DATA / file)
    assert matching.pairs == tuple(zip(r["treated"], r["control"], strict=True))


def test_balance_equals_cobalt_and_tableone(cohort: pd.DataFrame, ps: np.ndarray) -> None:
    """SMDs before and after weighting and matching, and variance ratios."""
    r = pd.read_csv(DATA / "balance.csv").set_index("variable")
    t = cohort["treated"].to_numpy()
    logit = np.log(ps / (1 - ps))
    matched = nearest_neighbor_match(logit, t).weights
    for v in COVARIATES:
        x = cohort[v].to_numpy(dtype=float)
        row = r.loc[v]
        assert smd(x, t) == pytest.approx(row["smd_unadjusted"], rel=1e-10)
        for estimand, denominator in (("ate", "pooled"), ("att", "treated"), ("ato", "pooled")):
            w = propensity_weights(ps, t, estimand.upper())  # type: ignore[arg-type]
            got = weighted_smd(x, t, w, denominator=denominator)  # type: ignore[arg-type]
            assert got == pytest.approx(row[f"smd_{estimand}"], rel=1e-8, abs=1e-12)
        got = weighted_smd(x, t, matched, denominator="treated")
        assert got == pytest.approx(row["smd_matched"], rel=1e-10, abs=1e-12)
        assert variance_ratio(x, t) == pytest.approx(row["vr_unadjusted"], rel=1e-10)
        w = propensity_weights(ps, t)
        assert variance_ratio(x, t, w) == pytest.approx(row["vr_ate"], rel=1e-8)
    got = smd_categories(cohort["diagnosis"], t)
    assert got == pytest.approx(r.loc["diagnosis", "smd_unadjusted"], rel=1e-10)


def test_effective_sample_sizes_equal_r(cohort: pd.DataFrame, ps: np.ndarray) -> None:
    """Kish's ESS per arm for each estimand."""
    t = cohort["treated"].to_numpy().astype(bool)
    for row in pd.read_csv(DATA / "ess.csv").to_dict("records"):
        w = propensity_weights(ps, t, row["estimand"])
        assert effective_sample_size(w[t]) == pytest.approx(row["treated"], rel=1e-10)
        assert effective_sample_size(w[~t]) == pytest.approx(row["control"], rel=1e-10)


def test_adjusted_estimates_equal_r_sandwich(cohort: pd.DataFrame, ps: np.ndarray) -> None:
    """Weighted risk difference, log odds ratio and mean difference with HC0 errors, and
    the matched ones with errors clustered on the pair (vcovCL)."""
    r = pd.read_csv(DATA / "estimates.csv").set_index("estimate")
    t = cohort["treated"].to_numpy()
    y, change = cohort["progressed"].to_numpy(), cohort["change"].to_numpy()
    logit = np.log(ps / (1 - ps))
    matching = nearest_neighbor_match(logit, t)
    keep = matching.weights > 0
    pair = matching.pair_of
    for label in ("ate", "att", "ato", "matched"):
        if label == "matched":
            rows, w, cluster = keep, None, pair[keep]
        else:
            rows, w = np.ones(t.size, dtype=bool), propensity_weights(ps, t, label.upper())  # type: ignore[arg-type]
            cluster = None
        estimates = {
            "rd": risk_difference(y[rows], t[rows], w, cluster=cluster),
            "logor": odds_ratio(y[rows], t[rows], w, cluster=cluster),
            "md": mean_difference(change[rows], t[rows], w, cluster=cluster),
        }
        for name, got in estimates.items():
            expected = r.loc[f"{name}_{label}"]
            value = np.log(got.estimate) if name == "logor" else got.estimate
            assert value == pytest.approx(expected["value"], rel=1e-8)
            assert got.std_err == pytest.approx(expected["std_err"], rel=1e-7)
