"""Validate a shaped table by its model, keeping each row's problems apart.

Each distinct cell is validated once by its field's rule, then each row's
rules across fields on its validated values
(:mod:`~myopathy_outcomes.io.cells`); only the rows with a problem go
through the model row by row, which words each problem as the model would
(:mod:`~myopathy_outcomes.io.cell_errors`). The result, a
:class:`CheckedTable`, holds each cell's valid value and each row's
verdict, and the problems of each row: its own, then those that the checks
across tables find (each a ``Finding``: position, column, message), which
the entry point records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

import numpy as np
import pandas as pd
from pydantic import TypeAdapter

from myopathy_outcomes.errors import RowProblem
from myopathy_outcomes.io.cell_errors import describe_error
from myopathy_outcomes.io.cells import (
    BoolArray,
    CheckedCells,
    IntArray,
    Known,
    ObjectArray,
    break_row_rules,
    check_cells,
    field_adapters,
    record_errors,
)
from myopathy_outcomes.io.shaping import Shaped
from myopathy_outcomes.io.specs import TableSpec
from myopathy_outcomes.models import PATIENT_ID_MAX_LENGTH, Record

__all__ = ["CheckedTable", "id_index", "ordinals", "row_of", "validate_table"]

_CHUNK_ROWS: Final = 20_000


Finding = tuple[int, str | None, str]
"""A problem found with one row of a table, before it is recorded: its position, the column
at fault (``None`` for the row as a whole) and the message."""


@dataclass(frozen=True)
class CheckedTable:
    """One table after validation: each cell's valid value, each row's verdict and problems."""

    label: str
    rows: Sequence[int]
    ids: list[str | None]
    cells: dict[str, ObjectArray]
    unread: frozenset[int]
    values: dict[str, ObjectArray]
    """Each cell's valid value, ``None`` where it is missing or invalid."""
    valid: BoolArray
    """Per row, whether it is valid by the model's rules (other problems aside)."""
    codes: dict[str, IntArray]
    """Each cell's code, equal for equal cells (-1: missing)."""
    distinct: dict[str, ObjectArray]
    """The cleaned cell of each code."""
    problems: dict[int, list[RowProblem]] = field(default_factory=dict)
    """By position, the row's problems in the order found: its own, then those that the
    checks across tables find, which the entry point records (:meth:`record`)."""

    def per_cell(
        self, column: str, convert: Callable[[ObjectArray], np.ndarray[Any, Any]], missing: Any
    ) -> np.ndarray[Any, Any]:
        """``convert`` of each row's cleaned cell in ``column``, once per distinct cell.

        ``convert`` maps an array of cells to an array of results; a missing
        cell gives ``missing``.
        """
        distinct = np.asarray(convert(self.distinct[column]))
        spread: np.ndarray[Any, Any] = np.append(
            distinct, np.array([missing], dtype=distinct.dtype)
        )[self.codes[column]]
        return spread

    def record(self, findings: Iterable[Finding]) -> None:
        """Record each finding as a problem of its row, after the row's earlier problems."""
        for position, column, message in findings:
            problem = RowProblem(
                self.label, self.rows[position], self.ids[position], column, message
            )
            self.problems.setdefault(position, []).append(problem)

    def faulty(self, position: int, column: str) -> bool:
        """Whether the row at ``position`` has a problem in ``column``."""
        return any(problem.field == column for problem in self.problems.get(position, ()))

    def row_problems(self) -> list[RowProblem]:
        """Every problem, in row order."""
        return [
            problem for position in sorted(self.problems) for problem in self.problems[position]
        ]


def validate_table(table: TableSpec, label: str, shaped: Shaped, known: Known) -> CheckedTable:
    """Validate every row against the table's model, keeping each row's errors apart.

    Each distinct cell is validated once, then each row's rules across fields
    on its validated values (:mod:`myopathy_outcomes.io.cells`). Each
    invalid distinct cell is worded once, as the model words it, and its
    problem given to every row holding it; only the rows breaking a rule
    across fields go through the model. Rows whose fields do not fit the
    header are not validated. The problems found while shaping the table
    come first.
    """
    columns, rows, unread = shaped.columns, shaped.rows, shaped.unread
    readable = np.ones(len(rows), dtype=bool)
    readable[list(unread)] = False
    cells = check_cells(table.model, columns, shaped.coded, known)
    valid = cells.valid & readable
    broken = break_row_rules(table.model, cells, np.flatnonzero(valid))
    valid[broken] = False
    checked = CheckedTable(
        label,
        rows,
        _ids(cells.codes["patient_id"], cells.distinct["patient_id"]),
        columns,
        unread,
        cells.values,
        valid,
        cells.codes,
        cells.distinct,
    )
    checked.record(
        (position, column, message)
        for position, found in shaped.found.items()
        for column, message in found
    )
    worded = _cell_problems(table, shaped, cells, readable) + _row_problems(table, shaped, broken)
    worded.sort(key=lambda finding: finding[0])  # stable: a row's problems in field order
    checked.record(worded)
    return checked


