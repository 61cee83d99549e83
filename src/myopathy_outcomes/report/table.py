"""A table of display strings, the unit every renderer works on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

__all__ = ["ColumnKind", "Table", "column_kinds", "is_wide", "split_indent"]

#: How a column is laid out: right-aligned numbers, unbroken summaries, or text that wraps.
ColumnKind = Literal["number", "summary", "text"]


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


_SHORT = 12  # text columns at most this wide are never wrapped
_WRAPPED_WIDTH = 16  # a column of text that wraps still needs a few words a line
_PORTRAIT_WIDTH = 125  # characters of small print that fit across an A4 or Letter page
_PLAIN_NUMBER = re.compile(r"^(?:-|<?-?\d+(?:\.\d+)?%?|\d+/\d+)?$")
_NUMBERS_ONLY = re.compile(r"^(?:[-\d.,<>\[\]()/%=;:\s]|to|n|achieved)*$")


def column_kinds(table: Table) -> tuple[ColumnKind, ...]:
    """How each column is laid out, from its cells.

    ``"number"``: every body cell is one number (a count, a p-value, ``7/7``);
    ``"summary"``: numbers with brackets and words like ``to`` (``54 [48,
    60]``), or short text, never broken across lines; ``"text"``: the rest.
    The first column is never ``"number"`` (it names the row).

    Examples
    --------
    >>> column_kinds(Table("T", ("a", "b", "c"), (("SYN-01", "3", "54 [48, 60]"),)))
    ('summary', 'number', 'summary')
    """
    kinds: list[ColumnKind] = []
    for j in range(len(table.columns)):
        cells = [row[j] for row in table.rows]
        if j > 0 and cells and all(_PLAIN_NUMBER.match(c) for c in cells):
            kinds.append("number")
        elif cells and (
            all(_NUMBERS_ONLY.match(c) for c in cells) or max(map(len, cells)) <= _SHORT
        ):
            kinds.append("summary")
        else:
            kinds.append("text")
    return tuple(kinds)


def is_wide(table: Table) -> bool:
    """Whether a printed row of ``table`` needs a landscape page.

    Counts the characters of the longest cell of each unbroken column, and a
    few words for each column of text.
    """
    width = 0
    for j, kind in enumerate(column_kinds(table)):
        longest = max(len(c) for c in (table.columns[j], *(row[j] for row in table.rows)))
        width += min(longest, _WRAPPED_WIDTH) if kind == "text" else longest
    return width > _PORTRAIT_WIDTH
