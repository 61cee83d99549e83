"""The study design as data: what makes one study one study.

A :class:`StudyDesign` says which exposure starts follow-up (the index
exposure), which background therapy must be running on that day, which prior
therapy makes a patient "refractory", how patients are split into groups
(by an add-on exposure within a window), which measures are compared, and by
which outcome windows and ILD rule. The paper's design is
:data:`myopathy_outcomes.studies.HANAOKA_2019`; any other study is another
value of the same class, written in Python or in a TOML file
(:func:`myopathy_outcomes.design_file.load_design`, documented in
``docs/design.md``).

Reasons, titles and the Methods text of a report are generated from the
design; nothing study-specific is written into the rules.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from myopathy_outcomes.drug_sets import DrugSet
from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.outcomes import OutcomeRules
from myopathy_outcomes.rules import reasons
from myopathy_outcomes.rules.eligibility import EligibilityRule, standard_eligibility
from myopathy_outcomes.rules.groups import GroupingRule, standard_grouping
from myopathy_outcomes.rules.ild import IldCriterion, IldProgressionRule, criterion
from myopathy_outcomes.rules.protocols import add_on_drugs
from myopathy_outcomes.rules.reasons import Ineligibility
from myopathy_outcomes.schema import Measure, check_label, measure_set
from myopathy_outcomes.words import or_list

__all__ = ["Arm", "DrugSet", "StudyDesign"]

_MAX_WINDOW_DAYS = 36_525

SameDayStarts = Literal["exclude", "arm-order"]
_SAME_DAY_STARTS: tuple[SameDayStarts, ...] = ("exclude", "arm-order")


def _days(value: object, name: str) -> int:
    """``value`` as a number of days from 0 to a century; numpy integers are accepted."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if not 0 <= value <= _MAX_WINDOW_DAYS:
        raise ValueError(f"{name} must be 0 to {_MAX_WINDOW_DAYS}, got {value}")
    return int(value)


def _index_of(index: DrugSet | None, arms: tuple[Arm, ...]) -> DrugSet:
    """The design's index drugs: as given (arms by add-on), or the arms' (head-to-head)."""
    by_drug = [a.index is not None for a in arms]
    if not any(by_drug):
        if index is None:
            raise TypeError("index must be a DrugSet (or every arm must name its index drugs)")
        if sum(a.add_on is None for a in arms) > 1:
            raise ValueError("at most one group may have no add-on")
        return index
    if not all(by_drug):
        without = [a.label for a in arms if a.index is None]
        raise ValueError(
            f"every arm names its index drugs (a head-to-head design) or none does; "
            f"group {without[0]!r} does not"
        )
    members = [d for d in Drug if any(d in a.index for a in arms if a.index is not None)]
    if index is None or isinstance(index, _ArmsIndex):
        names = [a.index.name for a in arms if a.index is not None]
        return _ArmsIndex(drugs=frozenset(members), label=or_list(names))
    if set(index.members()) != set(members):
        raise ValueError(
            "index: a head-to-head design's index drugs are its arms'; leave index out"
        )
    return index


@dataclass(frozen=True)
class _ArmsIndex(DrugSet):
    """The index drugs of a head-to-head design, made from its arms (and remade with them)."""


@dataclass(frozen=True)
class Arm:
    """One group of the comparison: its label, and the exposure that defines it.

    An arm is defined either by an add-on given with the design's index drug
    (the paper: MMF with or without a CNI), or by the drug started itself
    (a head-to-head, new-user design: azathioprine against methotrexate).

    Parameters
    ----------
    label : str
        The group's name in every table and reason (``"MMF + CNI"``).
    add_on : DrugSet or None
        The add-on that puts a patient in this group; ``None`` for the group
        of patients with no qualifying add-on (``"MMF alone"``), and for an
        arm defined by its ``index``.
    index : DrugSet or None
        The drugs whose start puts a patient in this arm (head-to-head
        designs; then every arm names its own and none has an add-on).
    """

    label: str
    add_on: DrugSet | None = None
    index: DrugSet | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.label, str):
            raise ValueError(f"a group label must be non-empty text, got {self.label!r}")
        check_label(self.label, "a group label")
        for name in ("add_on", "index"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, DrugSet):
                raise TypeError(f"{name} of group {self.label!r} must be a DrugSet or None")
        if self.add_on is not None and self.index is not None:
            raise ValueError(
                f"group {self.label!r}: give add_on (an add-on to the design's index drug) "
                "or index (the drug started), not both"
            )


