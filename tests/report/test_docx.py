"""The Word file: real tables whose every number is the report's, headings, notes, figures."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import struct
from typing import Any

import pytest

import myopathy_outcomes as mo
from tests.report._rendered import (
    FORMULA_ID,
    HOSTILE_GROUP,
    SCRIPT_ID,
    check_numbers,
    display_rows,
    hostile_report,
)

docx = pytest.importorskip("docx")

from docx.oxml.ns import qn  # noqa: E402
from docx.section import Section  # noqa: E402
from docx.shared import Emu, Pt  # noqa: E402
from docx.table import Table as WordTable  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402

from myopathy_outcomes.report.docx import add_table, report_docx, table_docx, xml_text  # noqa: E402
from myopathy_outcomes.report.widths import text_points  # noqa: E402

_INDENT_CM = 0.4
_NUMBERED = re.compile(r"^Table \d+\.\s+")


def _caption_title(title: str) -> str:
    """The title as a caption shows it: a number of its own gives way to the field's."""
    return _NUMBERED.sub("", title, count=1)


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


@pytest.fixture(scope="module")
def document(report: mo.StudyReport) -> Any:
    return docx.Document(io.BytesIO(report_docx(report)))


def _cell_text(cell: Any) -> str:
    paragraph = cell.paragraphs[0]
    indent = paragraph.paragraph_format.left_indent
    level = 0 if indent is None else round(indent.cm / _INDENT_CM)
    return "  " * level + cell.text


def _blocks(document: Any) -> list[Any]:
    return list(document.iter_inner_content())


def parse(document: Any) -> dict[str, dict[str, list[list[str]]]]:
    """Each table by its caption's title: header row, body rows and the notes under it."""
    found: dict[str, dict[str, list[list[str]]]] = {}
    blocks = _blocks(document)
    for k, block in enumerate(blocks):
        if not isinstance(block, WordTable):
            continue
        caption = blocks[k - 1]
        assert isinstance(caption, Paragraph) and caption.style.name == "Caption"
        _number, title = re.fullmatch(r"Table (\d+)\. (.*)", caption.text, re.DOTALL).groups()
        rows = [[_cell_text(c) for c in row.cells] for row in block.rows]
        notes = []
        for after in blocks[k + 1 :]:
            if not isinstance(after, Paragraph) or after.style.name != "Normal" or not after.text:
                break
            notes.append([after.text])
        found[title] = {"head": rows[:1], "body": rows[1:], "notes": notes}
    return found


def _by_name(report: mo.StudyReport, parsed: dict[str, Any]) -> dict[str, list[list[str]]]:
    return {t.name: parsed[_caption_title(t.title)]["body"] for t in report.tables()}


def test_every_table_is_a_word_table(report: mo.StudyReport, document: Any) -> None:
    """Each table of the report is a real Word table under its heading, notes below it."""
    parsed = parse(document)
    assert len(document.tables) == len(report.tables())
    for table in report.tables():
        assert parsed[_caption_title(table.title)]["head"] == [list(table.columns)]
        assert parsed[_caption_title(table.title)]["notes"] == [[n] for n in table.notes]


def test_every_number_equals_the_report(report: mo.StudyReport, document: Any) -> None:
    """Every number in the Word tables is the numeric report's, rounded as displayed."""
    parsed = _by_name(report, parse(document))
    check_numbers(parsed, report)
    assert parsed == display_rows(report)


def test_headings_and_methods(report: mo.StudyReport, document: Any) -> None:
    """The title is a heading; Methods is a heading over one bullet per paragraph."""
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == report.to_text().splitlines()[0]
    assert "Methods" in headings
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == list(report.methods())


def test_synthetic_label_on_every_page(document: Any) -> None:
    """Synthetic data are labelled at the top and in every section's page header."""
    assert document.paragraphs[0].text.startswith("SYNTHETIC:")
    for section in document.sections:
        assert "SYNTHETIC DATA" in section.header.paragraphs[0].text


def test_wide_table_gets_a_landscape_section(report: mo.StudyReport, document: Any) -> None:
    """Tables too wide for portrait (within groups, time to event) sit in landscape sections."""
    from docx.enum.section import WD_ORIENT  # noqa: PLC0415

    orientations = [s.orientation for s in document.sections]
    assert orientations[0] == WD_ORIENT.PORTRAIT
    assert orientations[1] == WD_ORIENT.LANDSCAPE
    assert orientations.count(WD_ORIENT.LANDSCAPE) == 2
    assert all(not (a == b == WD_ORIENT.LANDSCAPE) for a, b in itertools.pairwise(orientations))
    assert document.sections[1].page_width > document.sections[1].page_height


