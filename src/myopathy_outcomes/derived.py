"""What the analysis derives for each analysed patient, over the cohort's tables.

:func:`derive` runs the columnar twins of the per-patient rules
(:mod:`myopathy_outcomes.columnar`): baseline and follow-up windows,
observation time, ILD progression under each criterion, and the endpoints.
Property tests hold each twin equal to its reference.
"""

from __future__ import annotations

import dataclasses
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
from myopathy_outcomes.columnar.assignment import Assignments, assignment_columns
from myopathy_outcomes.columnar.events import EventTimes
from myopathy_outcomes.columnar.follow_up import follow_up_days, follow_up_ends
from myopathy_outcomes.columnar.ild import results_at
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.resolved import ResolvedStudy
from myopathy_outcomes.rules.eligibility import ordered
from myopathy_outcomes.rules.follow_up import FollowUpEnd, as_treated_end
from myopathy_outcomes.rules.groups import Assignment
from myopathy_outcomes.rules.ild import IldCriterion, IldProgression
from myopathy_outcomes.storage import Cohort
from myopathy_outcomes.storage.on_demand import objects
from myopathy_outcomes.storage.patients import PatientColumns

__all__ = ["Derived", "as_treated_ends", "derive"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True)
class Derived:
    """What the analysis derived for its patients, one entry per analysed patient.

    Attributes
    ----------
    people : PatientColumns
        The analysed patients' fields as columns, in the cohort's order.
    groups : tuple of str
        Each patient's group.
    index_dates : tuple of date
        Each patient's index date.
    baseline, follow_up : mapping of str to float array
        By measure, each patient's baseline and follow-up value (NaN: none):
        the design's measures and the core set measures its response
        outcome reads.
    observation_months : float array
        Months from the index date to the last visit after it or death (NaN: neither).
    ild : sequence of IldProgression
        Each patient's progression under the study's main criterion
        (:func:`~myopathy_outcomes.columnar.ild.progression_columns` reads the
        decisions as columns).
    ild_sensitivity : tuple of sequence of IldProgression
        The same under each sensitivity criterion, in the study's order.
    events : EventTimes
        Every endpoint of every patient, three per patient.
    other_events : EventTimes or None
        The same under the other follow-up analysis, when the outcome rules
        ask for both (``report_both``); None otherwise.
    """

    people: PatientColumns
    groups: tuple[str, ...]
    index_dates: tuple[dt.date, ...]
    baseline: Mapping[str, FloatArray]
    follow_up: Mapping[str, FloatArray]
    observation_months: FloatArray
    ild: Sequence[IldProgression]
    ild_sensitivity: tuple[Sequence[IldProgression], ...]
    events: EventTimes
    other_events: EventTimes | None = None

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