@dataclass(frozen=True)
class StudyDesign:
    """Everything that makes one study one study, as a frozen value.

    Parameters
    ----------
    title : str
        The comparison in words, the report's title
        (``"MMF with or without a calcineurin inhibitor"``).
    index : DrugSet or None
        The index exposure: the first start of any of its drugs is the index
        date. A patient without one is not eligible. ``None`` for a
        head-to-head design, whose index drugs are its arms' (their union).
    arms : sequence of Arm
        The groups, at least two, with distinct labels. Arms by add-on (at
        most one has no add-on): a patient goes to the arm of the first
        qualifying add-on regimen (earliest start, then drug name); arms are
        tried in order, so an earlier arm wins when two arms' add-ons
        overlap. With no qualifying add-on the patient goes to the arm
        without one, or is not eligible when every arm has one. Arms by the
        drug started (each names its ``index``, the sets disjoint): the arm
        of the index drug.
    background : DrugSet or None
        Therapy that must be active on the index date (``start <= index <=
        stop``); ``None`` when nothing is required.
    prior : DrugSet or None
        Therapy of which at least one drug must have been started strictly
        before the index date ("refractory to"); index drugs never count.
        ``None`` when nothing is required.
    add_on_window_days : int, default 30
        An add-on counts when it is taken past the index date (started on or
        before it and not stopped on or before it) or started within this
        many days after it, both ends inclusive.
    measures : sequence of str
        The measures compared within and between groups, by name, in order.
    declared_measures : sequence of Measure
        Measures beyond the built-in ones (:data:`myopathy_outcomes.schema.MEASURES`).
    outcome_rules : OutcomeRules
        Baseline and follow-up windows.
    ild_rule : IldCriterion
        The ILD progression criterion (:mod:`myopathy_outcomes.rules.ild`);
        the paper's, relative decline of %FVC > 10%, by default.
    ild_sensitivity : sequence of str or IldCriterion
        Criteria for a sensitivity table, one row each, by name (``"paper"``,
        ``"paper-absolute"``, ``"ppf2022"``, ``"omeract"``, ``"inbuild"``) or
        as criteria (``IldProgressionRule(threshold=5)``); empty for no table.
        They are kept apart from ``ild_rule`` even when a name is the same.
    name : str
        A short identifier (``"hanaoka2019"``).
    reference : str
        The citation of the source study, printed in the report; may be empty.
    eligibility : EligibilityRule, default standard_eligibility
        The rule that finds the index date and checks ``background`` and
        ``prior`` (:mod:`myopathy_outcomes.rules.eligibility`).
    grouping : GroupingRule, default standard_grouping
        The rule that chooses the arm (:mod:`myopathy_outcomes.rules.groups`).
    same_day_starts : {"exclude", "arm-order"}, default "exclude"
        Head-to-head designs: a patient who started two arms' drugs on the
        index date is not eligible (``"exclude"``), or goes to the arm listed
        first (``"arm-order"``).
    lookback_days : int or None
        New users: not eligible unless the patient's first record (a visit or
        a regimen) is at least this many days before the index date.
    washout_days : int or None
        New users: not eligible when a drug of ``washout`` was taken (active or
        started) in this many days before the index date.
    washout : DrugSet or None
        The drugs of the washout; the index drugs when ``None``.

    Examples
    --------
    >>> design = StudyDesign(
    ...     title="Rituximab with or without IVIG",
    ...     index=DrugSet(drugs=["rituximab"], label="rituximab"),
    ...     arms=(Arm("rituximab + IVIG", DrugSet(drugs=["IVIG"], label="IVIG")),
    ...           Arm("rituximab alone")),
    ...     background=None, prior=None, measures=("ck", "mmt8"))
    >>> design.group_labels
    ('rituximab + IVIG', 'rituximab alone')
    """

    title: str
    index: DrugSet  # None is accepted for a head-to-head design (the arms' union)
    arms: tuple[Arm, ...]
    background: DrugSet | None = None
    prior: DrugSet | None = None
    add_on_window_days: int = 30
    measures: tuple[str, ...] = ("ck", "fvc_pct", "psl_mg", "hrct_score")
    declared_measures: tuple[Measure, ...] = ()
    outcome_rules: OutcomeRules = field(default_factory=OutcomeRules)
    ild_rule: IldCriterion = field(default_factory=IldProgressionRule)
    ild_sensitivity: tuple[str | IldCriterion, ...] = ()
    name: str = "study"
    reference: str = ""
    eligibility: EligibilityRule = standard_eligibility
    grouping: GroupingRule = standard_grouping
    same_day_starts: SameDayStarts = "exclude"
    lookback_days: int | None = None
    washout_days: int | None = None
    washout: DrugSet | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.title, str):
            raise ValueError(f"title must be non-empty text, got {self.title!r}")
        check_label(self.title, "title")
        check_label(self.name, "name")
        check_label(self.reference, "reference", empty=True)
        for name in ("index", "background", "prior", "washout"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, DrugSet):
                raise TypeError(f"{name} must be a DrugSet or None, got {value!r}")
        arms = tuple(self.arms) if isinstance(self.arms, Iterable) else ()
        if len(arms) < 2 or not all(isinstance(a, Arm) for a in arms):
            raise ValueError(f"arms must be at least two Arm values, got {self.arms!r}")
        labels = [a.label for a in arms]
        if len(set(labels)) != len(labels):
            raise ValueError(f"group labels must differ, got {labels}")
        object.__setattr__(self, "arms", arms)
        object.__setattr__(self, "index", _index_of(self.index, arms))
        object.__setattr__(
            self, "add_on_window_days", _days(self.add_on_window_days, "add_on_window_days")
        )
        for name in ("lookback_days", "washout_days"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _days(getattr(self, name), name))
        if self.same_day_starts not in _SAME_DAY_STARTS:
            raise ValueError(
                f"same_day_starts must be one of {', '.join(map(repr, _SAME_DAY_STARTS))}, "
                f"got {self.same_day_starts!r}"
            )
        if self.washout is not None and self.washout_days is None:
            raise ValueError("washout names drugs for washout_days; set washout_days too")
        impossible = reasons.impossible_design(self)
        if impossible is not None:
            raise ValueError(f"no patient could be eligible: {impossible}")
        known = measure_set(self.declared_measures)
        object.__setattr__(self, "declared_measures", tuple(self.declared_measures))
        if isinstance(self.measures, str) or not isinstance(self.measures, Iterable):
            raise TypeError(f"measures must be a sequence of measure names, got {self.measures!r}")
        measures = tuple(m.name if isinstance(m, Measure) else m for m in self.measures)
        unknown = [m for m in measures if m not in known]
        if unknown:
            raise ValueError(
                f"measures: unknown measure {unknown[0]!r}; declare it in declared_measures "
                f"or use one of {', '.join(known)}"
            )
        if not measures or len(set(measures)) != len(measures):
            raise ValueError(f"measures must name distinct measures, at least one, got {measures}")
        object.__setattr__(self, "measures", measures)
        if not isinstance(self.outcome_rules, OutcomeRules):
            raise TypeError(f"outcome_rules must be an OutcomeRules, got {self.outcome_rules!r}")
        if not isinstance(self.ild_rule, IldCriterion):
            raise TypeError(
                f"ild_rule must be an ILD criterion (myopathy_outcomes.rules.ild), "
                f"got {self.ild_rule!r}"
            )
        sensitivity = self.ild_sensitivity
        if isinstance(sensitivity, str) or not isinstance(sensitivity, Iterable):
            raise TypeError(
                f"ild_sensitivity must be a sequence of criteria or names, got {sensitivity!r}"
            )
        object.__setattr__(self, "ild_sensitivity", tuple(sensitivity))
        for item in self.ild_sensitivity:
            if isinstance(item, str):
                try:
                    criterion(item)
                except ValueError as error:
                    raise ValueError(f"ild_sensitivity: {error}") from None
            elif not isinstance(item, IldCriterion):
                raise TypeError(
                    f"ild_sensitivity must hold ILD criteria or their names, got {item!r}"
                )

    @property
    def sensitivity_criteria(self) -> tuple[IldCriterion, ...]:
        """The criteria of :attr:`ild_sensitivity`, names looked up in the registry."""
        return tuple(criterion(c) if isinstance(c, str) else c for c in self.ild_sensitivity)

    @property
    def group_labels(self) -> tuple[str, ...]:
        """The groups' labels, in the design's order."""
        return tuple(a.label for a in self.arms)

    @property
    def head_to_head(self) -> bool:
        """Whether the arms are defined by the drug started (each names its index drugs)."""
        return self.arms[0].index is not None

    @property
    def washout_drugs(self) -> DrugSet:
        """The drugs of the washout: ``washout``, or the index drugs."""
        return self.index if self.washout is None else self.washout

    @functools.cached_property
    def add_ons(self) -> tuple[Drug, ...]:
        """Every drug that can put a patient in an arm with an add-on (index drugs excepted)."""
        return add_on_drugs(self.index, self.arms)

    @property
    def known_measures(self) -> Mapping[str, Measure]:
        """Built-in and declared measures by name."""
        return measure_set(self.declared_measures)

    def measure(self, name: str) -> Measure:
        """The :class:`Measure` called ``name`` (built in or declared)."""
        return self.known_measures[name]

    def exclusion_step(self, kind: Ineligibility) -> str:
        """The attrition row for patients left out by ``kind``: ``"no MMF"``."""
        return reasons.exclusion_step(self, kind)

    def describe(self) -> str:
        """Eligibility and groups in words, for a report's Methods section.

        Examples
        --------
        >>> from myopathy_outcomes.studies import HANAOKA_2019
        >>> HANAOKA_2019.describe().split(". ")[0]
        'Index date: first start of MMF'
        """
        return reasons.methods_text(self)

    def add_on_name(self) -> str:
        """All add-ons in words, for reasons: ``"calcineurin inhibitor"``."""
        return reasons.add_on_name(self)
