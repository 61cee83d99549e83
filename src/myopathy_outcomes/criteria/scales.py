"""The scales a study declares for the IMACS core set measures.

The 2016 ACR/EULAR response criteria score the *absolute* percent change of a
measure: the change as a percentage of the range of the scale it was
recorded on. The range is therefore part of the data: a fall of 1 on a 0-10 cm
visual analogue scale is 10%, on a 0-100 mm scale 1%. A study declares its
scales once (:class:`CoreSetScales`) and the scoring functions take the
declaration; a value outside its declared scale is a data error that names
the measure, the value and the scale.

- ``mmt8``: MMT-8 on one side, 0-80 (:data:`MMT8_SCALE`, the default); on
  both sides, 0-150 (:data:`MMT8_BILATERAL_SCALE`); or any :class:`Scale`.
- ``physician_global``, ``patient_global``, ``extramuscular_global``, each
  declared on its own: a 10 cm (:data:`VAS_CM`, the default) or 100 mm
  (:data:`VAS_MM`) visual analogue scale.
- ``haq_di``: 0-3 (:data:`HAQ_DI_SCALE`).
- ``ck``, ``aldolase``, ``ldh``, ``ast``, ``alt``: the site's upper limit of
  normal of each enzyme it measures (:class:`UpperLimits`; none by default).

The bilateral MMT-8 tests seven muscle groups on both sides and the neck
flexors once (15 x 10 = 150); the unilateral one eight groups on one side
(8 x 10 = 80). Enzymes have no upper bound; their upper limit of normal
decides which is "the most abnormal" (see
:func:`myopathy_outcomes.criteria.core_set.most_abnormal_enzyme`), and their
values must lie in the schema's plausible range (:mod:`myopathy_outcomes.schema`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from fractions import Fraction

from myopathy_outcomes.criteria._exact import exact, typed
from myopathy_outcomes.schema import MEASURES

__all__ = [
    "BOUNDED_MEASURES",
    "ENZYMES",
    "HAQ_DI_SCALE",
    "MMT8_BILATERAL_SCALE",
    "MMT8_SCALE",
    "VAS_CM",
    "VAS_MM",
    "CoreSetScales",
    "Scale",
    "UpperLimits",
]

#: The five core set measures recorded on a bounded scale, by their schema names.
BOUNDED_MEASURES = ("physician_global", "patient_global", "mmt8", "haq_di", "extramuscular_global")

#: The serum muscle enzymes among which the most abnormal at baseline is the core set's.
ENZYMES = ("ck", "aldolase", "ldh", "ast", "alt")


def _finite_number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be finite, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Scale:
    """A bounded instrument: its name, lowest and highest value, and unit.

    Parameters
    ----------
    label : str
        The instrument as a message names it (``"MMT-8"``).
    minimum, maximum : float
        The ends of the scale; ``maximum - minimum`` is the range that
        absolute percent change divides by.
    unit : str, default ""
        The unit (``"cm"``), empty for a score.

    Examples
    --------
    >>> MMT8_BILATERAL_SCALE.range, VAS_MM.text
    (150.0, 'visual analogue scale 0-100 mm')
    >>> Scale("MMT-8", 0, 260).admits(261)
    False
    """

    label: str
    minimum: float
    maximum: float
    unit: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise ValueError(f"a scale needs a label, got {self.label!r}")
        if not isinstance(self.unit, str):
            raise TypeError(f"scale {self.label!r}: unit must be text, got {self.unit!r}")
        for name in ("minimum", "maximum"):
            value = _finite_number(getattr(self, name), f"scale {self.label!r}: {name}")
            object.__setattr__(self, name, value)
        if not self.minimum < self.maximum:
            raise ValueError(
                f"scale {self.label!r}: minimum {self.minimum:g} must be below maximum "
                f"{self.maximum:g}"
            )

    @property
    def range(self) -> float:
        """``maximum - minimum``."""
        return self.maximum - self.minimum

    @property
    def text(self) -> str:
        """The scale in words: ``"MMT-8 0-80"``, ``"visual analogue scale 0-10 cm"``."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.label} {self.minimum:g}-{self.maximum:g}{unit}"

    def admits(self, value: float) -> bool:
        """Whether ``value`` lies on the scale, ends included (NaN and infinities do not)."""
        return math.isfinite(value) and self.minimum <= value <= self.maximum


