"""Shared argument vocabulary and validation helpers for the statistical tests."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal, TypeVar

Alternative = Literal["two-sided", "less", "greater"]
Method = Literal["auto", "exact", "asymptotic"]
ResolvedMethod = Literal["exact", "asymptotic"]
NanPolicy = Literal["raise", "omit"]
ZeroMethod = Literal["wilcox", "pratt"]

ALTERNATIVES: tuple[Alternative, ...] = ("two-sided", "less", "greater")
METHODS: tuple[Method, ...] = ("auto", "exact", "asymptotic")
NAN_POLICIES: tuple[NanPolicy, ...] = ("raise", "omit")
ZERO_METHODS: tuple[ZeroMethod, ...] = ("wilcox", "pratt")

_T = TypeVar("_T", bound=str)


def check_choice(name: str, value: object, allowed: Collection[_T]) -> _T:
    """Return ``value`` if it is one of ``allowed``; raise a ``ValueError`` naming them otherwise.

    Examples
    --------
    >>> check_choice("alternative", "less", ALTERNATIVES)
    'less'
    """
    if value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {choices}; got {value!r}")
    return value  # type: ignore[return-value]


def check_conf_level(conf_level: float) -> float:
    """Return ``conf_level`` as a float if it lies strictly between 0 and 1.

    Examples
    --------
    >>> check_conf_level(0.95)
    0.95
    """
    level = float(conf_level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"conf_level must lie strictly between 0 and 1; got {conf_level!r}")
    return level
