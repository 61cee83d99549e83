"""Every visit of a cohort as columns: the input of the columnar outcome rules.

Rows are in record order, the order of the visits file (kept rows only);
the per-patient reference sorts a patient's visits by date and keeps that
order within a day, and the engine does the same with one stable sort.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.models import Visit

__all__ = ["VisitTable"]

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
