"""Read a CSV file as text, keeping the rows whose number of fields differs from the header's.

:func:`pandas.read_csv` cannot say how many fields a line had: a short line is
padded with empty cells, and a long line stops the whole file. So the file is
read twice: once with the :mod:`csv` module, which only counts the fields of
each record, and once with pandas, wide enough for the longest record, which
holds the cells. Both readers split records the same way (a quoted value may
span lines; a blank line is a record without fields); the counts are checked
against the pandas rows, so that row numbers can never drift.

Spreadsheets often save empty columns after the last one, as a header such
as ``a,b,c,,``. Unnamed columns at the end of the header are no columns as
long as every cell under them is empty: a record then fits if it reaches the
last named column and leaves the rest empty. If a cell under them holds a
value, the file is refused with one message, since nobody can tell what the
value is.

The file is UTF-8, with or without Excel's byte-order mark, or UTF-16 (or
UTF-32) with a byte-order mark: Excel's "Unicode text", which is separated
by tabs; a UTF-16 file whose first line holds a tab is read as separated by
tabs, any other file by commas. A file that is not UTF-8 but is Japanese
Shift-JIS text (Microsoft's code page 932, ``cp932``, in which Japanese
Excel saves "CSV") is read as such, with a notice: its bytes must all decode
as cp932, to characters of which at least one is Japanese (kana, a common
kanji or a full-width form, led by a byte 0x81-0x9F, which Latin-1 text
never holds) and none is of the private-use area. The encoding may be
given instead (``encoding="cp932"``), as any text encoding Python knows. A
file that is none of these is refused in
one line saying what it looks like: an Excel workbook or a Parquet file
saved under a ``.csv`` name, a file separated by ``;``, tabs or ``|``
(Excel's CSV in many languages uses ``;``), UTF-16 without a byte-order
mark, or a first line that is not a header (Excel's ``sep=,`` line, or data
where the column names should be).

Cells are read as Python strings in ``object`` columns (:data:`TEXT`),
whatever the pandas version and whether or not pyarrow is installed: with
``dtype=str`` pandas 2 gives ``object``, pandas 3 its ``str`` dtype, whose
storage is Arrow buffers when pyarrow is installed; the loader would turn
those back into Python strings cell by cell, costing time and memory for
nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from myopathy_outcomes.io.columns import column_key
from myopathy_outcomes.io.shorten import quote, some

_UTF8: Final = "utf-8-sig"  # UTF-8, with or without Excel's byte-order mark
_HEAD_BYTES: Final = 4096
_ZIP: Final = b"PK\x03\x04"  # an .xlsx workbook is a zip archive
_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls workbook
_PARQUET: Final = b"PAR1"  # a Parquet file starts (and ends) with these bytes
_LARGEST_FIELD_LIMIT: Final = 2**31 - 1  # what csv.field_size_limit takes on every platform
_BYTE_ORDER_MARKS: Final = (  # UTF-32 first: its little-endian mark starts like UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_SEPARATOR_NAMES: Final = {",": "','", ";": "';'", "\t": "tabs", "|": "'|'"}
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_SHIFT_JIS: Final = "cp932"  # Microsoft's Shift-JIS, as Japanese Windows and Excel write it
_ASCII_SAFE: Final = frozenset({_UTF8, _SHIFT_JIS, "shift_jis"})
"""Encodings whose multi-byte characters hold no byte of ``,``, ``"``, CR or LF."""
_JAPANESE: Final = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")
"""Japanese punctuation, kana, kanji and full-width forms (not the half-width katakana, which
single bytes of Latin-1 text become)."""
_COMMON_LEADS: Final = range(0x81, 0xA0)
"""The first bytes of Japanese punctuation, kana, full-width forms and the common kanji (JIS
level 1) in cp932; Latin-1 text holds no such byte, and its accented letters before an ASCII
letter decode as rarer kanji (``Hélène`` as ``H駘鈩e``)."""
_PRIVATE_USE: Final = re.compile("[\ue000-\uf8ff]")
_DECODED_BYTES: Final = 1 << 20  # bytes decoded at a time while an encoding is tried

