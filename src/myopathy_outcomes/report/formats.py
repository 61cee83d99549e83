"""The report's output formats, one entry each, in one table: :data:`FORMATS`.

Everything that writes a report reads this table:
:meth:`StudyReport.save <myopathy_outcomes.report.study.StudyReport.save>`
(:mod:`~myopathy_outcomes.report.files`) writes each format into a
directory, :meth:`StudyReport.render
<myopathy_outcomes.report.study.StudyReport.render>` and the ``to_*()``
methods give one document, and the command's ``--format`` and ``--output``
take their names and suffixes from it. Adding a renderer is its module and
one line here.

This is the one module that imports the renderers; each of them reads the
report's numbers (:class:`~myopathy_outcomes.report.numbers.ReportNumbers`)
and its display strings only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from myopathy_outcomes.report import csv, docx, figures, html, latex, markdown, text, xlsx
from myopathy_outcomes.report.display import ASSIGNMENTS_FILE, NOTES_FILE
from myopathy_outcomes.report.figures import ReportFigure
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.one_table import ReportTable
from myopathy_outcomes.report.staging import write_whole_file

__all__ = [
    "CSV",
    "DOCUMENT_FORMATS",
    "DOCX",
    "FIGURES",
    "FORMATS",
    "HTML",
    "LATEX",
    "MARKDOWN",
    "OUTPUT_FILES",
    "TABLE_FORMATS",
    "TEXT",
    "XLSX",
    "Format",
    "figures_of",
    "installed",
    "known_suffixes",
    "named",
    "with_suffix",
]

#: The figures drawn for a report, or ``None`` without matplotlib.
Figures = Sequence[ReportFigure] | None

Document = TypeVar("Document", str, bytes)

_FIGURES_DIRECTORY = "figures"
_TABLES_DIRECTORY = "tables"


@dataclass(frozen=True)
class Format(Generic[Document]):
    """One output format of the report.

    Attributes
    ----------
    name : str
        What ``--format`` and :meth:`StudyReport.render` take (``"html"``).
    suffixes : tuple of str
        File suffixes that choose the format for ``--output FILE``; the first
        names the file :meth:`StudyReport.save` writes (``report.html``).
    render : callable or None
        ``render(report, figures)``: the whole report as one document (text
        or bytes); ``figures`` is ``None`` unless :attr:`shows_figures`.
        ``None`` for a format written only as files (the CSV tables).
    write : callable or None
        ``write(report, directory, figures)``: write the format's files into
        ``directory`` for :meth:`StudyReport.save`, returning them; by
        default ``report<suffix>``, the document of :attr:`render`.
    extra : str or None
        The optional extra the format needs (``pip install
        "myopathy-outcomes[<extra>]"``); :meth:`StudyReport.save` leaves the
        format out without it.
    shows_figures : bool
        Whether the document shows the figures (drawn for it when
        matplotlib is installed).
    binary : bool
        Whether the document is bytes, which a terminal cannot show.
    table : callable or None
        ``table(one)``: one table of the report alone
        (:class:`~myopathy_outcomes.report.one_table.ReportTable`) as a
        document of this format, for ``--table NAME --output FILE``;
        ``None`` for a format without one (the figures).
    files : tuple of str
        The files :meth:`StudyReport.save` may write for the format,
        relative to the folder, ``*`` for any name (``"tables/*.csv"``); by
        default ``report<suffix>``. A folder to be saved into may hold these
        only (:mod:`~myopathy_outcomes.report.staging`).
    """

    name: str
    suffixes: tuple[str, ...]
    render: Callable[[ReportNumbers, Figures], Document] | None = None
    write: Callable[[ReportNumbers, Path, Figures], list[Path]] | None = None
    extra: str | None = None
    shows_figures: bool = False
    binary: bool = False
    table: Callable[[ReportTable], Document] | None = None
    files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.render is None and self.write is None:
            raise ValueError(f"format {self.name!r} needs a render or a write function")
        if not self.files:
            object.__setattr__(self, "files", (f"report{self.suffix}",))

    @property
    def suffix(self) -> str:
        """The suffix of the file the format is saved as (``".html"``)."""
        return self.suffixes[0]

    def available(self) -> bool:
        """Whether the extra the format needs is installed (asked each time)."""
        return self.extra is None or installed(self.extra)

    def document(self, report: ReportNumbers) -> Document:
        """The whole report as one document of this format, figures drawn when it shows them."""
        return self._render(report, figures_of(report) if self.shows_figures else None)

    def save(self, report: ReportNumbers, directory: Path, drawn: Figures) -> list[Path]:
        """Write the format's files into ``directory``, the figures ``drawn`` once for all."""
        if self.write is not None:
            return self.write(report, directory, drawn)
        path = directory / f"report{self.suffix}"
        _write_file(path, self._render(report, drawn if self.shows_figures else None))
        return [path]

    def write_document(self, report: ReportNumbers, path: Path) -> Path:
        """Write :meth:`document` to ``path`` (text as UTF-8), whole or not at all; return it."""
        write_whole_file(path, self.document(report))
        return path

    def table_document(self, one: ReportTable) -> Document:
        """``one`` table alone as a document of this format; a ValueError for a format without."""
        if self.table is None:
            names = ", ".join(f.name for f in TABLE_FORMATS)
            raise ValueError(f"{self.name} cannot hold one table; a table is one of {names}")
        return self.table(one)

    def _render(self, report: ReportNumbers, drawn: Figures) -> Document:
        if self.render is None:
            names = ", ".join(f.name for f in DOCUMENT_FORMATS)
            raise ValueError(f"{self.name} is written as files only; a document is one of {names}")
        return self.render(report, drawn)


