"""Progressive pulmonary fibrosis, physiological evidence (ATS/ERS/JRS/ALAT 2022).

Criterion name ``ppf2022``.

The rule
--------
The 2022 guideline [1]_ defines progressive pulmonary fibrosis by two of three
kinds of evidence within the past year: worsening symptoms, radiological
progression, and physiological progression. Its physiological evidence is

- an absolute decline of FVC >= 5% of predicted within one year of
  follow-up, or
- an absolute decline of DLCO (corrected for haemoglobin) >= 10% of
  predicted within one year of follow-up.

Both bounds are inclusive (">="), both are absolute (percentage points).

What the data hold
------------------
The data hold %FVC and %DLCO, not symptoms or imaging, so this criterion is
the *physiological* part only: a patient who meets it has physiological
progression, which the guideline requires together with symptomatic or
radiological progression. %DLCO is taken as recorded (corrected for
haemoglobin when the export is). "Within one year" is read as a visit no
later than the same calendar day one year after that measure's baseline
visit (the baseline itself excluded).

A patient is evaluable when either measure has a baseline and a value within
the year; a missing %DLCO does not make a patient unevaluable when %FVC
answers, and the reason says which measures were compared.

References
----------
.. [1] Raghu G, Remy-Jardin M, Richeldi L, et al. Idiopathic pulmonary
   fibrosis (an update) and progressive pulmonary fibrosis in adults: an
   official ATS/ERS/JRS/ALAT clinical practice guideline. Am J Respir Crit
   Care Med. 2022;205:e18-e47.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from myopathy_outcomes.models import PatientRecord
from myopathy_outcomes.rules.ild._exact import absolute_decline
from myopathy_outcomes.rules.ild.progression import (
    Baselines,
    IldProgression,
    NamedCriterion,
    add_months,
    follow_up,
    not_evaluable,
)

__all__ = ["NAMED", "Ppf2022"]

_FVC_POINTS = 5
_DLCO_POINTS = 10
_MONTHS = 12


@dataclass(frozen=True)
class Ppf2022:
    """Physiological progression of the 2022 PPF guideline (see the module notes).

    Examples
    --------
    >>> from myopathy_outcomes.models import Patient, PatientRecord, Visit
    >>> p = Patient(patient_id="P", sex="F", birth_date="1960-01-01", diagnosis="DM", ild=True)
    >>> v = (Visit(patient_id="P", date="2016-01-10", fvc_pct=75.0),
    ...      Visit(patient_id="P", date="2016-03-01", fvc_pct=70.0))
    >>> r = Ppf2022().assess(PatientRecord(p, v), date(2016, 1, 1),
    ...                      Baselines(fvc=75.0, fvc_date=date(2016, 1, 10)))
    >>> r.progressed
    True
    >>> print(r.reason)  # doctest: +NORMALIZE_WHITESPACE
    progressed: %FVC 70 on 2016-03-01, absolute decline of 5 points from baseline 75
    (>= 5 points within 12 months)
    """

    @property
    def name(self) -> str:
        """``"ppf2022"``."""
        return "ppf2022"

    @property
    def measures(self) -> tuple[str, ...]:
        """%FVC and %DLCO."""
        return ("fvc_pct", "dlco_pct")

    def describe(self) -> str:
        """The criterion in one line, with its source."""
        return (
            "ILD progression (ppf2022): absolute decline of %FVC >= 5 points or of %DLCO "
            ">= 10 points within one year of baseline (physiological criterion of the "
            "ATS/ERS/JRS/ALAT 2022 progressive pulmonary fibrosis guideline; symptoms and "
            "imaging are not in the data)"
        )

    def assess(
        self, record: PatientRecord, index_date: date, baselines: Baselines
    ) -> IldProgression:
        """Decide one patient's physiological progression within a year of baseline."""
        series = []
        for label, field, baseline, when, points in (
            ("%FVC", "fvc_pct", baselines.fvc, baselines.fvc_date, _FVC_POINTS),
            ("%DLCO", "dlco_pct", baselines.dlco, baselines.dlco_date, _DLCO_POINTS),
        ):
            if baseline is None:
                continue
            until = add_months(index_date if when is None else when, _MONTHS)
            after = index_date if when is None else max(index_date, when)
            values = list(follow_up(record, field, after, until))
            series.append((label, baseline, points, values))
        fvc = next((s for s in series if s[0] == "%FVC"), None)
        max_decline = (
            None
            if fvc is None or not fvc[3]
            else float(max(absolute_decline(fvc[1], v, "%FVC") for _, v in fvc[3]))
        )
        compared = [s for s in series if s[3]]
        if not compared:
            missing = "no baseline %FVC or %DLCO" if not series else "no value within one year"
            why = f"{missing} of baseline"
            return not_evaluable(record.patient_id, self.name, why, baselines.fvc)
        hits = [
            (when, label, value, baseline, decline)
            for label, baseline, points, values in compared
            for when, value in values
            if (decline := absolute_decline(baseline, value, label)) >= points
        ]
        considered = len({when for s in compared for when, _ in s[3]})
        if hits:
            when, label, value, baseline, decline = min(hits, key=lambda h: (h[0], h[1]))
            points = _FVC_POINTS if label == "%FVC" else _DLCO_POINTS
            reason = (
                f"progressed: {label} {value:g} on {when.isoformat()}, absolute decline of "
                f"{float(decline):g} points from baseline {baseline:g} (>= {points} points "
                f"within {_MONTHS} months)"
            )
        else:
            parts = [
                f"largest {label} decline "
                f"{float(max(absolute_decline(b, v, label) for _, v in values)):g} points "
                f"(needs >= {points})"
                for label, b, points, values in compared
            ]
            unused = [s[0] for s in series if not s[3]] + [
                m for m in ("%FVC", "%DLCO") if m not in {s[0] for s in series}
            ]
            note = f"; no {' or '.join(unused)} to compare" if unused else ""
            reason = f"no progression within {_MONTHS} months: " + ", ".join(parts) + note
        return IldProgression(
            record.patient_id,
            evaluable=True,
            progressed=bool(hits),
            first_date=min(h[0] for h in hits) if hits else None,
            baseline_fvc=baselines.fvc,
            max_decline=max_decline,
            reason=reason,
            visits_considered=considered,
            criterion=self.name,
        )


NAMED = (NamedCriterion("ppf2022", Ppf2022),)
"""The criterion by name; its thresholds are the source's, not parameters."""
