"""The storage floor: a :class:`Cohort` and its patients, visits and regimens as columns.

Loading fills these columns once; the rules over columns
(:mod:`myopathy_outcomes.columnar`) read them, and each model is built only
when someone asks for it. Nothing here knows a study design or a rule.
"""

from myopathy_outcomes.storage.cohort import Cohort
from myopathy_outcomes.storage.on_demand import OnDemand
from myopathy_outcomes.storage.patients import PatientColumns, PatientRows
from myopathy_outcomes.storage.regimens import OPEN_STOP, RegimenRows, RegimenTable
from myopathy_outcomes.storage.rows import ColumnRows
from myopathy_outcomes.storage.visits import VisitRows, VisitTable

__all__ = [
    "OPEN_STOP",
    "Cohort",
    "ColumnRows",
    "OnDemand",
    "PatientColumns",
    "PatientRows",
    "RegimenRows",
    "RegimenTable",
    "VisitRows",
    "VisitTable",
]
