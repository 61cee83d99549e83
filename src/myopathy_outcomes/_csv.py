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
value is. A header that is one name holding ``;`` is a file separated by
semicolons (Excel's CSV in many languages); it is refused with that said,
rather than read as one column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from myopathy_outcomes._shorten import quote

_ENCODING: Final = "utf-8-sig"  # UTF-8, with or without Excel's byte-order mark
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")


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


def read_csv_text(file: Path) -> CsvText:
    """Read ``file`` (UTF-8) into text cells, noting records of the wrong width.

    Raises
    ------
    UnreadableCsvError
        If the file is missing, is a folder, cannot be opened, is not UTF-8,
        is empty or cannot be split into records; the message says which.
    """
    try:
        header, counts = _count_fields(file)
    except FileNotFoundError:
        raise UnreadableCsvError(f"file not found: {str(file)!r}") from None
    except IsADirectoryError:
        raise UnreadableCsvError(f"is a folder, not a file: {str(file)!r}") from None
    except PermissionError:
        raise UnreadableCsvError(f"cannot be opened (permission denied): {str(file)!r}") from None
    except UnicodeDecodeError:
        raise UnreadableCsvError(_not_utf8(file)) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableCsvError(f"cannot be opened ({reason}): {str(file)!r}") from None

    width = max(len(header), int(counts.max(initial=0)))
    try:
        frame = pd.read_csv(  # the header as a row: with header=0, pandas takes its width
            file,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding=_ENCODING,
        )
    except pd.errors.ParserError as exc:
        raise UnreadableCsvError(_parser_problem(exc)) from None
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
    return CsvText(frame, named, misfits)


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


def _count_fields(file: Path) -> tuple[list[str], np.ndarray[tuple[int], np.dtype[np.int64]]]:
    """The header's names and the number of fields of every later record."""
    with file.open(newline="", encoding=_ENCODING) as text:
        reader = csv.reader(text)
        try:
            header = next(reader, None)
            if header is None:
                raise UnreadableCsvError("file is empty (no header line)")
            if not header:
                raise UnreadableCsvError("line 1 is empty; the header must be the first line")
            if _named_width(header) == 1 and ";" in header[0]:
                raise UnreadableCsvError(
                    "looks separated by ';', not ','; save it as comma-separated CSV"
                )
            counts = np.fromiter(map(len, reader), dtype=np.int64)
        except csv.Error as exc:
            hint = '; is a quote (") left open?' if "field limit" in str(exc) else ""
            raise UnreadableCsvError(
                f"cannot be read as CSV: {exc} (line {reader.line_num}){hint}"
            ) from None
    return header, counts


def _not_utf8(file: Path) -> str:
    """Say where the first byte that is not UTF-8 is, and what to do."""
    raw = file.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        return (
            f"is not UTF-8 text: byte 0x{byte} on line {line} cannot be decoded; "
            "save the file as UTF-8 (in Excel: CSV UTF-8)"
        )
    return "is not UTF-8 text; save the file as UTF-8 (in Excel: CSV UTF-8)"  # pragma: no cover


def _parser_problem(exc: pd.errors.ParserError) -> str:
    """pandas' complaint, with an open quote told in the loader's row numbers."""
    open_quote = _OPEN_QUOTE.search(str(exc))
    if open_quote:
        row = int(open_quote.group(1)) + 1  # pandas counts the header as row 0
        return f'cannot be read as CSV: a quote (") opened in row {row} is never closed'
    return f"cannot be read as CSV: {exc}"
