"""Eligibility and group assignment, after Hanaoka et al. (2019).

The study population is patients with inflammatory myopathy on
prednisolone who were refractory to at least one immunosuppressant and were
then treated with mycophenolate mofetil (MMF); they are split by whether a
calcineurin inhibitor (CNI: cyclosporine or tacrolimus) was given with MMF.
Every rule below is a field of :class:`GroupingRules` and can be changed.

Rules
-----
Index date
    The first start date of any index drug (``index_drugs``, MMF by
    default). A patient with no index drug is not eligible
    (:attr:`Ineligibility.NO_MMF`).
On prednisolone
    A regimen of a drug in ``glucocorticoids`` is active on the index date:
    ``start <= index <= stop``, or no stop date. By default only
    prednisolone counts, as in the paper's population ("patients on
    prednisolone"); prednisone and methylprednisolone count only when added
    to ``glucocorticoids``.
    A regimen that stopped the day before the index date does not count
    (:attr:`Ineligibility.NO_GLUCOCORTICOID`). Skipped when
    ``require_glucocorticoid`` is False.
Refractory to a prior immunosuppressant
    Some drug of a class in ``prior_classes`` that is neither an index drug
    nor in ``not_prior`` was started *strictly before* the index date. By
    default the classes are calcineurin inhibitors, antimetabolites,
    biologics (rituximab) and alkylating agents (cyclophosphamide);
    glucocorticoids and intravenous immunoglobulin (an immunomodulator, not an
    immunosuppressant, in the myositis literature) do not count. A drug
    started on the index date itself does not count
    (:attr:`Ineligibility.NO_PRIOR_IMMUNOSUPPRESSANT`). Skipped when
    ``require_prior_immunosuppressant`` is False. The source data hold no
    treatment response, so "refractory" is approximated by "had been given".
Order of checks
    No index drug, then not on a glucocorticoid, then no prior
    immunosuppressant; the first rule that fails is reported.
Group
    ``MMF + CNI`` when a CNI (:attr:`DrugClass.CALCINEURIN_INHIBITOR`) is
    active on the index date, or is started within ``cni_window_days``
    after it, both ends inclusive: with the default 30, a CNI started on
    day 30 after the index date counts and one started on day 31 does not.
    A CNI that stopped before the index date, or on it (a switch to MMF
    rather than a combination), does not count; so a CNI started and stopped
    on the index date itself does not count either: it was not taken past
    the day MMF began. When several
    qualify, the first by start date is recorded. Otherwise ``MMF alone``.

The 30-day window is this library's choice: the paper says "MMF with a
CNI" without a time frame, and a CNI added within a month is taken to be
part of the same treatment decision.

References
----------
.. [1] Hanaoka H, Iida H, Kiyokawa T, Takakuwa Y, Kaneko Y. Mycophenolate
   mofetil treatment with or without a calcineurin inhibitor in resistant
   inflammatory myopathy. Clin Rheumatol. 2019;38:585-590.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from myopathy_outcomes.drugs import Drug, DrugClass
from myopathy_outcomes.models import Cohort, PatientRecord, Regimen

__all__ = [
    "Assignment",
    "Group",
    "GroupingRules",
    "Ineligibility",
    "assign_group",
    "assign_groups",
]


class Group(StrEnum):
    """Treatment group of an eligible patient."""

    MMF_CNI = "MMF + CNI"
    MMF_ALONE = "MMF alone"


class Ineligibility(StrEnum):
    """Why a patient is left out; the rows of the attrition table, in check order."""

    NO_MMF = "no MMF"
    NO_GLUCOCORTICOID = "not on prednisolone at the index date"
    NO_PRIOR_IMMUNOSUPPRESSANT = "no immunosuppressant before MMF"


_SHORT_NAMES = {Drug.MYCOPHENOLATE_MOFETIL: "MMF"}


def _name(drug: Drug) -> str:
    return _SHORT_NAMES.get(drug, drug.value)


def _names(drugs: Iterable[Drug]) -> str:
    """Drug names in a stable order, joined with "or"."""
    return " or ".join(sorted(_name(d) for d in drugs))


def _classes(classes: Iterable[DrugClass]) -> str:
    """Class names in a stable order, the last joined with "or"."""
    names = sorted(c.value for c in classes)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _check_drugs(value: object, name: str, *, allow_empty: bool = False) -> frozenset[Drug]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a frozenset of Drug, got {value!r}")
    drugs = frozenset(value)
    bad = [d for d in drugs if not isinstance(d, Drug)]
    if bad:
        raise TypeError(f"{name} must hold Drug members, got {bad[0]!r}")
    if not drugs and not allow_empty:
        raise ValueError(f"{name} must not be empty")
    return drugs


def _check_classes(value: object) -> frozenset[DrugClass]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"prior_classes must be a frozenset of DrugClass, got {value!r}")
    classes = frozenset(value)
    bad = [c for c in classes if not isinstance(c, DrugClass)]
    if bad:
        raise TypeError(f"prior_classes must hold DrugClass members, got {bad[0]!r}")
    if not classes:
        raise ValueError("prior_classes must not be empty")
    return classes


@dataclass(frozen=True)
class GroupingRules:
    """The eligibility and grouping rules; the defaults follow Hanaoka et al.

    Parameters
    ----------
    index_drugs : frozenset of Drug, default {mycophenolate mofetil}
        The first start of any of these is the index date.
    glucocorticoids : frozenset of Drug, default {prednisolone}
        The patient must be on one of these on the index date.
    require_glucocorticoid : bool, default True
        Apply the glucocorticoid rule.
    require_prior_immunosuppressant : bool, default True
        Apply the prior-immunosuppressant rule.
    cni_window_days : int, default 30
        A CNI started up to this many days after the index date (inclusive)
        puts the patient in ``MMF + CNI``.
    not_prior : frozenset of Drug, default {mycophenolic acid}
        Drugs that never count as the prior immunosuppressant, besides the
        index drugs: mycophenolic acid is the active form of MMF, so having
        taken it is not refractoriness to another drug.
    prior_classes : frozenset of DrugClass
        The classes whose drugs count as a prior immunosuppressant; by default
        calcineurin inhibitors, antimetabolites, biologics and alkylating
        agents. Glucocorticoids and immunoglobulin (IVIG, an immunomodulator)
        are left out.

    Examples
    --------
    >>> GroupingRules().cni_window_days
    30
    >>> GroupingRules(cni_window_days=-1)
    Traceback (most recent call last):
    ...
    ValueError: cni_window_days must be an integer >= 0, got -1
    """

    index_drugs: frozenset[Drug] = frozenset({Drug.MYCOPHENOLATE_MOFETIL})
    glucocorticoids: frozenset[Drug] = frozenset({Drug.PREDNISOLONE})
    require_glucocorticoid: bool = True
    require_prior_immunosuppressant: bool = True
    cni_window_days: int = 30
    not_prior: frozenset[Drug] = frozenset({Drug.MYCOPHENOLIC_ACID})
    prior_classes: frozenset[DrugClass] = frozenset(
        {
            DrugClass.CALCINEURIN_INHIBITOR,
            DrugClass.ANTIMETABOLITE,
            DrugClass.BIOLOGIC,
            DrugClass.ALKYLATING_AGENT,
        }
    )

    def __post_init__(self) -> None:
        index_drugs = _check_drugs(self.index_drugs, "index_drugs")
        glucocorticoids = _check_drugs(
            self.glucocorticoids, "glucocorticoids", allow_empty=not self.require_glucocorticoid
        )
        if index_drugs & glucocorticoids:
            raise ValueError(
                "index_drugs and glucocorticoids must not overlap, both hold "
                + _names(index_drugs & glucocorticoids)
            )
        object.__setattr__(self, "index_drugs", index_drugs)
        object.__setattr__(self, "glucocorticoids", glucocorticoids)
        object.__setattr__(
            self, "not_prior", _check_drugs(self.not_prior, "not_prior", allow_empty=True)
        )
        object.__setattr__(self, "prior_classes", _check_classes(self.prior_classes))
        window = self.cni_window_days
        if isinstance(window, bool) or not isinstance(window, int) or window < 0:
            raise ValueError(f"cni_window_days must be an integer >= 0, got {window!r}")

    def describe(self) -> str:
        """The rules in words, for a report's methods section.

        Examples
        --------
        >>> print(GroupingRules().describe())  # doctest: +NORMALIZE_WHITESPACE
        Index date: first start of MMF. Eligible: on prednisolone on the index date
        and another immunosuppressant (alkylating agent, antimetabolite, biologic or
        calcineurin inhibitor; not MMF or mycophenolic acid) started before it. MMF +
        CNI: a calcineurin inhibitor still taken after the index date (one stopped on
        it was switched) or started within 30 days after it (inclusive); otherwise MMF
        alone.
        """
        index = _names(self.index_drugs)
        parts = [f"Index date: first start of {index}."]
        conditions = []
        if self.require_glucocorticoid:
            conditions.append(f"on {_names(self.glucocorticoids)} on the index date")
        if self.require_prior_immunosuppressant:
            conditions.append(
                "another immunosuppressant ("
                + _classes(self.prior_classes)
                + f"; not {_names(self.index_drugs | self.not_prior)}) started before it"
            )
        if conditions:
            parts.append("Eligible: " + " and ".join(conditions) + ".")
        else:
            parts.append(f"Eligible: every patient given {index}.")
        parts.append(
            "MMF + CNI: a calcineurin inhibitor still taken after the index date (one "
            "stopped on it was switched) or started within "
            f"{self.cni_window_days} days after it (inclusive); otherwise MMF alone."
        )
        return " ".join(parts)


@dataclass(frozen=True)
class Assignment:
    """One patient's eligibility and group, with the reason in words.

    Attributes
    ----------
    patient_id : str
        The patient.
    group : Group or None
        None when not eligible.
    index_date : date or None
        First start of an index drug; None when there is none.
    ineligibility : Ineligibility or None
        The first rule that failed; None when eligible.
    reason : str
        Always filled, e.g. ``"MMF + CNI: tacrolimus started 2015-03-20, 12
        days after MMF (within 30 days)"``.
    cni : Drug or None
        The CNI that put the patient in ``MMF + CNI``.
    prior_immunosuppressants : tuple of Drug
        Distinct drugs started before the index date that count as prior
        immunosuppressants, in order of first start.
    index_drug : Drug or None
        The index drug whose start set the index date.
    """

    patient_id: str
    group: Group | None
    index_date: date | None
    ineligibility: Ineligibility | None
    reason: str
    cni: Drug | None
    prior_immunosuppressants: tuple[Drug, ...]
    index_drug: Drug | None = None

    @property
    def eligible(self) -> bool:
        """Whether the patient is in one of the two groups."""
        return self.group is not None


def _is_prior_immunosuppressant(regimen: Regimen, rules: GroupingRules) -> bool:
    return (
        regimen.drug_class in rules.prior_classes
        and regimen.drug not in rules.index_drugs
        and regimen.drug not in rules.not_prior
    )


def _distinct(drugs: Iterable[Drug]) -> tuple[Drug, ...]:
    return tuple(dict.fromkeys(drugs))


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _glucocorticoid_detail(regimens: list[Regimen], index: date) -> str:
    """What was nearest to the index date: a course that ended, or one that began later."""
    ended = [r for r in regimens if r.stop_date is not None and r.stop_date < index]
    later = [r for r in regimens if r.start_date > index]
    details = []
    if ended:
        last = max(ended, key=lambda r: (r.stop_date or index, r.start_date))
        details.append(f"{_name(last.drug)} stopped {last.stop_date}")
    if later:
        details.append(f"{_name(later[0].drug)} started {later[0].start_date}")
    return f" ({'; '.join(details)})" if details else ""


def assign_group(record: PatientRecord, rules: GroupingRules = GroupingRules()) -> Assignment:
    """Decide whether a patient is eligible and, if so, their group.

    Parameters
    ----------
    record : PatientRecord
        The patient with their regimens (sorted by start date).
    rules : GroupingRules, optional
        Eligibility and grouping rules; the defaults follow Hanaoka et al.

    Returns
    -------
    Assignment
        The group (None when not eligible), the index date, the first rule
        that failed, and the reason in words.

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
    >>> a = assign_group(record)
    >>> a.group, a.cni
    (<Group.MMF_CNI: 'MMF + CNI'>, <Drug.TACROLIMUS: 'tacrolimus'>)
    >>> a.prior_immunosuppressants
    (<Drug.AZATHIOPRINE: 'azathioprine'>,)
    >>> a.reason
    'MMF + CNI: tacrolimus started 2015-03-20, 12 days after MMF (within 30 days)'
    """
    pid = record.patient_id
    # Sorted here too (records built by hand may not be); same-day ties by drug name,
    # so the result never depends on the order rows arrived in.
    regimens = sorted(record.regimens, key=lambda r: (r.start_date, r.drug.value))
    index_regimens = [r for r in regimens if r.drug in rules.index_drugs]
    if not index_regimens:
        return Assignment(
            patient_id=pid,
            group=None,
            index_date=None,
            ineligibility=Ineligibility.NO_MMF,
            reason=f"not eligible: no {_names(rules.index_drugs)} regimen",
            cni=None,
            prior_immunosuppressants=(),
        )
    first = index_regimens[0]
    index, index_name = first.start_date, _name(first.drug)
    prior = _distinct(
        r.drug for r in regimens if r.start_date < index and _is_prior_immunosuppressant(r, rules)
    )

    def ineligible(why: Ineligibility, reason: str) -> Assignment:
        return Assignment(
            patient_id=pid,
            group=None,
            index_date=index,
            ineligibility=why,
            reason=f"not eligible: {reason}",
            cni=None,
            prior_immunosuppressants=prior,
            index_drug=first.drug,
        )

    if rules.require_glucocorticoid:
        steroids = [r for r in regimens if r.drug in rules.glucocorticoids]
        if not any(r.is_active_on(index) for r in steroids):
            return ineligible(
                Ineligibility.NO_GLUCOCORTICOID,
                f"no {_names(rules.glucocorticoids)} active on the {index_name} start date "
                f"{index}{_glucocorticoid_detail(steroids, index)}",
            )
    if rules.require_prior_immunosuppressant and not prior:
        same_day = _distinct(
            r.drug
            for r in regimens
            if r.start_date == index and _is_prior_immunosuppressant(r, rules)
        )
        note = f" ({_names(same_day)} started the same day)" if same_day else ""
        return ineligible(
            Ineligibility.NO_PRIOR_IMMUNOSUPPRESSANT,
            f"no immunosuppressant other than {index_name} and glucocorticoids started "
            f"before {index_name} on {index}{note}",
        )

    window_end = index + timedelta(days=rules.cni_window_days)
    cnis = [
        r
        for r in regimens
        if r.drug_class is DrugClass.CALCINEURIN_INHIBITOR and r.drug not in rules.index_drugs
    ]
    # Concomitant: still taken after the MMF start (one stopped that day was switched).
    qualifying = [
        r
        for r in cnis
        if r.start_date <= window_end and (r.stop_date is None or r.stop_date > index)
    ]
    if qualifying:
        cni = qualifying[0]
        offset = (cni.start_date - index).days
        if offset < 0:
            how = (
                f"{_name(cni.drug)} active on the {index_name} start date {index} "
                f"(started {cni.start_date})"
            )
        elif offset == 0:
            how = f"{_name(cni.drug)} started {cni.start_date}, the same day as {index_name}"
        else:
            how = (
                f"{_name(cni.drug)} started {cni.start_date}, {_days(offset)} after "
                f"{index_name} (within {_days(rules.cni_window_days)})"
            )
        group, reason, cni_drug = Group.MMF_CNI, f"MMF + CNI: {how}", cni.drug
    else:
        reason = (
            f"MMF alone: no calcineurin inhibitor active on the {index_name} start date "
            f"{index} or started within {_days(rules.cni_window_days)} after it "
            f"(to {window_end})"
        )
        stopped = [r for r in cnis if r.stop_date is not None and r.stop_date <= index]
        if stopped:
            last = max(stopped, key=lambda r: (r.stop_date or index, r.start_date))
            when = "on the day MMF started (a switch)" if last.stop_date == index else "before"
            reason += f"; {_name(last.drug)} stopped {last.stop_date}, {when}"
            if last.stop_date != index:
                reason += f" {index_name}"
        later = [r for r in cnis if r.start_date > window_end]
        if later:
            offset = (later[0].start_date - index).days
            reason += (
                f"; {_name(later[0].drug)} started {later[0].start_date}, {_days(offset)} after"
            )
        group, cni_drug = Group.MMF_ALONE, None
    return Assignment(
        patient_id=pid,
        group=group,
        index_date=index,
        ineligibility=None,
        reason=reason,
        cni=cni_drug,
        prior_immunosuppressants=prior,
        index_drug=first.drug,
    )


def assign_groups(
    cohort: Cohort, rules: GroupingRules = GroupingRules()
) -> tuple[Assignment, ...]:
    """Assign every patient in the cohort, in ``cohort.patients`` order.

    Each patient is assigned from their own record alone, so the order of
    patients never changes anyone's result.

    Parameters
    ----------
    cohort : Cohort
        The validated records.
    rules : GroupingRules, optional
        Eligibility and group rules; the paper's by default.

    Returns
    -------
    tuple of Assignment
        One assignment per patient, each with its reason in words.

    Examples
    --------
    >>> from myopathy_outcomes.models import Cohort, Patient
    >>> p = Patient(patient_id="P01", sex="M", birth_date="1970-05-05",
    ...             diagnosis="DM", ild=True)
    >>> [a.reason for a in assign_groups(Cohort(patients=(p,)))]
    ['not eligible: no MMF regimen']
    """
    return tuple(assign_group(record, rules) for record in cohort.records.values())
