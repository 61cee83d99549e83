"""A small valid cohort as CSV lines, and a writer for test folders.

Tests start from the valid lines and change one thing, so each test shows
only the change it is about. Row numbers count the header as line 1: the
first line of ``PATIENTS`` is ``patients.csv row 2``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

HEADERS = {
    "patients": "patient_id,sex,birth_date,diagnosis,ild,death_date",
    "visits": "patient_id,date,ck,fvc_pct,dlco_pct,psl_mg,hrct_score",
    "regimens": "patient_id,drug,start_date,stop_date,dose,dose_unit",
}

PATIENTS = (
    "P01,F,1960-04-02,DM,yes,",  # row 2
    "P02,M,1955-11-20,ASS,no,",  # row 3
    "P03,F,1972-01-15,PM,y,2021-06-30",  # row 4
)
VISITS = (
    "P01,2015-03-01,1200,71.5,60,40,12",  # row 2
    "P01,2015-09-01,300,75,62,15,",  # row 3
    "P02,2016-01-10,5400,55.5,NA,60,30",  # row 4
    "P03,2020-02-01,150,,,10,",  # row 5
)
REGIMENS = (
    "P01,MMF,2015-03-01,,2000,mg/day",  # row 2
    "P02,Neoral,2016-01-10,2017-01-10,150,mg/day",  # row 3
    "P03,prednisolone,2020-02-01,,,",  # row 4
)


def write_cohort(
    folder: Path,
    *,
    patients: Sequence[str] = PATIENTS,
    visits: Sequence[str] = VISITS,
    regimens: Sequence[str] = REGIMENS,
    headers: dict[str, str] | None = None,
) -> Path:
    """Write the three CSV files (header, then ``lines``) into ``folder``; return it."""
    header_for = {**HEADERS, **(headers or {})}
    for name, lines in (("patients", patients), ("visits", visits), ("regimens", regimens)):
        text = "\n".join([header_for[name], *lines]) + "\n"
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def replace(lines: Sequence[str], index: int, line: str) -> tuple[str, ...]:
    """``lines`` with the line at ``index`` (0 is file row 2) replaced."""
    changed = list(lines)
    changed[index] = line
    return tuple(changed)
