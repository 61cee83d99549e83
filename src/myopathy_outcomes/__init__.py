"""Turn myositis cohort records into a correct, reproducible treatment-outcome analysis.

>>> import myopathy_outcomes as mo
>>> report = mo.analyze(mo.load_example())
>>> report.group_size("MMF + CNI"), report.group_size("MMF alone")
(7, 12)

The top level holds what a study needs: loading, the design, the analysis and
its report. Everything else is reachable from its subpackage:
:mod:`~myopathy_outcomes.stats` (the tests), :mod:`~myopathy_outcomes.studies`
(named designs), :mod:`~myopathy_outcomes.omop` (OMOP CDM databases, extra
``omop``), :mod:`~myopathy_outcomes.rules` (eligibility, groups, ILD
criteria), :mod:`~myopathy_outcomes.outcomes` (windows, time to event),
:mod:`~myopathy_outcomes.report` (numbers, renderers and figures),
:mod:`~myopathy_outcomes.models`, :mod:`~myopathy_outcomes.drugs` and
:mod:`~myopathy_outcomes.schema`.
"""

from myopathy_outcomes import omop, stats, studies
from myopathy_outcomes._version import __version__
from myopathy_outcomes.analysis import analyze
from myopathy_outcomes.design import Arm, DrugSet, StudyDesign
from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.example import example_path, load_example
from myopathy_outcomes.io import cohort_from_frames, load_cohort
from myopathy_outcomes.models import Patient, Regimen, Visit
from myopathy_outcomes.outcomes import OutcomeRules
from myopathy_outcomes.report import StudyReport
from myopathy_outcomes.rules.ild import FvcDeclineReading, IldProgressionRule
from myopathy_outcomes.storage import Cohort

__all__ = [
    "Arm",
    "Cohort",
    "CohortDataError",
    "DrugSet",
    "FvcDeclineReading",
    "IldProgressionRule",
    "OutcomeRules",
    "Patient",
    "Regimen",
    "StudyDesign",
    "StudyReport",
    "Visit",
    "__version__",
    "analyze",
    "cohort_from_frames",
    "example_path",
    "load_cohort",
    "load_example",
    "omop",
    "stats",
    "studies",
]
