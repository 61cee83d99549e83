"""Load a cohort from three CSV files or three DataFrames, with row-level errors.

A cohort folder holds three files; every listed column is required (a value
may be missing where the model allows it, but the column must be there):

=============== =========================================================
file            columns
=============== =========================================================
patients.csv    patient_id, sex, birth_date, diagnosis, ild, death_date
visits.csv      patient_id, date, ck, fvc_pct, dlco_pct, psl_mg, hrct_score
regimens.csv    patient_id, drug, start_date, stop_date, dose, dose_unit
=============== =========================================================

Reading
-------
CSV files are read as text (UTF-8, an Excel byte-order mark is allowed), so
nothing is converted behind the reader's back. Surrounding spaces are removed
from every value and column name. These values mean "missing" (compared
after stripping, ignoring case): the empty string, ``NA``, ``N/A``, ``NaN``,
``null`` and ``.`` (see :data:`MISSING_MARKERS`); a cell holding only spaces
is empty. Dates are ISO ``YYYY-MM-DD``. Yes/no fields accept yes/no, y/n,
true/false, t/f, on/off and 1/0 in any case. Numbers are parsed by the
models; ``1,200`` or ``high`` is an error, never a guess. A line whose cells
are all empty is not a row: it is skipped and reported in
:attr:`Cohort.notices <myopathy_outcomes.models.Cohort.notices>`, as is every
unknown column.

Row numbers
-----------
Rows are numbered as a person counts lines in the file: the header is line 1
and the first data row is row 2; blank lines keep their number. (Only a
quoted value that spans lines makes the two counts part: such a record
counts as one row.) DataFrames are numbered the same way, by position, so row ``n``
is ``frame.iloc[n - 2]`` whatever the index: the number a spreadsheet shows,
and the line of ``frame.to_csv(index=False)``. Their "file" is called
``"patients table"``, ``"visits table"`` or ``"regimens table"``.

Rules across tables
-------------------
Patient ids are unique; every visit and regimen names a patient of the
patients table; no visit falls after the patient's death date (a visit on
that day is allowed). The rules within one row are the models' own
(:mod:`myopathy_outcomes.models`).

Errors
------
Every problem names the file, the row, the patient and the rule broken, as
in ``visits.csv row 14 (patient P07): ck must be >= 0, got -3``; a repeated
patient id names the first row with that id. With ``on_error="raise"`` (the
default) every problem in all three tables is collected and raised together
as one :class:`~myopathy_outcomes.errors.CohortDataError`, one
:class:`~myopathy_outcomes.errors.RowProblem` per problem, in table and row
order.

With ``on_error="exclude"`` each row with a problem is left out and listed
once, with all its reasons joined by ``"; "``, in
:attr:`Cohort.excluded <myopathy_outcomes.models.Cohort.excluded>`. An
excluded patient takes all their visits and regimens along, each listed with
the reason ``patient P07 is excluded (patients.csv row 8: ...)``. A repeated
patient id excludes every row with that id, the first one included, since
nobody can tell which is right. Kept plus excluded rows always add up to the
rows read.

A missing file, an unreadable file or a missing column concerns a whole
table, not a row; it is raised in both modes.

Examples
--------
>>> import pandas as pd
>>> patients = pd.DataFrame({"patient_id": ["P01"], "sex": ["F"],
...     "birth_date": ["1960-04-02"], "diagnosis": ["DM"], "ild": ["yes"],
...     "death_date": [None]})
>>> visits = pd.DataFrame({"patient_id": ["P01"], "date": ["2015-03-01"],
...     "ck": [-3], "fvc_pct": [71.5], "dlco_pct": [None], "psl_mg": [40],
...     "hrct_score": [None]})
>>> regimens = pd.DataFrame(columns=["patient_id", "drug", "start_date",
...     "stop_date", "dose", "dose_unit"])
>>> cohort_from_frames(patients, visits, regimens)
Traceback (most recent call last):
...
myopathy_outcomes.errors.CohortDataError: 1 problem in the input data:
  visits table row 2 (patient P01): ck must be >= 0, got -3
>>> cohort = cohort_from_frames(patients, visits, regimens, on_error="exclude")
>>> len(cohort.patients), len(cohort.visits)
(1, 0)
>>> print(cohort.excluded[0])
visits table row 2 (patient P01): ck must be >= 0, got -3
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal, TypeVar, get_args

import numpy as np
import pandas as pd
from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from myopathy_outcomes.drugs import normalize_drug
from myopathy_outcomes.errors import CohortDataError, RowProblem
from myopathy_outcomes.models import (
    Cohort,
    ExcludedRow,
    Patient,
    Record,
    Regimen,
    Visit,
    _parse_iso_date,
)

__all__ = ["MISSING_MARKERS", "OnError", "cohort_from_frames", "load_cohort"]

_R = TypeVar("_R", bound=Record)

OnError = Literal["raise", "exclude"]
"""What to do with invalid rows: raise them all, or exclude and list them."""

MISSING_MARKERS: Final[tuple[str, ...]] = ("", "NA", "N/A", "NaN", "null", ".")
"""Cell values read as "missing", compared after stripping spaces, ignoring case."""

_MISSING_FOLDED: Final = frozenset(marker.casefold() for marker in MISSING_MARKERS)
_CHUNK_ROWS: Final = 20_000
_FIRST_DATA_ROW: Final = 2
_BOUND_ERRORS: Final = frozenset(
    {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
)


@dataclass(frozen=True)
class _Table:
    """One of the three input tables and the model its rows must satisfy."""

    name: str
    model: type[Record]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.model.model_fields)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def frame_label(self) -> str:
        return f"{self.name} table"


_PATIENTS: Final = _Table("patients", Patient)
_VISITS: Final = _Table("visits", Visit)
_REGIMENS: Final = _Table("regimens", Regimen)
_TABLES: Final = (_PATIENTS, _VISITS, _REGIMENS)


_Columns = dict[str, "np.ndarray[Any, np.dtype[np.object_]]"]


@dataclass
class _Checked:
    """One table after validation: a model or problems for every row."""

    label: str
    rows: list[int]
    ids: list[str | None]
    cells: _Columns
    models: list[Record | None]
    problems: dict[int, list[RowProblem]] = field(default_factory=dict)

    def add(self, position: int, column: str | None, message: str) -> None:
        """Record a problem with the row at ``position``."""
        problem = RowProblem(self.label, self.rows[position], self.ids[position], column, message)
        self.problems.setdefault(position, []).append(problem)


def load_cohort(
    path: str | os.PathLike[str],
    *,
    on_error: OnError = "raise",
    synthetic: bool = False,
) -> Cohort:
    """Load and validate a cohort from a folder of three CSV files.

    Parameters
    ----------
    path : str or path-like
        The folder holding ``patients.csv``, ``visits.csv`` and
        ``regimens.csv`` (columns in the module documentation).
    on_error : {"raise", "exclude"}, default "raise"
        ``"raise"`` collects every problem in all three files and raises them
        together. ``"exclude"`` leaves out each row with a problem and lists
        it, with its reason, in ``Cohort.excluded``. A patient's exclusion
        excludes their visits and regimens too.
    synthetic : bool, default False
        Mark the cohort as synthetic data; reports label it.

    Returns
    -------
    Cohort
        Patients, visits and regimens in file order; ``source`` is the folder.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    NotADirectoryError
        If ``path`` is a file, not a folder.
    CohortDataError
        If a file is missing or unreadable, a column is missing, or (with
        ``on_error="raise"``) any row breaks a rule. ``problems`` holds one
        :class:`~myopathy_outcomes.errors.RowProblem` per problem.
    ValueError
        If ``on_error`` is not one of the allowed values.

    See Also
    --------
    cohort_from_frames : the same from three DataFrames.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "patients.csv").write_text(
    ...     "patient_id,sex,birth_date,diagnosis,ild,death_date\\n"
    ...     "P01,F,1960-04-02,DM,Yes,\\n")
    >>> _ = (folder / "visits.csv").write_text(
    ...     "patient_id,date,ck,fvc_pct,dlco_pct,psl_mg,hrct_score\\n"
    ...     "P01,2015-03-01,1200,850,NA,40,\\n")
    >>> _ = (folder / "regimens.csv").write_text(
    ...     "patient_id,drug,start_date,stop_date,dose,dose_unit\\n"
    ...     "P01,Neoral,2015-03-01,,150,mg/day\\n")
    >>> load_cohort(folder)
    Traceback (most recent call last):
    ...
    myopathy_outcomes.errors.CohortDataError: 1 problem in the input data:
      visits.csv row 2 (patient P01): fvc_pct must be > 0 and <= 200, got 850
    """
    _check_on_error(on_error)
    folder = Path(path)
    if not folder.exists():
        raise FileNotFoundError(f"cohort folder not found: {str(folder)!r}")
    if not folder.is_dir():
        raise NotADirectoryError(
            f"not a folder: {str(folder)!r}; give the folder of the CSV files"
        )
    frames: dict[str, pd.DataFrame] = {}
    unreadable: list[RowProblem] = []
    for table in _TABLES:
        file = folder / table.file_name
        try:
            frames[table.name] = _read_csv(file)
        except FileNotFoundError:
            unreadable.append(_table_problem(table.file_name, f"file not found: {str(file)!r}"))
        except pd.errors.EmptyDataError:
            unreadable.append(_table_problem(table.file_name, "file is empty (no header line)"))
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            message = f"cannot be read as a UTF-8 CSV file: {exc}"
            unreadable.append(_table_problem(table.file_name, message))
    labels = {table.name: table.file_name for table in _TABLES}
    return _load(frames, labels, unreadable, on_error, source=str(folder), synthetic=synthetic)


def cohort_from_frames(
    patients: pd.DataFrame,
    visits: pd.DataFrame,
    regimens: pd.DataFrame,
    *,
    on_error: OnError = "raise",
    source: str = "DataFrames",
    synthetic: bool = False,
) -> Cohort:
    """Validate a cohort given as three DataFrames, with the same rules as CSV files.

    Columns may hold text (read exactly as in a CSV file) or typed values:
    numbers, booleans, ``datetime64`` dates (without a time of day) or
    ``datetime.date`` objects. ``NaN``, ``None``, ``NaT`` and ``pd.NA`` are
    missing. Integer patient ids are read as their decimal text.

    Parameters
    ----------
    patients, visits, regimens : pandas.DataFrame
        The three tables, with the columns of the CSV files.
    on_error : {"raise", "exclude"}, default "raise"
        As in :func:`load_cohort`.
    source : str, default "DataFrames"
        Where the data came from, kept in ``Cohort.source``.
    synthetic : bool, default False
        Mark the cohort as synthetic data.

    Returns
    -------
    Cohort
        Patients, visits and regimens in row order.

    Raises
    ------
    CohortDataError
        As in :func:`load_cohort`. The "file" is ``"visits table"`` (etc.) and
        row ``n`` is ``frame.iloc[n - 2]``, as in the saved CSV file.
    TypeError
        If a table is not a DataFrame.
    ValueError
        If ``on_error`` is not one of the allowed values.

    Examples
    --------
    >>> import pandas as pd
    >>> cohort = cohort_from_frames(
    ...     pd.DataFrame({"patient_id": ["P01"], "sex": ["M"],
    ...                   "birth_date": [pd.Timestamp("1950-01-31")],
    ...                   "diagnosis": ["ASS"], "ild": [True], "death_date": [pd.NaT]}),
    ...     pd.DataFrame(columns=["patient_id", "date", "ck", "fvc_pct", "dlco_pct",
    ...                           "psl_mg", "hrct_score"]),
    ...     pd.DataFrame({"patient_id": ["P01"], "drug": ["prograf"],
    ...                   "start_date": ["2016-05-01"], "stop_date": [None],
    ...                   "dose": [3], "dose_unit": ["mg/day"]}))
    >>> cohort.regimens[0].drug.value, cohort.source
    ('tacrolimus', 'DataFrames')
    """
    _check_on_error(on_error)
    given = {"patients": patients, "visits": visits, "regimens": regimens}
    for name, frame in given.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name!r} must be a pandas DataFrame, got {type(frame).__name__}")
    labels = {table.name: table.frame_label for table in _TABLES}
    return _load(given, labels, [], on_error, source=source, synthetic=synthetic)


def _check_on_error(on_error: object) -> None:
    allowed = get_args(OnError)
    if on_error not in allowed:
        raise ValueError(f"on_error must be one of {allowed}, got {on_error!r}")


def _table_problem(label: str, message: str) -> RowProblem:
    return RowProblem(label, None, None, None, message)


def _read_csv(file: Path) -> pd.DataFrame:
    """Read every cell as text; blank lines are kept so row numbers stay true."""
    return pd.read_csv(
        file,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        encoding="utf-8-sig",
    )


def _load(
    frames: Mapping[str, pd.DataFrame],
    labels: Mapping[str, str],
    problems: list[RowProblem],
    on_error: OnError,
    *,
    source: str,
    synthetic: bool,
) -> Cohort:
    """Validate the tables, check them against each other, and build the cohort."""
    with _gc_paused():
        return _load_unpaused(
            frames, labels, problems, on_error, source=source, synthetic=synthetic
        )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Each of the millions of model objects a registry makes would otherwise
    count towards a collection that finds nothing; pausing saves about a
    third of the validation time. The previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_unpaused(
    frames: Mapping[str, pd.DataFrame],
    labels: Mapping[str, str],
    problems: list[RowProblem],
    on_error: OnError,
    *,
    source: str,
    synthetic: bool,
) -> Cohort:
    notices: list[str] = []
    prepared: dict[str, tuple[_Columns, list[int]]] = {}
    for table in _TABLES:
        if table.name in frames:
            shaped = _shape(frames[table.name], table, labels[table.name], problems, notices)
            if shaped is not None:
                prepared[table.name] = shaped
    if problems and on_error == "exclude":
        raise CohortDataError(problems)

    checked = {
        table.name: _validate(table, labels[table.name], *prepared[table.name])
        for table in _TABLES
        if table.name in prepared
    }
    patients = checked.get(_PATIENTS.name)
    if patients is not None:
        excluded_ids = _check_duplicates(patients, exclude=on_error == "exclude")
        for name in (_VISITS.name, _REGIMENS.name):
            if name in checked:
                _check_references(checked[name], patients, excluded_ids, on_error)
        if _VISITS.name in checked:
            _check_deaths(checked[_VISITS.name], patients)

    if on_error == "raise":
        problems.extend(
            problem
            for table in checked.values()
            for position in sorted(table.problems)
            for problem in table.problems[position]
        )
        if problems:
            raise CohortDataError(problems)

    return Cohort(
        patients=_kept(checked[_PATIENTS.name], Patient),
        visits=_kept(checked[_VISITS.name], Visit),
        regimens=_kept(checked[_REGIMENS.name], Regimen),
        source=source,
        synthetic=synthetic,
        excluded=tuple(
            ExcludedRow(
                table.label,
                table.rows[position],
                table.ids[position],
                "; ".join(problem.message for problem in table.problems[position]),
            )
            for table in checked.values()
            for position in sorted(table.problems)
        ),
        notices=tuple(notices),
    )


def _kept(table: _Checked, model: type[_R]) -> tuple[_R, ...]:
    """The valid records of ``table`` that no cross-table rule excluded, in row order."""
    return tuple(
        record
        for position, record in enumerate(table.models)
        if isinstance(record, model) and position not in table.problems
    )


def _shape(
    frame: pd.DataFrame,
    table: _Table,
    label: str,
    problems: list[RowProblem],
    notices: list[str],
) -> tuple[_Columns, list[int]] | None:
    """Check the columns and clean the cells; ``None`` if the table cannot be used.

    Returns the table's columns as cleaned object arrays (``None`` for
    missing) and the row number of each remaining row.
    """
    names = [str(name).strip() for name in frame.columns]
    repeated = sorted({name for name in names if names.count(name) > 1})
    missing = [column for column in table.columns if column not in names]
    for name in repeated:
        problems.append(_table_problem(label, f"column {name!r} appears more than once"))
    for column in missing:
        problems.append(_table_problem(label, f"missing required column {column!r}"))
    if repeated or missing:
        return None
    notices.extend(
        f"{label}: unknown column {name!r} ignored" for name in names if name not in table.columns
    )

    frame = frame.set_axis(names, axis="columns")
    parsers = _parsers(table.model)
    columns = {
        column: _clean(frame[column], is_id=column == "patient_id", parse=parsers.get(column))
        for column in table.columns
    }
    rows = np.arange(_FIRST_DATA_ROW, _FIRST_DATA_ROW + len(frame))
    unknown = [name for name in names if name not in table.columns]
    blank = np.logical_and.reduce(
        [pd.isna(values) for values in columns.values()]
        + [pd.isna(_clean(frame[name], is_id=False, parse=None)) for name in unknown]
    )
    if blank.any():
        blank_rows = rows[blank].tolist()
        shown = ", ".join(map(str, blank_rows[:10])) + (", ..." if len(blank_rows) > 10 else "")
        notices.append(f"{label}: {len(blank_rows)} empty row(s) skipped (rows {shown})")
        columns = {column: values[~blank] for column, values in columns.items()}
        rows = rows[~blank]
    return columns, rows.tolist()


@cache
def _parsers(model: type[Record]) -> dict[str, Callable[[Any], Any]]:
    """The model's own parsers for fields worth parsing once per distinct value.

    Dates and drug names have Python validators that are slow per cell. Their
    results pass the model's validators unchanged (a ``date``, a ``Drug``).
    """
    parsers: dict[str, Callable[[Any], Any]] = {
        name: _parse_iso_date
        for name, schema in model.model_json_schema()["properties"].items()
        if any(option.get("format") == "date" for option in schema.get("anyOf", [schema]))
    }
    if "drug" in model.model_fields:
        parsers["drug"] = normalize_drug
    return parsers


def _clean(
    column: pd.Series[Any], *, is_id: bool, parse: Callable[[Any], Any] | None
) -> np.ndarray[Any, np.dtype[np.object_]]:
    """Clean one column into an object array; ``None`` marks a missing value.

    Text is stripped and missing markers become ``None``, as do ``NaN``,
    ``NaT`` and ``pd.NA``. Where ``parse`` is given, values it accepts are
    replaced by its result (a ``datetime.date``, a ``Drug``), which the model
    accepts as it is; values it rejects are left for the model to judge, so
    that the model's error quotes the value as written. Text columns are
    cleaned once per distinct value, which keeps a column of a million
    cells cheap and lets equal cells share one object.
    """
    if is_id and pd.api.types.is_integer_dtype(column.dtype):
        column = column.astype(str)
    if pd.api.types.is_string_dtype(column.dtype) and (
        not pd.api.types.is_object_dtype(column.dtype)
        or pd.api.types.infer_dtype(column, skipna=True) in {"string", "empty"}
    ):
        codes, distinct = pd.factorize(column, use_na_sentinel=True)
        cleaned = [_clean_cell(value, parse) for value in distinct]
        cleaned.append(None)  # code -1: NaN or None in the column
        return np.fromiter(cleaned, dtype=object, count=len(cleaned))[codes]
    values = [_clean_cell(value, parse) for value in column.to_numpy(dtype=object)]
    return np.fromiter(values, dtype=object, count=len(values))


def _clean_cell(value: Any, parse: Callable[[Any], Any] | None) -> Any:
    """One cell: stripped text, ``None`` for missing, parsed where ``parse`` is given."""
    if isinstance(value, str):
        value = value.strip()
        if value.casefold() in _MISSING_FOLDED:
            return None
    elif value is None or (np.ndim(value) == 0 and bool(pd.isna(value))):
        return None
    if parse is not None:
        try:
            return parse(value)
        except (ValueError, TypeError, AttributeError):
            return value  # the model gives the error
    return value


def _validate(table: _Table, label: str, columns: _Columns, rows: list[int]) -> _Checked:
    """Validate every row against the table's model, keeping each row's errors apart.

    Rows go to pydantic in chunks: one call validates a whole chunk, and only
    a chunk with errors is validated a second time, without its bad rows, to
    keep its good ones. Each error's ``loc`` gives the row within the chunk.
    """
    names = list(columns)
    ids = [value if isinstance(value, str) else None for value in columns["patient_id"]]
    checked = _Checked(label, rows, ids, columns, models=[])
    adapter = _adapter(table.model)
    for start in range(0, len(rows), _CHUNK_ROWS):
        stop = min(start + _CHUNK_ROWS, len(rows))
        lists = [column[start:stop].tolist() for column in columns.values()]
        chunk = [dict(zip(names, values, strict=True)) for values in zip(*lists, strict=True)]
        try:
            checked.models.extend(adapter.validate_python(chunk))
        except ValidationError as exc:
            failed: set[int] = set()
            for error in exc.errors(include_url=False):
                position = start + int(error["loc"][0])
                failed.add(position)
                checked.add(position, *_describe(error, table.model))
            good = [record for i, record in enumerate(chunk, start) if i not in failed]
            valid = iter(adapter.validate_python(good))
            checked.models.extend(None if i in failed else next(valid) for i in range(start, stop))
    return checked


@cache
def _adapter(model: type[Record]) -> TypeAdapter[list[Record]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _describe(error: ErrorDetails, model: type[Record]) -> tuple[str | None, str]:
    """Turn one pydantic error into the column at fault and a short human message."""
    loc = error["loc"]
    kind = error["type"]
    value = error["input"]
    if len(loc) < 2 or not isinstance(loc[1], str):  # a rule spanning fields
        text = _error_text(error)
        first_word = text.split(" ", 1)[0]
        return (first_word if first_word in model.model_fields else None), text
    column = loc[1]
    if value is None:
        return column, f"{column} is required but missing"
    if kind in _BOUND_ERRORS:
        allowed = _bounds(model).get(column) or _error_text(error).removeprefix("input should be ")
        return column, f"{column} must be {allowed}, got {_show_number(value)}"
    if kind in {"float_parsing", "float_type"}:
        return column, f"{column} must be a number, got {value!r}"
    if kind == "finite_number":
        return column, f"{column} must be a finite number, got {value!r}"
    if kind in {"bool_parsing", "bool_type"}:
        return column, f"{column} must be yes or no (y/n, true/false, 1/0), got {value!r}"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return column, f"{column} must be at most {limit} characters, got {len(value)}"
    text = _error_text(error)
    if kind == "value_error":
        return column, f"{column} {text}" if text.startswith(("must ", "is ")) else text
    return column, f"{column}: {text}, got {value!r}"


def _error_text(error: ErrorDetails) -> str:
    """The validator's own message, or pydantic's with its first letter lowered."""
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, Exception):
        return str(cause)
    message = error["msg"]
    return message[:1].lower() + message[1:]


def _show_number(value: Any) -> str:
    """A number as written: text as given, ``-3.0`` as ``-3``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@cache
