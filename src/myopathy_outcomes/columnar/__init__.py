"""The columnar engine: the study's rules over whole tables, for registry-sized cohorts.

Each module is the twin of a per-patient rule module (the readable
reference); property tests hold each pair equal.
"""

from myopathy_outcomes.columnar.assignment import RegimenTable, assign_table, supports
from myopathy_outcomes.columnar.visits import VisitRows, VisitTable, visit_table
from myopathy_outcomes.columnar.windows import (
    MeasureWindows,
    last_visit_after,
    measure_windows,
    observation_months,
)

__all__ = [
    "MeasureWindows",
    "RegimenTable",
    "VisitRows",
    "VisitTable",
    "assign_table",
    "last_visit_after",
    "measure_windows",
    "observation_months",
    "supports",
    "visit_table",
]
