"""Group assignment: which arm of the design each eligible patient belongs to, and why.

The default rule, :func:`add_on_grouping`, splits patients by an add-on
exposure given with the index drug (the paper: MMF with or without a CNI):

Qualifying add-on
    A regimen of a drug in some arm's ``add_on`` set (index drugs excepted)
    that is taken past the index date, or started within
    ``design.add_on_window_days`` after it, both ends inclusive: with the
    default 30, an add-on started on day 30 counts and one started on day 31
    does not. "Taken past the index date" means started on or before it and
    not stopped on or before it: an add-on stopped on the index date was
    switched to the index drug, not combined with it, so a CNI started and
    stopped on the index date itself does not count either.
Arm
    The first qualifying regimen by start date (same-day starts by drug
    name) decides; its arm is the first arm, in the design's order, whose
    add-on set holds the drug. With no qualifying add-on the patient goes to
    the arm without an add-on, or is not eligible
    (:attr:`~myopathy_outcomes.rules.eligibility.Ineligibility.NO_GROUP`)
    when every arm has one.

Every :class:`Assignment` says in words why, naming the dates, and which
input rows (when the cohort was loaded from files) set the index date and
the arm. Another rule is any callable with the signature of
:class:`GroupingRule`, set as ``StudyDesign.grouping``.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import NoReturn, Protocol

from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.models import PatientRecord, Regimen
from myopathy_outcomes.rules import reasons
from myopathy_outcomes.rules.eligibility import (
    Eligibility,
    EligibilityRule,
    Exclusion,
    IndexStart,
    Ineligibility,
    arm_position,
    new_user_exclusion,
    ordered,
)
from myopathy_outcomes.rules.protocols import AssignmentDesign
from myopathy_outcomes.storage import Cohort

__all__ = [
    "Assignment",
    "GroupChoice",
    "GroupingRule",
    "RuledDesign",
    "add_on_grouping",
    "assign_group",
    "assign_groups",
    "standard_grouping",
    "with_rows",
]


@dataclass(frozen=True)
class GroupChoice:
    """The arm chosen for one eligible patient, or why none fits.

    Attributes
    ----------
    group : str or None
        The arm's label; None when no arm fits.
    add_on : Regimen or None
        The regimen that chose the arm.
    reason : str
        Why, in words, starting with the arm's label (or ``"not eligible: "``).
    exclusion : Exclusion or None
        Set when no arm fits.
    """

    group: str | None
    add_on: Regimen | None
    reason: str
    exclusion: Exclusion | None = None


class GroupingRule(Protocol):
    """Choose the arm of one eligible patient from their regimens."""

    def __call__(
        self, regimens: Sequence[Regimen], index: IndexStart, design: AssignmentDesign
    ) -> GroupChoice:
        """``regimens`` are sorted by start date, then drug name."""
        ...


class RuledDesign(AssignmentDesign, Protocol):
    """A design with the rules that decide eligibility and the arm."""

    @property
    def eligibility(self) -> EligibilityRule:
        """Finds the index date and checks eligibility (:mod:`.eligibility`)."""
        ...

    @property
    def grouping(self) -> GroupingRule:
        """Chooses the arm of an eligible patient."""
        ...


def standard_grouping(
    regimens: Sequence[Regimen], index: IndexStart, design: AssignmentDesign
) -> GroupChoice:
    """The default grouping: by the drug started (head-to-head), else by an add-on.

    Examples
    --------
    >>> from myopathy_outcomes.design import Arm, DrugSet, StudyDesign
    >>> from myopathy_outcomes.rules.eligibility import IndexStart
    >>> design = StudyDesign(title="AZA vs MTX", index=None, arms=(
    ...     Arm("AZA", index=DrugSet(drugs=["azathioprine"])),
    ...     Arm("MTX", index=DrugSet(drugs=["methotrexate"]))))
    >>> mtx = Regimen(patient_id="P", drug="MTX", start_date="2015-03-08")
    >>> standard_grouping([mtx], IndexStart(mtx), design).reason
    'MTX: methotrexate started 2015-03-08, the first start of azathioprine or methotrexate'
    """
    if not design.head_to_head:
        return add_on_grouping(regimens, index, design)
    position = arm_position(index.drug, design)
    label = design.arms[position].label
    same_day = [
        r.drug
        for r in regimens
        if r.start_date == index.date
        and r.drug in design.index
        and arm_position(r.drug, design) != position
    ]
    how = reasons.drug_started(design, index.drug, index.date, same_day[0] if same_day else None)
    return GroupChoice(label, None, reasons.in_arm(label, how))


def add_on_grouping(
    regimens: Sequence[Regimen], index: IndexStart, design: AssignmentDesign
) -> GroupChoice:
    """The paper's grouping by an add-on exposure (see the module notes).

    Examples
    --------
    >>> from myopathy_outcomes.studies import HANAOKA_2019
    >>> from myopathy_outcomes.rules.eligibility import IndexStart
    >>> mmf = Regimen(patient_id="P", drug="MMF", start_date="2015-03-08")
    >>> tac = Regimen(patient_id="P", drug="tacrolimus", start_date="2015-03-20")
    >>> add_on_grouping([mmf, tac], IndexStart(mmf), HANAOKA_2019).reason
    'MMF + CNI: tacrolimus started 2015-03-20, 12 days after MMF (within 30 days)'
    """
    start, window = index.date, design.add_on_window_days
    window_end = start + timedelta(days=window)
    candidates = [r for r in regimens if r.drug in design.add_ons]
    qualifying = [
        r
        for r in candidates
        if r.start_date <= window_end and (r.stop_date is None or r.stop_date > start)
    ]
    if qualifying:
        chosen = qualifying[0]
        arm = reasons.arm_of(chosen.drug, design.arms)
        how = reasons.add_on_taken((chosen.drug, chosen.start_date), index.drug, start, window)
        return GroupChoice(arm.label, chosen, reasons.in_arm(arm.label, how))
    missing = reasons.no_add_on(
        design, index.drug, start, _stopped(candidates, start), _too_late(candidates, window_end)
    )
    alone = [a for a in design.arms if a.add_on is None]
    if alone:
        return GroupChoice(alone[0].label, None, reasons.in_arm(alone[0].label, missing))
    kind = Ineligibility.NO_GROUP
    return GroupChoice(
        None,
        None,
        reasons.not_eligible(missing),
        Exclusion(kind, reasons.exclusion_step(design, kind), missing),
    )


def _stopped(candidates: list[Regimen], start: date) -> reasons.Course | None:
    """The add-on course that stopped last on or before the index date (a switch or earlier)."""
    stopped = [r for r in candidates if r.stop_date is not None and r.stop_date <= start]
    if not stopped:
        return None
    last = max(stopped, key=lambda r: (r.stop_date or start, r.start_date))
    return last.drug, last.stop_date or start


def _too_late(candidates: list[Regimen], window_end: date) -> reasons.Course | None:
    """The first add-on course started after the window."""
    later = [r for r in candidates if r.start_date > window_end]
    return (later[0].drug, later[0].start_date) if later else None


@dataclass(frozen=True)
class Assignment:
    """One patient's eligibility and group, with the reason in words.

    Attributes
    ----------
    patient_id : str
        The patient.
    group : str or None
        The arm's label; None when not eligible.
    index_date : date or None
        First start of an index drug; None when there is none.
    ineligibility : Ineligibility or None
        The kind of rule that failed; None when eligible.
    exclusion : str or None
        The attrition row of that rule, from the design (``"no MMF"``).
    reason : str
        Always filled, e.g. ``"MMF + CNI: tacrolimus started 2015-03-20, 12
        days after MMF (within 30 days)"``.
    add_on : Drug or None
        The add-on drug that chose the arm.
    prior : tuple of Drug
        Distinct prior-therapy drugs started before the index date, in order
        of first start.
    index_drug : Drug or None
        The index drug whose start set the index date.
    index_regimen, add_on_regimen : Regimen or None
        The regimens that set the index date and chose the arm.
    index_row, add_on_row : int or None
        Their input rows, when the cohort was loaded from files
        (:func:`with_rows`); two overlapping rows of one drug can change a
        group, so the report names the row used.
    named_regimen : Regimen or None
        The regimen a reason names besides those (another group's drug
        started the same day, a course in the washout, the first record of
        too short a look-back).
    named_row : int or None
        Its input row.
    """

    patient_id: str
    group: str | None
    index_date: date | None
    ineligibility: Ineligibility | None
    exclusion: str | None
    reason: str
    add_on: Drug | None = None
    prior: tuple[Drug, ...] = ()
    index_drug: Drug | None = None
    index_regimen: Regimen | None = None
    add_on_regimen: Regimen | None = None
    index_row: int | None = None
    add_on_row: int | None = None
    named_regimen: Regimen | None = None
    named_row: int | None = None

    @property
    def eligible(self) -> bool:
        """Whether the patient is in one of the groups."""
        return self.group is not None


def assign_group(record: PatientRecord, design: RuledDesign) -> Assignment:
    """Decide whether a patient is eligible and, if so, their group.

    Parameters
    ----------
    record : PatientRecord
        The patient with their regimens.
    design : StudyDesign
        The study, e.g. :data:`myopathy_outcomes.studies.HANAOKA_2019`; its
        ``eligibility`` and ``grouping`` rules are applied.

    Returns
    -------
    Assignment
        The group (None when not eligible), the index date, the rule that
        failed, and the reason in words.

    Examples
    --------
    >>> from myopathy_outcomes.models import Patient, PatientRecord, Regimen
    >>> p = Patient(patient_id="P01", sex="F", birth_date="1960-01-01",
    ...             diagnosis="PM", ild=False)
    >>> def rx(drug, start, stop=None):
    ...     return Regimen(patient_id="P01", drug=drug, start_date=start, stop_date=stop)
    >>> record = PatientRecord(p, regimens=(
    ...     rx("PSL", "2014-01-10"), rx("AZA", "2014-02-01", "2015-03-01"),
    ...     rx("MMF", "2015-03-08"), rx("tacrolimus", "2015-03-20")))
    >>> from myopathy_outcomes.studies import HANAOKA_2019
    >>> a = assign_group(record, HANAOKA_2019)
    >>> a.group, a.add_on
    ('MMF + CNI', <Drug.TACROLIMUS: 'tacrolimus'>)
    >>> a.prior
    (<Drug.AZATHIOPRINE: 'azathioprine'>,)
    >>> a.reason
    'MMF + CNI: tacrolimus started 2015-03-20, 12 days after MMF (within 30 days)'
    """
    pid = record.patient_id
    regimens = ordered(record.regimens)
    eligibility = _checked_eligibility(
        design.eligibility(regimens, design), _RuleCall("eligibility", design.eligibility, pid)
    )
    index = eligibility.index
    common = {
        "patient_id": pid,
        "index_date": None if index is None else index.date,
        "prior": eligibility.prior,
        "index_drug": None if index is None else index.drug,
        "index_regimen": None if index is None else index.regimen,
    }
    if eligibility.exclusion is not None or index is None:
        exclusion = eligibility.exclusion
        if exclusion is None:  # a custom rule gave neither an index nor a reason
            _RuleCall("eligibility", design.eligibility, pid).fail(
                "an Eligibility with no index and no exclusion; give the index regimen, or "
                "an Exclusion saying why the patient is not eligible",
                ValueError,
            )
        return _excluded(exclusion, common)
    first_visit = record.visits[0].date if record.visits else None
    new_user = new_user_exclusion(regimens, first_visit, index, design)
    if new_user is not None:
        return _excluded(new_user, common)
    choice = _checked_choice(
        design.grouping(regimens, index, design),
        _RuleCall("grouping", design.grouping, pid),
        tuple(arm.label for arm in design.arms),
    )
    return Assignment(
        group=choice.group,
        ineligibility=None if choice.exclusion is None else choice.exclusion.kind,
        exclusion=None if choice.exclusion is None else choice.exclusion.step,
        reason=choice.reason,
        add_on=None if choice.add_on is None else choice.add_on.drug,
        add_on_regimen=choice.add_on,
        **common,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class _RuleCall:
    """One call of a design's rule for one patient, to name in a message about its return."""

    kind: str
    rule: object
    patient_id: str

    def fail(self, expected: str, error: type[Exception] = TypeError) -> NoReturn:
        """Raise ``error``: one line naming the rule, the patient and what was expected."""
        name = getattr(self.rule, "__qualname__", None) or type(self.rule).__qualname__
        raise error(
            f"{self.kind} rule {name} returned nonsense for patient "
            f"{_shown(self.patient_id)}: expected {expected}"
        )


