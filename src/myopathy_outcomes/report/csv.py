"""Every table of the report as a numeric CSV file, safe to open in a spreadsheet.

The CSV files hold the numbers of the ``*_frame()`` methods of
:class:`~myopathy_outcomes.report.numbers.ReportNumbers`, not display strings:
a median is a float with every digit, a p-value is not ``<0.001``. Missing
values are empty cells.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or
a tab or carriage return) as a formula, so a patient id or drug name such as
``=HYPERLINK(...)`` could run when the file is opened (CSV injection). Such
*text* cells get a leading apostrophe, which spreadsheets show as text;
numbers stay numbers, so a negative change is still ``-750``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from myopathy_outcomes.report.display import ASSIGNMENTS_FILE, EXCLUDED_ROWS_FILE
from myopathy_outcomes.report.numbers import ReportNumbers

if TYPE_CHECKING:
    from myopathy_outcomes.adjusted_comparison import AdjustedComparison

__all__ = [
    "FORMULA_STARTS",
    "frame_csv",
    "neutralise",
    "report_frames",
    "table_numbers",
    "write_assignments",
    "write_csv_tables",
]

#: How a text cell starts that a spreadsheet would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    """A text value that a spreadsheet would run as a formula, with an apostrophe before it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that starts like a formula prefixed by ``'``.

    Only text cells change; numeric columns are left as they are.

    Examples
    --------
    >>> frame = pd.DataFrame({"id": ["=1+1", "P1", "-x"], "change": [-750.0, 1.5, 0.0]})
    >>> neutralise(frame).to_dict("list")
    {'id': ["'=1+1", 'P1', "'-x"], 'change': [-750.0, 1.5, 0.0]}
    """
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(
            safe[column]
        ) and not pd.api.types.is_datetime64_dtype(safe[column]):
            safe[column] = safe[column].map(_safe).astype(object)
    safe.columns = pd.Index([_safe(c) for c in safe.columns])
    return safe


def frame_csv(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text: neutralised, no index, full float precision.

    Lines end in ``\\r\\n`` (RFC 4180), so that a cell holding a line break or
    carriage return is quoted and the file still reads back row for row.
    """
    return neutralise(frame).to_csv(index=False, lineterminator="\r\n")


def report_frames(report: ReportNumbers) -> dict[str, pd.DataFrame]:
    """The numeric frame behind each table of the report, by file name stem.

    ``attrition``, ``baseline`` (Table 1), ``within``, ``between``,
    ``comparisons`` (every between-group test), ``pairs`` (each patient's
    baseline, follow-up and change behind the within-group tests and the
    figures), ``time_to_event`` (each endpoint and group) and ``event_times``
    (each patient's time and event per endpoint), ``ild_sensitivity`` when the
    design lists criteria, ``response`` (between the groups) and
    ``response_patients`` (each patient's TIS, category and IMACS definition)
    when the design asks for response, ``time_to_event_sensitivity`` when the other
    follow-up analysis is reported too, ``assignments`` (one row per screened patient) or,
    for a cohort too large to list, ``assignment_reasons`` (patients per
    reason), and, when rows were excluded while loading, ``excluded_rows`` (every
    row, however many) with, when there are too many to list in the report,
    ``excluded_row_kinds`` (rows per file and kind); with an ``[adjustment]``,
    ``adjusted_balance``, ``adjusted_estimates`` and ``adjusted_survival``.
    """
    stems = ["attrition", "baseline", "within", "between", "comparisons", "pairs"]
    stems += ["time_to_event", "event_times"]
    if report.ild_sensitivity_rows:
        stems.append("ild_sensitivity")
    if report.response_rows:
        stems += ["response", "response_patients"]
    if report.other_endpoints:
        stems.append("time_to_event_sensitivity")
    stems.append("assignment_reasons" if report.lists_patients_elsewhere else "assignments")
    if report.excluded_rows:
        stems.append("excluded_rows")
    if report.lists_excluded_rows_elsewhere:
        stems.append("excluded_row_kinds")
    if report.adjusted is not None:
        stems += ["adjusted_balance", "adjusted_estimates", "adjusted_survival"]
    return {stem: _FRAMES[stem](report) for stem in stems}


def _adjusted(report: ReportNumbers) -> AdjustedComparison:
    if report.adjusted is None:
        raise ValueError("the report has no adjusted comparison (the design has no [adjustment])")
    return report.adjusted


#: How each frame of :func:`report_frames` is made, by stem.
_FRAMES: dict[str, Callable[[ReportNumbers], pd.DataFrame]] = {
    "attrition": lambda r: r.attrition_frame(),
    "baseline": lambda r: r.baseline_frame(),
    "within": lambda r: r.within_frame(),
    "between": lambda r: r.between_frame(),
    "comparisons": lambda r: r.comparisons_frame(),
    "pairs": lambda r: r.pairs_frame(),
    "time_to_event": lambda r: r.time_to_event_frame(),
    "event_times": lambda r: r.event_frame(),
    "ild_sensitivity": lambda r: r.ild_sensitivity_frame(),
    "response": lambda r: r.response_frame(),
    "response_patients": lambda r: r.response_patients_frame(),
    "time_to_event_sensitivity": lambda r: r.time_to_event_frame(other=True),
    "assignment_reasons": lambda r: r.reason_frame(),
    "assignments": lambda r: r.assignment_frame(),
    "excluded_rows": lambda r: r.excluded_rows_frame(),
    "excluded_row_kinds": lambda r: r.excluded_kinds_frame(),
    "adjusted_balance": lambda r: _adjusted(r).balance_frame(),
    "adjusted_estimates": lambda r: _adjusted(r).estimates_frame(),
    "adjusted_survival": lambda r: _adjusted(r).survival_frame(),
}


def table_numbers(report: ReportNumbers, name: str) -> pd.DataFrame | None:
    """The numbers behind the printed table called ``name``: its CSV file's frame, or ``None``.

    The frame of :func:`report_frames` with the table's name as stem; only
    that one is computed.
    """
    make = _FRAMES.get(name)
    return None if make is None else make(report)


def write_csv_tables(report: ReportNumbers, directory: Path) -> list[Path]:
    """Write ``<stem>.csv`` for each of :func:`report_frames` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, frame in report_frames(report).items():
        path = directory / f"{stem}.csv"
        path.write_text(frame_csv(frame), encoding="utf-8")
        written.append(path)
    return written


def write_assignments(report: ReportNumbers, directory: Path) -> Path:
    """Write every patient's assignment to ``assignments.csv`` in ``directory``."""
    path = directory / ASSIGNMENTS_FILE
    path.write_text(frame_csv(report.assignment_frame()), encoding="utf-8")
    return path


def write_excluded_rows(report: ReportNumbers, directory: Path) -> Path:
    """Write every excluded input row to ``excluded_rows.csv`` in ``directory``."""
    path = directory / EXCLUDED_ROWS_FILE
    path.write_text(frame_csv(report.excluded_rows_frame()), encoding="utf-8")
    return path