def _bounds(model: type[Record]) -> dict[str, str]:
    """The allowed range of each numeric field, e.g. ``{"fvc_pct": "> 0 and <= 200"}``."""
    symbols = {"exclusiveMinimum": ">", "minimum": ">=", "exclusiveMaximum": "<", "maximum": "<="}
    ranges: dict[str, str] = {}
    for name, schema in model.model_json_schema()["properties"].items():
        for option in schema.get("anyOf", [schema]):
            parts = [f"{sign} {option[key]}" for key, sign in symbols.items() if key in option]
            if parts:
                ranges[name] = " and ".join(parts)
    return ranges


def _check_duplicates(patients: _Checked, *, exclude: bool) -> dict[str, str]:
    """Report repeated patient ids; return why each excluded patient id is excluded.

    Each repeat names the first row with the id. When excluding, the first row
    is excluded too, as nobody can tell which of the rows is right.
    """
    first: dict[str, int] = {}
    repeats: dict[str, list[int]] = {}
    for position, patient_id in enumerate(patients.ids):
        if patient_id is None:
            continue
        if patient_id in first:
            repeats.setdefault(patient_id, []).append(position)
        else:
            first[patient_id] = position
    for patient_id, positions in repeats.items():
        first_row = patients.rows[first[patient_id]]
        for position in positions:
            message = f"patient_id {patient_id!r} repeats row {first_row}"
            patients.add(position, "patient_id", message)
        if exclude:
            again = ", ".join(str(patients.rows[position]) for position in positions)
            message = f"patient_id {patient_id!r} is repeated in row(s) {again}"
            patients.add(first[patient_id], "patient_id", message)

    reasons: dict[str, str] = {}
    for position in sorted(patients.problems):
        patient_id = patients.ids[position]
        if patient_id is not None and patient_id not in reasons:
            problems = "; ".join(problem.message for problem in patients.problems[position])
            reasons[patient_id] = f"{patients.label} row {patients.rows[position]}: {problems}"
    return reasons


