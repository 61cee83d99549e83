"""A table of display strings, the unit every renderer works on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from myopathy_outcomes.report import layouts
from myopathy_outcomes.report.columns import ColumnKind, column_kinds, is_wide, split_indent

__all__ = ["ColumnKind", "Table", "column_kinds", "is_wide", "split_indent"]


@dataclass(frozen=True, repr=False)
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
    name: str = "table"
    """A short file-name stem for the table (``"baseline"``), used by :meth:`StudyReport.save`."""

    def __repr__(self) -> str:
        """The title, the columns and the number of rows; never the rows themselves."""
        title = self.title if len(self.title) <= 80 else self.title[:77] + "..."
        return (
            f"<Table {self.name!r}: {title!r}, {len(self.columns)} columns, "
            f"{len(self.rows)} rows, {len(self.notes)} notes>"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the table as a DataFrame of strings."""
        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def to_text(self) -> str:
        """Render with aligned columns for a terminal or a plain-text file."""
        return layouts.table_text(self)

    def to_markdown(self) -> str:
        """Render as a GitHub-flavoured markdown table under a level-3 heading."""
        return layouts.table_markdown(self)

    def to_html(self) -> str:
        """Render as an HTML ``<table>`` with a caption, ``<thead>``, ``<tbody>`` and notes."""
        return layouts.table_html(self)

    def _repr_html_(self) -> str:
        return layouts.table_fragment(self)