AUTO: Final = "auto"
"""The ``encoding`` that means: UTF-8, UTF-16 with a byte-order mark, or Shift-JIS, as found."""

TEXT: Final = np.dtype(object)
"""The dtype of the cells read: Python strings, pinned (not pandas' default ``str``)."""


class UnreadableCsvError(Exception):
    """The file cannot be read as a CSV table at all; the message says why."""


@dataclass(frozen=True)
class Misfit:
    """A record whose number of fields differs from the header's."""

    fields: int
    overflow: tuple[str, ...]
    """The fields beyond the header's last column (empty for a short record)."""


@dataclass(frozen=True)
class CsvText:
    """A CSV file read as text.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per record after the header, blank lines included, in file
        order; the columns are the header's names and every cell is text. A
        short record is padded with empty cells; a long one is cut to the
        header's width.
    header_fields : int
        The number of fields of the header line, without the unnamed empty
        columns at its end.
    misfits : Mapping[int, Misfit]
        The records whose number of fields differs from the header's, by
        position in ``frame``.
    """

    frame: pd.DataFrame
    header_fields: int
    misfits: Mapping[int, Misfit]
    notice: str | None = None
    """What was found rather than given, as a notice without the file's name: the encoding,
    when it is Shift-JIS."""


def text_encoding(encoding: object) -> str:
    """``encoding`` checked: :data:`AUTO`, or the name Python gives a text encoding it knows.

    Examples
    --------
    >>> text_encoding("auto"), text_encoding("Shift-JIS"), text_encoding("CP932")
    ('auto', 'shift_jis', 'cp932')
    >>> text_encoding("base64")
    Traceback (most recent call last):
    ...
    ValueError: encoding must be 'auto' or a text encoding such as 'utf-8' or 'cp932', got 'base64'
    """
    if not isinstance(encoding, str):
        raise TypeError(f"encoding must be text, got {type(encoding).__name__}")
    if encoding == AUTO:
        return AUTO
    try:
        "".encode(encoding)  # LookupError for an unknown name and for bytes-to-bytes codecs
    except LookupError:
        raise ValueError(
            f"encoding must be {AUTO!r} or a text encoding such as 'utf-8' or 'cp932', "
            f"got {quote(encoding)}"
        ) from None
    return codecs.lookup(encoding).name


def read_csv_text(file: Path, columns: Collection[str] = (), encoding: str = AUTO) -> CsvText:
    """Read ``file`` into text cells, noting records of the wrong width.

    ``columns`` are the schema's column names: a first line naming none of
    them (by :func:`~myopathy_outcomes.io.columns.column_key`) is not a header.
    ``encoding`` is :data:`AUTO` or a name checked by :func:`text_encoding`.

    Raises
    ------
    UnreadableCsvError
        If the file is missing, is a folder, cannot be opened, is not UTF-8
        (or UTF-16 with a byte-order mark, or Shift-JIS), or not in the
        ``encoding`` given, is a workbook or a Parquet file, is separated by
        another character, is empty, has no header, or cannot be split into
        records; the message says which.
    """
    with _problems_opening(file):  # a byte that cannot be decoded may be met at any line
        raw = file.read_bytes()  # the one read of the file: counting and parsing share it
        _refuse_binary(raw[:_HEAD_BYTES], file.stem.casefold())
        encoding, separator, notice = _encoding_and_separator(raw, encoding)
        header, counts = _count_fields(raw, encoding, separator, columns)
        width = max(len(header), int(counts.max(initial=0)))
        try:
            frame = pd.read_csv(  # the header as a row: with header=0, pandas takes its width
                io.BytesIO(raw),
                header=None,
                names=range(width),
                dtype=TEXT,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                encoding=encoding,
                sep=separator,
            )
        except pd.errors.ParserError as exc:
            raise UnreadableCsvError(_parser_problem(exc)) from None
    del raw
    frame = frame.iloc[1:]
    if len(frame) != len(counts):  # a guard: the two readers split records alike
        raise UnreadableCsvError(
            f"cannot be read as CSV: found {len(counts)} rows, but pandas {len(frame)}; "
            "check the quotes"
        )

    named = _named_width(header)
    _check_unnamed_columns_empty(frame, named, len(header))
    wrong = np.flatnonzero((counts < named) | (counts > len(header)))
    extra = frame.iloc[wrong, named:].to_numpy(dtype=object)
    misfits = {
        int(position): Misfit(fields, tuple(cells[: max(fields - named, 0)]))
        for position, fields, cells in zip(wrong, counts[wrong].tolist(), extra, strict=True)
    }
    frame = frame.iloc[:, :named].set_axis(header[:named], axis="columns")
    return CsvText(frame, named, misfits, notice)


