"""Plain-text rendering: aligned columns for a terminal or a text file."""

from __future__ import annotations

import textwrap

from myopathy_outcomes.report import display
from myopathy_outcomes.report.layouts import table_text
from myopathy_outcomes.report.numbers import ReportNumbers

__all__ = ["report_text", "table_text"]


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
