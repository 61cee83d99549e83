"""The study report: what :func:`~myopathy_outcomes.analyze` returns.

:class:`StudyReport` is the report's numbers
(:class:`~myopathy_outcomes.report.numbers.ReportNumbers`: counts,
summaries, test results and their numeric frames) with every output of
them: its ``*_table()`` methods give the numbers as display strings
(:mod:`~myopathy_outcomes.report.display`); ``to_text()``, ``to_markdown()``,
``to_html()``, ``to_latex()`` and ``to_docx()`` render the whole report, and
``save(directory)`` writes every output at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from myopathy_outcomes.report import display, figures
from myopathy_outcomes.report.docx import report_docx
from myopathy_outcomes.report.files import save_report
from myopathy_outcomes.report.html import report_fragment, report_html
from myopathy_outcomes.report.latex import report_latex
from myopathy_outcomes.report.markdown import report_markdown
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import Table
from myopathy_outcomes.report.text import report_text

__all__ = ["StudyReport"]


@dataclass(frozen=True)
class StudyReport(ReportNumbers):
    """The report of a study: its numbers (:class:`ReportNumbers`) and every output of them.

    What :func:`~myopathy_outcomes.analyze` returns. The fields and the
    ``*_frame()`` methods are the numbers'; the ``*_table()`` methods give
    them as display strings, ``to_*()`` render the whole report and
    :meth:`save` writes every output.
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

    def time_to_event_table(self) -> Table:
        """The time-to-event section as display strings."""
        return display.time_to_event_table(self)

    def excluded_rows_table(self) -> Table:
        """Input rows left out while loading, each with its reason."""
        return display.excluded_rows_table(self)

    def tables(self) -> tuple[Table, ...]:
        """All tables in reading order (excluded rows only when there are any)."""
        return display.tables(self)

    def methods(self) -> tuple[str, ...]:
        """The rules and tests used, one paragraph each."""
        return display.methods(self)

    def to_text(self) -> str:
        """The whole report as plain text."""
        return report_text(self)

    def to_markdown(self) -> str:
        """The whole report as markdown, ready to paste into a manuscript draft."""
        return report_markdown(self)

    def to_html(self) -> str:
        """The whole report as one self-contained HTML file (inline style, no scripts).

        The figures are embedded as inline SVG when matplotlib is installed;
        without it the file has the tables and says how to get the figures.
        """
        return report_html(self, figures.report_figures(self) if figures.available() else None)

    def to_latex(self) -> str:
        """The whole report as one LaTeX document (tables inline) that pdflatex compiles."""
        return report_latex(self)

    def to_docx(self) -> bytes:
        """The whole report as a Word file (needs the extra ``word``), figures included.

        The figures are added when matplotlib is installed.
        """
        return report_docx(self, figures.report_figures(self) if figures.available() else None)

    def save(self, directory: str | Path) -> tuple[Path, ...]:
        """Write every output into ``directory``: HTML, markdown, text, LaTeX, Word, CSV, figures.

        ``report.html``, ``report.md``, ``report.txt``, ``report.tex`` with
        ``tables/*.tex``, ``report.docx`` (when python-docx is installed),
        ``tables/*.csv`` and ``figures/*.svg``, ``*.png`` and ``*.pdf`` (when
        matplotlib is installed). Returns every file written.
        """
        return save_report(self, directory)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return report_fragment(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()