def _named_width(header: list[str]) -> int:
    """The number of header fields up to the last one with a name."""
    named = len(header)
    while named and not header[named - 1].strip():
        named -= 1
    if not named:
        raise UnreadableCsvError("line 1 holds no column names; the header must be the first line")
    return named


def _check_unnamed_columns_empty(frame: pd.DataFrame, named: int, width: int) -> None:
    """Refuse values under the unnamed columns that end the header (fields ``named:width``)."""
    for column in range(named, width):
        cells = frame[column]
        filled = np.flatnonzero(cells.ne("").to_numpy(dtype=bool))
        if len(filled):
            stripped = cells.iloc[filled].str.strip()
            filled = filled[stripped.ne("").to_numpy(dtype=bool)]
        if len(filled):
            row, value = int(filled[0]) + 2, cells.iloc[filled[0]]  # the header is line 1
            raise UnreadableCsvError(
                f"the header has unnamed columns with values (row {row}, column {column + 1}: "
                f"{quote(value.strip())}); name the columns in the header or delete them"
            )


@contextmanager
def _problems_opening(file: Path) -> Iterator[None]:
    """Turn the errors of opening and decoding ``file`` into one line each."""
    try:
        yield
    except FileNotFoundError:
        raise UnreadableCsvError(f"file not found: {str(file)!r}") from None
    except IsADirectoryError:
        raise UnreadableCsvError(f"is a folder, not a file: {str(file)!r}") from None
    except PermissionError:
        raise UnreadableCsvError(f"cannot be opened (permission denied): {str(file)!r}") from None
    except UnicodeError as exc:
        raise UnreadableCsvError(_undecodable(file, exc)) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableCsvError(f"cannot be opened ({reason}): {str(file)!r}") from None


def _refuse_binary(head: bytes, stem: str) -> None:
    """Refuse a workbook or a Parquet file under a ``.csv`` name, from its first bytes ``head``.

    ``stem`` is the file's name without ``.csv``.
    """
    if head.startswith(_PARQUET):
        raise UnreadableCsvError(
            f"is a Parquet file saved under a .csv name, not CSV text; name it {stem}.parquet"
        )
    if head.startswith(_ZIP):
        raise UnreadableCsvError(
            "is an Excel workbook (.xlsx) saved under a .csv name, not CSV text; open it in "
            "Excel and save it as CSV UTF-8"
        )
    if head.startswith(_OLE):
        raise UnreadableCsvError(
            "is an Excel 97-2003 workbook (.xls) saved under a .csv name, not CSV text; open "
            "it in Excel and save it as CSV UTF-8"
        )


