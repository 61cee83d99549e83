"""A cohort: validated patients, visits and regimens, and the columns built from them once.

Loading (:mod:`myopathy_outcomes.io`) gives a :class:`Cohort` whose records
are already columns; a cohort built from models in memory is converted to
columns the first time the analysis asks, and only once.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.models import ExcludedRow, Patient, PatientRecord, Regimen, Visit
from myopathy_outcomes.schema import MEASURES
from myopathy_outcomes.storage.on_demand import items_at
from myopathy_outcomes.storage.patients import PatientColumns, patient_columns
from myopathy_outcomes.storage.regimens import OPEN_STOP, RegimenRows, RegimenTable
from myopathy_outcomes.storage.visits import VisitRows, VisitTable

__all__ = ["Cohort"]

_NO_VISIT = np.iinfo(np.int64).max
_VISIT_KEYS = ("patient_id", "date")
"""The fields of a visit that are not measures."""


@dataclass(frozen=True)
class Cohort:
    """Validated patients, visits and regimens, ready for analysis.

    Attributes
    ----------
    patients, visits, regimens : sequence of Patient, Visit, Regimen
        The validated patients, visits and regimens. A loaded cohort holds
        them as columns (:class:`myopathy_outcomes.storage.PatientRows`,
        :class:`~myopathy_outcomes.storage.VisitRows`,
        :class:`~myopathy_outcomes.storage.RegimenRows`) and builds each
        model when it is asked for; tuples of models work as well.
    source : str
        Where the data came from (a folder, ``"DataFrames"``, ...).
    synthetic : bool
        True for synthetic data; the report labels it.
    excluded : tuple of ExcludedRow
        Rows left out while loading, each with its reason.
    notices : tuple of str
        Remarks from loading that do not exclude anything (unknown columns).
    regimen_rows : tuple of int
        The input row (line) of each regimen, parallel to ``regimens``;
        empty when the cohort was built in memory.
    regimen_file : str
        The file those rows are in (``"regimens.csv"``).
    visit_columns : tuple of str or None
        The measure columns the visits input has; ``None`` when the cohort
        was built in memory.
    patients_read : int or None
        Patient rows in the input before any exclusion; ``None`` when the
        cohort was built in memory (then every patient counts as read).
    """

    patients: Sequence[Patient]
    visits: Sequence[Visit] = ()
    regimens: Sequence[Regimen] = ()
    source: str = "in-memory"
    synthetic: bool = False
    excluded: tuple[ExcludedRow, ...] = ()
    notices: tuple[str, ...] = ()
    patients_read: int | None = None
    regimen_rows: tuple[int, ...] = ()
    regimen_file: str = "regimens"
    visit_columns: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        """A one-line summary: counts, dates, measures, source; never the rows themselves.

        Examples
        --------
        >>> from myopathy_outcomes.example import load_example
        >>> load_example()  # doctest: +ELLIPSIS
        <Cohort: 19 patients, 165 visits, 61 regimens, 2007-03-18 to 2018-09-26; measures \
