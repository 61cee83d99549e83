"""Printed widths of text, and column widths shared out of a page's text width.

A renderer that sets its own column widths (Word) measures each cell with
:func:`text_points` and shares the text width with :func:`fit_widths`.

Text is measured with the metrics of Helvetica (Arial and Liberation Sans
have the same widths), from the Adobe font metrics that matplotlib ships; a
character outside printable ASCII counts 0.6 em, or a full em when it is
East Asian wide (Japanese, Chinese), and a combining mark counts nothing.
Serif text fonts (Cambria, Times) are no wider, so a column measured this way
holds its longest cell on one line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["fit_widths", "longest_word_points", "text_points"]

# Helvetica (phvr8a.afm) and Helvetica-Bold (phvb8a.afm), thousandths of an em, for the
# characters " " (32) to "~" (126)
_REGULAR = (
    "278 278 355 556 556 889 667 222 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 "
    "556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 222 556 "
    "556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 "
    "500 500 500 334 260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 278 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 "
    "611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 278 556 "
    "611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 "
    "556 556 500 389 280 389 584"
)
_WIDTHS = {
    False: dict(zip(map(chr, range(32, 127)), map(int, _REGULAR.split()), strict=True)),
    True: dict(zip(map(chr, range(32, 127)), map(int, _BOLD.split()), strict=True)),
}
_OTHER = 600  # a character outside printable ASCII
_WIDE = 1000  # an East Asian wide or full-width character


def _units(character: str, *, bold: bool) -> int:
    known = _WIDTHS[bold].get(character)
    if known is not None:
        return known
    if unicodedata.combining(character):
        return 0
    return _WIDE if unicodedata.east_asian_width(character) in {"W", "F"} else _OTHER


def text_points(text: str, points: float, *, bold: bool = False) -> float:
    """The printed width of ``text`` on one line, in points, at a font size of ``points``.

    Examples
    --------
    >>> round(text_points("clinically amyopathic dermatomyositis", 10), 1)
    166.7
    >>> text_points("alone", 10, bold=True) > text_points("alone", 10)
    True
    """
    return sum(_units(c, bold=bold) for c in text) * points / 1000


def longest_word_points(text: str, points: float, *, bold: bool = False) -> float:
    """The width of the longest word of ``text``: the narrowest it can be wrapped to.

    Examples
    --------
    >>> longest_word_points("P asymptotic", 10) == text_points("asymptotic", 10)
    True
    """
    return max((text_points(word, points, bold=bold) for word in text.split()), default=0.0)


def fit_widths(
    natural: Sequence[float], minimum: Sequence[float], total: float
) -> tuple[float, ...]:
    """Column widths that add up to ``total``, from what each column needs.

    ``natural`` is the width that holds each column's cells on one line,
    ``minimum`` the narrowest it can be wrapped to. When the natural widths
    fit, the room left over is shared in proportion to them. When they do
    not, every column gets its minimum and the rest of ``total`` is shared in
    proportion to what each column still lacks, so that the columns that
    would wrap most are cut least. When even the minimums do not fit, they are
    scaled down together.

    Examples
    --------
    >>> fit_widths([100, 50], [40, 50], 300)
    (200.0, 100.0)
    >>> fit_widths([300, 50], [100, 50], 250)
    (200.0, 50.0)
    """
    wanted = [max(n, m) for n, m in zip(natural, minimum, strict=True)]
    if not wanted:
        return ()
    if sum(wanted) <= total:
        return tuple(total * w / sum(wanted) for w in wanted)
    if sum(minimum) >= total:
        return tuple(total * m / sum(minimum) for m in minimum)
    room = total - sum(minimum)
    lacking = [w - m for w, m in zip(wanted, minimum, strict=True)]
    return tuple(m + room * k / sum(lacking) for m, k in zip(minimum, lacking, strict=True))