def _encoding_and_separator(raw: bytes, asked: str) -> tuple[str, str, str | None]:
    """The encoding and field separator of the file ``raw``, and a notice if it was guessed.

    ``asked`` is the encoding given, or :data:`AUTO`. UTF-8 and Shift-JIS
    files are separated by commas; UTF-16 and UTF-32 files by tabs if their
    first line holds one, as Excel's "Unicode text" does, else by commas.
    """
    head = raw[:_HEAD_BYTES]
    if asked != AUTO:
        encoding = _UTF8 if asked == "utf-8" else asked
        first_line = head.decode(encoding, errors="ignore").split("\n", 1)[0]
        wide = encoding.startswith(("utf-16", "utf-32"))
        return encoding, "\t" if wide and "\t" in first_line else ",", None
    for mark, encoding in _BYTE_ORDER_MARKS:
        if head.startswith(mark):
            first_line = head.decode(encoding, errors="ignore").split("\n", 1)[0]
            return encoding, "\t" if "\t" in first_line else ",", None
    if b"\x00" in head:
        raise UnreadableCsvError(
            "holds NUL bytes: it looks like UTF-16 text without a byte-order mark; save it "
            "as CSV UTF-8"
        )
    if not raw.isascii() and not _decodes(raw, "utf-8") and _is_japanese_shift_jis(raw):
        notice = (
            f"read as Japanese Shift-JIS text ({_SHIFT_JIS}), as Japanese Excel saves CSV: the "
            "file is not UTF-8"
        )
        return _SHIFT_JIS, ",", notice
    return _UTF8, ",", None  # a file that is not UTF-8 is refused while it is read


def _decoded(raw: bytes, encoding: str) -> Iterator[str]:
    """The text of ``raw`` in ``encoding``, a megabyte at a time (UnicodeDecodeError if not)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    for start in range(0, len(raw), _DECODED_BYTES):
        end = start + _DECODED_BYTES
        yield decoder.decode(raw[start:end], final=end >= len(raw))


def _decodes(raw: bytes, encoding: str) -> bool:
    """Whether every byte of ``raw`` decodes in ``encoding``."""
    try:
        for _ in _decoded(raw, encoding):
            pass
    except UnicodeDecodeError:
        return False
    return True


def _is_japanese_shift_jis(raw: bytes) -> bool:
    """Whether ``raw`` is Shift-JIS (cp932) text holding Japanese, and nothing private.

    Text in another legacy encoding (Latin-1, Windows-1252) seldom decodes as
    cp932: most accented letters are lead bytes that the next byte does not
    complete, or open the user-defined area (private use); those that decode
    alone become half-width katakana, and an accented letter before an ASCII
    letter becomes a rare kanji (``Hélène`` decodes as ``H駘鈩e``). Requiring a
    full-width Japanese character whose first byte is one of 0x81-0x9F (kana,
    punctuation, full-width forms, the common kanji), bytes that Latin-1 text
    never holds, and no private character keeps such files out.
    """
    japanese = False
    try:
        for text in _decoded(raw, _SHIFT_JIS):
            if _PRIVATE_USE.search(text):
                return False
            japanese = japanese or any(
                found.group().encode(_SHIFT_JIS)[0] in _COMMON_LEADS
                for found in _JAPANESE.finditer(text)
            )
    except UnicodeDecodeError:
        return False
    return japanese


def _count_fields(
    raw: bytes, encoding: str, separator: str, columns: Collection[str]
) -> tuple[list[str], np.ndarray[tuple[int], np.dtype[np.int64]]]:
    """The header's names and the number of fields of every later record of the file ``raw``."""
    with (
        io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, newline="") as text,
        _field_size_limit(len(raw)),
    ):
        reader = csv.reader(text, delimiter=separator)
        try:
            header = next(reader, None)
            if header is None:
                raise UnreadableCsvError("file is empty (no header line)")
            if not header:
                raise UnreadableCsvError("line 1 is empty; the header must be the first line")
            _check_header(header, separator, columns)
            fast = _plain_counts(raw, separator) if encoding in _ASCII_SAFE else None
            counts = np.fromiter(map(len, reader), dtype=np.int64) if fast is None else fast
        except csv.Error as exc:
            raise UnreadableCsvError(
                f"cannot be read as CSV: {exc} (line {reader.line_num})"
            ) from None
    return header, counts


