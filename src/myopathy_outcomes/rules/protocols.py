"""The study design as the assignment rules read it: a small protocol below the design.

The rules need only a design's drug sets, arms and add-on window. They are
typed against :class:`AssignmentDesign`, which
:class:`~myopathy_outcomes.design.StudyDesign` satisfies, so that the rules
never import the design (which imports the rules as its defaults).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from myopathy_outcomes.drug_sets import DrugSet
from myopathy_outcomes.drugs import Drug

__all__ = ["ArmLike", "AssignmentDesign", "add_on_drugs"]


class ArmLike(Protocol):
    """One arm of a comparison: its label and the add-on that defines it (None: no add-on)."""

    @property
    def label(self) -> str:
        """The group's name in every table and reason."""
        ...

    @property
    def add_on(self) -> DrugSet | None:
        """The add-on exposure that puts a patient in this arm."""
        ...

    @property
    def index(self) -> DrugSet | None:
        """The drugs whose start puts a patient in this arm (head-to-head designs)."""
        ...


class AssignmentDesign(Protocol):
    """What eligibility and grouping read from a study design."""

    @property
    def index(self) -> DrugSet:
        """The index exposure: its first start is the index date."""
        ...

    @property
    def background(self) -> DrugSet | None:
        """Therapy that must be active on the index date."""
        ...

    @property
    def prior(self) -> DrugSet | None:
        """Therapy of which one drug must have been started before the index date."""
        ...

    @property
    def arms(self) -> Sequence[ArmLike]:
        """The groups, in the design's order."""
        ...

    @property
    def add_on_window_days(self) -> int:
        """Days after the index date within which an add-on still counts."""
        ...

    @property
    def add_ons(self) -> tuple[Drug, ...]:
        """Every drug that can put a patient in an arm with an add-on (:func:`add_on_drugs`)."""
        ...

    @property
    def head_to_head(self) -> bool:
        """Whether each arm is defined by the drug started (its ``index``)."""
        ...

    @property
    def same_day_starts(self) -> str:
        """Head-to-head: ``"exclude"`` two arms' drugs started the same day, or ``"arm-order"``."""
        ...

    @property
    def lookback_days(self) -> int | None:
        """Days of records required before the index date (new users)."""
        ...

    @property
    def washout_days(self) -> int | None:
        """Days before the index date free of :attr:`washout_drugs` (new users)."""
        ...

    @property
    def washout_drugs(self) -> DrugSet:
        """The drugs of the washout."""
        ...


def add_on_drugs(index: DrugSet, arms: Sequence[ArmLike]) -> tuple[Drug, ...]:
    """Every drug of some arm's add-on that is not an index drug, in the vocabulary's order."""
    return tuple(
        d
        for d in Drug
        if d not in index and any(a.add_on is not None and d in a.add_on for a in arms)
    )
