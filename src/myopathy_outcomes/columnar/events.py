"""Time-to-event endpoints over whole tables: registry scale.

The twin of :func:`myopathy_outcomes.outcomes.events.event_times` (the
readable reference, one patient at a time). An endpoint rests on four facts
per patient: the last visit strictly after the index date, the death date,
ILD at baseline and the ILD progression result. Given them as columns, the
times, events and statuses of every endpoint are decided with array
operations (:class:`EventTimes`); each :class:`EventTime`, with its reason,
is built when it is read by
:func:`~myopathy_outcomes.outcomes.events.endpoint_times`, the reference's
own function. A property test holds the columns equal to the built times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.columnar.follow_up import follow_up_days
from myopathy_outcomes.columnar.ild import ProgressionColumns, progression_columns, results_at
from myopathy_outcomes.outcomes.events import Endpoint, EventTime, endpoint_times
from myopathy_outcomes.rules.follow_up import FollowUpEnd
from myopathy_outcomes.rules.ild import IldProgression
from myopathy_outcomes.storage.on_demand import OnDemand, items_at

__all__ = ["EndpointColumns", "EventTimes", "endpoint_columns", "event_times_table"]

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

_ENDPOINTS: Final = tuple(Endpoint)
_PROGRESSION, _DEATH, _EITHER = (
    _ENDPOINTS.index(e)
    for e in (Endpoint.ILD_PROGRESSION, Endpoint.DEATH, Endpoint.PROGRESSION_OR_DEATH)
)


@dataclass(frozen=True)
class EndpointColumns:
    """One endpoint's patients, times and events as columns (patients in the endpoint only).

    Attributes
    ----------
    patient_ids : tuple of str
        The patients in the endpoint.
    days : int array
        Days from the index date to the event or censoring.
    event : bool array
        Whether the event occurred.
    status : int array
        0 censored, 1 the event, 2 a competing death.
    """

    patient_ids: tuple[str, ...]
    days: IntArray
    event: BoolArray
    status: NDArray[np.int8]


class EventTimes(OnDemand[EventTime]):
    """Every endpoint of every analysed patient: three per patient, in :class:`Endpoint` order.

    Times, events and statuses are decided as columns when the sequence is
    made; each :class:`EventTime` (with its reason) is built when read.
    """

    __slots__ = ("_days", "_event", "_facts", "_follow_up", "_ids", "_ild", "_status")
    noun = "event times"

    def __init__(
        self,
        patient_ids: tuple[str, ...],
        *,
        index_day: IntArray,
        last_visit_day: IntArray,
        death_day: IntArray,
        has_ild: BoolArray,
        ild: Sequence[IldProgression],
        follow_up: Sequence[FollowUpEnd] | None = None,
    ) -> None:
        self._ids, self._ild, self._follow_up = patient_ids, ild, follow_up
        self._facts = (index_day, last_visit_day, death_day, has_ild)
        end_day = None if follow_up is None else follow_up_days(follow_up)
        self._days, self._event, self._status = _decide(
            index_day,
            last_visit_day,
            death_day,
            has_ild,
            progression_columns(ild),
            end_day=end_day,
        )

    def __len__(self) -> int:
        return len(_ENDPOINTS) * len(self._ids)

    def take(self, positions: Sequence[int]) -> list[EventTime]:
        """The event times at ``positions``, worded by ``endpoint_times``."""
        index_day, last_visit_day, death_day, has_ild = self._facts
        width = len(_ENDPOINTS)
        patients = list(dict.fromkeys(position // width for position in positions))
        built = {}
        ends = (
            [None] * len(patients)
            if self._follow_up is None
            else items_at(self._follow_up, patients)
        )
        for p, result, end in zip(patients, items_at(self._ild, patients), ends, strict=True):
            last, death = int(last_visit_day[p]), int(death_day[p])
            built[p] = endpoint_times(
                self._ids[p],
                date.fromordinal(int(index_day[p])),
                last_visit=None if last < 0 else date.fromordinal(last),
                death=None if death < 0 else date.fromordinal(death),
                has_ild=bool(has_ild[p]),
                ild=result,
                follow_up=end,
            )
        return [built[position // width][position % width] for position in positions]

    def columns(self, endpoint: Endpoint) -> EndpointColumns:
        """The patients in ``endpoint``, with their times, events and statuses."""
        e = _ENDPOINTS.index(endpoint)
        days = self._days[:, e]
        kept = np.flatnonzero(days >= 0)
        return EndpointColumns(
            patient_ids=tuple(self._ids[p] for p in kept.tolist()),
            days=days[kept],
            event=self._event[kept, e],
            status=self._status[kept, e],
        )


def _decide(
    index_day: IntArray,
    last_visit_day: IntArray,
    death_day: IntArray,
    has_ild: BoolArray,
    ild: ProgressionColumns,
    *,
    end_day: IntArray | None,
) -> tuple[IntArray, BoolArray, NDArray[np.int8]]:
    """Days (-1: not in the endpoint), events and statuses; a column per endpoint.

    Decided as :func:`~myopathy_outcomes.outcomes.events.endpoint_times`
    decides them (see there for the rules); ``end_day``, as treated, the
    last day of follow-up (``last_visit_day`` already ends there).
    """
    n = len(index_day)
    days = np.full((n, len(_ENDPOINTS)), -1, dtype=np.int64)
    event = np.zeros(days.shape, dtype=bool)
    status = np.zeros(days.shape, dtype=np.int8)
    died = (death_day >= 0) & (death_day >= index_day)
    has_last = last_visit_day >= 0
    first_day = ild.first_day
    if end_day is not None:
        died &= death_day <= end_day
        first_day = np.where(first_day <= end_day, first_day, -1)

    # death: the event, else censored at the last visit, else not included
    days[:, _DEATH] = np.where(died, death_day, np.where(has_last, last_visit_day, -1))
    event[:, _DEATH] = status[:, _DEATH] = died

    # the other two: patients with ILD at baseline whose progression is evaluable
    evaluable = has_ild & ild.evaluable
    progressed = evaluable & ild.progressed & (first_day >= 0)
    competing = evaluable & ~progressed & died & (~has_last | (death_day >= last_visit_day))
    censored = evaluable & ~progressed & ~competing & has_last
    first = np.where(died & (death_day < first_day), death_day, first_day)
    cases = [progressed, competing, censored]
    days[:, _PROGRESSION] = np.select(cases, [first_day, death_day, last_visit_day], -1)
    days[:, _EITHER] = np.select(cases, [first, death_day, last_visit_day], -1)
    event[:, _PROGRESSION] = progressed
    status[:, _PROGRESSION] = np.select([progressed, competing], [1, 2], 0)
    event[:, _EITHER] = status[:, _EITHER] = progressed | competing
    included = days >= 0
    days[included] -= np.broadcast_to(index_day[:, None], days.shape)[included]
    return days, event, status


def event_times_table(
    patient_ids: Sequence[str],
    index_day: IntArray,
    *,
    last_visit_day: IntArray,
    death_day: IntArray,
    has_ild: BoolArray,
    ild: Sequence[IldProgression | None],
    follow_up: Sequence[FollowUpEnd] | None = None,
) -> EventTimes:
    """Every endpoint of every analysed patient, equal to :func:`event_times`.

    Parameters
    ----------
    patient_ids : sequence of str
        The patients.
    index_day : int array
        Each patient's index date as an ordinal day (``date.toordinal``);
        -1: not analysed.
    last_visit_day : int array
        The day of each patient's last visit strictly after the index date;
        -1 where there is none.
    death_day : int array
        The day of death; -1 for a patient not known to have died.
    has_ild : bool array
        ILD at baseline.
    ild : sequence of IldProgression or None
        Each patient's progression under the design's criterion
        (:func:`myopathy_outcomes.columnar.ild.assess_table`); None only for
        a patient not analysed.
    follow_up : sequence of FollowUpEnd, optional
        As treated: each patient's end of follow-up (``last_visit_day`` must
        already end there); None for intention to treat.

    Returns
    -------
    EventTimes
        Three per analysed patient (``index_day >= 0``), in ``patient_ids``
        order: equal to ``event_times(record, index_date, ild)``.
    """
    n = len(patient_ids)
    for name, column in (
        ("index_day", index_day),
        ("last_visit_day", last_visit_day),
        ("death_day", death_day),
        ("has_ild", has_ild),
        ("ild", ild),
    ):
        if len(column) != n:
            raise ValueError(f"{name} has {len(column)} entries for {n} patients")
    rows = np.flatnonzero(index_day >= 0)
    return EventTimes(
        tuple(patient_ids[p] for p in rows.tolist()),
        index_day=index_day[rows],
        last_visit_day=last_visit_day[rows],
        death_day=death_day[rows],
        has_ild=has_ild[rows],
        ild=results_at(ild, rows, patient_ids),
        follow_up=None if follow_up is None else items_at(follow_up, rows.tolist()),
    )


def endpoint_columns(times: Sequence[EventTime], endpoint: Endpoint) -> EndpointColumns:
    """The patients in ``endpoint``: read from :class:`EventTimes`, else from the times."""
    if isinstance(times, EventTimes):
        return times.columns(endpoint)
    kept = [t for t in times if t.endpoint is endpoint and t.days is not None]
    return EndpointColumns(
        patient_ids=tuple(t.patient_id for t in kept),
        days=np.array([t.days for t in kept], dtype=np.int64),
        event=np.array([t.event for t in kept], dtype=bool),
        status=np.array([t.status for t in kept], dtype=np.int8),
    )
