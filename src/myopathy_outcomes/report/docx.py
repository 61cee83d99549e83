"""Word rendering through python-docx (the optional extra ``word``).

The document has the report's headings, the Methods as a list, every table
as a real Word table (so that it can be edited and pasted into a manuscript)
with its notes under it in small type, and the figures as PNG pictures with
numbered captions. A table too wide for a portrait page gets a landscape
section of its own. Characters XML cannot hold (NUL, ESC and the other
control characters but tab and line breaks) are left out of every text, and
the title property, which Word caps at 255 characters, is cut (the heading
keeps the whole title). Synthetic data are labelled at the top and in the page
header. Paper is A4 with 2 cm margins; Word changes it to Letter in one
click and the tables follow.

Install python-docx with ``pip install "myopathy-outcomes[word]"``.
"""

from __future__ import annotations

import importlib.util
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from myopathy_outcomes._version import __version__
from myopathy_outcomes.report import display
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import Table, column_kinds, is_wide, split_indent

if TYPE_CHECKING:
    from myopathy_outcomes.report.figures import ReportFigure

__all__ = ["WORD_EXTRA", "available", "property_text", "report_docx", "xml_text"]

#: How to install what the Word file needs.
WORD_EXTRA = 'pip install "myopathy-outcomes[word]"'

_TABLE_STYLE = "Table Grid"
_TABLE_POINTS = 8.5
_NOTE_POINTS = 8
_FIGURE_CM = 16.0
# XML 1.0 holds no C0 control character but tab, line feed and carriage return,
# no lone surrogate and neither U+FFFE nor U+FFFF: python-docx refuses them
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# the longest core property (title, subject, ...) Word files allow
_PROPERTY_MAX = 255


def xml_text(text: str) -> str:
    r"""``text`` without the characters an XML document cannot hold.

    Examples
    --------
    >>> xml_text("MMF\x00 + CNI\x1b[31m")
    'MMF + CNI[31m'
    """
    return _NOT_XML.sub("", text)


def property_text(text: str) -> str:
    """``text`` fit for a core property: XML text, cut to 255 characters with an ellipsis.

    Examples
    --------
    >>> len(property_text("x" * 300)), property_text("x" * 300)[-2:]
    (255, 'x…')
    """
    text = xml_text(text)
    return text if len(text) <= _PROPERTY_MAX else text[: _PROPERTY_MAX - 1] + "\u2026"


def available() -> bool:
    """Whether python-docx is installed, so that a Word file can be written."""
    return importlib.util.find_spec("docx") is not None


def _docx() -> Any:
    try:
        import docx  # noqa: PLC0415 (optional extra)
    except ImportError as error:  # pragma: no cover - exercised without the extra
        raise ImportError(f"a Word file needs python-docx: {WORD_EXTRA}") from error
    return docx


def _page(section: Any, *, landscape: bool) -> None:
    """A4 with 2 cm margins, portrait or landscape."""
    from docx.enum.section import WD_ORIENT  # noqa: PLC0415 (optional extra)
    from docx.shared import Cm  # noqa: PLC0415

    short, long = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))


def _new_section(document: Any, *, landscape: bool, synthetic: bool) -> None:
    from docx.enum.section import WD_SECTION  # noqa: PLC0415 (optional extra)

    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=landscape)
    _label_header(section, synthetic=synthetic)


def _label_header(section: Any, *, synthetic: bool) -> None:
    """The synthetic-data label in the page header, on every page."""
    if not synthetic:
        return
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 (optional extra)
    from docx.shared import Pt, RGBColor  # noqa: PLC0415

    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.text = ""
    run = paragraph.add_run("SYNTHETIC DATA: describes no real person")
    run.bold = True
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x9A, 0x34, 0x12)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _small(paragraph: Any, text: str, points: float, *, bold: bool = False) -> None:
    from docx.shared import Pt  # noqa: PLC0415 (optional extra)

    run = paragraph.add_run(xml_text(text))
    run.font.size = Pt(points)
    run.bold = bold


