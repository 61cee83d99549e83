"""Plain-text layout of a test result, in the manner of R's ``print.htest``.

Used by the ``__str__`` of the results in :mod:`myopathy_outcomes.stats.results`;
the numbers stay in the result objects, this module only lays them out, each
number written by :mod:`myopathy_outcomes.stats.formatting`.
"""

from __future__ import annotations

from collections.abc import Sequence

from myopathy_outcomes.stats.formatting import format_number, format_pval


def pvalue_text(pvalue: float) -> str:
    """``p-value = 0.03906``, or ``p-value < 2.2e-16`` for a p-value below machine epsilon.

    Examples
    --------
    >>> pvalue_text(0.0390625), pvalue_text(1e-20)
    ('p-value = 0.03906', 'p-value < 2.2e-16')
    """
    shown = format_pval(pvalue)
    return f"p-value < {shown[1:]}" if shown.startswith("<") else f"p-value = {shown}"


def htest_text(
    title: str,
    data: str,
    *,
    statistics: Sequence[str],
    alternative: str | None,
    interval: tuple[str, tuple[float, float]] | None,
    estimate: tuple[str, float] | None,
) -> str:
    """The lines R prints for a test: title, data, statistics, alternative, interval, estimate.

    Parameters
    ----------
    title : str
        The test's name, R's ``method``.
    data : str
        What was tested (``"x and y"``, ``"table"``).
    statistics : sequence of str
        ``"name = value"`` parts of the statistics line, p-value last.
    alternative : str or None
        The text after ``alternative hypothesis:``; no line when ``None``.
    interval : (str, (float, float)) or None
        The interval's heading (``"95 percent confidence interval"``) and bounds.
    estimate : (str, float) or None
        The estimate's name and value.

    Examples
    --------
    >>> htest_text("A test", "x", statistics=["p-value = 0.5"], alternative=None,
    ...            interval=None, estimate=("mean", 1.5)).splitlines()
    ['', '\\tA test', '', 'data:  x', 'p-value = 0.5', 'sample estimates:', 'mean', ' 1.5']
    """
    lines = ["", f"\t{title}", "", f"data:  {data}", ", ".join(statistics)]
    if alternative is not None:
        lines.append(f"alternative hypothesis: {alternative}")
    if interval is not None:
        heading, (low, high) = interval
        lines += [f"{heading}:", f" {format_number(low, 7)} {format_number(high, 7)}"]
    if estimate is not None:
        name, value = estimate
        shown = format_number(value, 7)
        width = max(len(name), len(shown) + 1)
        lines += ["sample estimates:", name.rjust(width), shown.rjust(width)]
    return "\n".join(lines) + "\n"
