"""Plain-text rendering: aligned columns for a terminal or a text file."""

from __future__ import annotations

import textwrap

from myopathy_outcomes.report import display
from myopathy_outcomes.report.layouts import table_text
from myopathy_outcomes.report.numbers import ReportNumbers

__all__ = ["notes_text", "report_text", "table_text"]


def report_text(report: ReportNumbers) -> str:
    """The whole report as plain text."""
    parts = [display.title(report), *display.preamble(report)]
    methods = (
        textwrap.fill(m, 96, initial_indent="- ", subsequent_indent="  ")
        for m in display.methods(report)
    )
    parts.append("Methods\n=======\n" + "\n".join(methods))
    parts.extend(table_text(table) for table in display.tables(report))
    return "\n\n".join(parts) + "\n"


def notes_text(report: ReportNumbers) -> str:
    """The notices of reading the data, one a line, under a line naming the data.

    What :meth:`StudyReport.save` writes to ``notes.txt`` beside the outputs
    (the report itself only counts them, :func:`.display.notices_line`).

    Examples
    --------
    >>> import dataclasses, myopathy_outcomes as mo
    >>> report = dataclasses.replace(mo.analyze(mo.load_example()), notices=("a", "b"))
    >>> print(notes_text(report), end="")
    Notices about reading the data (the bundled synthetic example): 2
    a
    b
    """
    head = f"Notices about reading the data ({report.source}): {len(report.notices)}"
    return "\n".join([head, *report.notices]) + "\n"