def test_without_figures_says_how_to_get_them(document: Any) -> None:
    """Without figures the document names the extra that draws them."""
    assert any('myopathy-outcomes[plot]"' in p.text for p in document.paragraphs)
    assert not document.inline_shapes


def test_figures_are_embedded(report: mo.StudyReport) -> None:
    """With matplotlib every figure is a picture with a numbered caption."""
    pytest.importorskip("matplotlib")
    from myopathy_outcomes.report import figures  # noqa: PLC0415

    drawn = figures.report_figures(report)
    document = docx.Document(io.BytesIO(report_docx(report, drawn)))
    assert len(document.inline_shapes) == len(drawn)
    captions = [p for p in document.paragraphs if p.text.startswith("Figure ")]
    assert [p.text for p in captions] == [
        f"Figure {k}. {f.caption}" for k, f in enumerate(drawn, start=1)
    ]
    for k, caption in enumerate(captions, start=1):
        assert caption.style.name == "Caption"
        assert _fields(caption) == [("SEQ Figure \\* ARABIC", str(k))]


def test_hostile_text_comes_back_unchanged() -> None:
    """Markup and formula-like ids are plain text in Word, kept exactly."""
    hostile = hostile_report()
    document = docx.Document(io.BytesIO(report_docx(hostile)))
    parsed = _by_name(hostile, parse(document))
    patients = [row[0] for row in parsed["assignments"]]
    assert SCRIPT_ID in patients and FORMULA_ID in patients
    assert parsed["within"][0][0] == HOSTILE_GROUP
    check_numbers(parsed, hostile)


def test_notices_are_counted_not_listed(report: mo.StudyReport) -> None:
    """The Word report says how many notices there were, and shows none of them."""
    noticed = dataclasses.replace(report, notices=("visits.csv: not used: 'ward_bed'",))
    texts = [p.text for p in docx.Document(io.BytesIO(report_docx(noticed))).paragraphs]
    assert sum(t.startswith("Notices: 1 about reading the data") for t in texts) == 1
    assert not any("ward_bed" in t for t in texts)


#: A full paper title, longer than the 255 characters Word allows a core property.
PAPER_TITLE = (
    "Mycophenolate mofetil with or without a calcineurin inhibitor in refractory idiopathic "
    "inflammatory myopathy with interstitial lung disease: a retrospective multicentre cohort "
    "study of treatment response, glucocorticoid sparing and survival in Japanese adults"
)


def _titled(title: str, label: str = "MMF + CNI") -> mo.StudyReport:
    design = mo.studies.HANAOKA_2019
    arms = (dataclasses.replace(design.arms[0], label=label), *design.arms[1:])
    return mo.analyze(mo.load_example(), dataclasses.replace(design, title=title, arms=arms))


def test_a_paper_title_cuts_the_property_and_keeps_the_heading() -> None:
    """A title beyond 255 characters writes: the property is cut, the heading is whole."""
    assert len(PAPER_TITLE) > 255
    report = _titled(PAPER_TITLE)
    document = docx.Document(io.BytesIO(report_docx(report)))
    title = document.core_properties.title
    assert len(title) == 255 and title.endswith("\u2026")
    assert PAPER_TITLE.startswith(title[:-1])
    heading = next(p.text for p in document.paragraphs if p.style.name == "Heading 1")
    assert heading == report.to_text().splitlines()[0]
    assert heading.startswith(PAPER_TITLE)


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x1b[31m", "\x07\x0b\x0c\ufffe"])
def test_control_characters_never_reach_the_word_file(control: str) -> None:
    """A title or label with NUL, ESC or another character XML cannot hold is refused in one
    line when the design is built; text from elsewhere has them left out of the Word file."""
    with pytest.raises(ValueError, match="must not hold control or invisible characters"):
        _titled(f"MMF{control} trial")
    with pytest.raises(ValueError, match="must not hold control or invisible characters"):
        _titled("MMF trial", label=f"MMF{control} + CNI")
    shown = control.translate(dict.fromkeys(map(ord, "\x00\x07\x0b\x0c\x1b\ufffe")))
    assert xml_text(f"MMF{control} + CNI") == f"MMF{shown} + CNI"


# --- journal style: three rules, fitted widths, repeated headers, captions (issue 22) ---


def _fields(paragraph: Any) -> list[tuple[str, str]]:
    """Each complex field of ``paragraph``: its instruction and the result Word shows."""
    fields: list[tuple[str, str]] = []
    state, code, shown = "", "", ""
    for element in paragraph._p.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:t")):
        if element.tag == qn("w:fldChar"):
            state = element.get(qn("w:fldCharType"))
            if state == "begin":
                code, shown = "", ""
            elif state == "end":
                fields.append((code.strip(), shown))
        elif element.tag == qn("w:instrText") and state == "begin":
            code += element.text or ""
        elif element.tag == qn("w:t") and state == "separate":
            shown += element.text or ""
    return fields


def _tables_in_sections(document: Any) -> list[tuple[WordTable, Section]]:
    """Every table of the body with the section it is printed in."""
    found: list[tuple[WordTable, Section]] = []
    pending: list[WordTable] = []
    for block in _blocks(document):
        if isinstance(block, WordTable):
            pending.append(block)
            continue
        properties = block._p.pPr
        if properties is not None and properties.sectPr is not None:
            section = Section(properties.sectPr, document.part)
            found += [(table, section) for table in pending]
            pending = []
    return found + [(table, document.sections[-1]) for table in pending]


def _twips(element: Any, tag: str) -> int:
    return int(element.find(qn(tag)).get(qn("w:w")))


def _borders(element: Any) -> dict[str, str]:
    """Each side of a ``tblBorders`` or ``tcBorders`` element and its rule ("nil" for none)."""
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in element}


