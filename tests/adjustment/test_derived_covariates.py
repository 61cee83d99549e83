"""Derived covariates by name: the drug history and the glucocorticoid dose at index."""

from __future__ import annotations

import numpy as np
import pandas as pd

from myopathy_outcomes.adjusted_comparison import covariate_frame
from myopathy_outcomes.io.load import cohort_from_frames

from ._confounded import COVARIATES, design, frames
from ._pipeline import run


def _frame(regimens_edit: object = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    patients, visits, regimens = frames(30)
    if callable(regimens_edit):
        regimens = regimens_edit(regimens)
    data = cohort_from_frames(patients, visits, regimens, covariates=COVARIATES)
    chosen = design(covariates=("age",))
    derived, _ = run(data, chosen)
    names = ("gc_dose", "prior_glucocorticoid", "prior_calcineurin_inhibitor", "baseline_ck")
    frame, _ = covariate_frame(data, derived, chosen, names)
    frame.index = list(derived.people.patient_ids)
    return frame, regimens


def test_gc_dose_is_the_prednisolone_dose_active_on_the_index_date() -> None:
    """Each patient's gc_dose is the mg/day of their prednisolone course running at index."""
    frame, regimens = _frame()
    doses = regimens[regimens.drug == "prednisolone"].set_index("patient_id")["dose"].astype(float)
    np.testing.assert_array_equal(frame["gc_dose"].to_numpy(), doses[frame.index].to_numpy())


def test_gc_dose_without_a_dose_is_missing() -> None:
    """A running glucocorticoid course without a dose gives a missing gc_dose, not 0."""

    def no_dose(regimens: pd.DataFrame) -> pd.DataFrame:
        first = regimens.index[regimens.drug == "prednisolone"][0]
        regimens.loc[first, ["dose", "dose_unit"]] = ""
        return regimens

    frame, _ = _frame(no_dose)
    assert np.isnan(frame["gc_dose"].iloc[0])
    assert not np.isnan(frame["gc_dose"].iloc[1:]).any()


def test_prior_class_counts_starts_before_the_index_date_only() -> None:
    """Prednisolone started a month before index is prior; tacrolimus started at index is not."""
    frame, _ = _frame()
    assert (frame["prior_glucocorticoid"] == 1).all()
    assert (frame["prior_calcineurin_inhibitor"] == 0).all()
