"""LaTeX tables that fit their page: compiled twice, no box too wide, nothing past the edge."""

from __future__ import annotations

import dataclasses
import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.design_file import load_design
from myopathy_outcomes.example import example_path
from myopathy_outcomes.report import Table
from myopathy_outcomes.report._latex_widths import POINTS, fit, text_width
from myopathy_outcomes.report.latex import TEX_PACKAGES, report_latex, table_latex, write_latex
from myopathy_outcomes.report.table import column_kinds
from tests.report._rendered import everywhere_report
from tests.report._tex import bad_boxes, compile_twice, needs_tex, tex_missing

ROOT = Path(__file__).parents[2]
DESIGNS = ROOT / "examples" / "designs"

#: A drug name of 60 characters with no space, written in a design and in the data.
LONG_DRUG = "Hyperimmunomodulatory-anti-synthetase-calcineurin-XR-600-mgs"
#: An id made of every character special to LaTeX, and one of the longest an id can be.
SPECIAL_ID = "P\\{1}$&#^_%~01"
LONG_ID = "PATIENT-" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2 + "0123"


def _frames() -> dict[str, pd.DataFrame]:
    return {
        name: pd.read_csv(example_path() / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("patients", "visits", "regimens")
    }


def hostile_long_report() -> mo.StudyReport:
    """The example with LaTeX specials and 64 characters in ids, a 60-character drug, long labels.

    The drug is an arm's label and an unknown drug in the data (its row is
    excluded and quoted); the second arm's label is one 60-character word;
    the title and the data's folder hold words wider than a column.
    """
    frames = _frames()
    for frame in frames.values():
        frame["patient_id"] = frame["patient_id"].replace(
            {"SYN-01": SPECIAL_ID, "SYN-08": LONG_ID}
        )
    regimens = frames["regimens"]
    unknown = regimens.iloc[[0]].assign(drug=LONG_DRUG, patient_id="SYN-02")
    frames["regimens"] = pd.concat([regimens, unknown], ignore_index=True)
    source = "/data/" + "very-long-folder-name_" * 6 + "export"
    cohort = mo.cohort_from_frames(**frames, source=source, on_error="exclude")
    design = mo.studies.HANAOKA_2019
    arms = (
        dataclasses.replace(
            design.arms[0], label=f"MMF + {LONG_DRUG} & {{CNI}} $x^2$ #1 ~a \\b _%"
        ),
        dataclasses.replace(design.arms[1], label="MMF-alone-" + "X" * 50),
    )
    title = "T" * 70 + " with a title of many words" * 4
    return mo.analyze(cohort, dataclasses.replace(design, arms=arms, title=title))


def _designed(design: str, folder: Path | None = None) -> Callable[[], mo.StudyReport]:
    def run() -> mo.StudyReport:
        cohort = mo.load_example() if folder is None else mo.load_cohort(folder)
        return mo.analyze(cohort, load_design(design))

    return run


COHORTS: dict[str, Callable[[], mo.StudyReport]] = {
    "example": lambda: mo.analyze(mo.load_example()),
    "adjusted": _designed(str(DESIGNS / "hanaoka2019_adjusted.toml")),
    "response": _designed(
        str(DESIGNS / "hanaoka2019_response.toml"), ROOT / "examples" / "response_cohort"
    ),
    "four_arms": _designed(str(Path(__file__).parent / "data" / "four_arms.toml")),
    "hostile": hostile_long_report,
    "everywhere": everywhere_report,  # markup, [ and * at stacked headings' line starts
}


@pytest.fixture(scope="module", params=sorted(COHORTS))
def compiled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """report.tex with its tables written and compiled twice, for each cohort."""
    if (missing := tex_missing()) is not None:
        pytest.skip(missing)
    directory = tmp_path_factory.mktemp(request.param)
    write_latex(COHORTS[request.param](), directory)
    compile_twice(directory)
    return directory


def test_no_box_too_wide_or_error(compiled: Path) -> None:
    """The second pdflatex run of report.tex reports no Overfull or Underfull box and no error."""
    log = (compiled / "report.log").read_text(encoding="latin-1")
    assert bad_boxes(log) == []


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def _poppler(program: str, *arguments: str, directory: Path) -> str:
    return subprocess.run(
        [program, *arguments], cwd=directory, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_every_word_is_inside_the_margins(compiled: Path) -> None:
    """Every printed word of report.pdf, the running head too, lies 5 mm inside the paper."""
    boxes = _poppler("pdftotext", "-bbox", "report.pdf", "-", directory=compiled)
    info = _poppler("pdfinfo", "-f", "1", "-l", "9999", "report.pdf", directory=compiled)
    turned = {int(n) for n, rot in re.findall(r"Page\s+(\d+) rot:\s+(\d+)", info) if rot != "0"}
    margin = 5 / 25.4 * 72
    pages = _PAGE.findall(boxes)
    assert pages and turned  # the example's time-to-event table is on a landscape page
    for number, (width, height, words) in enumerate(pages, start=1):
        # pdftotext gives a turned page's words as read, across its long side
        across, down = (height, width) if number in turned else (width, height)
        for box in _WORD.findall(words):
            x_min, y_min, x_max, y_max = map(float, box)
            assert x_min >= margin and y_min >= margin, (number, box)
            assert x_max <= float(across) - margin, (number, box)
            assert y_max <= float(down) - margin, (number, box)


@needs_tex
def test_each_table_file_compiles_alone(tmp_path: Path) -> None:
    """Each tables/<name>.tex of the hostile report, input alone in the preamble, fits its page."""
    write_latex(hostile_long_report(), tmp_path)
    preamble = (tmp_path / "report.tex").read_text(encoding="utf-8").split("\\begin{document}")[0]
    for table in sorted((tmp_path / "tables").glob("*.tex")):
        document = f"{table.stem}-alone.tex"
        body = f"\\begin{{document}}\n\\input{{tables/{table.stem}}}\n\\end{{document}}\n"
        (tmp_path / document).write_text(preamble + body, encoding="utf-8")
        assert bad_boxes(compile_twice(tmp_path, document)) == [], table.stem


def test_a_table_that_fits_keeps_its_natural_widths() -> None:
    """A narrow table is a plain tabular in small type on an upright page, nothing wrapped."""
    tex = table_latex(Table("T", ("a", "n"), (("x", "1"),), (), "demo"))
    assert "\\begin{tabular}{@{}lr@{}}" in tex and "\\small" in tex
    assert "landscape" not in tex and "tabularx" not in tex


def test_a_long_text_column_wraps_in_an_x_column() -> None:
    """Running text wraps in a tabularx X column; the table stays upright in small type."""
    table = Table("T", ("Patient", "Reason"), (("P1", "word " * 60),) * 3, (), "demo")
    tex = table_latex(table)
    assert (
        "{\\linewidth}{@{\\extracolsep{0pt plus 1fil}}l>{\\raggedright\\arraybackslash}X@{}}"
        in tex
    )
    assert "\\small" in tex and "landscape" not in tex


def test_a_wide_table_turns_its_page() -> None:
    """Twelve unbroken columns go on a landscape page, in footnote-size type or smaller."""
    table = Table("T", tuple(f"c{j}" for j in range(12)), (("100.0 [100.0, 100.0]",) * 12,))
    layout = fit(table, column_kinds(table))
    assert layout.landscape and layout.size in ("footnotesize", "scriptsize")


def test_headings_stack_before_the_type_shrinks() -> None:
    """A heading wider than its numbers is stacked on lines, a bracket kept on one."""
    heads = tuple(f"Group number {j} (n = 12)" for j in range(7))
    table = Table("T", ("Characteristic", *heads), (("Age", *("54 [48, 60]",) * 7),))
    layout = fit(table, column_kinds(table))
    assert layout.size == "small" and not layout.landscape
    assert layout.heads[1][-1] == "(n = 12)" and " ".join(layout.heads[1]) == heads[0]


def test_a_word_wider_than_its_column_gets_places_to_break() -> None:
    """A 60-character word in a wrapped column can break after any character."""
    table = Table("T", ("Patient", "Reason"), (("P1", f"{LONG_DRUG} " + "word " * 80),))
    tex = table_latex(table)
    assert "H\\allowbreak{}y\\allowbreak{}p" in tex
    assert "word word" in tex


def test_weights_of_x_columns_add_up_to_their_number() -> None:
    """tabularx's \\hsize factors of a table's X columns sum to their count (no underfull row)."""
    table = Table("T", ("A", "B", "C"), (("a " * 90, "b " * 50, "c " * 30),), (), "demo")
    weights = [w for w in fit(table, column_kinds(table)).weights if w is not None]
    assert len(weights) == 3
    assert sum(weights) == pytest.approx(3, abs=1e-9)


def test_the_example_report_keeps_its_portrait_tables() -> None:
    """The example's tables on a landscape page are the two of nine or more columns."""
    report = mo.analyze(mo.load_example())
    turned = {t.name for t in report.tables() if fit(t, column_kinds(t)).landscape}
    assert turned == {"within", "time_to_event"}
    assert report_latex(report).count("\\begin{landscape}") == 2


def _tfm_widths(path: Path) -> tuple[list[float], float]:
    """Character widths (pt, codes 0-255) and the interword space of a TFM file."""
    data = path.read_bytes()
    lh, bc, ec, nw = struct.unpack(">4H", data[2:10])
    nh, nd, ni, nl, nk, ne = struct.unpack(">6H", data[10:22])
    design = struct.unpack(">i", data[28:32])[0] / 2**20
    info = 24 + 4 * lh
    table = info + 4 * (ec - bc + 1)
    fixes = [struct.unpack(">i", data[table + 4 * k : table + 4 * k + 4])[0] for k in range(nw)]
    widths = [0.0] * 256
    for code in range(bc, ec + 1):
        widths[code] = fixes[data[info + 4 * (code - bc)]] / 2**20 * design
    params = table + 4 * (nw + nh + nd + ni + nl + nk + ne)
    space = struct.unpack(">i", data[params + 4 : params + 8])[0] / 2**20 * design
    return widths, space


@pytest.mark.parametrize("size", ["small", "footnotesize", "scriptsize"])
def test_widths_match_the_latin_modern_tfm_files(size: str) -> None:
    """The stored widths are Latin Modern's (ec-lmrN.tfm, found by kpsewhich), to 0.01 pt."""
    missing = tex_missing({"lmodern": TEX_PACKAGES["lmodern"]})
    if missing is not None:
        pytest.skip(missing)
    points = POINTS[size]  # type: ignore[index]
    found = subprocess.run(
        ["kpsewhich", f"ec-lmr{points}.tfm"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not found:
        pytest.skip(f"ec-lmr{points}.tfm not found (Debian: lmodern)")
    widths, space = _tfm_widths(Path(found))
    for code in (*range(0x21, 0x7F), *range(0xC0, 0x100)):
        if code in (0xD7, 0xF7):  # Latin-1's x and division sign are other letters in T1
            continue
        assert text_width(chr(code), size) == pytest.approx(widths[code], abs=0.006), chr(code)  # type: ignore[arg-type]
    assert text_width(" ", size) == pytest.approx(space, abs=0.006)  # type: ignore[arg-type]


def test_a_missing_package_is_named_with_its_debian_package() -> None:
    """A test that needs a TeX package skips naming the .sty and the Debian package to install."""
    missing = tex_missing({"no-such-package-i22": "texlive-latex-extra"})
    if shutil.which("pdflatex") is None or shutil.which("kpsewhich") is None:
        assert missing == "pdflatex not found (Debian: texlive-latex-base)" or "kpsewhich" in str(
            missing
        )
    else:
        assert missing == "no-such-package-i22.sty not found (Debian: texlive-latex-extra)"


def test_docs_list_every_package_and_its_debian_package() -> None:
    """docs/output.md names each package report.tex loads and the Debian package that has it."""
    docs = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    preamble = report_latex(mo.analyze(mo.load_example())).split("\\begin{document}")[0]
    loaded = {
        m
        for group in re.findall(r"\\usepackage(?:\[[^]]*\])?\{([^}]*)\}", preamble)
        for m in group.split(",")
    }
    assert loaded == set(TEX_PACKAGES)
    for name, debian in TEX_PACKAGES.items():
        assert f"`{name}`" in docs and debian in docs, name
