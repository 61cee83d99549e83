"""Exact decimal arithmetic for the criteria's band edges and cut-offs.

A value typed as ``72`` or ``7.5`` is stored as a binary float; read back as
the shortest decimal that round-trips it (Python's ``repr``), it becomes an
exact rational, so that a change of exactly 5% of a scale, or a score of
exactly 5.5, falls on the side of the edge its source puts it, never on the
side float noise would. (The ILD criteria keep their own copy in
``rules.ild._exact``: the two packages are siblings of one layer and may not
import each other.)
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

__all__ = ["exact", "percent_of", "shown", "typed"]


def exact(value: float) -> Fraction:
    """The decimal that was typed, as an exact rational; ``value`` must be finite.

    >>> exact(0.1) == Fraction(1, 10), exact(7.5) == Fraction(15, 2)
    (True, True)
    """
    if not math.isfinite(value):
        raise ValueError(f"a finite number is needed, got {value!r}")
    return _decimal(float(value))


@functools.lru_cache(maxsize=1 << 12)
def _decimal(value: float) -> Fraction:
    return Fraction(repr(value))


def percent_of(change: Fraction, basis: Fraction) -> Fraction | float:
    """``change / basis * 100``, exactly.

    A basis of 0 is a baseline of 0: no change is 0%, any other change is
    without bound (``inf`` or ``-inf`` by its sign). A negative basis is an error.

    >>> percent_of(Fraction(1, 2), Fraction(10)) == 5
    True
    >>> percent_of(Fraction(0), Fraction(0)), percent_of(Fraction(-3), Fraction(0))
    (0.0, -inf)
    """
    if basis < 0:
        raise ValueError(f"a percentage needs a basis of at least zero, got {float(basis)!r}")
    if basis == 0:
        return 0.0 if change == 0 else math.copysign(math.inf, change)
    return change / basis * 100


def shown(value: Fraction | float) -> str:
    """A number as a sentence writes it: ``5``, ``7.5``, ``33.33``, ``inf``.

    >>> shown(Fraction(15, 2)), shown(Fraction(100, 3)), shown(Fraction(20)), shown(-0.5)
    ('7.5', '33.33', '20', '-0.5')
    >>> shown(-0.001), shown(-math.inf)
    ('0', '-inf')
    """
    number = float(value)
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def typed(value: float) -> str:
    """An input value as it was typed: ``104``, ``7.25``, ``nan``.

    >>> typed(104.0), typed(7.25), typed(float("nan"))
    ('104', '7.25', 'nan')
    """
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text
