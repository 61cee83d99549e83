"""``report.save(directory)``: every output in one call, with or without the extras."""

from __future__ import annotations

from pathlib import Path

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report import docx as word
from myopathy_outcomes.report import figures
from tests.report._rendered import StrictHtml


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


def test_save_writes_every_output(
    report: mo.StudyReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTML, markdown, text, LaTeX with its tables, and a CSV per table."""
    monkeypatch.setattr(figures, "available", lambda: False)
    written = report.save(tmp_path)
    names = {str(p.relative_to(tmp_path)) for p in written}
    assert {"report.html", "report.md", "report.txt", "report.tex"} <= names
    for table in report.tables():
        assert f"tables/{table.name}.tex" in names
    assert {"tables/baseline.csv", "tables/within.csv", "tables/pairs.csv"} <= names
    assert all(p.is_file() for p in written)
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == report.to_markdown()
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == report.to_text()


@pytest.fixture(scope="module")
def saved(report: mo.StudyReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example saved once with matplotlib and python-docx."""
    pytest.importorskip("matplotlib")
    pytest.importorskip("docx")
    directory = tmp_path_factory.mktemp("saved")
    report.save(directory)
    return directory


def test_save_with_the_extras_writes_word_and_figures(report: mo.StudyReport, saved: Path) -> None:
    """With matplotlib and python-docx: report.docx, and each figure as SVG, PNG and PDF."""
    assert (saved / "report.docx").read_bytes().startswith(b"PK")
    for figure in figures.report_figures(report):
        for suffix in ("svg", "png", "pdf"):
            assert (saved / "figures" / f"{figure.name}.{suffix}").stat().st_size > 0


def test_saved_html_and_latex_hold_the_figures(report: mo.StudyReport, saved: Path) -> None:
    """The saved HTML has every figure inline and stays valid; the LaTeX includes the PDFs."""
    html = (saved / "report.html").read_text(encoding="utf-8")
    StrictHtml().check(html)
    names = [p.stem for p in sorted((saved / "figures").glob("*.svg"))]
    assert html.count("<svg") == len(names)
    tex = (saved / "report.tex").read_text(encoding="utf-8")
    for name in names:
        assert f"{{figures/{name}.pdf}}" in tex


def test_save_without_the_extras_writes_tables_and_says_how(
    report: mo.StudyReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without matplotlib and python-docx the HTML has tables only and names the extra."""
    monkeypatch.setattr(figures, "available", lambda: False)
    monkeypatch.setattr(word, "available", lambda: False)
    written = {str(p.relative_to(tmp_path)) for p in report.save(tmp_path)}
    assert "report.docx" not in written
    assert not any(name.startswith("figures/") for name in written)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg" not in html
    assert "pip install &quot;myopathy-outcomes[plot]&quot;" in html
    assert "\\includegraphics" not in (tmp_path / "report.tex").read_text(encoding="utf-8")
