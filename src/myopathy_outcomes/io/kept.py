"""The kept cohort: the valid rows that no rule excluded, as columns, and the rows left out.

Patients, visits and regimens are kept as columns
(:mod:`myopathy_outcomes.storage`), in file order; a visit or regimen
points to its patient by position among the kept patients. Every row with a
problem is listed once as excluded, with all its reasons joined by ``"; "``,
so that kept plus excluded rows add up to the rows read.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from myopathy_outcomes.io.cells import BoolArray, IntArray
from myopathy_outcomes.io.validation import CheckedTable, id_index, ordinals, row_of
from myopathy_outcomes.models import ExcludedRow, Patient, Visit
from myopathy_outcomes.storage import Cohort
from myopathy_outcomes.storage.patients import PatientColumns, PatientRows
from myopathy_outcomes.storage.regimens import RegimenRows
from myopathy_outcomes.storage.visits import VisitRows, VisitTable

__all__ = [
    "kept_cohort",
    "kept_mask",
    "kept_patients",
    "kept_positions",
    "kept_regimens",
    "kept_visits",
]


def kept_cohort(
    patients: CheckedTable,
    visits: CheckedTable,
    regimens: CheckedTable,
    *,
    visit_model: type[Visit],
    measures: Sequence[str],
    source: str,
    synthetic: bool,
    notices: Sequence[str],
) -> Cohort:
    """The cohort of the kept rows, listing every row with a problem as excluded.

    ``measures`` are the measure columns the visits input has; ``notices``
    those found while loading.
    """
    kept = kept_patients(patients)
    return Cohort(
        patients=kept,
        visits=kept_visits(visits, kept.patient_ids, visit_model, measures),
        visit_columns=tuple(measures),
        regimens=kept_regimens(regimens, kept.patient_ids),
        regimen_rows=tuple(np.asarray(regimens.rows)[kept_mask(regimens)].tolist()),
        regimen_file=regimens.label,
        source=source,
        synthetic=synthetic,
        excluded=tuple(
            ExcludedRow(
                table.label,
                table.rows[position],
                table.ids[position],
                "; ".join(problem.message for problem in table.problems[position]),
            )
            for table in (patients, visits, regimens)
            for position in sorted(table.problems)
        ),
        notices=tuple(notices),
        patients_read=len(patients.rows),
    )


def kept_mask(table: CheckedTable) -> BoolArray:
    """Per row, whether it is kept: valid, and excluded by no rule."""
    kept = table.valid.copy()
    kept[list(table.problems)] = False
    return kept


def kept_positions(table: CheckedTable) -> IntArray:
    """Positions of the rows that are kept: valid, and excluded by no rule, in order."""
    return np.flatnonzero(kept_mask(table))


def kept_patients(patients: CheckedTable) -> PatientRows:
    """The valid patients that no cross-table rule excluded, in row order, as columns."""
    kept = np.flatnonzero(kept_mask(patients))
    values = {name: column[kept] for name, column in patients.values.items()}
    deaths = values["death_date"].tolist()  # a required column (None: alive)
    columns = PatientColumns(
        patient_ids=tuple(values["patient_id"].tolist()),
        sex=values["sex"],
        birth_day=np.array([d.toordinal() for d in values["birth_date"].tolist()], np.int64),
        diagnosis=values["diagnosis"],
        ild=np.array(values["ild"], dtype=bool),
        death_day=np.array([-1 if d is None else d.toordinal() for d in deaths], np.int64),
        covariates=tuple(
            (name, column) for name, column in values.items() if name not in Patient.model_fields
        ),
    )
    return PatientRows(columns, set(values) & set(Patient.model_fields))


def kept_visits(
    visits: CheckedTable, patient_ids: Sequence[str], model: type[Visit], present: Sequence[str]
) -> VisitRows:
    """The kept visits as columns (:class:`VisitRows`), with the measures the input has."""
    kept = np.flatnonzero(kept_mask(visits))
    patient = visits.per_cell("patient_id", lambda c: row_of(id_index(patient_ids), c), -1)[kept]
    if (patient < 0).any():  # a guard: a kept visit names a kept patient
        raise AssertionError("a kept visit names no kept patient")
    day = visits.per_cell("date", ordinals, -1)[kept]
    measures = {
        name: np.array(visits.values[name][kept], dtype=np.float64)  # None -> NaN
        for name in present
    }
    table = VisitTable(
        patient=patient.astype(np.int64),
        day=day,
        values=measures,
        patient_ids=tuple(patient_ids),
    )
    return VisitRows(table, model)


def kept_regimens(regimens: CheckedTable, patient_ids: Sequence[str]) -> RegimenRows:
    """The kept regimens as columns (:class:`RegimenRows`)."""
    kept = np.flatnonzero(kept_mask(regimens))
    patient = regimens.per_cell("patient_id", lambda c: row_of(id_index(patient_ids), c), -1)[kept]
    if (patient < 0).any():  # a guard: a kept regimen names a kept patient
        raise AssertionError("a kept regimen names no kept patient")
    values = regimens.values
    return RegimenRows(
        patient_ids,
        patient=patient.astype(np.int64),
        drug=values["drug"][kept],
        start=regimens.per_cell("start_date", ordinals, -1)[kept],
        stop=regimens.per_cell("stop_date", ordinals, -1)[kept],  # -1: ongoing
        dose=np.array(values["dose"][kept], dtype=np.float64),  # None -> NaN
        unit=values["dose_unit"][kept],
    )