def _check_journal_table(table: WordTable, section: Section) -> None:
    """Three rules only, fixed widths that fill the section's text width, kept rows."""
    properties = table._tbl.tblPr
    assert properties.find(qn("w:tblStyle")) is None  # no "Table Grid"
    assert _borders(properties.find(qn("w:tblBorders"))) == {
        "top": "single",
        "left": "nil",
        "bottom": "single",
        "right": "nil",
        "insideH": "nil",
        "insideV": "nil",
    }
    for k, row in enumerate(table.rows):
        for cell in row.cells:
            borders = cell._tc.tcPr.find(qn("w:tcBorders"))
            assert (None if borders is None else _borders(borders)) == (
                {"bottom": "single"} if k == 0 else None
            )
    text = (section.page_width - section.left_margin - section.right_margin) // 635
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert _twips(properties, "w:tblW") == sum(grid) == text
    assert len(set(grid)) > 1
    for row in table.rows:
        assert [_twips(c._tc.tcPr, "w:tcW") for c in row.cells] == grid
    rows = [row._tr.trPr for row in table.rows]
    assert all(r.find(qn("w:cantSplit")) is not None for r in rows)
    assert [r.find(qn("w:tblHeader")) is not None for r in rows] == [True] + [False] * (
        len(rows) - 1
    )


def test_every_table_has_three_rules_and_fitted_widths(document: Any) -> None:
    """Every table: rules above, under the header and below only; widths fill the text width."""
    placed = _tables_in_sections(document)
    assert len(placed) == len(document.tables) == 6
    for table, section in placed:
        _check_journal_table(table, section)


def test_wide_tables_fill_the_landscape_width(document: Any) -> None:
    """A table in a landscape section is as wide as its longer line, not the portrait one."""
    from docx.enum.section import WD_ORIENT  # noqa: PLC0415

    widths = {
        section.orientation: _twips(table._tbl.tblPr, "w:tblW")
        for table, section in _tables_in_sections(document)
    }
    assert widths == {WD_ORIENT.PORTRAIT: 9638, WD_ORIENT.LANDSCAPE: 14570}  # 17 and 25.7 cm


def _column_points(table: WordTable) -> list[float]:
    return [c.width.pt for c in table.rows[0].cells]


def test_long_labels_take_at_most_two_lines(report: mo.StudyReport, document: Any) -> None:
    """'clinically amyopathic dermatomyositis' and every other first-column label fit in two
    lines of their column, and the example's in one."""
    label = "clinically amyopathic dermatomyositis"
    assert any(label in row[0] for t in report.tables() for row in t.rows)
    for word, table in zip(document.tables, report.tables(), strict=True):
        room = _column_points(word)[0] - 2 * 5.4
        for row in table.rows:
            shown = row[0].lstrip(" ")
            indent = (len(row[0]) - len(shown)) // 2 * 11.34
            assert text_points(shown, 8.5) <= 2 * (room - indent)
            if shown == label:
                assert text_points(shown, 8.5) <= room - indent


def test_captions_are_numbered_fields_above_the_tables(
    report: mo.StudyReport, document: Any
) -> None:
    """Each table has a Caption paragraph above it: 'Table N.' with a SEQ Table field."""
    blocks = _blocks(document)
    captions = [blocks[k - 1] for k, b in enumerate(blocks) if isinstance(b, WordTable)]
    for k, (caption, table) in enumerate(zip(captions, report.tables(), strict=True), start=1):
        assert caption.style.name == "Caption"
        assert caption.paragraph_format.keep_with_next
        assert _fields(caption) == [("SEQ Table \\* ARABIC", str(k))]
        assert caption.text == f"Table {k}. {_caption_title(table.title)}"
    assert "Baseline characteristics" in [_caption_title(t.title) for t in report.tables()]


