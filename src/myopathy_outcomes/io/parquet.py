"""Read a table of a cohort folder from a Parquet file (the optional extra ``parquet``).

Registry extracts from SQL engines (DuckDB, Spark, BigQuery, ...) often come
as Parquet files. A cohort folder may hold ``patients.parquet``,
``visits.parquet`` and ``regimens.parquet`` in place of the CSV files, each
table in the format it comes in: a folder may mix the two. The columns are
those of the CSV files, and every rule of
:func:`~myopathy_outcomes.io.load_cohort` applies unchanged: column names
and file names are matched ignoring case, text cells are stripped and the
missing markers (``NA``, ``NULL``, ...) are missing, a row whose cells are
all missing is skipped with a notice, and every problem names the file, the
row, the patient and the field, as in ``visits.parquet row 14 (patient
P07): ck must be >= 0 and <= 1000000, got -3``.

Rules
-----
- A table given both ways, ``visits.csv`` and ``visits.parquet``, is
  refused, naming both files: nobody can tell which one is meant.
- Rows are numbered as for DataFrames, by position: row ``n`` is record
  ``n - 1`` of the file (the first record is row 2, as in the CSV file the
  table would be saved as), that is ``frame.iloc[n - 2]`` of
  ``pandas.read_parquet(file)``.
- Typed columns are read as the values they hold, as
  :func:`~myopathy_outcomes.io.cohort_from_frames` reads a DataFrame's:
  ``date32``/``date64`` as dates; a ``timestamp`` as its day (in its own
  time zone if it has one); integers, with or without missing values, as
  integers (a whole-number patient id as its decimal text, ``7`` as
  ``"7"``); floats narrower than 64 bits as the decimal they show; booleans
  as yes or no, and as an error in a numeric column; strings, also
  dictionary-encoded ones, as text. Null is missing.
- ``binary`` columns (Impala and Hive write text so) are read as UTF-8
  text; a cell that is not UTF-8 is a problem of its row and field
  (``patient_id must be UTF-8 text, got b'\\xff01'``).
- A date or timestamp that Python's calendar cannot hold (a year after 9999
  or before 1) is a problem of its row and field, as in the CSV file:
  ``date is in the future: 12920-03-01``.
- A schema column holding several values in a cell (``list``, ``map``,
  ``struct``, ``union``) is refused with one line naming the file, the
  column and its type: a table has one value per cell. Such a column that
  is not a schema column (a Hive ``array<string>`` of tags beside the
  table's columns) is not read, and a notice names it, as a CSV column not
  used is named.
- A file that cannot be read as one Parquet file (damaged, another format,
  or a folder such as Spark's partitioned output) is one problem of its
  table, naming the file; it is raised whatever ``on_error`` says, as an
  unreadable CSV file is.
- Reading Parquet needs pyarrow, installed by
  ``pip install "myopathy-outcomes[parquet]"``; without it a folder holding a
  Parquet table raises :class:`ImportError` saying so. Folders of CSV files
  do not need it.

Text is held as Python strings, one object per distinct value of a column,
and not in pandas' default ``str`` dtype (Arrow buffers when pyarrow is
installed), which the loader would turn back into Python strings cell by
cell.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from myopathy_outcomes.io.cleaning import text_of
from myopathy_outcomes.io.columns import column_key
from myopathy_outcomes.io.shorten import quote, some

__all__ = [
    "PARQUET_EXTRA",
    "ParquetFile",
    "UnreadableParquetError",
    "find_parquet",
    "read_parquet",
]

PARQUET_EXTRA: Final = 'pip install "myopathy-outcomes[parquet]"'
"""How to install what reading Parquet files needs."""

SUFFIX: Final = ".parquet"


class UnreadableParquetError(Exception):
    """A table's Parquet file cannot be used at all; ``label`` is the file, the message why."""

    def __init__(self, label: str, message: str) -> None:
        super().__init__(message)
        self.label = label


