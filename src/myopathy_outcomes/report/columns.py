"""How a table's columns are laid out, read from its cells: the rules every renderer shares.

Renderers and the one-table layouts read a table through :class:`TableLike`
(what :class:`~myopathy_outcomes.report.table.Table` is), so that they need
not import the table they lay out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, Protocol

__all__ = ["ColumnKind", "TableLike", "column_kinds", "is_wide", "split_indent"]

#: How a column is laid out: right-aligned numbers, unbroken summaries, or text that wraps.
ColumnKind = Literal["number", "summary", "text"]


class TableLike(Protocol):
    """A titled table of display strings with notes: what a layout reads."""

    @property
    def title(self) -> str:
        """The table's title."""
        ...

    @property
    def columns(self) -> Sequence[str]:
        """The column headings."""
        ...

    @property
    def rows(self) -> Sequence[Sequence[str]]:
        """The body rows, one string per column."""
        ...

    @property
    def notes(self) -> Sequence[str]:
        """Lines printed under the table."""
        ...

    @property
    def name(self) -> str:
        """A short file-name stem (``"baseline"``)."""
        ...


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


def column_kinds(table: TableLike) -> tuple[ColumnKind, ...]:
    """How each column is laid out, from its cells.

    ``"number"``: every body cell is one number (a count, a p-value, ``7/7``);
    ``"summary"``: numbers with brackets and words like ``to`` (``54 [48,
    60]``), or short text, never broken across lines; ``"text"``: the rest.
    The first column is never ``"number"`` (it names the row).

    Examples
    --------
    >>> from myopathy_outcomes.report.table import Table
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


def is_wide(table: TableLike) -> bool:
    """Whether a printed row of ``table`` needs a landscape page.

    Counts the characters of the longest cell of each unbroken column, and a
    few words for each column of text.
    """
    width = 0
    for j, kind in enumerate(column_kinds(table)):
        longest = max(len(c) for c in (table.columns[j], *(row[j] for row in table.rows)))
        width += min(longest, _WRAPPED_WIDTH) if kind == "text" else longest
    return width > _PORTRAIT_WIDTH
