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
UTF-16 with a byte-order mark, Excel's tab-separated "Unicode text"; or
Japanese Shift-JIS, as Japanese Excel saves CSV, found and named in a
notice; or in the ``encoding`` given), so nothing is converted behind the
reader's back. File names are matched
ignoring case, and column names ignoring case, surrounding spaces,
byte-order marks and a space written for ``_`` (``Patient ID``); each
matched so is named in a notice. A workbook under a ``.csv`` name, a file
separated by tabs, ``;`` or ``|``, and a first line that is not a header
(Excel's ``sep=,``, or data) are refused in one line saying so; a row
repeating the header is a problem of that row. Surrounding spaces are removed
from every value and column name. These values mean "missing" (compared
after stripping, ignoring case): the empty string, ``NA``, ``N/A``,
``#N/A``, ``NaN``, ``NULL``, ``None``, ``-`` and ``.`` (see
:data:`~myopathy_outcomes.io.cleaning.MISSING_MARKERS`); a cell holding only
spaces is empty. In a required field any of them is "required but missing",
naming how it was written (``birth_date is required but missing ('NA' is
read as missing)``).

Dates are written year first, ``YYYY-MM-DD``, also with ``/`` and without
zero padding (``1959/6/12``); a time of day after the date is allowed
and the date is the day (``2014-04-13T10:30``); day-first and month-first
dates are refused as ambiguous. Yes/no fields accept yes/no, y/n,
true/false, t/f, on/off and 1/0 in any case. Numbers are parsed by the
models; ``1,200``, ``1_000`` or ``high`` is an error, never a guess. A line whose cells
are all empty is not a row: it is skipped and reported in
:attr:`Cohort.notices <myopathy_outcomes.storage.Cohort.notices>`, as is every
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
and a quoted value, or a patient id where a row is located, is cut after 60
characters, with its length. With ``on_error="raise"`` (the
default) every problem in all three tables is collected and raised together
as one :class:`~myopathy_outcomes.errors.CohortDataError`, one
:class:`~myopathy_outcomes.errors.RowProblem` per problem, in table and row
order. Its message lists up to ten problems; beyond, it counts the problems
of each kind (file, field and rule) and shows the first five of each, so
that 200,000 bad rows make a message of a few dozen lines, while
``error.problems`` holds every one.

