"""A visit's IMACS core set values, and which serum enzyme is the core set's.

The six IMACS core set measures of disease activity are physician global
activity, patient (or parent) global activity, manual muscle testing (MMT-8),
physical function (HAQ-DI), the serum muscle enzymes and extramuscular global
activity (Miller et al., Rheumatology 2001;40:1262-1273; Rider et al.,
Arthritis Care Res 2011;63 Suppl 11:S118-S157). Their values carry the names
of :mod:`myopathy_outcomes.schema`. Of the five enzymes (CK, aldolase, LDH,
AST, ALT), both response definitions use one: the most abnormal at baseline.

The most abnormal enzyme
------------------------
The enzyme whose baseline value is the largest multiple of the site's upper
limit of normal (``value / ULN``); a tie goes to the enzyme first in the
order CK, aldolase, LDH, AST, ALT. Only enzymes measured at baseline take
part, and each needs its limit declared (a value without one is an error:
the choice would otherwise depend on which limits happened to be typed). The
choice is made once, at baseline, and kept: when that enzyme has no follow-up
value the enzyme measure is missing, never replaced by another enzyme.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from fractions import Fraction

from myopathy_outcomes.criteria._exact import exact, shown, typed
from myopathy_outcomes.criteria.scales import ENZYMES, UpperLimits

__all__ = ["CORE_SET", "CoreSet", "EnzymeChoice", "most_abnormal_enzyme"]

#: The six core set measures in the order of the published tables; ``enzyme`` is
#: the most abnormal of :data:`~myopathy_outcomes.criteria.scales.ENZYMES` at baseline.
CORE_SET = (
    "physician_global",
    "patient_global",
    "mmt8",
    "haq_di",
    "enzyme",
    "extramuscular_global",
)


@dataclass(frozen=True)
class CoreSet:
    """One visit's core set values in their schema names; any may be missing (None).

    NaN, the missing value of a table, is read as None. Values are checked
    against the declared scales when scored, not here.

    Examples
    --------
    >>> visit = CoreSet.from_values({"mmt8": 62, "ck": 1850, "fvc_pct": 71.2, "haq_di": None})
    >>> visit.mmt8, visit.ck, visit.haq_di
    (62.0, 1850.0, None)
    """

    physician_global: float | None = None
    patient_global: float | None = None
    mmt8: float | None = None
    haq_di: float | None = None
    extramuscular_global: float | None = None
    ck: float | None = None
    aldolase: float | None = None
    ldh: float | None = None
    ast: float | None = None
    alt: float | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"{f.name} must be a number or None, got {value!r}")
            if math.isnan(value):
                object.__setattr__(self, f.name, None)
            elif math.isinf(value):
                raise ValueError(f"{f.name} must be finite, got {value!r}")
            else:
                object.__setattr__(self, f.name, float(value))

    @classmethod
    def from_values(cls, values: Mapping[str, float | None]) -> CoreSet:
        """The core set values among ``values``, a visit's measures by name; others unread."""
        names = [f.name for f in fields(cls)]
        return cls(**{name: values.get(name) for name in names})

    def get(self, name: str) -> float | None:
        """The value of ``name``, a bounded core set measure or an enzyme."""
        if name not in {f.name for f in fields(self)}:
            raise ValueError(f"{name!r} is not a core set value")
        value: float | None = getattr(self, name)
        return value


@dataclass(frozen=True)
class EnzymeChoice:
    """Which serum enzyme is the most abnormal at baseline, and the numbers that decided it.

    Attributes
    ----------
    enzyme : str or None
        The chosen enzyme's name; None when no enzyme was measured at baseline.
    ratios : tuple of (str, float)
        Every enzyme measured at baseline with its baseline value divided by
        its upper limit of normal, in the order CK, aldolase, LDH, AST, ALT.
    upper_limit : float or None
        The chosen enzyme's upper limit of normal.
    reason : str
        The choice in words.
    """

    enzyme: str | None
    ratios: tuple[tuple[str, float], ...]
    upper_limit: float | None
    reason: str

    @property
    def ratio(self) -> float | None:
        """The chosen enzyme's baseline multiple of its upper limit of normal."""
        return dict(self.ratios).get(self.enzyme) if self.enzyme is not None else None

    @property
    def normal_at_baseline(self) -> bool | None:
        """Whether the chosen enzyme was at or below its upper limit of normal at baseline."""
        ratio = self.ratio
        return None if ratio is None else ratio <= 1


def most_abnormal_enzyme(baseline: CoreSet, limits: UpperLimits) -> EnzymeChoice:
    """The enzyme whose baseline value is the largest multiple of its upper limit of normal.

    Parameters
    ----------
    baseline : CoreSet
        The baseline visit's values.
    limits : UpperLimits
        The site's upper limits of normal; every enzyme measured at baseline
        needs one.

    Returns
    -------
    EnzymeChoice

    Examples
    --------
    >>> limits = UpperLimits(ck=200, aldolase=7.6, ldh=250)
    >>> choice = most_abnormal_enzyme(CoreSet(ck=1000, aldolase=45.6, ldh=500), limits)
    >>> choice.enzyme, choice.ratios
    ('aldolase', (('ck', 5.0), ('aldolase', 6.0), ('ldh', 2.0)))
    >>> print(choice.reason)
    aldolase, 6 x its upper limit of normal at baseline (ck 5 x, ldh 2 x)
    >>> most_abnormal_enzyme(CoreSet(ast=88), limits)
    Traceback (most recent call last):
    ...
    ValueError: baseline ast = 88 has no upper limit of normal declared; add it to UpperLimits
    """
    measured: list[tuple[str, Fraction]] = []
    for enzyme in ENZYMES:
        value = baseline.get(enzyme)
        if value is None:
            continue
        limit = limits.of(enzyme)
        if limit is None:
            raise ValueError(
                f"baseline {enzyme} = {typed(value)} has no upper limit of normal declared; "
                "add it to UpperLimits"
            )
        measured.append((enzyme, exact(value) / exact(limit)))
    if not measured:
        return EnzymeChoice(None, (), None, "no enzyme measured at baseline")
    enzyme, ratio = max(measured, key=lambda pair: pair[1])  # the first of equals wins
    others = ", ".join(f"{name} {shown(r)} x" for name, r in measured if name != enzyme)
    reason = f"{enzyme}, {shown(ratio)} x its upper limit of normal at baseline"
    return EnzymeChoice(
        enzyme,
        tuple((name, float(r)) for name, r in measured),
        limits.of(enzyme),
        f"{reason} ({others})" if others else f"{reason} (the only enzyme measured)",
    )
