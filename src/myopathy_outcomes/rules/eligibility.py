"""Index date and eligibility: who enters a study, from their drug history and the design.

The default rule, :func:`standard_eligibility`, is the paper's, with every
drug taken from the :class:`~myopathy_outcomes.design.StudyDesign`:

Index date
    The first start date of any drug of ``design.index`` (in a head-to-head
    design, of any arm's index drugs). A patient with none is not eligible
    (:attr:`Ineligibility.NO_INDEX`). Same-day starts are ordered by drug
    name, so the row order never matters.
Two arms' drugs started the same day (head-to-head designs)
    When drugs of two arms both start on the index date, the patient is
    not eligible (:attr:`Ineligibility.SAME_DAY`, ``same_day_starts =
    "exclude"``, the default), or the index drug is the one of the arm
    listed first (``"arm-order"``).
Background therapy
    When ``design.background`` is set, one of its drugs is active on the
    index date: ``start <= index <= stop``, or no stop date. A course that
    stopped the day before does not count (:attr:`Ineligibility.NO_BACKGROUND`).
Prior therapy
    When ``design.prior`` is set, one of its drugs, not an index drug, was
    started *strictly before* the index date; a drug started on the index
    date itself does not count (:attr:`Ineligibility.NO_PRIOR`). The data
    hold no treatment response, so "refractory to" is read as "had been
    given".
Order of checks
    Index exposure (with the same-day rule), then background, then prior
    therapy; the first rule that fails is reported. The new-user rules
    (:func:`new_user_exclusion`: look-back, then washout) follow, for any
    eligibility rule.

Another rule is any callable with the signature of :class:`EligibilityRule`,
set as ``StudyDesign.eligibility``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.models import Regimen
from myopathy_outcomes.rules import reasons
from myopathy_outcomes.rules.protocols import AssignmentDesign
from myopathy_outcomes.rules.reasons import Ineligibility

__all__ = [
    "Eligibility",
    "EligibilityRule",
    "Exclusion",
    "IndexStart",
    "Ineligibility",
    "arm_position",
    "first_record",
    "index_regimen",
    "new_user_exclusion",
    "ordered",
    "standard_eligibility",
]


@dataclass(frozen=True)
class Exclusion:
    """Why a patient is not in the study.

    Attributes
    ----------
    kind : Ineligibility
        The kind of rule that failed.
    step : str
        The attrition table's row for it, from the design (``"no MMF"``).
    reason : str
        This patient's reason in words, with dates.
    named : Regimen or None
        The regimen the reason names besides the index regimen (the other
        group's drug started the same day, the course in the washout, the
        first record of too short a look-back).
    """

    kind: Ineligibility
    step: str
    reason: str
    named: Regimen | None = None


@dataclass(frozen=True)
class IndexStart:
    """The regimen whose start is the index date."""

    regimen: Regimen

    @property
    def date(self) -> date:
        """The index date."""
        return self.regimen.start_date

    @property
    def drug(self) -> Drug:
        """The index drug."""
        return self.regimen.drug


@dataclass(frozen=True)
class Eligibility:
    """The outcome of the eligibility rules for one patient.

    Attributes
    ----------
    index : IndexStart or None
        The index regimen; None when the patient has no index exposure.
    prior : tuple of Drug
        Distinct prior-therapy drugs started before the index date, in order
        of first start.
    exclusion : Exclusion or None
        None when the patient is eligible.
    """

    index: IndexStart | None
    prior: tuple[Drug, ...]
    exclusion: Exclusion | None


class EligibilityRule(Protocol):
    """Decide the index date and eligibility of one patient from their regimens."""

    def __call__(self, regimens: Sequence[Regimen], design: AssignmentDesign) -> Eligibility:
        """``regimens`` are sorted by start date, then drug name."""
        ...


def ordered(regimens: Iterable[Regimen]) -> list[Regimen]:
    """Regimens by start date, then drug name, stop date (open last) and dose.

    The order is total over a regimen's values, so row order never changes
    which of two same-day courses of one drug a reason names.
    """
    return sorted(
        regimens,
        key=lambda r: (
            r.start_date,
            r.drug.value,
            r.stop_date or date.max,
            -1.0 if r.dose is None else r.dose,
            r.dose_unit or "",
        ),
    )


def _distinct(drugs: Iterable[Drug]) -> tuple[Drug, ...]:
    return tuple(dict.fromkeys(drugs))


def _is_prior(regimen: Regimen, design: AssignmentDesign) -> bool:
    return (
        design.prior is not None
        and regimen.drug in design.prior
        and regimen.drug not in design.index
    )


def standard_eligibility(regimens: Sequence[Regimen], design: AssignmentDesign) -> Eligibility:
    """The paper's eligibility rule, with the drugs of ``design`` (see the module notes).

    Examples
    --------
    >>> from myopathy_outcomes.studies import HANAOKA_2019
    >>> from myopathy_outcomes.models import Regimen
    >>> r = [Regimen(patient_id="P", drug="PSL", start_date="2014-01-10"),
    ...      Regimen(patient_id="P", drug="MMF", start_date="2015-03-08")]
    >>> print(standard_eligibility(r, HANAOKA_2019).exclusion.reason)
    no immunosuppressant other than MMF started before MMF on 2015-03-08
    """
    index_regimens = [r for r in regimens if r.drug in design.index]
    if not index_regimens:
        kind = Ineligibility.NO_INDEX
        step = reasons.exclusion_step(design, kind)
        return Eligibility(None, (), Exclusion(kind, step, reasons.no_index(design.index)))
    chosen, other = index_regimen(index_regimens, design)
    first = IndexStart(chosen)
    index = first.date
    if other is not None and design.same_day_starts == "exclude":
        kind = Ineligibility.SAME_DAY
        labels = (
            design.arms[arm_position(chosen.drug, design)].label,
            design.arms[arm_position(other.drug, design)].label,
        )
        reason = reasons.same_day_starts((chosen.drug, index), other.drug, labels)
        step = reasons.exclusion_step(design, kind)
        return Eligibility(first, (), Exclusion(kind, step, reason, other))
    prior = _distinct(r.drug for r in regimens if r.start_date < index and _is_prior(r, design))

    def excluded(kind: Ineligibility, reason: str) -> Eligibility:
        step = reasons.exclusion_step(design, kind)
        return Eligibility(first, prior, Exclusion(kind, step, reason))

    background = design.background
    if background is not None:
        courses = [r for r in regimens if r.drug in background]
        if not any(r.is_active_on(index) for r in courses):
            ended = [r for r in courses if r.stop_date is not None and r.stop_date < index]
            began = [r for r in courses if r.start_date > index]
            last = max(ended, key=lambda r: (r.stop_date or index, r.start_date), default=None)
            return excluded(
                Ineligibility.NO_BACKGROUND,
                reasons.no_background(
                    background,
                    first.drug,
                    index,
                    ended=None if last is None else (last.drug, last.stop_date or index),
                    began=(began[0].drug, began[0].start_date) if began else None,
                ),
            )
    if design.prior is not None and not prior:
        same_day = _distinct(
            r.drug for r in regimens if r.start_date == index and _is_prior(r, design)
        )
        return excluded(
            Ineligibility.NO_PRIOR, reasons.no_prior(design.prior, first.drug, index, same_day)
        )
    return Eligibility(first, prior, None)


def arm_position(drug: Drug, design: AssignmentDesign) -> int:
    """The position of the head-to-head arm whose index drugs hold ``drug``."""
    return next(i for i, a in enumerate(design.arms) if a.index is not None and drug in a.index)


def index_regimen(
    index_regimens: Sequence[Regimen], design: AssignmentDesign
) -> tuple[Regimen, Regimen | None]:
    """The regimen that sets the index date, and another group's drug started that day.

    ``index_regimens`` are in :func:`ordered` order. In a head-to-head design
    the same-day starts of two arms are found here: under ``"arm-order"`` the
    index regimen is the first of the arm listed first; the other is the
    first same-day start of another arm (None when there is none).
    """
    first = index_regimens[0]
    if not design.head_to_head:
        return first, None
    same_day = [r for r in index_regimens if r.start_date == first.start_date]
    if design.same_day_starts == "arm-order":
        first = min(same_day, key=lambda r: arm_position(r.drug, design))
    arm = arm_position(first.drug, design)
    other = next((r for r in same_day if arm_position(r.drug, design) != arm), None)
    return first, other


def first_record(
    regimens: Sequence[Regimen], first_visit: date | None
) -> tuple[date, Regimen | None]:
    """The patient's first record: the first regimen's start, or a visit before it.

    ``regimens`` are in :func:`ordered` order and not empty; a visit on the
    day of the first start leaves the regimen named (it has an input row).
    """
    start = regimens[0]
    if first_visit is not None and first_visit < start.start_date:
        return first_visit, None
    return start.start_date, start


def new_user_exclusion(
    regimens: Sequence[Regimen],
    first_visit: date | None,
    index: IndexStart,
    design: AssignmentDesign,
) -> Exclusion | None:
    """The look-back, then the washout, of a new-user design; None when both hold.

    Look-back
        The first record (a visit or a regimen's start) is at least
        ``lookback_days`` before the index date (:attr:`Ineligibility.NO_LOOKBACK`).
    Washout
        No course of a washout drug was taken on any of the ``washout_days``
        days before the index date: a course started before the index date
        and not stopped before the first of those days (:attr:`Ineligibility.WASHOUT`).
        The course named is the last one started (ties: the last in
        :func:`ordered` order).
    """
    day = index.date
    if design.lookback_days is not None:
        first, regimen = first_record(regimens, first_visit)
        if (day - first).days < design.lookback_days:
            kind = Ineligibility.NO_LOOKBACK
            reason = reasons.no_lookback(
                design.lookback_days, day, first, None if regimen is None else regimen.drug
            )
            return Exclusion(kind, reasons.exclusion_step(design, kind), reason, regimen)
    if design.washout_days:  # 0 days: no washout
        opens = day - timedelta(days=design.washout_days)
        taken = [
            r
            for r in regimens
            if r.drug in design.washout_drugs
            and r.start_date < day
            and (r.stop_date is None or r.stop_date >= opens)
        ]
        if taken:
            last = taken[-1]
            kind = Ineligibility.WASHOUT
            reason = reasons.washout(
                design.washout_days, day, last.drug, last.start_date, last.stop_date
            )
            return Exclusion(kind, reasons.exclusion_step(design, kind), reason, last)
    return None
