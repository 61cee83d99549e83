"""Baseline and follow-up values, and observation time, over whole tables: registry scale.

The same rules as :func:`myopathy_outcomes.outcomes.windows.derive_outcome`
(the readable reference, one patient at a time), decided with sorted arrays:
one stable sort of a measure's values by patient and day (same-day visits
keep the record's order, as in the reference), then per patient the
closest or last candidate found with ``np.minimum.reduceat`` over each
patient's run of rows. Only the reason texts are written per patient, by
the reference's own :func:`~myopathy_outcomes.outcomes.windows.missing_reason`.
A property test holds the two implementations equal, reasons included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.outcomes.events import DAYS_PER_MONTH
from myopathy_outcomes.outcomes.windows import MeasureOutcome, OutcomeRules, missing_reason
from myopathy_outcomes.schema import Measure, resolve_measure
from myopathy_outcomes.storage.regimens import OPEN_STOP
from myopathy_outcomes.storage.visits import FloatArray, IntArray, VisitTable

__all__ = ["MeasureWindows", "last_visit_after", "measure_windows", "observation_months"]

BoolArray = NDArray[np.bool_]
_NO_END = OPEN_STOP
_T = TypeVar("_T", bound=np.generic)


@dataclass(frozen=True)
class MeasureWindows:
    """Every patient's baseline and follow-up value of one measure, as columns.

    Arrays are aligned with ``patient_ids``; a patient without an index day,
    or without a value on one side, has NaN and day -1 there.

    Attributes
    ----------
    measure : Measure
        The measure.
    rules : OutcomeRules
        The windows.
    patient_ids : sequence of str
        The patients, in the cohort's order.
    index_day : int array
        Each patient's index date as an ordinal day; -1 where none.
    baseline, baseline_day : float array, int array
        The baseline value and its visit's ordinal day.
    follow_up, follow_up_day : float array, int array
        The follow-up value and its visit's ordinal day.
    end_day : int array or None
        As treated: each patient's last day of follow-up (a day after every
        real one while on treatment); None for intention to treat.
    """

    measure: Measure
    rules: OutcomeRules
    patient_ids: Sequence[str]
    index_day: IntArray
    baseline: FloatArray
    baseline_day: IntArray
    follow_up: FloatArray
    follow_up_day: IntArray
    end_day: IntArray | None = None

    @property
    def change(self) -> FloatArray:
        """``follow_up - baseline`` per patient; NaN where either is missing."""
        return self.follow_up - self.baseline

    def outcome(self, p: int) -> MeasureOutcome:
        """Patient ``p``'s outcome, equal to :func:`~myopathy_outcomes.outcomes.derive_outcome`.

        Parameters
        ----------
        p : int
            The patient's position in ``patient_ids``; the patient must have
            an index day.

        Returns
        -------
        MeasureOutcome
            Both values with their dates, or the reason one is missing.
        """
        if self.index_day[p] < 0:
            raise ValueError(f"patient {self.patient_ids[p]} has no index date, so no outcome")
        return self._outcome(
            (
                self.patient_ids[p],
                int(self.index_day[p]),
                float(self.baseline[p]),
                int(self.baseline_day[p]),
                float(self.follow_up[p]),
                int(self.follow_up_day[p]),
                -1 if self.end_day is None else int(self.end_day[p]),
            )
        )

    def outcomes(self) -> tuple[MeasureOutcome | None, ...]:
        """Every patient's :meth:`outcome`, in ``patient_ids`` order; None without an index day.

        Cheaper than calling :meth:`outcome` per patient: the columns are
        read once as Python numbers.
        """
        ends = [-1] * len(self.index_day) if self.end_day is None else self.end_day.tolist()
        rows = zip(
            self.patient_ids,
            self.index_day.tolist(),
            self.baseline.tolist(),
            self.baseline_day.tolist(),
            self.follow_up.tolist(),
            self.follow_up_day.tolist(),
            ends,
            strict=True,
        )
        return tuple(None if row[1] < 0 else self._outcome(row) for row in rows)

    def _outcome(self, row: tuple[str, int, float, int, float, int, int]) -> MeasureOutcome:
        """The outcome of one patient's columns, read as Python numbers."""
        patient_id, index_day, baseline, baseline_day, follow_up, follow_up_day, end = row
        until = None if end < 0 or end >= _NO_END else date.fromordinal(end)
        baseline_date = None if baseline_day < 0 else date.fromordinal(baseline_day)
        follow_up_date = None if follow_up_day < 0 else date.fromordinal(follow_up_day)
        return MeasureOutcome(
            patient_id=patient_id,
            measure=self.measure,
            baseline=None if baseline_date is None else baseline,
            baseline_date=baseline_date,
            follow_up=None if follow_up_date is None else follow_up,
            follow_up_date=follow_up_date,
            missing_reason=missing_reason(
                self.measure,
                date.fromordinal(index_day),
                self.rules,
                baseline_date=baseline_date,
                follow_up_found=follow_up_date is not None,
                until=until,
            ),
        )


