"""Markdown rendering, ready to paste into a manuscript draft."""

from __future__ import annotations

from myopathy_outcomes.report import display
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import Table

__all__ = ["report_markdown", "table_markdown"]


def table_markdown(table: Table) -> str:
    """One table as GitHub-flavoured markdown under a level-3 heading, notes below."""
    lines = [f"### {table.title}", ""]
    lines.append("| " + " | ".join(_escape(c) for c in table.columns) + " |")
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    lines.extend("| " + " | ".join(_escape(c) for c in row) + " |" for row in table.rows)
    if table.notes:
        lines.append("")
        lines.append("\n\n".join(table.notes))
    return "\n".join(lines)


def _escape(cell: str) -> str:
    """Escape pipes, and keep leading spaces (indentation) visible once rendered."""
    stripped = cell.lstrip(" ")
    return "&nbsp;" * (len(cell) - len(stripped)) + stripped.replace("|", "\\|")


def report_markdown(report: ReportNumbers) -> str:
    """The whole report as markdown."""
    parts = [f"# {display.title(report)}", *display.preamble(report)]
    parts.append("## Methods\n\n" + "\n".join(f"- {m}" for m in display.methods(report)))
    parts.extend(table_markdown(table) for table in display.tables(report))
    return "\n\n".join(parts) + "\n"
