"""Hostile data: a clear reason, never a number from a model that did not converge."""

from __future__ import annotations

import pandas as pd

import myopathy_outcomes as mo
from myopathy_outcomes.adjusted_comparison import AdjustedComparison
from myopathy_outcomes.io.load import cohort_from_frames

from ._confounded import COVARIATES, design, frames
from ._pipeline import run


def _treated_ids(regimens: pd.DataFrame) -> set[str]:
    return set(regimens.loc[regimens.drug == "tacrolimus", "patient_id"])


def _run(
    patients: pd.DataFrame, visits: pd.DataFrame, regimens: pd.DataFrame, **adjustment: object
) -> AdjustedComparison:
    data = cohort_from_frames(patients, visits, regimens, covariates=COVARIATES)
    return run(data, design(**adjustment))[1]


def _no_adjusted_numbers(result: AdjustedComparison) -> None:
    assert result.reason is not None
    assert result.weights is None
    assert all(o.adjusted is None for o in result.outcomes)
    assert all(row.smd_after is None for row in result.balance)


def test_perfect_separation_is_refused_with_the_reason() -> None:
    """A covariate equal to the arm: no score, the reason names separation."""
    patients, visits, regimens = frames(120)
    treated = _treated_ids(regimens)
    patients["anti_mda5"] = ["yes" if p in treated else "no" for p in patients.patient_id]
    result = _run(patients, visits, regimens, covariates=("age", "anti_mda5"))
    _no_adjusted_numbers(result)
    assert "separate the groups" in result.reason  # type: ignore[operator]


def test_a_covariate_constant_in_one_arm_is_refused() -> None:
    """anti-MDA5 positive only among the treated (quasi-separation): refused, with the reason."""
    patients, visits, regimens = frames(120)
    treated = _treated_ids(regimens)
    control = ~patients.patient_id.isin(treated)
    patients.loc[control, "anti_mda5"] = "no"
    result = _run(patients, visits, regimens, covariates=("age", "anti_mda5"))
    _no_adjusted_numbers(result)
    assert "'anti_mda5' is 0 for every MMF patient" in result.reason  # type: ignore[operator]


def test_a_covariate_missing_for_a_whole_arm_is_named() -> None:
    """disease_months missing for every treated patient: complete cases leave one arm."""
    patients, visits, regimens = frames(120)
    treated = patients.patient_id.isin(_treated_ids(regimens))
    patients.loc[treated, "disease_months"] = ""
    result = _run(patients, visits, regimens, covariates=("age", "disease_months"))
    _no_adjusted_numbers(result)
    assert "'disease_months' is missing for every treated patient" in result.reason  # type: ignore[operator]


def test_missing_indicator_keeps_the_patients() -> None:
    """With missing = "indicator" a missing value is flagged, and nobody is left out."""
    patients, visits, regimens = frames(300)
    patients.loc[:40, "disease_months"] = ""
    result = _run(
        patients, visits, regimens, covariates=("age", "disease_months"), missing="indicator"
    )
    assert result.left_out == 0
    assert result.score is not None
    assert "disease_months: missing" in result.score.columns


def test_complete_cases_count_those_left_out() -> None:
    """Under complete cases the patients with a missing covariate are counted in a note."""
    patients, visits, regimens = frames(300)
    patients.loc[:40, "disease_months"] = ""
    result = _run(patients, visits, regimens, covariates=("age", "disease_months"))
    assert result.left_out == 41
    assert "41 patient(s) left out for a missing covariate" in result.notes


def test_one_patient_per_arm_is_refused() -> None:
    """Two patients, one per arm: too few for a score, said in one line."""
    patients, visits, regimens = frames(40)
    treated = _treated_ids(regimens)
    keep = [
        next(p for p in patients.patient_id if p in treated),
        next(p for p in patients.patient_id if p not in treated),
    ]
    result = _run(
        patients[patients.patient_id.isin(keep)].reset_index(drop=True),
        visits[visits.patient_id.isin(keep)].reset_index(drop=True),
        regimens[regimens.patient_id.isin(keep)].reset_index(drop=True),
        covariates=("age",),
    )
    _no_adjusted_numbers(result)
    assert result.reason.startswith("too few patients for a propensity score (1 MMF + TAC, 1 MMF")  # type: ignore[union-attr]


def test_fewer_than_ten_per_coefficient_is_not_reported() -> None:
    """A small cohort with several covariates: the EPV rule says so, no adjusted estimate."""
    patients, visits, regimens = frames(60)
    result = _run(patients, visits, regimens, covariates=("age", "female", "smoking", "anti_mda5"))
    _no_adjusted_numbers(result)
    assert "fewer than 10 patients of the smaller arm per coefficient" in result.reason  # type: ignore[operator]


def test_matching_reports_pairs_and_clustered_errors() -> None:
    """Matching: pairs in the caliper, errors clustered on the pair, Cox clustered too."""
    result = _run(*frames(300), covariates=("age", "anti_mda5"), method="matching")
    assert result.reason is None
    assert result.pairs > 10
    estimates = [o.adjusted for o in result.outcomes if o.adjusted is not None]
    assert estimates and all("vcovCL" in e.method for e in estimates)
    death = next(s for s in result.survival if s.endpoint == "Time to death")
    assert death.adjusted is not None
    assert death.adjusted.robust and death.adjusted.weighted


def test_one_patient_per_arm_through_the_analysis_gives_no_smd_and_no_number() -> None:
    """mo.analyze on one patient per arm: Table 1 has no SMD and the section says why."""
    patients, visits, regimens = frames(40)
    treated = _treated_ids(regimens)
    keep = [
        next(p for p in patients.patient_id if p in treated),
        next(p for p in patients.patient_id if p not in treated),
    ]
    data = cohort_from_frames(
        *(f[f.patient_id.isin(keep)].reset_index(drop=True) for f in (patients, visits, regimens)),
        covariates=COVARIATES,
    )
    report = mo.analyze(data, design(covariates=("age", "diagnosis")))
    assert all(row.smd is None for row in report.baseline_rows)
    assert report.adjusted is not None and report.adjusted.reason is not None
    assert "too few patients for a propensity score" in report.to_text()
