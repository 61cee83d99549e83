"""Baseline and follow-up values per measure, and their change.

Each side is taken from a window around the index date, measure by measure;
every window is a field of :class:`OutcomeRules`, and a missing side is
``None`` with its reason in words (nothing is imputed). The rules in detail
are in the documentation's page "Baseline and follow-up windows in detail"
(``docs/explanation/windows.md``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np

from myopathy_outcomes.models import PatientRecord
from myopathy_outcomes.schema import Measure, resolve_measure

__all__ = [
    "MeasureOutcome",
    "OutcomeRules",
    "derive_outcome",
    "derive_outcomes",
]


_FOLLOW_UP = ("last", "fixed")
_ANALYSES = ("intention-to-treat", "as-treated")


_MAX_DAYS = 36_525
"""A century: longer windows are typing errors and would overflow calendar dates."""


def _check_days(rules: OutcomeRules, name: str, *, positive: bool = False) -> None:
    """Check the field ``name`` of ``rules`` is a number of days; store it as a Python int.

    NumPy integers (``np.int64(14)``, as read from a DataFrame) are accepted;
    booleans and floats are not.
    """
    value = getattr(rules, name)
    low = 1 if positive else 0
    if (
        isinstance(value, bool | np.bool_)
        or not isinstance(value, int | np.integer)
        or not low <= value <= _MAX_DAYS
    ):
        raise ValueError(f"{name} must be an integer from {low} to {_MAX_DAYS}, got {value!r}")
    object.__setattr__(rules, name, int(value))


@dataclass(frozen=True)
class OutcomeRules:
    """Windows for the baseline and follow-up values.

    Parameters
    ----------
    baseline_days_before, baseline_days_after : int, default 30 and 7
        The baseline window ``[index - before, index + after]``, inclusive.
    follow_up : {"last", "fixed"}, default "last"
        ``"last"``: the last visit after the baseline. ``"fixed"``: the
        visit closest to ``index + follow_up_days``.
    follow_up_days : int, optional
        Required when ``follow_up="fixed"`` (e.g. 182 or 365); must be
        None otherwise.
    follow_up_window_days : int, default 30
        The ``+/-`` window, inclusive, around the fixed time point.
    follow_up_analysis : {"intention-to-treat", "as-treated"}, default "intention-to-treat"
        ``"as-treated"``: follow-up ends when the patient stops their arm's
        treatment or switches to another arm's
        (:mod:`myopathy_outcomes.rules.follow_up`); the follow-up values and
        the time-to-event endpoints read only the records up to that day.
    grace_days : int, default 0
        As-treated: days after a stop still counted as on treatment, and the
        longest gap between two courses that is bridged.
    report_both : bool, default False
        Also report the time to event under the other follow-up analysis,
        beside the main one, as a sensitivity analysis.

    Examples
    --------
    >>> print(OutcomeRules(follow_up="fixed", follow_up_days=182).describe())
    ... # doctest: +NORMALIZE_WHITESPACE
    Baseline: the visit with a value closest to the index date from 30 days before
    to 7 days after it (ties: the earlier); follow-up: the visit with a value closest
    to 182 days after the index date, within +/- 30 days and after the baseline visit
    (ties: the earlier).
    >>> OutcomeRules(follow_up="fixed")
    Traceback (most recent call last):
    ...
    ValueError: follow_up_days is required when follow_up='fixed', e.g. 182 or 365
    """

    baseline_days_before: int = 30
    baseline_days_after: int = 7
    follow_up: Literal["last", "fixed"] = "last"
    follow_up_days: int | None = None
    follow_up_window_days: int = 30
    follow_up_analysis: Literal["intention-to-treat", "as-treated"] = "intention-to-treat"
    grace_days: int = 0
    report_both: bool = False

    def __post_init__(self) -> None:
        _check_days(self, "baseline_days_before")
        _check_days(self, "baseline_days_after")
        _check_days(self, "follow_up_window_days")
        if self.follow_up not in _FOLLOW_UP:
            raise ValueError(
                f"follow_up must be one of {', '.join(map(repr, _FOLLOW_UP))}, "
                f"got {self.follow_up!r}"
            )
        if self.follow_up == "fixed":
            if self.follow_up_days is None:
                raise ValueError(
                    "follow_up_days is required when follow_up='fixed', e.g. 182 or 365"
                )
            _check_days(self, "follow_up_days", positive=True)
        elif self.follow_up_days is not None:
            raise ValueError(
                "follow_up_days is used only with follow_up='fixed', "
                f"got follow_up_days={self.follow_up_days!r} with follow_up='last'"
            )
        if self.follow_up_analysis not in _ANALYSES:
            raise ValueError(
                f"follow_up_analysis must be one of {', '.join(map(repr, _ANALYSES))}, "
                f"got {self.follow_up_analysis!r}"
            )
        _check_days(self, "grace_days")
        if self.grace_days and not (self.as_treated or self.report_both):
            raise ValueError(
                "grace_days is used only with follow_up_analysis='as-treated' (or "
                f"report_both=True), got grace_days={self.grace_days!r}"
            )
        if not isinstance(self.report_both, bool):
            raise TypeError(f"report_both must be true or false, got {self.report_both!r}")

    @property
    def other_analysis(self) -> OutcomeRules:
        """The same rules under the other follow-up analysis (``report_both``'s second)."""
        if self.as_treated:
            return dataclasses.replace(
                self, follow_up_analysis="intention-to-treat", grace_days=0, report_both=False
            )
        return dataclasses.replace(self, follow_up_analysis="as-treated", report_both=False)

    @property
    def as_treated(self) -> bool:
        """Whether follow-up ends when the patient is off their arm's treatment."""
        return self.follow_up_analysis == "as-treated"

    def _fixed_days(self) -> int:
        if self.follow_up_days is None:  # unreachable: __post_init__ requires it
            raise ValueError("follow_up_days is required when follow_up='fixed'")
        return self.follow_up_days

    def describe(self) -> str:
        """The windows in one sentence, for a report.

        Examples
        --------
        >>> print(OutcomeRules().describe())  # doctest: +NORMALIZE_WHITESPACE
        Baseline: the visit with a value closest to the index date from 30 days before
        to 7 days after it (ties: the earlier); follow-up: the last visit with a value
        after the index date and after the baseline visit.
        """
        baseline = (
            "Baseline: the visit with a value closest to the index date from "
            f"{self.baseline_days_before} days before to {self.baseline_days_after} days "
            "after it (ties: the earlier)"
        )
        if self.follow_up == "last":
            follow_up = (
                "follow-up: the last visit with a value after the index date and after "
                "the baseline visit"
            )
        else:
            follow_up = (
                f"follow-up: the visit with a value closest to {self.follow_up_days} days "
                f"after the index date, within +/- {self.follow_up_window_days} days and "
                "after the baseline visit (ties: the earlier)"
            )
        if self.as_treated:
            grace = f" plus {self.grace_days} days' grace" if self.grace_days else ""
            follow_up += (
                f"; as treated: follow-up ends at the stop of the group's treatment{grace} "
                "or at the start of another group's drug"
            )
        if self.report_both:
            other = "as treated" if not self.as_treated else "by intention to treat"
            follow_up += f"; time to event also {other} (a sensitivity analysis)"
        return f"{baseline}; {follow_up}."


@dataclass(frozen=True)
class MeasureOutcome:
    """One patient's baseline and follow-up value of one measure.

    Attributes
    ----------
    patient_id : str
        The patient.
    measure : Measure
        The measure (:class:`myopathy_outcomes.schema.Measure`).
    baseline, baseline_date : float or None, date or None
        The baseline value and its visit date.
    follow_up, follow_up_date : float or None, date or None
        The follow-up value and its visit date.
    missing_reason : str or None
        None when both values are present; otherwise what is missing, in
        words (both sides joined by ``"; "``).
    """

    patient_id: str
    measure: Measure
    baseline: float | None
    baseline_date: date | None
    follow_up: float | None
    follow_up_date: date | None
    missing_reason: str | None

    @property
    def paired(self) -> bool:
        """Whether both the baseline and the follow-up value are present."""
        return self.baseline is not None and self.follow_up is not None

    @property
    def change(self) -> float | None:
        """``follow_up - baseline``, or None when either is missing."""
        if self.baseline is None or self.follow_up is None:
            return None
        return self.follow_up - self.baseline


def _closest(
    points: Sequence[tuple[date, float]], target: date, low: date, high: date
) -> tuple[date, float] | None:
    """The point closest to ``target`` within ``[low, high]``; ties go to the earlier date."""
    inside = [p for p in points if low <= p[0] <= high]
    if not inside:
        return None
    return min(inside, key=lambda p: (abs((p[0] - target).days), p[0]))


def _baseline_window(index_date: date, rules: OutcomeRules) -> tuple[date, date]:
    """The first and last day of the baseline window, inclusive."""
    return (
        index_date - timedelta(days=rules.baseline_days_before),
        index_date + timedelta(days=rules.baseline_days_after),
    )


def _fixed_window(index_date: date, rules: OutcomeRules) -> tuple[date, date, date]:
    """The fixed follow-up time point and the first and last day of its window, inclusive."""
    target = index_date + timedelta(days=rules._fixed_days())
    window = timedelta(days=rules.follow_up_window_days)
    return target, target - window, target + window


def missing_reason(
    measure: Measure,
    index_date: date,
    rules: OutcomeRules,
    *,
    baseline_date: date | None,
    follow_up_found: bool,
    until: date | None = None,
) -> str | None:
    """What is missing of one patient's measure, in words; None when nothing is.

    The one wording of :attr:`MeasureOutcome.missing_reason`, shared by
    :func:`derive_outcome` and the columnar engine
    (:mod:`myopathy_outcomes.columnar.windows`).

    Parameters
    ----------
    measure : Measure
        The measure.
    index_date : date
        Start of treatment.
    rules : OutcomeRules
        The windows.
    baseline_date : date or None
        The baseline visit's date; None when there is no baseline value.
    follow_up_found : bool
        Whether there is a follow-up value.
    until : date or None
        The end of as-treated follow-up, when the follow-up value was
        looked for up to it only.

    Returns
    -------
    str or None
        Each missing side's reason, joined by ``"; "``; None when both
        sides were found.

    Examples
    --------
    >>> from myopathy_outcomes.schema import CK
    >>> print(missing_reason(CK, date(2015, 3, 8), OutcomeRules(),
    ...                      baseline_date=date(2015, 3, 8), follow_up_found=False))
    no CK after the baseline visit (2015-03-08)
    """
    if baseline_date is not None and follow_up_found:
        return None
    name = measure.in_text
    reasons: list[str] = []
    if baseline_date is None:
        low, high = _baseline_window(index_date, rules)
        reasons.append(
            f"no {name} within [index - {rules.baseline_days_before} d, "
            f"index + {rules.baseline_days_after} d] ({low} to {high})"
        )
    if not follow_up_found:
        after = index_date if baseline_date is None else max(index_date, baseline_date)
        since = (
            f"the index date ({index_date})"
            if after == index_date and (baseline_date is None or baseline_date < index_date)
            else f"the baseline visit ({after})"
        )
        if rules.follow_up == "last":
            missing = f"no {name} after {since}"
        else:
            _, low, high = _fixed_window(index_date, rules)
            missing = (
                f"no {name} within [index + {rules.follow_up_days} d "
                f"+/- {rules.follow_up_window_days} d] ({low} to {high}) after {since}"
            )
        if until is not None:
            missing += f" up to the end of as-treated follow-up ({until})"
        reasons.append(missing)
    return "; ".join(reasons) or None


def derive_outcome(
    record: PatientRecord,
    index_date: date,
    measure: Measure | str,
    rules: OutcomeRules = OutcomeRules(),
    *,
    until: date | None = None,
) -> MeasureOutcome:
    """Find the baseline and follow-up value of one measure for one patient.

    Parameters
    ----------
    record : PatientRecord
        The patient's visits.
    index_date : date
        Start of treatment (``Assignment.index_date``).
    measure : Measure or str
        The measure to read: a :class:`~myopathy_outcomes.schema.Measure`
        (built in or declared) or a built-in measure's name (``"ck"``).
    rules : OutcomeRules, optional
        The windows (``docs/explanation/windows.md``).
    until : date, optional
        The end of as-treated follow-up: a follow-up visit after it is not used.

    Returns
    -------
    MeasureOutcome
        Both values with their dates, or the reason one is missing.

    Examples
    --------
    >>> from datetime import date
    >>> from myopathy_outcomes.models import Patient, PatientRecord, Visit
    >>> p = Patient(patient_id="P01", sex="F", birth_date="1960-01-01",
    ...             diagnosis="DM", ild=True)
    >>> visits = (Visit(patient_id="P01", date="2015-03-01", ck=2400),
    ...           Visit(patient_id="P01", date="2015-09-01", ck=300))
    >>> out = derive_outcome(PatientRecord(p, visits), date(2015, 3, 8), "ck")
    >>> out.baseline, out.follow_up, out.change
    (2400.0, 300.0, -2100.0)
    >>> fvc = derive_outcome(PatientRecord(p, visits), date(2015, 3, 8), "fvc_pct")
    >>> print(fvc.missing_reason)  # doctest: +NORMALIZE_WHITESPACE
    no %FVC within [index - 30 d, index + 7 d] (2015-02-06 to 2015-03-15);
    no %FVC after the index date (2015-03-08)
    """
    measure = resolve_measure(measure)
    points: list[tuple[date, float]] = []
    for visit in record.visits:
        value = visit.value(measure.name)
        if value is not None:
            points.append((visit.date, float(value)))
    points.sort(key=lambda p: p[0])  # stable: same-day visits keep the record's order

    low, high = _baseline_window(index_date, rules)
    baseline = _closest(points, index_date, low, high)
    after = index_date if baseline is None else max(index_date, baseline[0])
    later = [p for p in points if p[0] > after and (until is None or p[0] <= until)]
    follow_up: tuple[date, float] | None
    if rules.follow_up == "last":
        follow_up = later[-1] if later else None
    else:
        target, low, high = _fixed_window(index_date, rules)
        follow_up = _closest(later, target, low, high)

    return MeasureOutcome(
        patient_id=record.patient_id,
        measure=measure,
        baseline=None if baseline is None else baseline[1],
        baseline_date=None if baseline is None else baseline[0],
        follow_up=None if follow_up is None else follow_up[1],
        follow_up_date=None if follow_up is None else follow_up[0],
        missing_reason=missing_reason(
            measure,
            index_date,
            rules,
            baseline_date=None if baseline is None else baseline[0],
            follow_up_found=follow_up is not None,
            until=until,
        ),
    )


def derive_outcomes(
    record: PatientRecord,
    index_date: date,
    rules: OutcomeRules = OutcomeRules(),
    measures: Sequence[Measure | str] = ("ck", "fvc_pct", "dlco_pct", "psl_mg", "hrct_score"),
) -> tuple[MeasureOutcome, ...]:
    """Derive :func:`derive_outcome` for several measures, in the order given.

    Parameters
    ----------
    record : PatientRecord
        The patient's visits.
    index_date : date
        Start of treatment (``Assignment.index_date``).
    rules : OutcomeRules, optional
        The baseline and follow-up windows.
    measures : sequence of Measure or str, optional
        The measures to read; by default the five of the paper's data.

    Returns
    -------
    tuple of MeasureOutcome
        One per measure, in the order of ``measures``.

    Examples
    --------
    >>> from datetime import date
    >>> from myopathy_outcomes.models import Patient, PatientRecord
    >>> p = Patient(patient_id="P01", sex="F", birth_date="1960-01-01",
    ...             diagnosis="DM", ild=True)
    >>> [o.measure.name for o in derive_outcomes(PatientRecord(p), date(2015, 3, 8))]
    ['ck', 'fvc_pct', 'dlco_pct', 'psl_mg', 'hrct_score']
    """
    return tuple(derive_outcome(record, index_date, m, rules) for m in measures)
