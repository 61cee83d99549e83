"""Eligibility and group assignment over whole tables: registry scale.

The same rules as :func:`myopathy_outcomes.rules.eligibility.standard_eligibility`
and :func:`myopathy_outcomes.rules.groups.add_on_grouping` (the readable
reference, one patient at a time), decided with sorted arrays: one sort of
every regimen by patient and the regimen order of
:func:`~myopathy_outcomes.rules.eligibility.ordered`, then first and last
rows per patient found with ``np.unique``. Only the reasons are written per
patient, from the few dates and drugs each needs, when an assignment is read
(:class:`Assignments`). A property test holds the two implementations equal,
reasons included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.models import Regimen
from myopathy_outcomes.rules import reasons
from myopathy_outcomes.rules.eligibility import Ineligibility, standard_eligibility
from myopathy_outcomes.rules.groups import (
    Assignment,
    RuledDesign,
    add_on_grouping,
    standard_grouping,
)
from myopathy_outcomes.storage.on_demand import OnDemand, items_at, objects
from myopathy_outcomes.storage.regimens import OPEN_STOP, RegimenTable

__all__ = [
    "AssignmentColumns",
    "Assignments",
    "assign_table",
    "assignment_columns",
    "supports",
]

_DRUGS: tuple[Drug, ...] = tuple(Drug)
_NONE = np.int64(-1)

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def supports(design: RuledDesign) -> bool:
    """Whether the design uses the standard rules, which this module implements."""
    grouping = design.grouping
    return design.eligibility is standard_eligibility and (
        grouping is standard_grouping or (grouping is add_on_grouping and not design.head_to_head)
    )


def _codes(members: Sequence[Drug]) -> IntArray:
    return np.array([_DRUGS.index(d) for d in members], dtype=np.int64)


def _first(mask: BoolArray, patient: IntArray, n: int) -> IntArray:
    """Per patient, the position of the first row where ``mask`` holds; -1 where none."""
    out = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(mask)
    who, first = np.unique(patient[rows], return_index=True)
    out[who] = rows[first]
    return out


def _last(mask: BoolArray, patient: IntArray, n: int) -> IntArray:
    """Per patient, the position of the last row where ``mask`` holds; -1 where none."""
    out = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(mask)[::-1]
    who, last = np.unique(patient[rows], return_index=True)
    out[who] = rows[last]
    return out


def _last_stopped(mask: BoolArray, t: SortedRegimens, n: int) -> IntArray:
    """Per patient, the masked row with the latest (stop, start); the first such in order."""
    rows = np.flatnonzero(mask)
    order = np.lexsort((rows, -t.start[rows], -t.stop[rows], t.patient[rows]))
    rows = rows[order]
    out = np.full(n, -1, dtype=np.int64)
    who, first = np.unique(t.patient[rows], return_index=True)
    out[who] = rows[first]
    return out


@dataclass(frozen=True)
class SortedRegimens:
    """The regimen columns in patient and regimen order."""

    patient: IntArray
    drug: IntArray
    start: IntArray
    stop: IntArray
    source: IntArray  # row in the original table


def sorted_regimens(table: RegimenTable) -> SortedRegimens:
    drug_rank = np.argsort(np.argsort([d.value for d in _DRUGS]))[table.drug]
    dose = np.where(np.isnan(table.dose), -1.0, table.dose)
    order = np.lexsort((table.unit, dose, table.stop, drug_rank, table.start, table.patient))
    return SortedRegimens(
        table.patient[order], table.drug[order], table.start[order], table.stop[order], order
    )


def _day(ordinal: np.integer | int) -> date:
    return date.fromordinal(int(ordinal))


def assign_table(
    table: RegimenTable, design: RuledDesign, first_visit_day: IntArray | None = None
) -> Assignments:
    """Assign every patient of ``table.patient_ids``, equal to the per-patient rules.

    Parameters
    ----------
    table : RegimenTable
        Every regimen of the cohort.
    design : RuledDesign
        A design that uses the standard rules (:func:`supports`).
    first_visit_day : int array, optional
        Each patient's first visit as an ordinal day (-1: none), for the
        look-back of a new-user design; no visits when not given.

    Returns
    -------
    Assignments
        One per patient, in ``table.patient_ids`` order, equal field for
        field (reasons included) to :func:`~myopathy_outcomes.rules.groups.assign_group`.
    """
    if not supports(design):
        raise ValueError("the columnar engine implements the standard rules only")
    n = len(table.patient_ids)
    t = sorted_regimens(table)
    index_drugs = _codes(design.index.members())
    index_mask = np.isin(t.drug, index_drugs)
    index_row = _first(index_mask, t.patient, n)
    has_index = index_row >= 0
    index_day = np.full(n, _NONE, dtype=np.int64)
    index_day[has_index] = t.start[index_row[has_index]]
    day = index_day[t.patient]  # each regimen's patient's index day
    eligible_here = has_index[t.patient]
    index_row, other = _same_day(
        design, t, index_mask & eligible_here & (t.start == day), index_row
    )

    if design.prior is not None:
        prior_mask = np.isin(t.drug, _codes(design.prior.members())) & ~index_mask
    else:
        prior_mask = np.zeros(len(t.drug), dtype=bool)
    before = prior_mask & eligible_here & (t.start < day)
    same_day = prior_mask & eligible_here & (t.start == day)
    prior_lists = _distinct_per_patient(before, t)

    none = np.full(n, -1, dtype=np.int64)
    ended = began = none
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
    has_prior = np.zeros(n, dtype=bool)
    has_prior[list(prior_lists)] = True
    first = _first(np.ones(len(t.drug), dtype=bool), t.patient, n)
    washout = none
    if design.washout_days:  # 0 days: no washout
        taken = np.isin(t.drug, _codes(design.washout_drugs.members())) & eligible_here
        taken &= (t.start < day) & (t.stop >= day - design.washout_days)
        washout = _last(taken, t.patient, n)

    kind = np.full(n, _Kind.NO_GROUP, dtype=np.int8)
    if design.head_to_head:
        kind[:] = _Kind.STARTED
    else:
        if any(a.add_on is None for a in design.arms):
            kind[:] = _Kind.ALONE
        kind[chosen >= 0] = _Kind.ARM
    kind[washout >= 0] = _Kind.WASHOUT
    if design.lookback_days is not None:
        first_day = _first_record_day(t, first, first_visit_day)
        kind[has_index & (index_day - first_day < design.lookback_days)] = _Kind.NO_LOOKBACK
    if design.prior is not None:
        kind[~has_prior] = _Kind.NO_PRIOR
    kind[~has_background] = _Kind.NO_BACKGROUND
    if design.same_day_starts == "exclude":
        kind[other >= 0] = _Kind.SAME_DAY
    kind[~has_index] = _Kind.NO_INDEX
    return Assignments(
        design,
        table,
        _Found(
            sorted=t,
            kind=kind,
            index_row=index_row,
            index_day=index_day,
            prior=prior_lists,
            same_day=_distinct_per_patient(same_day, t),
            ended=ended,
            began=began,
            chosen=chosen,
            stopped=_last_stopped(add_on & (t.stop <= day), t, n),
            too_late=_first(add_on & (t.start > day + window), t.patient, n),
            other=other,
            first=first,
            first_visit_day=first_visit_day,
            washout=washout,
        ),
    )


def _arm_codes(design: RuledDesign) -> IntArray:
    """Each drug's head-to-head arm (its position in ``design.arms``); -1 for none."""
    arm = np.full(len(_DRUGS), -1, dtype=np.int64)
    for position, a in reversed(list(enumerate(design.arms))):
        if a.index is not None:
            arm[_codes(a.index.members())] = position
    return arm


