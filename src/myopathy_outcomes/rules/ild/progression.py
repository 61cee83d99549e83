"""What every ILD progression criterion shares: its input, its result and its protocol.

A criterion (:class:`IldCriterion`) compares each visit after the baseline
with the patient's baseline %FVC (and %DLCO where the criterion uses it) and
returns an :class:`IldProgression`: whether the patient progressed, the first
date, and the reason in words. Criteria live one per module beside this one
(:mod:`.paper`, :mod:`.ppf2022`, :mod:`.omeract`, :mod:`.inbuild`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from myopathy_outcomes.models import PatientRecord

__all__ = [
    "Baselines",
    "IldCriterion",
    "IldProgression",
    "add_months",
    "follow_up",
    "not_evaluable",
]


@dataclass(frozen=True)
class Baselines:
    """A patient's baseline lung function, from the design's baseline window.

    Attributes
    ----------
    fvc, dlco : float or None
        Baseline %FVC and %DLCO; None when the window holds none.
    fvc_date, dlco_date : date or None
        The dates of those baseline visits. When None, values after the index
        date count as follow-up.
    """

    fvc: float | None
    fvc_date: date | None = None
    dlco: float | None = None
    dlco_date: date | None = None


@dataclass(frozen=True)
class IldProgression:
    """Whether one patient's ILD progressed under one criterion, and why.

    Attributes
    ----------
    patient_id : str
        The patient.
    evaluable : bool
        False when the data cannot show progression or its absence (no
        baseline, or no value after it within the criterion's time limit).
    progressed : bool
        True when some visit met the criterion; always False when not evaluable.
    first_date : date or None
        The first visit that met the criterion.
    baseline_fvc : float or None
        The baseline %FVC used.
    max_decline : float or None
        The largest %FVC decline over the visits considered, in the
        criterion's unit (percent of baseline or points); negative when %FVC
        only improved. None without a %FVC to compare.
    reason : str
        In words: why not evaluable, when it progressed, or that it did not.
    visits_considered : int
        Visits with a value that were compared with baseline.
    criterion : str
        The criterion's name (``"paper"``, ``"ppf2022"``...).
    """

    patient_id: str
    evaluable: bool
    progressed: bool
    first_date: date | None
    baseline_fvc: float | None
    max_decline: float | None
    reason: str
    visits_considered: int = 0
    criterion: str = "paper"


def not_evaluable(
    patient_id: str, criterion: str, why: str, baseline_fvc: float | None = None
) -> IldProgression:
    """The result for a patient the criterion cannot judge: ``"not evaluable: <why>"``."""
    return IldProgression(
        patient_id=patient_id,
        evaluable=False,
        progressed=False,
        first_date=None,
        baseline_fvc=baseline_fvc,
        max_decline=None,
        reason=f"not evaluable: {why}",
        criterion=criterion,
    )


@runtime_checkable
class IldCriterion(Protocol):
    """A definition of ILD progression: one module per published definition."""

    @property
    def name(self) -> str:
        """The criterion's name on the command line and in reports (``"ppf2022"``)."""
        ...

    @property
    def measures(self) -> tuple[str, ...]:
        """The visit measures the criterion reads (``("fvc_pct", "dlco_pct")``)."""
        ...

    def describe(self) -> str:
        """The criterion in one line, with its source, for a report's Methods."""
        ...

    def assess(
        self, record: PatientRecord, index_date: date, baselines: Baselines
    ) -> IldProgression:
        """Decide one patient's progression after ``index_date``."""
        ...


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later; the month's last day if it has none.

    >>> add_months(date(2016, 2, 29), 12), add_months(date(2015, 1, 31), 1)
    (datetime.date(2017, 2, 28), datetime.date(2015, 2, 28))
    """
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def follow_up(
    record: PatientRecord, field: str, after: date, until: date | None = None
) -> Iterator[tuple[date, float]]:
    """``(date, value)`` of ``field`` at visits strictly after ``after`` and up to ``until``."""
    for visit in record.visits:
        value = getattr(visit, field)
        if value is not None and visit.date > after and (until is None or visit.date <= until):
            yield visit.date, value
