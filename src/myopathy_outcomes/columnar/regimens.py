"""Every regimen of a cohort as columns, each model built only when asked for.

The twin of :class:`~myopathy_outcomes.columnar.visits.VisitRows` for the
regimens file: a registry's 330,000 regimens stay columns, and the
assignment engine reads them as a :class:`RegimenTable` without a model.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.columnar._rows import ColumnRows
from myopathy_outcomes.columnar.assignment import OPEN_STOP, RegimenTable, drug_codes
from myopathy_outcomes.models import Regimen

__all__ = ["RegimenRows"]

IntArray = NDArray[np.int64]
ObjectArray = NDArray[np.object_]


_date = functools.lru_cache(maxsize=65_536)(date.fromordinal)
"""A day's date; a registry's regimens share a few thousand days."""


class RegimenRows(ColumnRows[Regimen]):
    """The regimens as columns; indexing or iterating gives equal :class:`Regimen` models.

    Parameters
    ----------
    patient_ids : sequence of str
        The patients, in the cohort's order.
    patient : int array
        Index of each regimen's patient in ``patient_ids``.
    drug : object array of Drug
        Each regimen's drug.
    start, stop : int array
        Ordinal days (``date.toordinal``); ``stop`` is -1 for an ongoing course.
    dose : float array
        NaN where no dose is given.
    unit : object array of str or None
        Each regimen's dose unit.
    """

    __slots__ = ("_patient_ids", "dose", "drug", "patient", "start", "stop", "unit")
    noun = "regimens"

    def __init__(
        self,
        patient_ids: Sequence[str],
        *,
        patient: IntArray,
        drug: ObjectArray,
        start: IntArray,
        stop: IntArray,
        dose: NDArray[np.float64],
        unit: ObjectArray,
    ) -> None:
        self._patient_ids = tuple(patient_ids)
        self.patient, self.drug, self.start, self.stop = patient, drug, start, stop
        self.dose, self.unit = dose, unit

    def __len__(self) -> int:
        return len(self.start)

    @property
    def patient_ids(self) -> tuple[str, ...]:
        """The patients, in the cohort's order."""
        return self._patient_ids

    def take(self, positions: Sequence[int]) -> list[Regimen]:
        """The regimens at ``positions``, built together (faster than one by one)."""
        at = np.asarray(positions, dtype=np.intp)
        ids = [self.patient_ids[p] for p in self.patient[at].tolist()]
        columns = zip(
            ids,
            self.drug[at].tolist(),
            self.start[at].tolist(),
            self.stop[at].tolist(),
            self.dose[at].tolist(),
            self.unit[at].tolist(),
            strict=True,
        )
        return [
            Regimen.from_valid(
                {
                    "patient_id": pid,
                    "drug": drug,
                    "start_date": _date(start),
                    "stop_date": None if stop < 0 else _date(stop),
                    "dose": None if math.isnan(dose) else dose,
                    "dose_unit": unit,
                }
            )
            for pid, drug, start, stop, dose, unit in columns
        ]

    def table(self, row_numbers: Sequence[int] | None = None) -> RegimenTable:
        """The columns as the assignment engine reads them, without building a model."""
        units = np.array(["" if u is None else u for u in self.unit.tolist()], dtype=str)
        _, unit_rank = np.unique(units, return_inverse=True)
        return RegimenTable(
            patient=self.patient,
            drug=drug_codes(self.drug),
            start=self.start,
            stop=np.where(self.stop < 0, OPEN_STOP, self.stop),
            dose=self.dose,
            unit=unit_rank.astype(np.int64).ravel(),
            rows=self,
            patient_ids=self.patient_ids,
            row_numbers=row_numbers,
        )
