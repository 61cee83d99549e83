"""Clean a table's cells before validation: strip text, read missing markers, parse once.

Text is stripped of surrounding spaces, and the markers of a missing value
(:data:`MISSING_MARKERS`, in any case) become ``None``, as do ``NaN``,
``NaT`` and ``pd.NA``; bytes are read as UTF-8 text. Dates and drug names
are parsed by the models' own parsers, once per distinct cell. A whole-number patient id (``7``,
``7.0``) becomes its decimal text, and a float narrower than float64 the
shortest decimal that gives it back. Cells that pydantic would misread, not
reject (``True`` as 1, ``1_000`` as 1000), are found here for the loader to
report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

import numpy as np
import pandas as pd

from myopathy_outcomes.drugs import normalize_drug
from myopathy_outcomes.io.cells import BoolArray, IntArray, ObjectArray
from myopathy_outcomes.models import Record, parse_iso_date

__all__ = [
    "MISSING_MARKERS",
    "Coded",
    "booleans",
    "clean_cell",
    "clean_cells",
    "clean_column",
    "parsers",
    "text_of",
    "underscored_numbers",
]

MISSING_MARKERS: Final[tuple[str, ...]] = (
    "",
    "NA",
    "N/A",
    "#N/A",
    "NaN",
    "NULL",
    "None",
    "-",
    ".",
)
"""Cell values read as "missing", compared after stripping spaces, ignoring case."""

_MISSING_FOLDED: Final = frozenset(marker.casefold() for marker in MISSING_MARKERS)


@cache
def parsers(model: type[Record]) -> dict[str, Callable[[Any], Any]]:
    """The model's own parsers for fields worth parsing once per distinct value.

    Dates and drug names have Python validators that are slow per cell. Their
    results pass the model's validators unchanged (a ``date``, a ``Drug``).
    """
    found: dict[str, Callable[[Any], Any]] = {
        name: parse_iso_date
        for name, schema in model.model_json_schema()["properties"].items()
        if any(option.get("format") == "date" for option in schema.get("anyOf", [schema]))
    }
    if "drug" in model.model_fields:
        found["drug"] = normalize_drug
    return found


@dataclass(frozen=True)
class Coded:
    """A column cleaned once per distinct cell: each row's code, and each code's cells."""

    codes: IntArray
    """Per row, the code of its cell; -1 for NaN or None."""
    raw: ObjectArray
    """The cell of each code as given."""
    cleaned: ObjectArray
    """The cell of each code cleaned, then one ``None`` for code -1."""


def clean_cells(
    column: pd.Series[Any], *, is_id: bool, parse: Callable[[Any], Any] | None
) -> ObjectArray:
    """Clean one column into an object array (see :func:`clean_column`)."""
    coded = clean_column(column, is_id=is_id, parse=parse)
    if isinstance(coded, Coded):
        cells: ObjectArray = coded.cleaned[coded.codes]
        return cells
    return coded


def clean_column(
    column: pd.Series[Any], *, is_id: bool, parse: Callable[[Any], Any] | None
) -> Coded | ObjectArray:
    """Clean one column; ``None`` marks a missing value.

    Text is stripped and missing markers become ``None``, as do ``NaN``,
    ``NaT`` and ``pd.NA``. Where ``parse`` is given, values it accepts are
    replaced by its result (a ``datetime.date``, a ``Drug``), which the model
    accepts as it is; values it rejects are left for the model to judge, so
    that the model's error quotes the value as written. In the id column a
    whole number becomes its decimal text. Text and id columns are cleaned
    once per distinct value, which keeps a column of a million cells cheap
    and lets equal cells share one object; they come back coded (:class:`Coded`),
    other columns as an object array. Floats narrower or wider than
    float64 are read through their shortest decimal text (see
    :func:`_as_decimal_floats`).
    """
    if is_id or (
        pd.api.types.is_string_dtype(column.dtype)
        and (
            not pd.api.types.is_object_dtype(column.dtype)
            or pd.api.types.infer_dtype(column, skipna=True) in {"string", "empty"}
        )
    ):
        codes, found = pd.factorize(column, use_na_sentinel=True)
        distinct = np.asarray(found, dtype=object).tolist()  # not cell by cell from pandas
        cleaned = [clean_cell(value, parse, is_id=is_id) for value in distinct]
        cleaned.append(None)  # code -1: NaN or None in the column
        raw = np.empty(len(distinct), dtype=object)
        raw[:] = distinct
        return Coded(codes, raw, np.fromiter(cleaned, dtype=object, count=len(cleaned)))
    floats = _as_decimal_floats(column)
    if floats is not None:
        return floats
    typed = _typed_cells(column, parse)
    if typed is not None:
        return typed
    values = [clean_cell(value, parse) for value in column.to_numpy(dtype=object)]
    return np.fromiter(values, dtype=object, count=len(values))


def _as_decimal_floats(column: pd.Series[Any]) -> ObjectArray | None:
    """A float column other than float64 as the float64 of each value's shortest decimal text.

    A float32 cell holding 72.09 is 72.08999633789062 when widened to float64,
    which turns a decline of exactly 10% (80.1 to 72.09) into one of more
    than 10%. Each value is read as the shortest decimal text that gives it
    back in its own type (``"72.09"``), as a person reading the table would
    read it, then as the nearest float64. ``None`` for any other column.
    """
    dtype = getattr(column.dtype, "numpy_dtype", column.dtype)
    if not isinstance(dtype, np.dtype) or dtype.kind != "f" or dtype.itemsize == 8:
        return None
    values = column.to_numpy(dtype=dtype, na_value=np.nan)
    cleaned = values.astype(str).astype(np.float64).astype(object)
    cleaned[np.isnan(values)] = None
    return cleaned


def _typed_cells(column: pd.Series[Any], parse: Callable[[Any], Any] | None) -> ObjectArray | None:
    """A float64 or datetime column cleaned as a whole; ``None`` for any other column.

    The cells are those :func:`clean_cell` gives one by one (a float, or
    ``None`` for NaN; each distinct date parsed once, ``None`` for NaT),
    without a Python call per cell: a typed table from a database or a
    Parquet file holds hundreds of thousands of them.
    """
    dtype = getattr(column.dtype, "numpy_dtype", column.dtype)
    if parse is None and isinstance(dtype, np.dtype) and dtype.kind == "f":
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        floats: ObjectArray = values.astype(object)
        floats[np.isnan(values)] = None
        return floats
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        codes, found = pd.factorize(column, use_na_sentinel=True)
        cleaned = [clean_cell(value, parse) for value in np.asarray(found, dtype=object)]
        cleaned.append(None)  # code -1: NaT
        dates: ObjectArray = np.fromiter(cleaned, dtype=object, count=len(cleaned))[codes]
        return dates
    return None


def text_of(value: bytes) -> str | bytes:
    """Bytes read as UTF-8 text; bytes that are not UTF-8 as they are, for the loader to report.

    Examples
    --------
    >>> text_of(b"prednisolone"), text_of(b"\\xffP01")
    ('prednisolone', b'\\xffP01')
    """
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value


def clean_cell(value: Any, parse: Callable[[Any], Any] | None, *, is_id: bool = False) -> Any:
    """One cell: stripped text, ``None`` for missing, parsed where ``parse`` is given.

    Bytes are read as UTF-8 text (:func:`text_of`).
    """
    if isinstance(value, bytes):
        value = text_of(value)
    if isinstance(value, str):
        value = value.strip()
        if value.casefold() in _MISSING_FOLDED:
            return None
    elif value is None or (np.ndim(value) == 0 and bool(pd.isna(value))):
        return None
    elif is_id:
        return _whole_number_text(value)
    elif isinstance(value, np.floating) and not isinstance(value, float):
        value = float(str(value))  # float32 and the like: as its shortest decimal text
    if parse is not None:
        try:
            return parse(value)
        except (ValueError, TypeError, AttributeError):
            return value  # the model gives the error
    return value


def _whole_number_text(value: Any) -> Any:
    """A whole number (``7``, ``7.0``) as its decimal text; anything else as it is."""
    if isinstance(value, bool | np.bool_):
        return value
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating) and value.is_integer():
        return str(int(value))
    return value


def booleans(column: pd.Series[Any]) -> BoolArray:
    """Where ``column`` holds ``True`` or ``False``, which pydantic would read as 1 or 0."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return column.notna().to_numpy(dtype=bool)
    if pd.api.types.is_object_dtype(column.dtype) and pd.api.types.infer_dtype(
        column, skipna=True
    ) not in {"string", "empty", "floating", "integer", "mixed-integer-float", "decimal"}:
        return np.fromiter(
            (isinstance(value, bool | np.bool_) for value in column), dtype=bool, count=len(column)
        )
    return np.zeros(len(column), dtype=bool)


def underscored_numbers(column: pd.Series[Any], coded: Coded | None = None) -> list[int]:
    """Positions of text such as ``1_000``, which Python, and so the model, would read as 1000.

    Each distinct cell is looked at once; ``coded`` is the column's coding, if it has one.
    """
    if coded is None:
        if not (
            pd.api.types.is_object_dtype(column.dtype)
            or pd.api.types.is_string_dtype(column.dtype)
        ):
            return []
        codes, found = pd.factorize(column, use_na_sentinel=True)
        distinct = list(found)
    else:
        codes, distinct = coded.codes, coded.raw.tolist()
    underscored = [
        code
        for code, cell in enumerate(distinct)
        if isinstance(cell, str) and "_" in cell and _is_number(cell)
    ]
    if not underscored:
        return []
    return np.flatnonzero(np.isin(codes, underscored)).tolist()


def _is_number(text: str) -> bool:
    """Whether Python reads ``text`` as a number."""
    try:
        float(text)
    except ValueError:
        return False
    return True
