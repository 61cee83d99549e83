"""One table laid out as plain text, Markdown or HTML.

:meth:`Table.to_text <myopathy_outcomes.report.table.Table.to_text>` and its
siblings, and the whole-report renderers (:mod:`.text`, :mod:`.markdown`,
:mod:`.html`), lay every table out with these functions, which read it as a
:class:`~myopathy_outcomes.report.columns.TableLike`. Every string from the
data is escaped for the format it goes into.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from myopathy_outcomes.report.columns import TableLike, column_kinds, is_wide, split_indent

__all__ = [
    "CSS",
    "escape_html",
    "style",
    "table_fragment",
    "table_html",
    "table_markdown",
    "table_text",
]


CSS = """\
.mo-report { font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif;
  color: #1b1b1b; line-height: 1.45; font-size: 15px; max-width: 76rem; margin: 0 auto;
  padding: 1.5rem 2rem 3rem; }
.mo-report h1 { font-size: 1.6rem; line-height: 1.25; margin: .8rem 0 .6rem; }
.mo-report h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1px solid #c8c8c8; }
.mo-report p { margin: .35rem 0; }
.mo-report .synthetic { border: 2px solid #b45309; background: #fef3c7; color: #6b2e07;
  padding: .6rem .9rem; margin: 0 0 .8rem; font-weight: 600; border-radius: 4px; }