@dataclass(frozen=True)
class ParquetFile:
    """The Parquet file of one table: the name messages give it, and where it is."""

    label: str
    """``"visits.parquet"``, whatever the case of the file's name."""
    path: Path


def find_parquet(
    folder: Path, table: str, listing: Sequence[str], notices: list[str]
) -> ParquetFile | None:
    """The Parquet file of ``table`` in ``folder`` (``visits.parquet``, in any case), or ``None``.

    ``listing`` holds the names in ``folder``. A file found in another case
    is named in a notice, as for CSV files.

    Raises
    ------
    UnreadableParquetError
        If the folder holds the table as CSV too, or holds two Parquet files
        of it whose names differ only in case.
    """
    label = table + SUFFIX
    same = sorted(entry for entry in listing if entry.casefold() == label)
    if not same:
        return None
    if len(same) > 1:
        raise UnreadableParquetError(
            label, f"found {some(same, show=quote)}, which differ only in case; keep one"
        )
    csv = sorted(entry for entry in listing if entry.casefold() == f"{table}.csv")
    if csv:
        raise UnreadableParquetError(
            label,
            f"found both {quote(csv[0])} and {quote(same[0])} in {str(folder)!r}; a table is "
            "read from one file: keep one of them",
        )
    if same[0] != label:
        notices.append(f"{label}: read from {same[0]!r} (file names are matched ignoring case)")
    return ParquetFile(label, folder / same[0])


def read_parquet(
    file: ParquetFile, columns: Collection[str] = (), notices: list[str] | None = None
) -> pd.DataFrame:
    """The table in ``file`` as a DataFrame of the values it holds, in record order.

    ``columns`` are the table's schema columns. A column holding several
    values in a cell (list, map, struct, union) is refused when its name
    stands for one of them (as :func:`~myopathy_outcomes.io.columns.column_key`
    compares names), or when ``columns`` is empty; any other such column is
    not read, and a notice naming it is appended to ``notices``.

    Text, date and timestamp columns become ``object`` columns holding one
    Python object per distinct value (``str``, ``datetime.date``,
    ``datetime.datetime``); integer columns with missing values pandas'
    nullable integers; other columns what pyarrow gives.

    Raises
    ------
    ImportError
        If pyarrow is not installed; the message says how to install it.
    UnreadableParquetError
        If the file is a folder or cannot be read as Parquet; the message
        names the file.
    """
    pa, pq = _pyarrow(file.label)
    if file.path.is_dir():
        raise UnreadableParquetError(
            file.label,
            f"is a folder (a partitioned dataset?), not a file: {str(file.path)!r}; write the "
            "table as one Parquet file",
        )
    try:
        parquet = pq.ParquetFile(file.path)
        schema = parquet.schema_arrow
        wanted = {column_key(column) for column in columns}
        skipped = [
            (field.name, str(field.type))
            for field in schema
            if pa.types.is_nested(field.type) and wanted and column_key(field.name) not in wanted
        ]
        kept = [field.name for field in schema if field.name not in dict(skipped)]
        table = parquet.read(columns=kept) if skipped else parquet.read()
    except (pa.ArrowException, OSError) as exc:
        raise UnreadableParquetError(
            file.label, f"cannot be read as Parquet: {str(file.path)!r} ({_reason(exc)})"
        ) from None
    if skipped and notices is not None:
        shown = some([f"{quote(name)} ({kind})" for name, kind in skipped])
        notices.append(
            f"{file.label}: not read: {shown}: several values in a cell, and not a column of "
            "the schema"
        )
    names, rows = table.column_names, table.num_rows
    read = []
    for name, column in zip(names, table.columns, strict=True):
        if pa.types.is_nested(column.type):
            raise UnreadableParquetError(
                file.label,
                f"column {quote(name)} has the type {quote(str(column.type))}, which holds "
                "several values in a cell; give one value per cell (text, a number or a date), "
                "or leave the column out",
            )
        try:
            read.append(_column(pa, column))
        except (pa.ArrowException, ValueError, OverflowError) as exc:
            raise UnreadableParquetError(
                file.label,
                f"column {quote(name)} ({column.type}) cannot be read as Python values: "
                f"{_reason(exc)}",
            ) from None
    del table
    pa.default_memory_pool().release_unused()  # hand back what reading needed for a while
    if not read:
        return pd.DataFrame(index=range(rows))
    return pd.concat(read, axis="columns").set_axis(names, axis="columns")