def _check_references(
    table: _Checked, patients: _Checked, excluded: Mapping[str, str], on_error: OnError
) -> None:
    """Each row must name a known patient; when excluding, follow the patient out."""
    known = set(patients.ids)
    for position, patient_id in enumerate(table.ids):
        if patient_id is None:
            continue  # already reported: patient_id is required
        if patient_id not in known:
            message = f"patient_id {patient_id!r} is not in {patients.label}"
            table.add(position, "patient_id", message)
        elif on_error == "exclude" and patient_id in excluded:
            message = f"patient {patient_id} is excluded ({excluded[patient_id]})"
            table.add(position, "patient_id", message)


def _check_deaths(visits: _Checked, patients: _Checked) -> None:
    """No visit may fall after the patient's death."""
    deaths: dict[str, tuple[dt.date, int]] = {}
    for position, patient in enumerate(patients.models):
        if position in patients.problems:  # a repeated id: its first row counts
            continue
        if isinstance(patient, Patient) and patient.death_date is not None:
            deaths.setdefault(patient.patient_id, (patient.death_date, patients.rows[position]))
    if not deaths:
        return
    dates = visits.cells["date"]
    for position in _positions_of(visits.ids, deaths):
        date = dates[position]  # a date wherever it is valid, even if the row has problems
        patient_id = visits.ids[position]
        if type(date) is not dt.date or patient_id is None:  # not a datetime either
            continue
        death_date, death_row = deaths[patient_id]
        if date > death_date:
            message = (
                f"date {date} is after the patient's death_date {death_date} "
                f"({patients.label} row {death_row})"
            )
            visits.add(position, "date", message)


def _positions_of(ids: Sequence[str | None], wanted: Mapping[str, object]) -> list[int]:
    """Positions of the ids that are keys of ``wanted`` (vectorised)."""
    mask = pd.Series(list(ids), dtype=object).isin(list(wanted)).to_numpy()
    return np.flatnonzero(mask).tolist()
