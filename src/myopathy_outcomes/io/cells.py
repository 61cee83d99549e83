"""Validate a table column by column: each distinct cell once, by its field's own rule.

A registry's visits file has millions of rows but few distinct cells per
column (ids repeat, dates repeat, a lab value is written with one decimal).
Each distinct cell is validated once by the model's own rule for its field
(its type, range and validators), so the rules live in one place, the
models; the results are spread back over the column with the factorisation
codes. A row is then valid when each of its cells is valid on its own, which
is the model's verdict once the model's rules spanning fields (a stop date
not before the start date) hold for the row: those run on the row's
validated values (:meth:`~myopathy_outcomes.models.Record.check_row`),
without building a model.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Annotated, Any, Final, TypeVar

import numpy as np
import pandas as pd
from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from myopathy_outcomes.models import Record

__all__ = [
    "CheckedCells",
    "break_row_rules",
    "check_cells",
    "field_adapters",
    "record_errors",
    "rule_key",
]

_T = TypeVar("_T")

ObjectArray = np.ndarray[Any, np.dtype[np.object_]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
IntArray = np.ndarray[Any, np.dtype[np.intp]]


@dataclass(frozen=True)
class CheckedCells:
    """Each cell of a table validated on its own.

    Attributes
    ----------
    values : dict of str to object array
        By column, each cell's validated value (a ``float``, a ``date``, ...);
        ``None`` where the cell is missing or invalid.
    valid : bool array
        Per row, whether every cell is valid on its own (a missing value is
        valid where the field may be missing).
    """

    values: dict[str, ObjectArray]
    valid: BoolArray
    codes: dict[str, np.ndarray[Any, np.dtype[np.intp]]]
    """By column, each cell's code: equal codes, equal cells; -1 for a missing one."""
    distinct: dict[str, ObjectArray]
    """By column, the cell of each code as it was given to validation."""
    ok: dict[str, BoolArray]
    """By column, whether the cell of each code is valid on its own, then whether a missing
    cell is (the verdict of code -1)."""


def break_row_rules(model: type[Record], cells: CheckedCells, positions: IntArray) -> IntArray:
    """The rows at ``positions`` (each cell valid) that break a rule of ``model`` across fields.

    The rules must run after the fields (``mode="after"``), on the validated
    values, as every rule of the models does.
    """
    rules = model.row_rules()
    if not rules or not len(positions):
        return positions[:0]
    names = list(cells.values)
    columns = [cells.values[name][positions].tolist() for name in names]
    broken = []
    row = SimpleNamespace()  # one row at a time: the rules only read it
    fields = row.__dict__
    for position, values in zip(positions.tolist(), zip(*columns, strict=True), strict=True):
        fields.update(zip(names, values, strict=True))
        try:
            for rule in rules:
                rule(row)
        except ValueError:
            broken.append(position)
    return np.array(broken, dtype=positions.dtype)


@cache
def field_adapters(model: type[Record]) -> dict[str, TypeAdapter[list[Any]]]:
    """A validator for a list of values of each field of ``model``, with the field's own rules."""
    config = ConfigDict(str_strip_whitespace=bool(model.model_config.get("str_strip_whitespace")))
    adapters: dict[str, TypeAdapter[list[Any]]] = {}
    for name, info in model.model_fields.items():
        field_type: Any = Annotated[info.annotation, info]  # the field's type and rules
        adapters[name] = TypeAdapter(list[field_type], config=config)
    return adapters


Known = dict[Hashable, dict[tuple[type, Any], Any]]
"""Cells already found valid, by field rule (:func:`rule_key`): ``(type, cell)`` to value."""


def check_cells(
    model: type[Record],
    columns: Mapping[str, ObjectArray],
    coded: Mapping[str, tuple[IntArray, ObjectArray]] | None = None,
    known: Known | None = None,
) -> CheckedCells:
    """Validate every cell of ``columns`` (cleaned cells, ``None`` for missing) by its field.

    Parameters
    ----------
    model : type of Record
        The table's model; each column is validated by the rule of its field.
    columns : mapping of str to object array
        The table's cleaned cells by column, all of one length.
    coded : mapping of str to (int array, object array), optional
        Columns already coded while cleaning: each row's code (-1 for a
        missing cell) and each code's cell. Codes of equal cells are merged.
    known : dict, optional
        Cells found valid by the same rule in tables checked before (the
        patient ids of the patients file, met again in the visits), which
        are not validated again; the valid cells of this table are added.

    Returns
    -------
    CheckedCells
        The validated values and, per row, whether all cells are valid.
    """
    rows = len(next(iter(columns.values()))) if columns else 0
    valid = np.ones(rows, dtype=bool)
    values: dict[str, ObjectArray] = {}
    all_codes: dict[str, np.ndarray[Any, np.dtype[np.intp]]] = {}
    all_distinct: dict[str, ObjectArray] = {}
    all_ok: dict[str, BoolArray] = {}
    adapters = field_adapters(model)
    for name, cells in columns.items():
        required = model.model_fields[name].is_required()
        if coded is not None and name in coded:
            codes, distinct = _merged(*coded[name])
        else:
            codes, distinct = _distinct(cells)
        key = rule_key(model, name) if known is not None else None
        if known is None or key is None:
            checked, ok = _check_distinct(adapters[name], distinct)
        else:
            checked, ok = _check_new(adapters[name], distinct, known.setdefault(key, {}))
        # code -1, a missing cell, reads the last entry: None, valid unless required
        values[name] = np.append(checked, np.array([None], dtype=object))[codes]
        all_ok[name] = np.append(ok, not required)
        valid &= all_ok[name][codes]
        all_codes[name], all_distinct[name] = codes, distinct
    return CheckedCells(values, valid, all_codes, all_distinct, all_ok)


