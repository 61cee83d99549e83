"""The LaTeX tables and driver: every number the report's, data escaped, compiles as is."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.example import example_path
from myopathy_outcomes.report import Table
from myopathy_outcomes.report.latex import (
    escape,
    line_start,
    report_latex,
    table_latex,
    write_latex,
)
from tests.report._rendered import (
    FORMULA_ID,
    HOSTILE_GROUP,
    SCRIPT_ID,
    check_numbers,
    display_rows,
    hostile_report,
)
from tests.report._tex import bad_boxes, compile_twice, needs_tex, pdflatex

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
    r"\textasciigrave{}": "`",
    r"\allowbreak{}": "",  # a place to break a word too wide for its column
    "{}": "",  # a guard: at a line start, or between two characters the fonts would join
}
_STACKED = re.compile(r"\\begin\{tabular\}\[b\]\{@\{\}[lr]@\{\}\}(.*?)\\end\{tabular\}")
_TOKEN = re.compile("|".join(re.escape(k) for k in _UNESCAPE))


def _text(tex: str) -> str:
    """LaTeX cell source back to the text it prints."""
    indent = re.match(r"\\hspace\*\{(\d)em\}", tex)
    prefix = "  " * int(indent[1]) if indent else ""
    tex = tex[indent.end() :] if indent else tex
    return prefix + _TOKEN.sub(lambda m: _UNESCAPE[m[0]], tex)


def parse_table(tex: str) -> dict[str, list[list[str]]]:
    """Title, header, body rows and notes of one table written by table_latex."""
    lines = tex.splitlines()
    title = _text(re.search(r"\\caption\*\{(.*)\}", tex)[1])  # type: ignore[index]
    if "\\endlastfoot" in lines:  # a longtable, or an xltabular (a longtable that wraps)
        start = lines.index("\\endlastfoot") + 1
        end = next(k for k, line in enumerate(lines) if line.startswith("\\end{") and k > start)
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
    header = _STACKED.sub(lambda m: m[1].replace("\\\\", " "), header)
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


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("MMF--CNI", "MMF-{}-CNI"),
        ("a---b", "a-{}-{}-b"),
        ("''quoted''", "'{}'quoted'{}'"),
        ("<<x>>", "<{}<x>{}>"),
        (",,y", ",{},y"),
        ("?`trial", "?\\textasciigrave{}trial"),
        ("-\u2013", "-{}--"),
        ("\u2018\u2018", "`{}`"),
    ],
)
def test_ligatures_are_kept_apart(text: str, tex: str) -> None:
    """Two characters the fonts would join (an en dash, a quote, a guillemet) are kept apart."""
    assert escape(text) == tex


def test_a_row_starting_with_star_or_bracket_is_guarded() -> None:
    """A first cell after a line break (\\\\) or a note after \\item starts with a {} guard."""
    table = Table("T", ("[h]", "n"), (("*P01", "1"), ("[A] arm", "2")), ("[A] arm: a note",))
    lines = table_latex(table).splitlines()
    assert "{}[h] & n \\\\" in lines
    assert "{}*P01 & 1 \\\\" in lines and "{}[A] arm & 2 \\\\" in lines
    assert "\\item {}[A] arm: a note" in lines
    assert line_start("arm") == "arm"


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


@needs_tex
def test_driver_compiles_as_is(written: Path) -> None:
    """pdflatex compiles report.tex with its tables, with no error."""
    done = pdflatex(written)
    assert done.returncode == 0, done.stdout[-3000:]
    assert (written / "report.pdf").stat().st_size > 0


@needs_tex
def test_hostile_report_compiles(tmp_path: Path) -> None:
    """A report whose data hold every special character compiles twice, every box in its page."""
    write_latex(hostile_report(), tmp_path)
    assert bad_boxes(compile_twice(tmp_path)) == []


#: Labels and ids a LaTeX line start or a font ligature used to change.
LINE_STARTS = {"SYN-01": "*P01", "SYN-02": "[B] P02", "SYN-03": "P--03 <<x>> ,,y"}


def _line_start_report() -> mo.StudyReport:
    frames = {
        name: pd.read_csv(example_path() / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("patients", "visits", "regimens")
    }
    for frame in frames.values():
        frame["patient_id"] = frame["patient_id"].replace(LINE_STARTS)
    design = mo.studies.HANAOKA_2019
    arms = (
        dataclasses.replace(design.arms[0], label="*MMF + CNI"),
        dataclasses.replace(design.arms[1], label="[A] arm -- alone"),
    )
    return mo.analyze(
        mo.cohort_from_frames(**frames, source="folder -- with `ticks`"),
        dataclasses.replace(design, arms=arms, title="[T] MMF--CNI ?`trial"),
    )


@needs_tex
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)")
def test_line_starts_and_ligatures_print_as_written(tmp_path: Path) -> None:
    """A leading * or [ and a -- in labels and ids print as written in the PDF."""
    write_latex(_line_start_report(), tmp_path)
    compile_twice(tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", "report.pdf", "-"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [line.split() for line in text.splitlines()]
    assert sum(row[:4] == ["*MMF", "+", "CNI", "CK"] for row in rows) == 1
    assert sum(row[:4] == ["*MMF", "+", "CNI", "%FVC"] for row in rows) == 1
    assert sum(row[:4] == ["[A]", "arm", "--", "alone,"] for row in rows) >= 3
    assert "[T] MMF--CNI ?`trial: outcome report" in text
    assert "folder -- with `ticks`" in text
    for shown in ("*P01", "[B] P02", "P--03"):
        assert any(line.lstrip().startswith(shown) for line in text.splitlines()), shown
    assert "\u2013" not in text and "\u00ab" not in text and "\u00bf" not in text


def test_single_file_holds_every_table(report: mo.StudyReport) -> None:
    """Without table files the document holds every table itself."""
    tex = report_latex(report)
    assert "\\input" not in tex
    assert tex.count("\\toprule") >= len(report.tables())
