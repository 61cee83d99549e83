"""Patient-level covariates: further columns of ``patients.csv`` a study declares.

A confounding adjustment (``[adjustment]`` in a design file) needs the
patients' characteristics that drove the choice of treatment: antibodies
(anti-MDA5, anti-ARS), disease duration, smoking. A study declares each such
column once, as a :class:`Covariate` (``[[covariate]]`` in the design file):
its name (the column), its type and label, and for a number its plausible
range, for a category its levels. The loader reads and checks the column like
a declared measure (:mod:`myopathy_outcomes.schema`): a value out of range or
not among the levels is a problem of its row, named by file, row, patient and
column.

Besides the declared columns, these covariates are derived by name
(:data:`DERIVED`): ``age`` (completed years at the index date), ``female``,
``diagnosis``, ``baseline_ild``, ``gc_dose`` (the glucocorticoid dose on the
index date, mg/day), ``baseline_<measure>`` (a compared measure's baseline
value) and ``prior_<class>`` (a drug of that class started before the index
date, the class written with ``_`` for spaces: ``prior_calcineurin_inhibitor``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final, Literal

from myopathy_outcomes.drugs import DrugClass

__all__ = [
    "DERIVED",
    "PATIENT_COLUMNS",
    "Covariate",
    "CovariateType",
    "derived_name",
    "drug_class_of",
]

CovariateType = Literal["boolean", "category", "number"]
_TYPES: Final[tuple[CovariateType, ...]] = ("boolean", "category", "number")
_NAME: Final = re.compile(r"[a-z][a-z0-9_]*")

PATIENT_COLUMNS: Final = frozenset(
    {"patient_id", "sex", "birth_date", "diagnosis", "ild", "death_date"}
)
"""The columns every ``patients.csv`` has; a covariate takes another name."""

DERIVED: Final[dict[str, str]] = {
    "age": "Age at index, years",
    "female": "Female sex",
    "diagnosis": "Diagnosis",
    "baseline_ild": "ILD at baseline",
    "gc_dose": "Glucocorticoid dose at index, mg/day",
}
"""The covariates derived from every cohort, by name, with their labels; besides these,
``baseline_<measure>`` and ``prior_<drug class>``."""


def drug_class_of(name: str) -> DrugClass | None:
    """The drug class of a ``prior_<class>`` covariate name; None for any other name.

    Examples
    --------
    >>> drug_class_of("prior_calcineurin_inhibitor")
    <DrugClass.CALCINEURIN_INHIBITOR: 'calcineurin inhibitor'>
    >>> drug_class_of("prior_coffee") is None
    True
    """
    if not name.startswith("prior_"):
        return None
    wanted = name.removeprefix("prior_").replace("_", " ")
    return next((c for c in DrugClass if c.value == wanted), None)


def derived_name(name: str, measures: tuple[str, ...]) -> bool:
    """Whether ``name`` is a derived covariate, given the measures the study compares.

    Examples
    --------
    >>> derived_name("age", ()), derived_name("baseline_ck", ("ck",)), derived_name("ck", ())
    (True, True, False)
    """
    if name in DERIVED or drug_class_of(name) is not None:
        return True
    return name.startswith("baseline_") and name.removeprefix("baseline_") in measures


@dataclass(frozen=True)
class Covariate:
    """A patient-level covariate: a further column of ``patients.csv``.

    Parameters
    ----------
    name : str
        The column name: lower case letters, digits and ``_``, starting with
        a letter; not a column every patients file has, nor a derived name.
    type : {"boolean", "category", "number"}
        A yes/no value (read as the ``ild`` column is), one of ``levels``, or
        a number in ``[minimum, maximum]``.
    label : str
        The name as printed in tables (``"Anti-MDA5 antibody"``).
    levels : tuple of str
        A category's levels, at least two, distinct; empty otherwise.
    minimum, maximum : float or None
        A number's plausible range (both required for a number, and only then).

    Examples
    --------
    >>> Covariate("anti_mda5", "boolean", "Anti-MDA5 antibody").type
    'boolean'
    >>> Covariate("smoking", "category", "Smoking", levels=("never", "former", "current")).levels
    ('never', 'former', 'current')
    >>> Covariate("duration", "number", "Disease duration, months", maximum=600).minimum
    Traceback (most recent call last):
    ...
    ValueError: covariate 'duration': a number needs minimum and maximum (its plausible range)
    """

    name: str
    type: CovariateType
    label: str
    levels: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            raise ValueError(
                "covariate name must be lower case letters, digits and '_', starting with a "
                f"letter (a column name), got {self.name!r}"
            )
        if self.name in PATIENT_COLUMNS:
            raise ValueError(f"covariate name {self.name!r} is a column of every patients file")
        if self.name in DERIVED or drug_class_of(self.name) or self.name.startswith("baseline_"):
            raise ValueError(
                f"covariate name {self.name!r} is a derived covariate's; declare it under "
                "another name"
            )
        if self.type not in _TYPES:
            allowed = ", ".join(map(repr, _TYPES))
            raise ValueError(f"covariate {self.name!r}: type must be one of {allowed}")
        if not isinstance(self.label, str) or not self.label.strip():
            raise ValueError(f"covariate {self.name!r}: label must be non-empty text")
        object.__setattr__(self, "levels", tuple(self.levels))
        self._check_levels()
        self._check_range()

    def _check_levels(self) -> None:
        if self.type != "category":
            if self.levels:
                raise ValueError(f"covariate {self.name!r}: only a category has levels")
            return
        levels = self.levels
        if len(levels) < 2 or not all(isinstance(v, str) and v.strip() for v in levels):
            raise ValueError(f"covariate {self.name!r}: a category needs two or more levels")
        if len({v.strip().casefold() for v in levels}) != len(levels):
            raise ValueError(f"covariate {self.name!r}: levels must differ, got {list(levels)}")

    def _check_range(self) -> None:
        bounds = (self.minimum, self.maximum)
        if self.type != "number":
            if bounds != (None, None):
                raise ValueError(f"covariate {self.name!r}: only a number has minimum and maximum")
            return
        if None in bounds:
            raise ValueError(
                f"covariate {self.name!r}: a number needs minimum and maximum "
                "(its plausible range)"
            )
        numbers = [v for v in bounds if isinstance(v, int | float) and not isinstance(v, bool)]
        if len(numbers) != 2:
            raise TypeError(f"covariate {self.name!r}: minimum and maximum must be numbers")
        low, high = float(numbers[0]), float(numbers[1])
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ValueError(
                f"covariate {self.name!r}: minimum must be below maximum, got {low:g} and {high:g}"
            )
        object.__setattr__(self, "minimum", low)
        object.__setattr__(self, "maximum", high)

    def level(self, value: str) -> str:
        """The declared spelling of ``value`` (case and surrounding spaces ignored).

        Raises
        ------
        ValueError
            When ``value`` is not a level, naming the levels.
        """
        found = {v.casefold(): v for v in self.levels}.get(value.strip().casefold())
        if found is None:
            allowed = ", ".join(repr(v) for v in self.levels)
            raise ValueError(f"must be one of {allowed}, got {value!r}")
        return found
