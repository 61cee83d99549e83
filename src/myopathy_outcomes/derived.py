"""What the analysis derives for each analysed patient, over the cohort's tables.

:func:`derive` runs the columnar twins of the per-patient rules
(:mod:`myopathy_outcomes.columnar`): baseline and follow-up windows,
observation time, ILD progression under each criterion, and the endpoints.
Property tests hold each twin equal to its reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.columnar import (
    BaselineTable,
    assess_table,
    event_times_table,
    last_visit_after,
    measure_windows,
    observation_months,
    table_records,
)
from myopathy_outcomes.columnar.assignment import assignment_columns
from myopathy_outcomes.columnar.events import EventTimes
from myopathy_outcomes.columnar.ild import results_at
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.models import Cohort, Patient
from myopathy_outcomes.rules.groups import Assignment
from myopathy_outcomes.rules.ild import IldProgression, criterion
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.storage.on_demand import objects
from myopathy_outcomes.storage.patients import PatientColumns, patient_columns, patients_at
from myopathy_outcomes.storage.visits import visit_table

__all__ = ["Derived", "derive"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True)
class Derived:
    """What the analysis derived for its patients, one entry per analysed patient.

    Attributes
    ----------
    patients : sequence of Patient
        The analysed patients, in the cohort's order (columns, as
        :attr:`people`, when the cohort's are).
    groups : tuple of str
        Each patient's group.
    index_dates : tuple of date
        Each patient's index date.
    baseline, follow_up : mapping of str to float array
        By measure, each patient's baseline and follow-up value (NaN: none).
    observation_months : float array
        Months from the index date to the last visit after it or death (NaN: neither).
    ild : mapping of str to sequence of IldProgression
        By criterion name, each patient's progression; the design's criterion
        first (:func:`~myopathy_outcomes.columnar.ild.progression_columns`
        reads the decisions as columns).
    events : EventTimes
        Every endpoint of every patient, three per patient.
    """

    patients: Sequence[Patient]
    groups: tuple[str, ...]
    index_dates: tuple[dt.date, ...]
    baseline: Mapping[str, FloatArray]
    follow_up: Mapping[str, FloatArray]
    observation_months: FloatArray
    ild: Mapping[str, Sequence[IldProgression]]
    events: EventTimes

    @cached_property
    def people(self) -> PatientColumns:
        """The patients' fields as columns."""
        return patient_columns(self.patients)

    @cached_property
    def patient_ids(self) -> NDArray[np.object_]:
        """Each patient's id, as an array (read-only)."""
        ids = objects(self.people.patient_ids)
        ids.flags.writeable = False
        return ids

    @cached_property
    def index_days(self) -> NDArray[np.int64]:
        """Each patient's index date as an ordinal day."""
        return np.array([d.toordinal() for d in self.index_dates], dtype=np.int64)

    def members(self, labels: Sequence[str]) -> dict[str, IntArray]:
        """Positions of each group's patients."""
        groups = np.array(self.groups, dtype=object)
        return {g: np.flatnonzero(groups == g) for g in labels}


def derive(
    cohort: Cohort,
    assignments: Sequence[Assignment],
    design: StudyDesign,
    measures: Sequence[Measure],
) -> Derived:
    """Derive every analysed patient's values, progression and endpoints, over the tables.

    The columnar twins of the per-patient rules (:mod:`myopathy_outcomes.columnar`)
    do the work; property tests hold each equal to its reference.
    """
    named = {r.name: r for r in (design.ild_rule, *map(criterion, design.ild_sensitivity))}
    ild_rules = tuple(named.values())  # the design's criterion first, each once
    lung = sorted({m for rule in ild_rules for m in rule.measures})
    wanted = {m.name: m for m in (*measures, *(design.measure(n) for n in lung))}
    table = visit_table(cohort, tuple(wanted))
    where = {pid: i for i, pid in enumerate(table.patient_ids)}
    assigned = assignment_columns(assignments)
    has_group = np.array([g is not None for g in assigned.group.tolist()], dtype=bool)
    analysed = np.flatnonzero(has_group & (assigned.index_day >= 0))
    rows = np.array([where[assigned.patient_ids[a]] for a in analysed.tolist()], dtype=np.intp)
    if np.any(np.diff(rows) <= 0):
        raise ValueError("the assignments must follow the cohort's patients, once each")
    index_day = np.full(len(table.patient_ids), -1, dtype=np.int64)
    index_day[rows] = assigned.index_day[analysed]
    windows = {
        name: measure_windows(table, index_day, m, design.outcome_rules)
        for name, m in wanted.items()
    }
    people = patient_columns(cohort.patients)
    death_day = people.death_day
    last_visit = last_visit_after(table, index_day)
    months = observation_months(last_visit, index_day, death_day)

    fvc, dlco = windows["fvc_pct"], windows.get("dlco_pct")
    missing_days = np.full(len(index_day), -1, dtype=np.int64)
    baselines = BaselineTable(
        fvc=fvc.baseline,
        fvc_day=fvc.baseline_day,
        dlco=np.full(len(index_day), np.nan) if dlco is None else dlco.baseline,
        dlco_day=missing_days if dlco is None else dlco.baseline_day,
    )
    record = table_records(table, cohort.patients, lung)
    ild = {
        rule.name: assess_table(rule, table, index_day, baselines, record) for rule in ild_rules
    }
    events = event_times_table(
        table.patient_ids,
        index_day,
        last_visit_day=last_visit,
        death_day=death_day,
        has_ild=people.ild,
        ild=ild[ild_rules[0].name],
    )
    return Derived(
        patients=patients_at(cohort.patients, rows),
        groups=tuple(str(g) for g in assigned.group[analysed].tolist()),
        index_dates=tuple(map(dt.date.fromordinal, assigned.index_day[analysed].tolist())),
        baseline={m.name: windows[m.name].baseline[rows] for m in measures},
        follow_up={m.name: windows[m.name].follow_up[rows] for m in measures},
        observation_months=months[rows],
        ild={name: results_at(results, rows, table.patient_ids) for name, results in ild.items()},
        events=events,
    )
