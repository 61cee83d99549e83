"""The Excel workbook: every number equal to the CSV tables, text never a formula."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report import figures, formats
from myopathy_outcomes.report.csv import FORMULA_STARTS, report_frames, write_csv_tables
from myopathy_outcomes.report.xlsx import CONTENTS_SHEET, sheet_name
from tests.report._rendered import FORMULA_ID, hostile_report, is_nan

openpyxl = pytest.importorskip("openpyxl")

DASH_GROUP = "-MMF alone"


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


@pytest.fixture(scope="module")
def hostile() -> mo.StudyReport:
    """The hostile example (a formula as a patient id), its second group named ``-MMF alone``."""
    return hostile_report(second_group=DASH_GROUP)


def _sheets(document: bytes) -> dict[str, pd.DataFrame]:
    read = pd.read_excel(io.BytesIO(document), sheet_name=None, engine="openpyxl")
    return {str(name): frame for name, frame in read.items()}


def test_every_number_equals_the_csv_tables(report: mo.StudyReport, tmp_path: Path) -> None:
    """Each table's sheet read back with pandas equals its CSV file, cell for cell."""
    sheets = _sheets(report.to_xlsx())
    write_csv_tables(report, tmp_path)
    stems = list(report_frames(report))
    assert [s for s in sheets if not s.endswith(" shown")] == [CONTENTS_SHEET, *stems]
    numbers = 0
    for stem in stems:
        got = sheets[stem]
        want = pd.read_csv(tmp_path / f"{stem}.csv", keep_default_na=False, na_values=[""])
        assert list(got.columns) == list(want.columns), stem
        assert len(got) == len(want), stem
        for column in want.columns:
            if pd.api.types.is_datetime64_dtype(got[column]):
                got_column = got[column].dt.strftime("%Y-%m-%d")
            else:
                got_column = got[column]
            if pd.api.types.is_numeric_dtype(want[column]) and not want[column].isna().all():
                assert pd.api.types.is_numeric_dtype(got_column), (stem, column)
                numbers += int(want[column].notna().sum())
            for cell, b in zip(got_column, want[column], strict=True):
                # the CSV holds a neutralising apostrophe; the workbook the text itself
                a = (
                    "'" + cell
                    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)
                    else cell
                )
                assert (is_nan(a) and is_nan(b)) or a == b, (stem, column, a, b)
    assert numbers > 1000  # the example's tables hold this many numbers


def test_display_strings_are_on_a_second_sheet(report: mo.StudyReport) -> None:
    """``baseline shown`` holds Table 1 as printed: header and every string."""
    document = report.to_xlsx()
    table = next(t for t in report.tables() if t.name == "baseline")
    shown = pd.read_excel(
        io.BytesIO(document),
        sheet_name="baseline shown",
        dtype=str,
        keep_default_na=False,
        engine="openpyxl",
    )
    assert list(shown.columns) == list(table.columns)
    assert [tuple(str(v) for v in row) for row in shown.itertuples(index=False)] == [
        tuple(row) for row in table.rows
    ]
    contents = _sheets(document)[CONTENTS_SHEET]
    first = ["attrition", "attrition shown", "baseline", "baseline shown"]
    assert list(contents["Sheet"])[:4] == first
    assert table.title in list(contents["Table"])


def test_formulas_stay_text(hostile: mo.StudyReport) -> None:
    """A patient id ``=HYPERLINK("x")`` and a group ``-MMF alone`` are text cells, no formula."""
    document = hostile.to_xlsx()
    sheets = _sheets(document)
    assert FORMULA_ID in list(sheets["assignments"]["patient_id"])
    assert FORMULA_ID in list(sheets["pairs"]["patient_id"])
    assert DASH_GROUP in list(sheets["assignments"]["group"])
    assert f"{DASH_GROUP} (n = 12)" in list(sheets["baseline shown"].columns)
    workbook = openpyxl.load_workbook(io.BytesIO(document))
    starting = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "-"))
    ]
    assert {c.value for c in starting} >= {FORMULA_ID, DASH_GROUP}
    assert all(c.data_type == "s" and c.quotePrefix for c in starting)
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        sheet_xml = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheet_xml)


def test_same_report_same_bytes_and_only_the_title(hostile: mo.StudyReport) -> None:
    """Two renderings are byte for byte equal; the properties hold the title, no data."""
    document = hostile.to_xlsx()
    assert document == hostile.render("xlsx")
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
        app = archive.read("docProps/app.xml").decode("utf-8")
    assert "outcome report" in core
    assert "1980-01-01T00:00:00Z" in core
    for text in (core, app):
        assert "HYPERLINK" not in text and DASH_GROUP not in text
    assert openpyxl.load_workbook(io.BytesIO(document)).properties.title.startswith(
        hostile.design.title
    )


def test_sheet_names_are_valid_for_excel() -> None:
    """At most 31 characters, none of []:*?/\\, unique without case."""
    taken: list[str] = []
    for name in ["a" * 40, "A" * 40, "a" * 40, "x[1]:y*z?/\\w", "'quoted'", ""]:
        taken.append(sheet_name(name, taken))
    assert all(1 <= len(t) <= 31 for t in taken)
    assert not any(set(t) & set("[]:*?/\\") for t in taken)
    assert len({t.casefold() for t in taken}) == len(taken)
    assert taken[1] == "A" * 27 + " (2)" and taken[2] == "a" * 27 + " (3)"


def test_save_and_the_format_table_know_report_xlsx(
    report: mo.StudyReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``report.save`` writes report.xlsx; the staged folder may hold it; ``.xlsx`` chooses it."""
    assert "report.xlsx" in formats.OUTPUT_FILES
    assert formats.with_suffix(".XLSX") is formats.XLSX
    assert formats.named("xlsx").binary
    monkeypatch.setattr(figures, "available", lambda: False)  # fast; test_figures draws them
    written = {str(p.relative_to(tmp_path)) for p in report.save(tmp_path)}
    assert "report.xlsx" in written
    assert (tmp_path / "report.xlsx").read_bytes() == report.to_xlsx()
