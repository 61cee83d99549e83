"""Eligibility and group assignment over whole tables: registry scale.

The same rules as :func:`myopathy_outcomes.rules.eligibility.standard_eligibility`
and :func:`myopathy_outcomes.rules.groups.add_on_grouping` (the readable
reference, one patient at a time), decided with sorted arrays: one sort of
every regimen by patient and the regimen order of
:func:`~myopathy_outcomes.rules.eligibility.ordered`, then first and last
rows per patient found with ``np.unique``. Only the reasons are written per
patient, from the few dates and drugs each needs. A property test holds the
two implementations equal, reasons included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from myopathy_outcomes._on_demand import items_at
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.drugs import Drug, short_name
from myopathy_outcomes.models import Regimen
from myopathy_outcomes.rules.eligibility import Ineligibility, standard_eligibility
from myopathy_outcomes.rules.groups import Assignment, add_on_grouping, days_text

__all__ = ["OPEN_STOP", "RegimenTable", "assign_table", "drug_codes", "supports"]

_DRUGS: tuple[Drug, ...] = tuple(Drug)
OPEN_STOP = np.int64(2**40)
"""The stop day of an ongoing course in a :class:`RegimenTable`: after every real day."""
_NONE = np.int64(-1)

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class RegimenTable:
    """Every regimen of a cohort as columns.

    Attributes
    ----------
    patient : int array
        Index of the regimen's patient in ``patient_ids``.
    drug : int array
        Index of the drug in ``tuple(Drug)``.
    start, stop : int array
        Proleptic ordinal days (``date.toordinal``); ``stop`` of an ongoing
        course is a day after every real one.
    dose : float array
        NaN where no dose was given.
    unit : int array
        Rank of the dose unit text among the table's units ("" first).
    rows : sequence of Regimen
        The regimen models, row for row.
    patient_ids : sequence of str
        The patients, in the cohort's order.
    row_numbers : sequence of int or None
        The input row (line) of each regimen, row for row; ``None`` for
        regimens built in memory. The assignments name the rows they used.
    """

    patient: IntArray
    drug: IntArray
    start: IntArray
    stop: IntArray
    dose: NDArray[np.float64]
    unit: IntArray
    rows: Sequence[Regimen]
    patient_ids: Sequence[str]
    row_numbers: Sequence[int] | None = None

    @classmethod
    def from_models(
        cls,
        patient_ids: Sequence[str],
        regimens: Sequence[Regimen],
        row_numbers: Sequence[int] | None = None,
    ) -> RegimenTable:
        """Columns from regimen models (every regimen's patient is in ``patient_ids``)."""
        where = {pid: i for i, pid in enumerate(patient_ids)}
        units = np.array([r.dose_unit or "" for r in regimens], dtype=object)
        _, unit_rank = np.unique(units.astype(str), return_inverse=True)
        return cls(
            patient=np.fromiter((where[r.patient_id] for r in regimens), np.int64, len(regimens)),
            drug=drug_codes(np.array([r.drug for r in regimens], dtype=object)),
            start=np.fromiter((r.start_date.toordinal() for r in regimens), np.int64),
            stop=np.fromiter(
                (OPEN_STOP if r.stop_date is None else r.stop_date.toordinal() for r in regimens),
                np.int64,
            ),
            dose=np.fromiter((np.nan if r.dose is None else r.dose for r in regimens), np.float64),
            unit=unit_rank.astype(np.int64),
            rows=regimens,
            patient_ids=patient_ids,
            row_numbers=row_numbers,
        )


def drug_codes(drugs: NDArray[np.object_]) -> IntArray:
    """Each drug's index in ``tuple(Drug)``, the code a :class:`RegimenTable` holds."""
    index = {d: i for i, d in enumerate(_DRUGS)}
    codes, distinct = pd.factorize(drugs)
    return np.array([index[d] for d in distinct], dtype=np.int64)[codes]


def supports(design: StudyDesign) -> bool:
    """Whether the design uses the standard rules, which this module implements."""
    return design.eligibility is standard_eligibility and design.grouping is add_on_grouping


def _codes(members: Sequence[Drug]) -> IntArray:
    return np.array([_DRUGS.index(d) for d in members], dtype=np.int64)


def _first(mask: BoolArray, patient: IntArray, n: int) -> IntArray:
    """Per patient, the position of the first row where ``mask`` holds; -1 where none."""
    out = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(mask)
    who, first = np.unique(patient[rows], return_index=True)
    out[who] = rows[first]
    return out


def _last_stopped(mask: BoolArray, t: _Sorted, n: int) -> IntArray:
    """Per patient, the masked row with the latest (stop, start); the first such in order."""
    rows = np.flatnonzero(mask)
    order = np.lexsort((rows, -t.start[rows], -t.stop[rows], t.patient[rows]))
    rows = rows[order]
    out = np.full(n, -1, dtype=np.int64)
    who, first = np.unique(t.patient[rows], return_index=True)
    out[who] = rows[first]
    return out


@dataclass(frozen=True)
class _Sorted:
    """The regimen columns in patient and regimen order."""

    patient: IntArray
    drug: IntArray
    start: IntArray
    stop: IntArray
    source: IntArray  # row in the original table


def _sorted(table: RegimenTable) -> _Sorted:
    drug_rank = np.argsort(np.argsort([d.value for d in _DRUGS]))[table.drug]
    dose = np.where(np.isnan(table.dose), -1.0, table.dose)
    order = np.lexsort((table.unit, dose, table.stop, drug_rank, table.start, table.patient))
    return _Sorted(
        table.patient[order], table.drug[order], table.start[order], table.stop[order], order
    )


def _day(ordinal: np.integer | int) -> date:
    return date.fromordinal(int(ordinal))


def _or(names: list[str]) -> str:
    return " or ".join(names)


def assign_table(table: RegimenTable, design: StudyDesign) -> tuple[Assignment, ...]:
    """Assign every patient of ``table.patient_ids``, equal to the per-patient rules.

    Parameters
    ----------
    table : RegimenTable
        Every regimen of the cohort.
    design : StudyDesign
        A design that uses the standard rules (:func:`supports`).

    Returns
    -------
    tuple of Assignment
        One per patient, in ``table.patient_ids`` order, equal field for
        field (reasons included) to :func:`~myopathy_outcomes.rules.groups.assign_group`.
    """
    if not supports(design):
        raise ValueError("the columnar engine implements the standard rules only")
    n = len(table.patient_ids)
    t = _sorted(table)
    index_mask = np.isin(t.drug, _codes(design.index.members()))
    index_row = _first(index_mask, t.patient, n)
    has_index = index_row >= 0
    index_day = np.full(n, _NONE, dtype=np.int64)
    index_day[has_index] = t.start[index_row[has_index]]
    day = index_day[t.patient]  # each regimen's patient's index day
    eligible_here = has_index[t.patient]

    index_drugs = _codes(design.index.members())
    if design.prior is not None:
        prior_mask = np.isin(t.drug, _codes(design.prior.members())) & ~np.isin(
            t.drug, index_drugs
        )
    else:
        prior_mask = np.zeros(len(t.drug), dtype=bool)
    before = prior_mask & eligible_here & (t.start < day)
    same_day = prior_mask & eligible_here & (t.start == day)
    prior_lists = _distinct_per_patient(before, t)
    same_day_lists = _distinct_per_patient(same_day, t)

    if design.background is not None:
        background = np.isin(t.drug, _codes(design.background.members())) & eligible_here
        active = background & (t.start <= day) & (day <= t.stop)
        has_background = np.zeros(n, dtype=bool)
        has_background[t.patient[active]] = True
        ended = _last_stopped(background & (t.stop < day), t, n)
        began = _first(background & (t.start > day), t.patient, n)
    else:
        has_background = np.ones(n, dtype=bool)

    window = design.add_on_window_days
    add_on = np.isin(t.drug, _codes(design.add_ons)) & eligible_here
    qualifying = add_on & (t.start <= day + window) & (t.stop > day)
    chosen = _first(qualifying, t.patient, n)
    stopped = _last_stopped(add_on & (t.stop <= day), t, n)
    too_late = _first(add_on & (t.start > day + window), t.patient, n)

    arm_of = {
        code: next(a for a in design.arms if a.add_on is not None and _DRUGS[code] in a.add_on)
        for code in _codes(design.add_ons).tolist()
    }
    alone = [a.label for a in design.arms if a.add_on is None]
    add_on_name = design.add_on_name()
    index_models = items_at(table.rows, t.source[index_row[has_index]].tolist())
    models = dict(zip(np.flatnonzero(has_index).tolist(), index_models, strict=True))
    add_on_models = dict(
        zip(
            chosen[chosen >= 0].tolist(),
            items_at(table.rows, t.source[chosen[chosen >= 0]].tolist()),
            strict=True,
        )
    )
    out: list[Assignment] = []
    for p, pid in enumerate(table.patient_ids):
        if not has_index[p]:
            kind = Ineligibility.NO_INDEX
            out.append(
                Assignment(
                    patient_id=pid,
                    group=None,
                    index_date=None,
                    ineligibility=kind,
                    exclusion=design.exclusion_step(kind),
                    reason=f"not eligible: no {design.index.name} regimen",
                )
            )
            continue
        ir = int(index_row[p])
        index_regimen = models[p]
        numbers = table.row_numbers
        start = _day(index_day[p])
        index_name = short_name(_DRUGS[int(t.drug[ir])])
        common = {
            "patient_id": pid,
            "index_date": start,
            "prior": prior_lists.get(p, ()),
            "index_drug": _DRUGS[int(t.drug[ir])],
            "index_regimen": index_regimen,
            "index_row": None if numbers is None else numbers[int(t.source[ir])],
        }
        kind_reason: tuple[Ineligibility, str] | None = None
        if design.background is not None and not has_background[p]:
            details = []
            if ended[p] >= 0:
                e = int(ended[p])
                details.append(f"{short_name(_DRUGS[int(t.drug[e])])} stopped {_day(t.stop[e])}")
            if began[p] >= 0:
                b = int(began[p])
                details.append(f"{short_name(_DRUGS[int(t.drug[b])])} started {_day(t.start[b])}")
            detail = f" ({'; '.join(details)})" if details else ""
            kind_reason = (
                Ineligibility.NO_BACKGROUND,
                f"no {design.background.name} active on the {index_name} start date "
                f"{start}{detail}",
            )
        elif design.prior is not None and p not in prior_lists:
            names = _or(sorted(short_name(d) for d in same_day_lists.get(p, ())))
            note = f" ({names} started the same day)" if names else ""
            kind_reason = (
                Ineligibility.NO_PRIOR,
                f"no {design.prior.name} other than {index_name} started before {index_name} "
                f"on {start}{note}",
            )
        if kind_reason is not None:
            kind, reason = kind_reason
            out.append(
                Assignment(
                    group=None,
                    ineligibility=kind,
                    exclusion=design.exclusion_step(kind),
                    reason=f"not eligible: {reason}",
                    **common,  # type: ignore[arg-type]
                )
            )
            continue
        if chosen[p] >= 0:
            c = int(chosen[p])
            drug = _DRUGS[int(t.drug[c])]
            label = arm_of[int(t.drug[c])].label
            offset = int(t.start[c] - index_day[p])
            name, began_on = short_name(drug), _day(t.start[c])
            if offset < 0:
                how = f"{name} active on the {index_name} start date {start} (started {began_on})"
            elif offset == 0:
                how = f"{name} started {began_on}, the same day as {index_name}"
            else:
                how = (
                    f"{name} started {began_on}, {days_text(offset)} after {index_name} "
                    f"(within {days_text(window)})"
                )
            out.append(
                Assignment(
                    group=label,
                    ineligibility=None,
                    exclusion=None,
                    reason=f"{label}: {how}",
                    add_on=drug,
                    add_on_regimen=add_on_models[c],
                    add_on_row=None if numbers is None else numbers[int(t.source[c])],
                    **common,  # type: ignore[arg-type]
                )
            )
            continue
        window_end = start + timedelta(days=window)
        missing = (
            f"no {add_on_name} active on the {index_name} start date {start} or "
            f"started within {days_text(window)} after it (to {window_end})"
        )
        if stopped[p] >= 0:
            s = int(stopped[p])
            stop_day = _day(t.stop[s])
            when = (
                f"on the day {index_name} started (a switch)"
                if stop_day == start
                else f"before {index_name}"
            )
            missing += f"; {short_name(_DRUGS[int(t.drug[s])])} stopped {stop_day}, {when}"
        if too_late[p] >= 0:
            late = int(too_late[p])
            offset = int(t.start[late] - index_day[p])
            missing += (
                f"; {short_name(_DRUGS[int(t.drug[late])])} started {_day(t.start[late])}, "
                f"{days_text(offset)} after"
            )
        if alone:
            out.append(
                Assignment(
                    group=alone[0],
                    ineligibility=None,
                    exclusion=None,
                    reason=f"{alone[0]}: {missing}",
                    **common,  # type: ignore[arg-type]
                )
            )
        else:
            kind = Ineligibility.NO_GROUP
            out.append(
                Assignment(
                    group=None,
                    ineligibility=kind,
                    exclusion=design.exclusion_step(kind),
                    reason=f"not eligible: {missing}",
                    **common,  # type: ignore[arg-type]
                )
            )
    return tuple(out)


def _distinct_per_patient(mask: BoolArray, t: _Sorted) -> dict[int, tuple[Drug, ...]]:
    """Per patient, the distinct drugs of the masked rows in order of first appearance."""
    rows = np.flatnonzero(mask)
    out: dict[int, tuple[Drug, ...]] = {}
    if rows.size == 0:
        return out
    pairs = t.patient[rows] * len(_DRUGS) + t.drug[rows]
    _, first = np.unique(pairs, return_index=True)
    kept = rows[np.sort(first)]
    for p, d in zip(t.patient[kept].tolist(), t.drug[kept].tolist(), strict=True):
        out[p] = (*out.get(p, ()), _DRUGS[d])
    return out
