"""The report: its numbers, their display, the renderers, and :class:`StudyReport`.

- :mod:`.summaries`: the numbers behind each cell (quartiles, counts, tests);
- :mod:`.numbers`: :class:`ReportNumbers`, every number of the report, each
  table as a numeric DataFrame;
- :mod:`.display`: the one place numbers become strings;
- :mod:`.table`: :class:`Table`, a table of display strings, the unit of every renderer;
- renderers, one module each: :mod:`.text`, :mod:`.markdown`, :mod:`.html`,
  :mod:`.latex`, :mod:`.docx` (extra ``word``), :mod:`.csv` (the numbers) and
  :mod:`.figures` (extra ``plot``);
- :mod:`.one_table`: :class:`ReportTable`, one table alone with its numbers in
  every format (``report.table("baseline")``);
- :mod:`.files`: :meth:`StudyReport.save`, every output into one directory;
- :mod:`.study`: :class:`StudyReport`, the numbers with every output of them.
"""

from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.one_table import ReportTable
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
    "ReportNumbers",
    "ReportTable",
    "StudyReport",
    "SummaryRow",
    "Table",
    "WithinGroupRow",
]