.mo-report .source, .mo-report .notice { color: #444; font-size: .9em; }
.mo-report nav ul { margin: .3rem 0; padding-left: 1.2rem; columns: 2; font-size: .9em; }
.mo-report .methods li { margin: .3rem 0; max-width: 60rem; }
.mo-report .table { margin: 1.6rem 0 2rem; }
.mo-report table { border-collapse: collapse; font-size: .88em;
  font-variant-numeric: tabular-nums; margin: 0; }
.mo-report caption { caption-side: top; text-align: left; font-weight: 700;
  font-size: 1.02rem; padding: 0 0 .45rem; }
.mo-report thead th { border-top: 2px solid #222; border-bottom: 1px solid #222;
  text-align: left; vertical-align: bottom; padding: .35rem .55rem; font-weight: 600; }
.mo-report tbody th, .mo-report tbody td { text-align: left; vertical-align: top;
  padding: .22rem .55rem; font-weight: normal; }
.mo-report tbody tr:nth-child(even) { background: #f4f5f7; }
.mo-report tbody tr:last-child > * { border-bottom: 2px solid #222; }
.mo-report .nowrap { white-space: nowrap; }
.mo-report .num { text-align: right; white-space: nowrap; }
.mo-report .indent-1 { padding-left: 1.7rem; }
.mo-report .indent-2 { padding-left: 2.9rem; }
.mo-report .notes { font-size: .8em; color: #3d3d3d; max-width: 62rem; margin-top: .4rem; }
.mo-report .notes p { margin: .12rem 0; }
.mo-report figure { margin: 1.5rem 0 2.2rem; }
.mo-report figure svg { display: block; max-width: 100%; height: auto; }
.mo-report figcaption { font-size: .88em; color: #333; margin-top: .3rem; max-width: 60rem; }
.mo-report code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em;
  background: #f1f1f1; padding: 0 .25em; }
.mo-report footer { margin-top: 3rem; font-size: .8em; color: #666; }
.mo-result caption { font-weight: 600; }
@media print {
  .mo-report { max-width: none; padding: 0; font-size: 10pt; }
  .mo-report nav { display: none; }
  .mo-report h2 { break-after: avoid; page-break-after: avoid; margin-top: 1.2rem; }
  .mo-report table { font-size: 8pt; }
  .mo-report .notes { font-size: 7.5pt; }
  .mo-report .table { break-inside: avoid; page-break-inside: avoid; }
  .mo-report .table.wide { page: wide; }
  .mo-report thead { display: table-header-group; }
  .mo-report tr, .mo-report figure, .mo-report .notes { break-inside: avoid;
    page-break-inside: avoid; }
  .mo-report caption { break-after: avoid; page-break-after: avoid; }
  .mo-report tbody tr:nth-child(even) { background: none; }
  .mo-report .synthetic { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .mo-report figure svg { max-height: 230mm; }
}
"""


def table_text(table: TableLike) -> str:
    """One table with its title underlined, aligned columns and its notes.

    Examples
    --------
    >>> from myopathy_outcomes.report.table import Table
    >>> print(table_text(Table("Demo", ("a", "b"), (("10", "x"),))))
    Demo
    ====
    a   b
    --  -
    10  x
    """
    widths = [
        max(len(cell) for cell in column)
        for column in zip(table.columns, *table.rows, strict=True)
    ]
    lines = [table.title, "=" * len(table.title)]
    lines.append(_join_padded(table.columns, widths))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(_join_padded(row, widths) for row in table.rows)
    lines.extend(table.notes)
    return "\n".join(line.rstrip() for line in lines)


def _join_padded(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Pad every cell but the last to its column's width, so a long last cell costs nothing."""
    padded = [cell.ljust(width) for cell, width in zip(cells[:-1], widths[:-1], strict=True)]
    return "  ".join([*padded, *cells[-1:]])


def table_markdown(table: TableLike) -> str:
    """One table as GitHub-flavoured markdown under a level-3 heading, notes below."""
    lines = [f"### {table.title}", ""]
    lines.append("| " + " | ".join(_escape(c) for c in table.columns) + " |")
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    lines.extend("| " + " | ".join(_escape(c) for c in row) + " |" for row in table.rows)
    if table.notes:
        lines.append("")
        lines.append("\n\n".join(table.notes))
    return "\n".join(lines)


def _escape(cell: str) -> str:
    """Escape pipes, and keep leading spaces (indentation) visible once rendered."""
    stripped = cell.lstrip(" ")
    return "&nbsp;" * (len(cell) - len(stripped)) + stripped.replace("|", "\\|")


_CLASS = {"number": "num", "summary": "nowrap", "text": ""}


def escape_html(text: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(text), quote=True)


def _cell(tag: str, text: str, classes: Sequence[str], extra: str = "") -> str:
    names = " ".join(c for c in classes if c)
    attribute = f' class="{names}"' if names else ""
    return f"<{tag}{extra}{attribute}>{escape_html(text)}</{tag}>"


def table_html(table: TableLike) -> str:
    """One table: ``<caption>``, ``<thead>``, ``<tbody>``, and its notes under it.

    The first column is a row header; indented levels (two leading spaces a
    level) become padding, not spaces.

    Examples
    --------
    >>> from myopathy_outcomes.report.table import Table
    >>> print(table_html(Table("A & B", ("x", "n"), (("<i>", "3"),), ("note",), "demo")))
    <section class="table" id="table-demo">
    <table>
    <caption>A &amp; B</caption>
    <thead>
    <tr><th scope="col" class="nowrap">x</th><th scope="col" class="num">n</th></tr>
    </thead>
    <tbody>
    <tr><th scope="row" class="nowrap">&lt;i&gt;</th><td class="num">3</td></tr>
    </tbody>
    </table>
    <div class="notes">
    <p>note</p>
    </div>
    </section>
    """
    classes = [_CLASS[kind] for kind in column_kinds(table)]
    wide = " wide" if is_wide(table) else ""
    lines = [
        f'<section class="table{wide}" id="table-{escape_html(table.name)}">',
        "<table>",
        f"<caption>{escape_html(table.title)}</caption>",
        "<thead>",
        "<tr>"
        + "".join(
            _cell("th", c, [k], ' scope="col"')
            for c, k in zip(table.columns, classes, strict=True)
        )
        + "</tr>",
        "</thead>",
        "<tbody>",
    ]
    for row in table.rows:
        level, first = split_indent(row[0]) if row else (0, "")
        cells = [
            _cell("th", first, [f"indent-{level}" if level else "", classes[0]], ' scope="row"')
        ]
        cells.extend(_cell("td", c, [k]) for c, k in zip(row[1:], classes[1:], strict=True))
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.extend(["</tbody>", "</table>"])
    if table.notes:
        lines.append('<div class="notes">')
        lines.extend(f"<p>{escape_html(note)}</p>" for note in table.notes)
        lines.append("</div>")
    lines.append("</section>")
    return "\n".join(lines)


def style(css: str) -> str:
    return f"<style>\n{css}</style>"


def table_fragment(table: TableLike) -> str:
    """One table with its style, for a notebook (``Table._repr_html_``)."""
    return f'<div class="mo-report">\n{style(CSS)}\n{table_html(table)}\n</div>'
