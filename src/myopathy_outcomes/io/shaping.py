"""Shape a table for validation: its columns matched, its cells cleaned, its rows sorted out.

Before a cell is validated, the table as a whole is looked at: its column
names are matched to the schema's (:mod:`~myopathy_outcomes.io.columns`);
lines whose cells are all empty are skipped, with a notice; rows whose
fields do not fit the header, and rows that repeat the header, are problems
of their own and are not read further; ``True``/``False`` and numbers
written with ``_`` (``1_000``) in a numeric column are problems that
pydantic would not see. Rows keep the number a person counts in the file:
the header is line 1, the first data row row 2.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Final

import numpy as np
import pandas as pd

from myopathy_outcomes.io.cells import BoolArray, IntArray, ObjectArray
from myopathy_outcomes.io.cleaning import (
    Coded,
    booleans,
    clean_cell,
    clean_cells,
    clean_column,
    parsers,
    underscored_numbers,
)
from myopathy_outcomes.io.columns import ColumnMatch, column_key, describe_matched, match_columns
from myopathy_outcomes.io.csv_text import Misfit
from myopathy_outcomes.io.shorten import quote, some
from myopathy_outcomes.io.specs import TABLES, TableSpec
from myopathy_outcomes.models import Record

__all__ = ["Shaped", "Unusable", "shape_table"]

_FIRST_DATA_ROW: Final = 2  # the header is line 1

Found = dict[int, list[tuple[str | None, str]]]
"""Problems found before validation: by position, the column at fault and the message."""


@dataclass(frozen=True)
class Shaped:
    """One table's cleaned cells, ready for validation."""

    columns: dict[str, ObjectArray]
    rows: Sequence[int]
    """The number of each row in the file: a ``range`` unless empty rows were skipped (a list
    of ten million numbers would hold hundreds of megabytes)."""
    found: Found
    unread: frozenset[int]
    """Positions of rows whose fields do not fit the header: not validated, not cross-checked."""
    spellings: dict[int, dict[str, str]] = field(default_factory=dict)
    """By position and column, how a missing value of a required field was written (``"NA"``)."""
    present: tuple[str, ...] = ()
    """The table's optional columns that the input has."""
    coded: dict[str, tuple[IntArray, ObjectArray]] = field(default_factory=dict)
    """Columns cleaned per distinct cell: each row's code (-1: missing) and each code's cell."""
    notices: tuple[str, ...] = ()
    """Columns matched without being written exactly, columns not used, empty rows skipped."""


@dataclass(frozen=True)
class Unusable:
    """A table whose columns cannot be read: one missing, two for one, a name written twice."""

    problems: tuple[str, ...]
    """What is wrong with the columns, told in one line where one says it all."""


def shape_table(
    frame: pd.DataFrame,
    table: TableSpec,
    labels: Mapping[str, str],
    *,
    misfits: Mapping[int, Misfit],
    tables: Sequence[TableSpec] = TABLES,
    first_row: int | None = None,
) -> Shaped | Unusable:
    """Check the columns and clean the cells; :class:`Unusable` if the table cannot be used.

    Returns the table's columns as cleaned object arrays (``None`` for
    missing), the row number of each remaining row, and the problems that
    show before validation: rows whose fields do not fit the header
    (``misfits``, by position in ``frame``), and ``True``/``False`` or a
    number written with ``_`` (``1_000``) in a numeric column. ``labels``
    names every table, for a table that holds another's columns.
    ``first_row`` is the number of ``frame``'s first row, 2 unless given (an
    Excel sheet's header need not be its row 1).
    """
    label = labels[table.name]
    found_names = [str(name) for name in frame.columns]
    match = match_columns(found_names, table.columns, table.optional)
    if match.problems:
        return Unusable(tuple(_column_problems(match, found_names, table, labels, tables)))
    notices: list[str] = []
    if match.matched:
        notices.append(f"{label}: {describe_matched(match.matched)}")
    unknown = list(match.unknown)
    if unknown:
        notices.append(
            f"{label}: not used: {some(unknown, show=quote)} (not a column of the schema"
            + (" or a measure the design declares)" if table.optional else ")")
        )
    written = {column: name.strip() for name, column in zip(found_names, match.names, strict=True)}

    frame = frame.set_axis(list(match.names), axis="columns")
    # an optional column the input lacks is no column: the model's default, None, fills it
    absent = [column for column in table.optional if column not in match.names]
    parse = parsers(table.model)
    columns: dict[str, ObjectArray] = {}
    coded: dict[str, Coded] = {}
    for column in (c for c in table.columns if c not in absent):
        is_id = column == "patient_id"
        cleaned = clean_column(frame[column], is_id=is_id, parse=parse.get(column))
        if isinstance(cleaned, Coded):
            coded[column] = cleaned
            cleaned = cleaned.cleaned[cleaned.codes]
        columns[column] = cleaned
    start = _FIRST_DATA_ROW if first_row is None else first_row
    rows = np.arange(start, start + len(frame))
    missing = {column: _missing(values, coded.get(column)) for column, values in columns.items()}
    blank = np.logical_and.reduce(
        list(missing.values())
        + [pd.isna(clean_cells(frame[name], is_id=False, parse=None)) for name in unknown]
    )

    spellings: dict[int, dict[str, str]] = {}
    for column in _required_fields(table.model):  # how a missing required value was written
        positions = np.flatnonzero(missing[column])
        cells = frame[column].iloc[positions].to_numpy(dtype=object)  # not the whole column
        for position, cell in zip(positions.tolist(), cells, strict=True):
            if isinstance(cell, str) and cell.strip():
                spellings.setdefault(position, {})[column] = cell.strip()

    found: Found = {}
    for position, misfit in misfits.items():
        if any(clean_cell(cell, None) is not None for cell in misfit.overflow):
            blank[position] = False
        if not blank[position]:
            found[position] = [(None, _misfit_message(misfit, len(found_names)))]
    for position in _header_repeats(frame, columns, written, table):
        if position not in found:
            found[position] = [(None, "repeats the header (the column names); delete this row")]
            columns["patient_id"][position] = None  # the row is nobody's
            if "patient_id" in coded:
                coded["patient_id"].codes[position] = -1
    unread = set(found)
    for column in (c for c in _numeric_fields(table.model) if c in columns):
        values = columns[column]
        for position in np.flatnonzero(booleans(frame[column])).tolist():
            message = f"{column} must be a number, got {bool(values[position])}"
            found.setdefault(position, []).append((column, message))
            values[position] = None  # reported here, not read as 1 or 0 by the model
            if column in coded:
                coded[column].codes[position] = -1
        for position in underscored_numbers(frame[column], coded.get(column)):
            message = f"{column} must be a plain number, got {quote(values[position])}"
            found.setdefault(position, []).append((column, message))
            values[position] = None  # reported here, not read as 1000 by the model
            if column in coded:
                coded[column].codes[position] = -1

    if blank.any():
        blank_rows = rows[blank].tolist()
        notices.append(
            f"{label}: {len(blank_rows)} empty row(s) skipped (rows {some(blank_rows)})"
        )
        columns = {column: values[~blank] for column, values in columns.items()}
        coded = {
            column: dataclasses.replace(c, codes=c.codes[~blank]) for column, c in coded.items()
        }
        rows = rows[~blank]
        kept_position = np.cumsum(~blank) - 1
        found = {int(kept_position[position]): told for position, told in found.items()}
        unread = {int(kept_position[position]) for position in unread}
        spellings = {
            int(kept_position[position]): written
            for position, written in spellings.items()
            if not blank[position]
        }
    present = tuple(c for c in table.optional if c not in absent)
    return Shaped(
        columns,
        range(start, start + len(rows)) if not blank.any() else rows.tolist(),
        found,
        frozenset(unread),
        spellings,
        present,
        {column: (c.codes, c.cleaned[:-1]) for column, c in coded.items()},
        tuple(notices),
    )


