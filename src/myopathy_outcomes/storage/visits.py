"""Every visit of a cohort as columns: the input of the columnar outcome rules.

Rows are in record order, the order of the visits file (kept rows only);
the per-patient reference sorts a patient's visits by date and keeps that
order within a day, and the engine does the same with one stable sort.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.models import Visit
from myopathy_outcomes.storage.rows import ColumnRows

__all__ = ["VisitRows", "VisitTable"]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class VisitTable:
    """Every visit of a cohort as columns, in record order.

    Attributes
    ----------
    patient : int array
        Index of the visit's patient in ``patient_ids``.
    day : int array
        The visit date as a proleptic ordinal day (``date.toordinal``).
    values : mapping of str to float array
        Each measure's values by name; NaN where the visit has none.
    patient_ids : sequence of str
        The patients, in the cohort's order.
    """

    patient: IntArray
    day: IntArray
    values: Mapping[str, FloatArray]
    patient_ids: Sequence[str]

    def __len__(self) -> int:
        return len(self.day)

    @classmethod
    def from_models(
        cls, patient_ids: Sequence[str], visits: Sequence[Visit], measures: Sequence[str]
    ) -> VisitTable:
        """Columns from visit models; a visit of a patient not in ``patient_ids`` is left out."""
        where = {pid: i for i, pid in enumerate(patient_ids)}
        kept = [v for v in visits if v.patient_id in where]
        values = {
            name: np.fromiter(
                (np.nan if (x := v.value(name)) is None else x for v in kept),
                np.float64,
                len(kept),
            )
            for name in measures
        }
        return cls(
            patient=np.fromiter((where[v.patient_id] for v in kept), np.int64, len(kept)),
            day=np.fromiter((v.date.toordinal() for v in kept), np.int64, len(kept)),
            values=values,
            patient_ids=tuple(patient_ids),
        )

    def by_patient(self) -> IntArray:
        """Row positions sorted by patient, then day, then record order (a stable sort)."""
        return np.lexsort((np.arange(len(self.day)), self.day, self.patient))


class VisitRows(ColumnRows[Visit]):
    """The visits of a :class:`VisitTable` as models, each built only when asked for.

    A registry's two million visits stay columns; iterating, indexing or
    comparing gives :class:`~myopathy_outcomes.models.Visit` models equal to
    the ones the rows validate to.
    """

    __slots__ = ("model", "table")
    noun = "visits"

    def __init__(self, table: VisitTable, model: type[Visit] = Visit) -> None:
        self.table = table
        self.model = model

    def __len__(self) -> int:
        return len(self.table)

    @property
    def patient_ids(self) -> tuple[str, ...]:
        """The patients, in the cohort's order."""
        return tuple(self.table.patient_ids)

    def take(self, positions: Sequence[int]) -> list[Visit]:
        """The visits at ``positions``, built together."""
        t = self.table
        at = np.asarray(positions, dtype=np.intp)
        ids = [t.patient_ids[p] for p in t.patient[at].tolist()]
        days = [date.fromordinal(d) for d in t.day[at].tolist()]
        names = list(t.values)
        columns = [t.values[name][at].tolist() for name in names]
        visits = []
        for i, (pid, day) in enumerate(zip(ids, days, strict=True)):
            fields: dict[str, Any] = {
                name: None if math.isnan(column[i]) else column[i]
                for name, column in zip(names, columns, strict=True)
            }
            fields["patient_id"], fields["date"] = pid, day
            visits.append(self.model.from_valid(fields))
        return visits