def _check_index_day(table: VisitTable, index_day: IntArray) -> None:
    if index_day.shape != (len(table.patient_ids),):
        raise ValueError(
            f"index_day must hold one day per patient ({len(table.patient_ids)}), "
            f"got shape {index_day.shape}"
        )


def measure_windows(
    table: VisitTable,
    index_day: IntArray,
    measure: Measure | str,
    rules: OutcomeRules,
    end_day: IntArray | None = None,
) -> MeasureWindows:
    """Find every patient's baseline and follow-up value of one measure.

    Parameters
    ----------
    table : VisitTable
        Every visit of the cohort, in record order.
    index_day : int array
        Each patient's index date (``date.toordinal``), aligned with
        ``table.patient_ids``; -1 for a patient without one (left out).
    measure : Measure or str
        The measure, or a built-in measure's name; ``table.values`` must
        hold it.
    rules : OutcomeRules
        The windows (``docs/explanation/windows.md``).
    end_day : int array, optional
        As treated: each patient's last day of follow-up; a follow-up visit
        after it is not used.

    Returns
    -------
    MeasureWindows
        Per patient, values and days equal to those of
        :func:`~myopathy_outcomes.outcomes.derive_outcome`.

    Notes
    -----
    Baseline: the value closest to the index day within
    ``[index - before, index + after]``; follow-up: among values strictly
    after ``max(index, baseline day)``, the last one (``"last"``), or the
    one closest to ``index + follow_up_days`` within ``+/- window``
    (``"fixed"``). "Closest" breaks ties by the earlier day, then the
    earlier row; "last" takes the last day's last row, as the reference's
    stable sort by date does.

    Examples
    --------
    >>> from datetime import date
    >>> from myopathy_outcomes.models import Visit
    >>> visits = [Visit(patient_id="P", date=d, ck=ck)
    ...           for d, ck in (("2015-03-01", 2400), ("2015-09-01", 300))]
    >>> table = VisitTable.from_models(["P"], visits, ["ck"])
    >>> w = measure_windows(table, np.array([date(2015, 3, 8).toordinal()]), "ck",
    ...                     OutcomeRules())
    >>> w.baseline, w.follow_up, w.change
    (array([2400.]), array([300.]), array([-2100.]))
    """
    measure = resolve_measure(measure)
    _check_index_day(table, index_day)
    if measure.name not in table.values:
        raise ValueError(
            f"the visit table has no column {measure.name!r}; it has "
            f"{', '.join(map(repr, table.values)) or 'none'}"
        )
    n = len(table.patient_ids)
    values = table.values[measure.name]
    rows = np.flatnonzero(~np.isnan(values) & (index_day[table.patient] >= 0))
    # One stable sort by (patient, day): same-day rows keep the record's order.
    rows = rows[np.argsort(_patient_day_key(table.patient[rows], table.day[rows]), kind="stable")]
    patient = table.patient[rows]
    day = table.day[rows]
    value = values[rows]
    index = index_day[patient]

    in_baseline = (day >= index - rules.baseline_days_before) & (
        day <= index + rules.baseline_days_after
    )
    baseline = _closest(in_baseline, np.abs(day - index), patient, n)
    baseline_day = _at(day, baseline, -1)

    after = np.maximum(index, baseline_day[patient])
    later = day > after
    if end_day is not None:
        later &= day <= end_day[patient]
    if rules.follow_up_days is None:  # follow_up="last" (OutcomeRules checks the pair)
        follow_up = _last(later, patient, n)
    else:
        distance = np.abs(day - (index + rules.follow_up_days))
        follow_up = _closest(
            later & (distance <= rules.follow_up_window_days), distance, patient, n
        )
    return MeasureWindows(
        measure=measure,
        rules=rules,
        patient_ids=table.patient_ids,
        index_day=index_day,
        baseline=_at(value, baseline, np.nan),
        baseline_day=baseline_day,
        follow_up=_at(value, follow_up, np.nan),
        follow_up_day=_at(day, follow_up, -1),
        end_day=end_day,
    )