def _shown(value: object) -> str:
    """``repr(value)``, cut to a few dozen characters so that a message stays one line."""
    return _REPR.repr(value)


_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60


def _checked_eligibility(result: object, call: _RuleCall) -> Eligibility:
    """``result`` if it is an :class:`Eligibility` a rule may return; raise naming the rule."""
    if not isinstance(result, Eligibility):
        call.fail(f"an Eligibility (index, prior, exclusion), got {_shown(result)}")
    index = result.index
    if index is not None:
        if not isinstance(index, IndexStart) or not isinstance(index.regimen, Regimen):
            call.fail(f"index to be None or an IndexStart of a Regimen, got {_shown(index)}")
        start = index.regimen.start_date
        if not isinstance(start, date) or isinstance(start, datetime):
            call.fail(f"an index date that is a date, got {_shown(start)}")
        if index.regimen.patient_id != call.patient_id:
            call.fail(
                "an index regimen of that patient, got one of patient "
                f"{_shown(index.regimen.patient_id)}",
                ValueError,
            )
    prior = result.prior
    if not isinstance(prior, tuple) or not all(isinstance(d, Drug) for d in prior):
        call.fail(f"prior to be a tuple of Drug, got {_shown(prior)}")
    exclusion = result.exclusion
    if exclusion is not None and not (
        isinstance(exclusion, Exclusion)
        and isinstance(exclusion.kind, Ineligibility)
        and isinstance(exclusion.step, str)
        and isinstance(exclusion.reason, str)
    ):
        call.fail(
            "exclusion to be None or an Exclusion (an Ineligibility kind, a step and a reason "
            f"in words), got {_shown(exclusion)}"
        )
    return result