def derive(cohort: Cohort, assignments: Sequence[Assignment], study: ResolvedStudy) -> Derived:
    """Derive every analysed patient's values, progression and endpoints, over the tables.

    The columnar twins of the per-patient rules (:mod:`myopathy_outcomes.columnar`)
    do the work; property tests hold each equal to its reference.
    """
    design, measures = study.design, study.measures
    ild_rules = study.ild_criteria
    lung = study.lung_measures
    core_set = () if design.response is None else design.response.visit_measures
    kept = {m.name: m for m in (*measures, *map(design.measure, core_set))}
    wanted = {**kept, **{m.name: m for m in lung}}
    table = cohort.visit_table(tuple(wanted))
    where = {pid: i for i, pid in enumerate(table.patient_ids)}
    assigned = assignment_columns(assignments)
    has_group = np.array([g is not None for g in assigned.group.tolist()], dtype=bool)
    analysed = np.flatnonzero(has_group & (assigned.index_day >= 0))
    rows = np.array([where[assigned.patient_ids[a]] for a in analysed.tolist()], dtype=np.intp)
    if np.any(np.diff(rows) <= 0):
        raise ValueError("the assignments must follow the cohort's patients, once each")
    index_day = np.full(len(table.patient_ids), -1, dtype=np.int64)
    index_day[rows] = assigned.index_day[analysed]
    rules = design.outcome_rules
    ends = as_treated_ends(cohort, assignments, design) if rules.as_treated else None
    end_day = None if ends is None else follow_up_days(ends)
    windows = {
        name: measure_windows(table, index_day, m, rules, end_day) for name, m in wanted.items()
    }
    people = cohort.patient_table
    death_day = people.death_day
    every_visit = last_visit_after(table, index_day)
    months = observation_months(every_visit, index_day, death_day)

    fvc, dlco = windows["fvc_pct"], windows.get("dlco_pct")
    missing_days = np.full(len(index_day), -1, dtype=np.int64)
    baselines = BaselineTable(
        fvc=fvc.baseline,
        fvc_day=fvc.baseline_day,
        dlco=np.full(len(index_day), np.nan) if dlco is None else dlco.baseline,
        dlco_day=missing_days if dlco is None else dlco.baseline_day,
    )
    record = table_records(table, cohort.patients, [m.name for m in lung])
    ild = [assess_table(rule, table, index_day, baselines, record) for rule in ild_rules]

    def results_of(rule: IldCriterion) -> Sequence[IldProgression]:
        found = next(r for r, seen in zip(ild, ild_rules, strict=True) if seen == rule)
        return results_at(found, rows, table.patient_ids)

    def events_until(follow_up: Sequence[FollowUpEnd] | None) -> EventTimes:
        """The endpoints with follow-up ending where ``follow_up`` says (None: every record)."""
        last_visit = every_visit
        if follow_up is not None:
            last_visit = last_visit_after(table, index_day, follow_up_days(follow_up))
        return event_times_table(
            table.patient_ids,
            index_day,
            last_visit_day=last_visit,
            death_day=death_day,
            has_ild=people.ild,
            ild=ild[0],
            follow_up=follow_up,
        )

    other_events = None
    if rules.report_both:
        other = dataclasses.replace(design, outcome_rules=rules.other_analysis)
        other_ends = as_treated_ends(cohort, assignments, other) if ends is None else None
        other_events = events_until(other_ends)
    return Derived(
        people=people.select(rows),
        groups=tuple(str(g) for g in assigned.group[analysed].tolist()),
        index_dates=tuple(map(dt.date.fromordinal, assigned.index_day[analysed].tolist())),
        baseline={name: windows[name].baseline[rows] for name in kept},
        follow_up={name: windows[name].follow_up[rows] for name in kept},
        observation_months=months[rows],
        ild=results_of(study.ild_criterion),
        ild_sensitivity=tuple(results_of(rule) for rule in study.ild_sensitivity),
        events=events_until(ends),
        other_events=other_events,
    )


def as_treated_ends(
    cohort: Cohort, assignments: Sequence[Assignment], design: StudyDesign
) -> Sequence[FollowUpEnd]:
    """Every patient's end of as-treated follow-up, in the cohort's order.

    Over the tables for the columnar engine's assignments; patient by patient
    (:func:`~myopathy_outcomes.rules.follow_up.as_treated_end`) for a design
    with its own rules.
    """
    grace = design.outcome_rules.grace_days
    if isinstance(assignments, Assignments):
        arm, index_row, add_on_row = assignments.rows()
        return follow_up_ends(
            design,
            assignments.sorted,
            arm=arm,
            index_row=index_row,
            add_on_row=add_on_row,
            grace_days=grace,
        )
    records = cohort.records
    on_treatment = FollowUpEnd(None, "not analysed")
    return tuple(
        on_treatment
        if a.group is None or a.index_regimen is None
        else as_treated_end(
            ordered(records[a.patient_id].regimens),
            design,
            group=a.group,
            index_regimen=a.index_regimen,
            add_on_regimen=a.add_on_regimen,
            grace_days=grace,
        )
        for a in assignments
    )
