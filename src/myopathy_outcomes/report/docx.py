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
from myopathy_outcomes.report.columns import TableLike
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import column_kinds, is_wide, split_indent
from myopathy_outcomes.report.widths import fit_widths, longest_word_points, text_points

if TYPE_CHECKING:
    from myopathy_outcomes.report.figures import ReportFigure

__all__ = [
    "WORD_EXTRA",
    "add_table",
    "available",
    "property_text",
    "report_docx",
    "table_docx",
    "xml_text",
]

#: How to install what the Word file needs.
WORD_EXTRA = 'pip install "myopathy-outcomes[word]"'

_TABLE_POINTS = 8.5
_NOTE_POINTS = 8
_CAPTION_POINTS = 10
_INDENT_POINTS = 11.34  # 0.4 cm a level of indentation
# Word's default cell margins (0.19 cm each side) and a point to spare
_PADDING = 2 * 5.4 + 1.0
_LONGEST_WORD = 120.0  # a longer word (a hostile id) is broken by Word, not given its width
_OUTER_RULE = 8  # eighths of a point: 1 pt rules above and below the table
_HEADER_RULE = 4  # and a 0.5 pt rule under the header row
_EMU_PER_TWIP = 635
# a title's own number ("Table 1. Baseline characteristics"): the caption's field numbers it
_NUMBERED = re.compile(r"^Table \d+\.\s+")
_PORTRAIT_TEXT_POINTS = (21.0 - 2 * 2.0) / 2.54 * 72  # A4 with 2 cm margins
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


def _points(table: TableLike) -> tuple[list[float], list[float]]:
    """What each column of ``table`` needs at the table's font size, in points.

    The natural width holds every cell on one line; the minimum is the
    narrowest the column can be wrapped to: its longest word of text, half its
    longest text cell (so that a long label such as "clinically amyopathic
    dermatomyositis" takes at most two lines), or the whole of its longest
    number or summary, which is never broken. Both include the cell's margins.
    """
    kinds = column_kinds(table)
    natural, minimum = [], []
    for j, heading in enumerate(table.columns):
        cells = [split_indent(row[j]) if j == 0 else (0, row[j]) for row in table.rows]
        body = [_INDENT_POINTS * level + text_points(text, _TABLE_POINTS) for level, text in cells]
        natural.append(_PADDING + max([text_points(heading, _TABLE_POINTS, bold=True), *body]))
        if kinds[j] == "text":
            words = [
                _INDENT_POINTS * level
                + max(min(longest_word_points(text, _TABLE_POINTS), _LONGEST_WORD), width / 2)
                for (level, text), width in zip(cells, body, strict=True)
            ]
        else:
            words = body
        header = min(longest_word_points(heading, _TABLE_POINTS, bold=True), _LONGEST_WORD)
        minimum.append(_PADDING + max([header, *words]))
    return natural, minimum


def _needs_landscape(table: TableLike) -> bool:
    """Whether ``table`` needs a landscape page: by its characters or its minimum widths."""
    return is_wide(table) or sum(_points(table)[1]) > _PORTRAIT_TEXT_POINTS


def _text_twips(document: Any) -> int:
    """The text width of the document's last section, in twips (1/20 of a point)."""
    section = document.sections[-1]
    return int((section.page_width - section.left_margin - section.right_margin) // _EMU_PER_TWIP)


def _border(tag: str, *, eighths: int | None) -> Any:
    """A border element: a single rule ``eighths`` of a point thick, or none."""
    from docx.oxml import OxmlElement  # noqa: PLC0415 (optional extra)
    from docx.oxml.ns import qn  # noqa: PLC0415

    element = OxmlElement(tag)
    if eighths is None:
        element.set(qn("w:val"), "nil")
    else:
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(eighths))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
    return element


def _three_rules(word: Any) -> None:
    """Rules above and below the table and under its header row, no other line."""
    from docx.oxml import OxmlElement  # noqa: PLC0415 (optional extra)

    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        rule = _OUTER_RULE if side in {"top", "bottom"} else None
        borders.append(_border(f"w:{side}", eighths=rule))
    tblPr = word._tbl.tblPr
    tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )
    for cell in word.rows[0].cells:
        cell_borders = OxmlElement("w:tcBorders")
        cell_borders.append(_border("w:bottom", eighths=_HEADER_RULE))
        cell._tc.get_or_add_tcPr().insert_element_before(
            cell_borders, "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:vAlign"
        )


def _set_widths(word: Any, twips: Sequence[int]) -> None:
    """Fixed layout, the table as wide as ``sum(twips)``, each column its own width."""
    from docx.oxml.ns import qn  # noqa: PLC0415 (optional extra)
    from docx.shared import Twips  # noqa: PLC0415

    word.autofit = False
    width = word._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(twips)))
    for column, twip in zip(word._tbl.tblGrid.gridCol_lst, twips, strict=True):
        column.w = Twips(twip)
    for row in word.rows:
        for cell, twip in zip(row.cells, twips, strict=True):
            cell.width = Twips(twip)


