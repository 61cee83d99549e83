"""``--output``'s suffix rules and ``--table NAME``: one table alone, in the suffix's format."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from myopathy_outcomes.cli import EXIT_BAD_DATA, main
from myopathy_outcomes.example import example_path
from myopathy_outcomes.report import docx as word
from myopathy_outcomes.report import figures
from tests.report._rendered import FORMULA_ID, SCRIPT_ID

KNOWN = ".html, .htm, .md, .markdown, .txt, .tex, .docx, .xlsx"


@pytest.fixture
def no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave figures out (they take seconds; tests/report test them)."""
    monkeypatch.setattr(figures, "available", lambda: False)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """The example's files with SYN-01 a script tag and SYN-08 a spreadsheet formula."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name in ("patients", "visits", "regimens"):
        frame = pd.read_csv(example_path() / f"{name}.csv", dtype=str, keep_default_na=False)
        frame["patient_id"] = frame["patient_id"].replace(
            {"SYN-01": SCRIPT_ID, "SYN-08": FORMULA_ID}
        )
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    """The one line on stderr."""
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("name", ["out.pdf", "out.foo", "report.PNG"])
def test_unknown_suffix_is_an_error_listing_the_known_ones(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A suffix no format has exits 2 with one line listing the known suffixes; nothing written."""
    assert main(["--output", str(tmp_path / name)]) == EXIT_BAD_DATA
    line = _error(capsys)
    assert f"unknown suffix '{Path(name).suffix}'" in line and KNOWN in line
    assert not any(tmp_path.iterdir())


def test_csv_for_the_whole_report_names_table_and_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--output t1.csv`` without ``--table`` exits 2 naming ``--table`` and the folder."""
    assert main(["--output", str(tmp_path / "t1.csv")]) == EXIT_BAD_DATA
    line = _error(capsys)
    assert "--table NAME" in line and "--output DIR/" in line
    assert not (tmp_path / "t1.csv").exists()


@pytest.mark.usefixtures("no_figures")
def test_path_without_suffix_is_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--output out`` writes every output into the folder ``out``, never a text file ``out``."""
    monkeypatch.setattr(word, "available", lambda: False)
    target = tmp_path / "out"
    assert main(["-q", "--output", str(target)]) == 0
    assert target.is_dir()
    assert (target / "report.txt").is_file() and (target / "tables" / "baseline.csv").is_file()


@pytest.mark.usefixtures("no_figures")
def test_xlsx_output_is_a_workbook(tmp_path: Path) -> None:
    """``--output out.xlsx`` writes a real workbook (a zip with the workbook part)."""
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "out.xlsx"
    assert main(["-q", "--output", str(target)]) == 0
    assert target.read_bytes().startswith(b"PK")
    assert "baseline" in openpyxl.load_workbook(target).sheetnames


