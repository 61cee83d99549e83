"""Markdown rendering, ready to paste into a manuscript draft."""

from __future__ import annotations

from myopathy_outcomes.report import display
from myopathy_outcomes.report.layouts import table_markdown
from myopathy_outcomes.report.numbers import ReportNumbers

__all__ = ["report_markdown", "table_markdown"]


def report_markdown(report: ReportNumbers) -> str:
    """The whole report as markdown."""
    parts = [f"# {display.title(report)}", *display.preamble(report)]
    parts.append("## Methods\n\n" + "\n".join(f"- {m}" for m in display.methods(report)))
    parts.extend(table_markdown(table) for table in display.tables(report))
    return "\n\n".join(parts) + "\n"