def _checked_choice(result: object, call: _RuleCall, labels: tuple[str, ...]) -> GroupChoice:
    """``result`` if it is a :class:`GroupChoice` of one of ``labels``; raise naming the rule."""
    if not isinstance(result, GroupChoice):
        call.fail(f"a GroupChoice (group, add_on, reason), got {_shown(result)}")
    known = ", ".join(repr(label) for label in labels)
    if result.group is None:
        if result.exclusion is None:
            call.fail(
                f"a group (one of {known}) or an exclusion saying why none fits; got neither",
                ValueError,
            )
    elif result.group not in labels:
        error = ValueError if isinstance(result.group, str) else TypeError
        call.fail(
            f"a group of the design, one of {known}, got {_shown(result.group)}",
            error,
        )
    elif result.exclusion is not None:
        call.fail(
            f"a group or an exclusion, not both; got {_shown(result.group)} and an exclusion",
            ValueError,
        )
    if result.exclusion is not None and not isinstance(result.exclusion, Exclusion):
        call.fail(f"exclusion to be None or an Exclusion, got {_shown(result.exclusion)}")
    if result.add_on is not None and not isinstance(result.add_on, Regimen):
        call.fail(f"add_on to be None or a Regimen, got {_shown(result.add_on)}")
    if not isinstance(result.reason, str):
        call.fail(f"a reason in words (text), got {_shown(result.reason)}")
    return result


