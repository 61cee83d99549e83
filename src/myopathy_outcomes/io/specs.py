"""The three tables a cohort is read from: each one's name, model and optional columns.

Every column of the patients and regimens tables is required (a value may
be missing where the model allows it, but the column must be there); the
visits table needs only ``patient_id`` and ``date``, and has a column for
every built-in measure and every measure a study declares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from myopathy_outcomes.covariates import Covariate
from myopathy_outcomes.errors import RowProblem
from myopathy_outcomes.models import Patient, Record, Regimen, patient_model, visit_model
from myopathy_outcomes.schema import Measure

__all__ = ["PATIENTS", "REGIMENS", "TABLES", "TableSpec", "table_problem", "table_specs"]


@dataclass(frozen=True)
class TableSpec:
    """One of the three input tables, the model its rows must satisfy, its optional columns."""

    name: str
    model: type[Record]
    optional: frozenset[str] = frozenset()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.model.model_fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.optional)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def frame_label(self) -> str:
        return f"{self.name} table"


PATIENTS: Final = TableSpec("patients", Patient)
REGIMENS: Final = TableSpec("regimens", Regimen)


def table_specs(
    measures: tuple[Measure, ...] = (), covariates: tuple[Covariate, ...] = ()
) -> tuple[TableSpec, TableSpec, TableSpec]:
    """The three tables; visits have a column for every built-in and declared measure.

    In ``visits`` only ``patient_id`` and ``date`` are required: a measure
    column may be absent (its values are then missing). A declared covariate
    is a required column of ``patients`` (:mod:`myopathy_outcomes.covariates`).
    """
    model = visit_model(measures)
    optional = frozenset(model.model_fields) - {"patient_id", "date"}
    patients = TableSpec("patients", patient_model(covariates)) if covariates else PATIENTS
    return (patients, TableSpec("visits", model, optional), REGIMENS)


TABLES: Final = table_specs()
"""The three tables with the built-in measures only."""


def table_problem(label: str, message: str) -> RowProblem:
    """A problem of a whole table (an unreadable file, a missing column): no row, no patient."""
    return RowProblem(label, None, None, None, message)
