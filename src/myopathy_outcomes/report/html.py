"""HTML rendering: one self-contained file, and fragments for notebooks.

The file has its style inline, its figures as inline SVG (made by
matplotlib, :mod:`myopathy_outcomes.report.figures`), no JavaScript and nothing
fetched from a network, so it opens in any browser and can be sent by
e-mail. It prints to A4 or Letter: headings stay with their tables, table
rows are not split across pages, and a table's header repeats on each page.
Synthetic data are labelled in a banner at the top and on every printed
page. Every string from the data passes through :func:`html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from myopathy_outcomes._version import __version__
from myopathy_outcomes.report import display
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import Table, column_kinds, is_wide, split_indent

if TYPE_CHECKING:
    from myopathy_outcomes.report.figures import ReportFigure

__all__ = [
    "report_fragment",
    "report_html",
    "table_fragment",
    "table_html",
]


_CSS = """\
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

_PAGE_CSS = """\
@page { margin: 16mm 13mm 16mm; }
@page wide { size: landscape; }
@page { @bottom-right { content: counter(page) " / " counter(pages); font: 8pt sans-serif;
  color: #555; } }
"""

_SYNTHETIC_PAGE_CSS = """\
@page { @top-center { content: "SYNTHETIC DATA: describes no real person";
  font: 600 8pt sans-serif; color: #9a3412; } }
"""

_CLASS = {"number": "num", "summary": "nowrap", "text": ""}


def _e(text: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(text), quote=True)


def _cell(tag: str, text: str, classes: Sequence[str], extra: str = "") -> str:
    names = " ".join(c for c in classes if c)
    attribute = f' class="{names}"' if names else ""
    return f"<{tag}{extra}{attribute}>{_e(text)}</{tag}>"


def table_html(table: Table) -> str:
    """One table: ``<caption>``, ``<thead>``, ``<tbody>``, and its notes under it.

    The first column is a row header; indented levels (two leading spaces a
    level) become padding, not spaces.

    Examples
    --------
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
        f'<section class="table{wide}" id="table-{_e(table.name)}">',
        "<table>",
        f"<caption>{_e(table.title)}</caption>",
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
        lines.extend(f"<p>{_e(note)}</p>" for note in table.notes)
        lines.append("</div>")
    lines.append("</section>")
    return "\n".join(lines)


def _style(css: str) -> str:
    return f"<style>\n{css}</style>"


def table_fragment(table: Table) -> str:
    """One table with its style, for a notebook (``Table._repr_html_``)."""
    return f'<div class="mo-report">\n{_style(_CSS)}\n{table_html(table)}\n</div>'


def _figures_html(figures: Sequence[ReportFigure] | None) -> list[str]:
    """The figures as inline SVG with numbered captions, or how to get them."""
    lines = ['<section id="figures">', "<h2>Figures</h2>"]
    if figures is None:
        lines.append(
            '<p class="notice">This report has tables only: the figures need '
            f"matplotlib. Install it with <code>{_e(display.PLOT_EXTRA)}</code> and write "
            "the report again.</p>"
        )
    else:
        for number, item in enumerate(figures, start=1):
            lines.append(f'<figure id="figure-{_e(item.name)}">')
            lines.append(item.svg)
            lines.append(f"<figcaption>Figure {number}. {_e(item.caption)}</figcaption>")
            lines.append("</figure>")
    lines.append("</section>")
    return lines


def _body(
    report: ReportNumbers, figures: Sequence[ReportFigure] | None, *, with_figures: bool
) -> str:
    """The report's content: header, contents, methods, tables and figures."""
    report_tables = display.tables(report)
    lines = ["<header>"]
    if report.synthetic:
        lines.append(f'<p class="synthetic" role="note">{_e(display.SYNTHETIC_NOTE)}</p>')
    lines.append(f"<h1>{_e(display.title(report))}</h1>")
    lines.append(f'<p class="source">Data: {_e(report.source)}</p>')
    lines.extend(f'<p class="notice">Notice: {_e(n)}</p>' for n in report.notices)
    lines.append("</header>")
    contents = [("methods", "Methods")]
    contents.extend((f"table-{t.name}", t.title) for t in report_tables)
    if with_figures:
        contents.append(("figures", "Figures"))
    lines.append('<nav aria-label="Contents">')
    lines.append("<ul>")
    lines.extend(f'<li><a href="#{_e(anchor)}">{_e(text)}</a></li>' for anchor, text in contents)
    lines.append("</ul>")
    lines.append("</nav>")
    lines.extend(['<section id="methods" class="methods">', "<h2>Methods</h2>", "<ul>"])
    lines.extend(f"<li>{_e(m)}</li>" for m in display.methods(report))
    lines.extend(["</ul>", "</section>"])
    lines.extend(['<section id="tables">', "<h2>Tables</h2>"])
    lines.extend(table_html(t) for t in report_tables)
    lines.append("</section>")
    if with_figures:
        lines.extend(_figures_html(figures))
    return "\n".join(lines)


def report_html(report: ReportNumbers, figures: Sequence[ReportFigure] | None = None) -> str:
    """The whole report as one self-contained HTML document.

    Parameters
    ----------
    report : ReportNumbers
        The numbers to show.
    figures : sequence of ReportFigure, optional
        The figures to embed as inline SVG
        (:func:`myopathy_outcomes.report.figures.report_figures`); without them the
        report says how to get them.
    """

    page_css = _PAGE_CSS + (_SYNTHETIC_PAGE_CSS if report.synthetic else "")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="myopathy-outcomes {_e(__version__)}">',
            f"<title>{_e(display.title(report))}</title>",
            _style(page_css + _CSS),
            "</head>",
            "<body>",
            '<main class="mo-report">',
            _body(report, figures, with_figures=True),
            f"<footer><p>Written by myopathy-outcomes {_e(__version__)}.</p></footer>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def report_fragment(report: ReportNumbers) -> str:
    """The report's tables and methods with their style, for a notebook (no figures)."""
    body = _body(report, None, with_figures=False)
    return f'<div class="mo-report">\n{_style(_CSS)}\n{body}\n</div>'
