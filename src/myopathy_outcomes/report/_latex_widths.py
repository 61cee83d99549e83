"""How wide text prints in the LaTeX tables, and the layout that fits a table to its page.

Widths are those of Latin Modern Roman in T1 encoding, the font ``report.tex``
loads (``lmodern``, ``fontenc``), read from TeX Live's ``ec-lmr7.tfm``,
``ec-lmr8.tfm`` and ``ec-lmr9.tfm`` in hundredths of a point (a test compares
them with the installed files). A width is the sum of the characters' widths:
kerning and ligatures, left out, only make a printed text narrower.

:func:`fit` chooses, for one table, the type size, the orientation of its
page, which headings are stacked on several lines and which columns wrap
(``tabularx`` ``X`` columns, their shares of the line computed from their
cells), so that its widest row fits the narrower of A4 and US Letter.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from myopathy_outcomes.report.columns import ColumnKind, TableLike, split_indent

__all__ = ["Layout", "Size", "fit", "text_width", "wider_than_page"]

#: A type size of the tables, as its LaTeX command (in a 10pt document: 9, 8 and 7 points).
Size = Literal["small", "footnotesize", "scriptsize"]
POINTS: dict[Size, int] = {"small": 9, "footnotesize": 8, "scriptsize": 7}

_WIDTHS = {
    7: (
        "399 399 399 399 399 399 590 399 399 399 226 356 399 226 301 301 "
        "377 377 377 442 442 399 797 0 314 226 248 474 453 453 679 679 "
        "399 226 306 657 399 657 614 226 312 312 399 614 226 269 226 399 "
        "399 399 399 399 399 399 399 399 399 399 226 226 625 614 625 377 "
        "614 590 559 571 602 538 516 619 590 289 408 612 494 719 590 614 "
        "538 614 581 442 571 590 590 806 590 590 485 226 410 226 389 590 "
        "226 399 442 356 442 356 248 399 442 226 248 420 226 657 442 399 "
        "442 420 312 317 312 442 420 571 420 420 356 410 238 410 389 135 "
        "590 590 571 571 602 538 538 619 494 494 494 590 590 590 614 581 "
        "581 442 442 442 571 571 590 590 590 485 485 485 668 289 442 392 "
        "399 399 356 356 442 356 356 399 226 226 272 442 442 401 399 312 "
        "312 317 317 317 312 312 442 442 420 356 356 356 452 226 377 590 "
        "590 590 590 590 590 590 710 571 538 538 538 538 289 289 289 289 "
        "602 590 614 614 614 614 614 796 614 590 590 590 590 590 494 883 "
        "399 399 399 399 399 399 571 356 356 356 356 356 226 226 226 226 "
        "399 442 399 399 399 399 399 614 399 442 442 442 442 420 442 399 "
    ),
    8: (
        "425 425 425 425 425 425 637 425 425 425 236 378 425 236 331 331 "
        "402 402 402 472 472 425 850 0 332 236 260 496 472 472 708 708 "
        "425 236 323 708 425 708 661 236 331 331 425 661 236 283 236 425 "
        "425 425 425 425 425 425 425 425 425 425 236 236 661 661 661 401 "
        "661 637 602 614 649 578 554 667 637 306 436 660 531 778 637 661 "
        "578 661 625 472 614 637 637 873 637 637 519 236 425 236 444 637 "
        "236 425 472 378 472 378 260 425 472 236 260 449 236 708 472 425 "
        "472 449 331 335 331 472 449 614 449 449 378 425 236 425 444 142 "
        "637 637 614 614 649 578 578 667 531 531 531 637 637 637 661 625 "
        "625 472 472 472 614 614 637 637 637 519 519 519 712 306 472 416 "
        "425 425 378 378 472 378 378 425 236 236 286 472 472 430 425 331 "
        "331 335 335 335 331 331 472 472 449 378 378 378 472 236 401 637 "
        "637 637 637 637 637 637 767 614 578 578 578 578 306 306 306 306 "
        "649 637 661 661 661 661 661 861 661 637 637 637 637 637 531 945 "
        "425 425 425 425 425 425 614 378 378 378 378 378 236 236 236 236 "
        "425 472 425 425 425 425 425 661 425 472 472 472 472 449 472 425 "
    ),
    9: (
        "463 463 463 463 463 463 694 463 463 463 257 411 463 257 360 360 "
        "437 437 437 514 514 463 925 0 362 257 283 540 514 514 771 771 "
        "463 257 349 771 463 771 719 257 360 360 463 719 257 308 257 463 "
        "463 463 463 463 463 463 463 463 463 463 257 257 719 719 719 437 "
        "719 694 655 668 706 629 604 726 694 334 475 719 578 848 694 719 "
        "629 719 681 514 668 694 694 951 694 694 565 257 463 257 500 694 "
        "257 463 514 411 514 411 283 463 514 257 283 488 257 771 514 463 "
        "514 488 362 365 360 514 488 668 488 488 411 463 257 463 500 154 "
        "694 694 668 668 706 629 629 726 578 578 578 694 694 694 719 681 "
        "681 514 514 514 668 668 694 694 694 565 565 565 776 334 514 449 "
        "463 463 411 411 514 411 411 463 257 257 311 514 514 468 463 362 "
        "362 365 365 365 360 360 514 514 488 411 411 411 514 257 437 694 "
        "694 694 694 694 694 694 835 668 629 629 629 629 334 334 334 334 "
        "706 694 719 719 719 719 719 938 719 694 694 694 694 694 578 1028 "
        "463 463 463 463 463 463 668 411 411 411 411 411 257 257 257 257 "
        "463 514 463 463 463 463 463 719 463 514 514 514 514 488 514 463 "
    ),
}
_SPACES = {7: 269, 8: 283, 9: 308}
_TABLES = {
    size: tuple(int(w) / 100 for w in "".join(text).split()) for size, text in _WIDTHS.items()
}
_MINUS = re.compile(r"-(?=\d)")  # printed as a minus sign, as wide as a plus
_LATIN_MAX = 0x17F  # beyond Latin Extended-A a character prints as its code point, [U+4E2D]


def _char_width(char: str, points: int) -> float:
    widths = _TABLES[points]
    code = ord(char)
    if char == " ":
        return _SPACES[points] / 100
    if 0x21 <= code <= 0x7E or 0xC0 <= code <= 0xFF:
        return widths[code]
    if code > _LATIN_MAX and not unicodedata.name(char, "").startswith("GREEK "):
        return sum(widths[ord(c)] for c in f"[U+{code:04X}]")
    return widths[ord("M")]  # the widest letter, for any other symbol


def text_width(text: str, size: Size) -> float:
    """The width in TeX points of ``text`` (as printed, unescaped) at ``size``.

    Examples
    --------
    >>> text_width("MMF + CNI", "small") > text_width("MMF + CNI", "footnotesize")
    True
    >>> round(text_width("0", "small"), 2)
    4.63
    """
    points = POINTS[size]
    return sum(_char_width(c, points) for c in _MINUS.sub("+", text))


def wider_than_page(word: str, points: float) -> bool:
    """Whether ``word`` at ``points`` (pt; bold at about 1.15 times) is wider than 90% of a page.

    Examples
    --------
    >>> wider_than_page("x" * 60, 10), wider_than_page("x" * 120, 10)
    (False, True)
    """
    return text_width(word, "small") * points / POINTS["small"] > 0.9 * _PORTRAIT


#: The width of a text line (pt): A4 (170 mm) upright, US Letter (239.4 mm) on its side,
#: with 20 mm margins, less 3% for the widths left out (kerning, the indentation's em).
_PORTRAIT = 483.7 * 0.97
_LANDSCAPE = 681.1 * 0.97
_TABCOLSEP = 6.0  # LaTeX's \tabcolsep: each column boundary has two
_FLOOR_EMS = 6  # a wrapped column is at least this many ems wide (or its widest cell)
_WORD_EMS = 18  # a word wider than this many ems, in a wrapped column, may be broken anywhere
_LAST_WORD_EMS = 4  # ... in a table that fits no other way


@dataclass(frozen=True)
class Layout:
    """How one table is set: type size, page orientation, headings and column widths.

    ``heads`` holds each column's heading as its lines (one line unless
    stacked); ``weights`` each column's share of the ``X`` columns' width
    (``tabularx``'s ``\\hsize`` factor; ``None`` for a column as wide as its
    widest cell); ``breaks`` the width (pt) beyond which a word of a wrapped
    column is given places to break; ``width`` the table's estimated width.
    """

    size: Size
    landscape: bool
    heads: tuple[tuple[str, ...], ...]
    weights: tuple[float | None, ...]
    breaks: tuple[float, ...]
    width: float

    @property
    def wrapped(self) -> bool:
        """Whether some column wraps (the table is a ``tabularx`` as wide as the line)."""
        return any(w is not None for w in self.weights)

    def too_wide(self, word: str, column: int | None = None) -> bool:
        """Whether ``word`` needs places to break: in a wrapped ``column``, or in the notes."""
        limit = self.width if column is None else self.breaks[column]
        return text_width(word, self.size) > limit


def _stack(head: str, width: float, size: Size) -> tuple[str, ...]:
    """``head`` in lines no wider than ``width`` (or than its widest word), words kept whole."""
    words = _split_head(head)
    width = max(width, *(text_width(word, size) for word in words))
    lines: list[str] = []
    for word in words:
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return tuple(lines) if lines else ("",)


def _cell_width(cell: str, size: Size, first: bool) -> float:
    if not first:
        return text_width(cell, size)
    level, label = split_indent(cell)
    return level * POINTS[size] + text_width(label, size)


def _shares(widths: Sequence[float]) -> list[float]:
    """``tabularx``'s ``\\hsize`` factors of columns this wide: they add up to their number.

    Examples
    --------
    >>> _shares([100.0, 200.0, 100.0])
    [0.75, 1.5, 0.75]
    """
    mean = sum(widths) / len(widths)
    shares = [round(w / mean, 3) for w in widths[:-1]]
    return [*shares, round(float(len(widths)) - sum(shares), 3)]


def _fill(least: dict[int, float], natural: dict[int, float], width: float) -> dict[int, float]:
    """Widths from ``least`` up to ``natural`` that add up to ``width``, given out evenly.

    The space left is shared equally among the columns still narrower than
    their widest cell, so that a short column is set whole before a long one
    takes the rest.

    Examples
    --------
    >>> _fill({0: 10.0, 1: 10.0}, {0: 30.0, 1: 200.0}, 100.0)
    {0: 30.0, 1: 70.0}
    """
    widths = dict(least)
    spare = width - sum(widths.values())
    short = {j for j in widths if widths[j] < natural[j]}
    while short and spare > 1e-9:
        share = spare / len(short)
        filled = {j for j in short if natural[j] - widths[j] <= share}
        for j in filled or short:
            grow = min(natural[j] - widths[j], share)
            widths[j] += grow
            spare -= grow
        short = {j for j in short if widths[j] < natural[j] - 1e-9}
    return widths


def _split_head(head: str) -> list[str]:
    """The words of a heading, a bracketed group such as ``(n = 7)`` kept as one.

    Examples
    --------
    >>> _split_head("Median, months (95% CI)")
    ['Median,', 'months', '(95% CI)']
    """
    words: list[str] = []
    depth = 0
    for word in head.split(" "):
        if depth > 0 and words:
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
        depth = max(0, depth + word.count("(") - word.count(")"))
    return words


def _try(
    table: TableLike,
    kinds: Sequence[ColumnKind],
    size: Size,
    landscape: bool,
    *,
    stack: bool,
    wrap: frozenset[ColumnKind],
    word_ems: int,
) -> Layout | None:
    """The layout at ``size`` with these choices, or ``None`` when the table does not fit."""
    available = _LANDSCAPE if landscape else _PORTRAIT
    em = POINTS[size]
    cap = word_ems * em
    heads: list[tuple[str, ...]] = []
    natural: list[float] = []
    least: list[float] = []
    for j, kind in enumerate(kinds):
        body = max((_cell_width(row[j], size, j == 0) for row in table.rows), default=0.0)
        head = table.columns[j]
        if kind in wrap:
            words = [w for c in (head, *(row[j] for row in table.rows)) for w in c.split(" ")]
            widest = max(text_width(w, size) for w in words)
            heads.append((head,))
            natural.append(max(body, text_width(head, size)))
            least.append(max(min(natural[-1], _FLOOR_EMS * em), min(widest, cap)))
        else:
            lines = _stack(head, body, size) if stack else (head,)
            heads.append(lines)
            natural.append(max(body, *(text_width(line, size) for line in lines)))
            least.append(natural[-1])
    separators = 2 * _TABCOLSEP * (len(kinds) - 1)
    wrapped = [j for j, kind in enumerate(kinds) if kind in wrap]
    fixed = sum(natural[j] for j in range(len(kinds)) if j not in wrapped)
    if fixed + sum(least[j] for j in wrapped) + separators > available:
        return None
    rest = available - fixed - separators
    if not wrapped or fixed + sum(natural[j] for j in wrapped) + separators <= available:
        width = fixed + sum(natural[j] for j in wrapped) + separators
        return Layout(
            size, landscape, tuple(heads), (None,) * len(kinds), (math.inf,) * len(kinds), width
        )
    widths = _fill({j: least[j] for j in wrapped}, {j: natural[j] for j in wrapped}, rest)
    shares = _shares([widths[j] for j in wrapped])
    weights = tuple(shares[wrapped.index(j)] if j in widths else None for j in range(len(kinds)))
    breaks = tuple(least[j] if j in widths else math.inf for j in range(len(kinds)))
    return Layout(size, landscape, tuple(heads), weights, breaks, available)


#: The layouts tried in turn, the first that fits is used: upright in small then
#: footnote-size type, then on a landscape page in footnote-size then script-size type.
_PAGES: tuple[tuple[Size, bool], ...] = (
    ("small", False),
    ("footnotesize", False),
    ("footnotesize", True),
    ("scriptsize", True),
)


def fit(table: TableLike, kinds: Sequence[ColumnKind]) -> Layout:
    """The first layout in which ``table``'s widest row fits its page.

    For each size and orientation in turn (upright ``\\small``, upright
    ``\\footnotesize``, landscape ``\\footnotesize``, landscape
    ``\\scriptsize``): every column as wide as its widest cell; then headings
    stacked on lines no wider than their column's cells; then columns of
    text wrapped to the width left. A table that fits none of these is set on
    a landscape page in script size with every column but the numbers
    wrapped and any long word broken.

    Examples
    --------
    >>> from myopathy_outcomes.report.table import Table, column_kinds
    >>> t = Table("T", ("Patient", "Reason"), (("P1", "a " * 200),))
    >>> layout = fit(t, column_kinds(t))
    >>> layout.size, layout.landscape, layout.weights
    ('small', False, (None, 1.0))
    """
    text: frozenset[ColumnKind] = frozenset({"text"})
    for size, landscape in _PAGES:
        for stack, wrap in ((False, frozenset()), (True, frozenset()), (True, text)):
            layout = _try(
                table, kinds, size, landscape, stack=stack, wrap=wrap, word_ems=_WORD_EMS
            )
            if layout is not None:
                return layout
    every: frozenset[ColumnKind] = frozenset({"text", "summary"})
    last = _try(table, kinds, "scriptsize", True, stack=True, wrap=every, word_ems=_LAST_WORD_EMS)
    if last is not None:
        return last
    # more columns than a landscape page holds at four ems each: all wrap, in equal shares
    columns = len(kinds)
    share = (_LANDSCAPE - 2 * _TABCOLSEP * (columns - 1)) / columns
    return Layout(
        "scriptsize",
        True,
        tuple((head,) for head in table.columns),
        (1.0,) * columns,
        (share,) * columns,
        _LANDSCAPE,
    )