ck, fvc_pct, dlco_pct, psl_mg, hrct_score; synthetic; 0 rows excluded; source '...example'>
        """
        parts = dict(self._summary())
        text = (
            f"{parts['patients']} patients, {parts['visits']} visits, {parts['regimens']} regimens"
        )
        if parts["dates"] != "none":
            text += f", {parts['dates']}"
        text += f"; measures {parts['measures']}"
        if self.synthetic:
            text += "; synthetic"
        text += f"; {parts['excluded rows']} rows excluded; source {_cut(self.source)!r}"
        return f"<Cohort: {text}>"

    def _repr_html_(self) -> str:
        """A small table of the summary for notebooks, every value escaped."""
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
            f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
            for label, value in self._summary()
        )
        return f"<table><caption>Cohort</caption>{rows}</table>"

    def _summary(self) -> list[tuple[str, str]]:
        """The summary's rows: label and value, as text."""
        visits = self._visits_as_columns
        regimens = self.regimen_table
        days = [visits.day, regimens.start, regimens.stop[regimens.stop != OPEN_STOP]]
        known = np.concatenate([d for d in days if d.size]) if any(d.size for d in days) else None
        dates = (
            "none"
            if known is None
            else f"{date.fromordinal(int(known.min()))} to {date.fromordinal(int(known.max()))}"
        )
        present = {name for name, values in visits.values.items() if np.any(~np.isnan(values))}
        built_in = [name for name in MEASURES if name in present]  # the schema's order
        measures = built_in + sorted(present.difference(built_in))
        read = [] if self.patients_read is None else [("patients read", str(self.patients_read))]
        return [
            ("patients", str(len(self.patients))),
            *read,
            ("visits", str(len(self.visits))),
            ("regimens", str(len(self.regimens))),
            ("dates", dates),
            ("measures", ", ".join(measures) or "none"),
            ("source", _cut(self.source)),
            ("synthetic", "yes" if self.synthetic else "no"),
            ("excluded rows", str(len(self.excluded))),
            ("notices", str(len(self.notices))),
        ]

    @cached_property
    def records(self) -> Mapping[str, PatientRecord]:
        """Each patient's record, keyed by patient id, in the patients' order."""
        return _group_records(self.patients, self.visits, self.regimens)

    @cached_property
    def patient_table(self) -> PatientColumns:
        """The patients as columns (those of a loaded cohort as they are)."""
        return patient_columns(self.patients)

    @cached_property
    def regimen_table(self) -> RegimenTable:
        """The regimens of the cohort's patients as columns, with their input rows.

        A regimen of a patient the cohort does not hold is left out (a cohort
        built in memory may have one).
        """
        ids = self.patient_table.patient_ids
        numbers = self.regimen_rows or None
        regimens = self.regimens
        if isinstance(regimens, RegimenRows) and regimens.patient_ids == ids:
            return regimens.table(numbers)
        known = set(ids)
        kept = [i for i, r in enumerate(regimens) if r.patient_id in known]
        return RegimenTable.from_models(
            ids,
            items_at(regimens, kept),
            None if numbers is None else [numbers[i] for i in kept],
        )

    @cached_property
    def first_visit_days(self) -> NDArray[np.int64]:
        """Each patient's first visit as an ordinal day; -1 for a patient without visits."""
        table = self._visits_as_columns
        first = np.full(len(table.patient_ids), _NO_VISIT, dtype=np.int64)
        np.minimum.at(first, table.patient, table.day)
        first[first == _NO_VISIT] = -1
        return first

    def visit_table(self, measures: Sequence[str]) -> VisitTable:
        """The visits as columns, with a column for each of ``measures``.

        A loaded cohort's own columns are used as they are; visits given as
        models are read into columns once. A measure the visits do not hold
        is all NaN.
        """
        table = self._visits_as_columns
        absent = {
            name: np.full(len(table), np.nan) for name in measures if name not in table.values
        }
        if not absent:
            return table
        return VisitTable(table.patient, table.day, {**table.values, **absent}, table.patient_ids)

    @cached_property
    def _visits_as_columns(self) -> VisitTable:
        ids = self.patient_table.patient_ids
        visits = self.visits
        if isinstance(visits, VisitRows) and visits.table.patient_ids == ids:
            return visits.table
        measures = dict.fromkeys(
            name
            for kind in dict.fromkeys(type(v) for v in visits)
            for name in kind.model_fields
            if name not in _VISIT_KEYS
        )
        return VisitTable.from_models(ids, visits, tuple(measures))


def _cut(text: str, limit: int = 120) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis (a path may be long)."""
    return text if len(text) <= limit else f"...{text[-(limit - 3) :]}"


def _group_records(
    patients: Iterable[Patient], visits: Iterable[Visit], regimens: Iterable[Regimen]
) -> dict[str, PatientRecord]:
    visits_by: dict[str, list[Visit]] = {}
    for visit in visits:
        visits_by.setdefault(visit.patient_id, []).append(visit)
    regimens_by: dict[str, list[Regimen]] = {}
    for regimen in regimens:
        regimens_by.setdefault(regimen.patient_id, []).append(regimen)
    return {
        p.patient_id: PatientRecord(
            patient=p,
            visits=tuple(sorted(visits_by.get(p.patient_id, ()), key=lambda v: v.date)),
            regimens=tuple(sorted(regimens_by.get(p.patient_id, ()), key=lambda r: r.start_date)),
        )
        for p in patients
    }
