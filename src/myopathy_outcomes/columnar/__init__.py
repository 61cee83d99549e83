"""The columnar engine: the study's rules over whole tables, for registry-sized cohorts.

Each module is the twin of a per-patient rule module (the readable
reference); property tests hold each pair equal. The tables they read are
in :mod:`myopathy_outcomes.storage`.
"""

from myopathy_outcomes.columnar.assignment import assign_table, supports
from myopathy_outcomes.columnar.events import event_times_table
from myopathy_outcomes.columnar.ild import BaselineTable, assess_table, table_records
from myopathy_outcomes.columnar.windows import (
    MeasureWindows,
    last_visit_after,
    measure_windows,
    observation_months,
)

__all__ = [
    "BaselineTable",
    "MeasureWindows",
    "assess_table",
    "assign_table",
    "event_times_table",
    "last_visit_after",
    "measure_windows",
    "observation_months",
    "supports",
    "table_records",
]
