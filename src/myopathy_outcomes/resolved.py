"""The study as it is analysed, resolved once: the design with its overrides, measures, criteria.

:func:`myopathy_outcomes.analyze` applies the caller's overrides to the
design, finds which of its measures the data hold, and looks up the ILD
criteria once. Everything after reads this :class:`ResolvedStudy`; nothing
looks a criterion up again by its name, so a criterion of one's own that
shares a name with a built-in one is never mistaken for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.rules.ild import IldCriterion
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.storage import Cohort

__all__ = ["ResolvedStudy", "resolve"]


@dataclass(frozen=True)
class ResolvedStudy:
    """A design resolved against the data.

    Attributes
    ----------
    design : StudyDesign
        The design, with the caller's overrides applied.
    measures : tuple of Measure
        The design's measures the data hold, in the design's order.
    absent : tuple of str
        The design's measures the data do not hold (no column, or no value).
    ild_criterion : IldCriterion
        The main ILD progression criterion (``design.ild_rule``).
    ild_sensitivity : tuple of IldCriterion
        The sensitivity criteria, one table row each, kept apart from the
        main one even when a name is the same.
    """

    design: StudyDesign
    measures: tuple[Measure, ...]
    absent: tuple[str, ...]
    ild_criterion: IldCriterion
    ild_sensitivity: tuple[IldCriterion, ...]

    @property
    def ild_criteria(self) -> tuple[IldCriterion, ...]:
        """Every criterion to assess, the main one first, each equal criterion once."""
        distinct: list[IldCriterion] = []
        for rule in (self.ild_criterion, *self.ild_sensitivity):
            if not any(rule == seen for seen in distinct):
                distinct.append(rule)
        return tuple(distinct)

    @property
    def lung_measures(self) -> tuple[Measure, ...]:
        """The measures the ILD criteria read, in name order."""
        names = sorted({m for rule in self.ild_criteria for m in rule.measures})
        return tuple(self.design.measure(n) for n in names)


def resolve(cohort: Cohort, design: StudyDesign) -> ResolvedStudy:
    """Resolve ``design`` against ``cohort``: measures present and absent, the ILD criteria."""
    columns = cohort.visit_columns
    values = cohort.visit_table(design.measures).values
    absent = tuple(
        name
        for name in design.measures
        if (columns is not None and name not in columns) or np.isnan(values[name]).all()
    )
    return ResolvedStudy(
        design=design,
        measures=tuple(design.measure(m) for m in design.measures if m not in absent),
        absent=absent,
        ild_criterion=design.ild_rule,
        ild_sensitivity=design.sensitivity_criteria,
    )
