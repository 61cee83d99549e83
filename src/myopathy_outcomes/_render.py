"""Plain-text and markdown rendering of small tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Table:
    """A titled table of display strings, with notes printed under it.

    Examples
    --------
    >>> t = Table("Demo", ("a", "b"), (("1", "x"),), ("a note",))
    >>> print(t.to_markdown())
    ### Demo
    <BLANKLINE>
    | a | b |
    |---|---|
    | 1 | x |
    <BLANKLINE>
    a note
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Return the table as a DataFrame of strings."""
        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def to_text(self) -> str:
        """Render with aligned columns for a terminal or a plain-text file."""
        widths = [
            max(len(cell) for cell in column)
            for column in zip(self.columns, *self.rows, strict=True)
        ]
        lines = [self.title, "=" * len(self.title)]
        lines.append(_join_padded(self.columns, widths))
        lines.append("  ".join("-" * w for w in widths))
        lines.extend(_join_padded(row, widths) for row in self.rows)
        lines.extend(self.notes)
        return "\n".join(line.rstrip() for line in lines)

    def to_markdown(self) -> str:
        """Render as a GitHub-flavoured markdown table under a level-3 heading."""
        lines = [f"### {self.title}", ""]
        lines.append("| " + " | ".join(_escape(c) for c in self.columns) + " |")
        lines.append("|" + "|".join("---" for _ in self.columns) + "|")
        lines.extend("| " + " | ".join(_escape(c) for c in row) + " |" for row in self.rows)
        if self.notes:
            lines.append("")
            lines.append("\n\n".join(self.notes))
        return "\n".join(lines)


def _join_padded(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Pad every cell but the last to its column's width, so a long last cell costs nothing."""
    padded = [cell.ljust(width) for cell, width in zip(cells[:-1], widths[:-1], strict=True)]
    return "  ".join([*padded, *cells[-1:]])


def _escape(cell: str) -> str:
    """Escape pipes, and keep leading spaces (indentation) visible once rendered."""
    stripped = cell.lstrip(" ")
    return "&nbsp;" * (len(cell) - len(stripped)) + stripped.replace("|", "\\|")
