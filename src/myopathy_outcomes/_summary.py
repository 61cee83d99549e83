"""Descriptive summaries (median [IQR], n (%)) and their formatting for reports."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Quartiles:
    """Median and interquartile range of a sample.

    Quartiles use R's default ``quantile(type = 7)`` (linear interpolation),
    which is also numpy's default.

    Examples
    --------
    >>> Quartiles.of([1, 2, 3, 4]).format(1)
    '2.5 [1.8, 3.2]'
    """

    n: int
    median: float
    q1: float
    q3: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Quartiles:
        """Summarise ``values``; an empty sample gives NaN summaries and ``n = 0``."""
        if len(values) == 0:
            return cls(0, math.nan, math.nan, math.nan)
        q1, median, q3 = np.percentile(np.asarray(values, dtype=float), [25, 50, 75])
        return cls(len(values), float(median), float(q1), float(q3))

    def format(self, decimals: int) -> str:
        """Render as ``median [Q1, Q3]``; an empty sample renders as a hyphen."""
        if self.n == 0:
            return "-"
        return (
            f"{_fixed(self.median, decimals)} "
            f"[{_fixed(self.q1, decimals)}, {_fixed(self.q3, decimals)}]"
        )


def _fixed(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def count_percent(count: int, total: int, *, show_denominator: bool = False) -> str:
    """Render ``count (percent%)``, or ``count/total (percent%)``, with one decimal.

    A ``total`` of 0 renders as a hyphen.

    Examples
    --------
    >>> count_percent(6, 7), count_percent(1, 6, show_denominator=True)
    ('6 (85.7%)', '1/6 (16.7%)')
    """
    if total == 0:
        return "-"
    shown = f"{count}/{total}" if show_denominator else str(count)
    return f"{shown} ({100 * count / total:.1f}%)"


def format_pvalue(p: float | None) -> str:
    """Render a p-value as journals print it: three decimals, ``<0.001`` below that.

    A p-value that three decimals would round onto 0.050 gets four, so that
    0.0496 is not printed as if it were not below 0.05.

    Examples
    --------
    >>> format_pvalue(0.0390625), format_pvalue(1.0), format_pvalue(2e-5)
    ('0.039', '1.000', '<0.001')
    >>> format_pvalue(0.0496), format_pvalue(0.0504)
    ('0.0496', '0.0504')
    """
    if p is None or math.isnan(p):
        return "-"
    if p < 0.001:
        return "<0.001"
    if 0.0495 <= p < 0.0505:
        return f"{p:.4f}"
    return f"{p:.3f}"
