"""Read a cohort's tables from an Excel workbook (the optional extra ``excel``).

Hospital data managers keep registries in Excel. A cohort may be given as
one workbook whose sheets are the tables, ``patients``, ``visits`` and
``regimens`` (``load_cohort("export.xlsx")``, or the workbook's path as the
command's DATA_DIR), or as a folder holding a workbook per table,
``patients.xlsx`` beside or instead of ``patients.csv`` or
``patients.parquet``. The columns are those of the CSV files, and every rule
of :func:`~myopathy_outcomes.io.load_cohort` applies unchanged: column names
are matched ignoring case, text cells are stripped and the missing markers
(``NA``, ``NULL``, ...) are missing, a row whose cells are all empty is
skipped with a notice, and every problem names the sheet, the file, the row
as Excel numbers it, the patient and the field, as in ``visits sheet of
export.xlsx row 14 (patient P07): ck must be >= 0 and <= 1000000, got -3``.

Sheets
------
- Sheet names are matched as file names are, ignoring case and spaces
  (``Patients``, ``VISITS``, ``regimens`` with a space after it); a sheet
  found so is named in a notice. Two sheets standing for one table are
  refused, and a missing sheet is named with the sheets the workbook has.
  Other sheets are not read.
- A table's own workbook (``visits.xlsx`` in a folder) is read from its only
  sheet, or from the sheet named like the table when it has several.
- The header is the first row that is not empty; empty rows above it are
  skipped (a title above the header must be deleted: the first row that is
  not empty must name the columns). Rows are numbered as Excel numbers
  them, so the first data row under a header in row 1 is row 2. Empty rows
  after the last row holding a value are not rows; empty rows between rows
  are skipped with a notice, as blank lines of a CSV file are. Unnamed
  columns after the last named one must be empty, as in a CSV file.
- Merged cells hold their value in their first cell only: the other cells
  are empty, which a required field reports as missing. Hidden rows,
  columns and sheets are read like the others.

Cells
-----
Each cell is read as the value it holds, through
:func:`~myopathy_outcomes.io.cohort_from_frames`' typed values:

- text as text; numbers as numbers, and a whole-number patient id as its
  decimal text (``12`` and ``12.0`` as ``"12"``); ``TRUE``/``FALSE`` as
  yes or no, and as an error in a numeric column; an empty cell as missing.
- A date cell (a number formatted as a date) as its day, in the workbook's
  date system (1900 or 1904). A number in a date column that is not
  formatted as a date is read as Excel's date serial number, counted as
  Excel counts: in the 1900 system day 1 is 1900-01-01, and Excel's day 60,
  29 February 1900 (a day that does not exist, kept for Lotus 1-2-3), is
  refused; from day 61, 1900-03-01, a serial ``n`` is 1899-12-30 plus ``n``
  days. A time of day in the serial is dropped, as for dates with a time.
  Each column read so is named in a notice with its first cell read so. A
  whole number from 1900 to 2100 is refused as a year, not a day of 1905,
  and so are a number that is no day of Excel's calendar (negative, or
  beyond 9999-12-31), a time of day and a duration.
- A date, a time or a duration in a column that is not a date is an error
  of its row naming what the cell holds.
- A formula is read as the value Excel saved with it. A formula without a
  saved value (a workbook written by a program and never opened in Excel)
  is refused for its table, naming its cells. An error cell (``#N/A``,
  ``#DIV/0!``, ...) is an error of its row and field, as in ``visits sheet
  of export.xlsx row 9 (patient P03): ck must be a number, got the Excel
  error #DIV/0!``; text typed as ``#N/A`` is a missing marker, as in a CSV
  file.

Workbooks that cannot be read
-----------------------------
A workbook protected by a password to open it (encrypted), an Excel
97-2003 ``.xls`` file under an ``.xlsx`` name, a damaged or truncated file,
one whose XML unpacks to more than :data:`MAX_UNPACKED_BYTES`, or one with
a sheet of more than :data:`MAX_SHEET_CELLS` cells (read or not: openpyxl
may parse every sheet to size it) is one problem naming the file (and the
sheet), raised whatever ``on_error`` says, before any sheet is read. A table given
both as a workbook and as a CSV or Parquet file is refused, naming both.
Reading workbooks needs openpyxl (and defusedxml, which keeps openpyxl's
XML parser from expanding entities), installed by ``pip install ".[excel]"``
from the project's folder; without them a workbook raises
:class:`ImportError` saying so.

Notes
-----
openpyxl rather than python-calamine, though calamine reads about fifteen
times faster: calamine (0.9) reads an error cell and a formula without a
saved value as an empty cell, so that ``#DIV/0!`` would become a missing
value unseen, and does not tell a workbook's date system, which numbers in
a date column need. Both read date cells alike, and both take Excel's day
60 (29 February 1900) for 28 February, as Python has no such day.
openpyxl reads some tens of thousands of cells a second, in read-only mode
(a row at a time, so memory holds the table's values, not the workbook's
XML).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from myopathy_outcomes.io.cell_errors import show_number
from myopathy_outcomes.io.cleaning import parsers
from myopathy_outcomes.io.columns import column_key
from myopathy_outcomes.io.shorten import quote, some
from myopathy_outcomes.io.specs import TableSpec
from myopathy_outcomes.models import parse_iso_date

__all__ = [
    "EXCEL_EXTRA",
    "MAX_SHEET_CELLS",
    "MAX_UNPACKED_BYTES",
    "SUFFIX",
    "CohortWorkbook",
    "ExcelTable",
    "UnreadableWorkbookError",
    "excel_date",
    "find_workbook",
    "is_workbook",
    "read_cohort_workbook",
    "read_table_workbook",
]

EXCEL_EXTRA: Final = 'pip install ".[excel]"'
"""How to install what reading workbooks needs (from the project's folder)."""

SUFFIX: Final = ".xlsx"

MAX_UNPACKED_BYTES: Final = 512 * 2**20
"""The most XML a workbook may unpack to: a sheet of Excel's 1,048,576 rows
of seven columns is about half of it; a zip bomb is far more."""

MAX_SHEET_CELLS: Final = 1_000_000
"""The most cells a sheet may hold, empty cells written with a format counted: about 140,000
rows of the visits' seven columns. openpyxl reads some 25,000 cells a second (measured on
one core), so that a sheet is read in under a minute or refused at once. The workbook's
shared texts (read whole at opening) may number as many."""

_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 container: .xls, or an encrypted .xlsx
_ENCRYPTED: Final = "EncryptedPackage".encode("utf-16-le")  # the stream of an encrypted .xlsx
_FORMULA: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")  # <f>, <f t="shared"/>, <x:f>
_CELL: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|si)[\s/>]")
"""A cell (``<c r="A1">``, ``<c r="B1"/>``, ``<x:c>``) or a shared text (``<si>``)."""
_CHUNK: Final = 2**20
_DATE_OUT_OF_RANGE: Final = re.compile(
    r"Cell (?P<cell>[A-Z]+[0-9]+) is marked as a date but the serial value (?P<value>\S+) is "
    r"outside the limits for dates"
)
"""openpyxl's warning for a date cell beyond its calendar, which it reads as ``#VALUE!``."""
_LAST_SERIAL: Final = {1900: 2_958_465, 1904: 2_957_003}  # 9999-12-31 in each date system
_YEARS: Final = range(1900, 2101)
"""Whole numbers in a date column read as years, not as Excel's days of 1905."""


