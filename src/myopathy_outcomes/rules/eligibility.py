"""Index date and eligibility: who enters a study, from their drug history and the design.

The default rule, :func:`standard_eligibility`, is the paper's, with every
drug taken from the :class:`~myopathy_outcomes.design.StudyDesign`:

Index date
    The first start date of any drug of ``design.index``. A patient with
    none is not eligible (:attr:`Ineligibility.NO_INDEX`). Same-day starts
    are ordered by drug name, so the row order never matters.
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
    Index exposure, then background, then prior therapy; the first rule that
    fails is reported.

Another rule is any callable with the signature of :class:`EligibilityRule`,
set as ``StudyDesign.eligibility``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
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
    """

    kind: Ineligibility
    step: str
    reason: str


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
    first = IndexStart(index_regimens[0])
    index = first.date
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