def _missing(cells: ObjectArray, coded: Coded | None) -> BoolArray:
    """Where a cleaned column is missing; a coded column is looked at once per code."""
    if coded is None:
        return np.asarray(pd.isna(cells), dtype=bool)
    none = np.fromiter((cell is None for cell in coded.cleaned), dtype=bool)
    mask: BoolArray = none[coded.codes]
    return mask


def _column_problems(
    match: ColumnMatch,
    found: Sequence[str],
    table: TableSpec,
    labels: Mapping[str, str],
    tables: Sequence[TableSpec],
) -> list[str]:
    """The problems with a table's columns, told as one line where one says it all.

    A table holding another table's columns (the arguments swapped, or the
    wrong file) says so; a table naming none of its columns says which it has.
    """
    keys = {column_key(name) for name in found}
    if not set(table.required) <= keys:
        for other in tables:
            if other is not table and set(other.required) <= keys:
                if labels[table.name].endswith((".csv", ".parquet", ".xlsx")):
                    theirs, ours = labels[other.name], labels[table.name]
                    advice = f"is it the right {'sheet' if ours.endswith('.xlsx') else 'file'}?"
                else:
                    theirs, ours = f"the {labels[other.name]}", f"the {labels[table.name]}"
                    advice = "pass the tables in the order patients, visits, regimens"
                return [f"holds the columns of {theirs}, not those of {ours}; {advice}"]
    if not keys & set(table.columns):
        return [
            f"none of its columns is named as the schema says (found "
            f"{some(found, show=quote)}); name them {', '.join(table.required)}"
        ]
    return list(match.problems)


def _header_repeats(
    frame: pd.DataFrame,
    columns: Mapping[str, ObjectArray],
    written: Mapping[str, str],
    table: TableSpec,
) -> list[int]:
    """Positions of rows that repeat the header: every cell is its column's name."""
    candidates = np.flatnonzero(columns["patient_id"] == written["patient_id"])
    if not len(candidates):
        return []
    repeats = np.ones(len(candidates), dtype=bool)
    for column in (c for c in table.columns if c in written):
        name = column_key(written[column])
        cells = frame[column].iloc[candidates].to_numpy(dtype=object)
        repeats &= np.fromiter(
            (isinstance(cell, str) and column_key(cell) == name for cell in cells),
            dtype=bool,
            count=len(cells),
        )
    return [int(position) for position in candidates[repeats]]


def _misfit_message(misfit: Misfit, header_fields: int) -> str:
    """Say that a row's fields do not fit the header; for too many, suggest the cause."""
    message = f"{misfit.fields} fields, the header has {header_fields}"
    if misfit.fields > header_fields:
        message += "; put a value that holds a comma in quotes"
    return message


@cache
def _required_fields(model: type[Record]) -> tuple[str, ...]:
    """The model's fields that must hold a value."""
    return tuple(name for name, info in model.model_fields.items() if info.is_required())


@cache
def _numeric_fields(model: type[Record]) -> tuple[str, ...]:
    """The model's fields that hold a number."""
    return tuple(
        name
        for name, schema in model.model_json_schema()["properties"].items()
        if any(option.get("type") == "number" for option in schema.get("anyOf", [schema]))
    )