class UnreadableWorkbookError(Exception):
    """A workbook, or a table's sheet, cannot be used at all; ``label`` names it."""

    def __init__(self, label: str, message: str) -> None:
        super().__init__(message)
        self.label = label


@dataclass(frozen=True)
class ExcelTable:
    """One table read from its sheet, before its cells are looked at."""

    label: str
    """The name messages give the sheet: ``"visits sheet of export.xlsx"``."""
    frame: pd.DataFrame
    """The cells under the header, one ``object`` column per header cell, every row kept."""
    first_row: int
    """The number Excel gives the sheet's first row under the header (row 2 under row 1)."""
    notices: tuple[str, ...]
    """The sheet found under another name, date columns holding serial numbers."""


@dataclass(frozen=True)
class CohortWorkbook:
    """The tables of a workbook holding a sheet per table, as far as they could be read."""

    tables: dict[str, ExcelTable]
    """By table name, each table read; the others are in ``problems``."""
    labels: dict[str, str]
    """By table name, the name its messages give it, read or not."""
    problems: tuple[tuple[str, str], ...]
    """``(label, message)`` of each table (or of the workbook) that cannot be read."""
    notices: tuple[str, ...]


def is_workbook(path: Path) -> bool:
    """Whether ``path`` names a workbook (``.xlsx`` in any case) rather than a folder."""
    return path.suffix.casefold() == SUFFIX and not path.is_dir()


