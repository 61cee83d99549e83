"""Load a cohort from three CSV files or three DataFrames, with row-level errors.

A cohort folder holds three files. Every listed column of patients.csv and
regimens.csv is required (a value may be missing where the model allows it,
but the column must be there); visits.csv needs only ``patient_id`` and
``date``, and may hold any measure column of :mod:`myopathy_outcomes.schema`
or one a study declares:

=============== =========================================================
file            columns
=============== =========================================================
patients.csv    patient_id, sex, birth_date, diagnosis, ild, death_date
visits.csv      patient_id, date, then measures (ck, fvc_pct, ...)
regimens.csv    patient_id, drug, start_date, stop_date, dose, dose_unit
=============== =========================================================

Reading
-------
CSV files are read as text (UTF-8, an Excel byte-order mark is allowed; or
UTF-16 with a byte-order mark, Excel's tab-separated "Unicode text"), so
nothing is converted behind the reader's back. File names are matched
ignoring case, and column names ignoring case, surrounding spaces,
byte-order marks and a space written for ``_`` (``Patient ID``); each
matched so is named in a notice. A workbook under a ``.csv`` name, a file
separated by tabs, ``;`` or ``|``, and a first line that is not a header
(Excel's ``sep=,``, or data) are refused in one line saying so; a row
repeating the header is a problem of that row. Surrounding spaces are removed
from every value and column name. These values mean "missing" (compared
after stripping, ignoring case): the empty string, ``NA``, ``N/A``,
``#N/A``, ``NaN``, ``NULL``, ``None``, ``-`` and ``.`` (see
:data:`MISSING_MARKERS`); a cell holding only spaces is empty. In a required
field any of them is "required but missing", naming how it was written
(``birth_date is required but missing ('NA' is read as missing)``).

Dates are written year first, ``YYYY-MM-DD``, also with ``/`` and without
zero padding (``1959/6/12``); a time of day after the date is allowed
and the date is the day (``2014-04-13T10:30``); day-first and month-first
dates are refused as ambiguous. Yes/no fields accept yes/no, y/n,
true/false, t/f, on/off and 1/0 in any case. Numbers are parsed by the
models; ``1,200``, ``1_000`` or ``high`` is an error, never a guess. A line whose cells
are all empty is not a row: it is skipped and reported in
:attr:`Cohort.notices <myopathy_outcomes.models.Cohort.notices>`, as is every
unknown column. A row must have as many fields as the header: a short row is
not padded with missing values, and a long one (often an unquoted comma, as
in ``1,200``) is not cut; either is a problem of that row, and its cells are
not read further. A file that is not UTF-8 is reported with the line of its
first undecodable byte.

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
patients table. A visit's ``date`` and a regimen's ``start_date`` fall within
the patient's life: not before the ``birth_date`` and not after the
``death_date`` (the days themselves are allowed); a regimen's ``stop_date``
is not after the ``death_date`` either. Two visits of one patient
on the same date are allowed as long as no measure is given in both with
different values (one row may hold the CK and the other the %FVC); a row
whose value differs from the first row giving that measure on that date is a
problem, as in ``visits.csv row 7 (patient A1): ck 5000 on 2015-01-01
conflicts with row 6 (ck 1000); give one value per measure and date``. A
row with other problems still takes part with each value that is valid on
its own, so that its other problems do not hide a conflict. The rules within
one row are the models' own (:mod:`myopathy_outcomes.models`): among them
each number's plausible range, declared in :mod:`myopathy_outcomes.schema`
and named in the message (``ck must be >= 0 and <= 1000000, got 1e308``),
and the dates that stand for "unknown" (1900-01-01, 1899-12-30,
1899-12-31), which are named as placeholders.

Errors
------
Every problem names the file, the row, the patient and the rule broken, as
in ``visits.csv row 14 (patient P07): ck must be >= 0 and <= 1000000, got -3``; a repeated
patient id names the first row with that id. No message grows with the
data: it names at most three rows or values, then how many more there are,
and a quoted value is cut after 60 characters, with its length. With ``on_error="raise"`` (the
default) every problem in all three tables is collected and raised together
as one :class:`~myopathy_outcomes.errors.CohortDataError`, one
:class:`~myopathy_outcomes.errors.RowProblem` per problem, in table and row
order.

With ``on_error="exclude"`` each row with a problem is left out and listed
once, with all its reasons joined by ``"; "``, in
:attr:`Cohort.excluded <myopathy_outcomes.models.Cohort.excluded>`. An
excluded patient takes all their visits and regimens along, each listed with
the reason ``patient P07 is excluded (patients.csv row 8: ...)``. An excluded
regimen row excludes its patient too, with all their visits and other
regimens, each listed with the reason ``patient P07 is excluded
(regimens.csv row 4 could not be read: ...)``: without that row the drug
history is incomplete, and the patient could land in the wrong group or pass
an eligibility rule they fail. An excluded visit row excludes only itself.
Where rows contradict each other, none is kept: a repeated patient id
excludes every row with that id, the first one included, and a measure given
twice on one date with different values excludes every row giving it, each
naming the rows it contradicts. Kept plus excluded rows always add up to the
rows read; :attr:`Cohort.patients_read
<myopathy_outcomes.models.Cohort.patients_read>` is the number of patient
rows read.

A missing file, a folder in place of a file, a file that cannot be opened or
is not UTF-8, or a missing or repeated column concerns a whole table, not a
row; it is raised in both modes. A missing column that is there in another
case is named (``missing required column 'sex' (found 'Sex'; column names
are lower case)``), and a file separated by ``;`` is said to be so.

DataFrames
----------
Columns may hold text, read exactly as in a CSV file, or typed values (see
:func:`cohort_from_frames`). A whole-number patient id, ``7`` or ``7.0``, is
read as the text ``"7"``; pandas stores an integer id column with a missing
value as floats, and this keeps such ids matching across the tables. Any
other number is not an id and is reported. ``True`` and ``False`` are
rejected in numeric columns rather than read as 1 and 0. A float that is not
a float64 (float32, float16, pandas' ``Float32``, a numpy float32 in an
object column) is read as the shortest decimal that gives it back in its own
type, the number a person sees: float32 72.09 is 72.09, not
72.08999633789062, so that exact rules (a decline of exactly 10%) decide as
they would on the text.

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
  visits table row 2 (patient P01): ck must be >= 0 and <= 1000000, got -3
>>> cohort = cohort_from_frames(patients, visits, regimens, on_error="exclude")
>>> len(cohort.patients), len(cohort.visits)
(1, 0)
>>> print(cohort.excluded[0])
visits table row 2 (patient P01): ck must be >= 0 and <= 1000000, got -3
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal, TypeVar, get_args

import numpy as np
import pandas as pd
from pydantic import TypeAdapter
from pydantic_core import ErrorDetails

from myopathy_outcomes._gc import gc_paused
from myopathy_outcomes.drugs import normalize_drug
from myopathy_outcomes.errors import CohortDataError, RowProblem
from myopathy_outcomes.io.cells import Known, break_row_rules, check_cells, record_errors
from myopathy_outcomes.io.columns import ColumnMatch, column_key, describe_matched, match_columns
from myopathy_outcomes.io.csv_text import Misfit, UnreadableCsvError, read_csv_text
from myopathy_outcomes.io.parquet import UnreadableParquetError, find_parquet, read_parquet
from myopathy_outcomes.io.repeats import exact_repeats, overlaps
from myopathy_outcomes.io.shorten import QUOTE_LIMIT, SHOWN_ITEMS, quote, some
from myopathy_outcomes.models import (
    ExcludedRow,
    Patient,
    Record,
    Regimen,
    Visit,
    parse_iso_date,
    visit_model,
)
from myopathy_outcomes.schema import DOSE, MEASURES, Measure
from myopathy_outcomes.storage import Cohort
from myopathy_outcomes.storage.patients import PatientColumns, PatientRows
from myopathy_outcomes.storage.regimens import RegimenRows
from myopathy_outcomes.storage.visits import VisitRows, VisitTable

__all__ = ["MISSING_MARKERS", "OnError", "cohort_from_frames", "load_cohort"]

_T = TypeVar("_T")

OnError = Literal["raise", "exclude"]
"""What to do with invalid rows: raise them all, or exclude and list them."""

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
_CHUNK_ROWS: Final = 20_000
_FIRST_DATA_ROW: Final = 2
_EXACT_INTEGERS: Final = 2.0**53
_BOUND_ERRORS: Final = frozenset(
    {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
)
_RANGES: Final[Mapping[str, Measure]] = {**MEASURES, DOSE.name: DOSE}
"""The plausible range of each numeric column, from :mod:`myopathy_outcomes.schema`."""


@dataclass(frozen=True)
class _Table:
    """One of the three input tables, the model its rows must satisfy, its optional columns."""

    name: str
    model: type[Record]
    optional: frozenset[str] = frozenset()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.model.model_fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.optional)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def frame_label(self) -> str:
        return f"{self.name} table"


_PATIENTS: Final = _Table("patients", Patient)
_REGIMENS: Final = _Table("regimens", Regimen)


def _tables(measures: tuple[Measure, ...] = ()) -> tuple[_Table, _Table, _Table]:
    """The three tables; visits have a column for every built-in and declared measure.

    In ``visits`` only ``patient_id`` and ``date`` are required: a measure
    column may be absent (its values are then missing).
    """
    model = visit_model(measures)
    optional = frozenset(model.model_fields) - {"patient_id", "date"}
    return (_PATIENTS, _Table("visits", model, optional), _REGIMENS)


_TABLES: Final = _tables()


_Cells = np.ndarray[Any, np.dtype[np.object_]]
_Mask = np.ndarray[Any, np.dtype[np.bool_]]
_Columns = dict[str, _Cells]
_Found = dict[int, list[tuple[str | None, str]]]
"""Problems found before validation: by position, the column at fault and the message."""


@dataclass(frozen=True)
class _Shaped:
    """One table's cleaned cells, ready for validation."""

    columns: _Columns
    rows: list[int]
    found: _Found
    unread: frozenset[int]
    """Positions of rows whose fields do not fit the header: not validated, not cross-checked."""
    spellings: dict[int, dict[str, str]] = field(default_factory=dict)
    """By position and column, how a missing value of a required field was written (``"NA"``)."""
    present: tuple[str, ...] = ()
    """The table's optional columns that the input has."""
    coded: dict[str, tuple[np.ndarray[Any, np.dtype[np.intp]], _Cells]] = field(
        default_factory=dict
    )
    """Columns cleaned per distinct cell: each row's code (-1: missing) and each code's cell."""


