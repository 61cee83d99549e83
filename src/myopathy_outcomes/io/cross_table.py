"""The rules across tables: unique and known patient ids, dates in a life, one value a day.

Patient ids are unique; every visit and regimen names a patient of the
patients table. A visit's ``date`` and a regimen's ``start_date`` fall
within the patient's life, and a regimen's ``stop_date`` is not after the
death. Two visits of one patient on one date must not give one measure two
values. These rules need the file and row of each table, so they live here,
not in the models.

Each check returns what it finds (``Finding`` tuples of
:mod:`~myopathy_outcomes.io.validation`: position, column, message) and
records nothing; the entry point records the findings and decides, by
``on_error``, whether to raise them or exclude their rows. Where rows
contradict each other (:class:`Contradiction`), the rows contradicted are
found too, for exclusion to take along.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from myopathy_outcomes.io.cell_errors import show_number
from myopathy_outcomes.io.shorten import some
from myopathy_outcomes.io.validation import CheckedTable, Finding, ordinals, row_of

__all__ = [
    "Contradiction",
    "outside_life_span",
    "repeated_ids",
    "same_day_conflicts",
    "unknown_patients",
]


@dataclass(frozen=True)
class Contradiction:
    """Rows that break a rule by contradicting earlier rows, and the rows they contradict.

    Attributes
    ----------
    breaking : list of Finding
        The rows that break the rule (a patient id given again, a second
        value of a measure on one date), each naming the row it contradicts.
        They are problems whatever ``on_error`` says.
    contradicted : list of Finding
        The rows they contradict (the first row with the id, the rows
        agreeing with the first value), each naming the rows that contradict
        it. They are no problems of their own; but nobody can tell which of
        the rows is right, so excluding the breaking rows takes them along.
    """

    breaking: list[Finding]
    contradicted: list[Finding]


def repeated_ids(patients: CheckedTable) -> Contradiction:
    """Patient rows repeating the id of an earlier row, and the first row of each such id.

    Each repeat names the first row with the id; the first row names the
    rows repeating it.
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
    breaking: list[Finding] = []
    contradicted: list[Finding] = []
    for patient_id, positions in repeats.items():
        first_row = patients.rows[first[patient_id]]
        for position in positions:
            message = f"patient_id {patient_id!r} repeats row {first_row}"
            breaking.append((position, "patient_id", message))
        again = some([patients.rows[position] for position in positions])
        message = f"patient_id {patient_id!r} is repeated in row(s) {again}"
        contradicted.append((first[patient_id], "patient_id", message))
    return Contradiction(breaking, contradicted)


def unknown_patients(table: CheckedTable, patients: CheckedTable) -> list[Finding]:
    """The rows of ``table`` naming a patient id that the patients table does not hold.

    An unknown id that matches a known one up to case or Unicode normal form
    (NFKC) names that id. Rows whose id is missing or invalid in itself (an
    invisible character), and rows not read, are already reported.
    """
    known = set(patients.ids)
    near: dict[str, str] | None = None
    ids = pd.Series(table.ids, dtype=object)
    unknown = ids.notna().to_numpy() & ~ids.isin(known).to_numpy()
    found: list[Finding] = []
    for position in np.flatnonzero(unknown).tolist():
        patient_id = table.ids[position]
        if patient_id is None or position in table.unread or table.faulty(position, "patient_id"):
            continue  # already reported: patient_id is required, or the row is unread
        if near is None:  # built once, only when an id is unknown
            near = {}
            for known_id in patients.ids:
                if known_id is not None:
                    near.setdefault(_folded(known_id), known_id)
        message = f"patient_id {patient_id!r} is not in {patients.label}"
        similar = near.get(_folded(patient_id))
        if similar is not None:
            message += f" ({patients.label} has {similar!r}, {_difference(patient_id, similar)})"
        found.append((position, "patient_id", message))
    return found


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


def outside_life_span(
    table: CheckedTable, column: str, patients: CheckedTable, *, birth: bool = True
) -> list[Finding]:
    """The rows whose ``column`` falls before the patient's birth or after their death.

    Each row is compared with the patient's first valid row without a
    problem in the patients table (a repeated id is reported there). The day
    of birth and the day of death themselves are allowed. With
    ``birth=False`` only the death is checked: a stop date before the birth
    is already a start date before it, or a stop before the start. Dates are
    compared as day numbers, each distinct date converted once.
    """
    alive = np.flatnonzero(patients.valid)
    alive = alive[~np.isin(alive, list(patients.problems))]  # a repeated id: its first row
    if not len(alive):
        return []
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
    found: list[Finding] = []
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
        found.append((position, column, message))
    return found


def same_day_conflicts(visits: CheckedTable) -> list[Contradiction]:
    """Per measure, the visits giving it a second value on one date, and the rows they contradict.

    Two visits of a patient on one date must not give one measure two
    values. Rows on the same date may share the measures out (one has the
    CK, the other the %FVC), and may repeat a value. A row whose value
    differs from the first row giving that measure on that date breaks the
    rule, naming that row; the rows agreeing with the first value are
    contradicted, each naming the rows that contradict it. A row with
    problems takes part with each value that is valid on its own (its other
    problems must not hide a conflict), if its id and date are; rows whose
    fields do not fit the header do not. Grouping touches repeated dates
    only. One :class:`Contradiction` per measure with a conflict, in column
    order.
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
        return []
    positions = candidates[repeated]
    groups = pd.factorize(keys[repeated])[0]
    measures = [name for name in visits.values if name not in {"patient_id", "date"}]
    conflicts: list[Contradiction] = []
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
        breaking: list[Finding] = []
        contradicting: dict[int, list[str]] = {}
        for i in np.flatnonzero(differs).tolist():
            first = (
                f"row {visits.rows[first_position[i]]} ({measure} {show_number(first_value[i])})"
            )
            date = visits.cells["date"][position[i]]
            message = (
                f"{measure} {show_number(value[i])} on {date} conflicts with {first}; {advice}"
            )
            breaking.append((int(position[i]), measure, message))
            shown = f"row {visits.rows[position[i]]} ({measure} {show_number(value[i])})"
            contradicting.setdefault(int(group[i]), []).append(shown)
        contradicted: list[Finding] = []
        for i in np.flatnonzero(~differs & np.isin(group, list(contradicting))).tolist():
            date = visits.cells["date"][position[i]]
            others = some(contradicting[int(group[i])])
            message = (
                f"{measure} {show_number(value[i])} on {date} conflicts with {others}; {advice}"
            )
            contradicted.append((int(position[i]), measure, message))
        conflicts.append(Contradiction(breaking, contradicted))
    return conflicts