def _tight(paragraph: Any) -> None:
    from docx.shared import Pt  # noqa: PLC0415 (optional extra)

    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)


def add_table(document: Any, table: Table) -> Any:
    """Add ``table`` under a level-2 heading, as a Word table, with its notes below it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 (optional extra)
    from docx.shared import Cm  # noqa: PLC0415

    document.add_heading(xml_text(table.title), level=2)
    kinds = column_kinds(table)
    word = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    word.style = document.styles[_TABLE_STYLE]
    for j, (cell, text) in enumerate(zip(word.rows[0].cells, table.columns, strict=True)):
        paragraph = cell.paragraphs[0]
        _tight(paragraph)
        _small(paragraph, text, _TABLE_POINTS, bold=True)
        if kinds[j] == "number":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row, word_row in zip(table.rows, word.rows[1:], strict=True):
        for j, (cell, text) in enumerate(zip(word_row.cells, row, strict=True)):
            paragraph = cell.paragraphs[0]
            _tight(paragraph)
            level, shown = split_indent(text) if j == 0 else (0, text)
            if level:
                paragraph.paragraph_format.left_indent = Cm(0.4 * level)
            _small(paragraph, shown, _TABLE_POINTS)
            if kinds[j] == "number":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for note in table.notes:
        paragraph = document.add_paragraph()
        _tight(paragraph)
        _small(paragraph, note, _NOTE_POINTS)
    return word


def report_docx(report: ReportNumbers, figures: Sequence[ReportFigure] | None = None) -> bytes:
    """The whole report as a Word (.docx) file.

    Parameters
    ----------
    report : ReportNumbers
        The numbers to show.
    figures : sequence of ReportFigure, optional
        Figures to add as PNG pictures
        (:func:`myopathy_outcomes.report.figures.report_figures`); without them the
        document says how to get them.

    Returns
    -------
    bytes
        The ``.docx`` file.
    """
    document = _docx().Document()
    from docx.shared import Cm, Pt, RGBColor  # noqa: PLC0415 (optional extra)

    document.core_properties.title = property_text(display.title(report))
    document.core_properties.author = f"myopathy-outcomes {__version__}"
    document.styles["Normal"].font.size = Pt(10)
    section = document.sections[0]
    _page(section, landscape=False)
    _label_header(section, synthetic=report.synthetic)
    if report.synthetic:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(display.SYNTHETIC_NOTE)
        run.bold = True
        run.font.color.rgb = RGBColor(0x9A, 0x34, 0x12)
    document.add_heading(xml_text(display.title(report)), level=1)
    if (cited := display.reference(report)) is not None:
        document.add_paragraph().add_run(xml_text(cited)).italic = True
    document.add_paragraph(xml_text(f"Data: {report.source}"))
    if (notices := display.notices_line(report)) is not None:
        document.add_paragraph(xml_text(notices))
    document.add_heading("Methods", level=2)
    for paragraph in display.methods(report):
        document.add_paragraph(xml_text(paragraph), style="List Bullet")
    landscape = False
    for table in display.tables(report):
        wide = is_wide(table)
        if wide != landscape:
            _new_section(document, landscape=wide, synthetic=report.synthetic)
            landscape = wide
        add_table(document, table)
    if landscape:
        _new_section(document, landscape=False, synthetic=report.synthetic)
    document.add_heading("Figures", level=2)
    if figures is None:
        document.add_paragraph(
            f"This report has tables only: the figures need matplotlib. Install it with "
            f"{display.PLOT_EXTRA} and write the report again."
        )
    else:
        for number, item in enumerate(figures, start=1):
            document.add_picture(io.BytesIO(item.png), width=Cm(_FIGURE_CM))
            document.add_paragraph(xml_text(f"Figure {number}. {item.caption}"), style="Caption")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
