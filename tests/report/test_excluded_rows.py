"""A flood of bad rows: every output counts them by kind; excluded_rows.csv lists each."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.cli import main
from myopathy_outcomes.example import example_path
from myopathy_outcomes.report import docx as word
from myopathy_outcomes.report import figures, formats
from myopathy_outcomes.report.numbers import MAX_LISTED_EXCLUDED_ROWS, row_kind

BAD_CK = 400
BAD_DATES = 200


def _flooded(folder: Path) -> Path:
    """The example with 400 more visits of a negative CK and 200 of an impossible date."""
    for name in ("patients.csv", "visits.csv", "regimens.csv"):
        shutil.copy(example_path() / name, folder / name)
    bad = [f"SYN-01,2016-{1 + k % 12:02d}-01,-{k + 1},,,," for k in range(BAD_CK)]
    bad += [f"SYN-02,2016-02-{30 + k % 2},100,,,," for k in range(BAD_DATES)]
    with (folder / "visits.csv").open("a", encoding="utf-8") as visits:
        visits.write("".join(f"{line}\n" for line in bad))
    return folder


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> mo.StudyReport:
    folder = _flooded(tmp_path_factory.mktemp("flood"))
    return mo.analyze(mo.load_cohort(folder, on_error="exclude"))


def test_row_kind_leaves_out_the_values() -> None:
    """Values, dates, rows and patients are masked, so equal problems share a kind."""
    assert row_kind("ck must be >= 0, got -3") == row_kind("ck must be >= 0, got -70")
    assert row_kind("date is not a real calendar date: '2021-02-30'") == (
        "date is not a real calendar date: …"
    )
    assert row_kind(
        "patient P7 is excluded (patients.csv row 12: sex must be F or M, got 'x')"
    ) == ("patient … is excluded (patients.csv row …: sex must be F or M, got …)")


def test_report_counts_the_rows_by_kind(report: mo.StudyReport) -> None:
    """Past the limit, the table has one line per kind with its count and first rows."""
    assert len(report.excluded_rows) == BAD_CK + BAD_DATES > MAX_LISTED_EXCLUDED_ROWS
    table = report.excluded_rows_table()
    assert table.name == "excluded_row_kinds"
    assert [(r[0], r[2]) for r in table.rows] == [
        ("visits.csv", str(BAD_CK)),
        ("visits.csv", str(BAD_DATES)),
    ]
    assert table.rows[0][3] == "167 (SYN-01), 168 (SYN-01), 169 (SYN-01)"
    assert table.rows[0][4].endswith("got -1")


@pytest.mark.parametrize("form", ["text", "markdown", "html", "latex"])
def test_every_document_counts_instead_of_listing(report: mo.StudyReport, form: str) -> None:
    """No document lists the rows past the first ones of each kind."""
    document = report.render(form)
    assert isinstance(document, str)
    assert "rows by kind" in document
    assert "too many to list here" in document and "rows.csv" in document
    assert "got -1" in document and "got -400" not in document


def test_word_document_counts_instead_of_listing(report: mo.StudyReport) -> None:
    """The Word file holds the counts, not a row per excluded row."""
    docx = pytest.importorskip("docx")
    document = docx.Document(io.BytesIO(report.to_docx()))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "File")
    assert len(table.rows) == 3  # the header and two kinds
    assert table.rows[1].cells[2].text == str(BAD_CK)


def test_every_row_goes_to_excluded_rows_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--output DIR/`` writes each excluded row to tables/excluded_rows.csv, the kinds beside."""
    monkeypatch.setattr(figures, "available", lambda: False)
    monkeypatch.setattr(word, "available", lambda: False)
    (tmp_path / "data").mkdir()
    folder = _flooded(tmp_path / "data")
    assert main([str(folder), "--on-error", "exclude", "--output", f"{tmp_path}/out/"]) == 0
    rows = pd.read_csv(tmp_path / "out" / "tables" / "excluded_rows.csv")
    assert len(rows) == BAD_CK + BAD_DATES
    kinds = pd.read_csv(tmp_path / "out" / "tables" / "excluded_row_kinds.csv")
    assert kinds["rows"].tolist() == [BAD_CK, BAD_DATES]


