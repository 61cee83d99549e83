"""The numbers behind every cell of the report: summaries, comparisons and table rows.

These hold floats, counts and test results only; :mod:`myopathy_outcomes.report.display`
turns them into the strings a reader sees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from myopathy_outcomes.schema import Measure
from myopathy_outcomes.stats.results import TestResult, WilcoxonResult
from myopathy_outcomes.storage.on_demand import OnDemand, objects

__all__ = [
    "Comparison",
    "Count",
    "PairedValue",
    "PairedValues",
    "Quartiles",
    "SummaryRow",
    "WithinGroupRow",
]


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
    """A between-group test, or the reason none was run.

    ``note`` is the reason when ``result`` is ``None``, otherwise a remark
    printed after the test's name (why this test was chosen).
    """

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
    smd : float or None
        The absolute standardized mean difference between the two arms
        (``tableone``'s, :func:`myopathy_outcomes.stats.balance.smd`), shown when
        the design adjusts its comparison; ``None`` otherwise and on level rows.
    """

    label: str
    cells: tuple[Cell, ...]
    comparison: Comparison | None
    indent: int = 0
    decimals: int = 1
    smd: float | None = None


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


class PairedValues(OnDemand[PairedValue]):
    """The paired values of one within-group test, by patient id, held as columns.

    A registry's group holds tens of thousands of pairs: they are kept as four
    columns and each :class:`PairedValue` is built when asked for. Equal to
    any sequence of the same values in the same order.

    Parameters
    ----------
    patient_ids : sequence of str
        The patients, in any order; the pairs are sorted by patient id.
    baseline, follow_up, change : array_like of float
        Each patient's values, in the order of ``patient_ids``.

    Examples
    --------
    >>> pairs = PairedValues(["P2", "P1"], [80.0, 70.0], [72.0, 71.0], [-8.0, 1.0])
    >>> pairs[0]
    PairedValue(patient_id='P1', baseline=70.0, follow_up=71.0, change=1.0)
    >>> len(pairs), pairs.change.tolist()
    (2, [1.0, -8.0])
    """

    __slots__ = ("_baseline", "_change", "_follow_up", "_ids")
    noun = "pairs"

    def __init__(
        self,
        patient_ids: Sequence[str] | NDArray[np.object_],
        baseline: ArrayLike,
        follow_up: ArrayLike,
        change: ArrayLike,
    ) -> None:
        ids = objects(list(patient_ids))
        order = np.argsort(ids, kind="stable")
        columns = [np.asarray(c, dtype=np.float64) for c in (baseline, follow_up, change)]
        for column in columns:
            if column.shape != ids.shape:
                raise ValueError(f"{len(ids)} patients but {column.size} values")
        columns = [column[order] for column in columns]
        for column in columns:
            column.flags.writeable = False
        self._ids: tuple[str, ...] = tuple(ids[order].tolist())
        self._baseline, self._follow_up, self._change = columns

    @property
    def patient_ids(self) -> tuple[str, ...]:
        """The patients, sorted."""
        return self._ids

    @property
    def baseline(self) -> NDArray[np.float64]:
        """Each patient's baseline value (read-only)."""
        return self._baseline

    @property
    def follow_up(self) -> NDArray[np.float64]:
        """Each patient's follow-up value (read-only)."""
        return self._follow_up

    @property
    def change(self) -> NDArray[np.float64]:
        """Each patient's change, the value the test ranks (read-only)."""
        return self._change

    def __len__(self) -> int:
        return len(self._ids)

    def take(self, positions: Sequence[int]) -> list[PairedValue]:
        """The pairs at ``positions``."""
        at = np.asarray(positions, dtype=np.intp)
        return [
            PairedValue(self._ids[i], b, f, c)
            for i, b, f, c in zip(
                at.tolist(),
                self._baseline[at].tolist(),
                self._follow_up[at].tolist(),
                self._change[at].tolist(),
                strict=True,
            )
        ]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PairedValues):
            return self._ids == other._ids and all(
                np.array_equal(a, b)
                for a, b in zip(self._columns(), other._columns(), strict=True)
            )
        return super().__eq__(other)

    __hash__ = None

    def _columns(self) -> tuple[NDArray[np.float64], ...]:
        return self._baseline, self._follow_up, self._change

    def __reduce__(self) -> tuple[Any, ...]:
        return (PairedValues, (self._ids, *self._columns()))


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
    pairs: Sequence[PairedValue] = ()

    @property
    def n_left_out(self) -> int:
        """How many patients of the group were left out of this pair test."""
        return sum(count for _, count in self.left_out)