def _excluded(exclusion: Exclusion, common: Mapping[str, object]) -> Assignment:
    return Assignment(
        group=None,
        ineligibility=exclusion.kind,
        exclusion=exclusion.step,
        reason=reasons.not_eligible(exclusion.reason),
        named_regimen=exclusion.named,
        **common,  # type: ignore[arg-type]
    )


def assign_groups(cohort: Cohort, design: RuledDesign) -> tuple[Assignment, ...]:
    """Assign every patient in the cohort, in ``cohort.patients`` order.

    Each patient is assigned from their own record alone, so the order of
    patients never changes anyone's result.

    Parameters
    ----------
    cohort : Cohort
        The validated records.
    design : StudyDesign
        The study.

    Returns
    -------
    tuple of Assignment
        One assignment per patient, each with its reason in words.

    Examples
    --------
    >>> from myopathy_outcomes.models import Patient
    >>> from myopathy_outcomes.storage import Cohort
    >>> p = Patient(patient_id="P01", sex="M", birth_date="1970-05-05",
    ...             diagnosis="DM", ild=True)
    >>> from myopathy_outcomes.studies import HANAOKA_2019
    >>> [a.reason for a in assign_groups(Cohort(patients=(p,)), HANAOKA_2019)]
    ['not eligible: no MMF regimen']
    """
    return tuple(assign_group(record, design) for record in cohort.records.values())


def with_rows(assignments: Sequence[Assignment], cohort: Cohort) -> tuple[Assignment, ...]:
    """The assignments with the input row of each regimen they used (see ``Cohort.regimen_rows``).

    Without row numbers (a cohort built in memory) the assignments are returned as they are.
    """
    if not cohort.regimen_rows:
        return tuple(assignments)
    row_of = {id(r): row for r, row in zip(cohort.regimens, cohort.regimen_rows, strict=True)}

    def row(regimen: Regimen | None) -> int | None:
        return None if regimen is None else row_of.get(id(regimen))

    return tuple(
        replace(
            a,
            index_row=row(a.index_regimen),
            add_on_row=row(a.add_on_regimen),
            named_row=row(a.named_regimen),
        )
        for a in assignments
    )