def test_no_heading_names_a_table(report: mo.StudyReport, document: Any) -> None:
    """Table titles are captions, never headings."""
    headings = {p.text for p in document.paragraphs if p.style.name.startswith("Heading")}
    for table in report.tables():
        assert table.title not in headings
        assert _caption_title(table.title) not in headings


def test_notes_follow_in_smaller_type(report: mo.StudyReport, document: Any) -> None:
    """The notes under a table are in smaller type than the table's cells."""
    blocks = _blocks(document)
    for k, block in enumerate(blocks):
        if not isinstance(block, WordTable):
            continue
        cell = {r.font.size for row in block.rows for c in row.cells for r in c.paragraphs[0].runs}
        notes = itertools.takewhile(
            lambda b: isinstance(b, Paragraph) and b.style.name == "Normal" and b.text,
            blocks[k + 1 :],
        )
        sizes = {run.font.size for note in notes for run in note.runs}
        assert cell == {Pt(8.5)}
        assert sizes in ({Pt(8)}, set())
    assert any(t.notes for t in report.tables())


#: A long group label with words, markup and no break for 60 characters.
LONG_LABEL = (
    "mycophenolate mofetil & <b>tacrolimus</b> {$x$} after intravenous cyclophosphamide "
    "pulses in clinically amyopathic dermatomyositis " + "X" * 60
)


def test_hostile_long_labels_keep_the_journal_style() -> None:
    """A 200-character group label with markup comes back unchanged, and every table keeps
    its three rules and widths that fill the text width."""
    hostile = _titled("Hostile <i>study</i> & co", label=LONG_LABEL)
    document = docx.Document(io.BytesIO(report_docx(hostile)))
    for table, section in _tables_in_sections(document):
        _check_journal_table(table, section)
    parsed = _by_name(hostile, parse(document))
    assert parsed["within"][0][0] == LONG_LABEL
    assert parsed == display_rows(hostile)


def test_one_table_alone(report: mo.StudyReport) -> None:
    """table_docx writes one table as its own Word file, landscape when wide; add_table adds
    it to any document, numbered after the tables already there."""
    from docx.enum.section import WD_ORIENT  # noqa: PLC0415

    named = {t.name: t for t in report.tables()}
    baseline, within = named["baseline"], named["within"]
    alone = docx.Document(io.BytesIO(table_docx(baseline, synthetic=True)))
    assert len(alone.tables) == 1 and alone.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert "SYNTHETIC DATA" in alone.sections[0].header.paragraphs[0].text
    _check_journal_table(alone.tables[0], alone.sections[0])
    wide = docx.Document(io.BytesIO(table_docx(within)))
    assert wide.sections[0].orientation == WD_ORIENT.LANDSCAPE
    _check_journal_table(wide.tables[0], wide.sections[0])
    document = docx.Document()
    add_table(document, baseline)
    add_table(document, baseline)
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert [c.text.split(".")[0] for c in captions] == ["Table 1", "Table 2"]
    assert [_fields(c)[0][1] for c in captions] == ["1", "2"]
    assert parse(document)[_caption_title(baseline.title)]["body"] == [
        list(row) for row in baseline.rows
    ]


def _png_dpi(png: bytes) -> float:
    """The resolution a PNG says it has (its pHYs chunk), in dots per inch."""
    at = png.index(b"pHYs")
    per_metre, _, unit = struct.unpack(">IIB", png[at + 4 : at + 13])
    assert unit == 1
    return per_metre * 0.0254


def test_figures_are_printed_at_300_dpi(report: mo.StudyReport) -> None:
    """Every figure is a 300-dpi PNG, printed at its drawn size or the text width, whichever
    is smaller, so that it has at least 300 dots per printed inch."""
    pytest.importorskip("matplotlib")
    from myopathy_outcomes.report import figures  # noqa: PLC0415

    drawn = figures.report_figures(report)
    document = docx.Document(io.BytesIO(report_docx(report, drawn)))
    section = document.sections[-1]
    text = Emu(section.page_width - section.left_margin - section.right_margin)
    for shape, item in zip(document.inline_shapes, drawn, strict=True):
        assert round(_png_dpi(item.png)) == 300
        pixels = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        image = document.part.related_parts[pixels].image
        assert shape.width <= text
        assert image.px_width / shape.width.inches >= 300
        assert shape.width.inches == pytest.approx(
            min(item.figure.get_size_inches()[0], text.inches), abs=0.01
        )