def find_workbook(
    folder: Path, table: str, listing: Sequence[str], notices: list[str]
) -> Path | None:
    """The workbook of ``table`` in ``folder`` (``visits.xlsx``, in any case), or ``None``.

    ``listing`` holds the names in ``folder``. A file found in another case
    is named in a notice, as for CSV files.

    Raises
    ------
    UnreadableWorkbookError
        If the folder holds the table as CSV or Parquet too, or holds two
        workbooks of it whose names differ only in case.
    """
    label = table + SUFFIX
    same = sorted(entry for entry in listing if entry.casefold() == label)
    if not same:
        return None
    if len(same) > 1:
        raise UnreadableWorkbookError(
            label, f"found {some(same, show=quote)}, which differ only in case; keep one"
        )
    others = sorted(
        entry for entry in listing if entry.casefold() in {f"{table}.csv", f"{table}.parquet"}
    )
    if others:
        raise UnreadableWorkbookError(
            label,
            f"found both {quote(others[0])} and {quote(same[0])} in {str(folder)!r}; a table "
            "is read from one file: keep one of them",
        )
    if same[0] != label:
        notices.append(f"{label}: read from {same[0]!r} (file names are matched ignoring case)")
    return folder / same[0]


def read_cohort_workbook(path: Path, specs: Sequence[TableSpec]) -> CohortWorkbook:
    """Read each table of ``specs`` from its sheet of the workbook ``path``.

    A table whose sheet cannot be read is a problem of that table, and the
    missing sheets are one problem naming the sheets the workbook has; the
    other tables are read all the same. A workbook that cannot be opened is
    one problem naming it.

    Raises
    ------
    ImportError
        If openpyxl or defusedxml is not installed; the message says how to
        install them.
    """
    labels = {spec.name: f"{spec.name} sheet of {path.name}" for spec in specs}
    tables: dict[str, ExcelTable] = {}
    problems: list[tuple[str, str]] = []
    notices: list[str] = []
    try:
        with _opened(path, path.name) as book:
            missing = []
            for spec in specs:
                try:
                    sheet = _sheet_of(book.sheets, spec.name, labels[spec.name], notices)
                    if sheet is None:
                        missing.append(spec.name)
                    else:
                        tables[spec.name] = _read_sheet(book, sheet, labels[spec.name], spec)
                except UnreadableWorkbookError as exc:
                    problems.append((exc.label, str(exc)))
            if missing:
                problems.insert(0, (path.name, _missing_sheets(path, missing, book.sheets)))
    except UnreadableWorkbookError as exc:
        return CohortWorkbook({}, labels, ((exc.label, str(exc)),), ())
    notices.extend(notice for table in tables.values() for notice in table.notices)
    return CohortWorkbook(tables, labels, tuple(problems), tuple(notices))


