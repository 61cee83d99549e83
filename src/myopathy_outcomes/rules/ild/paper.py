"""The paper's ILD progression rule: a decline of %FVC from baseline beyond a threshold.

Criterion names ``paper`` (relative, the default) and ``paper-absolute``.

The rule
--------
Hanaoka et al. (2019) define progression of interstitial lung disease (ILD)
as "more than 10% decline of %FVC from baseline". A patient has progressed
when any visit after the index date (and after the baseline visit) has a
%FVC that meets :class:`IldProgressionRule`; the first such date is
recorded. The comparison is strict: a decline of exactly the threshold is
not progression.

Two readings of "10% decline of %FVC"
-------------------------------------
The phrase is ambiguous because %FVC is itself a percentage:

``relative`` (the default)
    ``(baseline - value) / baseline * 100 > threshold``: a fall of more
    than 10% *of the baseline value* (80 -> 71.9 % predicted progresses,
    80 -> 72 does not).
``absolute``
    ``baseline - value > threshold``: a fall of more than 10 *percentage
    points* (80 -> 69.9 progresses, 80 -> 70 does not).

The default is ``relative``, for these reasons:

1. Hanaoka et al. write "more than 10% decline of %FVC from baseline";
   "10%" (not "10 points") "from baseline" reads most naturally as a
   proportion of the baseline value.
2. A 10% FVC decline as a marker of progression comes from the IPF
   prognostic literature (Flaherty et al. 2003; Collard et al. 2003), in
   which both calculations have been used; Richeldi et al. (2012) compared
   them and found that the relative calculation flags more patients with
   the same prognostic accuracy for a 10% decline.
3. The most widely used non-IPF definition before 2022, the INBUILD trial's,
   is a "relative decline in FVC of at least 10% of the predicted value"
   (Flaherty et al. 2019).

The paper does not say which calculation it used, so the default is an
interpretation, not a fact: report both readings as a sensitivity analysis.
The 2022 ATS/ERS/JRS/ALAT guideline on progressive pulmonary fibrosis
(Raghu et al. 2022) settles nothing here: it uses neither reading of a
10% rule but an *absolute* decline of FVC >= 5% of predicted within one year, a
different rule (``IldProgressionRule("absolute", 5.0)`` is close to it but
strict, where the guideline's ">=" is inclusive, and has no time limit
unless ``until`` is given).

For a baseline of at most 100 % predicted, every absolute decline of more
than 10 points is also a relative decline of more than 10%, so the relative
reading flags at least the patients the absolute reading flags.

Exact arithmetic
----------------
Measurements arrive as decimals typed into a spreadsheet (``71.3``), stored
as binary floats. Each float is read back as the shortest decimal that
round-trips it (Python's ``repr``), and the comparison is done in exact
rational arithmetic (:class:`fractions.Fraction`). So 41 -> 36.9 is exactly
a 10% relative decline, and not progression, although naive float
arithmetic gives 10.000000000000004; likewise 64.4 -> 54.4 is exactly 10
points. Float rounding cannot flip such boundary cases, and a lower value
never gives a smaller decline. (Floating point decides only declines
farther than 1e-9 from the threshold, where it cannot be wrong; the rest
are decided exactly.) The returned
``decline`` values are floats, for display only.

References
----------
.. [1] Hanaoka H, Iida H, Kiyokawa T, Takakuwa Y, Kaneko Y. Mycophenolate
   mofetil treatment with or without a calcineurin inhibitor in resistant
   inflammatory myopathy. Clin Rheumatol. 2019;38:585-590.
.. [2] Flaherty KR, Mumford JA, Murray S, et al. Prognostic implications of
   physiologic and radiographic changes in idiopathic interstitial
   pneumonia. Am J Respir Crit Care Med. 2003;168:543-548.
.. [3] Collard HR, King TE Jr, Bartelson BB, et al. Changes in clinical and
   physiologic variables predict survival in idiopathic pulmonary fibrosis.
   Am J Respir Crit Care Med. 2003;168:538-542.
.. [4] Richeldi L, Ryerson CJ, Lee JS, et al. Relative versus absolute
   change in forced vital capacity in idiopathic pulmonary fibrosis.
   Thorax. 2012;67:407-411.
.. [5] Flaherty KR, Wells AU, Cottin V, et al. Nintedanib in progressive
   fibrosing interstitial lung diseases (INBUILD). N Engl J Med.
   2019;381:1718-1727.
.. [6] Raghu G, Remy-Jardin M, Richeldi L, et al. Idiopathic pulmonary
   fibrosis (an update) and progressive pulmonary fibrosis in adults: an
   official ATS/ERS/JRS/ALAT clinical practice guideline. Am J Respir Crit
   Care Med. 2022;205:e18-e47.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from myopathy_outcomes.models import PatientRecord
from myopathy_outcomes.rules.ild._exact import absolute_decline, exact, relative_decline
from myopathy_outcomes.rules.ild.progression import Baselines, IldProgression

__all__ = ["FvcDeclineReading", "IldProgressionRule", "ild_progression"]


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
        ``"absolute"``: decline in percentage points. See the module notes
        for why ``"relative"`` is the default.
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

    @property
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
            approximate = self._float_decline(baseline, value)
            if abs(approximate - self.threshold) > _EXACT_ZONE * max(1.0, self.threshold):
                return approximate > self.threshold
        return self._exact_decline(baseline, value) > exact(self.threshold, "threshold")

    def _float_decline(self, baseline: float, value: float) -> float:
        """The decline in floating point: exact enough away from the threshold, and fast."""
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

    def _format_threshold(self) -> str:
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
        The baseline %FVC, usually ``derive_outcome(..., Measure.FVC).baseline``.
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
    pid = record.patient_id
    if baseline_fvc is None:
        return IldProgression(
            patient_id=pid,
            evaluable=False,
            progressed=False,
            first_date=None,
            baseline_fvc=None,
            max_decline=None,
            reason="not evaluable: no baseline %FVC",
            criterion=rule.name,
        )
    after = index_date if baseline_date is None else max(index_date, baseline_date)
    follow_up = [
        (v.date, v.fvc_pct)
        for v in record.visits
        if v.fvc_pct is not None and v.date > after and (until is None or v.date <= until)
    ]
    if not follow_up:
        since = "the baseline visit" if baseline_date is not None else "the index date"
        limit = "" if until is None else f" up to {until.isoformat()}"
        return IldProgression(
            patient_id=pid,
            evaluable=False,
            progressed=False,
            first_date=None,
            baseline_fvc=baseline_fvc,
            max_decline=None,
            reason=f"not evaluable: no %FVC after {since} ({after.isoformat()}){limit}",
            criterion=rule.name,
        )
    worst = max(follow_up, key=lambda point: rule._float_decline(baseline_fvc, point[1]))
    max_decline = rule.decline(baseline_fvc, worst[1])
    first = next(
        ((when, fvc) for when, fvc in follow_up if rule.is_progression(baseline_fvc, fvc)),
        None,
    )
    if first is None:
        last_date = follow_up[-1][0]
        reason = (
            f"no progression: largest {rule._decline_words(max_decline)} from baseline "
            f"{baseline_fvc:g} over {len(follow_up)} visit(s) to {last_date.isoformat()} "
            f"(needs {rule._format_threshold()})"
        )
    else:
        when, fvc = first
        reason = (
            f"progressed: %FVC {fvc:g} on {when.isoformat()}, "
            f"{rule._decline_words(rule.decline(baseline_fvc, fvc))} "
            f"from baseline {baseline_fvc:g} ({rule._format_threshold()})"
        )
    return IldProgression(
        patient_id=pid,
        evaluable=True,
        progressed=first is not None,
        first_date=None if first is None else first[0],
        baseline_fvc=baseline_fvc,
        max_decline=max_decline,
        reason=reason,
        visits_considered=len(follow_up),
        criterion=rule.name,
    )
