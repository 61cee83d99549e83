"""A test result as a small HTML table, for a notebook (``result._repr_html_()``).

The numbers are written by :mod:`myopathy_outcomes.stats.formatting`, as
``str(result)`` writes them (:mod:`myopathy_outcomes.stats._htest_text`):
four significant digits, as R's ``print`` of a test shows a statistic, an
estimate and a p-value.
"""

from __future__ import annotations

import html

from myopathy_outcomes.stats.formatting import format_number, format_pval


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _shown(value: float | None) -> str:
    """The number to four significant digits; ``-`` for a field the test does not have."""
    return "-" if value is None else format_number(value, 4)


def htest_html(
    name: str,
    *,
    statistic: float | None,
    pvalue: float,
    method: str,
    alternative: str | None,
    estimate: float | None,
    conf_int: tuple[float, float] | None,
    conf_level: float | None,
) -> str:
    """One row of statistic, p-value, method, alternative, estimate and interval under ``name``.

    A field that is ``None`` (a test without a statistic, an estimate or a
    direction) shows as ``-``.

    Examples
    --------
    >>> table = htest_html("Demo", statistic=None, pvalue=1e-20, method="exact",
    ...                    alternative=None, estimate=None, conf_int=None, conf_level=None)
    >>> table.splitlines()[-3]
    '<tr><td>-</td><td>&lt;2.2e-16</td><td>exact</td><td>-</td><td>-</td><td>-</td></tr>'
    """
    interval_name = "CI" if conf_level is None else f"{format_number(100 * conf_level, 4)}% CI"
    interval = "-" if conf_int is None else f"{_shown(conf_int[0])} to {_shown(conf_int[1])}"
    cells = (
        ("Statistic", _shown(statistic)),
        ("P-value", format_pval(pvalue)),
        ("Method", method),
        ("Alternative", "-" if alternative is None else alternative),
        ("Estimate", _shown(estimate)),
        (interval_name, interval),
    )
    return "\n".join(
        [
            '<table class="mo-result">',
            f"<caption>{_e(name)}</caption>",
            "<thead>",
            "<tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h, _ in cells) + "</tr>",
            "</thead>",
            "<tbody>",
            "<tr>" + "".join(f"<td>{_e(v)}</td>" for _, v in cells) + "</tr>",
            "</tbody>",
            "</table>",
        ]
    )