def rule_key(model: type[Record], name: str) -> Hashable | None:
    """What decides the validity of a cell of field ``name``: its type and rules.

    Fields of two models with equal keys accept the same cells with the same
    values. ``None`` when a rule cannot be compared.
    """
    info = model.model_fields[name]
    key = (
        info.annotation,
        tuple(info.metadata),
        bool(model.model_config.get("str_strip_whitespace")),
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _check_new(
    adapter: TypeAdapter[list[Any]], cells: ObjectArray, known: dict[tuple[type, Any], Any]
) -> tuple[ObjectArray, BoolArray]:
    """As :func:`_check_distinct`, validating only the cells not in ``known``, then adding them."""
    keys = [(type(cell), cell) for cell in cells.tolist()]
    values = [known.get(key, _UNSEEN) for key in keys]
    new = np.array([value is _UNSEEN for value in values], dtype=bool)
    checked, ok = _check_distinct(adapter, cells[new])
    for position, value, good in zip(
        np.flatnonzero(new).tolist(), checked.tolist(), ok.tolist(), strict=True
    ):
        values[position] = value
        if good:
            known[keys[position]] = value
    valid = np.ones(len(keys), dtype=bool)
    valid[new] = ok
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out, valid


_UNSEEN: Final = object()


_ONE_KIND: Final = frozenset({"string", "floating", "integer", "date", "boolean", "empty"})
"""Kinds of column (:func:`pandas.api.types.infer_dtype`) whose equal cells validate alike."""


def _distinct(cells: ObjectArray) -> tuple[np.ndarray[Any, np.dtype[np.intp]], ObjectArray]:
    """Codes and distinct cells; ``None`` has code -1.

    Cells of different kinds are never merged, though ``1 == 1.0 == True``
    hash alike: a column of mixed kinds is coded by kind and cell.
    """
    if pd.api.types.infer_dtype(cells, skipna=True) in _ONE_KIND:
        codes, distinct = pd.factorize(cells, use_na_sentinel=True)
        return codes, np.asarray(distinct, dtype=object)
    kinds = np.empty(len(cells), dtype=object)
    kinds[:] = [(type(cell), cell) for cell in cells]
    codes, distinct = pd.factorize(kinds, use_na_sentinel=True)
    codes[np.fromiter((cell is None for cell in cells), dtype=bool, count=len(cells))] = -1
    return codes, np.array([cell for _, cell in distinct], dtype=object)


def _merged(codes: IntArray, cells: ObjectArray) -> tuple[IntArray, ObjectArray]:
    """Codes in which equal cells (of one kind) share one code; -1 stays -1."""
    recode, distinct = _distinct(cells)
    merged = np.append(recode, -1)[codes]  # code -1 reads the appended -1
    return merged, distinct


def _check_distinct(
    adapter: TypeAdapter[list[Any]], cells: ObjectArray
) -> tuple[ObjectArray, BoolArray]:
    """Each cell's validated value (``None`` where invalid) and whether it is valid."""
    checked, errors = _validate_records(adapter, cells.tolist())
    ok = np.ones(len(checked), dtype=bool)
    ok[[index for index, _ in errors]] = False
    out = np.empty(len(checked), dtype=object)
    out[:] = checked
    return out, ok


def _validate_records(
    adapter: TypeAdapter[list[_T]], records: list[Any]
) -> tuple[list[_T | None], list[tuple[int, ErrorDetails]]]:
    """A model or value (or ``None``) per record, and each error with the index of its record."""
    try:
        return list(adapter.validate_python(records)), []
    except ValidationError as exc:
        errors = _indexed(exc)
    failed = {index for index, _ in errors}
    valid = iter(adapter.validate_python([r for i, r in enumerate(records) if i not in failed]))
    return [None if i in failed else next(valid) for i in range(len(records))], errors


def record_errors(
    adapter: TypeAdapter[list[Any]], records: list[Any]
) -> list[tuple[int, ErrorDetails]]:
    """Each validation error of ``records``, with the index of its record."""
    try:
        adapter.validate_python(records)
    except ValidationError as exc:
        return _indexed(exc)
    return []


def _indexed(exc: ValidationError) -> list[tuple[int, ErrorDetails]]:
    """The errors of a list's validation, each with the index of its record."""
    errors = [(int(error["loc"][0]), error) for error in exc.errors(include_url=False)]
    for _, error in errors:
        # A validator's exception holds its traceback, whose frames lead back here: a
        # cycle that, with the collector paused, would keep every bad row's frames alive.
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, BaseException):
            cause.__traceback__ = None
    return errors
