"""Keep every message short: a few items then "and N more", long values cut.

A message that quotes a cell or lists rows must not grow with the data: a
patient id repeated 100,000 times, or a cell holding a megabyte of text,
would otherwise make one message (and every message that repeats it) as
large as the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

QUOTE_LIMIT: Final = 60
"""Characters of a quoted value shown before it is cut."""

SHOWN_ITEMS: Final = 3
"""Items of a list shown before "and N more"."""


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)``, cut after ``limit`` characters with ``...`` and the full length.

    Examples
    --------
    >>> quote("high")
    "'high'"
    >>> quote("x" * 1000, limit=5)
    "'xxxxx...' (1000 characters)"
    >>> quote(list(range(100)), limit=10)
    '[0, 1, 2, ...'
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit] + '...'!r} ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def some(
    items: Sequence[object],
    shown: int = SHOWN_ITEMS,
    show: Callable[[object], str] = str,
    *,
    total: int | None = None,
) -> str:
    """The first ``shown`` items, each as ``show`` gives it, then how many more there are.

    ``total`` is the number of items when ``items`` holds only the first few.

    Examples
    --------
    >>> some(["2", "3"])
    '2, 3'
    >>> some(range(2, 100_002))
    '2, 3, 4 and 99997 more'
    >>> some(["bmi", "weight", "x" * 99, "y"], shown=2, show=quote)
    "'bmi', 'weight' and 2 more"
    >>> some(["row 2", "row 3", "row 4"], total=10)
    'row 2, row 3, row 4 and 7 more'
    """
    count = len(items) if total is None else total
    more = f" and {count - shown} more" if count > shown else ""
    return ", ".join(map(show, items[:shown])) + more
