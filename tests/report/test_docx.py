"""The Word file: real tables whose every number is the report's, headings, notes, figures."""

from __future__ import annotations

import dataclasses
import io
import itertools
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

from docx.table import Table as WordTable  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402

from myopathy_outcomes.report.docx import report_docx, xml_text  # noqa: E402

_INDENT_CM = 0.4


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
    """Each table by its heading: header row, body rows and the note paragraphs under it."""
    found: dict[str, dict[str, list[list[str]]]] = {}
    blocks = _blocks(document)
    for k, block in enumerate(blocks):
        if not isinstance(block, WordTable):
            continue
        heading = blocks[k - 1]
        assert isinstance(heading, Paragraph) and heading.style.name == "Heading 2"
        rows = [[_cell_text(c) for c in row.cells] for row in block.rows]
        notes = []
        for after in blocks[k + 1 :]:
            if not isinstance(after, Paragraph) or after.style.name != "Normal" or not after.text:
                break
            notes.append([after.text])
        found[heading.text] = {"head": rows[:1], "body": rows[1:], "notes": notes}
    return found


def _by_name(report: mo.StudyReport, parsed: dict[str, Any]) -> dict[str, list[list[str]]]:
    return {t.name: parsed[t.title]["body"] for t in report.tables()}


def test_every_table_is_a_word_table(report: mo.StudyReport, document: Any) -> None:
    """Each table of the report is a real Word table under its heading, notes below it."""
    parsed = parse(document)
    assert len(document.tables) == len(report.tables())
    for table in report.tables():
        assert parsed[table.title]["head"] == [list(table.columns)]
        assert parsed[table.title]["notes"] == [[n] for n in table.notes]


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
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [f"Figure {k}. {f.caption}" for k, f in enumerate(drawn, start=1)]


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