@dataclass
class _Checked:
    """One table after validation: each cell's valid value, each row's verdict and problems."""

    label: str
    rows: list[int]
    ids: list[str | None]
    cells: _Columns
    unread: frozenset[int] = frozenset()
    problems: dict[int, list[RowProblem]] = field(default_factory=dict)
    values: dict[str, _Cells] = field(default_factory=dict)
    """Each cell's valid value, ``None`` where it is missing or invalid."""
    valid: _Mask = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """Per row, whether it is valid by the model's rules (other problems aside)."""
    codes: dict[str, np.ndarray[Any, np.dtype[np.intp]]] = field(default_factory=dict)
    """Each cell's code, equal for equal cells (-1: missing)."""
    distinct: dict[str, _Cells] = field(default_factory=dict)
    """The cleaned cell of each code."""

    def per_cell(
        self, column: str, convert: Callable[[_Cells], np.ndarray[Any, Any]], missing: Any
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

    def add(self, position: int, column: str | None, message: str) -> None:
        """Record a problem with the row at ``position``."""
        problem = RowProblem(self.label, self.rows[position], self.ids[position], column, message)
        self.problems.setdefault(position, []).append(problem)


def load_cohort(
    path: str | os.PathLike[str],
    *,
    on_error: OnError = "raise",
    synthetic: bool = False,
    measures: Sequence[Measure] = (),
) -> Cohort:
    """Load and validate a cohort from a folder of three CSV files.

    Parameters
    ----------
    path : str or path-like
        The folder holding ``patients.csv``, ``visits.csv`` and
        ``regimens.csv`` (columns in the module documentation); any of them
        may be a ``.parquet`` file instead (:mod:`~myopathy_outcomes.io.parquet`).
    on_error : {"raise", "exclude"}, default "raise"
        ``"raise"`` collects every problem in all three files and raises them
        together. ``"exclude"`` leaves out each row with a problem and lists
        it, with its reason, in ``Cohort.excluded``. A patient's exclusion
        excludes their visits and regimens too, and so does the exclusion of
        one of their regimen rows (their drug history would be incomplete).
    synthetic : bool, default False
        Mark the cohort as synthetic data; reports label it.

    Returns
    -------
    Cohort
        Patients, visits and regimens in file order; ``source`` is the folder.

    Raises
    ------
    TypeError
        If ``path`` is not text or a path (DataFrames are pointed to
        :func:`cohort_from_frames`), or ``synthetic`` is not True or False.
    FileNotFoundError
        If ``path`` does not exist.
    NotADirectoryError
        If ``path`` is a file, not a folder (one of the three files is
        pointed to its folder).
    CohortDataError
        If a file is missing, is a folder, cannot be opened or is not UTF-8,
        a column is missing, or (with ``on_error="raise"``) any row breaks a
        rule. ``problems`` holds one
        :class:`~myopathy_outcomes.errors.RowProblem` per problem.
    ValueError
        If ``on_error`` is not one of the allowed values, or ``path`` is empty.

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
    folder = _load_cohort_iv(path, on_error, synthetic)
    tables = _tables(_declared(measures))
    frames: dict[str, pd.DataFrame] = {}
    misfits: dict[str, Mapping[int, Misfit]] = {}
    unreadable: list[RowProblem] = []
    notices: list[str] = []
    listing = _listing(folder)
    labels = {table.name: table.file_name for table in tables}
    for table in tables:
        try:
            if (parquet := find_parquet(folder, table.name, listing, notices)) is not None:
                labels[table.name] = parquet.label
                frames[table.name] = read_parquet(parquet)
                continue
            file = _find_file(folder, table.file_name, listing, notices)
            text = read_csv_text(file, table.columns)
        except UnreadableCsvError as exc:
            unreadable.append(_table_problem(table.file_name, str(exc)))
        except UnreadableParquetError as exc:
            unreadable.append(_table_problem(exc.label, str(exc)))
        else:
            frames[table.name], misfits[table.name] = text.frame, text.misfits
            del text  # the frames dict holds the only reference, which _load lets go
    return _load(
        frames,
        labels,
        unreadable,
        on_error,
        misfits=misfits,
        notices=notices,
        tables=tables,
        source=str(folder),
        synthetic=synthetic,
    )


def cohort_from_frames(
    patients: pd.DataFrame,
    visits: pd.DataFrame,
    regimens: pd.DataFrame,
    *,
    on_error: OnError = "raise",
    source: str = "DataFrames",
    synthetic: bool = False,
    measures: Sequence[Measure] = (),
) -> Cohort:
    """Validate a cohort given as three DataFrames, with the same rules as CSV files.

    Columns may hold text (read exactly as in a CSV file) or typed values:
    numbers, booleans, ``datetime64`` dates (a time of day is dropped) or
    ``datetime.date`` objects. ``NaN``, ``None``, ``NaT`` and ``pd.NA`` are
    missing. Whole-number patient ids, integers or floats such as ``7.0``
    (pandas' type for an id column with a missing value), are read as their
    decimal text, ``"7"``. ``True`` or ``False`` in a numeric column is an
    error, not 1 or 0. A float32 (or float16) value is read as the decimal it
    shows, ``72.09``, not as its float64 widening ``72.08999633789062``.

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
        If a table is not a DataFrame (a folder is pointed to
        :func:`load_cohort`), ``source`` is not text or ``synthetic`` not
        True or False.
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
    given = {"patients": patients, "visits": visits, "regimens": regimens}
    _cohort_from_frames_iv(given, on_error, source, synthetic)
    tables = _tables(_declared(measures))
    labels = {table.name: table.frame_label for table in tables}
    return _load(
        given,
        labels,
        [],
        on_error,
        misfits={},
        source=source,
        synthetic=synthetic,
        tables=tables,
    )


def _declared(measures: object) -> tuple[Measure, ...]:
    """The declared measures, checked: a sequence of Measure with new names."""
    if isinstance(measures, str) or not isinstance(measures, Sequence):
        raise TypeError(f"measures must be a sequence of Measure, got {type(measures).__name__}")
    for measure in measures:
        if not isinstance(measure, Measure):
            raise TypeError(f"measures must hold Measure values, got {measure!r}")
    return tuple(measures)


_FOLDER_HELP: Final = "the folder holding patients.csv, visits.csv and regimens.csv"


def _load_cohort_iv(path: object, on_error: object, synthetic: object) -> Path:
    """Check the arguments of :func:`load_cohort`; return the folder. Errors name the argument."""
    _check_on_error(on_error)
    _check_flag("synthetic", synthetic)
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
    if not folder.exists():
        raise FileNotFoundError(
            f"cohort folder not found: {str(folder)!r}; path must be {_FOLDER_HELP}"
        )
    if not folder.is_dir():
        hint = ""
        files = {table.name + suffix for table in _TABLES for suffix in (".csv", ".parquet")}
        if folder.name.casefold() in files:
            hint = f" (this is one of the files: give its folder, {str(folder.parent)!r})"
        raise NotADirectoryError(
            f"not a folder: {str(folder)!r}; path must be {_FOLDER_HELP}{hint}"
        )
    return folder


def _cohort_from_frames_iv(
    frames: Mapping[str, object], on_error: object, source: object, synthetic: object
) -> None:
    """Check the arguments of :func:`cohort_from_frames`; errors name the argument."""
    _check_on_error(on_error)
    _check_flag("synthetic", synthetic)
    for name, frame in frames.items():
        if not isinstance(frame, pd.DataFrame):
            hint = ""
            if isinstance(frame, str | os.PathLike):
                hint = "; to read a folder of CSV files use mo.load_cohort(folder)"
            raise TypeError(
                f"{name!r} must be a pandas DataFrame, got {type(frame).__name__}{hint}"
            )
    if not isinstance(source, str):
        raise TypeError(f"source must be text, got {type(source).__name__}")


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")


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
    return folder / name


def _check_on_error(on_error: object) -> None:
    allowed = get_args(OnError)
    if on_error not in allowed:
        raise ValueError(f"on_error must be one of {allowed}, got {on_error!r}")


def _table_problem(label: str, message: str) -> RowProblem:
    return RowProblem(label, None, None, None, message)


@gc_paused()
def _load(
    frames: dict[str, pd.DataFrame],
    labels: Mapping[str, str],
    problems: list[RowProblem],
    on_error: OnError,
    *,
    misfits: Mapping[str, Mapping[int, Misfit]],
    source: str,
    synthetic: bool,
    notices: Sequence[str] = (),
    tables: tuple[_Table, _Table, _Table] = _TABLES,
) -> Cohort:
    """Validate the tables, check them against each other, and build the cohort.

    ``misfits`` gives, for tables read from CSV files, the rows whose number
    of fields differs from the header's; ``notices`` are those found while
    reading the files.
    """
    told = list(notices)
    prepared: dict[str, _Shaped] = {}
    for table in tables:
        if table.name in frames:
            shaped = _shape(
                frames.pop(table.name),  # the text is let go once its cells are cleaned
                table,
                labels,
                problems,
                told,
                misfits=misfits.get(table.name, {}),
                tables=tables,
            )
            if shaped is not None:
                prepared[table.name] = shaped
    if problems and on_error == "exclude":
        raise CohortDataError(problems)

    known: Known = {}  # cells found valid, shared by the tables (the patient ids)
    checked = {
        table.name: _validate(table, labels[table.name], prepared[table.name], known)
        for table in tables
        if table.name in prepared
    }
    patients = checked.get(_PATIENTS.name)
    visits = checked.get(tables[1].name)
    regimens = checked.get(_REGIMENS.name)
    if patients is not None:
        excluded_ids = _check_duplicates(patients, exclude=on_error == "exclude")
        for referring in (visits, regimens):
            if referring is not None:
                _check_references(referring, patients, excluded_ids, on_error)
        if visits is not None:
            _check_life_span(visits, "date", patients)
        if regimens is not None:
            _check_life_span(regimens, "start_date", patients)
            _check_life_span(regimens, "stop_date", patients, birth=False)
    if visits is not None:
        _check_same_day_visits(visits, exclude=on_error == "exclude")
    if on_error == "exclude" and patients is not None and regimens is not None:
        _follow_excluded_regimens(regimens, patients, visits)

    if on_error == "raise":
        problems.extend(
            problem
            for table in checked.values()
            for position in sorted(table.problems)
            for problem in table.problems[position]
        )
        if problems:
            raise CohortDataError(problems)

    told.extend(_repeat_notices(visits, regimens))
    kept_patients = _kept_patients(checked[_PATIENTS.name])
    return Cohort(
        patients=kept_patients,
        visits=_kept_visits(
            checked[tables[1].name],
            kept_patients.patient_ids,
            tables[1].model,  # type: ignore[arg-type]
            prepared[tables[1].name].present,
        ),
        visit_columns=prepared[tables[1].name].present if tables[1].name in prepared else None,
        regimens=_kept_regimens(
            checked[_REGIMENS.name], [patient.patient_id for patient in kept_patients]
        ),
        regimen_rows=tuple(
            np.asarray(checked[_REGIMENS.name].rows)[_kept_mask(checked[_REGIMENS.name])].tolist()
        ),
        regimen_file=checked[_REGIMENS.name].label,
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
        notices=tuple(told),
        patients_read=len(checked[_PATIENTS.name].rows),
    )


def _repeat_notices(visits: _Checked | None, regimens: _Checked | None) -> list[str]:
    """Notices of kept rows that repeat an earlier one, and of overlapping regimens of a drug."""
    notices: list[str] = []
    if visits is not None:
        notices.extend(_exact_repeats_notice(visits, ("patient_id", "date"))[0])
    if regimens is not None:
        told, later = _exact_repeats_notice(regimens, ("patient_id", "start_date"))
        notices.extend(told)
        notices.extend(_overlaps_notice(regimens, later))
    return notices


def _kept_mask(table: _Checked) -> _Mask:
    """Per row, whether it is kept: valid, and excluded by no rule."""
    kept = table.valid.copy()
    kept[list(table.problems)] = False
    return kept


def _kept_positions(table: _Checked) -> list[int]:
    """Positions of the rows that are kept: valid, and excluded by no rule."""
    return np.flatnonzero(_kept_mask(table)).tolist()


def _record_at(table: _Checked) -> Callable[[int], object]:
    """The valid record of the row at a position, as the tuple of its values."""
    columns = list(table.values.values())
    return lambda position: tuple(column[position] for column in columns)


def _exact_repeats_notice(table: _Checked, keys: tuple[str, ...]) -> tuple[list[str], set[int]]:
    """The notice of kept rows equal to an earlier row, and the positions of those rows."""
    keyed = [table.codes[k] for k in keys]
    repeats = exact_repeats(_kept_positions(table), _record_at(table), keyed)
    if not repeats:
        return [], set()
    shown = [f"row {table.rows[p]} (as row {table.rows[e]})" for p, e in repeats[:SHOWN_ITEMS]]
    notice = (
        f"{table.label}: {len(repeats)} row(s) repeat an earlier row exactly: "
        f"{some(shown, total=len(repeats))}; they are kept, and change no result"
    )
    return [notice], {position for position, _ in repeats}


def _overlaps_notice(regimens: _Checked, repeated: set[int]) -> list[str]:
    """The notice of kept regimen rows overlapping an earlier row of the drug for the patient."""
    cells = regimens.cells
    pairs = overlaps(
        [position for position in _kept_positions(regimens) if position not in repeated],
        cells["patient_id"],
        cells["drug"],
        cells["start_date"],
        cells["stop_date"],
    )
    if not pairs:
        return []
    shown = [
        f"row {regimens.rows[p]} (patient {regimens.ids[p]}, {cells['drug'][p]}, overlaps "
        f"row {regimens.rows[e]})"
        for p, e in pairs[:SHOWN_ITEMS]
    ]
    return [
        f"{regimens.label}: {len(pairs)} row(s) overlap an earlier row of the same drug for the "
        f"same patient: {some(shown, total=len(pairs))}; they are kept, and the drug counts as "
        "taken on every day either row covers"
    ]


def _kept_patients(patients: _Checked) -> PatientRows:
    """The valid patients that no cross-table rule excluded, in row order, as columns."""
    kept = np.flatnonzero(_kept_mask(patients))
    values = {name: column[kept] for name, column in patients.values.items()}
    deaths = values["death_date"].tolist()  # a required column (None: alive)
    columns = PatientColumns(
        patient_ids=tuple(values["patient_id"].tolist()),
        sex=values["sex"],
        birth_day=np.array([d.toordinal() for d in values["birth_date"].tolist()], np.int64),
        diagnosis=values["diagnosis"],
        ild=np.array(values["ild"], dtype=bool),
        death_day=np.array([-1 if d is None else d.toordinal() for d in deaths], np.int64),
    )
    return PatientRows(columns, set(values))


def _kept_visits(
    visits: _Checked, patient_ids: Sequence[str], model: type[Visit], present: Sequence[str]
) -> VisitRows:
    """The kept visits as columns (:class:`VisitRows`), with the measures the input has."""
    kept = np.flatnonzero(_kept_mask(visits))
    patient = visits.per_cell("patient_id", lambda c: _row_of(_index(patient_ids), c), -1)[kept]
    if (patient < 0).any():  # a guard: a kept visit names a kept patient
        raise AssertionError("a kept visit names no kept patient")
    day = visits.per_cell("date", _ordinals, -1)[kept]
    measures = {
        name: np.array(visits.values[name][kept], dtype=np.float64)  # None -> NaN
        for name in present
    }
    table = VisitTable(
        patient=patient.astype(np.int64),
        day=day,
        values=measures,
        patient_ids=tuple(patient_ids),
    )
    return VisitRows(table, model)


def _kept_regimens(regimens: _Checked, patient_ids: Sequence[str]) -> RegimenRows:
    """The kept regimens as columns (:class:`RegimenRows`)."""
    kept = np.flatnonzero(_kept_mask(regimens))
    patient = regimens.per_cell("patient_id", lambda c: _row_of(_index(patient_ids), c), -1)[kept]
    if (patient < 0).any():  # a guard: a kept regimen names a kept patient
        raise AssertionError("a kept regimen names no kept patient")
    values = regimens.values
    return RegimenRows(
        patient_ids,
        patient=patient.astype(np.int64),
        drug=values["drug"][kept],
        start=regimens.per_cell("start_date", _ordinals, -1)[kept],
        stop=regimens.per_cell("stop_date", _ordinals, -1)[kept],  # -1: ongoing
        dose=np.array(values["dose"][kept], dtype=np.float64),  # None -> NaN
        unit=values["dose_unit"][kept],
    )


def _shape(
    frame: pd.DataFrame,
    table: _Table,
    labels: Mapping[str, str],
    problems: list[RowProblem],
    notices: list[str],
    *,
    misfits: Mapping[int, Misfit],
    tables: Sequence[_Table] = _TABLES,
) -> _Shaped | None:
    """Check the columns and clean the cells; ``None`` if the table cannot be used.

    Returns the table's columns as cleaned object arrays (``None`` for
    missing), the row number of each remaining row, and the problems that
    show before validation: rows whose fields do not fit the header
    (``misfits``, by position in ``frame``), and ``True``/``False`` or a
    number written with ``_`` (``1_000``) in a numeric column.
    """
    label = labels[table.name]
    found_names = [str(name) for name in frame.columns]
    match = match_columns(found_names, table.columns, table.optional)
    if match.problems:
        problems.extend(
            _table_problem(label, message)
            for message in _column_problems(match, found_names, table, labels, tables)
        )
        return None
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
    parsers = _parsers(table.model)
    columns: _Columns = {}
    coded: dict[str, _Coded] = {}
    for column in (c for c in table.columns if c not in absent):
        cleaned = _clean_coded(
            frame[column], is_id=column == "patient_id", parse=parsers.get(column)
        )
        if isinstance(cleaned, _Coded):
            coded[column] = cleaned
            cleaned = cleaned.cleaned[cleaned.codes]
        columns[column] = cleaned
    rows = np.arange(_FIRST_DATA_ROW, _FIRST_DATA_ROW + len(frame))
    missing = {column: _missing(values, coded.get(column)) for column, values in columns.items()}
    blank = np.logical_and.reduce(
        list(missing.values())
        + [pd.isna(_clean(frame[name], is_id=False, parse=None)) for name in unknown]
    )

    spellings: dict[int, dict[str, str]] = {}
    for column in _required_fields(table.model):  # how a missing required value was written
        positions = np.flatnonzero(missing[column])
        cells = frame[column].to_numpy(dtype=object)[positions]
        for position, cell in zip(positions.tolist(), cells, strict=True):
            if isinstance(cell, str) and cell.strip():
                spellings.setdefault(position, {})[column] = cell.strip()

    found: _Found = {}
    for position, misfit in misfits.items():
        if any(_clean_cell(cell, None) is not None for cell in misfit.overflow):
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
        for position in np.flatnonzero(_booleans(frame[column])).tolist():
            message = f"{column} must be a number, got {bool(values[position])}"
            found.setdefault(position, []).append((column, message))
            values[position] = None  # reported here, not read as 1 or 0 by the model
            if column in coded:
                coded[column].codes[position] = -1
        for position in _underscored_numbers(frame[column], coded.get(column)):
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
    return _Shaped(
        columns,
        rows.tolist(),
        found,
        frozenset(unread),
        spellings,
        present,
        {column: (c.codes, c.cleaned[:-1]) for column, c in coded.items()},
    )


def _missing(cells: _Cells, coded: _Coded | None) -> _Mask:
    """Where a cleaned column is missing; a coded column is looked at once per code."""
    if coded is None:
        return np.asarray(pd.isna(cells), dtype=bool)
    none = np.fromiter((cell is None for cell in coded.cleaned), dtype=bool)
    mask: _Mask = none[coded.codes]
    return mask


def _column_problems(
    match: ColumnMatch,
    found: Sequence[str],
    table: _Table,
    labels: Mapping[str, str],
    tables: Sequence[_Table],
) -> list[str]:
    """The problems with a table's columns, told as one line where one says it all.

    A table holding another table's columns (the arguments swapped, or the
    wrong file) says so; a table naming none of its columns says which it has.
    """
    keys = {column_key(name) for name in found}
    if not set(table.required) <= keys:
        for other in tables:
            if other is not table and set(other.required) <= keys:
                if labels[table.name].endswith((".csv", ".parquet")):
                    theirs, ours = labels[other.name], labels[table.name]
                    advice = "is it the right file?"
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
    frame: pd.DataFrame, columns: _Columns, written: Mapping[str, str], table: _Table
) -> list[int]:
    """Positions of rows that repeat the header: every cell is its column's name."""
    candidates = np.flatnonzero(columns["patient_id"] == written["patient_id"])
    repeats = np.ones(len(candidates), dtype=bool)
    for column in (c for c in table.columns if c in written):
        name = column_key(written[column])
        cells = frame[column].to_numpy(dtype=object)[candidates]
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


def _booleans(column: pd.Series[Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
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


def _underscored_numbers(column: pd.Series[Any], coded: _Coded | None = None) -> list[int]:
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


@cache
def _parsers(model: type[Record]) -> dict[str, Callable[[Any], Any]]:
    """The model's own parsers for fields worth parsing once per distinct value.

    Dates and drug names have Python validators that are slow per cell. Their
    results pass the model's validators unchanged (a ``date``, a ``Drug``).
    """
    parsers: dict[str, Callable[[Any], Any]] = {
        name: parse_iso_date
        for name, schema in model.model_json_schema()["properties"].items()
        if any(option.get("format") == "date" for option in schema.get("anyOf", [schema]))
    }
    if "drug" in model.model_fields:
        parsers["drug"] = normalize_drug
    return parsers


@dataclass(frozen=True)
class _Coded:
    """A column cleaned once per distinct cell: each row's code, and each code's cells."""

    codes: np.ndarray[Any, np.dtype[np.intp]]
    """Per row, the code of its cell; -1 for NaN or None."""
    raw: _Cells
    """The cell of each code as given."""
    cleaned: _Cells
    """The cell of each code cleaned, then one ``None`` for code -1."""


def _clean(
    column: pd.Series[Any], *, is_id: bool, parse: Callable[[Any], Any] | None
) -> np.ndarray[Any, np.dtype[np.object_]]:
    """Clean one column into an object array (see :func:`_clean_coded`)."""
    coded = _clean_coded(column, is_id=is_id, parse=parse)
    if isinstance(coded, _Coded):
        cells: np.ndarray[Any, np.dtype[np.object_]] = coded.cleaned[coded.codes]
        return cells
    return coded


def _clean_coded(
    column: pd.Series[Any], *, is_id: bool, parse: Callable[[Any], Any] | None
) -> _Coded | np.ndarray[Any, np.dtype[np.object_]]:
    """Clean one column; ``None`` marks a missing value.

    Text is stripped and missing markers become ``None``, as do ``NaN``,
    ``NaT`` and ``pd.NA``. Where ``parse`` is given, values it accepts are
    replaced by its result (a ``datetime.date``, a ``Drug``), which the model
    accepts as it is; values it rejects are left for the model to judge, so
    that the model's error quotes the value as written. In the id column a
    whole number becomes its decimal text. Text and id columns are cleaned
    once per distinct value, which keeps a column of a million cells cheap
    and lets equal cells share one object; they come back coded (:class:`_Coded`),
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
        cleaned = [_clean_cell(value, parse, is_id=is_id) for value in distinct]
        cleaned.append(None)  # code -1: NaN or None in the column
        raw = np.empty(len(distinct), dtype=object)
        raw[:] = distinct
        return _Coded(codes, raw, np.fromiter(cleaned, dtype=object, count=len(cleaned)))
    floats = _as_decimal_floats(column)
    if floats is not None:
        return floats
    values = [_clean_cell(value, parse) for value in column.to_numpy(dtype=object)]
    return np.fromiter(values, dtype=object, count=len(values))


def _as_decimal_floats(column: pd.Series[Any]) -> np.ndarray[Any, np.dtype[np.object_]] | None:
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


def _clean_cell(value: Any, parse: Callable[[Any], Any] | None, *, is_id: bool = False) -> Any:
    """One cell: stripped text, ``None`` for missing, parsed where ``parse`` is given."""
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


def _validate(table: _Table, label: str, shaped: _Shaped, known: Known) -> _Checked:
    """Validate every row against the table's model, keeping each row's errors apart.

    Each distinct cell is validated once, then each row's rules across fields
    on its validated values (:mod:`myopathy_outcomes.io.cells`); only rows
    with a problem go through the model, which words every problem as it
    would row by row. Rows whose fields do not fit the header are not
    validated.
    """
    columns, rows, unread = shaped.columns, shaped.rows, shaped.unread
    checked = _Checked(label, rows, _ids(columns["patient_id"]), columns, unread=unread)
    for position, found in shaped.found.items():
        for column, message in found:
            checked.add(position, column, message)
    readable = np.ones(len(rows), dtype=bool)
    readable[list(unread)] = False
    cells = check_cells(table.model, columns, shaped.coded, known)
    valid = cells.valid & readable
    valid[break_row_rules(table.model, cells, np.flatnonzero(valid))] = False
    checked.values, checked.valid, checked.codes = cells.values, valid, cells.codes
    checked.distinct = cells.distinct
    told = np.zeros(len(rows), dtype=bool)
    told[list(shaped.found)] = True
    _word_problems(checked, table, shaped, np.flatnonzero(readable & (~valid | told)))
    return checked


def _ids(cells: _Cells) -> list[str | None]:
    """Each row's patient id as text, ``None`` where it is missing or not text."""
    codes, distinct = pd.factorize(cells, use_na_sentinel=True)
    texts = [cell if isinstance(cell, str) else None for cell in distinct.tolist()]
    ids: list[str | None] = np.array([*texts, None], dtype=object)[codes].tolist()
    return ids


def _word_problems(
    checked: _Checked, table: _Table, shaped: _Shaped, positions: np.ndarray[Any, Any]
) -> None:
    """Validate the rows at ``positions`` by the model and record their problems.

    Rows go to pydantic in chunks; each error's ``loc`` gives the row within
    the chunk.
    """
    names = list(shaped.columns)
    adapter = _adapter(table.model)
    for start in range(0, len(positions), _CHUNK_ROWS):
        chunk_positions = positions[start : start + _CHUNK_ROWS]
        lists = [column[chunk_positions].tolist() for column in shaped.columns.values()]
        chunk = [dict(zip(names, values, strict=True)) for values in zip(*lists, strict=True)]
        for index, error in record_errors(adapter, chunk):
            position = int(chunk_positions[index])
            column, message = _describe(error, table.model)
            written = shaped.spellings.get(position, {}).get(column or "")
            if written is not None and error["input"] is None:
                message += f" ({written!r} is read as missing)"
            checked.add(position, column, message)


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
        measure = _RANGES.get(column)
        allowed = (
            measure.bound_text()
            if measure is not None
            else "must be " + _error_text(error).removeprefix("input should be ")
        )
        return column, f"{column} {allowed}, got {_show_number(value)}"
    if kind in {"float_parsing", "float_type"}:
        return column, f"{column} must be a number, got {quote(value)}"
    if kind == "finite_number":
        return column, f"{column} must be a finite number, got {quote(value)}"
    if kind in {"bool_parsing", "bool_type"}:
        spellings = "y/n, true/false, t/f, on/off, 1/0"
        return column, f"{column} must be yes or no ({spellings}), got {quote(value)}"
    if kind == "string_type":
        allowed = "text or a whole number" if column == "patient_id" else "text"
        return column, f"{column} must be {allowed}, got {quote(value)}"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return column, f"{column} must be at most {limit} characters, got {len(value)}"
    text = _error_text(error)
    if isinstance(value, str) and repr(value) != quote(value):
        text = text.replace(repr(value), quote(value))  # a validator quoting a long value
    if kind == "value_error":
        return column, f"{column} {text}" if text.startswith(("must ", "is ")) else text
    return column, f"{column}: {text}, got {quote(value)}"


def _error_text(error: ErrorDetails) -> str:
    """The validator's own message, or pydantic's with its first letter lowered."""
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, Exception):
        return str(cause)
    message = error["msg"]
    return message[:1].lower() + message[1:]


def _show_number(value: Any) -> str:
    """A number as written: text as given (cut if long), ``-3.0`` as ``-3``, ``1e308`` as such."""
    if isinstance(value, str):
        return value if len(value) <= QUOTE_LIMIT else quote(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_INTEGERS:
        return str(int(value))
    return str(value)


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
            again = some([patients.rows[position] for position in positions])
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
    """Each row must name a known patient; when excluding, follow the patient out.

    An unknown id that matches a known one up to case or Unicode normal form
    (NFKC) names that id.
    """
    known = set(patients.ids)
    near: dict[str, str] | None = None
    invalid = {  # ids invalid in themselves (an invisible character) are not looked up
        position
        for position, problems in table.problems.items()
        if any(problem.field == "patient_id" for problem in problems)
    }
    ids = pd.Series(table.ids, dtype=object)
    named = ids.notna().to_numpy()
    unknown = named & ~ids.isin(known).to_numpy()
    leaving = named & ids.isin(list(excluded)).to_numpy() if on_error == "exclude" else unknown
    for position in np.flatnonzero(unknown | leaving).tolist():
        patient_id = table.ids[position]
        if patient_id is None or position in table.unread or position in invalid:
            continue  # already reported: patient_id is required, or the row is unread
        if patient_id not in known:
            if near is None:  # built once, only when an id is unknown
                near = {}
                for known_id in patients.ids:
                    if known_id is not None:
                        near.setdefault(_folded(known_id), known_id)
            message = f"patient_id {patient_id!r} is not in {patients.label}"
            similar = near.get(_folded(patient_id))
            if similar is not None:
                message += (
                    f" ({patients.label} has {similar!r}, {_difference(patient_id, similar)})"
                )
            table.add(position, "patient_id", message)
        elif on_error == "exclude" and patient_id in excluded:
            message = f"patient {patient_id} is excluded ({excluded[patient_id]})"
            table.add(position, "patient_id", message)


def _folded(patient_id: str) -> str:
    """An id with case and Unicode normal form set aside."""
    return unicodedata.normalize("NFKC", patient_id).casefold()


def _difference(patient_id: str, similar: str) -> str:
    """How two ids equal up to case and Unicode normal form differ."""
    if patient_id.casefold() == similar.casefold():
        return "which differs only in case"
    if unicodedata.normalize("NFKC", patient_id) == unicodedata.normalize("NFKC", similar):
        return "which differs only in Unicode normal form (NFKC)"
    return "which differs only in case and Unicode normal form (NFKC)"


def _check_life_span(
    table: _Checked, column: str, patients: _Checked, *, birth: bool = True
) -> None:
    """``column`` must not fall before the patient's birth or after their death.

    Each row is compared with the patient's first valid row in the patients
    table (a repeated id is reported there). The day of birth and the day of
    death themselves are allowed. With ``birth=False`` only the death is
    checked: a stop date before the birth is already a start date before it,
    or a stop before the start. Dates are compared as day numbers, each
    distinct date converted once.
    """
    alive = np.flatnonzero(patients.valid)
    alive = alive[~np.isin(alive, list(patients.problems))]  # a repeated id: its first row
    if not len(alive):
        return
    ids = pd.Index(patients.values["patient_id"][alive], dtype=object)
    first = ~ids.duplicated()
    alive, ids = alive[first], ids[first]
    births = _ordinals(patients.values["birth_date"][alive])
    deaths = _ordinals(patients.values["death_date"][alive])
    # a date wherever it is valid, even if the row has other problems (not a datetime either)
    dates = table.cells[column]
    days = table.per_cell(column, _ordinals, -1)
    which = table.per_cell("patient_id", lambda cells: _row_of(ids, cells), -1)
    readable = np.ones(len(dates), dtype=bool)
    readable[list(table.unread)] = False
    positions = np.flatnonzero(readable & (days >= 0) & (which >= 0))
    which, days = which[positions], days[positions]
    before = days < births[which] if birth else np.zeros(len(days), dtype=bool)
    after = (deaths[which] >= 0) & (days > deaths[which])
    for index in np.flatnonzero(before | after).tolist():
        position, patient = int(positions[index]), int(alive[which[index]])
        if before[index]:
            event, relation = "birth_date", "before"
        else:
            event, relation = "death_date", "after"
        message = (
            f"{column} {dates[position]} is {relation} the patient's {event} "
            f"{patients.values[event][patient]} ({patients.label} row {patients.rows[patient]})"
        )
        table.add(position, column, message)


def _index(ids: Sequence[str]) -> pd.Index[Any]:
    """Patient ids as an index of Python strings (not Arrow ones, with pyarrow installed)."""
    index: pd.Index[Any] = pd.Index(np.array(ids, dtype=object), dtype=object)
    return index


def _row_of(ids: pd.Index[Any], cells: _Cells) -> np.ndarray[Any, np.dtype[np.intp]]:
    """The position in ``ids`` of each cell that is an id (text); -1 for any other."""
    texts = pd.Index([c if isinstance(c, str) else None for c in cells.tolist()], dtype=object)
    return ids.get_indexer(texts)


def _ordinals(dates: _Cells) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Each cell that is a date (not a datetime) as its day number; -1 for anything else."""
    codes, distinct = pd.factorize(dates, use_na_sentinel=True)
    days = np.fromiter(
        (d.toordinal() if type(d) is dt.date else -1 for d in distinct), np.int64, len(distinct)
    )
    return np.append(days, np.int64(-1))[codes]


def _check_same_day_visits(visits: _Checked, *, exclude: bool) -> None:
    """Two visits of a patient on one date must not give one measure two values.

    Rows on the same date may share the measures out (one has the CK, the
    other the %FVC), and may repeat a value. A row whose value differs from
    the first row giving that measure on that date is a problem. When
    excluding, the rows that agree with the first are excluded too, each
    naming the rows that contradict it, since nobody can tell which is right.
    A row with problems takes part with each value that is valid on its own
    (its other problems must not hide a conflict), if its id and date are;
    rows whose fields do not fit the header do not. Grouping touches
    repeated dates only.
    """
    readable = np.ones(len(visits.rows), dtype=bool)
    readable[list(visits.unread)] = False
    ids, dates = visits.values["patient_id"], visits.values["date"]
    candidates = np.flatnonzero(readable & pd.notna(ids) & pd.notna(dates))
    id_codes, date_codes = visits.codes["patient_id"], visits.codes["date"]
    keys = pd.Series(
        id_codes[candidates].astype(np.int64) * (int(date_codes.max(initial=0)) + 1)
        + date_codes[candidates]
    )
    repeated = keys.duplicated(keep=False).to_numpy(copy=True)
    if not repeated.any():
        return
    positions = candidates[repeated]
    groups = pd.factorize(keys[repeated])[0]
    measures = [name for name in visits.values if name not in {"patient_id", "date"}]
    for measure in measures:
        values = np.array(visits.values[measure][positions], dtype=float)  # None -> NaN
        given = ~np.isnan(values)
        table = pd.DataFrame(
            {"group": groups[given], "position": positions[given], "value": values[given]}
        )
        by_group = table.groupby("group", sort=False)
        first_value = by_group["value"].transform("first").to_numpy()
        first_position = by_group["position"].transform("first").to_numpy()
        value, position, group = (
            table[name].to_numpy() for name in ("value", "position", "group")
        )
        differs = value != first_value
        if not differs.any():
            continue
        advice = "give one value per measure and date"
        for i in np.flatnonzero(differs).tolist():
            first = (
                f"row {visits.rows[first_position[i]]} ({measure} {_show_number(first_value[i])})"
            )
            date = visits.cells["date"][position[i]]
            message = (
                f"{measure} {_show_number(value[i])} on {date} conflicts with {first}; {advice}"
            )
            visits.add(int(position[i]), measure, message)
        if not exclude:
            continue
        contradicting: dict[int, list[str]] = {}
        for i in np.flatnonzero(differs).tolist():
            shown = f"row {visits.rows[position[i]]} ({measure} {_show_number(value[i])})"
            contradicting.setdefault(int(group[i]), []).append(shown)
        for i in np.flatnonzero(~differs & np.isin(group, list(contradicting))).tolist():
            date = visits.cells["date"][position[i]]
            others = some(contradicting[int(group[i])])
            message = (
                f"{measure} {_show_number(value[i])} on {date} conflicts with {others}; {advice}"
            )
            visits.add(int(position[i]), measure, message)


def _follow_excluded_regimens(
    regimens: _Checked, patients: _Checked, visits: _Checked | None
) -> None:
    """Exclude every row of a patient who has an excluded regimen row.

    Without the row the patient's drug history is incomplete, which could put
    them in the wrong group or let them pass an eligibility rule they fail.
    The first excluded regimen row of each patient is named as the reason. A
    patient already excluded, or unknown, is left as it is.
    """
    kept = {
        patient_id
        for position, patient_id in enumerate(patients.ids)
        if patient_id is not None and position not in patients.problems
    }
    reasons: dict[str, tuple[int, str]] = {}
    for position in sorted(regimens.problems):
        patient_id = regimens.ids[position]
        if patient_id in kept and patient_id not in reasons:
            told = "; ".join(problem.message for problem in regimens.problems[position])
            where = f"{regimens.label} row {regimens.rows[position]}"
            reason = f"patient {patient_id} is excluded ({where} could not be read: {told})"
            reasons[patient_id] = (position, reason)
    for table in (patients, visits, regimens):
        if table is None:
            continue
        for position in _positions_of(table.ids, reasons):
            cause, reason = reasons[str(table.ids[position])]  # an id of ``reasons``
            if table is not regimens or position != cause:
                table.add(position, "patient_id", reason)


def _positions_of(ids: Sequence[str | None], wanted: Mapping[str, object]) -> list[int]:
    """Positions of the ids that are keys of ``wanted`` (vectorised)."""
    mask = pd.Series(list(ids), dtype=object).isin(list(wanted)).to_numpy()
    return np.flatnonzero(mask).tolist()
