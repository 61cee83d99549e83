"""The one table of output formats: what save(), render(), to_*() and the command read."""

from __future__ import annotations

from pathlib import Path

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report import figures, formats
from myopathy_outcomes.report.formats import DOCUMENT_FORMATS, FORMATS, Format, named, with_suffix


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


@pytest.mark.parametrize("name", ["text", "markdown", "html", "latex"])
def test_render_gives_what_to_gives(
    report: mo.StudyReport, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """report.render(name) is the document of report.to_<name>()."""
    monkeypatch.setattr(figures, "available", lambda: False)
    assert report.render(name) == getattr(report, f"to_{name}")()


def test_render_gives_word_as_bytes(
    report: mo.StudyReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A binary format's document is bytes (a Word file is a zip archive)."""
    pytest.importorskip("docx")
    monkeypatch.setattr(figures, "available", lambda: False)
    document = report.render("docx")
    assert isinstance(document, bytes) and document.startswith(b"PK")
    assert named("docx").binary


def test_files_only_format_has_no_document(report: mo.StudyReport) -> None:
    """The CSV tables are files, not one document: render() says which formats are."""
    with pytest.raises(ValueError, match="csv is written as files only; a document is one of"):
        report.render("csv")


def test_unknown_format_lists_the_formats(report: mo.StudyReport) -> None:
    """An unknown name is a ValueError naming every format."""
    with pytest.raises(ValueError, match="format must be one of html, markdown, text, latex"):
        report.render("pdf")


@pytest.mark.parametrize(
    ("suffix", "name"),
    [
        (".HTM", "html"),
        (".markdown", "markdown"),
        (".tex", "latex"),
        (".docx", "docx"),
        (".Xlsx", "xlsx"),
    ],
)
def test_suffix_chooses_a_document_format(suffix: str, name: str) -> None:
    """A file's suffix, in any case, chooses the format whose suffixes hold it."""
    chosen = with_suffix(suffix)
    assert chosen is not None and chosen.name == name


def test_files_only_suffix_chooses_nothing() -> None:
    """A suffix of a files-only format (.csv) chooses no one-document format."""
    assert with_suffix(".csv") is None


def test_names_are_unique_and_documents_render() -> None:
    """Each format has its own name; the one-document formats are those with a render."""
    names = [f.name for f in FORMATS]
    assert len(set(names)) == len(names)
    documents = ["html", "markdown", "text", "latex", "docx", "xlsx"]
    assert [f.name for f in DOCUMENT_FORMATS] == documents


def test_a_format_needs_a_render_or_a_write() -> None:
    """An entry that can neither render nor write is refused when it is made."""
    with pytest.raises(ValueError, match="needs a render or a write function"):
        Format[str]("nothing", (".x",))


def test_a_new_format_is_one_entry(
    report: mo.StudyReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One more entry in the table is rendered by render() and written by save()."""
    monkeypatch.setattr(figures, "available", lambda: False)
    steps = Format[str](
        "steps", (".json",), lambda numbers, _: numbers.attrition_frame().to_json()
    )
    monkeypatch.setattr(formats, "FORMATS", (*FORMATS, steps))
    assert report.render("steps") == report.attrition_frame().to_json()
    written = report.save(tmp_path)
    assert tmp_path / "report.json" in written
    assert (tmp_path / "report.json").read_text(encoding="utf-8").startswith('{"step"')
