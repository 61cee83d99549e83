"""Write every output of a report into one directory: ``StudyReport.save``.

Each format of :data:`~myopathy_outcomes.report.formats.FORMATS` whose
extra is installed writes its files:

=========================  ===================================================
``report.html``            self-contained HTML, figures inline (SVG)
``report.md``              markdown
``report.txt``             plain text
``report.tex``             LaTeX driver; ``tables/*.tex`` one file per table
``report.docx``            Word, when python-docx is installed (extra ``word``)
``tables/*.csv``           the numbers of each table
``assignments.csv``        every patient's assignment, when there are too many
                           to list in the report (more than 300)
``figures/*.svg|png|pdf``  each figure, when matplotlib is installed (``plot``)
=========================  ===================================================
"""

from __future__ import annotations

from pathlib import Path

from myopathy_outcomes.report import formats
from myopathy_outcomes.report.numbers import ReportNumbers

__all__ = ["save_report"]


def save_report(report: ReportNumbers, directory: str | Path) -> tuple[Path, ...]:
    """Write every output of ``report`` into ``directory`` (created when missing).

    Figures need matplotlib and the Word file python-docx; without them the
    other files are written, and the HTML says how to get the figures. The
    figures are drawn once, for every format that shows or writes them.

    Returns
    -------
    tuple of Path
        Every file written: the files in ``directory`` first, in the order
        of the formats, then those in its folders.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    drawn = formats.figures_of(report)
    written: list[Path] = []
    for form in formats.FORMATS:
        if form.available():
            written += form.save(report, directory, drawn)
    return tuple(sorted(written, key=lambda path: path.parent != directory))
