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

from pathlib import Path

import pandas as pd

from myopathy_outcomes.report.display import ASSIGNMENTS_FILE, EXCLUDED_ROWS_FILE
from myopathy_outcomes.report.numbers import ReportNumbers

__all__ = [
    "FORMULA_STARTS",
    "frame_csv",
    "neutralise",
    "report_frames",
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
    frames = {
        "attrition": report.attrition_frame(),
        "baseline": report.baseline_frame(),
        "within": report.within_frame(),
        "between": report.between_frame(),
        "comparisons": report.comparisons_frame(),
        "pairs": report.pairs_frame(),
        "time_to_event": report.time_to_event_frame(),
        "event_times": report.event_frame(),
    }
    if report.ild_sensitivity_rows:
        frames["ild_sensitivity"] = report.ild_sensitivity_frame()
    if report.response_rows:
        frames["response"] = report.response_frame()
        frames["response_patients"] = report.response_patients_frame()
    if report.other_endpoints:
        frames["time_to_event_sensitivity"] = report.time_to_event_frame(other=True)
    if report.lists_patients_elsewhere:
        frames["assignment_reasons"] = report.reason_frame()
    else:
        frames["assignments"] = report.assignment_frame()
    if report.excluded_rows:
        frames["excluded_rows"] = report.excluded_rows_frame()
    if report.lists_excluded_rows_elsewhere:
        frames["excluded_row_kinds"] = report.excluded_kinds_frame()
    if report.adjusted is not None:
        frames["adjusted_balance"] = report.adjusted.balance_frame()
        frames["adjusted_estimates"] = report.adjusted.estimates_frame()
        frames["adjusted_survival"] = report.adjusted.survival_frame()
    return frames


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
