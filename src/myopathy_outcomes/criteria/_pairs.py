"""Each core set measure's baseline and follow-up, checked and exact, for both definitions."""

from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction

from myopathy_outcomes.criteria.core_set import (
    CORE_SET,
    CoreSet,
    EnzymeChoice,
    most_abnormal_enzyme,
)
from myopathy_outcomes.criteria.scales import CoreSetScales
from myopathy_outcomes.schema import MEASURES

__all__ = ["Pair", "pair_core_set"]


@dataclass(frozen=True)
class Pair:
    """One core set measure's baseline and follow-up, exact, or why one is missing."""

    measure: str
    source: str | None
    baseline: Fraction | None
    follow_up: Fraction | None
    missing: str | None

    @property
    def higher_is_better(self) -> bool:
        """MMT-8 improves upwards, every other core set measure downwards (as the schema says)."""
        return self.source is not None and MEASURES[self.source].lower_is_better is False


def _checked(visit: CoreSet, when: str, scales: CoreSetScales) -> dict[str, Fraction]:
    """Every value the visit holds, checked against its declared scale, as an exact decimal."""
    values = {}
    for f in fields(visit):
        value = visit.get(f.name)
        if value is not None:
            values[f.name] = scales.value(f.name, value, when)
    return values


def _missing(name: str, at_baseline: bool, at_follow_up: bool) -> str | None:
    if at_baseline and at_follow_up:
        return None
    if not at_baseline and not at_follow_up:
        return f"no baseline or follow-up {name}"
    return f"no {'follow-up' if at_baseline else 'baseline'} {name}"


def pair_core_set(
    baseline: CoreSet, follow_up: CoreSet, scales: CoreSetScales
) -> tuple[EnzymeChoice, tuple[Pair, ...]]:
    """The enzyme chosen at baseline and the six pairs, in :data:`CORE_SET` order."""
    for visit, name in ((baseline, "baseline"), (follow_up, "follow_up")):
        if not isinstance(visit, CoreSet):
            raise TypeError(f"{name} must be a CoreSet, got {visit!r}")
    if not isinstance(scales, CoreSetScales):
        raise TypeError(f"scales must be a CoreSetScales, got {scales!r}")
    before = _checked(baseline, "baseline", scales)
    after = _checked(follow_up, "follow-up", scales)
    choice = most_abnormal_enzyme(baseline, scales.upper_limits)
    pairs = []
    for measure in CORE_SET:
        if measure == "enzyme":
            source = choice.enzyme
            if source is None:
                pairs.append(Pair(measure, None, None, None, "no enzyme measured at baseline"))
                continue
            missing = None if source in after else f"no follow-up {source} (the enzyme)"
        else:
            source = measure
            missing = _missing(measure, measure in before, measure in after)
        pairs.append(Pair(measure, source, before.get(source), after.get(source), missing))
    return choice, tuple(pairs)
