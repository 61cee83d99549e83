"""The LaTeX tables and driver: every number the report's, data escaped, compiles as is."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report.latex import escape, report_latex, table_latex, write_latex
from tests.report._rendered import (
    FORMULA_ID,
    HOSTILE_GROUP,
    SCRIPT_ID,
    check_numbers,
    display_rows,
    hostile_report,
)

_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textminus{}": "-",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
    r"\{": "{",
    r"\}": "}",
}
_TOKEN = re.compile("|".join(re.escape(k) for k in _UNESCAPE))


def _text(tex: str) -> str:
    """LaTeX cell source back to the text it prints."""
    indent = re.match(r"\\hspace\*\{(\d)em\}", tex)
    prefix = "  " * int(indent[1]) if indent else ""
    tex = tex[indent.end() :] if indent else tex
    return prefix + _TOKEN.sub(lambda m: _UNESCAPE[m[0]], tex.removeprefix("{}"))


def parse_table(tex: str) -> dict[str, list[list[str]]]:
    """Title, header, body rows and notes of one table written by table_latex."""
    lines = tex.splitlines()
    title = _text(re.search(r"\\caption\*\{(.*)\}", tex)[1])  # type: ignore[index]
    if "\\begin{longtable}" in tex:
        start = lines.index("\\endlastfoot") + 1
        end = lines.index("\\end{longtable}")
        header = lines[lines.index("\\toprule") + 1]
    else:
        start = lines.index("\\midrule") + 1
        end = lines.index("\\bottomrule")
        header = lines[start - 2]
    rows = [
        [_text(c) for c in line.removesuffix(r" \\").split(" & ")] for line in lines[start:end]
    ]
    notes = [_text(line.removeprefix("\\item ")) for line in lines if line.startswith("\\item ")]
    if not notes and "\\begin{footnotesize}" in lines:
        block = lines[
            lines.index("\\begin{footnotesize}") + 1 : lines.index("\\end{footnotesize}")
        ]
        notes = [_text(n) for n in "\n".join(block).split("\n\n")]
    head = [_text(c) for c in header.removesuffix(r" \\").split(" & ")]
    return {"title": [[title]], "head": [head], "body": rows, "notes": [[n] for n in notes]}


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


@pytest.fixture(scope="module")
def written(report: mo.StudyReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("latex")
    write_latex(report, directory)
    return directory


def test_one_file_per_table_and_a_driver(report: mo.StudyReport, written: Path) -> None:
    """report.tex inputs tables/<name>.tex for every table of the report."""
    driver = (written / "report.tex").read_text(encoding="utf-8")
    for table in report.tables():
        assert (written / "tables" / f"{table.name}.tex").is_file()
        assert f"\\input{{tables/{table.name}}}" in driver


def test_tables_use_booktabs_with_notes(report: mo.StudyReport, written: Path) -> None:
    """Each table has booktabs rules, its title and every note, parsed back unchanged."""
    for table in report.tables():
        tex = (written / "tables" / f"{table.name}.tex").read_text(encoding="utf-8")
        assert "\\toprule" in tex and "\\midrule" in tex and "\\bottomrule" in tex
        assert "\\hline" not in tex
        parsed = parse_table(tex)
        assert parsed["title"] == [[table.title]]
        assert parsed["head"] == [list(table.columns)]
        assert parsed["notes"] == [[n] for n in table.notes]


def test_every_number_equals_the_report(report: mo.StudyReport, written: Path) -> None:
    """Every number in the .tex tables is the numeric report's, rounded as displayed."""
    parsed = {
        t.name: parse_table((written / "tables" / f"{t.name}.tex").read_text(encoding="utf-8"))[
            "body"
        ]
        for t in report.tables()
    }
    check_numbers(parsed, report)
    assert parsed == display_rows(report)


def test_negative_numbers_get_a_minus_sign() -> None:
    """A negative number in a numeric column is typeset with a minus sign, not a hyphen."""
    tex = table_latex(mo.report.Table("T", ("a", "b"), (("x", "-750 [-1490, -420]"),)))
    assert r"\textminus{}750 [\textminus{}1490, \textminus{}420]" in tex


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("&", r"\&"),
        ("%", r"\%"),
        ("$", r"\$"),
        ("#", r"\#"),
        ("_", r"\_"),
        ("{", r"\{"),
        ("}", r"\}"),
        ("~", r"\textasciitilde{}"),
        ("^", r"\textasciicircum{}"),
        ("\\", r"\textbackslash{}"),
    ],
)
def test_special_characters_are_escaped(text: str, tex: str) -> None:
    """Each of LaTeX's ten special characters is escaped."""
    assert escape(f"a{text}b") == f"a{tex}b"


def test_characters_pdflatex_cannot_set_are_named() -> None:
    """A character outside pdfLaTeX's fonts prints as its code point instead of failing."""
    assert escape("中") == "[U+4E2D]"
    assert escape("é") == "é"


def test_hostile_data_is_escaped(tmp_path: Path) -> None:
    """Ids and a group label full of TeX and markup characters come back unchanged."""
    hostile = hostile_report()
    write_latex(hostile, tmp_path)
    parsed = {
        t.name: parse_table((tmp_path / "tables" / f"{t.name}.tex").read_text(encoding="utf-8"))
        for t in hostile.tables()
    }
    patients = [row[0] for row in parsed["assignments"]["body"]]
    assert SCRIPT_ID in patients and FORMULA_ID in patients
    assert parsed["within"]["body"][0][0] == HOSTILE_GROUP
    check_numbers({name: t["body"] for name, t in parsed.items()}, hostile)


def _pdflatex(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs pdflatex")


@needs_pdflatex
def test_driver_compiles_as_is(written: Path) -> None:
    """pdflatex compiles report.tex with its tables, with no error."""
    done = _pdflatex(written)
    assert done.returncode == 0, done.stdout[-3000:]
    assert (written / "report.pdf").stat().st_size > 0


@needs_pdflatex
def test_hostile_report_compiles(tmp_path: Path) -> None:
    """A report whose data hold every special character still compiles."""
    write_latex(hostile_report(), tmp_path)
    done = _pdflatex(tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]


def test_single_file_holds_every_table(report: mo.StudyReport) -> None:
    """Without table files the document holds every table itself."""
    tex = report_latex(report)
    assert "\\input" not in tex
    assert tex.count("\\toprule") >= len(report.tables())
