"""A survival curve drawn on matplotlib axes (``KaplanMeierResult.plot``).

matplotlib is the optional ``plot`` extra: it is imported when a curve is
drawn, and its absence is an ``ImportError`` that names the extra.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from myopathy_outcomes.stats._arrays import FloatArray

PLOT_EXTRA = 'pip install "myopathy-outcomes[plot]"'


def axes(ax: Any) -> Any:
    """``ax``, or new axes on a new pyplot figure; an ``ImportError`` naming the extra."""
    try:
        from matplotlib.axes import Axes  # noqa: PLC0415 (an optional extra)
    except ImportError as error:
        raise ImportError(
            f"plotting needs matplotlib, the optional 'plot' extra: {PLOT_EXTRA}"
        ) from error
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be matplotlib Axes or None, got {type(ax).__name__}")
        return ax
    import matplotlib.pyplot as plt  # noqa: PLC0415 (an optional extra)

    _, new = plt.subplots()
    return new


def plain_label(label: str) -> str:
    """``label`` as matplotlib will show it as written: its dollars escaped when it parses math.

    Examples
    --------
    >>> from matplotlib import rc_context
    >>> with rc_context({"text.parse_math": True}):
    ...     plain_label("MMF $5 or $10")
    'MMF \\\\$5 or \\\\$10'
    >>> with rc_context({"text.parse_math": False}):
    ...     plain_label("MMF $5 or $10")
    'MMF $5 or $10'
    """
    from matplotlib import rcParams  # noqa: PLC0415 (an optional extra)

    return label.replace("$", r"\$") if rcParams["text.parse_math"] else label


def step_curve(
    ax: Any,
    time: FloatArray,
    estimate: FloatArray,
    *,
    limits: tuple[FloatArray, FloatArray] | None,
    censored: FloatArray,
    start: float,
    label: str | None,
) -> Any:
    """Draw a right-continuous step curve from ``(0, start)``, its band and censoring marks.

    ``limits`` are NaN where undefined (the band has a gap there); ``None``
    draws no band. The label is plain text, never mathtext (see
    :func:`plain_label`); with a label the axes get a legend. The axes are
    labelled when they have no labels yet. Returns ``ax``.
    """
    ax = axes(ax)
    times = np.concatenate(([0.0], time))
    values = np.concatenate(([start], estimate))
    plain = None if label is None else plain_label(label)
    (line,) = ax.step(times, values, where="post", label=plain)
    color = line.get_color()
    if limits is not None:
        lower = np.concatenate(([start], limits[0]))
        upper = np.concatenate(([start], limits[1]))
        ax.fill_between(times, lower, upper, step="post", color=color, alpha=0.2, linewidth=0)
    if censored.size:
        at = np.searchsorted(time, censored)
        ax.plot(censored, estimate[at], linestyle="none", marker="+", color=color, markersize=8)
    if label is not None:
        ax.legend(frameon=False)
    if not ax.get_xlabel():
        ax.set_xlabel("Time")
    ax.set_ylim(-0.02, 1.02)
    return ax
