"""Numbers and p-values written as R prints a test: the one formatter of every result's text.

``str(result)`` (:mod:`myopathy_outcomes.stats._htest_text`), a result's
notebook table (``result._repr_html_()``) and any report cell that shows a
number as R would all write it with :func:`format_number` and
:func:`format_pval`, so that the same number never reads two ways.
"""

from __future__ import annotations

import math

__all__ = ["R_EPSILON", "format_number", "format_pval"]

#: R's ``.Machine$double.eps``: ``format.pval`` prints a p-value below it as ``<2.2e-16``.
R_EPSILON = 2.220446049250313e-16


def format_number(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant digits, as R's ``format`` shows it.

    Infinities and NaN are written as R writes them, and a zero is never
    ``-0``.

    Examples
    --------
    >>> format_number(0.0390625, 4), format_number(40.0, 5), format_number(float("inf"), 7)
    ('0.03906', '40', 'Inf')
    >>> format_number(-0.0, 4), format_number(float("nan"), 4)
    ('0', 'NaN')
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    text = f"{value:.{digits}g}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def format_pval(p: float, digits: int = 4) -> str:
    """A p-value as R's ``format.pval(p, digits)``: ``<2.2e-16`` below :data:`R_EPSILON`.

    Examples
    --------
    >>> format_pval(0.0390625), format_pval(1e-20)
    ('0.03906', '<2.2e-16')
    """
    if p < R_EPSILON:
        return "<2.2e-16"
    return format_number(p, digits)