def read_table_workbook(path: Path, spec: TableSpec) -> ExcelTable:
    """Read the table ``spec`` from its own workbook ``path`` (``visits.xlsx``).

    The table is the workbook's only sheet, or its sheet named like the
    table (ignoring case and spaces) when it has several.

    Raises
    ------
    ImportError
        If openpyxl or defusedxml is not installed.
    UnreadableWorkbookError
        If the workbook cannot be read, or has several sheets and none named
        like the table; the message names the file.
    """
    file = spec.name + SUFFIX
    with _opened(path, file) as book:
        names = book.sheets
        sheet = names[0] if len(names) == 1 else _sheet_of(names, spec.name, file, [])
        if sheet is None:
            raise UnreadableWorkbookError(
                file,
                f"has {len(names)} sheets ({some(names, show=quote)}) and none is named "
                f"{spec.name}; keep one sheet, or name the table's sheet {spec.name}",
            )
        return _read_sheet(book, sheet, f"{sheet} sheet of {file}", spec)


def excel_date(serial: float, system: int = 1900) -> dt.date | None:
    """The day of Excel's date serial number ``serial``; ``None`` if it is no day of Excel's.

    Excel counts days from 1900-01-01 (day 1) in its 1900 date system and
    from 1904-01-01 (day 0) in its 1904 one; a fraction is the time of day,
    which is dropped. In the 1900 system Excel takes 1900 for a leap year,
    as Lotus 1-2-3 did: day 60 is 29 February 1900, a day that does not
    exist, and from day 61 (1900-03-01) on a serial ``n`` is 1899-12-30 plus
    ``n`` days. Day 0, shown by Excel as 1900-01-00, is 1899-12-31, which the
    models refuse as the placeholder it is.

    Examples
    --------
    >>> excel_date(42005), excel_date(42005.75), excel_date(61), excel_date(59)
    (datetime.date(2015, 1, 1), datetime.date(2015, 1, 1), datetime.date(1900, 3, 1), \
datetime.date(1900, 2, 28))
    >>> excel_date(60) is None, excel_date(-1) is None
    (True, True)
    >>> excel_date(40543, system=1904)
    datetime.date(2015, 1, 1)
    """
    day = math.floor(serial)
    if day < 0 or day > _LAST_SERIAL[system]:
        return None
    if system == 1904:
        return dt.date(1904, 1, 1) + dt.timedelta(days=day)
    if day == 60:
        return None
    if day < 60:
        return dt.date(1899, 12, 31) + dt.timedelta(days=day)
    return dt.date(1899, 12, 30) + dt.timedelta(days=day)


@dataclass(frozen=True)
class _Shown:
    """A cell no field reads as it is (an error cell, a date among numbers), as a person sees it.

    The models refuse it whatever the field, and their message quotes its
    ``repr``: ``ck must be a number, got the Excel error #DIV/0!``.
    """

    text: str

    def __repr__(self) -> str:
        return self.text


_ERRORS_READING: Final = (
    OSError,
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    SyntaxError,
)
"""What openpyxl raises on a damaged workbook: its InvalidFileException and defusedxml's
refusals are ValueErrors, an XML ParseError is a SyntaxError, a missing part a KeyError."""


@dataclass(frozen=True)
class _Book:
    """An open workbook and what is known of it before its sheets are read."""

    workbook: Any
    """openpyxl's read-only workbook, each formula read as its saved value."""
    path: Path
    file: str
    """The name messages give the file."""
    formulas: bool
    """Whether any part of the workbook holds a formula."""

    @property
    def sheets(self) -> list[str]:
        names: list[str] = self.workbook.sheetnames
        return names

    @property
    def system(self) -> int:
        """Excel's date system of the workbook: 1900 (Windows) or 1904 (early Macs)."""
        return 1904 if self.workbook.epoch.year == 1904 else 1900


