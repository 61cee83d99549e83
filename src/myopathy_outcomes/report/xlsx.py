"""Excel rendering through openpyxl (the optional extra ``excel``).

The workbook has a ``contents`` sheet naming each sheet with its table's title
and notes, then, for each table of :func:`~myopathy_outcomes.report.csv.report_frames`,
a sheet of its numbers (the numbers of the CSV file: floats with every digit,
missing values as empty cells) and, when the printed report shows the table,
a second sheet ``<name> shown`` with the display strings. Sheet names are
valid for Excel: at most 31 characters, none of ``[]:*?/\\``, unique.

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) is written as text with Excel's quote prefix, so that a
patient id such as ``=HYPERLINK(...)`` is shown, never run (as in the CSV
files, but without an apostrophe in the value). Characters a workbook cannot
hold (NUL and the other control characters but tab and line breaks) are left
out. The workbook's only property from the data is its title; its times are
fixed, so that the same report gives the same bytes.

Install openpyxl with ``pip install "myopathy-outcomes[excel]"``.
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from myopathy_outcomes._version import __version__
from myopathy_outcomes.report import display
from myopathy_outcomes.report.csv import FORMULA_STARTS, report_frames
from myopathy_outcomes.report.docx import property_text, xml_text
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import Table

__all__ = [
    "CONTENTS_SHEET",
    "EXCEL_EXTRA",
    "ROW_LIMIT",
    "available",
    "report_xlsx",
    "sheet_name",
    "table_xlsx",
]

#: How to install what the Excel file needs.
EXCEL_EXTRA = 'pip install "myopathy-outcomes[excel]"'

#: The sheet listing every other sheet.
CONTENTS_SHEET = "contents"
_SHOWN = " shown"
_SHEET_MAX = 31
#: The most rows an Excel sheet holds, its header included.
ROW_LIMIT = 1_048_576
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
# one time for every workbook (the earliest a zip file holds), so that bytes repeat
_FIXED_TIME = datetime.datetime(1980, 1, 1)
# a number cell as openpyxl writes it: <c r="B2" t="n"><v>14.28571428571429</v>
_NUMBER_CELL = re.compile(rb'(<c r="([A-Z]+[0-9]+)"[^>]*><v>)([^<]*)(</v>)')


def available() -> bool:
    """Whether openpyxl is installed, so that an Excel file can be written."""
    return importlib.util.find_spec("openpyxl") is not None


def _openpyxl() -> Any:
    try:
        import openpyxl  # noqa: PLC0415 (optional extra)
    except ImportError as error:  # pragma: no cover - exercised without the extra
        raise ImportError(f"an Excel file needs openpyxl: {EXCEL_EXTRA}") from error
    return openpyxl


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """``name`` as an Excel sheet name: no ``[]:*?/\\``, at most 31 characters, not in ``taken``.

    Excel compares sheet names without case; a clash gets `` (2)``, `` (3)``, ...

    Examples
    --------
    >>> sheet_name("a/b: [c]")
    'a_b_ _c_'
    >>> sheet_name("x" * 40, ["X" * 31])
    'xxxxxxxxxxxxxxxxxxxxxxxxxxx (2)'
    """
    clean = _NOT_IN_SHEET_NAME.sub("_", xml_text(name)).strip("'") or "sheet"
    used = {t.casefold() for t in taken}
    candidate = clean[:_SHEET_MAX]
    number = 1
    while candidate.casefold() in used:
        number += 1
        tail = f" ({number})"
        candidate = clean[: _SHEET_MAX - len(tail)] + tail
    return candidate


def _value(value: object) -> object:
    """A frame's cell as openpyxl writes it: missing as ``None``, numpy as Python."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalars
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and math.isinf(value):  # Excel has no infinity
        return "inf" if value > 0 else "-inf"
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        return xml_text(value)
    return value


def _put(sheet: Any, row: int, column: int, value: object, exact: dict[str, str]) -> None:
    """Write ``value`` into a cell; text that starts like a formula stays text.

    openpyxl writes a float with 16 significant digits; one that needs 17 to
    be itself is noted in ``exact`` (by cell) to be written whole.
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, float) and float(f"{value:.16g}") != value:
        exact[cell.coordinate] = repr(value)


def _write_rows(
    sheet: Any,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    exact: dict[str, str],
) -> None:
    for column, value in enumerate(header, start=1):
        _put(sheet, 1, column, _value(str(value)), exact)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, number, column, _value(value), exact)


def _write_frame(sheet: Any, frame: pd.DataFrame, exact: dict[str, str]) -> None:
    if len(frame) + 1 > ROW_LIMIT:
        raise ValueError(
            f"table {sheet.title!r} has {len(frame)} rows, more than an Excel sheet holds "
            f"({ROW_LIMIT - 1} below its header); the CSV tables (tables/*.csv) hold them all"
        )
    _write_rows(sheet, list(frame.columns), frame.itertuples(index=False, name=None), exact)


def _whole_floats(xml: bytes, exact: dict[str, str]) -> bytes:
    """A sheet's XML with the value of each cell in ``exact`` written whole."""

    def whole(match: re.Match[bytes]) -> bytes:
        digits = exact.get(match[2].decode("ascii"))
        return match[0] if digits is None else match[1] + digits.encode("ascii") + match[4]

    return _NUMBER_CELL.sub(whole, xml)


