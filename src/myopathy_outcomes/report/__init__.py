"""The report: numbers (:class:`StudyReport`) and their renderers.

- :mod:`.summaries`: the numbers behind each cell (quartiles, counts, tests);
- :mod:`.study`: :class:`StudyReport`, with every table as a numeric DataFrame;
- :mod:`.display`: the one place numbers become strings;
- :mod:`.table`: :class:`Table`, a table of display strings, the unit of every renderer;
- renderers, one module each: :mod:`.text`, :mod:`.markdown`, :mod:`.html`,
  :mod:`.latex`, :mod:`.docx` (extra ``word``) and :mod:`.csv` (the numbers);
- :mod:`.files`: :meth:`StudyReport.save`, every output into one directory.

Figures live in :mod:`myopathy_outcomes.plots` (extra ``plot``).
"""

from myopathy_outcomes.report.study import StudyReport
from myopathy_outcomes.report.summaries import (
    Comparison,
    Count,
    PairedValue,
    PairedValues,
    Quartiles,
    SummaryRow,
    WithinGroupRow,
)
from myopathy_outcomes.report.table import Table

__all__ = [
    "Comparison",
    "Count",
    "PairedValue",
    "PairedValues",
    "Quartiles",
    "StudyReport",
    "SummaryRow",
    "Table",
    "WithinGroupRow",
]
