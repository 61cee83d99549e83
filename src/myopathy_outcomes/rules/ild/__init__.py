"""ILD progression criteria, one module per published definition.

========================  ==========================================================
name                      definition
========================  ==========================================================
``paper``                 relative decline of %FVC > 10% (Hanaoka et al. 2019; default)
``paper-absolute``        absolute decline of %FVC > 10 points
``ppf2022``               absolute %FVC decline >= 5 points or %DLCO >= 10 points
                          within one year (ATS/ERS/JRS/ALAT 2022, physiological)
``omeract``               relative %FVC decline >= 10%, or 5 to < 10% with %DLCO
                          >= 15% at the same visit (OMERACT CTD-ILD)
``inbuild``               relative %FVC decline >= 10% within 24 months (INBUILD)
========================  ==========================================================

Each is an :class:`IldCriterion`; :func:`criterion` finds one by name.
"""

from collections.abc import Mapping
from types import MappingProxyType

from myopathy_outcomes.rules.ild.inbuild import Inbuild
from myopathy_outcomes.rules.ild.omeract import Omeract
from myopathy_outcomes.rules.ild.paper import (
    FvcDeclineReading,
    IldProgressionRule,
    ild_progression,
)
from myopathy_outcomes.rules.ild.ppf2022 import Ppf2022
from myopathy_outcomes.rules.ild.progression import Baselines, IldCriterion, IldProgression

#: Every named criterion, in the order a sensitivity table lists them.
CRITERIA: Mapping[str, IldCriterion] = MappingProxyType(
    {
        "paper": IldProgressionRule(),
        "paper-absolute": IldProgressionRule(FvcDeclineReading.ABSOLUTE),
        "ppf2022": Ppf2022(),
        "omeract": Omeract(),
        "inbuild": Inbuild(),
    }
)


def criterion(name: str) -> IldCriterion:
    """The criterion called ``name``; a ValueError lists the names.

    >>> criterion("ppf2022").measures
    ('fvc_pct', 'dlco_pct')
    """
    try:
        return CRITERIA[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown ILD criterion {name!r}; use one of {', '.join(CRITERIA)}"
        ) from None


__all__ = [
    "CRITERIA",
    "Baselines",
    "FvcDeclineReading",
    "IldCriterion",
    "IldProgression",
    "IldProgressionRule",
    "Inbuild",
    "Omeract",
    "Ppf2022",
    "criterion",
    "ild_progression",
]
