"""The Markdown report as a CommonMark renderer shows it: data as text, never as markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import myopathy_outcomes as mo
from myopathy_outcomes.report import display
from myopathy_outcomes.report.layouts import INDENT, escape_markdown
from myopathy_outcomes.report.table import Table
from tests.report._rendered import EVERYWHERE, everywhere_report

# the tags a report's own Markdown makes: headings, paragraphs, the Methods list, tables
ALLOWED = frozenset(
    {"h1", "h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}
)
HOSTILE = (
    EVERYWHERE,
    "]]><!--",
    "<script>alert(1)</script>",
    "- [ ] 1. <!-- --> ``` ~~~ > * _ | \\",
    "[x]: javascript:alert(1) &lt;img&gt; &#60;b&#62; <https://x.example> ![i](x.png)",
)

# what shows an indentation: a word joiner, then an em space a level (or an en space)
_SHOWN_SPACES = str.maketrans({"\u2060": "", INDENT: "  ", "\u2002": " ", "\xa0": " "})


def plain(text: str) -> str:
    """``text`` with the indentation Markdown shows turned back into spaces."""
    return text.translate(_SHOWN_SPACES)


def _render(markdown: str) -> str:
    """``markdown`` as HTML by markdown-it-py: CommonMark (raw HTML on), tables, strikethrough."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


class _Rendered(HTMLParser):
    """Every element, comment and declaration of rendered HTML, and each block's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.other: list[str] = []
        self.blocks: list[tuple[str, str]] = []  # (tag, text) of each heading, p, li, th, td
        self.tables: list[list[list[str]]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        if tag in {"h1", "h2", "h3", "p", "li", "th", "td"}:
            self._open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, parts = self._open.pop()
            text = plain("".join(parts))
            self.blocks.append((tag, text))
            if tag in {"th", "td"}:
                self.tables[-1][-1].append(text)

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"<![{data}]>")


def _parsed(markdown: str) -> _Rendered:
    parser = _Rendered()
    parser.feed(_render(markdown))
    parser.close()
    return parser


@pytest.fixture(scope="module", params=HOSTILE)
def hostile(request: pytest.FixtureRequest) -> tuple[str, mo.StudyReport]:
    value: str = request.param
    return value, everywhere_report(value)


def test_rendered_markdown_holds_only_the_reports_own_tags(
    hostile: tuple[str, mo.StudyReport],
) -> None:
    """Data in every place of the report make no tag, attribute, comment or link when rendered."""
    _, report = hostile
    rendered = _parsed(report.to_markdown())
    assert {tag for tag, _ in rendered.tags} <= ALLOWED
    assert all(not attrs for _, attrs in rendered.tags)
    assert rendered.other == []


def test_rendered_markdown_shows_title_source_and_notices_as_text(
    hostile: tuple[str, mo.StudyReport],
) -> None:
    """The title, data source and count of notices read back exactly as the report's strings."""
    value, report = hostile
    blocks = _parsed(report.to_markdown()).blocks
    texts = [text for _, text in blocks]
    assert ("h1", report.to_text().splitlines()[0]) in blocks
    assert f"Data: {value} folder" in texts
    assert texts[1] == f"Reference: {value} reference"
    assert report.notices
    assert display.notices_line(report) in texts
    assert not any("not used" in t for t in texts)
    for paragraph in report.methods():
        assert paragraph in texts


def test_rendered_markdown_tables_equal_the_display_tables(
    hostile: tuple[str, mo.StudyReport],
) -> None:
    """Every cell (labels, ids, reasons, excluded rows) and note reads back unchanged."""
    _, report = hostile
    rendered = _parsed(report.to_markdown())
    tables = report.tables()
    assert "excluded_rows" in {t.name for t in tables}
    assert len(rendered.tables) == len(tables)
    texts = {text for _, text in rendered.blocks}
    for table, cells in zip(tables, rendered.tables, strict=True):
        assert cells == [list(table.columns), *(list(row) for row in table.rows)], table.name
        assert ("h3", table.title) in rendered.blocks
        assert set(table.notes) <= texts, table.name


@given(st.text(max_size=40))
def test_any_text_renders_as_itself(text: str) -> None:
    """Escaped text renders back as the text: a paragraph, a heading and a table cell."""
    breaks = dict.fromkeys([*range(32), 0x7F, 0x85, 0x2028, 0x2029], " ")
    expected = plain(text.translate(breaks)).strip()
    for markdown, tag in (
        (escape_markdown(text, line_start=True), "p"),
        (f"# {escape_markdown(text)}", "h1"),
        (Table("T", ("a",), ((text,),)).to_markdown(), "td"),
    ):
        rendered = _parsed(markdown)
        assert {t for t, _ in rendered.tags} <= ALLOWED
        assert rendered.other == []
        shown = [t.strip() for name, t in rendered.blocks if name == tag]
        assert shown in ([expected], [] if not expected and tag == "p" else [expected])


def test_indentation_is_em_spaces_without_html_entities() -> None:
    """A level of Table 1 is indented by em spaces, no ``&nbsp;``, and a renderer keeps them."""
    report = mo.analyze(mo.load_example())
    markdown = report.to_markdown()
    assert "&nbsp;" not in markdown
    assert f"| \u2060{INDENT}dermatomyositis |" in markdown
    rendered = _parsed(markdown)
    cells = [row[0] for table in rendered.tables for row in table]
    assert "  dermatomyositis" in cells
