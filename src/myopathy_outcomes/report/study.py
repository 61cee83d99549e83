"""The study report: what :func:`~myopathy_outcomes.analyze` returns.

:class:`StudyReport` is the report's numbers
(:class:`~myopathy_outcomes.report.numbers.ReportNumbers`: counts,
summaries, test results and their numeric frames) with every output of
them: its ``*_table()`` methods give the numbers as display strings
(:mod:`~myopathy_outcomes.report.display`); ``render(format)`` (and
``to_text()``, ``to_markdown()``, ``to_html()``, ``to_latex()``,
``to_docx()``) render the whole report, and ``save(directory)`` writes every
output at once, each through the one table of formats
(:mod:`~myopathy_outcomes.report.formats`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from myopathy_outcomes.report import display, formats
from myopathy_outcomes.report.files import save_report
from myopathy_outcomes.report.html import report_fragment
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.one_table import ReportTable, report_table, table_names
from myopathy_outcomes.report.table import Table

__all__ = ["StudyReport"]


@dataclass(frozen=True, repr=False)
class StudyReport(ReportNumbers):
    """The report of a study: its numbers (:class:`ReportNumbers`) and every output of them.

    What :func:`~myopathy_outcomes.analyze` returns. The fields and the
    ``*_frame()`` methods are the numbers'; the ``*_table()`` methods give
    them as display strings, :meth:`render` and ``to_*()`` render the whole
    report and :meth:`save` writes every output.
    """

    # -- display ---------------------------------------------------------
    def attrition_table(self) -> Table:
        """Screened patients, exclusions with reasons, and the size of each group."""
        return display.attrition_table(self)

    def assignment_table(self) -> Table:
        """Every screened patient with group, index date and the reason in words."""
        return display.assignment_table(self)

    def baseline_table(self) -> Table:
        """Table 1 as display strings, with p-values and the test named."""
        return display.baseline_table(self)

    def within_table(self) -> Table:
        """Follow-up versus baseline within each group, as display strings."""
        return display.within_table(self)

    def between_table(self) -> Table:
        """ILD progression, deaths and changes between the groups, as display strings."""
        return display.between_table(self)

    def ild_sensitivity_table(self) -> Table:
        """ILD progression under each criterion of the design, as display strings."""
        return display.ild_sensitivity_table(self)

    def response_table(self) -> Table:
        """Response (TIS and IMACS definition) between the groups, as display strings."""
        return display.response_table(self)

    def response_patients_table(self) -> Table:
        """Each patient's TIS, category and IMACS definition, as display strings."""
        return display.response_patients_table(self)

    def time_to_event_table(self) -> Table:
        """The time-to-event section as display strings."""
        return display.time_to_event_table(self)

    def excluded_rows_table(self) -> Table:
        """Input rows left out while loading, each with its reason."""
        return display.excluded_rows_table(self)

    def tables(self) -> tuple[Table, ...]:
        """All tables in reading order (excluded rows only when there are any)."""
        return display.tables(self)

    def table_names(self) -> tuple[str, ...]:
        """The names :meth:`table` takes: those of :meth:`tables`, in reading order."""
        return table_names(self)

    def table(self, name: str) -> ReportTable:
        """The printed table called ``name`` alone, with its numbers, in every format.

        ``name`` is one of :meth:`table_names` (``"attrition"``,
        ``"baseline"``, ``"within"``, ``"between"``, ``"time_to_event"``,
        ``"assignments"``, ...); a ValueError lists them for another name. The
        :class:`~myopathy_outcomes.report.one_table.ReportTable` has
        ``to_docx()``, ``to_latex()``, ``to_html()``, ``to_xlsx()``,
        ``to_csv()``, ``to_markdown()``, ``to_text()`` and ``to_frame()``, and
        its numbers as ``numbers``.

        Examples
        --------
        >>> import myopathy_outcomes as mo
        >>> report = mo.analyze(mo.load_example())
        >>> print(report.table("baseline").to_markdown().splitlines()[0])
        ### Table 1. Baseline characteristics
        >>> report.table_names()
        ('attrition', 'baseline', 'within', 'between', 'time_to_event', 'assignments')
        >>> report.table("table1")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: the report has no table 'table1'; its tables are: attrition, baseline, ...
        """
        return report_table(self, name)

    def methods(self) -> tuple[str, ...]:
        """The rules and tests used, one paragraph each."""
        return display.methods(self)

    def render(self, format: str) -> str | bytes:
        """The whole report as one document of ``format`` (``"html"``, ``"docx"``, ...).

        Any format of :data:`~myopathy_outcomes.report.formats.DOCUMENT_FORMATS`
        (``--format`` of the command); bytes for a binary one (Word).
        """
        return formats.named(format).document(self)

    def to_text(self) -> str:
        """The whole report as plain text."""
        return formats.TEXT.document(self)

    def to_markdown(self) -> str:
        """The whole report as markdown, ready to paste into a manuscript draft."""
        return formats.MARKDOWN.document(self)

    def to_html(self) -> str:
        """The whole report as one self-contained HTML file (inline style, no scripts).

        The figures are embedded as inline SVG when matplotlib is installed;
        without it the file has the tables and says how to get the figures.
        """
        return formats.HTML.document(self)

    def to_latex(self) -> str:
        """The whole report as one LaTeX document (tables inline) that pdflatex compiles."""
        return formats.LATEX.document(self)

    def to_docx(self) -> bytes:
        """The whole report as a Word file (needs the extra ``word``), figures included.

        The figures are added when matplotlib is installed.
        """
        return formats.DOCX.document(self)

    def to_xlsx(self) -> bytes:
        """Every table as an Excel workbook (needs the extra ``excel``), numbers as numbers.

        One sheet of numbers per table (those of the CSV tables) and one of
        the display strings per printed table (:mod:`~myopathy_outcomes.report.xlsx`).
        """
        return formats.XLSX.document(self)

    def save(self, directory: str | Path) -> tuple[Path, ...]:
        """Write every output into ``directory``: HTML, markdown, text, LaTeX, Word, CSV, figures.

        ``report.html``, ``report.md``, ``report.txt``, ``report.tex`` with
        ``tables/*.tex``, ``report.docx`` (when python-docx is installed),
        ``tables/*.csv``, ``report.xlsx`` (when openpyxl is installed) and
        ``figures/*.svg``, ``*.png`` and ``*.pdf`` (when
        matplotlib is installed): every format of
        :data:`~myopathy_outcomes.report.formats.FORMATS`. Returns every file
        written.
        """
        return save_report(self, directory)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return report_fragment(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()
