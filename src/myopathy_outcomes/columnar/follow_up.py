"""As-treated follow-up over whole tables: the twin of :mod:`myopathy_outcomes.rules.follow_up`.

Episodes of a drug set are found with one grouped running maximum of the
stop days per patient (a course continues the episode when it starts no
later than ``grace_days`` after it), the episode of each patient's reference
regimen is looked up, and the first switch is the first start of another
arm's drug after the index date. Each :class:`FollowUpEnd` is worded, by the
reference's own :func:`~myopathy_outcomes.rules.follow_up.ended_text`, when
it is read. A property test holds the two engines equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from myopathy_outcomes.columnar.assignment import SortedRegimens
from myopathy_outcomes.drug_sets import DrugSet
from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.rules.follow_up import FollowUpEnd, ended_text, switch_drugs, treatment_sets
from myopathy_outcomes.rules.groups import RuledDesign
from myopathy_outcomes.storage.on_demand import OnDemand
from myopathy_outcomes.storage.regimens import OPEN_STOP

__all__ = ["FollowUpEnds", "follow_up_days", "follow_up_ends"]

IntArray = NDArray[np.int64]
_DRUGS: tuple[Drug, ...] = tuple(Drug)
NO_END = np.int64(OPEN_STOP)
"""The end day of a patient on treatment to their last record: after every real day."""


class FollowUpEnds(OnDemand[FollowUpEnd]):
    """Every patient's end of as-treated follow-up: days as a column, causes worded when read.

    Parameters
    ----------
    day : int array
        The last day of follow-up (ordinal); :data:`NO_END` while on treatment.
    drug : int array
        The code (position in ``tuple(Drug)``) of the drug stopped or switched to; -1: none.
    switched, stopped : int array
        The day of the switch, or the stop that ended the episode; -1: not that cause.
    grace_days : int
        The grace added to a stop.
    """

    __slots__ = ("_drug", "_grace", "_stopped", "_switched", "day")
    noun = "follow-up ends"

    def __init__(
        self,
        day: IntArray,
        *,
        drug: IntArray,
        switched: IntArray,
        stopped: IntArray,
        grace_days: int,
    ) -> None:
        self.day, self._drug, self._switched, self._stopped = day, drug, switched, stopped
        self._grace = grace_days

    def __len__(self) -> int:
        return len(self.day)

    def take(self, positions: Sequence[int]) -> list[FollowUpEnd]:
        """The ends at ``positions``, worded by ``ended_text``."""
        return [self._word(p) for p in positions]

    def _word(self, p: int) -> FollowUpEnd:
        if self.day[p] == NO_END:
            return FollowUpEnd(None, "on treatment to the last record")
        drug = _DRUGS[int(self._drug[p])]
        switched, stopped = int(self._switched[p]), int(self._stopped[p])
        cause = ended_text(
            drug,
            None if switched < 0 else date.fromordinal(switched),
            None if stopped < 0 else date.fromordinal(stopped),
            self._grace,
        )
        return FollowUpEnd(date.fromordinal(int(self.day[p])), cause)

    def select(self, rows: IntArray) -> FollowUpEnds:
        """The ends of the patients at ``rows``, in that order."""
        return FollowUpEnds(
            self.day[rows],
            drug=self._drug[rows],
            switched=self._switched[rows],
            stopped=self._stopped[rows],
            grace_days=self._grace,
        )


def follow_up_days(ends: Sequence[FollowUpEnd]) -> IntArray:
    """The end days as a column (:data:`NO_END`: on treatment): read, else from each end."""
    if isinstance(ends, FollowUpEnds):
        return ends.day
    return np.array([NO_END if e.day is None else e.day.toordinal() for e in ends], dtype=np.int64)


def follow_up_ends(
    design: RuledDesign,
    t: SortedRegimens,
    *,
    arm: IntArray,
    index_row: IntArray,
    add_on_row: IntArray,
    grace_days: int,
) -> FollowUpEnds:
    """Every patient's end of as-treated follow-up, as ``rules.follow_up.as_treated_end``.

    Parameters
    ----------
    design : RuledDesign
        The study.
    t : SortedRegimens
        Every regimen in patient and :func:`~myopathy_outcomes.rules.eligibility.ordered`
        order.
    arm : int array
        Each patient's arm (position in ``design.arms``); -1: not analysed.
    index_row, add_on_row : int array
        Each patient's index regimen and the add-on regimen that chose the
        arm, as rows of the regimen columns; -1: none.
    grace_days : int
        Days after a stop still on treatment; the longest gap bridged.

    Returns
    -------
    FollowUpEnds
        One per patient (:data:`NO_END` for a patient not analysed).
    """
    n = len(arm)
    off = np.full(n, NO_END, dtype=np.int64)
    stopped_row = np.full(n, -1, dtype=np.int64)
    for position, a in enumerate(design.arms):
        who = arm == position
        if not who.any():
            continue
        for drugs, is_add_on in treatment_sets(design, a.label):
            reference = add_on_row if is_add_on else index_row
            end, row = _episode_ends(t, drugs, who, reference, grace_days)
            better = who & (end < off)
            off[better], stopped_row[better] = end[better], row[better]
    off_day = np.where(off < NO_END, off + grace_days, NO_END)
    patient, drug, start = t.patient, t.drug, t.start
    index_day = _take(start, index_row, NO_END)
    switch_row = np.full(n, -1, dtype=np.int64)
    for position, a in enumerate(design.arms):
        codes = [_DRUGS.index(d) for d in switch_drugs(design, a.label)]
        if not codes:
            continue
        mask = np.isin(drug, codes) & (arm[patient] == position) & (start > index_day[patient])
        switch_row = np.where(arm == position, _first(mask, patient, n), switch_row)
    switch_day = _take(start, switch_row, NO_END)
    switched = (switch_row >= 0) & (switch_day <= off_day)
    day = np.where(switched, switch_day, off_day)
    cause_row = np.where(switched, switch_row, stopped_row)
    return FollowUpEnds(
        day,
        drug=_take(drug, cause_row, -1),
        switched=np.where(switched, switch_day, -1),
        stopped=np.where(~switched & (stopped_row >= 0), off, -1),
        grace_days=grace_days,
    )


def _episode_ends(
    t: SortedRegimens,
    drugs: DrugSet,
    who: NDArray[np.bool_],
    reference: IntArray,
    grace_days: int,
) -> tuple[IntArray, IntArray]:
    """Per patient of ``who``: the last stop of the reference row's episode, and its row.

    :data:`NO_END` (and -1) where the episode holds a course without a stop,
    or for a patient not in ``who``.
    """
    n = len(who)
    patient, start, stop = t.patient, t.start, t.stop
    codes = [_DRUGS.index(d) for d in drugs.members()]
    rows = np.flatnonzero(np.isin(t.drug, codes) & who[patient])
    end = np.full(n, NO_END, dtype=np.int64)
    named = np.full(n, -1, dtype=np.int64)
    if rows.size == 0:
        return end, named
    owner = patient[rows]
    stops = pd.Series(stop[rows])
    reach = stops.groupby(owner).cummax().to_numpy()
    first = np.r_[True, owner[1:] != owner[:-1]]
    previous = np.r_[np.int64(0), reach[:-1]]
    episode = np.cumsum(first | (start[rows] > previous + grace_days))
    last = pd.Series(stop[rows]).groupby(episode).transform("max").to_numpy()
    reaches = stop[rows] == last
    candidates = pd.Series(np.where(reaches, rows, np.iinfo(np.int64).max))
    named_in = candidates.groupby(episode).transform("min").to_numpy()
    ref = reference[who]
    at = np.searchsorted(rows, ref)
    found = (ref >= 0) & (at < rows.size)
    found[found] &= rows[at[found]] == ref[found]
    targets = np.flatnonzero(who)[found]
    ends, names = last[at[found]], named_in[at[found]]
    closed = ends < OPEN_STOP
    end[targets[closed]] = ends[closed]
    named[targets[closed]] = names[closed]
    return end, named


def _take(column: IntArray, rows: IntArray, missing: int | np.int64) -> IntArray:
    """``column`` at ``rows``; ``missing`` where a row is -1."""
    out = np.full(len(rows), missing, dtype=np.int64)
    has = rows >= 0
    out[has] = column[rows[has]]
    return out


def _first(mask: NDArray[np.bool_], patient: IntArray, n: int) -> IntArray:
    """Per patient, the first row where ``mask`` holds; -1 where none."""
    out = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(mask)
    who, first = np.unique(patient[rows], return_index=True)
    out[who] = rows[first]
    return out
