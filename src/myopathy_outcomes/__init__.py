"""Turn myositis cohort records into a correct, reproducible treatment-outcome analysis.

>>> import myopathy_outcomes as mo
>>> report = mo.analyze(mo.load_example())
>>> print(report.to_text())  # doctest: +SKIP

The statistical tests live in :mod:`myopathy_outcomes.stats`.
"""

from myopathy_outcomes import stats, studies
from myopathy_outcomes.analysis import analyze
from myopathy_outcomes.design import Arm, DrugSet, StudyDesign
from myopathy_outcomes.drugs import Drug, DrugClass, normalize_drug
from myopathy_outcomes.errors import CohortDataError, RowProblem
from myopathy_outcomes.example import example_path, load_example
from myopathy_outcomes.io import cohort_from_frames, load_cohort
from myopathy_outcomes.models import (
    Cohort,
    Diagnosis,
    ExcludedRow,
    Patient,
    PatientRecord,
    Regimen,
    Sex,
    Visit,
)
from myopathy_outcomes.outcomes import (
    Measure,
    MeasureOutcome,
    OutcomeRules,
    derive_outcome,
    derive_outcomes,
)
from myopathy_outcomes.report import StudyReport
from myopathy_outcomes.rules.eligibility import Ineligibility
from myopathy_outcomes.rules.groups import Assignment, assign_group, assign_groups
from myopathy_outcomes.rules.ild import (
    FvcDeclineReading,
    IldProgression,
    IldProgressionRule,
    ild_progression,
)

__version__ = "0.1.0"

__all__ = [
    "Arm",
    "Assignment",
    "Cohort",
    "CohortDataError",
    "Diagnosis",
    "Drug",
    "DrugClass",
    "DrugSet",
    "ExcludedRow",
    "FvcDeclineReading",
    "IldProgression",
    "IldProgressionRule",
    "Ineligibility",
    "Measure",
    "MeasureOutcome",
    "OutcomeRules",
    "Patient",
    "PatientRecord",
    "Regimen",
    "RowProblem",
    "Sex",
    "StudyDesign",
    "StudyReport",
    "Visit",
    "__version__",
    "analyze",
    "assign_group",
    "assign_groups",
    "cohort_from_frames",
    "derive_outcome",
    "derive_outcomes",
    "example_path",
    "ild_progression",
    "load_cohort",
    "load_example",
    "normalize_drug",
    "stats",
    "studies",
]