def _same_day(
    design: RuledDesign, t: SortedRegimens, on_index_day: BoolArray, index_row: IntArray
) -> tuple[IntArray, IntArray]:
    """The index row (the arm listed first under ``"arm-order"``) and another arm's same-day start.

    As :func:`~myopathy_outcomes.rules.eligibility.index_regimen`: -1 where
    there is no other arm's start on the index date.
    """
    n = len(index_row)
    other = np.full(n, -1, dtype=np.int64)
    if not design.head_to_head:
        return index_row, other
    arm = _arm_codes(design)[t.drug]
    if design.same_day_starts == "arm-order":
        rows = np.flatnonzero(on_index_day)
        rows = rows[np.lexsort((rows, arm[rows], t.patient[rows]))]
        who, first = np.unique(t.patient[rows], return_index=True)
        index_row = index_row.copy()
        index_row[who] = rows[first]
    chosen = np.full(n, -1, dtype=np.int64)
    has = index_row >= 0
    chosen[has] = arm[index_row[has]]
    other = _first(on_index_day & (arm != chosen[t.patient]), t.patient, n)
    return index_row, other


def _at(column: IntArray, rows: IntArray, missing: int) -> IntArray:
    """``column`` at ``rows``; ``missing`` where a row is -1."""
    out = np.full(len(rows), missing, dtype=np.int64)
    has = rows >= 0
    out[has] = column[rows[has]]
    return out


