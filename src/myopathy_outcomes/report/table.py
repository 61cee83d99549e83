"""A table of display strings, the unit every renderer works on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["Table", "split_indent"]


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
    name: str = "table"
    """A short file-name stem for the table (``"baseline"``), used by :meth:`StudyReport.save`."""

    def to_frame(self) -> pd.DataFrame:
        """Return the table as a DataFrame of strings."""
        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def to_text(self) -> str:
        """Render with aligned columns for a terminal or a plain-text file."""
        from myopathy_outcomes.report.text import table_text  # noqa: PLC0415 (renderer)

        return table_text(self)

    def to_markdown(self) -> str:
        """Render as a GitHub-flavoured markdown table under a level-3 heading."""
        from myopathy_outcomes.report.markdown import table_markdown  # noqa: PLC0415

        return table_markdown(self)

    def to_html(self) -> str:
        """Render as an HTML ``<table>`` with a caption, ``<thead>``, ``<tbody>`` and notes."""
        from myopathy_outcomes.report.html import table_html  # noqa: PLC0415 (renderer)

        return table_html(self)

    def _repr_html_(self) -> str:
        from myopathy_outcomes.report.html import table_fragment  # noqa: PLC0415 (renderer)

        return table_fragment(self)


def split_indent(cell: str) -> tuple[int, str]:
    """The indentation level (two spaces a level) of a first-column cell, and its text.

    Display tables indent the levels of a categorical characteristic with
    leading spaces; renderers that have their own indentation use this.

    Examples
    --------
    >>> split_indent("  dermatomyositis"), split_indent("Female sex")
    ((1, 'dermatomyositis'), (0, 'Female sex'))
    """
    text = cell.lstrip(" ")
    return (len(cell) - len(text)) // 2, text
