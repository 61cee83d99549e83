"""Find and read the tables of a cohort folder, each from its CSV, Parquet or Excel file.

The folder itself is checked first (:func:`cohort_folder`): a path that is
missing, or is one of the files, is refused saying what to give instead. A
path naming an ``.xlsx`` workbook is read as a sheet per table
(:func:`read_workbook`, :mod:`~myopathy_outcomes.io.excel`).

File names are matched ignoring case (``Patients.csv``), and each file found
so is named in a notice; two files whose names differ only in case are
refused. A table is read from ``<name>.xlsx`` when the folder holds one
(:mod:`~myopathy_outcomes.io.excel`), from ``<name>.parquet`` when it holds
one (:mod:`~myopathy_outcomes.io.parquet`), else from ``<name>.csv``
(:mod:`~myopathy_outcomes.io.csv_text`). A file that cannot be read is a
problem of its table, whose message names it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pandas as pd

from myopathy_outcomes.errors import RowProblem
from myopathy_outcomes.io.csv_text import AUTO, Misfit, UnreadableCsvError, read_csv_text
from myopathy_outcomes.io.excel import (
    UnreadableWorkbookError,
    find_workbook,
    is_workbook,
    read_cohort_workbook,
    read_table_workbook,
)
from myopathy_outcomes.io.parquet import UnreadableParquetError, find_parquet, read_parquet
from myopathy_outcomes.io.shorten import quote, some
from myopathy_outcomes.io.specs import TABLES, TableSpec, table_problem

__all__ = ["FolderTables", "cohort_folder", "read_folder", "read_workbook"]

_FOLDER_HELP: Final = "the folder holding patients.csv, visits.csv and regimens.csv"


def cohort_folder(path: object) -> Path:
    """The folder that ``path`` names, checked; the errors name the argument ``path``.

    A path naming an ``.xlsx`` workbook is returned as it is, to be read
    by :func:`read_workbook`.

    Raises
    ------
    TypeError
        If ``path`` is not text or a path (DataFrames are pointed to
        :func:`~myopathy_outcomes.io.cohort_from_frames`).
    ValueError
        If ``path`` is empty.
    FileNotFoundError
        If ``path`` does not exist.
    NotADirectoryError
        If ``path`` is a file but no workbook (one of the three files is
        pointed to its folder).
    """
    if isinstance(path, pd.DataFrame | tuple | list | dict):
        raise TypeError(
            f"path must be {_FOLDER_HELP}, got {type(path).__name__}; for DataFrames use "
            "mo.cohort_from_frames(patients, visits, regimens)"
        )
    if not isinstance(path, str | os.PathLike) or isinstance(os.fspath(path), bytes):
        raise TypeError(f"path must be {_FOLDER_HELP} (a str or Path), got {type(path).__name__}")
    if not os.fspath(path):
        raise ValueError(f"path is empty; give {_FOLDER_HELP}")
    folder = Path(path)
    if is_workbook(folder):
        if not folder.exists():
            raise FileNotFoundError(f"workbook not found: {str(folder)!r}")
        return folder
    if not folder.exists():
        raise FileNotFoundError(
            f"cohort folder not found: {str(folder)!r}; path must be {_FOLDER_HELP}"
        )
    if not folder.is_dir():
        hint = ""
        files = {table.name + suffix for table in TABLES for suffix in (".csv", ".parquet")}
        if folder.name.casefold() in files:
            hint = f" (this is one of the files: give its folder, {str(folder.parent)!r})"
        raise NotADirectoryError(
            f"not a folder: {str(folder)!r}; path must be {_FOLDER_HELP}{hint}"
        )
    return folder


@dataclass(frozen=True)
class FolderTables:
    """The tables of a folder as read, before their cells are looked at.

    Attributes
    ----------
    frames : dict of str to pandas.DataFrame
        By table name, each table that could be read: text cells from a CSV
        file, values from a Parquet file. The loader takes each out of the
        dict when it has cleaned its cells, so that it can be let go.
    labels : mapping of str to str
        By table name, the name its messages give it (``"visits.csv"``,
        ``"visits.parquet"``).
    misfits : mapping of str to mapping of int to Misfit
        By table read from CSV, the rows whose number of fields differs
        from the header's, by position.
    problems : tuple of RowProblem
        One per table that could not be read, saying why.
    notices : tuple of str
        The files found under a name in another case, and those read in an
        encoding found rather than given (Shift-JIS).
    first_rows : mapping of str to int
        By table read from an Excel sheet, the number Excel gives its first
        row under the header; every other table's is 2.
    """

    frames: dict[str, pd.DataFrame]
    labels: Mapping[str, str]
    misfits: Mapping[str, Mapping[int, Misfit]]
    problems: tuple[RowProblem, ...]
    notices: tuple[str, ...]
    first_rows: Mapping[str, int] = field(default_factory=dict)


def read_folder(folder: Path, specs: Sequence[TableSpec], encoding: str = AUTO) -> FolderTables:
    """Read each table of ``specs`` from its file in ``folder``.

    A table that cannot be read (no file, two files, a file that is not
    CSV text, not Parquet or not a workbook) is a problem of that table;
    the others are read all the same. CSV files are read in ``encoding``
    (see :func:`~myopathy_outcomes.io.csv_text.read_csv_text`).

    Raises
    ------
    ImportError
        If a table is a Parquet file and pyarrow is not installed, or a
        workbook and openpyxl is not.
    """
    frames: dict[str, pd.DataFrame] = {}
    misfits: dict[str, Mapping[int, Misfit]] = {}
    problems: list[RowProblem] = []
    notices: list[str] = []
    first_rows: dict[str, int] = {}
    listing = _listing(folder)
    labels = {spec.name: spec.file_name for spec in specs}
    for spec in specs:
        try:
            if (workbook := find_workbook(folder, spec.name, listing, notices)) is not None:
                sheet = read_table_workbook(workbook, spec)
                labels[spec.name], frames[spec.name] = sheet.label, sheet.frame
                first_rows[spec.name] = sheet.first_row
                notices.extend(sheet.notices)
                continue
            if (parquet := find_parquet(folder, spec.name, listing, notices)) is not None:
                labels[spec.name] = parquet.label
                frames[spec.name] = read_parquet(parquet, spec.columns, notices)
                continue
            file = _find_file(folder, spec.file_name, listing, notices)
            text = read_csv_text(file, spec.columns, encoding)
        except UnreadableCsvError as exc:
            problems.append(table_problem(spec.file_name, str(exc)))
        except (UnreadableParquetError, UnreadableWorkbookError) as exc:
            problems.append(table_problem(exc.label, str(exc)))
        else:
            frames[spec.name], misfits[spec.name] = text.frame, text.misfits
            if text.notice is not None:
                notices.append(f"{spec.file_name}: {text.notice}")
            del text  # the frames dict holds the only reference, which the loader lets go
    return FolderTables(frames, labels, misfits, tuple(problems), tuple(notices), first_rows)


def read_workbook(path: Path, specs: Sequence[TableSpec]) -> FolderTables:
    """Read each table of ``specs`` from its sheet of the workbook ``path``.

    Raises
    ------
    ImportError
        If openpyxl is not installed.
    """
    book = read_cohort_workbook(path, specs)
    return FolderTables(
        frames={name: table.frame for name, table in book.tables.items()},
        labels=book.labels,
        misfits={},
        problems=tuple(table_problem(label, message) for label, message in book.problems),
        notices=book.notices,
        first_rows={name: table.first_row for name, table in book.tables.items()},
    )


def _listing(folder: Path) -> list[str]:
    """The names in ``folder``; none if it cannot be listed (each file is opened as named)."""
    try:
        return [entry.name for entry in folder.iterdir()]
    except OSError:
        return []


def _find_file(folder: Path, name: str, listing: Sequence[str], notices: list[str]) -> Path:
    """The file of ``folder`` called ``name``, in any case (``Patients.csv``, ``VISITS.CSV``).

    A file found in another case is named in a notice; two files that differ
    only in case are refused. A missing file names a file of the same stem
    with another extension (``patients.txt``, ``patients.xlsx``).
    """
    same = [entry for entry in listing if entry.casefold() == name]
    if len(same) > 1:
        raise UnreadableCsvError(
            f"found {some(sorted(same), show=quote)}, which differ only in case; keep one"
        )
    if same and same[0] != name:
        notices.append(f"{name}: read from {same[0]!r} (file names are matched ignoring case)")
        return folder / same[0]
    if not same:
        stem = name.removesuffix(".csv")
        others = sorted(entry for entry in listing if entry.casefold().startswith(stem + "."))
        if others:
            raise UnreadableCsvError(
                f"file not found: {str(folder / name)!r} (found {some(others, show=quote)}; "
                f"save the table as CSV UTF-8 under the name {name})"
            )
        parquet = sorted(entry for entry in listing if entry.casefold().endswith(".parquet"))
        if parquet:  # a folder of Parquet tables lacks this one
            raise UnreadableCsvError(
                f"file not found: neither {stem}.parquet nor {name} in {str(folder)!r} "
                f"(found {some(parquet, show=quote)}); give every table as Parquet or CSV"
            )
        _no_table_workbook(folder, name, listing)
    return folder / name


def _no_table_workbook(folder: Path, name: str, listing: Sequence[str]) -> None:
    """Say that ``name`` is missing from a folder holding workbooks, naming what to give."""
    workbooks = sorted(entry for entry in listing if is_workbook(folder / entry))
    if not workbooks:
        return
    stem = name.removesuffix(".csv")
    tables = {f"{table.name}.xlsx" for table in TABLES}
    if any(entry.casefold() in tables for entry in workbooks):  # a table's workbook is there
        raise UnreadableCsvError(
            f"file not found: neither {stem}.xlsx nor {name} in {str(folder)!r} "
            f"(found {some(workbooks, show=quote)}); give every table as a workbook or CSV"
        )
    raise UnreadableCsvError(
        f"file not found: {str(folder / name)!r} (found {some(workbooks, show=quote)}: give a "
        "workbook holding the sheets patients, visits and regimens as the path, not its folder)"
    )