def _write_file(path: Path, document: str | bytes) -> None:
    if isinstance(document, bytes):
        path.write_bytes(document)
    else:
        path.write_text(document, encoding="utf-8")


def installed(extra: str) -> bool:
    """Whether the optional ``extra`` (``"plot"``, ``"word"``, ``"excel"``) is installed.

    The module that needs the extra answers, when asked (so that a test can
    take an extra away).
    """
    if extra == "plot":
        return figures.available()
    if extra == "word":
        return docx.available()
    if extra == "excel":
        return xlsx.available()
    raise ValueError(f"extra must be 'plot', 'word' or 'excel', got {extra!r}")


def figures_of(report: ReportNumbers) -> Figures:
    """Every figure of the report (:func:`.figures.report_figures`); ``None`` without them."""
    return figures.report_figures(report) if figures.available() else None


def _alone(
    render: Callable[[ReportNumbers], Document],
) -> Callable[[ReportNumbers, Figures], Document]:
    """``render`` called as a format is: it shows no figures."""

    def document(report: ReportNumbers, _: Figures) -> Document:
        return render(report)

    return document


def _write_latex(report: ReportNumbers, directory: Path, drawn: Figures) -> list[Path]:
    """``report.tex`` with ``tables/*.tex``, including the figures' PDF files."""
    pdfs = [(f"{_FIGURES_DIRECTORY}/{f.name}.pdf", f.caption) for f in drawn or ()]
    return latex.write_latex(report, directory, figure_files=pdfs)


def _write_csv(report: ReportNumbers, directory: Path, _: Figures) -> list[Path]:
    """``tables/*.csv``, and ``assignments.csv`` when the report cannot list every patient."""
    written = csv.write_csv_tables(report, directory / _TABLES_DIRECTORY)
    if report.lists_patients_elsewhere:
        written.append(csv.write_assignments(report, directory))
    return written


def _write_figures(_: ReportNumbers, directory: Path, drawn: Figures) -> list[Path]:
    """Each figure as SVG, PNG and PDF in ``figures/``."""
    return [] if drawn is None else figures.write_figures(drawn, directory / _FIGURES_DIRECTORY)


