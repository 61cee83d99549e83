"""One table of the report alone, with its numbers, in every format: :class:`ReportTable`.

``report.table("baseline")`` (:meth:`StudyReport.table
<myopathy_outcomes.report.study.StudyReport.table>`) gives Table 1 as a
:class:`ReportTable`: the printed table (a
:class:`~myopathy_outcomes.report.table.Table` of display strings) with the
numbers behind it (its CSV file's frame), written as a Word document, a LaTeX
fragment, an HTML page, an Excel workbook or a CSV file, each through the
renderer the whole report uses. ``myopathy-outcomes --table NAME --output
FILE`` writes one of them, the format named by the file's suffix
(:data:`~myopathy_outcomes.report.formats.TABLE_FORMATS`).

A table taken from a report on synthetic data says so in a note (and, in
Word, in the page header), since it may travel without the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pandas as pd

from myopathy_outcomes.report import display, docx, html, latex, xlsx
from myopathy_outcomes.report.csv import frame_csv, table_numbers
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.staging import write_whole_file
from myopathy_outcomes.report.table import Table

__all__ = ["ReportTable", "report_table", "table_names"]


@dataclass(frozen=True, repr=False)
class ReportTable(Table):
    """One printed table of a report with the numbers behind it, in every format.

    A :class:`~myopathy_outcomes.report.table.Table` (``to_text``,
    ``to_markdown``, ``to_html``, ``to_frame`` as for any table) that also
    writes itself as Word, LaTeX, Excel and CSV.

    Attributes
    ----------
    numbers : pandas.DataFrame or None
        The numbers behind the table, as its CSV file holds them
        (:func:`~myopathy_outcomes.report.csv.report_frames`): floats with
        every digit, not display strings.
    synthetic : bool
        Whether the table comes from synthetic data (labelled in Word's page
        header; the notes say it in every format).

    Examples
    --------
    >>> import myopathy_outcomes as mo
    >>> table = mo.analyze(mo.load_example()).table("baseline")
    >>> table.title, table.numbers.shape[0] > 0, table.to_latex().startswith("% Table")
    ('Table 1. Baseline characteristics', True, True)
    """

    numbers: pd.DataFrame | None = field(default=None, compare=False)
    synthetic: bool = False

    def to_html(self, *, standalone: bool = False) -> str:
        """An HTML ``<section>`` with the table; ``standalone``: a whole page with its style."""
        return html.table_document(self) if standalone else super().to_html()

    def to_latex(self) -> str:
        """A LaTeX fragment to ``\\input`` (``booktabs``), as ``tables/<name>.tex`` of a report.

        The packages it needs are those the report's ``report.tex`` loads
        (docs/output.md).
        """
        return latex.table_latex(self)

    def to_docx(self, path: str | Path | None = None) -> bytes:
        """A Word document holding the table alone (needs the extra ``word``).

        Laid out as in the report's Word file
        (:func:`~myopathy_outcomes.report.docx.table_docx`); written to
        ``path`` too when one is given (whole or not at all).
        """
        return _written(docx.table_docx(self, synthetic=self.synthetic), path)

    def to_xlsx(self, path: str | Path | None = None) -> bytes:
        """An Excel workbook (needs the extra ``excel``): the numbers and the display strings.

        The sheets ``<name>`` (the numbers) and ``<name> shown`` as in the
        report's workbook (:func:`~myopathy_outcomes.report.xlsx.table_xlsx`);
        written to ``path`` too when one is given.
        """
        return _written(xlsx.table_xlsx(self, self.numbers), path)

    def to_csv(self, path: str | Path | None = None) -> str:
        """The numbers as CSV text, as ``tables/<name>.csv`` of a saved report.

        Text cells that start like a formula get an apostrophe
        (:func:`~myopathy_outcomes.report.csv.neutralise`); written to
        ``path`` too when one is given.
        """
        if self.numbers is None:
            raise ValueError(f"table {self.name!r} has no numbers of its own to write as CSV")
        return _written(frame_csv(self.numbers), path)


Document = TypeVar("Document", str, bytes)


def _written(document: Document, path: str | Path | None) -> Document:
    if path is not None:
        write_whole_file(Path(path), document)
    return document


def table_names(report: ReportNumbers) -> tuple[str, ...]:
    """The names of the report's printed tables, in reading order (``"baseline"``, ...)."""
    return tuple(t.name for t in display.tables(report))


def report_table(report: ReportNumbers, name: str) -> ReportTable:
    """The printed table of ``report`` called ``name``, with its numbers.

    A ValueError names the tables the report has when it has none called
    ``name``. Only that table's numbers are computed.
    """
    printed = {t.name: t for t in display.tables(report)}
    if name not in printed:
        names = ", ".join(printed)
        raise ValueError(f"the report has no table {name!r}; its tables are: {names}")
    table = printed[name]
    notes = (*table.notes, display.SYNTHETIC_NOTE) if report.synthetic else table.notes
    return ReportTable(
        table.title,
        table.columns,
        table.rows,
        notes,
        table.name,
        numbers=table_numbers(report, name),
        synthetic=report.synthetic,
    )
