"""Patient profiles for the response criteria: a steady baseline and one change at a time."""

from __future__ import annotations

from myopathy_outcomes.criteria import CoreSet, CoreSetScales, UpperLimits

LIMITS = UpperLimits(ck=200, aldolase=7.6, ldh=250, ast=40, alt=45)
SCALES = CoreSetScales(upper_limits=LIMITS)

#: Active disease on the default scales (VAS 0-10 cm, MMT-8 0-80, HAQ-DI 0-3);
#: CK (5 x its limit) is the most abnormal enzyme.
BASELINE = CoreSet(
    physician_global=8,
    patient_global=8,
    mmt8=40,
    haq_di=2,
    extramuscular_global=8,
    ck=1000,
    aldolase=15.2,
    ldh=500,
    ast=80,
    alt=90,
)


def changed(base: CoreSet = BASELINE, **values: float | None) -> CoreSet:
    """``base`` with some values replaced."""
    fields = {name: base.get(name) for name in CoreSet.__dataclass_fields__}
    fields.update(values)
    return CoreSet(**fields)
