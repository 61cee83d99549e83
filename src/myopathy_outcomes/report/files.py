"""Write every output of a report into one directory: ``StudyReport.save``.

=========================  ===================================================
``report.html``            self-contained HTML, figures inline (SVG)
``report.md``              markdown
``report.txt``             plain text
``report.tex``             LaTeX driver; ``tables/*.tex`` one file per table
``report.docx``            Word, when python-docx is installed (extra ``word``)
``tables/*.csv``           the numbers of each table
``figures/*.svg|png|pdf``  each figure, when matplotlib is installed (``plot``)
``assignments.csv``        every patient's assignment, when there are too many
                           to list in the report (more than 300)
=========================  ===================================================
"""

from __future__ import annotations

from pathlib import Path

from myopathy_outcomes.report import docx as word
from myopathy_outcomes.report import figures
from myopathy_outcomes.report.csv import frame_csv, write_csv_tables
from myopathy_outcomes.report.display import ASSIGNMENTS_FILE
from myopathy_outcomes.report.html import report_html
from myopathy_outcomes.report.latex import write_latex
from myopathy_outcomes.report.markdown import report_markdown
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.text import report_text

__all__ = ["save_report", "write_assignments"]


def write_assignments(report: ReportNumbers, directory: Path) -> Path:
    """Write every patient's assignment to ``assignments.csv`` in ``directory``."""
    path = directory / ASSIGNMENTS_FILE
    path.write_text(frame_csv(report.assignment_frame()), encoding="utf-8")
    return path


def save_report(report: ReportNumbers, directory: str | Path) -> tuple[Path, ...]:
    """Write every output of ``report`` into ``directory`` (created when missing).

    Figures need matplotlib and the Word file python-docx; without them the
    other files are written, and the HTML says how to get the figures.

    Returns
    -------
    tuple of Path
        Every file written, the reports first.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    drawn = figures.report_figures(report) if figures.available() else None
    figure_files = [] if drawn is None else figures.write_figures(drawn, directory / "figures")
    written: list[Path] = []
    html = directory / "report.html"
    html.write_text(report_html(report, drawn), encoding="utf-8")
    markdown = directory / "report.md"
    markdown.write_text(report_markdown(report), encoding="utf-8")
    text = directory / "report.txt"
    text.write_text(report_text(report), encoding="utf-8")
    written += [html, markdown, text]
    pdfs = [] if drawn is None else [(f"figures/{f.name}.pdf", f.caption) for f in drawn]
    latex = write_latex(report, directory, figure_files=pdfs)
    written.append(latex[0])
    if word.available():
        written.append(word.write_docx(report, directory / "report.docx", drawn))
    if report.lists_patients_elsewhere:
        written.append(write_assignments(report, directory))
    written += latex[1:]
    written += write_csv_tables(report, directory / "tables")
    written += figure_files
    return tuple(written)
