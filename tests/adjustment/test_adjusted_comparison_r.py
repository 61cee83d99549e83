"""The adjusted comparison of a confounded cohort equals R (data/make_reference.R).

R 4.2.2: ``glm(family = binomial)`` for the score; ATE, ATT and ATO weights;
SMDs over the unadjusted denominator (pooled; the treated's for the ATT) and
Kish's ESS as ``cobalt`` computes them; ``lm``/``glm(quasibinomial)`` with
``sandwich::vcovHC(type = "HC0")`` for the estimates; ``coxph(weights = w, robust =
TRUE)`` and ``survfit(weights = w)``; matching as ``MatchIt::matchit(method = "nearest",
distance = "glm", link = "linear.logit", caliper = 0.2)`` (data/make_matching.R, MatchIt
4.5.1 with the fix of its issue #163) with ``vcovCL(cluster = ~subclass, type = "HC0")``.
The matching uses a continuous covariate: with only age and a yes/no covariate, controls
tie exactly, and which of two tied controls R takes follows floating-point noise.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from myopathy_outcomes.adjusted_comparison import AdjustedComparison, covariate_frame
from myopathy_outcomes.storage import Cohort

from ._confounded import design
from ._pipeline import R_COVARIATES, cohort, run

DATA = Path(__file__).parent / "data"
REFERENCE = pd.read_csv(DATA / "reference.csv")
RTOL = 1e-6


@functools.cache
def _cohort() -> Cohort:
    return cohort()


@functools.cache
def _comparison(estimand: str) -> AdjustedComparison:
    return run(_cohort(), design(covariates=R_COVARIATES, estimand=estimand))[1]


def _r(estimand: str, prefix: str) -> pd.Series:
    rows = REFERENCE[(REFERENCE.estimand == estimand) & REFERENCE.quantity.str.startswith(prefix)]
    return rows.set_index("quantity")["value"]


def test_the_input_is_the_data_r_was_given() -> None:
    """The covariates the pipeline builds are those of input.csv, read by R."""
    data = _cohort()
    chosen = design(covariates=R_COVARIATES)
    derived, _ = run(data, chosen)
    frame, _ = covariate_frame(data, derived, chosen, R_COVARIATES)
    given = pd.read_csv(DATA / "input.csv")
    for name in R_COVARIATES:
        if name == "smoking":
            assert frame[name].tolist() == given[name].tolist()
        else:
            np.testing.assert_allclose(frame[name].to_numpy(float), given[name].to_numpy(float))
    treated = (np.array(derived.groups) == "MMF + TAC").astype(int)
    assert treated.tolist() == given["treated"].tolist()


def test_score_matches_r_glm() -> None:
    """Coefficients and fitted scores equal glm(family = binomial)."""
    result = _comparison("ATE")
    assert result.score is not None
    np.testing.assert_allclose(result.score.fit.coef, _r("all", "coef:").to_numpy(), rtol=RTOL)
    np.testing.assert_allclose(result.score.score, _r("all", "ps:").to_numpy(), rtol=RTOL)


@pytest.mark.parametrize("estimand", ["ATE", "ATT", "ATO"])
def test_balance_and_ess_match_r_cobalt_formulas(estimand: str) -> None:
    """SMD after weighting (unadjusted denominator) and ESS per arm equal R's."""
    result = _comparison(estimand)
    smd = [row.smd_after for row in result.balance]
    np.testing.assert_allclose(smd, _r(estimand, "smd:").to_numpy(), rtol=RTOL, atol=1e-12)
    ess = _r(estimand, "ess:")
    assert result.ess_after is not None
    np.testing.assert_allclose(
        result.ess_after, [ess["ess:treated"], ess["ess:control"]], rtol=RTOL
    )


@pytest.mark.parametrize("estimand", ["ATE", "ATT", "ATO"])
def test_estimates_match_r_lm_glm_with_hc0(estimand: str) -> None:
    """Risk difference, odds ratio and mean difference, with HC0 errors, equal R's."""
    result = _comparison(estimand)
    r = _r(estimand, "")
    found = {(o.outcome, o.measure): o.adjusted for o in result.outcomes}
    rd = found["Death during observation", "risk difference"]
    odds = found["Death during observation", "odds ratio"]
    md = found["Change in CK (U/L)", "mean difference"]
    assert rd is not None and odds is not None and md is not None
    np.testing.assert_allclose([rd.estimate, rd.std_err], [r["rd"], r["rd_se"]], rtol=RTOL)
    np.testing.assert_allclose([odds.estimate, odds.std_err], [r["or"], r["log_or_se"]], rtol=RTOL)
    np.testing.assert_allclose([md.estimate, md.std_err], [r["md"], r["md_se"]], rtol=RTOL)


@pytest.mark.parametrize("estimand", ["ATE", "ATT", "ATO"])
def test_weighted_cox_matches_r_coxph_robust(estimand: str) -> None:
    """Time to death: hazard ratio and robust error equal coxph(weights = w, robust = TRUE)."""
    r = _r(estimand, "")
    death = next(s for s in _comparison(estimand).survival if s.endpoint == "Time to death")
    assert death.adjusted is not None
    np.testing.assert_allclose(
        [death.adjusted.hazard_ratio[0], death.adjusted.std_err[0]],
        [r["cox_hr"], r["cox_robust_se"]],
        rtol=RTOL,
    )


@pytest.mark.parametrize("estimand", ["ATE", "ATT", "ATO"])
def test_weighted_kaplan_meier_matches_r_survfit(estimand: str) -> None:
    """The treated arm's weighted survival at 365 days equals survfit(weights = w)."""
    death = next(s for s in _comparison(estimand).survival if s.endpoint == "Time to death")
    assert death.curves is not None
    curve = death.curves[0]
    at = curve.survival[curve.time <= 365]
    assert at[-1] == pytest.approx(_r(estimand, "km_")["km_treated_365"], rel=RTOL)


@functools.cache
def _matched() -> AdjustedComparison:
    return run(
        _cohort(), design(covariates=("age", "anti_mda5", "disease_months"), method="matching")
    )[1]


def test_matched_pairs_match_r_matchit() -> None:
    """The pairs are MatchIt's (nearest, glm on the logit, caliper 0.2), in its order."""
    r = pd.read_csv(DATA / "matched_pairs.csv")
    expected = list(zip(r["treated"].tolist(), r["control"].tolist(), strict=True))
    assert list(_matched().matched_pairs) == expected


def test_matched_estimates_match_r_vcovcl() -> None:
    """Risk and mean differences in the matched sample, errors clustered on the pair, equal R."""
    r = pd.read_csv(DATA / "matched_estimates.csv").set_index("quantity")["value"]
    found = {(o.outcome, o.measure): o.adjusted for o in _matched().outcomes}
    rd = found["Death during observation", "risk difference"]
    md = found["Change in CK (U/L)", "mean difference"]
    assert rd is not None and md is not None
    np.testing.assert_allclose([rd.estimate, rd.std_err], [r["rd"], r["rd_se"]], rtol=RTOL)
    np.testing.assert_allclose([md.estimate, md.std_err], [r["md"], r["md_se"]], rtol=RTOL)