@contextmanager
def _opened(path: Path, file: str) -> Iterator[_Book]:
    """The workbook at ``path``, read-only, each formula read as its saved value; closed after.

    Raises
    ------
    UnreadableWorkbookError
        If the file cannot be opened or read as a workbook, naming ``file``.
    """
    openpyxl = _openpyxl(file)
    formulas = _check_container(path, file)
    try:
        with warnings.catch_warnings():  # styles, print areas, names: nothing a cell holds
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _ERRORS_READING as exc:
        raise UnreadableWorkbookError(file, _cannot_read(path, exc)) from None
    try:
        yield _Book(workbook, path, file, formulas)
    except _ERRORS_READING as exc:
        raise UnreadableWorkbookError(file, _cannot_read(path, exc)) from None
    finally:
        workbook.close()


def _openpyxl(file: str) -> Any:
    """openpyxl, or an ImportError saying how to install the extra.

    defusedxml must be installed too: openpyxl then parses with it, and a
    workbook declaring XML entities (a "billion laughs" bomb) is refused at
    once rather than expanded.
    """
    try:
        import defusedxml  # noqa: F401, PLC0415 (optional extra)
        import openpyxl  # noqa: PLC0415
    except ImportError as error:
        raise ImportError(
            f"reading {file} needs openpyxl and defusedxml, which are not installed: {EXCEL_EXTRA}"
        ) from error
    return openpyxl


def _check_container(path: Path, file: str) -> bool:
    """Refuse a file that is no ``.xlsx`` workbook or is too large; say if it has formulas.

    Each XML part is streamed once, so that a large sheet is never held
    whole: a sheet of more than :data:`MAX_SHEET_CELLS` cells is refused
    here, before openpyxl spends minutes on it.
    """
    try:
        with path.open("rb") as handle:
            if handle.read(len(_OLE)) == _OLE:
                raise UnreadableWorkbookError(file, _ole_problem(handle))
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise UnreadableWorkbookError(
                    file,
                    f"unpacks to {unpacked / 2**20:,.0f} MiB, more than the "
                    f"{MAX_UNPACKED_BYTES // 2**20} MiB a workbook may hold: {str(path)!r}; "
                    "save the tables as CSV",
                )
            formulas = False
            for member in members:
                if not member.filename.casefold().endswith(".xml"):
                    continue
                held, cells = _scan_part(archive, member)
                formulas = formulas or held
                if cells > MAX_SHEET_CELLS:
                    raise UnreadableWorkbookError(file, _too_many_cells(archive, member, cells))
            return formulas
    except _ERRORS_READING as exc:
        raise UnreadableWorkbookError(file, _cannot_read(path, exc)) from None


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[bool, int]:
    """Whether the XML part ``member`` holds a formula element, and its cells and shared texts.

    A chart's reference counts as a formula. Each chunk is searched up to
    its last ``<``, the rest carried to the next, so that no tag is cut or
    counted twice.
    """
    formula, cells, tail = False, 0, b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")
            whole, tail = (text, b"") if cut < 0 else (text[:cut], text[cut:])
            formula = formula or _FORMULA.search(whole) is not None
            cells += len(_CELL.findall(whole))
    formula = formula or _FORMULA.search(tail) is not None
    return formula, cells + len(_CELL.findall(tail))