def _reason(exc: Exception) -> str:
    """The first line of pyarrow's message, or the error's kind."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _pyarrow(label: str) -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or an ImportError saying how to install them."""
    try:
        import pyarrow  # noqa: PLC0415 (optional extra)
        import pyarrow.compute  # noqa: PLC0415
        import pyarrow.parquet  # noqa: PLC0415
    except ImportError as error:
        raise ImportError(
            f"reading {label} needs pyarrow, which is not installed: {PARQUET_EXTRA}"
        ) from error
    return pyarrow, pyarrow.parquet


def _column(pa: Any, column: Any) -> pd.Series[Any]:
    """One Arrow column as a pandas column of the values it holds."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column, kind = column.cast(kind.value_type), kind.value_type
    if _is_binary(pa, kind):
        return _shared_objects(column.combine_chunks(), _texts)
    if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return _shared_objects(column.combine_chunks(), lambda days: _dates(pa, days))
    if _is_object_valued(pa, kind):
        return _shared_objects(column.combine_chunks(), lambda values: values.to_pylist())
    if pa.types.is_integer(kind) and column.null_count:
        nullable = f"{'UInt' if pa.types.is_unsigned_integer(kind) else 'Int'}{kind.bit_width}"
        return pd.Series(
            column.to_pandas(types_mapper={kind: pd.api.types.pandas_dtype(nullable)}.get)
        )
    return pd.Series(column.to_pandas())


def _is_object_valued(pa: Any, kind: Any) -> bool:
    """Text: columns held as Python strings."""
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    )


def _is_binary(pa: Any, kind: Any) -> bool:
    """Bytes: columns read as UTF-8 text."""
    return bool(
        pa.types.is_binary(kind)
        or pa.types.is_large_binary(kind)
        or pa.types.is_fixed_size_binary(kind)
        or pa.types.is_binary_view(kind)
    )


def _texts(values: Any) -> list[Any]:
    """Bytes as UTF-8 text; bytes that are not UTF-8 stay bytes, which the loader reports."""
    return [text_of(value) for value in values.to_pylist()]


def _dates(pa: Any, values: Any) -> list[Any]:
    """Dates and timestamps as Python objects; one beyond Python's calendar as its date written.

    Python's ``date`` holds the years 1 to 9999; a database's date may not
    (a typo of year 12920). Such a value is given as its date written
    (``"12920-03-01"``, in its own time zone), which the models refuse in
    words, so that it is a problem of its row, not of the whole file.
    """
    try:
        converted: list[Any] = values.to_pylist()
    except (ValueError, OverflowError):
        written = pa.compute.strftime(values, format="%Y-%m-%d").to_pylist()
        converted = []
        for index, text in enumerate(written):
            try:
                converted.append(values[index].as_py())
            except (ValueError, OverflowError):
                converted.append(text)
    return converted


def _shared_objects(array: Any, convert: Callable[[Any], list[Any]]) -> pd.Series[Any]:
    """An Arrow array as an ``object`` column, one Python object per distinct value.

    The values are dictionary-encoded once: each distinct value becomes one
    Python object, made by ``convert`` from the array of distinct values, and
    every cell holding it points to that object, so that a column of two
    million cells naming a hundred thousand patients costs their hundred
    thousand strings, not two million.
    """
    encoded = array.dictionary_encode()
    distinct = convert(encoded.dictionary)
    distinct.append(None)  # index -1: a null cell
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    values = np.fromiter(distinct, dtype=object, count=len(distinct))
    return pd.Series(values[codes], dtype=object)
