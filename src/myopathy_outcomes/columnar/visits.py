"""Every visit of a cohort as columns: the input of the columnar outcome rules.

Rows are in record order, the order of the visits file (kept rows only);
the per-patient reference sorts a patient's visits by date and keeps that
order within a day, and the engine does the same with one stable sort.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.models import Cohort, Visit

__all__ = ["VisitRows", "VisitTable", "visit_table"]

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


class VisitRows(Sequence[Visit]):
    """The visits of a :class:`VisitTable` as models, each built only when asked for.

    A registry's two million visits stay columns; iterating, indexing or
    comparing gives :class:`~myopathy_outcomes.models.Visit` models equal to
    the ones the rows validate to.
    """

    __slots__ = ("model", "table")

    def __init__(self, table: VisitTable, model: type[Visit] = Visit) -> None:
        self.table = table
        self.model = model

    def __len__(self) -> int:
        return len(self.table)

    @overload
    def __getitem__(self, index: int) -> Visit: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Visit, ...]: ...

    def __getitem__(self, index: int | slice) -> Visit | tuple[Visit, ...]:
        if isinstance(index, slice):
            return tuple(self._visit(i) for i in range(len(self))[index])
        if not -len(self) <= index < len(self):
            raise IndexError(f"visit index {index} out of range for {len(self)} visits")
        return self._visit(index % len(self))

    def __iter__(self) -> Iterator[Visit]:
        return (self._visit(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} visits of {len(self.table.patient_ids)} patients, as columns>"

    def _visit(self, i: int) -> Visit:
        t = self.table
        fields: dict[str, Any] = {
            name: None if math.isnan(v := float(column[i])) else v
            for name, column in t.values.items()
        }
        fields["patient_id"] = t.patient_ids[int(t.patient[i])]
        fields["date"] = date.fromordinal(int(t.day[i]))
        return self.model.from_valid(fields)


def visit_table(cohort: Cohort, measures: Sequence[str]) -> VisitTable:
    """The cohort's visits as columns, with a column for each of ``measures``.

    A loaded cohort's own columns are used as they are; visits given as
    models are read into columns. A measure the visits do not hold is all NaN.
    """
    patient_ids = tuple(p.patient_id for p in cohort.patients)
    visits = cohort.visits
    if not isinstance(visits, VisitRows) or visits.table.patient_ids != patient_ids:
        return VisitTable.from_models(patient_ids, visits, measures)
    table = visits.table
    absent = {name: np.full(len(table), np.nan) for name in measures if name not in table.values}
    if not absent:
        return table
    return VisitTable(table.patient, table.day, {**table.values, **absent}, table.patient_ids)
