"""What excluding a row takes along, with ``on_error="exclude"``.

An excluded patient row takes the patient's visits and regimens along, each
naming the patient row and its reasons. An excluded regimen row takes its
patient along, with all their visits and other regimens: without the row
the drug history is incomplete, and the patient could land in the wrong
group or pass an eligibility rule they fail. (Rows that contradict each
other are all left out: see
:class:`~myopathy_outcomes.io.cross_table.Contradiction`.) Each function
returns the rows taken along (``Finding`` tuples of
:mod:`~myopathy_outcomes.io.validation`); the entry point records them, and
calls these only when excluding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from myopathy_outcomes.io.validation import CheckedTable, Finding

__all__ = ["excluded_patients", "incomplete_drug_histories", "rows_of_excluded_patients"]


def excluded_patients(patients: CheckedTable) -> dict[str, str]:
    """Why each patient id with a problem row is excluded: the first such row and its problems."""
    reasons: dict[str, str] = {}
    for position in sorted(patients.problems):
        patient_id = patients.ids[position]
        if patient_id is not None and patient_id not in reasons:
            problems = "; ".join(problem.message for problem in patients.problems[position])
            reasons[patient_id] = f"{patients.label} row {patients.rows[position]}: {problems}"
    return reasons


def rows_of_excluded_patients(table: CheckedTable, excluded: Mapping[str, str]) -> list[Finding]:
    """The rows of ``table`` naming a patient of ``excluded``, each with the patient's reason.

    Rows whose id is missing or invalid in itself, and rows not read, are
    already reported.
    """
    leaving = pd.Series(table.ids, dtype=object).isin(list(excluded)).to_numpy()
    found: list[Finding] = []
    for position in np.flatnonzero(leaving).tolist():
        patient_id = table.ids[position]
        if patient_id is None or position in table.unread or table.faulty(position, "patient_id"):
            continue  # already reported: patient_id is required, or the row is unread
        message = f"patient {patient_id} is excluded ({excluded[patient_id]})"
        found.append((position, "patient_id", message))
    return found


def incomplete_drug_histories(
    regimens: CheckedTable, patients: CheckedTable, visits: CheckedTable | None
) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """Every row of a patient who has an excluded regimen row: patients, visits, regimens.

    The first excluded regimen row of each patient is named as the reason;
    that row is not listed again. A patient already excluded, or unknown, is
    left as it is.
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
    found: tuple[list[Finding], list[Finding], list[Finding]] = ([], [], [])
    for table, taken in zip((patients, visits, regimens), found, strict=True):
        if table is None:
            continue
        for position in _positions_of(table.ids, reasons):
            cause, reason = reasons[str(table.ids[position])]  # an id of ``reasons``
            if table is not regimens or position != cause:
                taken.append((position, "patient_id", reason))
    return found


def _positions_of(ids: Sequence[str | None], wanted: Mapping[str, object]) -> list[int]:
    """Positions of the ids that are keys of ``wanted`` (vectorised)."""
    mask = pd.Series(list(ids), dtype=object).isin(list(wanted)).to_numpy()
    return np.flatnonzero(mask).tolist()