With ``on_error="exclude"`` each row with a problem is left out and listed
once, with all its reasons joined by ``"; "``, in
:attr:`Cohort.excluded <myopathy_outcomes.storage.Cohort.excluded>`. An
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
<myopathy_outcomes.storage.Cohort.patients_read>` is the number of patient
rows read.

A missing file, a folder in place of a file, a file that cannot be opened or
is not UTF-8, or a missing or repeated column concerns a whole table, not a
row; it is raised in both modes. Column names are matched ignoring case,
surrounding spaces and a space for ``_``; a missing column that is there with
other punctuation is named (``missing required column 'patient_id' (found
'patient.id'; name it 'patient_id')``), and a file separated by ``;`` is said
to be so.

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

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal, get_args

import pandas as pd

from myopathy_outcomes._gc import gc_paused
from myopathy_outcomes.covariates import Covariate
from myopathy_outcomes.errors import CohortDataError, RowProblem
from myopathy_outcomes.io.cells import Known
from myopathy_outcomes.io.cross_table import (
    outside_life_span,
    repeated_ids,
    same_day_conflicts,
    unknown_patients,
)
from myopathy_outcomes.io.csv_text import Misfit, text_encoding
from myopathy_outcomes.io.excel import is_workbook
from myopathy_outcomes.io.exclusion import (
    excluded_patients,
    incomplete_drug_histories,
    rows_of_excluded_patients,
)
from myopathy_outcomes.io.folder import cohort_folder, read_folder, read_workbook
from myopathy_outcomes.io.kept import kept_cohort
from myopathy_outcomes.io.marker import marked_synthetic
from myopathy_outcomes.io.notices import repeat_notices
from myopathy_outcomes.io.shaping import Shaped, Unusable, shape_table
from myopathy_outcomes.io.specs import TABLES, TableSpec, table_problem, table_specs
from myopathy_outcomes.io.validation import CheckedTable, validate_table
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.storage import Cohort

__all__ = ["OnError", "cohort_from_frames", "load_cohort"]

OnError = Literal["raise", "exclude"]
"""What to do with invalid rows: raise them all, or exclude and list them."""


def load_cohort(
    path: str | os.PathLike[str],
    *,
    on_error: OnError = "raise",
    synthetic: bool = False,
    measures: Sequence[Measure] = (),
    encoding: str = "auto",
    covariates: Sequence[Covariate] = (),
) -> Cohort:
    """Load and validate a cohort from a folder of three CSV files.

    Parameters
    ----------
    path : str or path-like
        The folder holding ``patients.csv``, ``visits.csv`` and
        ``regimens.csv`` (columns in the module documentation); any of them
        may be a ``.parquet`` file (:mod:`~myopathy_outcomes.io.parquet`) or
        an ``.xlsx`` workbook instead. Or an ``.xlsx`` workbook holding the
        sheets ``patients``, ``visits`` and ``regimens``
        (:mod:`~myopathy_outcomes.io.excel`).
    on_error : {"raise", "exclude"}, default "raise"
        ``"raise"`` collects every problem in all three files and raises them
        together. ``"exclude"`` leaves out each row with a problem and lists
        it, with its reason, in ``Cohort.excluded``. A patient's exclusion
        excludes their visits and regimens too, and so does the exclusion of
        one of their regimen rows (their drug history would be incomplete).
    synthetic : bool, default False
        Mark the cohort as synthetic data; reports label it. A folder
        holding the marker file ``SYNTHETIC.txt`` (as the bundled example
        and copies of it do, :mod:`~myopathy_outcomes.io.marker`) is
        synthetic whatever this says.
    measures : sequence of Measure, optional
        Measures a study declares, read from visit columns of their names.
    encoding : str, default "auto"
        The encoding of the CSV files. ``"auto"`` reads UTF-8 (with or
        without a byte-order mark), UTF-16 or UTF-32 with a byte-order mark,
        and Japanese Shift-JIS (``cp932``, as Japanese Excel saves CSV),
        which is found when a file is not UTF-8 and is cp932 text holding
        Japanese, and named in a notice. Any other name of a text encoding
        Python knows (``"cp932"``, ``"utf-8"``, ``"euc-jp"``) reads every CSV
        file in it. Parquet files hold their own encoding.
    covariates : sequence of Covariate, optional
        Covariates a study declares (:mod:`myopathy_outcomes.covariates`):
        further columns of patients.csv, each required and checked like a
        measure.

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
        If ``path`` is a file, not a folder or a workbook (one of the three
        files is pointed to its folder).
    CohortDataError
        If a file is missing, is a folder, cannot be opened or is not UTF-8,
        a column is missing, or (with ``on_error="raise"``) any row breaks a
        rule. ``problems`` holds one
        :class:`~myopathy_outcomes.errors.RowProblem` per problem.
    ValueError
        If ``on_error`` is not one of the allowed values, ``path`` is empty,
        or ``encoding`` is not ``"auto"`` or a text encoding Python knows.

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
    folder, exclude, encoding = _load_cohort_iv(path, on_error, synthetic, encoding)
    specs = table_specs(_declared(measures), _covariates(covariates))
    tables = (
        read_workbook(folder, specs)
        if is_workbook(folder)
        else read_folder(folder, specs, encoding)
    )
    return _load(
        tables.frames,
        tables.labels,
        list(tables.problems),
        exclude=exclude,
        misfits=tables.misfits,
        notices=tables.notices,
        specs=specs,
        source=str(folder),
        synthetic=synthetic or marked_synthetic(folder),
        first_rows=tables.first_rows,
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
    covariates: Sequence[Covariate] = (),
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
    measures, covariates : sequence of Measure, sequence of Covariate, optional
        As in :func:`load_cohort`.

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
    exclude = _cohort_from_frames_iv(given, on_error, source, synthetic)
    specs = table_specs(_declared(measures), _covariates(covariates))
    labels = {spec.name: spec.frame_label for spec in specs}
    return _load(
        given,
        labels,
        [],
        exclude=exclude,
        misfits={},
        source=source,
        synthetic=synthetic,
        specs=specs,
    )


def _declared(measures: object) -> tuple[Measure, ...]:
    """The declared measures, checked: a sequence of Measure with new names."""
    if isinstance(measures, str) or not isinstance(measures, Sequence):
        raise TypeError(f"measures must be a sequence of Measure, got {type(measures).__name__}")
    for measure in measures:
        if not isinstance(measure, Measure):
            raise TypeError(f"measures must hold Measure values, got {measure!r}")
    return tuple(measures)


def _covariates(covariates: object) -> tuple[Covariate, ...]:
    """The declared covariates, checked: a sequence of Covariate with distinct names."""
    if isinstance(covariates, str) or not isinstance(covariates, Sequence):
        raise TypeError(
            f"covariates must be a sequence of Covariate, got {type(covariates).__name__}"
        )
    for covariate in covariates:
        if not isinstance(covariate, Covariate):
            raise TypeError(f"covariates must hold Covariate values, got {covariate!r}")
    names = [c.name for c in covariates]
    if len(set(names)) != len(names):
        raise ValueError(f"covariates must have distinct names, got {names}")
    return tuple(covariates)


def _load_cohort_iv(
    path: object, on_error: object, synthetic: object, encoding: object
) -> tuple[Path, bool, str]:
    """Check the arguments of :func:`load_cohort`; errors name the argument.

    Returns the folder, whether to exclude invalid rows (else raise them),
    and the encoding as Python names it (or ``"auto"``).
    """
    exclude = _excludes(on_error)
    _check_flag("synthetic", synthetic)
    checked = text_encoding(encoding)
    return cohort_folder(path), exclude, checked


def _cohort_from_frames_iv(
    frames: Mapping[str, object], on_error: object, source: object, synthetic: object
) -> bool:
    """Check the arguments of :func:`cohort_from_frames`; errors name the argument.

    Returns whether to exclude invalid rows (else raise them).
    """
    exclude = _excludes(on_error)
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
    return exclude


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")


def _excludes(on_error: object) -> bool:
    """Whether ``on_error`` says to exclude invalid rows, not raise them: read here only."""
    allowed = get_args(OnError)
    if on_error not in allowed:
        raise ValueError(f"on_error must be one of {allowed}, got {on_error!r}")
    return on_error == "exclude"


@gc_paused()
def _load(
    frames: dict[str, pd.DataFrame],
    labels: Mapping[str, str],
    problems: list[RowProblem],
    *,
    exclude: bool,
    misfits: Mapping[str, Mapping[int, Misfit]],
    source: str,
    synthetic: bool,
    notices: Sequence[str] = (),
    specs: tuple[TableSpec, TableSpec, TableSpec] = TABLES,
    first_rows: Mapping[str, int] | None = None,
) -> Cohort:
    """Run the stages over the tables, then raise the problems found or exclude their rows.

    ``problems`` holds those of the tables that could not be read; a table
    that cannot be used is raised in both modes. ``misfits`` gives, for
    tables read from CSV files, the rows whose number of fields differs from
    the header's; ``notices`` are those found while reading the files.
    ``first_rows`` gives, for tables read from Excel sheets, the number of
    the first row under the header (2 for the others).
    """
    told = list(notices)
    prepared: dict[str, Shaped] = {}
    for spec in specs:
        if spec.name not in frames:
            continue
        shaped = shape_table(
            frames.pop(spec.name),  # the text is let go once its cells are cleaned
            spec,
            labels,
            misfits=misfits.get(spec.name, {}),
            tables=specs,
            first_row=(first_rows or {}).get(spec.name),
        )
        if isinstance(shaped, Unusable):
            problems.extend(table_problem(labels[spec.name], m) for m in shaped.problems)
        else:
            told.extend(shaped.notices)
            prepared[spec.name] = shaped
    if problems and exclude:  # a table that cannot be used is raised in both modes
        raise CohortDataError(problems)

    known: Known = {}  # cells found valid, shared by the tables (the patient ids)
    checked: dict[str, CheckedTable] = {}
    present = prepared[specs[1].name].present if specs[1].name in prepared else ()
    for spec in specs:
        if spec.name in prepared:  # each shaped table is let go once it is validated
            shaped = prepared.pop(spec.name)
            checked[spec.name] = validate_table(spec, labels[spec.name], shaped, known)
            del shaped
    patients, visits, regimens = (checked.get(spec.name) for spec in specs)
    _check_across(patients, visits, regimens, exclude=exclude)
    if not exclude:  # every problem of every table, raised together
        problems.extend(problem for table in checked.values() for problem in table.row_problems())
        if problems:
            raise CohortDataError(problems)

    # every table could be used: a problem with one was raised above
    patients, visits, regimens = (checked[spec.name] for spec in specs)
    told.extend(repeat_notices(visits, regimens))
    return kept_cohort(
        patients,
        visits,
        regimens,
        visit_model=specs[1].model,  # type: ignore[arg-type]
        measures=present,
        source=source,
        synthetic=synthetic,
        notices=told,
    )


def _check_across(
    patients: CheckedTable | None,
    visits: CheckedTable | None,
    regimens: CheckedTable | None,
    *,
    exclude: bool,
) -> None:
    """Record the problems across tables; when excluding, the rows each exclusion takes along.

    The order is that of the messages: a row's reasons read as the checks
    found them. A table that could not be used takes no part.
    """
    if patients is not None:
        repeats = repeated_ids(patients)
        patients.record(repeats.breaking)
        if exclude:
            patients.record(repeats.contradicted)
        leaving = excluded_patients(patients) if exclude else {}
        for table in (visits, regimens):
            if table is not None:
                table.record(unknown_patients(table, patients))
                if exclude:
                    table.record(rows_of_excluded_patients(table, leaving))
        if visits is not None:
            visits.record(outside_life_span(visits, "date", patients))
        if regimens is not None:
            regimens.record(outside_life_span(regimens, "start_date", patients))
            regimens.record(outside_life_span(regimens, "stop_date", patients, birth=False))
    if visits is not None:
        for conflict in same_day_conflicts(visits):
            visits.record(conflict.breaking)
            if exclude:
                visits.record(conflict.contradicted)
    if exclude and patients is not None and regimens is not None:
        taken = incomplete_drug_histories(regimens, patients, visits)
        for table, found in zip((patients, visits, regimens), taken, strict=True):
            if table is not None:
                table.record(found)
