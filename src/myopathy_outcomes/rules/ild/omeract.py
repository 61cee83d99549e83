"""OMERACT CTD-ILD progression: %FVC, or a smaller %FVC decline confirmed by %DLCO.

Criterion name ``omeract``.

The rule
--------
After the OMERACT CTD-ILD working group [1]_ and Goh et al. [2]_, a patient has
progressed at a visit after baseline when, at that visit,

- the relative decline of %FVC from baseline is >= 10%, or
- the relative decline of %FVC is >= 5% and < 10%, and the relative decline
  of %DLCO from baseline, measured at the same visit, is >= 15%.

Relative declines are in percent of the baseline value; every bound is as
written (">=" inclusive, "< 10%" strict), decided in exact decimal
arithmetic. There is no time limit: every visit after baseline counts.

What the data hold
------------------
%FVC and %DLCO only. A visit with a %FVC decline of 5 to < 10% but no %DLCO
(or no baseline %DLCO) cannot confirm progression: it does not count, and the
reason says so. A patient is evaluable with a baseline %FVC and a %FVC after it.

References
----------
.. [1] Khanna D, Mittoo S, Aggarwal R, et al. Connective tissue
   disease-associated interstitial lung diseases (CTD-ILD): report from
   OMERACT CTD-ILD Working Group. J Rheumatol. 2015;42:2168-2171.
.. [2] Goh NS, Hoyles RK, Denton CP, et al. Short-term pulmonary function
   trends are predictive of mortality in interstitial lung disease
   associated with systemic sclerosis. Arthritis Rheumatol.
   2017;69:1670-1678.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from myopathy_outcomes.models import PatientRecord
from myopathy_outcomes.rules.ild._exact import relative_decline
from myopathy_outcomes.rules.ild.progression import (
    Baselines,
    IldProgression,
    NamedCriterion,
    follow_up,
    not_evaluable,
)

__all__ = ["NAMED", "Omeract"]

_FVC_ALONE = 10
_FVC_WITH_DLCO = 5
_DLCO = 15


@dataclass(frozen=True)
class Omeract:
    """OMERACT CTD-ILD progression (see the module notes).

    Examples
    --------
    >>> from myopathy_outcomes.models import Patient, PatientRecord, Visit
    >>> p = Patient(patient_id="P", sex="F", birth_date="1960-01-01", diagnosis="DM", ild=True)
    >>> v = (Visit(patient_id="P", date="2016-05-01", fvc_pct=74.0, dlco_pct=51.0),)
    >>> b = Baselines(fvc=80.0, fvc_date=date(2016, 1, 1), dlco=60.0, dlco_date=date(2016, 1, 1))
    >>> r = Omeract().assess(PatientRecord(p, v), date(2016, 1, 1), b)
    >>> r.progressed
    True
    >>> print(r.reason)  # doctest: +NORMALIZE_WHITESPACE
    progressed: on 2016-05-01 %FVC 74 (relative decline of 7.5%) with %DLCO 51
    (relative decline of 15%)
    """

    @property
    def name(self) -> str:
        """``"omeract"``."""
        return "omeract"

    @property
    def measures(self) -> tuple[str, ...]:
        """%FVC, and %DLCO to confirm a smaller %FVC decline."""
        return ("fvc_pct", "dlco_pct")

    def describe(self) -> str:
        """The criterion in one line, with its source."""
        return (
            "ILD progression (omeract): relative decline of %FVC >= 10%, or of 5 to < 10% "
            "with a relative decline of %DLCO >= 15% at the same visit (OMERACT CTD-ILD "
            "working group, Khanna et al. 2015)"
        )

    def assess(
        self, record: PatientRecord, index_date: date, baselines: Baselines
    ) -> IldProgression:
        """Decide one patient's progression at any visit after baseline."""
        pid = record.patient_id
        if baselines.fvc is None:
            return not_evaluable(pid, self.name, "no baseline %FVC")
        base_fvc = baselines.fvc
        after = index_date if baselines.fvc_date is None else max(index_date, baselines.fvc_date)
        fvc = list(follow_up(record, "fvc_pct", after))
        if not fvc:
            return not_evaluable(pid, self.name, f"no %FVC after {after.isoformat()}", base_fvc)
        dlco_after = (
            index_date if baselines.dlco_date is None else max(index_date, baselines.dlco_date)
        )
        dlco = {} if baselines.dlco is None else dict(follow_up(record, "dlco_pct", dlco_after))
        unconfirmed: list[date] = []
        declines = [
            (when, value, relative_decline(base_fvc, value, "%FVC")) for when, value in fvc
        ]
        for when, value, decline in declines:
            if decline >= _FVC_ALONE:
                reason = (
                    f"progressed: %FVC {value:g} on {when.isoformat()}, relative decline of "
                    f"{float(decline):g}% from baseline {base_fvc:g} (>= {_FVC_ALONE}%)"
                )
                return self._progressed(pid, when, base_fvc, declines, reason)
            if decline >= _FVC_WITH_DLCO:
                if baselines.dlco is None or when not in dlco:
                    unconfirmed.append(when)
                    continue
                dlco_decline = relative_decline(baselines.dlco, dlco[when], "%DLCO")
                if dlco_decline >= _DLCO:
                    reason = (
                        f"progressed: on {when.isoformat()} %FVC {value:g} (relative decline "
                        f"of {float(decline):g}%) with %DLCO {dlco[when]:g} (relative decline "
                        f"of {float(dlco_decline):g}%)"
                    )
                    return self._progressed(pid, when, base_fvc, declines, reason)
        largest = max(d for _, _, d in declines)
        reason = (
            f"no progression: largest relative %FVC decline {float(largest):g}% from baseline "
            f"{base_fvc:g} over {len(declines)} visit(s)"
        )
        if unconfirmed:
            reason += (
                f"; a %FVC decline of 5 to < 10% on {unconfirmed[0].isoformat()} had no %DLCO "
                "to confirm it"
            )
        return IldProgression(
            pid,
            True,
            False,
            None,
            base_fvc,
            float(largest),
            reason,
            len(declines),
            criterion=self.name,
        )

    def _progressed(
        self,
        pid: str,
        when: date,
        base_fvc: float,
        declines: list[tuple[date, float, Fraction]],
        reason: str,
    ) -> IldProgression:
        largest = max(float(d) for _, _, d in declines)
        return IldProgression(
            pid, True, True, when, base_fvc, largest, reason, len(declines), criterion=self.name
        )


NAMED = (NamedCriterion("omeract", Omeract),)
"""The criterion by name; its thresholds are the source's, not parameters."""
