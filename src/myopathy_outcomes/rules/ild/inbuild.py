"""INBUILD trial progression, physiological part: %FVC down >= 10% within 24 months.

Criterion name ``inbuild``.

The rule
--------
The INBUILD trial [1]_ enrolled patients with fibrosing ILD that had progressed
within 24 months, by one of: a relative decline in FVC of at least 10% of the
predicted value; a relative decline of 5 to < 10% with worsening symptoms or
more fibrosis on imaging; or worsening symptoms and more fibrosis. This
criterion is its physiological part:

- a relative decline of %FVC from baseline >= 10% (inclusive), at a visit
  no later than the same calendar day 24 months after the baseline visit.

What the data hold
------------------
%FVC only; the other INBUILD routes need symptoms and imaging, which the data
do not hold. A patient is evaluable with a baseline %FVC and a %FVC within
the 24 months.

References
----------
.. [1] Flaherty KR, Wells AU, Cottin V, et al. Nintedanib in progressive
   fibrosing interstitial lung diseases. N Engl J Med. 2019;381:1718-1727.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from myopathy_outcomes.models import PatientRecord
from myopathy_outcomes.rules.ild._exact import relative_decline
from myopathy_outcomes.rules.ild.progression import (
    Baselines,
    IldProgression,
    NamedCriterion,
    add_months,
    follow_up,
    not_evaluable,
)

__all__ = ["NAMED", "Inbuild"]

_THRESHOLD = 10
_MONTHS = 24


@dataclass(frozen=True)
class Inbuild:
    """INBUILD's physiological progression criterion (see the module notes).

    Examples
    --------
    >>> from myopathy_outcomes.models import Patient, PatientRecord, Visit
    >>> p = Patient(patient_id="P", sex="F", birth_date="1960-01-01", diagnosis="DM", ild=True)
    >>> v = (Visit(patient_id="P", date="2017-01-10", fvc_pct=72.0),)
    >>> b = Baselines(fvc=80.0, fvc_date=date(2016, 1, 10))
    >>> Inbuild().assess(PatientRecord(p, v), date(2016, 1, 1), b).progressed
    True
    """

    @property
    def name(self) -> str:
        """``"inbuild"``."""
        return "inbuild"

    @property
    def measures(self) -> tuple[str, ...]:
        """%FVC only."""
        return ("fvc_pct",)

    def describe(self) -> str:
        """The criterion in one line, with its source."""
        return (
            "ILD progression (inbuild): relative decline of %FVC >= 10% within 24 months "
            "of baseline (physiological criterion of the INBUILD trial, Flaherty et al. "
            "2019; symptoms and imaging are not in the data)"
        )

    def assess(
        self, record: PatientRecord, index_date: date, baselines: Baselines
    ) -> IldProgression:
        """Decide one patient's progression within 24 months of baseline."""
        pid = record.patient_id
        if baselines.fvc is None:
            return not_evaluable(pid, self.name, "no baseline %FVC")
        base = baselines.fvc
        start = index_date if baselines.fvc_date is None else baselines.fvc_date
        after = max(index_date, start)
        until = add_months(start, _MONTHS)
        values = list(follow_up(record, "fvc_pct", after, until))
        if not values:
            why = f"no %FVC from {after.isoformat()} to {until.isoformat()}"
            return not_evaluable(pid, self.name, why, base)
        declines = [(when, value, relative_decline(base, value, "%FVC")) for when, value in values]
        largest = float(max(d for _, _, d in declines))
        first = next(((w, v, d) for w, v, d in declines if d >= _THRESHOLD), None)
        if first is None:
            reason = (
                f"no progression within {_MONTHS} months: largest relative %FVC decline "
                f"{largest:g}% from baseline {base:g} (needs >= {_THRESHOLD}%)"
            )
        else:
            when, value, decline = first
            reason = (
                f"progressed: %FVC {value:g} on {when.isoformat()}, relative decline of "
                f"{float(decline):g}% from baseline {base:g} (>= {_THRESHOLD}% within "
                f"{_MONTHS} months)"
            )
        return IldProgression(
            pid,
            evaluable=True,
            progressed=first is not None,
            first_date=None if first is None else first[0],
            baseline_fvc=base,
            max_decline=largest,
            reason=reason,
            visits_considered=len(values),
            criterion=self.name,
        )


NAMED = (NamedCriterion("inbuild", Inbuild),)
"""The criterion by name; its thresholds are the source's, not parameters."""
