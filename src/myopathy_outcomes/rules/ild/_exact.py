"""Exact decimal arithmetic for decline thresholds, shared by the ILD criteria.

Measurements arrive as decimals typed into a spreadsheet (``71.3``) and are
stored as binary floats. Each float is read back as the shortest decimal that
round-trips it (Python's ``repr``) and compared in exact rational arithmetic,
so a decline of exactly a threshold is decided as the source defines it,
never by float noise.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

__all__ = ["absolute_decline", "exact", "relative_decline"]


def exact(value: float, name: str) -> Fraction:
    """The decimal that was typed, as an exact rational; rejects NaN and infinity.

    >>> exact(0.1, "x") == Fraction(1, 10)
    True
    """
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return _decimal(float(value))


@functools.lru_cache(maxsize=1 << 16)
def _decimal(value: float) -> Fraction:
    """The shortest decimal of ``value`` as a rational; a registry repeats few values."""
    return Fraction(repr(value))


def relative_decline(baseline: float, value: float, name: str) -> Fraction:
    """``(baseline - value) / baseline * 100``, exactly; ``baseline`` must be > 0.

    >>> relative_decline(41, 36.9, "%FVC") == 10
    True
    """
    b = exact(baseline, f"baseline {name}")
    if b <= 0:
        raise ValueError(f"baseline {name} must be > 0, got {baseline!r}")
    return (b - exact(value, name)) / b * 100


def absolute_decline(baseline: float, value: float, name: str) -> Fraction:
    """``baseline - value``, exactly (percentage points of predicted).

    >>> absolute_decline(64.4, 54.4, "%FVC") == 10
    True
    """
    return exact(baseline, f"baseline {name}") - exact(value, name)
