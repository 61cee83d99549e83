"""Every sentence the assignment rules write, each worded once, from facts.

The per-patient rules (:mod:`.eligibility`, :mod:`.groups`) and their
columnar twin (:mod:`myopathy_outcomes.columnar.assignment`) find the same
facts in different ways: the index drug and date, the course that ended or
began nearest to it, the add-on that chose an arm. Both hand those facts to
the pure functions here, so that the two engines cannot word a reason
differently. A label that starts with an article ("a glucocorticoid") reads
"no glucocorticoid ..." (:func:`myopathy_outcomes.words.no`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

from myopathy_outcomes.drug_sets import DrugSet
from myopathy_outcomes.drugs import Drug, short_name
from myopathy_outcomes.rules.protocols import ArmLike, AssignmentDesign
from myopathy_outcomes.words import a_or_an, days_text, no, or_list, without_article

__all__ = [
    "Ineligibility",
    "add_on_name",
    "add_on_taken",
    "arm_of",
    "drug_started",
    "exclusion_step",
    "impossible_design",
    "in_arm",
    "methods_text",
    "no_add_on",
    "no_background",
    "no_index",
    "no_lookback",
    "no_prior",
    "not_eligible",
    "same_day_starts",
    "washout",
]

Course = tuple[Drug, date]
"""A drug and the day a course of it started or stopped."""


class Ineligibility(StrEnum):
    """Which kind of rule left a patient out, in the order the rules are checked."""

    NO_INDEX = "no index exposure"
    SAME_DAY = "two arms' drugs started the same day"
    NO_BACKGROUND = "no background therapy on the index date"
    NO_PRIOR = "no prior therapy"
    NO_LOOKBACK = "too short a look-back"
    WASHOUT = "earlier use within the washout"
    NO_GROUP = "no group"


def not_eligible(reason: str) -> str:
    """An excluded patient's reason: ``"not eligible: <why>"``."""
    return f"not eligible: {reason}"


def in_arm(label: str, why: str) -> str:
    """A grouped patient's reason: ``"<arm>: <why>"``."""
    return f"{label}: {why}"


def arm_of(drug: Drug, arms: Iterable[ArmLike]) -> ArmLike:
    """The first arm, in the design's order, whose add-on holds ``drug``."""
    return next(a for a in arms if a.add_on is not None and drug in a.add_on)


def add_on_name(design: AssignmentDesign) -> str:
    """All add-ons in words: ``"calcineurin inhibitor"``, ``"tacrolimus or cyclosporine"``."""
    return or_list([a.add_on.describe() for a in design.arms if a.add_on is not None])


def exclusion_step(design: AssignmentDesign, kind: Ineligibility) -> str:
    """The attrition row for patients left out by ``kind``: ``"no MMF"``."""
    if kind is Ineligibility.NO_INDEX:
        return no(design.index.name)
    if kind is Ineligibility.NO_BACKGROUND and design.background is not None:
        return f"not on {design.background.name} at the index date"
    if kind is Ineligibility.NO_PRIOR and design.prior is not None:
        return f"{no(design.prior.name)} before {design.index.name}"
    if kind is Ineligibility.SAME_DAY:
        return "two groups' drugs started the same day"
    if kind is Ineligibility.NO_LOOKBACK and design.lookback_days is not None:
        return f"records for less than {days_text(design.lookback_days)} before the index date"
    if kind is Ineligibility.WASHOUT and design.washout_days is not None:
        return (
            f"{without_article(design.washout_drugs.name)} in the "
            f"{days_text(design.washout_days)} before the index date"
        )
    if kind is Ineligibility.NO_GROUP:
        return (
            f"{no(add_on_name(design))} within {design.add_on_window_days} days of the index date"
        )
    return str(kind)


def no_index(index: DrugSet) -> str:
    """No regimen of an index drug: ``"no MMF regimen"``."""
    return f"{no(index.name)} regimen"


def no_background(
    background: DrugSet,
    index_drug: Drug,
    index_date: date,
    ended: Course | None,
    began: Course | None,
) -> str:
    """No background course active on the index date; the nearest that ended and that began."""
    details = []
    if ended is not None:
        details.append(f"{short_name(ended[0])} stopped {ended[1]}")
    if began is not None:
        details.append(f"{short_name(began[0])} started {began[1]}")
    detail = f" ({'; '.join(details)})" if details else ""
    return (
        f"{no(background.name)} active on the {short_name(index_drug)} start date "
        f"{index_date}{detail}"
    )


