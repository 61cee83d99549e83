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
    IntArray,
    Known,
    ObjectArray,
    break_row_rules,
    check_cells,
    record_errors,
)
from myopathy_outcomes.io.shaping import Shaped
from myopathy_outcomes.io.specs import TableSpec
from myopathy_outcomes.models import Record

__all__ = ["CheckedTable", "id_index", "ordinals", "row_of", "validate_table"]

_CHUNK_ROWS: Final = 20_000


Finding = tuple[int, str | None, str]
"""A problem found with one row of a table, before it is recorded: its position, the column
at fault (``None`` for the row as a whole) and the message."""


@dataclass(frozen=True)
class CheckedTable:
    """One table after validation: each cell's valid value, each row's verdict and problems."""

    label: str
    rows: list[int]
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
    on its validated values (:mod:`myopathy_outcomes.io.cells`); only rows
    with a problem go through the model, which words every problem as it
    would row by row. Rows whose fields do not fit the header are not
    validated. The problems found while shaping the table come first.
    """
    columns, rows, unread = shaped.columns, shaped.rows, shaped.unread
    readable = np.ones(len(rows), dtype=bool)
    readable[list(unread)] = False
    cells = check_cells(table.model, columns, shaped.coded, known)
    valid = cells.valid & readable
    valid[break_row_rules(table.model, cells, np.flatnonzero(valid))] = False
    checked = CheckedTable(
        label,
        rows,
        _ids(columns["patient_id"]),
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
    told = np.zeros(len(rows), dtype=bool)
    told[list(shaped.found)] = True
    checked.record(_worded(table, shaped, np.flatnonzero(readable & (~valid | told))))
    return checked


def _ids(cells: ObjectArray) -> list[str | None]:
    """Each row's patient id as text, ``None`` where it is missing or not text."""
    codes, distinct = pd.factorize(cells, use_na_sentinel=True)
    texts = [cell if isinstance(cell, str) else None for cell in distinct.tolist()]
    ids: list[str | None] = np.array([*texts, None], dtype=object)[codes].tolist()
    return ids


def _worded(table: TableSpec, shaped: Shaped, positions: np.ndarray[Any, Any]) -> list[Finding]:
    """Validate the rows at ``positions`` by the model; each problem as the model words it.

    Rows go to pydantic in chunks; each error's ``loc`` gives the row within
    the chunk.
    """
    names = list(shaped.columns)
    adapter = _adapter(table.model)
    found: list[Finding] = []
    for start in range(0, len(positions), _CHUNK_ROWS):
        chunk_positions = positions[start : start + _CHUNK_ROWS]
        lists = [column[chunk_positions].tolist() for column in shaped.columns.values()]
        chunk = [dict(zip(names, values, strict=True)) for values in zip(*lists, strict=True)]
        for index, error in record_errors(adapter, chunk):
            position = int(chunk_positions[index])
            column, message = describe_error(error, table.model)
            written = shaped.spellings.get(position, {}).get(column or "")
            if written is not None and error["input"] is None:
                message += f" ({written!r} is read as missing)"
            found.append((position, column, message))
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
