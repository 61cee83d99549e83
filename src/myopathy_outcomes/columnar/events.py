"""Time-to-event endpoints over whole tables: registry scale.

The twin of :func:`myopathy_outcomes.outcomes.events.event_times` (the
readable reference, one patient at a time). An endpoint rests on four facts
per patient: the last visit strictly after the index date, the death date,
ILD at baseline and the ILD progression result. Given them as columns, each
patient's endpoints are decided and worded by
:func:`~myopathy_outcomes.outcomes.events.endpoint_times`, the reference's
own function: a few comparisons per patient, no scanning.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.outcomes.events import EventTime, endpoint_times
from myopathy_outcomes.rules.ild import IldProgression

__all__ = ["event_times_table"]


def event_times_table(
    patient_ids: Sequence[str],
    index_day: NDArray[np.int64],
    *,
    last_visit_day: NDArray[np.int64],
    death_day: NDArray[np.int64],
    has_ild: NDArray[np.bool_],
    ild: Sequence[IldProgression | None],
) -> tuple[tuple[EventTime, ...] | None, ...]:
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

    Returns
    -------
    tuple of (tuple of EventTime) or None
        Per patient, in ``patient_ids`` order: one EventTime per endpoint,
        equal to ``event_times(record, index_date, ild)``; None for a patient
        not analysed.
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
    out: list[tuple[EventTime, ...] | None] = []
    for pid, day, last, death, lung, result in zip(
        patient_ids,
        index_day.tolist(),
        last_visit_day.tolist(),
        death_day.tolist(),
        has_ild.tolist(),
        ild,
        strict=True,
    ):
        if day < 0:
            out.append(None)
            continue
        if result is None:
            raise ValueError(f"patient {pid}: analysed but has no ILD progression result")
        out.append(
            endpoint_times(
                pid,
                date.fromordinal(day),
                last_visit=None if last < 0 else date.fromordinal(last),
                death=None if death < 0 else date.fromordinal(death),
                has_ild=lung,
                ild=result,
            )
        )
    return tuple(out)
