"""Markdown rendering, ready to paste into a manuscript draft.

Every string from the data (the title, the source path, notices, labels,
ids, reasons) is escaped (:func:`~myopathy_outcomes.report.layouts.escape_markdown`):
no HTML tag, comment or link can come from the data, and what a reader sees
once the Markdown is rendered is the text itself.
"""

from __future__ import annotations

from myopathy_outcomes.report import display
from myopathy_outcomes.report.layouts import escape_markdown, table_markdown
from myopathy_outcomes.report.numbers import ReportNumbers

__all__ = ["report_markdown", "table_markdown"]


def report_markdown(report: ReportNumbers) -> str:
    """The whole report as markdown."""
    parts = [f"# {escape_markdown(display.title(report))}"]
    parts.extend(escape_markdown(line, line_start=True) for line in display.preamble(report))
    methods = (f"- {escape_markdown(m, line_start=True)}" for m in display.methods(report))
    parts.append("## Methods\n\n" + "\n".join(methods))
    parts.extend(table_markdown(table) for table in display.tables(report))
    return "\n\n".join(parts) + "\n"
