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

from collections.abc import Sequence
from typing import TYPE_CHECKING

from myopathy_outcomes._version import __version__
from myopathy_outcomes.report import display
from myopathy_outcomes.report.layouts import CSS, style, table_fragment, table_html
from myopathy_outcomes.report.layouts import escape_html as _e
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import Table, is_wide

if TYPE_CHECKING:
    from myopathy_outcomes.report.figures import ReportFigure

__all__ = [
    "report_fragment",
    "report_html",
    "table_document",
    "table_fragment",
    "table_html",
]


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
    if (cited := display.reference(report)) is not None:
        lines.append(f'<p class="reference">{_e(cited)}</p>')
    lines.append(f'<p class="source">Data: {_e(report.source)}</p>')
    if (notices := display.notices_line(report)) is not None:
        lines.append(f'<p class="notice">{_e(notices)}</p>')
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
    body = _body(report, figures, with_figures=True)
    footer = f"<footer><p>Written by myopathy-outcomes {_e(__version__)}.</p></footer>"
    return _page(display.title(report), page_css, [body, footer])


def _page(title: str, page_css: str, main: list[str]) -> str:
    """A self-contained HTML document: head with ``title`` and the style, ``main``'s parts."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="myopathy-outcomes {_e(__version__)}">',
            f"<title>{_e(title)}</title>",
            style(page_css + CSS),
            "</head>",
            "<body>",
            '<main class="mo-report">',
            *main,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def report_fragment(report: ReportNumbers) -> str:
    """The report's tables and methods with their style, for a notebook (no figures)."""
    body = _body(report, None, with_figures=False)
    return f'<div class="mo-report">\n{style(CSS)}\n{body}\n</div>'


def table_document(table: Table) -> str:
    """One table alone as a self-contained HTML document: its style, the table and its notes.

    What ``myopathy-outcomes --table NAME --output FILE.html`` writes; every
    string from the data is escaped as in :func:`report_html`.

    Examples
    --------
    >>> from myopathy_outcomes.report.table import Table
    >>> page = table_document(Table("<b>T</b>", ("a",), (("x",),), name="demo"))
    >>> page.startswith("<!DOCTYPE html>"), "<title>&lt;b&gt;T&lt;/b&gt;</title>" in page
    (True, True)
    """
    page_css = _PAGE_CSS.replace("@page wide { size: landscape; }\n", "")
    if is_wide(table):
        page_css = "@page { size: landscape; }\n" + page_css
    return _page(table.title, page_css, [table_html(table)])
