"""Summaries of estimated curves for a notebook: a few numbers, never the whole arrays.

A Kaplan-Meier or cumulative-incidence result holds one entry per distinct
time; its notebook display (``_repr_html_``) shows what a reader wants first
(the number of observations and events, the median, the curve at a few round
times) as small HTML tables, every text escaped and every number written by
:mod:`myopathy_outcomes.stats.formatting`. The whole curve is ``to_frame()``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._arrays import FloatArray
from myopathy_outcomes.stats.display import table
from myopathy_outcomes.stats.formatting import format_number

#: At most this many times in the table of a curve read at round times.
READ_TIMES = 4


def shown(value: float | None, digits: int = 4) -> str:
    """A number to ``digits`` significant digits; ``NA`` for ``None`` or NaN (R's NA).

    Examples
    --------
    >>> shown(0.3333333), shown(None), shown(float("nan"))
    ('0.3333', 'NA', 'NA')
    """
    if value is None or math.isnan(value):
        return "NA"
    return format_number(value, digits)


def round_times(last: float, count: int = READ_TIMES) -> FloatArray:
    """Up to ``count`` round times in ``(0, last]``: multiples of 1, 2, 2.5 or 5 times 10**k.

    Examples
    --------
    >>> round_times(6.0).tolist(), round_times(1460.0).tolist(), round_times(0.0).tolist()
    ([2.0, 4.0, 6.0], [500.0, 1000.0], [])
    """
    if not math.isfinite(last) or last <= 0:
        return np.zeros(0)
    raw = last / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)
    times: FloatArray = step * np.arange(1, math.floor(last / step + 1e-9) + 1, dtype=np.float64)
    return times


def level_text(conf_level: float) -> str:
    """``"95% CI"`` for 0.95."""
    return f"{format_number(100 * conf_level, 4)}% CI"


def interval_text(low: float | None, high: float | None) -> str:
    """``"2 to NA"``: the ends of an interval, NA where there is none."""
    return f"{shown(low)} to {shown(high)}"


def curve_summary(
    title: str,
    header: Sequence[str],
    counts: Sequence[Sequence[str]],
    read: tuple[str, ArrayLike, ArrayLike, ArrayLike, ArrayLike, ArrayLike],
    conf_level: float,
) -> str:
    """A curve's notebook display: a table of its counts and median, then the curve read at times.

    ``read`` is the estimate's name and, at each round time, the numbers at
    risk, the estimate and its limits.
    """
    name = read[0]
    level = level_text(conf_level)
    times, n_risk, estimate, low, high = (_column(c) for c in read[1:])
    rows = [
        [shown(t), str(n) if isinstance(n, int) else shown(n), shown(e), interval_text(lo, hi)]
        for t, n, e, lo, hi in zip(times, n_risk, estimate, low, high, strict=True)
    ]
    parts = [table(title, header, counts)]
    if rows:
        parts.append(table(f"{name} at round times", ["time", "at risk", name, level], rows))
    return "\n".join(parts)


def read_steps(
    time: FloatArray, n_risk: Sequence[int], values: Sequence[FloatArray], at: FloatArray
) -> tuple[list[int], list[FloatArray]]:
    """A right-continuous step function read at times ``at`` (after the first time of the curve).

    Returns the numbers at risk at each time (time ``>=`` it; 0 after the
    last) and each of ``values`` at each time.

    Examples
    --------
    >>> risk, (read,) = read_steps(np.array([1.0, 3.0]), [5, 2], [np.array([0.2, 0.5])],
    ...                            np.array([2.0, 3.0, 4.0]))
    >>> risk, read.tolist()
    ([2, 2, 0], [0.2, 0.5, 0.5])
    """
    row = np.maximum(np.searchsorted(time, at, side="right") - 1, 0)
    later = np.searchsorted(time, at, side="left")
    risk = [*n_risk, 0]
    return [int(risk[k]) for k in later.tolist()], [v[row] for v in values]


def _column(values: ArrayLike) -> list[Any]:
    """``values`` as a list of Python numbers."""
    return list(np.asarray(values).tolist())
