"""The ``[[covariate]]`` and ``[adjustment]`` tables of a design file.

Kept apart from :mod:`myopathy_outcomes.design_file`, which calls
:func:`covariate_from_table` and :func:`adjustment_from_table` and words a
:class:`DesignKeyError` as it words its own: the file, the key, what was
expected and what was found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from myopathy_outcomes.adjustment import Adjustment
from myopathy_outcomes.covariates import Covariate

__all__ = [
    "ADJUSTMENT_KEYS",
    "COVARIATE_KEYS",
    "DesignKeyError",
    "adjustment_from_table",
    "covariate_from_table",
]

COVARIATE_KEYS: Final = ("name", "type", "label", "levels", "minimum", "maximum")
ADJUSTMENT_KEYS: Final = (
    "covariates",
    "method",
    "estimand",
    "stabilize",
    "trim",
    "caliper",
    "missing",
    "treated",
)


class DesignKeyError(ValueError):
    """A key of the table with a wrong or missing value: the key, and what was expected."""

    def __init__(self, key: str, expected: str, *, found: bool = True) -> None:
        super().__init__(f"{key}: expected {expected}")
        self.key, self.expected, self.found = key, expected, found


def _table(table: object) -> Mapping[str, Any]:
    if not isinstance(table, Mapping):
        raise DesignKeyError("", f"a table, got {table!r}")
    return table


def _unknown(table: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    for key in table:
        if key not in keys:
            raise DesignKeyError(key, f"one of the keys {', '.join(keys)}; '{key}' is not one")


def _text(table: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    if key not in table:
        if required:
            raise DesignKeyError(key, "text", found=False)
        return None
    value = table[key]
    if not isinstance(value, str):
        raise DesignKeyError(key, f"text, got {value!r}")
    return value


def _number(table: Mapping[str, Any], key: str) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DesignKeyError(key, f"a number, got {value!r}")
    return float(value)


def covariate_from_table(table: object) -> Covariate:
    """A :class:`Covariate` from one ``[[covariate]]`` table.

    Raises
    ------
    DesignKeyError
        A key unknown, missing or of the wrong type.
    ValueError
        The covariate's own rules (levels, range, name).
    """
    checked = _table(table)
    _unknown(checked, COVARIATE_KEYS)
    name = _text(checked, "name", required=True)
    kind = _text(checked, "type", required=True)
    label = _text(checked, "label", required=True)
    levels = checked.get("levels", [])
    if not isinstance(levels, list) or not all(isinstance(v, str) for v in levels):
        raise DesignKeyError("levels", f"a list of texts, got {levels!r}")
    return Covariate(
        name,  # type: ignore[arg-type]
        kind,  # type: ignore[arg-type]
        label,  # type: ignore[arg-type]
        levels=tuple(levels),
        minimum=_number(checked, "minimum"),
        maximum=_number(checked, "maximum"),
    )


def adjustment_from_table(table: object) -> Adjustment:
    """An :class:`Adjustment` from the ``[adjustment]`` table.

    ``trim`` is a quantile or ``"crump"``; ``caliper`` a number of standard
    deviations or ``"none"``.

    Raises
    ------
    DesignKeyError
        A key unknown, missing or of the wrong type.
    ValueError
        The adjustment's own rules.
    """
    checked = _table(table)
    _unknown(checked, ADJUSTMENT_KEYS)
    names = checked.get("covariates")
    if names is None:
        raise DesignKeyError("covariates", "a list of covariate names", found=False)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DesignKeyError("covariates", f"a list of covariate names, got {names!r}")
    fields: dict[str, Any] = {"covariates": tuple(names)}
    for key in ("method", "estimand", "missing", "treated"):
        value = _text(checked, key)
        if value is not None:
            fields[key] = value
    if "stabilize" in checked:
        if not isinstance(checked["stabilize"], bool):
            raise DesignKeyError("stabilize", f"true or false, got {checked['stabilize']!r}")
        fields["stabilize"] = checked["stabilize"]
    if "trim" in checked:
        trim = checked["trim"]
        if trim != "crump" and (isinstance(trim, bool) or not isinstance(trim, int | float)):
            raise DesignKeyError("trim", f'a quantile (0.01) or "crump", got {trim!r}')
        fields["trim"] = trim
    if "caliper" in checked:
        caliper = checked["caliper"]
        if caliper == "none":
            fields["caliper"] = None
        elif isinstance(caliper, bool) or not isinstance(caliper, int | float):
            raise DesignKeyError("caliper", f'a number of SDs or "none", got {caliper!r}')
        else:
            fields["caliper"] = float(caliper)
    return Adjustment(**fields)