def _too_many_cells(archive: zipfile.ZipFile, member: zipfile.ZipInfo, cells: int) -> str:
    """Say that the sheet held in ``member`` is too large to be read here, naming the sheet."""
    sheet = _sheet_names(archive).get(member.filename)
    where = (
        f"sheet {sheet!r} holds {cells:,} cells"
        if sheet is not None
        else f"the part {member.filename!r} holds {cells:,} cells or shared texts"
    )
    return (
        f"{where}, more than the {MAX_SHEET_CELLS:,} a sheet may hold "
        "to be read from a workbook; save the tables as CSV UTF-8 or Parquet, which are read "
        "far faster, or delete the sheet if it is no table"
    )


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """By the name of its part (``xl/worksheets/sheet2.xml``), each sheet's name; ``{}`` if unsure.

    Read from ``xl/workbook.xml`` and its relationships, with defusedxml.
    """
    from defusedxml.ElementTree import fromstring  # noqa: PLC0415 (optional extra)

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        targets = {
            item.get("Id"): item.get("Target", "")
            for item in fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        }
        sheets = fromstring(archive.read("xl/workbook.xml")).iter(f"{main}sheet")
        names = {}
        for sheet in sheets:
            target = targets.get(sheet.get(relation), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            names[part] = sheet.get("name", "")
    except _ERRORS_READING:
        return {}
    return names


def _ole_problem(handle: Any) -> str:
    """Why an OLE2 file under an ``.xlsx`` name cannot be read: encrypted, or an .xls file."""
    tail = b""
    while chunk := handle.read(_CHUNK):
        if _ENCRYPTED in tail + chunk:
            return (
                "is protected by a password (encrypted) and cannot be read; open it in Excel, "
                "remove the password (File > Info > Protect Workbook > Encrypt with Password) "
                "and save it"
            )
        tail = chunk[-len(_ENCRYPTED) :]
    return (
        "is an Excel 97-2003 workbook (.xls) under an .xlsx name; open it in Excel and save "
        "it as an Excel Workbook (.xlsx)"
    )


def _cannot_read(path: Path, exc: BaseException) -> str:
    """One line saying that ``path`` cannot be read as a workbook, and the first line of why."""
    text = str(exc).strip()
    reason = text.splitlines()[0] if text else type(exc).__name__
    return f"cannot be read as an Excel workbook (.xlsx): {str(path)!r} ({reason})"


def _sheet_key(name: str) -> str:
    """A sheet name as compared with a table's: no case, no spaces."""
    return "".join(name.split()).casefold()


def _sheet_of(names: Sequence[str], table: str, label: str, notices: list[str]) -> str | None:
    """The sheet of ``names`` standing for ``table``, or ``None``; one found so is told."""
    same = [name for name in names if _sheet_key(name) == table]
    if len(same) > 1:
        raise UnreadableWorkbookError(
            label,
            f"sheets {some(same, show=quote)} all stand for {table} (sheet names are matched "
            "ignoring case and spaces); keep one",
        )
    if same and same[0] != table:
        notices.append(
            f"{label}: read from sheet {same[0]!r} (sheet names are matched ignoring case and "
            "spaces)"
        )
    return same[0] if same else None


def _missing_sheets(path: Path, missing: Sequence[str], names: Sequence[str]) -> str:
    """Say which sheets are missing and which sheets the workbook has."""
    wanted = " or ".join(missing) if len(missing) < 3 else ", ".join(missing)
    message = (
        f"has no sheet named {wanted} (its sheets: {some(names, show=quote, shown=10)}); "
        "name the sheets patients, visits and regimens"
    )
    table = path.stem.casefold()
    if len(names) == 1 and table in {"patients", "visits", "regimens"}:
        message += f", or give the folder holding {path.name} if it is the {table} table alone"
    return message


def _read_sheet(book: _Book, sheet: str, label: str, spec: TableSpec) -> ExcelTable:
    """Read the table ``spec`` from ``sheet`` of the open workbook ``book``.

    Raises
    ------
    UnreadableWorkbookError
        If the sheet is empty, its first row that is not empty names none
        of the table's columns, an unnamed column holds a value, or a
        formula has no saved value.
    """
    worksheet = book.workbook[sheet]
    worksheet.reset_dimensions()  # every row written, whatever size the sheet claims
    with warnings.catch_warnings(record=True) as told:
        warnings.filterwarnings("always", category=UserWarning, module="openpyxl")
        rows = [
            [cell.value if cell.data_type != "e" else _error(cell.value) for cell in row]
            for row in worksheet.iter_rows()
        ]
    _name_dates_out_of_range(rows, told)
    while rows and not any(map(_filled, rows[-1])):
        rows.pop()  # rows formatted but empty, after the table, are no rows
    top = next((i for i, row in enumerate(rows) if any(map(_filled, row))), None)
    if top is None:
        raise UnreadableWorkbookError(label, "is empty: no cell holds a value")
    header = [_header_text(value) for value in rows[top]]
    if not {column_key(name) for name in header} & set(spec.columns):
        raise UnreadableWorkbookError(
            label,
            f"row {top + 1} is not a header: found "
            f"{some([name for name in header if name.strip()], show=quote)}; the first row "
            f"that is not empty must name the columns: {', '.join(spec.required)} (delete a "
            "title above them)",
        )
    named = max(i for i, name in enumerate(header) if name.strip()) + 1
    body = rows[top + 1 :]
    _check_unnamed_columns_empty(body, named, top + 2, label)
    if book.formulas:
        _check_saved_values(book, sheet, label, rows, top=top, named=named)
    del rows
    columns = [np.empty(len(body), dtype=object) for _ in range(named)]
    for index, cells in enumerate(columns):
        cells[:] = [row[index] if index < len(row) else None for row in body]
    del body
    dates = _date_fields(spec)
    notices: list[str] = []
    for name, cells in zip(header, columns, strict=False):
        if column_key(name) not in dates:
            _refuse_dates(cells)
            continue
        serials = _read_serials(cells, book.system)
        if serials:
            position, serial, day = serials[0]
            notices.append(
                f"{label}: read {len(serials)} number(s) in column {quote(name.strip())} as "
                f"Excel date serial numbers (the first, row {top + 2 + position}: "
                f"{show_number(serial)} is {day.isoformat()}); format the column as dates to see "
                "them"
            )
    frame = pd.DataFrame({i: pd.Series(cells, dtype=object) for i, cells in enumerate(columns)})
    return ExcelTable(
        label, frame.set_axis(header[:named], axis="columns"), top + 2, tuple(notices)
    )


def _error(code: str) -> _Shown:
    """An error cell (``#N/A``, ``#DIV/0!``) as such, never as the text of its code."""
    return _Shown(f"the Excel error {code} (fix its formula or empty the cell)")


def _name_dates_out_of_range(rows: list[list[Any]], told: Sequence[Any]) -> None:
    """Name the date cells beyond Excel's calendar, which openpyxl reads as ``#VALUE!``."""
    for warning in told:
        found = _DATE_OUT_OF_RANGE.match(str(warning.message))
        if found is None:
            continue
        letters = found["cell"].rstrip("0123456789")
        row = int(found["cell"][len(letters) :]) - 1
        column = sum(26**i * (ord(c) - 64) for i, c in enumerate(reversed(letters))) - 1
        if row < len(rows) and column < len(rows[row]):
            rows[row][column] = _Shown(f"the date cell {found['value']}, beyond Excel's calendar")


def _filled(value: Any) -> bool:
    """Whether a cell holds anything: not empty, not only spaces."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def _header_text(value: Any) -> str:
    """A header cell as a column name; an empty cell is an unnamed column."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return (
        value
        if isinstance(value, str)
        else repr(value)
        if isinstance(value, _Shown)
        else str(value)
    )


