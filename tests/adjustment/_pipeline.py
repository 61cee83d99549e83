"""The adjusted comparison of the confounded cohort, run through the analysis' own steps."""

from __future__ import annotations

from myopathy_outcomes.adjusted_comparison import AdjustedComparison, adjusted_comparison
from myopathy_outcomes.analysis import _assign
from myopathy_outcomes.derived import Derived, derive
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.io.load import cohort_from_frames
from myopathy_outcomes.resolved import resolve
from myopathy_outcomes.storage import Cohort

from ._confounded import COVARIATES, frames

R_COVARIATES = ("age", "female", "anti_mda5", "disease_months", "smoking", "gc_dose")


def cohort(n: int = 300) -> Cohort:
    return cohort_from_frames(*frames(n), covariates=COVARIATES)


def run(data: Cohort, design: StudyDesign) -> tuple[Derived, AdjustedComparison]:
    derived = derive(data, _assign(data, design), resolve(data, design))
    return derived, adjusted_comparison(data, derived, design)
