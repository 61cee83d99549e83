"""The design's reference is printed under the title in every rendered format, escaped."""

from __future__ import annotations

import dataclasses
import html
import io

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report import display, figures
from myopathy_outcomes.report.latex import escape
from tests.report._rendered import EVERYWHERE, everywhere_report


@pytest.fixture(scope="module")
def hostile() -> mo.StudyReport:
    return everywhere_report()


CITED = f"Reference: {EVERYWHERE} reference"


def test_example_report_cites_the_paper() -> None:
    """The example's report cites Hanaoka et al. right under the title."""
    lines = mo.analyze(mo.load_example()).to_text().splitlines()
    assert lines[2].startswith("Reference: Hanaoka H, Iida H,")
    assert lines[2].endswith("Clin Rheumatol. 2019;38:585-590.")


def test_no_reference_no_line() -> None:
    """A design without a reference prints no empty Reference line."""
    design = dataclasses.replace(mo.studies.HANAOKA_2019, reference=" ")
    bare = mo.analyze(mo.load_example(), design)
    assert display.reference(bare) is None
    assert "Reference:" not in bare.to_text()


def test_text_prints_the_reference_under_the_title(hostile: mo.StudyReport) -> None:
    """Plain text: the paragraph after the title."""
    assert hostile.to_text().split("\n\n")[1] == CITED


def test_markdown_prints_the_reference_escaped(hostile: mo.StudyReport) -> None:
    """Markdown: the paragraph after the heading, escaped like every value from the data."""
    second = hostile.to_markdown().split("\n\n")[1]
    assert second.startswith("Reference: &lt;img src=x onerror=alert(1)&gt; ]]&gt;&lt;!--")


def test_html_prints_the_reference_escaped(
    hostile: mo.StudyReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTML: a paragraph right after the <h1>, escaped."""
    monkeypatch.setattr(figures, "available", lambda: False)
    page = hostile.to_html()
    heading = page.index("<h1>")
    assert page.index(f'<p class="reference">{html.escape(CITED)}</p>') > heading
    assert EVERYWHERE not in page


def test_latex_prints_the_reference_escaped(hostile: mo.StudyReport) -> None:
    """LaTeX: the line after the title, escaped."""
    tex = hostile.to_latex()
    title = tex.index("\\LARGE\\bfseries")
    assert tex.index(f"{{\\raggedright\\small\\itshape {escape(CITED)}\\par}}") > title


def test_word_prints_the_reference_under_the_title(
    hostile: mo.StudyReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Word: the paragraph after the level-1 heading, in italics."""
    docx = pytest.importorskip("docx")
    monkeypatch.setattr(figures, "available", lambda: False)
    paragraphs = docx.Document(io.BytesIO(hostile.to_docx())).paragraphs
    at = next(k for k, p in enumerate(paragraphs) if p.style.name == "Heading 1")
    assert paragraphs[at + 1].text == CITED
    assert all(run.italic for run in paragraphs[at + 1].runs)