def test_file_output_writes_excluded_rows_beside(tmp_path: Path) -> None:
    """``--output FILE`` writes every excluded row to excluded_rows.csv beside the file."""
    (tmp_path / "data").mkdir()
    folder = _flooded(tmp_path / "data")
    target = tmp_path / "report.md"
    assert main([str(folder), "--on-error", "exclude", "--output", str(target)]) == 0
    rows = pd.read_csv(tmp_path / "excluded_rows.csv")
    assert len(rows) == BAD_CK + BAD_DATES


def test_workbook_counts_instead_of_listing(report: mo.StudyReport) -> None:
    """The Excel file has the kinds, numbers and shown, and no sheet of every excluded row."""
    pytest.importorskip("openpyxl")
    sheets = pd.read_excel(io.BytesIO(report.to_xlsx()), sheet_name=None, engine="openpyxl")
    assert "excluded_rows" not in sheets
    assert sheets["excluded_row_kinds"]["rows"].tolist() == [BAD_CK, BAD_DATES]
    assert len(sheets["excluded_row_kinds shown"]) == 2


def test_workbook_file_writes_excluded_rows_beside(tmp_path: Path) -> None:
    """``--output r.xlsx`` writes every excluded row to excluded_rows.csv beside the workbook."""
    pytest.importorskip("openpyxl")
    (tmp_path / "data").mkdir()
    folder = _flooded(tmp_path / "data")
    assert main([str(folder), "-q", "--on-error", "exclude", "-o", str(tmp_path / "r.xlsx")]) == 0
    assert len(pd.read_csv(tmp_path / "excluded_rows.csv")) == BAD_CK + BAD_DATES


@pytest.fixture(scope="module")
def repeated(tmp_path_factory: pytest.TempPathFactory) -> tuple[mo.StudyReport, mo.StudyReport]:
    """The example with one id repeated 400 times, and 4,000 times."""
    folder = tmp_path_factory.mktemp("repeated")
    return _repeated(folder / "400", 400), _repeated(folder / "4000", 4000)


def _repeated(folder: Path, times: int) -> mo.StudyReport:
    """The example report with SYN-01's patients.csv row repeated ``times`` more times."""
    folder.mkdir()
    for name in ("patients.csv", "visits.csv", "regimens.csv"):
        shutil.copy(example_path() / name, folder / name)
    patients = (folder / "patients.csv").read_text(encoding="utf-8").splitlines()
    first = next(line for line in patients if line.startswith("SYN-01,"))
    (folder / "patients.csv").write_text(
        "\n".join([*patients, *[first] * times]) + "\n", encoding="utf-8"
    )
    return mo.analyze(mo.load_cohort(folder, on_error="exclude"))


def _size(document: str | bytes) -> int:
    """Characters of a text document; of an Office file, the bytes of its XML parts unpacked."""
    if isinstance(document, str):
        return len(document)
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        return sum(i.file_size for i in archive.infolist() if i.filename.endswith(".xml"))


@pytest.mark.parametrize("form", ["text", "markdown", "html", "latex", "docx", "xlsx"])
def test_repeated_id_does_not_grow_any_document(
    repeated: tuple[mo.StudyReport, mo.StudyReport], form: str
) -> None:
    """One id repeated 400 or 4,000 times: each document is the same size but for digits."""
    chosen = formats.named(form)
    if not chosen.available():
        pytest.skip(f"{form} needs its extra")
    small, large = repeated
    assert large.lists_excluded_rows_elsewhere and small.lists_excluded_rows_elsewhere
    assert chosen.render is not None
    sizes = [_size(chosen.render(r, None)) for r in (small, large)]
    assert abs(sizes[1] - sizes[0]) < 100, sizes
