"""ILD progression criteria, one module per published definition.

========================  ==========================================================
name                      definition
========================  ==========================================================
``paper``                 relative decline of %FVC > 10% (Hanaoka et al. 2019; default);
                          parameters ``reading`` and ``threshold``
``paper-absolute``        absolute decline of %FVC > 10 points (the same parameters)
``ppf2022``               absolute %FVC decline >= 5 points or %DLCO >= 10 points
                          within one year (ATS/ERS/JRS/ALAT 2022, physiological)
``omeract``               relative %FVC decline >= 10%, or 5 to < 10% with %DLCO
                          >= 15% at the same visit (OMERACT CTD-ILD)
``inbuild``               relative %FVC decline >= 10% within 24 months (INBUILD)
========================  ==========================================================

Each is an :class:`IldCriterion`. :data:`REGISTRY` names them with their
parameters, for the design file's ``[ild]`` table and the command line's
``--ild-criterion`` and ``--ild-parameter`` alike; :func:`criterion` builds
one by name. A new criterion is a module that defines its class and its
``NAMED`` entries, and one line below.
"""

from collections.abc import Mapping
from types import MappingProxyType

from myopathy_outcomes.rules.ild import inbuild, omeract, paper, ppf2022
from myopathy_outcomes.rules.ild.inbuild import Inbuild
from myopathy_outcomes.rules.ild.omeract import Omeract
from myopathy_outcomes.rules.ild.paper import (
    FvcDeclineReading,
    IldProgressionRule,
    ild_progression,
)
from myopathy_outcomes.rules.ild.ppf2022 import Ppf2022
from myopathy_outcomes.rules.ild.progression import (
    Baselines,
    IldCriterion,
    IldProgression,
    NamedCriterion,
    Parameter,
)

#: Every named criterion with its parameters, in the order a sensitivity table lists them.
REGISTRY: Mapping[str, NamedCriterion] = MappingProxyType(
    {named.name: named for named in (*paper.NAMED, *ppf2022.NAMED, *omeract.NAMED, *inbuild.NAMED)}
)

#: Every named criterion with its default parameters.
CRITERIA: Mapping[str, IldCriterion] = MappingProxyType(
    {name: named.make() for name, named in REGISTRY.items()}
)


def named_criterion(name: str) -> NamedCriterion:
    """The registry's entry called ``name``; a ValueError lists the names.

    >>> [p.name for p in named_criterion("paper").parameters]
    ['reading', 'threshold']
    """
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown ILD criterion {name!r}; use one of {', '.join(REGISTRY)}"
        ) from None


def criterion(name: str, **parameters: object) -> IldCriterion:
    """The criterion called ``name``, with any of its parameters set.

    A ValueError lists the names, or names the parameter that is wrong.

    >>> criterion("ppf2022").measures
    ('fvc_pct', 'dlco_pct')
    >>> criterion("paper", threshold=5).name
    'paper (> 5)'
    """
    if not parameters:
        named_criterion(name)
        return CRITERIA[name]
    return named_criterion(name).make(parameters)


__all__ = [
    "CRITERIA",
    "REGISTRY",
    "Baselines",
    "FvcDeclineReading",
    "IldCriterion",
    "IldProgression",
    "IldProgressionRule",
    "Inbuild",
    "NamedCriterion",
    "Omeract",
    "Parameter",
    "Ppf2022",
    "criterion",
    "ild_progression",
    "named_criterion",
]