def _first_record_day(
    t: SortedRegimens, first: IntArray, first_visit_day: IntArray | None
) -> IntArray:
    """Each patient's first record: the first regimen's start, or an earlier visit."""
    day = _at(t.start, first, np.iinfo(np.int64).max)
    if first_visit_day is None:
        return day
    visit = (first_visit_day >= 0) & (first_visit_day < day)
    return np.where(visit, first_visit_day, day)


class _Kind(IntEnum):
    """What decided a patient's assignment."""

    NO_INDEX = 0
    NO_BACKGROUND = 1
    NO_PRIOR = 2
    ARM = 3  # the arm of the add-on chosen
    ALONE = 4  # the arm without an add-on
    NO_GROUP = 5  # no add-on, and no arm without one
    SAME_DAY = 6  # two arms' drugs started on the index date
    NO_LOOKBACK = 7
    WASHOUT = 8
    STARTED = 9  # the arm of the drug started (head-to-head)


_INELIGIBLE = {
    _Kind.NO_INDEX: Ineligibility.NO_INDEX,
    _Kind.SAME_DAY: Ineligibility.SAME_DAY,
    _Kind.NO_BACKGROUND: Ineligibility.NO_BACKGROUND,
    _Kind.NO_PRIOR: Ineligibility.NO_PRIOR,
    _Kind.NO_LOOKBACK: Ineligibility.NO_LOOKBACK,
    _Kind.WASHOUT: Ineligibility.WASHOUT,
    _Kind.NO_GROUP: Ineligibility.NO_GROUP,
}


@dataclass(frozen=True)
class _Found:
    """What the rules found per patient: rows of ``sorted`` (-1: none) and prior drugs."""

    sorted: SortedRegimens
    kind: NDArray[np.int8]
    index_row: IntArray
    index_day: IntArray
    prior: dict[int, tuple[Drug, ...]]
    same_day: dict[int, tuple[Drug, ...]]
    ended: IntArray  # the background course that stopped last before the index date
    began: IntArray  # the first background course started after it
    chosen: IntArray  # the add-on regimen that chose the arm
    stopped: IntArray  # the add-on course that stopped last by the index date
    too_late: IntArray  # the first add-on course started after the window
    other: IntArray  # another head-to-head arm's drug started on the index date
    first: IntArray  # the patient's first regimen
    first_visit_day: IntArray | None  # the patient's first visit (-1: none)
    washout: IntArray  # the last course started in the washout


@dataclass(frozen=True)
class AssignmentColumns:
    """Every patient's assignment as columns, for counting.

    Attributes
    ----------
    patient_ids : tuple of str
        The patients.
    group, exclusion, add_on, index_drug : object array
        As the :class:`~myopathy_outcomes.rules.groups.Assignment` fields.
    index_day : int array
        The index date as an ordinal day; -1: none.
    """

    patient_ids: tuple[str, ...]
    group: NDArray[np.object_]
    exclusion: NDArray[np.object_]
    add_on: NDArray[np.object_]
    index_day: IntArray
    index_drug: NDArray[np.object_]