HTML = Format[str](
    "html",
    (".html", ".htm"),
    html.report_html,
    shows_figures=True,
    table=lambda one: one.to_html(standalone=True),
)
MARKDOWN = Format[str](
    "markdown",
    (".md", ".markdown"),
    _alone(markdown.report_markdown),
    table=lambda one: one.to_markdown() + "\n",
)
TEXT = Format[str](
    "text", (".txt",), _alone(text.report_text), table=lambda one: one.to_text() + "\n"
)
LATEX = Format[str](
    "latex",
    (".tex",),
    _alone(latex.report_latex),
    write=_write_latex,
    table=lambda one: one.to_latex() + "\n",
    files=("report.tex", f"{_TABLES_DIRECTORY}/*.tex"),
)
DOCX = Format[bytes](
    "docx",
    (".docx",),
    docx.report_docx,
    extra="word",
    shows_figures=True,
    binary=True,
    table=lambda one: one.to_docx(),
)
XLSX = Format[bytes](
    "xlsx",
    (".xlsx",),
    _alone(xlsx.report_xlsx),
    extra="excel",
    binary=True,
    table=lambda one: one.to_xlsx(),
)
CSV = Format[str](
    "csv",
    (".csv",),
    write=_write_csv,
    table=lambda one: one.to_csv(),
    files=(f"{_TABLES_DIRECTORY}/*.csv", ASSIGNMENTS_FILE),
)
FIGURES = Format[str](
    "figures",
    (".svg", ".png", ".pdf"),
    write=_write_figures,
    extra="plot",
    files=tuple(f"{_FIGURES_DIRECTORY}/*{suffix}" for suffix in (".svg", ".png", ".pdf")),
)

#: Every format, in the order :meth:`StudyReport.save` writes them.
FORMATS: tuple[Format[str] | Format[bytes], ...] = (
    HTML,
    MARKDOWN,
    TEXT,
    LATEX,
    DOCX,
    CSV,
    XLSX,
    FIGURES,
)

#: Every file :meth:`StudyReport.save` may write, relative to the folder (``*``: any name):
#: those of each format, and the notices (``notes.txt``).
OUTPUT_FILES = (*(pattern for form in FORMATS for pattern in form.files), NOTES_FILE)

#: The formats that give the whole report as one document (``--format``).
DOCUMENT_FORMATS = tuple(f for f in FORMATS if f.render is not None)

#: The formats that give one table alone as a document (``--table NAME``).
TABLE_FORMATS = tuple(f for f in FORMATS if f.table is not None)


def named(name: str) -> Format[str] | Format[bytes]:
    """The format called ``name``; a ValueError lists the names."""
    for form in FORMATS:
        if form.name == name:
            return form
    raise ValueError(f"format must be one of {', '.join(f.name for f in FORMATS)}; got {name!r}")


def with_suffix(suffix: str, *, table: bool = False) -> Format[str] | Format[bytes] | None:
    """The one-document format a file name's ``suffix`` chooses (any case), or ``None``.

    ``table``: the document holds one table (:data:`TABLE_FORMATS`), which a
    ``.csv`` file can hold too.

    Examples
    --------
    >>> with_suffix(".XLSX").name, with_suffix(".csv"), with_suffix(".csv", table=True).name
    ('xlsx', None, 'csv')
    """
    chosen = TABLE_FORMATS if table else DOCUMENT_FORMATS
    return next((f for f in chosen if suffix.lower() in f.suffixes), None)


def known_suffixes(*, table: bool = False) -> tuple[str, ...]:
    """Every suffix :func:`with_suffix` knows, for the whole report or ``table``.

    Examples
    --------
    >>> known_suffixes()
    ('.html', '.htm', '.md', '.markdown', '.txt', '.tex', '.docx', '.xlsx')
    """
    return tuple(s for f in (TABLE_FORMATS if table else DOCUMENT_FORMATS) for s in f.suffixes)
