"""Every regimen of a cohort as columns, each model built only when asked for.

The twin of :class:`~myopathy_outcomes.storage.visits.VisitRows` for the
regimens file: a registry's 330,000 regimens stay columns, and the
assignment engine reads them as a :class:`RegimenTable` without a model.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.models import Regimen
from myopathy_outcomes.storage.rows import ColumnRows

__all__ = ["OPEN_STOP", "RegimenRows", "RegimenTable", "drug_codes"]

IntArray = NDArray[np.int64]
ObjectArray = NDArray[np.object_]

OPEN_STOP = np.int64(2**40)
"""The stop day of an ongoing course in a :class:`RegimenTable`: after every real day."""


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
    index = {d: i for i, d in enumerate(tuple(Drug))}
    codes, distinct = pd.factorize(drugs)
    return np.array([index[d] for d in distinct], dtype=np.int64)[codes]


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
