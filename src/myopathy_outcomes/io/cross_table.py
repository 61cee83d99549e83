"""The rules across tables: unique and known patient ids, dates in a life, one value a day.

Patient ids are unique; every visit and regimen names a patient of the
patients table. A visit's ``date`` and a regimen's ``start_date`` fall
within the patient's life, and a regimen's ``stop_date`` is not after the
death. Two visits of one patient on one date must not give one measure two
values. These rules need the file and row of each table, so they live here,
not in the models.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from myopathy_outcomes.io.cell_errors import show_number
from myopathy_outcomes.io.shorten import some
from myopathy_outcomes.io.validation import CheckedTable, ordinals, row_of

__all__ = [
    "check_duplicates",
    "check_life_span",
    "check_references",
    "check_same_day_visits",
    "follow_excluded_regimens",
]


def check_duplicates(patients: CheckedTable, *, exclude: bool) -> dict[str, str]:
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


def check_references(
    table: CheckedTable, patients: CheckedTable, excluded: Mapping[str, str], *, exclude: bool
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
    leaving = named & ids.isin(list(excluded)).to_numpy() if exclude else unknown
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
        elif exclude and patient_id in excluded:
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


def check_life_span(
    table: CheckedTable, column: str, patients: CheckedTable, *, birth: bool = True
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
    births = ordinals(patients.values["birth_date"][alive])
    deaths = ordinals(patients.values["death_date"][alive])
    # a date wherever it is valid, even if the row has other problems (not a datetime either)
    dates = table.cells[column]
    days = table.per_cell(column, ordinals, -1)
    which = table.per_cell("patient_id", lambda cells: row_of(ids, cells), -1)
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


def check_same_day_visits(visits: CheckedTable, *, exclude: bool) -> None:
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
                f"row {visits.rows[first_position[i]]} ({measure} {show_number(first_value[i])})"
            )
            date = visits.cells["date"][position[i]]
            message = (
                f"{measure} {show_number(value[i])} on {date} conflicts with {first}; {advice}"
            )
            visits.add(int(position[i]), measure, message)
        if not exclude:
            continue
        contradicting: dict[int, list[str]] = {}
        for i in np.flatnonzero(differs).tolist():
            shown = f"row {visits.rows[position[i]]} ({measure} {show_number(value[i])})"
            contradicting.setdefault(int(group[i]), []).append(shown)
        for i in np.flatnonzero(~differs & np.isin(group, list(contradicting))).tolist():
            date = visits.cells["date"][position[i]]
            others = some(contradicting[int(group[i])])
            message = (
                f"{measure} {show_number(value[i])} on {date} conflicts with {others}; {advice}"
            )
            visits.add(int(position[i]), measure, message)


def follow_excluded_regimens(
    regimens: CheckedTable, patients: CheckedTable, visits: CheckedTable | None
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
