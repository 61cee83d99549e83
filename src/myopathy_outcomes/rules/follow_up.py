"""As-treated follow-up: when a patient stops being on their arm's treatment, and why.

Under ``follow_up_analysis = "as-treated"`` (:class:`~myopathy_outcomes.outcomes.OutcomeRules`)
follow-up ends at the first of:

Discontinuation
    The arm's treatment is its drug sets: a head-to-head arm's index drugs;
    the index drug and the add-on of an arm by add-on (each counts); the
    index drug of the arm without an add-on. For each set, the courses of
    its drugs in start order form episodes: a course continues the episode
    when it starts no later than ``grace_days`` after the latest stop so far
    (a gap of up to ``grace_days`` is bridged; a restart after a longer gap
    is a new episode). The episode of the regimen that put the patient on
    the set (the index regimen; the add-on regimen that chose the arm) ends
    at its latest stop, and the patient is off the set ``grace_days`` later.
    A course without a stop date never ends.
Switch
    The first start, strictly after the index date, of a drug that defines
    another arm: another head-to-head arm's index drug; an add-on of
    another arm (for the arm without an add-on, any add-on).

Events on the end day count. The time-to-event endpoints and the follow-up
values then read only the records up to that day
(:mod:`myopathy_outcomes.outcomes.events`, :mod:`myopathy_outcomes.outcomes.windows`).
Both engines decide with the functions here and word with :func:`ended_text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from myopathy_outcomes.drug_sets import DrugSet
from myopathy_outcomes.drugs import Drug, short_name
from myopathy_outcomes.models import Regimen
from myopathy_outcomes.rules.protocols import AssignmentDesign
from myopathy_outcomes.words import days_text

__all__ = ["FollowUpEnd", "as_treated_end", "ended_text", "switch_drugs", "treatment_sets"]


@dataclass(frozen=True)
class FollowUpEnd:
    """Where one patient's as-treated follow-up ends.

    Attributes
    ----------
    day : date or None
        The last day of follow-up (events on it count); None while the
        patient is on treatment to their last record.
    cause : str
        In words: the discontinuation or the switch, or that treatment went on.
    """

    day: date | None
    cause: str


def treatment_sets(design: AssignmentDesign, group: str) -> tuple[tuple[DrugSet, bool], ...]:
    """The drug sets a patient of ``group`` must stay on, each with whether it is the add-on.

    The episode of an add-on set is the add-on regimen's; of any other, the index regimen's.
    """
    arm = next(a for a in design.arms if a.label == group)
    if arm.index is not None:
        return ((arm.index, False),)
    if arm.add_on is not None:
        return ((design.index, False), (arm.add_on, True))
    return ((design.index, False),)


def switch_drugs(design: AssignmentDesign, group: str) -> tuple[Drug, ...]:
    """The drugs whose start after the index date is a switch away from ``group``."""
    arm = next(a for a in design.arms if a.label == group)
    if arm.index is not None:
        others = [a.index for a in design.arms if a.index is not None and a is not arm]
        return tuple(d for d in Drug if any(d in s for s in others))
    own = arm.add_on
    return tuple(d for d in design.add_ons if own is None or d not in own)


def episode_end(courses: Sequence[Regimen], reference: Regimen, grace_days: int) -> Regimen | None:
    """The course whose stop ends the episode of ``reference``; None when it never ends.

    ``courses`` are one drug set's, in start order (:func:`~.eligibility.ordered`),
    ``reference`` among them. Of courses sharing the latest stop, the first
    in order is named.
    """
    grace = timedelta(days=grace_days)
    episode: list[Regimen] = []
    reach: date | None = None  # the latest stop of the episode so far; None: a course is open
    found = False
    for course in courses:
        if episode and reach is not None and course.start_date > reach + grace:
            if found:
                break
            episode = []
        if not episode:
            reach = course.stop_date
        elif reach is not None:
            reach = None if course.stop_date is None else max(reach, course.stop_date)
        episode.append(course)
        found = found or course == reference
    if reach is None:
        return None
    return next(c for c in episode if c.stop_date == reach)


def as_treated_end(
    regimens: Sequence[Regimen],
    design: AssignmentDesign,
    *,
    group: str,
    index_regimen: Regimen,
    add_on_regimen: Regimen | None,
    grace_days: int,
) -> FollowUpEnd:
    """One patient's end of as-treated follow-up (see the module notes).

    ``regimens`` are the patient's, in :func:`~.eligibility.ordered` order;
    the index and add-on regimens are among them.
    """
    index_date = index_regimen.start_date
    grace = timedelta(days=grace_days)
    stops: list[Regimen] = []
    for drugs, is_add_on in treatment_sets(design, group):
        courses = [r for r in regimens if r.drug in drugs]
        reference = add_on_regimen if is_add_on and add_on_regimen is not None else index_regimen
        end = episode_end(courses, reference, grace_days)
        if end is not None:
            stops.append(end)
    stopped = min(stops, key=lambda r: r.stop_date or index_date, default=None)
    switching = set(switch_drugs(design, group))
    switch = next((r for r in regimens if r.drug in switching and r.start_date > index_date), None)
    off = None if stopped is None or stopped.stop_date is None else stopped.stop_date + grace
    if switch is not None and (off is None or switch.start_date <= off):
        return FollowUpEnd(switch.start_date, ended_text(switch.drug, switch.start_date, None, 0))
    if stopped is None or off is None or stopped.stop_date is None:
        return FollowUpEnd(None, "on treatment to the last record")
    return FollowUpEnd(off, ended_text(stopped.drug, None, stopped.stop_date, grace_days))


def ended_text(drug: Drug, switched: date | None, stopped: date | None, grace_days: int) -> str:
    """Why as-treated follow-up ended: a switch on ``switched``, or a stop plus grace."""
    if switched is not None:
        return f"switched: {short_name(drug)} started {switched}"
    grace = f" + {days_text(grace_days)} grace" if grace_days else ""
    return f"{short_name(drug)} stopped {stopped}{grace}"