def _finished(workbook_bytes: bytes, exact: dict[str, dict[str, str]]) -> bytes:
    """The zip archive again: floats whole, every member with the same fixed time.

    ``exact`` holds the whole floats by sheet file (``xl/worksheets/sheet2.xml``).
    """
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if exact.get(member.filename):
                data = _whole_floats(data, exact[member.filename])
            info = zipfile.ZipInfo(member.filename, date_time=_FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()


def report_xlsx(report: ReportNumbers) -> bytes:
    """The report's tables as an Excel workbook (``.xlsx``), bytes.

    The sheets are described in the module docstring; the numbers are those of
    the CSV tables (:func:`~myopathy_outcomes.report.csv.report_frames`), as
    R's ``writexl::write_xlsx(list(...))`` would write a list of data frames.
    Above :data:`~myopathy_outcomes.report.numbers.MAX_LISTED_EXCLUDED_ROWS`
    excluded input rows, the workbook counts them by kind
    (``excluded_row_kinds``) and leaves the rows themselves to
    ``excluded_rows.csv``, as the printed report does.
    """
    frames = report_frames(report)
    if report.lists_excluded_rows_elsewhere:
        del frames["excluded_rows"]
    return _workbook(display.title(report), frames, display.tables(report))


def table_xlsx(table: Table, numbers: pd.DataFrame | None = None) -> bytes:
    """One table as an Excel workbook: its numbers (when given) and its display strings.

    The sheets are those the table has in :func:`report_xlsx`: ``contents``,
    ``<name>`` with ``numbers`` and ``<name> shown`` with the display strings
    (its notes on the ``contents`` sheet). Text cells are written as in
    :func:`report_xlsx`: one that starts like a formula stays text.
    """
    frames = {} if numbers is None else {table.name: numbers}
    return _workbook(table.title, frames, (table,))


def _workbook(title: str, frames: dict[str, pd.DataFrame], tables: Sequence[Table]) -> bytes:
    """A workbook of ``frames`` (numbers) and ``tables`` (display strings), with contents."""
    openpyxl = _openpyxl()
    from openpyxl.writer.excel import ExcelWriter  # noqa: PLC0415 (optional extra)

    shown: dict[str, Table] = {t.name: t for t in tables}
    workbook = openpyxl.Workbook()
    contents = workbook.active
    contents.title = CONTENTS_SHEET
    taken = [CONTENTS_SHEET]
    listed: list[tuple[str, str, str]] = []
    # whole floats by sheet, in the order openpyxl numbers the sheet files
    exact: list[dict[str, str]] = [{}]

    def add(name: str) -> Any:
        title = sheet_name(name, taken)
        taken.append(title)
        exact.append({})
        return workbook.create_sheet(title)

    for stem, frame in frames.items():
        table = shown.pop(stem, None)
        sheet = add(stem)
        _write_frame(sheet, frame, exact[-1])
        heading = stem if table is None else table.title
        listed.append((sheet.title, f"{heading} (numbers)", ""))
        if table is not None:
            text_sheet = add(stem + _SHOWN)
            _write_rows(text_sheet, table.columns, table.rows, exact[-1])
            listed.append((text_sheet.title, table.title, " ".join(table.notes)))
    for table in shown.values():  # a printed table without numbers of its own
        text_sheet = add(table.name + _SHOWN)
        _write_rows(text_sheet, table.columns, table.rows, exact[-1])
        listed.append((text_sheet.title, table.title, " ".join(table.notes)))
    _write_rows(contents, ("Sheet", "Table", "Notes"), listed, exact[0])

    properties = workbook.properties
    properties.title = property_text(title)
    properties.creator = f"myopathy-outcomes {__version__}"
    properties.lastModifiedBy = None
    properties.created = _FIXED_TIME
    properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    files = {f"xl/worksheets/sheet{n}.xml": cells for n, cells in enumerate(exact, start=1)}
    return _finished(buffer.getvalue(), files)