def _check_unnamed_columns_empty(
    body: Sequence[Sequence[Any]], named: int, first_row: int, label: str
) -> None:
    """Refuse a value under the unnamed columns after the last named one, naming its cell."""
    for position, row in enumerate(body):
        for index in range(named, len(row)):
            if _filled(row[index]):
                raise UnreadableWorkbookError(
                    label,
                    "the header has unnamed columns with values (cell "
                    f"{_column_letter(index)}{first_row + position}: {quote(row[index])}); "
                    "name the columns in the header or delete them",
                )


def _check_saved_values(
    book: _Book, sheet: str, label: str, rows: Sequence[Sequence[Any]], *, top: int, named: int
) -> None:
    """Refuse formulas of the table's cells that have no saved value, naming their cells.

    openpyxl reads such a formula as an empty cell; the formulas themselves
    are read from a second pass over the sheet.
    """
    openpyxl = _openpyxl(book.file)
    with warnings.catch_warnings():  # told on the first pass
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        workbook = openpyxl.load_workbook(book.path, read_only=True, data_only=False)
        try:
            worksheet = workbook[sheet]
            worksheet.reset_dimensions()
            unsaved = [
                cell.coordinate
                for row in worksheet.iter_rows(min_row=top + 1, max_col=named)
                for cell in row
                if cell.data_type == "f" and _saved(rows, cell.row - 1, cell.column - 1) is None
            ]
        finally:
            workbook.close()
    if unsaved:
        held = (
            "holds a formula without a saved value"
            if len(unsaved) == 1
            else "hold formulas without saved values"
        )
        raise UnreadableWorkbookError(
            label,
            f"cell{'s' if len(unsaved) > 1 else ''} {some(unsaved)} {held} (the workbook was "
            "written by a program, not saved by Excel); open it in Excel and save it, so that "
            "Excel computes them",
        )