def test_format_and_a_suffix_of_another_format_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--format text --output r.xlsx`` would write text into a workbook's name: exit 2."""
    assert main(["--format", "text", "--output", str(tmp_path / "r.xlsx")]) == EXIT_BAD_DATA
    assert "--format text writes .txt files" in _error(capsys)


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("t1.html", b"<!DOCTYPE html>"),
        ("t1.htm", b"<!DOCTYPE html>"),
        ("t1.md", b"### Table 1. Baseline characteristics"),
        ("t1.markdown", b"### Table 1. Baseline characteristics"),
        ("t1.txt", b"Table 1. Baseline characteristics\n="),
        ("t1.tex", b"% Table 'baseline'"),
        ("t1.csv", b"characteristic,level,group,"),
        ("t1.docx", b"PK"),
        ("t1.xlsx", b"PK"),
    ],
)
def test_table_is_written_in_the_suffix_format(
    name: str, start: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--table baseline --output t1.<suffix>`` writes Table 1 alone in that format."""
    if name.endswith(".docx"):
        pytest.importorskip("docx")
    if name.endswith(".xlsx"):
        pytest.importorskip("openpyxl")
    target = tmp_path / name
    assert main(["--table", "baseline", "--output", str(target)]) == 0
    written = target.read_bytes()
    assert written.startswith(start)
    assert "Wrote the table 'baseline'" in capsys.readouterr().out
    if name.endswith((".html", ".htm", ".md", ".markdown", ".txt", ".tex")):
        text = written.decode("utf-8")
        assert "Group assignment" not in text and "Within" not in text  # one table only
        assert "SYNTHETIC" in text


def test_table_docx_is_one_word_table(tmp_path: Path) -> None:
    """The Word file of one table holds that table and no other."""
    docx = pytest.importorskip("docx")
    target = tmp_path / "t1.docx"
    assert main(["-q", "--table", "baseline", "--output", str(target)]) == 0
    document = docx.Document(target)
    assert len(document.tables) == 1
    assert document.tables[0].rows[1].cells[0].text == "Age at index, years"


def test_table_xlsx_holds_its_numbers(tmp_path: Path) -> None:
    """The workbook of one table has its numbers sheet and its display sheet."""
    pytest.importorskip("openpyxl")
    target = tmp_path / "t1.xlsx"
    assert main(["-q", "--table", "within", "--output", str(target)]) == 0
    sheets = pd.read_excel(target, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["contents", "within", "within shown"]
    assert pd.api.types.is_float_dtype(sheets["within"]["pvalue"])


def test_table_without_output_prints_text_or_the_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--table`` alone prints the text table; with ``--format markdown`` the markdown one."""
    assert main(["--table", "attrition"]) == 0
    assert capsys.readouterr().out.startswith("Attrition\n=========\n")
    assert main(["--table", "attrition", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("### Attrition\n")
    assert main(["--table", "attrition", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("step,level,patients")


@pytest.mark.parametrize("name", ["t1.docx", "t1.html"])
def test_unknown_table_lists_the_report_tables(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown ``--table`` exits 2 with one line naming the report's tables."""
    assert main(["--table", "table1", "--output", str(tmp_path / name)]) == EXIT_BAD_DATA
    line = _error(capsys)
    assert "no table 'table1'" in line
    assert "attrition, baseline, within, between, time_to_event, assignments" in line
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--table", "baseline", "--output", "out/"], "is a folder; give a file name"),
        (["--table", "baseline", "--output", "t1.pdf"], "unknown suffix '.pdf'"),
        (["--table", "baseline", "--format", "docx"], "--format docx needs --output FILE.docx"),
    ],
)
def test_impossible_table_outputs_are_one_line_errors(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """One table into a folder, an unknown suffix, or Word on the terminal: exit 2, one line."""
    assert main(options) == EXIT_BAD_DATA
    assert message in _error(capsys)


def test_hostile_ids_in_one_table_html_docx_xlsx(hostile_folder: Path, tmp_path: Path) -> None:
    """A script id is escaped in HTML and a formula id is text in Word and Excel."""
    docx = pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    paths = {suffix: tmp_path / f"a{suffix}" for suffix in (".html", ".docx", ".xlsx")}
    for path in paths.values():
        assert main([str(hostile_folder), "-q", "--table", "assignments", "-o", str(path)]) == 0
    page = paths[".html"].read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    ids = [row.cells[0].text for row in docx.Document(paths[".docx"]).tables[0].rows]
    assert SCRIPT_ID in ids and FORMULA_ID in ids
    workbook = openpyxl.load_workbook(io.BytesIO(paths[".xlsx"].read_bytes()))
    sheet = workbook["assignments"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA_ID]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_existing_file_without_suffix_is_an_error_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--output out`` where ``out`` is a file: one line, the file left as it was."""
    target = tmp_path / "out"
    target.write_text("keep", encoding="utf-8")
    assert main(["--output", str(target)]) == EXIT_BAD_DATA
    assert "has no suffix, so it names a folder, but it is a file" in _error(capsys)
    assert target.read_text(encoding="utf-8") == "keep"