def no_prior(prior: DrugSet, index_drug: Drug, index_date: date, same_day: Iterable[Drug]) -> str:
    """No prior therapy started before the index date; any started on the day itself."""
    index_name = short_name(index_drug)
    names = sorted(short_name(d) for d in same_day)
    note = f" ({or_list(names)} started the same day)" if names else ""
    return (
        f"{no(prior.name)} other than {index_name} started before {index_name} "
        f"on {index_date}{note}"
    )


def same_day_starts(first: Course, other: Drug, labels: tuple[str, str]) -> str:
    """Two arms' drugs started on the index date: ``first`` and ``other`` (of ``labels``)."""
    drug, started = first
    return (
        f"{short_name(drug)} and {short_name(other)} started the same day, {started} "
        f"(groups {labels[0]} and {labels[1]})"
    )


def drug_started(
    design: AssignmentDesign, drug: Drug, started: date, same_day: Drug | None
) -> str:
    """How the drug started chose the arm of a head-to-head design."""
    text = f"{short_name(drug)} started {started}, the first start of {design.index.name}"
    if same_day is not None:
        text += f" ({short_name(same_day)} started the same day; the group listed first)"
    return text


def no_lookback(
    lookback_days: int, index_date: date, first: date, first_regimen: Drug | None
) -> str:
    """The first record (``first_regimen``'s start, or a visit) is too recent for the look-back."""
    what = "a visit" if first_regimen is None else f"{short_name(first_regimen)} started"
    return (
        f"the first record, {what} {first}, is {days_text((index_date - first).days)} before "
        f"the index date {index_date}; a look-back of {days_text(lookback_days)} is needed"
    )


def washout(
    washout_days: int, index_date: date, drug: Drug, started: date, stopped: date | None
) -> str:
    """A course of a washout drug taken in the days before the index date."""
    taken = f"started {started}" + ("" if stopped is None else f", stopped {stopped}")
    return (
        f"{short_name(drug)} {taken}: taken in the {days_text(washout_days)} before the "
        f"index date {index_date} (washout)"
    )


def impossible_design(design: AssignmentDesign) -> str | None:
    """Why no patient could ever be eligible under ``design``, or None.

    An empty drug set, an add-on or a prior therapy made only of index
    drugs (which never count as either), and head-to-head arms that share
    a drug (a patient starting it would be in two arms).
    """
    sets = [("index", design.index), ("background", design.background), ("prior", design.prior)]
    sets += [(f"group {a.label!r} add_on", a.add_on) for a in design.arms]
    sets += [(f"group {a.label!r} index", a.index) for a in design.arms]
    for name, drugs in sets:
        if drugs is not None and not drugs.members():
            return f"{name} holds no known drug (every one is excluded)"
    index = set(design.index.members())
    if design.prior is not None and set(design.prior.members()) <= index:
        return (
            f"every drug of prior is an index drug ({_names(design.prior.members())}), and an "
            "index drug never counts as prior therapy"
        )
    for arm in design.arms:
        if arm.add_on is not None and set(arm.add_on.members()) <= index:
            return (
                f"every drug of group {arm.label!r}'s add_on is an index drug "
                f"({_names(arm.add_on.members())}), and an index drug is never an add-on"
            )
    arms = [a for a in design.arms if a.index is not None]
    for i, first in enumerate(arms):
        for second in arms[i + 1 :]:
            shared = set(first.index.members()) & set(second.index.members())  # type: ignore[union-attr]
            if shared:
                return (
                    f"groups {first.label!r} and {second.label!r} share index drugs "
                    f"({_names(shared)}); a patient starting one would be in both"
                )
    return None


def _names(drugs: Iterable[Drug]) -> str:
    return ", ".join(sorted(short_name(d) for d in drugs))


def add_on_taken(add_on: Course, index_drug: Drug, index_date: date, window_days: int) -> str:
    """How the add-on course that started on ``add_on[1]`` chose the arm."""
    drug, started = add_on
    name, index_name = short_name(drug), short_name(index_drug)
    offset = (started - index_date).days
    if offset < 0:
        return f"{name} active on the {index_name} start date {index_date} (started {started})"
    if offset == 0:
        return f"{name} started {started}, the same day as {index_name}"
    return (
        f"{name} started {started}, {days_text(offset)} after {index_name} "
        f"(within {days_text(window_days)})"
    )