def _saved(rows: Sequence[Sequence[Any]], row: int, column: int) -> Any:
    """The value read at ``row`` and ``column`` (from 0), ``None`` outside what was read."""
    if row >= len(rows) or column >= len(rows[row]):
        return None
    return rows[row][column]


def _date_fields(spec: TableSpec) -> frozenset[str]:
    """The table's columns that hold dates (those the models parse as ISO dates)."""
    return frozenset(
        name for name, parse in parsers(spec.model).items() if parse is parse_iso_date
    )


def _read_serials(cells: Any, system: int) -> list[tuple[int, float, dt.date]]:
    """Read the numbers of a date column as Excel's days, in place; each read so, in order.

    Dates are kept (the models take their day); a time of day, a duration,
    a number that is no day of Excel's calendar, and a whole number that
    reads as a year become cells that the models refuse, saying what they hold.
    """
    read: list[tuple[int, float, dt.date]] = []
    for position, value in enumerate(cells.tolist()):
        if isinstance(value, int | float) and not isinstance(value, bool):
            day = excel_date(value, system)
            if day is None:
                cells[position] = _Shown(
                    "the number 60, Excel's 29 February 1900, a day that never was"
                    if math.floor(value) == 60 and system == 1900
                    else f"the number {show_number(value)}, which is no day of Excel's calendar"
                )
            elif float(value).is_integer() and value in _YEARS:
                year = show_number(value)
                cells[position] = _Shown(f"the number {year} (a year? As an Excel date: {day})")
            else:
                cells[position] = day
                read.append((position, value, day))
        elif isinstance(value, dt.time | dt.timedelta):
            cells[position] = _Shown(_held(value))
    return read


def _refuse_dates(cells: Any) -> None:
    """Turn the dates, times and durations of a column that is not a date into refused cells."""
    for position, value in enumerate(cells.tolist()):
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            cells[position] = _Shown(_held(value))


def _held(value: dt.date | dt.time | dt.timedelta) -> str:
    """What a cell holding a date, a time or a duration shows, to name it in a message."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return f"the date {value.date().isoformat()} (a number formatted as a date?)"
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()} (a number formatted as a date?)"
    if isinstance(value, dt.time):
        return f"the time of day {value.isoformat()}"
    return f"the duration {value}"


def _column_letter(index: int) -> str:
    """Excel's letters for the column at ``index`` (from 0): A, ..., Z, AA, ...

    Examples
    --------
    >>> _column_letter(0), _column_letter(25), _column_letter(26), _column_letter(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
