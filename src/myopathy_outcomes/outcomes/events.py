"""Time-to-event endpoints: from the index date to ILD progression, death, or either.

Rules
-----
Time zero is the index date; times are whole days (and months of
365.25 / 12 days for display). The last contact is the last visit strictly
after the index date.

``ild_progression``
    For patients with ILD at baseline whose progression the criterion can
    evaluate. Event: the first visit that met the criterion. Otherwise
    censored at the last visit, or at death when the patient died later
    (death is *censoring* here; for death as a competing event use
    ``status``, below).
``death``
    Every patient. Event: death on or after the index date. Otherwise
    censored at the last visit.
``progression_or_death``
    Patients of the ``ild_progression`` endpoint. Event: the first of
    progression and death; otherwise censored at the last visit.

A patient with no visit after the index date and no death has no time at
risk; they are left out of the endpoint with that reason, never given time 0.

As treated (``OutcomeRules(follow_up_analysis="as-treated")``), the same
rules read only the records up to the end of as-treated follow-up
(:mod:`myopathy_outcomes.rules.follow_up`): a later visit is not a contact,
a later progression is not an event, and a later death is not known.

``status`` codes the competing-risks reading of ``ild_progression``:
0 censored, 1 progression, 2 death before any progression (the input of
:func:`myopathy_outcomes.stats.cumulative_incidence`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from myopathy_outcomes.models import PatientRecord
from myopathy_outcomes.rules.follow_up import FollowUpEnd
from myopathy_outcomes.rules.ild import IldProgression

__all__ = ["DAYS_PER_MONTH", "Endpoint", "EventTime", "endpoint_times", "event_times"]

DAYS_PER_MONTH = 365.25 / 12


class Endpoint(StrEnum):
    """The time-to-event endpoints, in the order a report shows them."""

    ILD_PROGRESSION = "ild_progression"
    DEATH = "death"
    PROGRESSION_OR_DEATH = "progression_or_death"

    @property
    def label(self) -> str:
        """The endpoint in words, for table headings."""
        return {
            Endpoint.ILD_PROGRESSION: "Time to ILD progression",
            Endpoint.DEATH: "Time to death",
            Endpoint.PROGRESSION_OR_DEATH: "Time to ILD progression or death",
        }[self]

    @property
    def event_free(self) -> str:
        """What the Kaplan-Meier estimate of this endpoint is called (``"1-year <this>"``).

        ILD progression, with death censoring it, is progression-free (not
        survival); death is survival; the first of the two is progression-free
        survival.

        Examples
        --------
        >>> [e.event_free for e in Endpoint]
        ['progression-free', 'survival', 'progression-free survival']
        """
        return {
            Endpoint.ILD_PROGRESSION: "progression-free",
            Endpoint.DEATH: "survival",
            Endpoint.PROGRESSION_OR_DEATH: "progression-free survival",
        }[self]


@dataclass(frozen=True)
class EventTime:
    """One patient's time and event for one endpoint, or why they have none.

    Attributes
    ----------
    patient_id : str
        The patient.
    endpoint : Endpoint
        Which endpoint.
    days : int or None
        Days from the index date to the event or censoring; None when the
        patient is not in this endpoint.
    event : bool
        Whether the event occurred (False when censored or left out).
    status : int
        0 censored (or left out), 1 the event, 2 a competing death
        (``ild_progression`` only).
    reason : str
        In words: the event and its date, the censoring and its date, or why
        the patient is left out.
    follow_up_end : date or None
        As treated: the last day of follow-up (None while on treatment, and
        in an intention-to-treat analysis).
    follow_up_cause : str or None
        As treated: why follow-up ended there; None in an intention-to-treat
        analysis.
    """

    patient_id: str
    endpoint: Endpoint
    days: int | None
    event: bool
    status: int
    reason: str
    follow_up_end: date | None = None
    follow_up_cause: str | None = None

    @property
    def months(self) -> float | None:
        """``days`` in months of 365.25 / 12 days."""
        return None if self.days is None else self.days / DAYS_PER_MONTH


def event_times(
    record: PatientRecord,
    index_date: date,
    ild: IldProgression,
    follow_up: FollowUpEnd | None = None,
) -> tuple[EventTime, ...]:
    """Every endpoint of one patient (see the module notes).

    Parameters
    ----------
    record : PatientRecord
        The patient, with visits sorted by date.
    index_date : date
        Time zero.
    ild : IldProgression
        The patient's progression under the design's criterion.
    follow_up : FollowUpEnd, optional
        The end of as-treated follow-up; None for intention to treat.

    Returns
    -------
    tuple of EventTime
        One per :class:`Endpoint`, in its order.

    Examples
    --------
    >>> from myopathy_outcomes.models import Patient, PatientRecord, Visit
    >>> p = Patient(patient_id="P", sex="F", birth_date="1960-01-01", diagnosis="DM",
    ...             ild=True, death_date="2016-06-01")
    >>> r = PatientRecord(p, (Visit(patient_id="P", date="2016-01-01", fvc_pct=80.0),))
    >>> ild = IldProgression("P", True, False, None, 80.0, 2.0, "no progression")
    >>> [(t.endpoint.value, t.days, t.status) for t in event_times(r, date(2015, 6, 1), ild)]
    [('ild_progression', 366, 2), ('death', 366, 1), ('progression_or_death', 366, 1)]
    """
    end = None if follow_up is None else follow_up.day
    later = [
        v.date for v in record.visits if v.date > index_date and (end is None or v.date <= end)
    ]
    return endpoint_times(
        record.patient_id,
        index_date,
        last_visit=max(later, default=None),
        death=record.patient.death_date,
        has_ild=record.patient.ild,
        ild=ild,
        follow_up=follow_up,
    )


def endpoint_times(
    patient_id: str,
    index_date: date,
    *,
    last_visit: date | None,
    death: date | None,
    has_ild: bool,
    ild: IldProgression,
    follow_up: FollowUpEnd | None = None,
) -> tuple[EventTime, ...]:
    """Every endpoint of one patient from the few facts they rest on, decided and worded.

    The one place the endpoints are decided: :func:`event_times` and the
    columnar engine (:mod:`myopathy_outcomes.columnar.events`) both call it.

    Parameters
    ----------
    patient_id : str
        The patient.
    index_date : date
        Time zero.
    last_visit : date or None
        The last visit strictly after the index date (and, as treated, on or
        before the end of follow-up); None without one.
    death : date or None
        The date of death, if the patient died (at any time).
    has_ild : bool
        ILD at baseline.
    ild : IldProgression
        The patient's progression under the design's criterion.
    follow_up : FollowUpEnd, optional
        The end of as-treated follow-up; None for intention to treat.

    Returns
    -------
    tuple of EventTime
        One per :class:`Endpoint`, in its order.
    """
    times = _endpoint_times(
        patient_id,
        index_date,
        last_visit=last_visit,
        death=death,
        has_ild=has_ild,
        ild=ild,
        end=None if follow_up is None else follow_up.day,
    )
    if follow_up is None:
        return times
    return tuple(
        replace(t, follow_up_end=follow_up.day, follow_up_cause=follow_up.cause) for t in times
    )


def _endpoint_times(
    patient_id: str,
    index_date: date,
    *,
    last_visit: date | None,
    death: date | None,
    has_ild: bool,
    ild: IldProgression,
    end: date | None,
) -> tuple[EventTime, ...]:
    pid = patient_id
    died = death if death is not None and death >= index_date else None
    if end is not None and died is not None and died > end:
        died = None  # after the end of as-treated follow-up: not known
    progressed = ild.progressed and ild.first_date is not None
    if end is not None and progressed and ild.first_date is not None and ild.first_date > end:
        progressed = False
    no_visit = "no visit after the index date" + (
        "" if end is None else f" up to the end of as-treated follow-up ({end.isoformat()})"
    )

    def days(when: date) -> int:
        return (when - index_date).days

    def left_out(endpoint: Endpoint, why: str) -> EventTime:
        return EventTime(pid, endpoint, None, False, 0, f"not included: {why}")

    def censored(endpoint: Endpoint, when: date, what: str) -> EventTime:
        return EventTime(
            pid, endpoint, days(when), False, 0, f"censored at {what} {when.isoformat()}"
        )

    if died is not None:
        death_time = EventTime(
            pid, Endpoint.DEATH, days(died), True, 1, f"died {died.isoformat()}"
        )
    elif last_visit is not None:
        death_time = censored(Endpoint.DEATH, last_visit, "the last visit")
    else:
        death_time = left_out(Endpoint.DEATH, no_visit)

    progression: EventTime
    either: EventTime
    if not has_ild:
        progression = left_out(Endpoint.ILD_PROGRESSION, "no ILD at baseline")
        either = left_out(Endpoint.PROGRESSION_OR_DEATH, "no ILD at baseline")
    elif not ild.evaluable:
        why = ild.reason.removeprefix("not evaluable: ")
        progression = left_out(Endpoint.ILD_PROGRESSION, f"progression not evaluable ({why})")
        either = left_out(Endpoint.PROGRESSION_OR_DEATH, f"progression not evaluable ({why})")
    elif progressed and ild.first_date is not None:
        when = ild.first_date
        progression = EventTime(
            pid, Endpoint.ILD_PROGRESSION, days(when), True, 1, f"progressed {when.isoformat()}"
        )
        first = when if died is None or when <= died else died
        what = "progressed" if first == when else "died"
        either = EventTime(
            pid, Endpoint.PROGRESSION_OR_DEATH, days(first), True, 1, f"{what} {first.isoformat()}"
        )
    elif died is not None and (last_visit is None or died >= last_visit):
        progression = EventTime(
            pid,
            Endpoint.ILD_PROGRESSION,
            days(died),
            False,
            2,
            f"censored at death {died.isoformat()} (a competing event)",
        )
        either = EventTime(
            pid, Endpoint.PROGRESSION_OR_DEATH, days(died), True, 1, f"died {died.isoformat()}"
        )
    elif last_visit is None:  # as treated: no visit before the end of follow-up
        progression = left_out(Endpoint.ILD_PROGRESSION, no_visit)
        either = left_out(Endpoint.PROGRESSION_OR_DEATH, no_visit)
    else:
        progression = censored(Endpoint.ILD_PROGRESSION, last_visit, "the last visit")
        either = censored(Endpoint.PROGRESSION_OR_DEATH, last_visit, "the last visit")
    return (progression, death_time, either)
