"""``report.table(name)``: one printed table alone, with its numbers, in every format."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report.csv import report_frames
from myopathy_outcomes.report.display import SYNTHETIC_NOTE
from myopathy_outcomes.report.formats import TABLE_FORMATS, known_suffixes, with_suffix
from myopathy_outcomes.report.latex import table_latex
from myopathy_outcomes.report.one_table import ReportTable
from tests.report._rendered import FORMULA_ID, SCRIPT_ID, hostile_report


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


@pytest.fixture(scope="module")
def hostile() -> mo.StudyReport:
    return hostile_report()


def test_every_printed_table_is_reachable_by_its_name(report: mo.StudyReport) -> None:
    """Each table of ``report.tables()`` comes back from ``report.table(name)``, same cells."""
    names = report.table_names()
    assert names == tuple(t.name for t in report.tables())
    for printed in report.tables():
        alone = report.table(printed.name)
        assert isinstance(alone, ReportTable)
        assert (alone.title, alone.columns, alone.rows) == (
            printed.title,
            printed.columns,
            printed.rows,
        )


def test_unknown_name_lists_the_known_ones(report: mo.StudyReport) -> None:
    """An unknown table name is a ValueError naming every table the report has."""
    with pytest.raises(ValueError, match="no table 'table1'") as raised:
        report.table("table1")
    message = str(raised.value)
    assert all(name in message for name in report.table_names())
    assert "\n" not in message


def test_numbers_are_those_of_the_csv_file(report: mo.StudyReport) -> None:
    """A table's ``numbers`` are its frame among the CSV tables; its CSV text is that file."""
    frames = report_frames(report)
    for name in report.table_names():
        alone = report.table(name)
        assert alone.numbers is not None
        pd.testing.assert_frame_equal(alone.numbers, frames[name])
    csv = report.table("baseline").to_csv()
    assert csv.startswith("characteristic,level,group,")
    assert pd.read_csv(io.StringIO(csv)).shape == frames["baseline"].shape


def test_synthetic_table_says_so(report: mo.StudyReport) -> None:
    """A table taken alone from synthetic data carries the synthetic note in every text format."""
    alone = report.table("baseline")
    assert alone.synthetic and alone.notes[-1] == SYNTHETIC_NOTE
    assert "SYNTHETIC" in alone.to_text() and "SYNTHETIC" in alone.to_markdown()
    assert "SYNTHETIC" in alone.to_html() and "SYNTHETIC" in alone.to_latex()


def test_latex_is_the_report_fragment(report: mo.StudyReport) -> None:
    """``to_latex()`` is the fragment the report's ``tables/<name>.tex`` holds."""
    alone = report.table("within")
    assert alone.to_latex() == table_latex(alone)
    assert "\\begin{document}" not in alone.to_latex()


def test_standalone_html_is_a_page_with_its_style(hostile: mo.StudyReport) -> None:
    """``to_html(standalone=True)`` is a whole page; hostile ids are escaped in it."""
    page = hostile.table("assignments").to_html(standalone=True)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<style>" in page and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_docx_holds_the_table_alone_with_hostile_ids_as_text(
    hostile: mo.StudyReport, tmp_path: Path
) -> None:
    """The Word file has one table, the assignments, with each hostile id as plain text."""
    docx = pytest.importorskip("docx")
    target = tmp_path / "t.docx"
    document = hostile.table("assignments").to_docx(target)
    assert target.read_bytes() == document
    word = docx.Document(io.BytesIO(document))
    assert len(word.tables) == 1
    ids = [row.cells[0].text for row in word.tables[0].rows[1:]]
    assert SCRIPT_ID in ids and FORMULA_ID in ids
    assert "SYNTHETIC" not in word.sections[0].header.paragraphs[0].text  # not synthetic


def test_docx_of_synthetic_data_has_the_label_in_its_header(report: mo.StudyReport) -> None:
    """A table of synthetic data is labelled in the page header of its Word file."""
    docx = pytest.importorskip("docx")
    word = docx.Document(io.BytesIO(report.table("baseline").to_docx()))
    assert "SYNTHETIC" in word.sections[0].header.paragraphs[0].text


def test_xlsx_has_numbers_and_shown_sheets_with_formulas_as_text(
    hostile: mo.StudyReport,
) -> None:
    """The workbook holds the table's numbers and display strings; a formula id stays text."""
    openpyxl = pytest.importorskip("openpyxl")
    document = hostile.table("assignments").to_xlsx()
    sheets = pd.read_excel(io.BytesIO(document), sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["contents", "assignments", "assignments shown"]
    assert FORMULA_ID in list(sheets["assignments"]["patient_id"])
    assert SCRIPT_ID in list(sheets["assignments shown"]["Patient"])
    workbook = openpyxl.load_workbook(io.BytesIO(document))
    cell = next(
        c for row in workbook["assignments"].iter_rows() for c in row if c.value == FORMULA_ID
    )
    assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        sheet_xml = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheet_xml)


def test_table_formats_are_the_document_formats_and_csv() -> None:
    """One table has every document format and CSV; a suffix chooses among them."""
    assert {f.name for f in TABLE_FORMATS} == {
        "html",
        "markdown",
        "text",
        "latex",
        "docx",
        "csv",
        "xlsx",
    }
    assert ".csv" in known_suffixes(table=True) and ".csv" not in known_suffixes()
    assert with_suffix(".pdf", table=True) is None
