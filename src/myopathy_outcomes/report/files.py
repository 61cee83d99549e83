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
``report.xlsx``            Excel, the numbers and the printed tables, when
                           openpyxl is installed (extra ``excel``)
``assignments.csv``        every patient's assignment, when there are too many
                           to list in the report (more than 300)
``figures/*.svg|png|pdf``  each figure, when matplotlib is installed (``plot``)
``notes.txt``              the notices of reading the data, when there are any
                           (the report only counts them)
=========================  ===================================================

The folder is written whole or not at all, and holds no file of an earlier
report (:mod:`~myopathy_outcomes.report.staging`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from myopathy_outcomes.report import formats, text
from myopathy_outcomes.report.display import NOTES_FILE
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.staging import staged_folder

__all__ = ["save_report"]

#: Each stage of a run, as it starts (the command shows them as progress).
_progress = logging.getLogger("myopathy_outcomes.progress")


def save_report(report: ReportNumbers, directory: str | Path) -> tuple[Path, ...]:
    """Write every output of ``report`` into ``directory``, whole or not at all.

    Figures need matplotlib and the Word file python-docx; without them the
    other files are written, and the HTML says how to get the figures. The
    figures are drawn once, for every format that shows or writes them.

    The files are written into a folder beside ``directory`` and put in its
    place only when all are written (:func:`.staging.staged_folder`): an
    error or Ctrl-C half-way leaves ``directory`` as it was. An existing
    ``directory`` may hold only files that this function writes
    (:data:`.formats.OUTPUT_FILES`); they are replaced as a whole, so no
    file of an earlier report stays.

    Returns
    -------
    tuple of Path
        Every file written: the files in ``directory`` first, in the order
        of the formats, then those in its folders.

    Raises
    ------
    OutputFolderError
        When ``directory`` holds other files, or another process is saving
        into it.
    """
    directory = Path(directory)
    with staged_folder(directory, formats.OUTPUT_FILES) as staging:
        if formats.FIGURES.available():
            _progress.info("drawing the figures")
        drawn = formats.figures_of(report)
        written: list[Path] = []
        for form in formats.FORMATS:
            if form.available():
                _progress.info("writing %s", ", ".join(form.files))
                written += form.save(report, staging, drawn)
        if report.notices:
            notes = staging / NOTES_FILE
            notes.write_text(text.notes_text(report), encoding="utf-8")
            written.append(notes)
    placed = [directory / path.relative_to(staging) for path in written]
    return tuple(sorted(placed, key=lambda path: path.parent != directory))