def _keep_rows(word: Any) -> None:
    """No row broken across pages; the header row repeated at the top of each page."""
    from docx.oxml import OxmlElement  # noqa: PLC0415 (optional extra)

    for k, row in enumerate(word.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if k == 0:
            properties.append(OxmlElement("w:tblHeader"))


def _field(paragraph: Any, instruction: str, shown: str, *, bold: bool) -> None:
    """A Word field (``SEQ Table``), with ``shown`` as its result until Word updates it."""
    from docx.oxml import OxmlElement  # noqa: PLC0415 (optional extra)
    from docx.oxml.ns import qn  # noqa: PLC0415

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run().bold = bold
        paragraph.runs[-1]._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run().bold = bold
    paragraph.runs[-1]._r.append(code)
    char("separate")
    paragraph.add_run(shown).bold = bold
    char("end")


def _sequence_next(document: Any, name: str) -> int:
    """The number the next ``SEQ name`` field of the document shows."""
    codes = document.element.body.xpath(".//w:instrText")
    return 1 + sum(1 for code in codes if (code.text or "").split()[:2] == ["SEQ", name])


def _caption(document: Any, label: str, title: str) -> Any:
    """A "Caption" paragraph: ``label`` and its ``SEQ label`` number in bold, then ``title``."""
    number = _sequence_next(document, label)
    paragraph = document.add_paragraph(style=_caption_style(document))
    paragraph.add_run(f"{label} ").bold = True
    _field(paragraph, f"SEQ {label} \\* ARABIC", str(number), bold=True)
    paragraph.add_run(". ").bold = True
    paragraph.add_run(xml_text(title))
    return paragraph


def _caption_style(document: Any) -> Any:
    """The document's "Caption" paragraph style, added when its template has none."""
    from docx.enum.style import WD_STYLE_TYPE  # noqa: PLC0415 (optional extra)

    try:
        return document.styles["Caption"]
    except KeyError:
        return document.styles.add_style("Caption", WD_STYLE_TYPE.PARAGRAPH)


def _journal_styles(document: Any) -> None:
    """Captions in black, 10 point and upright, kept with what they name (journal style)."""
    from docx.shared import Pt, RGBColor  # noqa: PLC0415 (optional extra)

    style = _caption_style(document)
    style.font.size = Pt(_CAPTION_POINTS)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.paragraph_format.space_before = Pt(12)
    style.paragraph_format.space_after = Pt(4)


def add_table(document: Any, table: TableLike) -> Any:
    """Add ``table`` to ``document`` in journal style; return the Word table.

    Above the table a "Caption" paragraph reads "Table N. <title>", N a
    ``SEQ Table`` field (Word renumbers the tables when one is added or
    moved). The table has three rules (above, under the header row, below)
    and no other line, column widths fitted to its cells that add up to the
    text width of the document's last section (fixed, not autofit), a header
    row repeated on every page and rows never broken across pages. The notes
    follow in smaller type. A number the title carries ("Table 1. Baseline
    characteristics") gives way to the field's. Works on any python-docx document, alone or in
    the report.

    Parameters
    ----------
    document : docx.document.Document
        Where to add the table (at the end).
    table : Table
        The display table (:class:`~myopathy_outcomes.report.table.Table`).

    Returns
    -------
    docx.table.Table
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 (optional extra)
    from docx.shared import Pt  # noqa: PLC0415

    title = _NUMBERED.sub("", table.title, count=1)
    _caption(document, "Table", title).paragraph_format.keep_with_next = True
    kinds = column_kinds(table)
    word = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    total = _text_twips(document)
    natural, minimum = _points(table)
    shares = fit_widths(natural, minimum, total / 20)
    twips = [int(share * 20) for share in shares]
    twips[-1] += total - sum(twips)  # rounding: the columns fill the text width exactly
    _set_widths(word, twips)
    _three_rules(word)
    _keep_rows(word)
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
                paragraph.paragraph_format.left_indent = Pt(_INDENT_POINTS * level)
            _small(paragraph, shown, _TABLE_POINTS)
            if kinds[j] == "number":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for k, note in enumerate(table.notes):
        paragraph = document.add_paragraph()
        _tight(paragraph)
        if k == 0:
            paragraph.paragraph_format.space_before = Pt(3)
        _small(paragraph, note, _NOTE_POINTS)
    return word


def _add_figure(document: Any, item: ReportFigure) -> None:
    """The figure's 300-dpi PNG at its drawn size (at most the text width), captioned below."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 (optional extra)
    from docx.shared import Emu, Inches  # noqa: PLC0415

    inches, _ = item.figure.get_size_inches()
    width = min(Inches(float(inches)), Emu(_text_twips(document) * _EMU_PER_TWIP))
    document.add_picture(io.BytesIO(item.png), width=width)
    picture = document.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    _caption(document, "Figure", item.caption)


def table_docx(table: TableLike, *, synthetic: bool = False) -> bytes:
    """One table alone as a Word (.docx) file, in the report's journal style.

    A landscape page when the table is too wide for portrait; synthetic data
    are labelled in the page header.

    Returns
    -------
    bytes
        The ``.docx`` file.
    """
    document = _docx().Document()
    from docx.shared import Pt  # noqa: PLC0415 (optional extra)

    document.core_properties.title = property_text(table.title)
    document.core_properties.author = f"myopathy-outcomes {__version__}"
    document.styles["Normal"].font.size = Pt(10)
    _journal_styles(document)
    section = document.sections[0]
    _page(section, landscape=_needs_landscape(table))
    _label_header(section, synthetic=synthetic)
    add_table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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
    from docx.shared import Pt, RGBColor  # noqa: PLC0415 (optional extra)

    document.core_properties.title = property_text(display.title(report))
    document.core_properties.author = f"myopathy-outcomes {__version__}"
    document.styles["Normal"].font.size = Pt(10)
    _journal_styles(document)
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
    document.add_heading("Tables", level=2)
    landscape = False
    for table in display.tables(report):
        wide = _needs_landscape(table)
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
        for item in figures:
            _add_figure(document, item)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