def _patient_day_key(patient: IntArray, day: IntArray) -> IntArray:
    """One integer that sorts as ``(patient, day)``."""
    if day.size == 0:
        return day
    low = int(day.min())
    span = int(day.max()) - low + 1
    key: IntArray = patient * span + (day - low)
    return key


def _runs(at: IntArray, patient: IntArray) -> tuple[IntArray, IntArray]:
    """The patients of ``at`` (positions sorted by patient) and where each one's run starts."""
    who = patient[at]
    starts = np.flatnonzero(np.concatenate(([True], who[1:] != who[:-1])))
    return who[starts], starts


def _closest(candidate: BoolArray, distance: IntArray, patient: IntArray, n: int) -> IntArray:
    """Per patient, the candidate position with the least distance, the first among equals.

    Positions are sorted by patient, day and record order, so the first
    among equal distances is the earlier day, then the earlier row.
    """
    out = np.full(n, -1, dtype=np.int64)
    at = np.flatnonzero(candidate)
    if at.size == 0:
        return out
    who, starts = _runs(at, patient)
    size = len(patient)
    # (distance, position) as one integer: distances are at most a century of days.
    best = np.minimum.reduceat(distance[at] * size + at, starts)
    out[who] = best % size
    return out


def _last(candidate: BoolArray, patient: IntArray, n: int) -> IntArray:
    """Per patient, the last candidate position (the last day's last row)."""
    out = np.full(n, -1, dtype=np.int64)
    at = np.flatnonzero(candidate)
    if at.size == 0:
        return out
    who, starts = _runs(at, patient)
    out[who] = at[np.append(starts[1:], at.size) - 1]
    return out


def _at(column: NDArray[_T], position: IntArray, missing: float) -> NDArray[_T]:
    """``column[position]``, and ``missing`` where the position is -1."""
    out: NDArray[_T] = np.full(position.shape, missing, dtype=column.dtype)
    found = position >= 0
    out[found] = column[position[found]]
    return out


def last_visit_after(
    table: VisitTable, index_day: IntArray, end_day: IntArray | None = None
) -> IntArray:
    """Per patient, the day of the last visit strictly after the index day; -1 where none.

    Any visit counts, with or without values, as the "last visit" of
    :mod:`myopathy_outcomes.outcomes.events`.

    Parameters
    ----------
    table : VisitTable
        Every visit of the cohort.
    index_day : int array
        Each patient's index day, aligned with ``table.patient_ids``; -1 for
        none (the result is then -1).
    end_day : int array, optional
        As treated: each patient's last day of follow-up; later visits do not count.

    Returns
    -------
    int array
        Ordinal days, aligned with ``table.patient_ids``.
    """
    _check_index_day(table, index_day)
    index = index_day[table.patient]
    later = (index >= 0) & (table.day > index)
    if end_day is not None:
        later &= table.day <= end_day[table.patient]
    out = np.full(len(table.patient_ids), -1, dtype=np.int64)
    np.maximum.at(out, table.patient[later], table.day[later])
    return out


def observation_months(
    last_visit_day: IntArray, index_day: IntArray, death_day: IntArray
) -> FloatArray:
    """Months from the index day to the last visit after it or death; NaN without either.

    Parameters
    ----------
    last_visit_day : int array
        From :func:`last_visit_after` (-1: no visit after the index day).
    index_day : int array
        Each patient's index day; -1 for none (the result is then NaN).
    death_day : int array
        Each patient's day of death; -1 for alive. A death before the index
        day does not count.

    Returns
    -------
    float array
        ``(end - index) / DAYS_PER_MONTH``, with ``end`` the later of the
        last visit and a death on or after the index day.

    Examples
    --------
    >>> observation_months(np.array([100, -1, -1]), np.array([0, 0, 5]), np.array([-1, 0, 3]))
    array([3.28542094, 0.        ,        nan])
    """
    died = (death_day >= 0) & (death_day >= index_day)
    end = np.maximum(last_visit_day, np.where(died, death_day, -1))
    observed = (index_day >= 0) & (end >= 0)
    months: FloatArray = np.where(observed, (end - index_day) / DAYS_PER_MONTH, np.nan)
    return months
