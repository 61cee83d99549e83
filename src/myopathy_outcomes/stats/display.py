"""How results show themselves: a short repr and small HTML tables, never whole arrays.

Every result of :mod:`myopathy_outcomes.stats` holds numbers, some of them
arrays with one entry per time, patient or covariate. Printed as a dataclass
prints them, a result fills a screen with ``array([...])``; here each field
is shown by what it is: a number to 7 significant digits, a short array or
tuple in full, a long one by its size and type (``<61 float64>``,
``(3, 8, 12, ... 61 items)``), a text cut to :data:`TEXT_LIMIT` characters,
a nested result by its name. The numbers themselves stay in the fields
(and in ``to_dict()`` / ``to_frame()``).
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Sequence
from typing import Any

import numpy as np

from myopathy_outcomes.stats.formatting import format_number

__all__ = ["Displayed", "fields_html", "short_repr", "shown_value", "table"]

#: Arrays and tuples with at most this many entries are shown in full.
SHORT = 6

#: Texts longer than this are cut, with ``...`` at the cut.
TEXT_LIMIT = 80


def shown_value(value: object) -> str:
    """``value`` as one short piece of text (see the module notes).

    Examples
    --------
    >>> shown_value(np.arange(61.0)), shown_value(np.array([1.5, 2.0]))
    ('<61 float64>', '[1.5, 2]')
    >>> shown_value(tuple(range(61))), shown_value((0.25, None))
    ('(0, 1, 2, ... 61 items)', '(0.25, None)')
    >>> shown_value(np.eye(3)), shown_value(dataclasses.make_dataclass("Fit", [])())
    ('<3x3 float64>', '<Fit>')
    """
    if isinstance(value, np.ndarray):
        if value.ndim == 1 and value.size <= SHORT:
            return "[" + ", ".join(shown_value(v) for v in value.tolist()) + "]"
        shape = "x".join(str(s) for s in value.shape)
        return f"<{shape} {value.dtype}>"
    if isinstance(value, tuple | list):
        opened, closed = ("(", ")") if isinstance(value, tuple) else ("[", "]")
        if len(value) <= SHORT:
            inner = ", ".join(shown_value(v) for v in value)
            return f"{opened}{inner}{',' if len(value) == 1 and opened == '(' else ''}{closed}"
        first = ", ".join(shown_value(v) for v in value[:3])
        return f"{opened}{first}, ... {len(value)} items{closed}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return f"<{type(value).__name__}>"
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, float | np.floating):
        return format_number(float(value), 7)
    if isinstance(value, str):
        cut = value if len(value) <= TEXT_LIMIT else value[: TEXT_LIMIT - 3] + "..."
        return repr(cut)
    text = repr(value)
    return text if len(text) <= 4 * TEXT_LIMIT else text[: 4 * TEXT_LIMIT - 3] + "..."


def fields(result: Any) -> list[tuple[str, str]]:
    """The result's dataclass fields, each name with its value as :func:`shown_value` shows it."""
    return [
        (field.name, shown_value(getattr(result, field.name)))
        for field in dataclasses.fields(result)
        if field.repr
    ]


def short_repr(result: Any) -> str:
    """``ClassName(field=value, ...)``, every value shown by :func:`shown_value`.

    Examples
    --------
    >>> @dataclasses.dataclass
    ... class Curve:
    ...     time: np.ndarray
    ...     n: int
    >>> short_repr(Curve(np.arange(100.0), 100))
    'Curve(time=<100 float64>, n=100)'
    """
    inner = ", ".join(f"{name}={value}" for name, value in fields(result))
    return f"{type(result).__name__}({inner})"


def fields_html(result: Any, caption: str | None = None) -> str:
    """A two-column HTML table of the result's fields, names and values escaped.

    Examples
    --------
    >>> @dataclasses.dataclass
    ... class Named:
    ...     label: str
    >>> print(fields_html(Named("<b>")))
    <table class="mo-result">
    <caption>Named</caption>
    <tbody>
    <tr><th scope="row">label</th><td>&#x27;&lt;b&gt;&#x27;</td></tr>
    </tbody>
    </table>
    """
    title = type(result).__name__ if caption is None else caption
    rows = [
        f'<tr><th scope="row">{html.escape(name)}</th><td>{html.escape(value)}</td></tr>'
        for name, value in fields(result)
    ]
    return "\n".join(
        [
            '<table class="mo-result">',
            f"<caption>{html.escape(title)}</caption>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
        ]
    )


class Displayed:
    """A mixin giving a dataclass result :func:`short_repr` and :func:`fields_html`.

    A dataclass that inherits it must say ``repr=False`` (else the dataclass
    writes its own ``__repr__`` over this one).
    """

    def __repr__(self) -> str:
        return short_repr(self)

    def _repr_html_(self) -> str:
        """A table of the fields for a notebook, no whole array."""
        return fields_html(self)


def table(caption: str | None, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table of text cells, every one escaped.

    Examples
    --------
    >>> print(table("A <b>", ["x"], [["1 & 2"]]))
    <table class="mo-result">
    <caption>A &lt;b&gt;</caption>
    <thead>
    <tr><th scope="col">x</th></tr>
    </thead>
    <tbody>
    <tr><td>1 &amp; 2</td></tr>
    </tbody>
    </table>
    """
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows]
    lines = ['<table class="mo-result">']
    if caption is not None:
        lines.append(f"<caption>{html.escape(caption)}</caption>")
    lines += ["<thead>", f"<tr>{head}</tr>", "</thead>", "<tbody>", *body, "</tbody>", "</table>"]
    return "\n".join(lines)