def no_add_on(
    design: AssignmentDesign,
    index_drug: Drug,
    index_date: date,
    stopped: Course | None,
    too_late: Course | None,
) -> str:
    """No qualifying add-on; the course that stopped last by the index date, the first too late."""
    index_name, window = short_name(index_drug), design.add_on_window_days
    window_end = index_date + timedelta(days=window)
    text = (
        f"{no(add_on_name(design))} active on the {index_name} start date {index_date} or "
        f"started within {days_text(window)} after it (to {window_end})"
    )
    if stopped is not None:
        drug, stop = stopped
        when = (
            f"on the day {index_name} started (a switch)"
            if stop == index_date
            else f"before {index_name}"
        )
        text += f"; {short_name(drug)} stopped {stop}, {when}"
    if too_late is not None:
        drug, started = too_late
        after = days_text((started - index_date).days)
        text += f"; {short_name(drug)} started {started}, {after} after"
    return text


def methods_text(design: AssignmentDesign) -> str:
    """Eligibility and groups in words, for a report's Methods section.

    Examples
    --------
    >>> from myopathy_outcomes.studies import HANAOKA_2019
    >>> print(methods_text(HANAOKA_2019))  # doctest: +NORMALIZE_WHITESPACE
    Index date: first start of MMF. Eligible: on prednisolone on the index date
    and another immunosuppressant (alkylating agent, antimetabolite, biologic or
    calcineurin inhibitor; not MMF or mycophenolic acid) started before it. MMF +
    CNI: a calcineurin inhibitor still taken after the index date (one stopped on
    it was switched) or started within 30 days after it (inclusive); otherwise MMF
    alone.
    """
    index = design.index.describe()
    parts = [f"Index date: first start of {index}."]
    conditions = []
    if design.background is not None:
        conditions.append(f"on {_with_article(design.background)} on the index date")
    if design.prior is not None:
        prior = design.prior
        kinds = sorted(short_name(d) for d in prior.drugs) + sorted(c.value for c in prior.classes)
        never = sorted(short_name(d) for d in Drug if d in design.index or d in prior.excluding)
        conditions.append(
            f"another {without_article(prior.name)} ({or_list(kinds)}; not {or_list(never)}) "
            "started before it"
        )
    if conditions:
        parts.append("Eligible: " + " and ".join(conditions) + ".")
    else:
        parts.append(f"Eligible: every patient given {index}.")
    new_users = []
    if design.lookback_days is not None:
        new_users.append(
            f"records from at least {days_text(design.lookback_days)} before the index date"
        )
    if design.washout_days is not None:
        new_users.append(
            f"{no(design.washout_drugs.describe())} in the {days_text(design.washout_days)} "
            "before it"
        )
    if new_users:
        parts.append("New users: " + " and ".join(new_users) + ".")
    parts.append(_groups_text(design))
    return " ".join(parts)


def _groups_text(design: AssignmentDesign) -> str:
    """How the arms are chosen, in words."""
    if design.head_to_head:
        arms = "; ".join(f"{a.label}: {a.index.describe()}" for a in design.arms if a.index)
        same_day = (
            "not eligible" if design.same_day_starts == "exclude" else "the group listed first"
        )
        return (
            f"Groups by the drug started: {arms}; two groups' drugs started the same day: "
            f"{same_day}."
        )
    window = design.add_on_window_days
    arms_text = [
        f"{arm.label}: {_with_article(arm.add_on)} still taken after the index date (one "
        f"stopped on it was switched) or started within {window} days after it (inclusive)"
        for arm in design.arms
        if arm.add_on is not None
    ]
    alone = [arm.label for arm in design.arms if arm.add_on is None]
    text = "; ".join(arms_text)
    text += f"; otherwise {alone[0]}." if alone else "; otherwise not eligible."
    return text


def _with_article(drugs: DrugSet) -> str:
    """``"a calcineurin inhibitor"`` for a class, the bare name for drugs."""
    text = drugs.describe()
    return text if drugs.drugs else a_or_an(text)