def _ids(codes: IntArray, distinct: ObjectArray) -> list[str | None]:
    """Each row's patient id as text, ``None`` where it is missing, not text, or too long.

    ``codes`` and ``distinct`` are the id column's coding (-1: missing), so
    that each distinct cell is looked at once. Text longer than any patient
    id may be (a whole file pasted into a cell) names no patient: its row's
    problem says how long it is, and neither a message nor a list of
    excluded rows holds the text.
    """
    texts = [
        cell if isinstance(cell, str) and len(cell) <= PATIENT_ID_MAX_LENGTH else None
        for cell in distinct.tolist()
    ]
    ids: list[str | None] = np.array([*texts, None], dtype=object)[codes].tolist()
    return ids


def _cell_problems(
    table: TableSpec, shaped: Shaped, cells: CheckedCells, readable: BoolArray
) -> list[Finding]:
    """The problems of the invalid cells of readable rows, in column order within a row.

    Each invalid distinct cell is validated again by its field's rule, once,
    for the model's wording (:func:`~myopathy_outcomes.io.cell_errors.describe_error`);
    the words are spread over the rows holding it. A missing required value
    says how it was written where it was written (``'NA' is read as missing``).
    """
    adapters = field_adapters(table.model)
    found: list[Finding] = []
    for column in shaped.columns:
        ok, codes = cells.ok[column], cells.codes[column]
        bad = np.flatnonzero(~ok)  # codes of invalid cells; the last code is a missing cell
        if not len(bad):
            continue
        positions = np.flatnonzero(readable & ~ok[codes])
        if not len(positions):
            continue
        missing = len(ok) - 1  # the code of a missing cell, -1, reads the last verdict
        distinct = cells.distinct[column]
        checked = [None if code == missing else distinct[code] for code in bad.tolist()]
        words: dict[int, list[tuple[str | None, str]]] = {code: [] for code in bad.tolist()}
        for index, error in record_errors(adapters[column], checked):
            in_row = error.copy()
            in_row["loc"] = (index, column, *error["loc"][1:])  # the error as the model has it
            words[int(bad[index])].append(describe_error(in_row, table.model))
        spelt = shaped.spellings
        for position, code in zip(positions.tolist(), codes[positions].tolist(), strict=True):
            written = spelt.get(position, {}).get(column) if code < 0 else None
            said = "" if written is None else f" ({written!r} is read as missing)"
            found.extend(
                (position, at_fault, message + said)
                for at_fault, message in words[code if code >= 0 else missing]
            )
    return found


def _row_problems(table: TableSpec, shaped: Shaped, positions: IntArray) -> list[Finding]:
    """The problems of the rows at ``positions``, whose cells are valid, as the model words them.

    Those rows break a rule across fields; rows go to pydantic in chunks, and
    each error's ``loc`` gives the row within the chunk.
    """
    names = list(shaped.columns)
    adapter = _adapter(table.model)
    found: list[Finding] = []
    for start in range(0, len(positions), _CHUNK_ROWS):
        chunk_positions = positions[start : start + _CHUNK_ROWS]
        lists = [column[chunk_positions].tolist() for column in shaped.columns.values()]
        chunk = [dict(zip(names, values, strict=True)) for values in zip(*lists, strict=True)]
        for index, error in record_errors(adapter, chunk):
            column, message = describe_error(error, table.model)
            found.append((int(chunk_positions[index]), column, message))
    return found


@cache
def _adapter(model: type[Record]) -> TypeAdapter[list[Record]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def id_index(ids: Sequence[str]) -> pd.Index[Any]:
    """Patient ids as an index of Python strings (not Arrow ones, with pyarrow installed)."""
    index: pd.Index[Any] = pd.Index(np.array(ids, dtype=object), dtype=object)
    return index


def row_of(ids: pd.Index[Any], cells: ObjectArray) -> IntArray:
    """The position in ``ids`` of each cell that is an id (text); -1 for any other."""
    texts = pd.Index([c if isinstance(c, str) else None for c in cells.tolist()], dtype=object)
    return ids.get_indexer(texts)


def ordinals(dates: ObjectArray) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Each cell that is a date (not a datetime) as its day number; -1 for anything else."""
    codes, distinct = pd.factorize(dates, use_na_sentinel=True)
    days = np.fromiter(
        (d.toordinal() if type(d) is dt.date else -1 for d in distinct), np.int64, len(distinct)
    )
    return np.append(days, np.int64(-1))[codes]
