"""The numbers behind every cell of the report: summaries, comparisons and table rows.

These hold floats, counts and test results only; :mod:`myopathy_outcomes.report.display`
turns them into the strings a reader sees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from myopathy_outcomes.outcomes import Measure
from myopathy_outcomes.stats.kruskal_wallis import KruskalWallisResult
from myopathy_outcomes.stats.results import (
    ChiSquareResult,
    FisherResult,
    MannWhitneyResult,
    WilcoxonResult,
)

#: Any test result the report shows.
TestResult = (
    WilcoxonResult | MannWhitneyResult | FisherResult | ChiSquareResult | KruskalWallisResult
)

__all__ = ["Comparison", "Count", "PairedValue", "Quartiles", "SummaryRow", "WithinGroupRow"]


@dataclass(frozen=True)
class Quartiles:
    """Median and interquartile range of a sample.

    Quartiles use R's default ``quantile(type = 7)`` (linear interpolation),
    which is also numpy's default.

    Attributes
    ----------
    n : int
        Values summarised.
    median, q1, q3 : float
        NaN when ``n`` is 0.
    total : int or None
        Patients the values were sought for (the group size) when some had
        none; ``None`` when every patient had a value.

    Examples
    --------
    >>> Quartiles.of([1, 2, 3, 4])
    Quartiles(n=4, median=2.5, q1=1.75, q3=3.25, total=None)
    """

    n: int
    median: float
    q1: float
    q3: float
    total: int | None = None

    @classmethod
    def of(cls, values: Sequence[float], total: int | None = None) -> Quartiles:
        """Summarise ``values`` (of ``total`` patients); empty gives NaN and ``n = 0``."""
        missing = None if total is None or total == len(values) else total
        if len(values) == 0:
            return cls(0, math.nan, math.nan, math.nan, missing)
        q1, median, q3 = np.percentile(np.asarray(values, dtype=float), [25, 50, 75])
        return cls(len(values), float(median), float(q1), float(q3), missing)


@dataclass(frozen=True)
class Count:
    """Patients with a feature out of those it was counted in.

    Attributes
    ----------
    count, total : int
        ``count`` of ``total`` patients.
    show_denominator : bool
        Whether ``total`` is worth printing (it is not the group size).
    """

    count: int
    total: int
    show_denominator: bool = False

    @property
    def percent(self) -> float:
        """``100 * count / total``; NaN when ``total`` is 0."""
        return math.nan if self.total == 0 else 100 * self.count / self.total


Cell = Quartiles | Count | None


@dataclass(frozen=True)
class Comparison:
    """A between-group test, or the reason none was run."""

    result: TestResult | None
    note: str | None = None

    @property
    def pvalue(self) -> float | None:
        """The p-value, or ``None`` when no test was run."""
        return None if self.result is None else self.result.pvalue


@dataclass(frozen=True)
class SummaryRow:
    """One row of Table 1 or of the between-group outcomes.

    Attributes
    ----------
    label : str
        The characteristic.
    cells : tuple of Quartiles, Count or None
        One summary per group, in the design's order; ``None`` on the heading
        row of a categorical variable, whose levels follow with ``indent=1``.
    comparison : Comparison or None
        The test between groups; ``None`` on the level rows, whose single
        test sits on the heading row.
    indent : int
        0 for a characteristic, 1 for a level of a categorical one.
    decimals : int
        Decimals the values are shown with (a display hint from the measure).
    """

    label: str
    cells: tuple[Cell, ...]
    comparison: Comparison | None
    indent: int = 0
    decimals: int = 1


@dataclass(frozen=True)
class PairedValue:
    """One patient's baseline and follow-up value of a measure, and the change tested.

    ``change`` is ``follow_up - baseline`` rounded to 10 decimals, exactly the
    value the signed-rank test ranks.
    """

    patient_id: str
    baseline: float
    follow_up: float
    change: float


@dataclass(frozen=True)
class WithinGroupRow:
    """A paired follow-up versus baseline comparison of one measure in one group.

    ``pairs`` holds the values of each patient in the test, by patient id
    (so that the order of the input never matters); the summaries and the
    test describe exactly these patients.
    """

    group: str
    measure: Measure
    n_patients: int
    baseline: Quartiles
    follow_up: Quartiles
    change: Quartiles
    left_out: tuple[tuple[str, int], ...]
    result: WilcoxonResult | None
    note: str | None = None
    pairs: tuple[PairedValue, ...] = ()

    @property
    def n_left_out(self) -> int:
        """How many patients of the group were left out of this pair test."""
        return sum(count for _, count in self.left_out)
