"""The paper's ILD progression rule: a decline of %FVC from baseline beyond a threshold.

Criterion names ``paper`` (relative, the default) and ``paper-absolute``.

Hanaoka et al. [1]_ define progression of interstitial lung disease as "more
than 10% decline of %FVC from baseline". A patient has progressed when any
visit after the index date (and after the baseline visit) has a %FVC that
meets :class:`IldProgressionRule`; the first such date is recorded. The
comparison is strict and exact: a decline of exactly the threshold is not
progression. The two readings of the phrase (``relative``, the default, and
``absolute``), why relative is the default, and the exact decimal
arithmetic are explained in the documentation's page "The paper's ILD rule"
(``docs/explanation/ild-readings.md``).

References
----------
.. [1] Hanaoka H, Iida H, Kiyokawa T, Takakuwa Y, Kaneko Y. Mycophenolate
   mofetil treatment with or without a calcineurin inhibitor in resistant
   inflammatory myopathy. Clin Rheumatol. 2019;38:585-590.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.models import PatientRecord
from myopathy_outcomes.rules.ild._exact import absolute_decline, exact, relative_decline
from myopathy_outcomes.rules.ild.progression import (
    Baselines,
    IldProgression,
    NamedCriterion,
    Parameter,
    not_evaluable,
)

__all__ = ["NAMED", "FvcDeclineReading", "IldProgressionRule", "ild_progression"]

FloatArray = NDArray[np.float64]


class FvcDeclineReading(StrEnum):
    """How "a decline of %FVC of more than X%" is read."""

    RELATIVE = "relative"
    """``(baseline - value) / baseline * 100``: percent of the baseline value."""
    ABSOLUTE = "absolute"
    """``baseline - value``: percentage points of predicted."""


_EXACT_ZONE = 1e-9
"""Declines within this relative distance of the threshold are decided exactly."""


@dataclass(frozen=True)
class IldProgressionRule:
    """When a fall of %FVC from baseline counts as ILD progression.

    Parameters
    ----------
    reading : FvcDeclineReading or {"relative", "absolute"}, default "relative"
        ``"relative"``: decline in percent of the baseline value;
        ``"absolute"``: decline in percentage points. Why ``"relative"`` is
        the default: ``docs/explanation/ild-readings.md``.
    threshold : float, default 10.0
        Progression is a decline strictly greater than this.

    Notes
    -----
    The comparison is exact (rational arithmetic on the decimals as typed),
    so a decline of exactly ``threshold`` is never progression.

    Examples
    --------
    >>> rule = IldProgressionRule()
    >>> rule.decline(80, 72), rule.is_progression(80, 72), rule.is_progression(80, 71.9)
    (10.0, False, True)
    >>> IldProgressionRule("absolute").is_progression(80, 70)
    False
    """

    reading: FvcDeclineReading = FvcDeclineReading.RELATIVE
    threshold: float = 10.0

    def __post_init__(self) -> None:
        try:
            reading = FvcDeclineReading(self.reading)
        except ValueError:
            allowed = ", ".join(repr(r.value) for r in FvcDeclineReading)
            raise ValueError(f"reading must be one of {allowed}, got {self.reading!r}") from None
        object.__setattr__(self, "reading", reading)
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int | float):
            raise TypeError(f"threshold must be a number, got {self.threshold!r}")
        if not math.isfinite(self.threshold) or self.threshold < 0:
            raise ValueError(f"threshold must be finite and >= 0, got {self.threshold!r}")

    @cached_property
    def name(self) -> str:
        """``"paper"`` or ``"paper-absolute"``; the threshold is added when it is not 10."""
        name = "paper" if self.reading is FvcDeclineReading.RELATIVE else "paper-absolute"
        return name if self.threshold == 10 else f"{name} (> {self.threshold:g})"

    @property
    def measures(self) -> tuple[str, ...]:
        """The rule reads %FVC only."""
        return ("fvc_pct",)

    def assess(
        self, record: PatientRecord, index_date: date, baselines: Baselines
    ) -> IldProgression:
        """:func:`ild_progression` with this rule, from the baseline %FVC and its date."""
        return ild_progression(
            record, index_date, baselines.fvc, self, baseline_date=baselines.fvc_date
        )

    def _exact_decline(self, baseline: float, value: float) -> Fraction:
        if exact(baseline, "baseline") <= 0:
            raise ValueError(f"baseline must be > 0 (a %FVC), got {baseline!r}")
        if self.reading is FvcDeclineReading.RELATIVE:
            return relative_decline(baseline, value, "%FVC")
        return absolute_decline(baseline, value, "%FVC")

    def decline(self, baseline: float, value: float) -> float:
        """The decline from ``baseline`` to ``value``; negative for an improvement.

        Parameters
        ----------
        baseline, value : float
            %FVC at baseline and at a later visit. ``baseline`` must be > 0.

        Returns
        -------
        float
            Percent of baseline (relative reading) or percentage points
            (absolute reading), rounded to a float for display.

        Examples
        --------
        >>> IldProgressionRule().decline(80, 60)
        25.0
        >>> IldProgressionRule("absolute").decline(80, 60)
        20.0
        """
        return float(self._exact_decline(baseline, value))

    def is_progression(self, baseline: float, value: float) -> bool:
        """Whether the decline from ``baseline`` to ``value`` exceeds the threshold.

        Examples
        --------
        >>> IldProgressionRule().is_progression(71.3, 64.17)  # exactly 10%
        False
        """
        if baseline > 0 and math.isfinite(baseline) and math.isfinite(value):
            approximate = self.float_decline(baseline, value)
            if abs(approximate - self.threshold) > self.exact_margin:
                return approximate > self.threshold
        return self._exact_decline(baseline, value) > exact(self.threshold, "threshold")

    @cached_property
    def exact_margin(self) -> float:
        """How near the threshold a float decline must be to be decided exactly.

        Farther away, float noise (about 1e-14) cannot reverse the decision.

        >>> IldProgressionRule().exact_margin
        1e-08
        """
        return _EXACT_ZONE * max(1.0, self.threshold)

    @overload
    def float_decline(self, baseline: float, value: float) -> float: ...

    @overload
    def float_decline(self, baseline: FloatArray, value: FloatArray) -> FloatArray: ...

    def float_decline(self, baseline: Any, value: Any) -> Any:
        """The decline in floating point: exact enough away from the threshold, and fast.

        Numbers or arrays (the columnar engine), operation for operation the
        same, so both engines get the same floats.

        >>> IldProgressionRule().float_decline(80.0, 60.0)
        25.0
        """
        if self.reading is FvcDeclineReading.RELATIVE:
            return (baseline - value) / baseline * 100
        return baseline - value

    def describe(self) -> str:
        """The rule in one line, for a report.

        Examples
        --------
        >>> print(IldProgressionRule().describe())  # doctest: +NORMALIZE_WHITESPACE
        ILD progression: relative decline of %FVC > 10% of baseline
        ((baseline - value) / baseline * 100 > 10)
        >>> print(IldProgressionRule("absolute").describe())  # doctest: +NORMALIZE_WHITESPACE
        ILD progression: absolute decline of %FVC > 10 percentage points
        (baseline - value > 10)
        """
        t = f"{self.threshold:g}"
        if self.reading is FvcDeclineReading.RELATIVE:
            return (
                f"ILD progression: relative decline of %FVC > {t}% of baseline "
                f"((baseline - value) / baseline * 100 > {t})"
            )
        return (
            f"ILD progression: absolute decline of %FVC > {t} percentage points "
            f"(baseline - value > {t})"
        )

    def _decline_words(self, decline: float) -> str:
        amount = f"{round(decline, 2):g}"
        if self.reading is FvcDeclineReading.RELATIVE:
            return f"relative decline of {amount}%"
        return f"absolute decline of {amount} points"

    @cached_property
    def _threshold_words(self) -> str:
        unit = "%" if self.reading is FvcDeclineReading.RELATIVE else " points"
        return f"> {self.threshold:g}{unit}"


def ild_progression(
    record: PatientRecord,
    index_date: date,
    baseline_fvc: float | None,
    rule: IldProgressionRule = IldProgressionRule(),
    *,
    baseline_date: date | None = None,
    until: date | None = None,
) -> IldProgression:
    """Decide whether a patient's ILD progressed after the index date.

    Parameters
    ----------
    record : PatientRecord
        The patient's visits (sorted by date).
    index_date : date
        Start of treatment; only visits strictly after it count.
    baseline_fvc : float or None
        The baseline %FVC, usually ``derive_outcome(..., "fvc_pct").baseline``.
        None makes the patient not evaluable.
    rule : IldProgressionRule, optional
        The threshold and reading; relative decline > 10% by default.
    baseline_date : date, optional, keyword-only
        The date of the baseline visit. Pass it (``outcome.baseline_date``)
        when the baseline visit may fall after the index date, so that only
        visits strictly after it count and the baseline is never compared
        with itself. When omitted, visits strictly after ``index_date`` count.
    until : date, optional, keyword-only
        Ignore visits after this date (inclusive limit), e.g. to assess
        progression within one year.

    Returns
    -------
    IldProgression
        ``progressed`` with the first date that met the rule, or the reason
        the patient was not evaluable.

    Examples
    --------
    >>> from datetime import date
    >>> from myopathy_outcomes.models import Patient, PatientRecord, Visit
    >>> p = Patient(patient_id="P01", sex="F", birth_date="1960-01-01",
    ...             diagnosis="DM", ild=True)
    >>> visits = tuple(Visit(patient_id="P01", date=d, fvc_pct=f) for d, f in
    ...                [("2015-03-01", 80), ("2015-06-01", 72), ("2015-09-01", 70)])
    >>> result = ild_progression(PatientRecord(p, visits), date(2015, 3, 1), 80.0)
    >>> result.progressed, result.first_date, result.max_decline
    (True, datetime.date(2015, 9, 1), 12.5)
    >>> result.reason
    'progressed: %FVC 70 on 2015-09-01, relative decline of 12.5% from baseline 80 (> 10%)'
    """
    after = index_date if baseline_date is None else max(index_date, baseline_date)
    if baseline_fvc is None:
        return paper_result(rule, record.patient_id, None, after)
    follow_up = [
        (v.date, v.fvc_pct)
        for v in record.visits
        if v.fvc_pct is not None and v.date > after and (until is None or v.date <= until)
    ]
    if not follow_up:
        return paper_result(
            rule,
            record.patient_id,
            baseline_fvc,
            after,
            since_baseline=baseline_date is not None,
            until=until,
        )
    worst = max(follow_up, key=lambda point: rule.float_decline(baseline_fvc, point[1]))
    first = next(
        ((when, fvc) for when, fvc in follow_up if rule.is_progression(baseline_fvc, fvc)),
        None,
    )
    return paper_result(
        rule,
        record.patient_id,
        baseline_fvc,
        after,
        visits=len(follow_up),
        last_date=follow_up[-1][0],
        max_decline=rule.decline(baseline_fvc, worst[1]),
        first=None if first is None else (*first, rule.decline(baseline_fvc, first[1])),
    )


def paper_result(
    rule: IldProgressionRule,
    patient_id: str,
    baseline_fvc: float | None,
    after: date,
    *,
    since_baseline: bool = True,
    until: date | None = None,
    visits: int = 0,
    last_date: date | None = None,
    max_decline: float = math.nan,
    first: tuple[date, float, float] | None = None,
) -> IldProgression:
    """One patient's result under ``rule``, worded, from what :func:`ild_progression` found.

    The one place the rule's decisions are put into words: the per-patient
    reference and the columnar engine (:mod:`myopathy_outcomes.columnar.ild`)
    both call it.

    Parameters
    ----------
    rule : IldProgressionRule
        The rule applied.
    patient_id : str
        The patient.
    baseline_fvc : float or None
        The baseline %FVC; None: not evaluable for want of one.
    after : date
        The day after which %FVC was sought: the later of the index date and
        the baseline visit.
    since_baseline : bool, default True
        Whether ``after`` comes from the baseline visit's date (else only the
        index date was known).
    until : date, optional
        The last day a %FVC was sought.
    visits : int
        The %FVC values compared with baseline; 0: not evaluable.
    last_date : date
        The last of them.
    max_decline : float
        The largest decline, exactly (:meth:`IldProgressionRule.decline`).
    first : tuple of (date, float, float), optional
        The first visit that met the rule: date, %FVC and its exact decline.

    Returns
    -------
    IldProgression
        Equal, field for field, to what :func:`ild_progression` returns.
    """
    if baseline_fvc is None:
        return not_evaluable(patient_id, rule.name, "no baseline %FVC")
    if visits == 0 or last_date is None:
        since = "the baseline visit" if since_baseline else "the index date"
        limit = "" if until is None else f" up to {until.isoformat()}"
        why = f"no %FVC after {since} ({after.isoformat()}){limit}"
        return not_evaluable(patient_id, rule.name, why, baseline_fvc)
    if first is None:
        reason = (
            f"no progression: largest {rule._decline_words(max_decline)} from baseline "
            f"{baseline_fvc:g} over {visits} visit(s) to {last_date.isoformat()} "
            f"(needs {rule._threshold_words})"
        )
    else:
        when, fvc, decline = first
        reason = (
            f"progressed: %FVC {fvc:g} on {when.isoformat()}, {rule._decline_words(decline)} "
            f"from baseline {baseline_fvc:g} ({rule._threshold_words})"
        )
    return IldProgression(
        patient_id=patient_id,
        evaluable=True,
        progressed=first is not None,
        first_date=None if first is None else first[0],
        baseline_fvc=baseline_fvc,
        max_decline=max_decline,
        reason=reason,
        visits_considered=visits,
        criterion=rule.name,
    )


_PARAMETERS = (
    Parameter(
        "reading",
        str,
        "decline of %FVC in percent of baseline (relative) or in percentage points (absolute)",
        choices=tuple(r.value for r in FvcDeclineReading),
    ),
    Parameter("threshold", float, "progression is a decline of more than this"),
)

NAMED = (
    NamedCriterion("paper", IldProgressionRule, _PARAMETERS),
    NamedCriterion(
        "paper-absolute", IldProgressionRule, _PARAMETERS, {"reading": FvcDeclineReading.ABSOLUTE}
    ),
)
"""The rule by name: ``paper`` (relative reading) and ``paper-absolute``."""