@contextmanager
def _field_size_limit(size: int) -> Iterator[None]:
    """Let the :mod:`csv` module read a field as long as the file, ``size`` bytes, then restore.

    The module refuses a field longer than 131,072 characters, though a cell
    of a spreadsheet may hold a long text (a note); no field is longer than
    the file that holds it.
    """
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, min(size + 1, _LARGEST_FIELD_LIMIT)))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _plain_counts(raw: bytes, separator: str) -> np.ndarray[tuple[int], np.dtype[np.int64]] | None:
    """The field counts of the records after the header, for a file without quotes.

    Without a quote character every line is one record and every separator
    splits two fields, so the counts are the separators per line plus one
    (none for a blank line), found with array operations rather than by
    parsing every record. ``None`` when the file has a quote or a carriage
    return that does not end a line: the CSV parser must read it.
    """
    if b'"' in raw or raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    data = np.frombuffer(raw, dtype=np.uint8)
    ends = np.flatnonzero(data == ord("\n"))
    if not raw.endswith(b"\n"):
        ends = np.append(ends, len(raw))
    starts = np.concatenate(([0], ends[:-1] + 1))
    # separators before each line's end, less those before the previous line's end
    before_end = np.searchsorted(np.flatnonzero(data == ord(separator)), ends)
    counts = np.diff(before_end, prepend=0) + 1
    widths = ends - starts - (data[np.maximum(ends - 1, 0)] == ord("\r"))
    counts[widths <= 0] = 0  # a blank line: a record without fields
    return counts[1:].astype(np.int64)


def _check_header(header: list[str], separator: str, columns: Collection[str]) -> None:
    """Refuse a first line that is not a header, saying what it looks like."""
    line = separator.join(header)
    named = _named_width(header)
    if named <= 2 and header[0].strip().casefold().startswith("sep="):
        raise UnreadableCsvError(
            f"line 1 is not a header: found {quote(line)}, Excel's line naming the separator; "
            "delete that line, so that the header is line 1"
        )
    if named == 1:
        for other, name in _SEPARATOR_NAMES.items():
            if other != separator and other in header[0]:
                raise UnreadableCsvError(
                    f"looks separated by {name}, not {_SEPARATOR_NAMES[separator]}; "
                    "save it as comma-separated CSV"
                )
    if columns and not any(column_key(name) in columns for name in header):
        raise UnreadableCsvError(
            f"line 1 is not a header: found {quote(line)}; the first line must name the "
            f"columns: {some(list(columns), shown=len(columns))}"
        )


def _undecodable(file: Path, exc: UnicodeError) -> str:
    """Say where the first byte that cannot be decoded is, and what to do."""
    encoding = "UTF-8"
    if isinstance(exc, UnicodeDecodeError) and not exc.encoding.startswith("utf-8"):
        encoding = exc.encoding.upper().removesuffix("-LE").removesuffix("-BE")
    raw = file.read_bytes()
    try:
        raw.decode("utf-8-sig" if encoding == "UTF-8" else encoding.lower())
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start : error.start + 1].hex()
        return (
            f"is not {encoding} text: byte 0x{byte} on line {line} cannot be decoded; "
            "save the file as UTF-8 (in Excel: CSV UTF-8)"
        )
    return f"is not {encoding} text; save the file as UTF-8 (in Excel: CSV UTF-8)"


def _parser_problem(exc: pd.errors.ParserError) -> str:
    """pandas' complaint, with an open quote told in the loader's row numbers."""
    open_quote = _OPEN_QUOTE.search(str(exc))
    if open_quote:
        row = int(open_quote.group(1)) + 1  # pandas counts the header as row 0
        return f'cannot be read as CSV: a quote (") opened in row {row} is never closed'
    return f"cannot be read as CSV: {exc}"
