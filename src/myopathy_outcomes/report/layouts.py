"""One table laid out as plain text, Markdown or HTML.

:meth:`Table.to_text <myopathy_outcomes.report.table.Table.to_text>` and its
siblings, and the whole-report renderers (:mod:`.text`, :mod:`.markdown`,
:mod:`.html`), lay every table out with these functions, which read it as a
:class:`~myopathy_outcomes.report.columns.TableLike`. Every string from the
data is escaped for the format it goes into.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from myopathy_outcomes.report.columns import TableLike, column_kinds, is_wide, split_indent

__all__ = [
    "CSS",
    "INDENT",
    "escape_html",
    "escape_markdown",
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
.mo-report .reference { color: #333; font-size: .92em; font-style: italic; max-width: 60rem; }
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
    r"""One table as GitHub-flavoured markdown under a level-3 heading, notes below.

    Every title, heading, cell and note is escaped (:func:`escape_markdown`).

    Examples
    --------
    >>> from myopathy_outcomes.report.table import Table
    >>> print(table_markdown(Table("A | B", ("id", "n"), (("<b>x</b>", "3"),), ("- a note",))))
    ### A \| B
    <BLANKLINE>
    | id | n |
    |---|---|
    | &lt;b&gt;x&lt;/b&gt; | 3 |
    <BLANKLINE>
    \- a note
    """
    lines = [f"### {escape_markdown(table.title)}", ""]
    lines.append("| " + " | ".join(escape_markdown(c) for c in table.columns) + " |")
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    lines.extend("| " + " | ".join(escape_markdown(c) for c in row) + " |" for row in table.rows)
    if table.notes:
        lines.append("")
        lines.append("\n\n".join(escape_markdown(n, line_start=True) for n in table.notes))
    return "\n".join(lines)


_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# inline syntax: escapes, code, emphasis, strikethrough, math, headings' closing #, table cells
_MARKDOWN_PUNCTUATION = frozenset("\\`*_~$#|")
# control characters and line separators: a line break in a value would end a cell or a block
_MARKDOWN_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
# a ] that would close a link's text: [text](url), [text][label], [label]: url
_LINK_CLOSE = re.compile(r"\](?=[(\[:])")
# what starts a block at the start of a line: a list item (-, +, 1. or 1)), a setext
# underline (=, -), a link definition or task box ([)
_BLOCK_START = re.compile(r"[-+=\[]|\d{1,9}(?=[.)])")


def escape_markdown(text: object, *, line_start: bool = False) -> str:
    r"""Any value as Markdown inline text that a CommonMark renderer shows unchanged.

    ``<``, ``>`` and ``&`` become entities, so no HTML tag, comment or
    autolink can start; the characters of inline syntax (backslash, backtick,
    ``*``, ``_``, ``~``, ``$``, ``#``, ``|``) and a ``]`` that would close a
    link get a backslash; a line break or other control character becomes a
    space. Leading spaces (the levels of a display table, two spaces a level)
    become em spaces, one a level (:data:`INDENT`), after a word joiner
    (U+2060, invisible): no HTML entity, no code block, and kept by the
    renderers that trim Unicode whitespace from a table cell (markdown-it,
    marked), which the word joiner is not. ``line_start``: the text begins a
    line (a paragraph or a list item), so what would start a block there
    (``-``, ``+``, ``=``, ``[``, ``1.``) is escaped too.

    Examples
    --------
    >>> print(escape_markdown("<img src=x onerror=alert(1)> ]]><!--"))
    &lt;img src=x onerror=alert(1)&gt; ]]&gt;&lt;!--
    >>> print(escape_markdown("[click](javascript:x) *MMF* $5 or $10"))
    [click\](javascript:x) \*MMF\* \$5 or \$10
    >>> escape_markdown("1. arm", line_start=True), escape_markdown("    level")
    ('1\\. arm', '\u2060\u2003\u2003level')
    """
    shown = _MARKDOWN_BREAKS.sub(" ", str(text))
    stripped = shown.lstrip(" ")
    escaped = "".join(
        _MARKDOWN_ENTITIES.get(c) or (f"\\{c}" if c in _MARKDOWN_PUNCTUATION else c)
        for c in stripped
    )
    escaped = _LINK_CLOSE.sub(r"\\]", escaped)
    if len(stripped) < len(shown):
        return _indent(len(shown) - len(stripped)) + escaped
    if line_start and (block := _BLOCK_START.match(escaped)):
        at = block.end() if block.group().isdigit() else 0
        escaped = f"{escaped[:at]}\\{escaped[at:]}"
    return escaped


#: How Markdown shows a level of indentation (two leading spaces): an em space.
INDENT = "\u2003"
_HALF_INDENT = "\u2002"  # an en space, for an odd leading space
_WORD_JOINER = "\u2060"  # not whitespace: what is after it is not trimmed from a cell


def _indent(spaces: int) -> str:
    """``spaces`` leading spaces as Markdown: a word joiner, then an em space each two."""
    return _WORD_JOINER + INDENT * (spaces // 2) + _HALF_INDENT * (spaces % 2)


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