#: Manual muscle testing of 8 muscle groups on one side, 0-80.
MMT8_SCALE = Scale("MMT-8", 0, 80)
#: MMT-8 on both sides (neck flexors once), 0-150.
MMT8_BILATERAL_SCALE = Scale("MMT-8 bilateral", 0, 150)
#: A 10 cm visual analogue scale.
VAS_CM = Scale("visual analogue scale", 0, 10, "cm")
#: A 100 mm visual analogue scale.
VAS_MM = Scale("visual analogue scale", 0, 100, "mm")
#: The Health Assessment Questionnaire disability index (and the childhood HAQ), 0-3.
HAQ_DI_SCALE = Scale("HAQ-DI", 0, 3)


@dataclass(frozen=True)
class UpperLimits:
    """A site's upper limit of normal for each serum muscle enzyme, in U/L.

    An enzyme measured at baseline needs its limit: without it, "the most
    abnormal enzyme" cannot be decided. Limits must be above zero.

    Examples
    --------
    >>> UpperLimits(ck=200, ldh=250).of("ck"), UpperLimits().of("alt") is None
    (200.0, True)
    """

    ck: float | None = None
    aldolase: float | None = None
    ldh: float | None = None
    ast: float | None = None
    alt: float | None = None

    def __post_init__(self) -> None:
        for enzyme in ENZYMES:
            value = getattr(self, enzyme)
            if value is None:
                continue
            number = _finite_number(value, f"upper limit of normal of {enzyme}")
            if number <= 0:
                raise ValueError(f"upper limit of normal of {enzyme} must be > 0, got {value!r}")
            object.__setattr__(self, enzyme, number)

    def of(self, enzyme: str) -> float | None:
        """The limit of ``enzyme`` (one of :data:`ENZYMES`), None when not declared."""
        if enzyme not in ENZYMES:
            raise ValueError(f"unknown enzyme {enzyme!r}; use one of {', '.join(ENZYMES)}")
        value: float | None = getattr(self, enzyme)
        return value


@dataclass(frozen=True)
class CoreSetScales:
    """The scales of a study's core set measures and its enzymes' upper limits of normal.

    Parameters
    ----------
    mmt8 : Scale, default :data:`MMT8_SCALE`
        Manual muscle testing: 0-80, bilateral 0-150 (:data:`MMT8_BILATERAL_SCALE`),
        or the scale of the site's own total.
    physician_global, patient_global, extramuscular_global : Scale, default :data:`VAS_CM`
        Each global activity assessment on its visual analogue scale.
    haq_di : Scale, default :data:`HAQ_DI_SCALE`
        Physical function, 0-3.
    upper_limits : UpperLimits
        The site's upper limits of normal.

    Examples
    --------
    >>> scales = CoreSetScales(mmt8=MMT8_BILATERAL_SCALE, patient_global=VAS_MM)
    >>> scales.value("mmt8", 142, "baseline") == 142
    True
    >>> scales.value("patient_global", 104, "follow-up")
    Traceback (most recent call last):
    ...
    ValueError: follow-up patient_global = 104 is outside its declared scale, visual analogue \
scale 0-100 mm
    """

    mmt8: Scale = MMT8_SCALE
    physician_global: Scale = VAS_CM
    patient_global: Scale = VAS_CM
    extramuscular_global: Scale = VAS_CM
    haq_di: Scale = HAQ_DI_SCALE
    upper_limits: UpperLimits = field(default_factory=UpperLimits)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            wanted = UpperLimits if f.name == "upper_limits" else Scale
            if not isinstance(value, wanted):
                raise TypeError(f"{f.name} must be a {wanted.__name__}, got {value!r}")

    def scale(self, measure: str) -> Scale:
        """The declared scale of a bounded measure (one of :data:`BOUNDED_MEASURES`)."""
        if measure not in BOUNDED_MEASURES:
            raise ValueError(
                f"{measure!r} has no bounded scale; use one of {', '.join(BOUNDED_MEASURES)}"
            )
        scale: Scale = getattr(self, measure)
        return scale

    def value(self, measure: str, value: float, when: str) -> Fraction:
        """``value`` of ``measure`` as an exact decimal, checked against its declared scale.

        ``when`` (``"baseline"``, ``"follow-up"``) begins the message of the
        ``ValueError`` raised for a value off its scale (or, for an enzyme,
        outside the schema's plausible range).
        """
        if measure in ENZYMES:
            plausible = MEASURES[measure]
            if not plausible.admits(value):
                bounds = f"{plausible.bound_text()} ({plausible.unit})"
                raise ValueError(f"{when} {measure} = {typed(value)} {bounds}")
            return exact(value)
        scale = self.scale(measure)
        if not scale.admits(value):
            raise ValueError(
                f"{when} {measure} = {typed(value)} is outside its declared scale, {scale.text}"
            )
        return exact(value)