class Assignments(OnDemand[Assignment]):
    """Every patient's assignment: decided as columns, worded when read.

    :attr:`columns` holds the groups, exclusions, add-on drugs and index
    dates the report counts; each :class:`Assignment`, with its reason and
    the regimens it names, is built when it is read.
    """

    __slots__ = ("_design", "_found", "_table", "columns")
    noun = "assignments"

    def __init__(self, design: RuledDesign, table: RegimenTable, found: _Found) -> None:
        self._design, self._table, self._found = design, table, found
        kind, t = found.kind, found.sorted
        n = len(kind)
        group = np.full(n, None, dtype=object)
        add_on = np.full(n, None, dtype=object)
        arm = np.flatnonzero(kind == _Kind.ARM)
        drugs = t.drug[found.chosen[arm]]
        add_on[arm] = [_DRUGS[d] for d in drugs.tolist()]
        group[arm] = [reasons.arm_of(_DRUGS[d], design.arms).label for d in drugs.tolist()]
        alone = [a.label for a in design.arms if a.add_on is None]
        if alone:
            group[kind == _Kind.ALONE] = alone[0]
        started = np.flatnonzero(kind == _Kind.STARTED)
        if started.size:
            labels = np.array([a.label for a in design.arms] + [None], dtype=object)
            group[started] = labels[_arm_codes(design)[t.drug[found.index_row[started]]]]
        exclusion = np.full(n, None, dtype=object)
        for code in np.unique(kind).tolist():
            if code in _INELIGIBLE:
                exclusion[kind == code] = reasons.exclusion_step(design, _INELIGIBLE[code])
        ids = tuple(table.patient_ids)
        index_drug = np.full(n, None, dtype=object)
        has = found.index_row >= 0
        index_drug[has] = [_DRUGS[d] for d in t.drug[found.index_row[has]].tolist()]
        self.columns = AssignmentColumns(
            ids, group, exclusion, add_on, found.index_day, index_drug
        )

    def __len__(self) -> int:
        return len(self._found.kind)

    @property
    def sorted(self) -> SortedRegimens:
        """The regimens in patient and regimen order, as the rules read them."""
        return self._found.sorted

    def rows(self) -> tuple[IntArray, IntArray, IntArray]:
        """Per patient: the arm's position (-1: no group), and the index and add-on rows.

        Rows are of :attr:`sorted`; -1 where there is none.
        """
        found, design = self._found, self._design
        labels = {a.label: i for i, a in enumerate(design.arms)}
        arm = np.array([labels.get(g, -1) for g in self.columns.group.tolist()], dtype=np.int64)
        add_on = np.where(found.kind == _Kind.ARM, found.chosen, -1)
        return arm, found.index_row, add_on

    def take(self, positions: Sequence[int]) -> list[Assignment]:
        """The assignments at ``positions``, worded as the per-patient rules word them."""
        found = self._found
        at = np.asarray(positions, dtype=np.int64)
        chosen = np.where(found.kind[at] == _Kind.ARM, found.chosen[at], -1)
        rows = (found.index_row[at], chosen, self._named_rows(at))
        models = [self._models(at, r) for r in rows]
        return [self._word(p, *(m.get(p) for m in models)) for p in at.tolist()]

    def _models(self, at: IntArray, rows: IntArray) -> dict[int, Regimen]:
        """The regimen models of sorted ``rows`` (one per position of ``at``; -1: none)."""
        has = rows >= 0
        source = self._found.sorted.source[rows[has]].tolist()
        return dict(zip(at[has].tolist(), items_at(self._table.rows, source), strict=True))

    def _named_rows(self, at: IntArray) -> IntArray:
        """The sorted row each exclusion names besides the index regimen; -1: none."""
        found = self._found
        kind, first = found.kind[at], found.first[at]
        by_regimen = first >= 0
        if found.first_visit_day is not None:
            visit = found.first_visit_day[at]
            start = _at(found.sorted.start, first, -1)
            by_regimen &= (visit < 0) | (visit >= start)
        named = np.full(len(at), -1, dtype=np.int64)
        for code, rows in (
            (_Kind.SAME_DAY, found.other[at]),
            (_Kind.NO_LOOKBACK, np.where(by_regimen, first, -1)),
            (_Kind.WASHOUT, found.washout[at]),
        ):
            named = np.where(kind == code, rows, named)
        return named

    def _word(
        self,
        p: int,
        index_regimen: Regimen | None,
        add_on_regimen: Regimen | None,
        named: Regimen | None,
    ) -> Assignment:
        design, found, table = self._design, self._found, self._table
        t = found.sorted
        pid = table.patient_ids[p]
        kind = _Kind(int(found.kind[p]))
        if kind is _Kind.NO_INDEX:
            return Assignment(
                patient_id=pid,
                group=None,
                index_date=None,
                ineligibility=Ineligibility.NO_INDEX,
                exclusion=reasons.exclusion_step(design, Ineligibility.NO_INDEX),
                reason=reasons.not_eligible(reasons.no_index(design.index)),
            )
        ir = int(found.index_row[p])
        start = _day(found.index_day[p])
        index_drug = _DRUGS[int(t.drug[ir])]
        common = {
            "patient_id": pid,
            "index_date": start,
            "prior": () if kind is _Kind.SAME_DAY else found.prior.get(p, ()),
            "index_drug": index_drug,
            "index_regimen": index_regimen,
            "index_row": self._row_number(ir),
        }
        if kind is _Kind.SAME_DAY:
            o = int(found.other[p])
            other = _DRUGS[int(t.drug[o])]
            arms = _arm_codes(design)
            labels = (design.arms[arms[t.drug[ir]]].label, design.arms[arms[t.drug[o]]].label)
            reason = reasons.same_day_starts((index_drug, start), other, labels)
        elif kind is _Kind.NO_BACKGROUND:
            assert design.background is not None  # kind NO_BACKGROUND needs one
            reason = reasons.no_background(
                design.background,
                index_drug,
                start,
                ended=self._course(found.ended[p], t.stop),
                began=self._course(found.began[p], t.start),
            )
        elif kind is _Kind.NO_PRIOR:
            assert design.prior is not None  # kind NO_PRIOR needs one
            same_day = found.same_day.get(p, ())
            reason = reasons.no_prior(design.prior, index_drug, start, same_day)
        elif kind is _Kind.NO_LOOKBACK:
            assert design.lookback_days is not None  # kind NO_LOOKBACK needs one
            reason = reasons.no_lookback(
                design.lookback_days,
                start,
                _day(_first_record_day(t, found.first[[p]], self._first_visit(p))[0]),
                None if named is None else named.drug,
            )
        elif kind is _Kind.WASHOUT:
            assert design.washout_days is not None  # kind WASHOUT needs one
            w = int(found.washout[p])
            stop = None if t.stop[w] == OPEN_STOP else _day(t.stop[w])
            drug = _DRUGS[int(t.drug[w])]
            reason = reasons.washout(design.washout_days, start, drug, _day(t.start[w]), stop)
        elif kind is _Kind.STARTED:
            o = int(found.other[p])
            label = design.arms[_arm_codes(design)[t.drug[ir]]].label
            also = None if o < 0 else _DRUGS[int(t.drug[o])]
            how = reasons.drug_started(design, index_drug, start, also)
            return Assignment(
                group=label,
                ineligibility=None,
                exclusion=None,
                reason=reasons.in_arm(label, how),
                **common,  # type: ignore[arg-type]
            )
        elif kind is _Kind.ARM:
            c = int(found.chosen[p])
            drug = _DRUGS[int(t.drug[c])]
            label = reasons.arm_of(drug, design.arms).label
            how = reasons.add_on_taken(
                (drug, _day(t.start[c])), index_drug, start, design.add_on_window_days
            )
            return Assignment(
                group=label,
                ineligibility=None,
                exclusion=None,
                reason=reasons.in_arm(label, how),
                add_on=drug,
                add_on_regimen=add_on_regimen,
                add_on_row=self._row_number(c),
                **common,  # type: ignore[arg-type]
            )
        else:
            reason = reasons.no_add_on(
                design,
                index_drug,
                start,
                stopped=self._course(found.stopped[p], t.stop),
                too_late=self._course(found.too_late[p], t.start),
            )
            if kind is _Kind.ALONE:
                label = next(a.label for a in design.arms if a.add_on is None)
                return Assignment(
                    group=label,
                    ineligibility=None,
                    exclusion=None,
                    reason=reasons.in_arm(label, reason),
                    **common,  # type: ignore[arg-type]
                )
        ineligibility = _INELIGIBLE[kind]
        named_row = self._named_rows(np.array([p], dtype=np.int64))[0]
        return Assignment(
            group=None,
            ineligibility=ineligibility,
            exclusion=reasons.exclusion_step(design, ineligibility),
            reason=reasons.not_eligible(reason),
            named_regimen=named,
            named_row=self._row_number(int(named_row)),
            **common,  # type: ignore[arg-type]
        )

    def _row_number(self, row: int) -> int | None:
        """The input row of sorted row ``row``; None without row numbers or without a row."""
        numbers = self._table.row_numbers
        if numbers is None or row < 0:
            return None
        return numbers[int(self._found.sorted.source[row])]

    def _first_visit(self, p: int) -> IntArray | None:
        visits = self._found.first_visit_day
        return None if visits is None else visits[[p]]

    def _course(self, row: np.int64, days: IntArray) -> reasons.Course | None:
        """The drug of sorted row ``row`` and its day in ``days`` (start or stop); -1: none."""
        if row < 0:
            return None
        return _DRUGS[int(self._found.sorted.drug[row])], _day(days[row])


def assignment_columns(assignments: Sequence[Assignment]) -> AssignmentColumns:
    """The assignments as columns: read from :class:`Assignments`, else from each one."""
    if isinstance(assignments, Assignments):
        return assignments.columns

    return AssignmentColumns(
        patient_ids=tuple(a.patient_id for a in assignments),
        group=objects([a.group for a in assignments]),
        exclusion=objects([a.exclusion for a in assignments]),
        add_on=objects([a.add_on for a in assignments]),
        index_day=np.array(
            [-1 if a.index_date is None else a.index_date.toordinal() for a in assignments],
            dtype=np.int64,
        ),
        index_drug=objects([a.index_drug for a in assignments]),
    )


def _distinct_per_patient(mask: BoolArray, t: SortedRegimens) -> dict[int, tuple[Drug, ...]]:
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
