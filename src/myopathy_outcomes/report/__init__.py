"""The report: numbers (:class:`StudyReport`) and their renderers.

- :mod:`.summaries`: the numbers behind each cell (quartiles, counts, tests);
- :mod:`.study`: :class:`StudyReport`, with every table as a numeric DataFrame;
- :mod:`.display`: the one place numbers become strings;
- :mod:`.text`, :mod:`.markdown`: renderers.
"""

from myopathy_outcomes.report.study import StudyReport
from myopathy_outcomes.report.summaries import (
    Comparison,
    Count,
    PairedValue,
    Quartiles,
    SummaryRow,
    WithinGroupRow,
)
from myopathy_outcomes.report.table import Table

__all__ = [
    "Comparison",
    "Count",
    "PairedValue",
    "Quartiles",
    "StudyReport",
    "SummaryRow",
    "Table",
    "WithinGroupRow",
]
