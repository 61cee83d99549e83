"""Plain-text rendering: aligned columns for a terminal or a text file."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from myopathy_outcomes.report import display
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import Table

__all__ = ["report_text", "table_text"]


def table_text(table: Table) -> str:
    """One table with its title underlined, aligned columns and its notes.

    Examples
    --------
    >>> print(table_text(Table("Demo", ("a", "b"), (("10", "x"),))))
    Demo
    ====
    a   b
    --  -
    10  x
    """
    widths = [
        max(len(cell) for cell in column)
        for column in zip(table.columns, *table.rows, strict=True)
    ]
    lines = [table.title, "=" * len(table.title)]
    lines.append(_join_padded(table.columns, widths))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(_join_padded(row, widths) for row in table.rows)
    lines.extend(table.notes)
    return "\n".join(line.rstrip() for line in lines)


def _join_padded(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Pad every cell but the last to its column's width, so a long last cell costs nothing."""
    padded = [cell.ljust(width) for cell, width in zip(cells[:-1], widths[:-1], strict=True)]
    return "  ".join([*padded, *cells[-1:]])


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
