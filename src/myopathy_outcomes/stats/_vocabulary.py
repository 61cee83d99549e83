"""Shared argument vocabulary and validation helpers for the statistical tests."""

from __future__ import annotations

import numbers
from collections.abc import Collection, Iterator, Mapping, Set
from typing import Literal, TypeVar

import numpy as np

Alternative = Literal["two-sided", "less", "greater"]
Method = Literal["auto", "exact", "asymptotic"]
ResolvedMethod = Literal["exact", "asymptotic"]
NanPolicy = Literal["raise", "omit"]
ZeroMethod = Literal["wilcox", "pratt"]
EstimateZeros = Literal["keep", "drop"]

ALTERNATIVES: tuple[Alternative, ...] = ("two-sided", "less", "greater")
METHODS: tuple[Method, ...] = ("auto", "exact", "asymptotic")
NAN_POLICIES: tuple[NanPolicy, ...] = ("raise", "omit")
ZERO_METHODS: tuple[ZeroMethod, ...] = ("wilcox", "pratt")
ESTIMATE_ZEROS: tuple[EstimateZeros, ...] = ("keep", "drop")

_T = TypeVar("_T", bound=str)


def check_choice(name: str, value: object, allowed: Collection[_T]) -> _T:
    """Return ``value`` if it is one of ``allowed``; raise naming them otherwise.

    A value that is not a string raises ``TypeError``, any other value
    ``ValueError``.

    Examples
    --------
    >>> check_choice("alternative", "less", ALTERNATIVES)
    'less'
    >>> check_choice("alternative", None, ALTERNATIVES)
    Traceback (most recent call last):
    ...
    TypeError: alternative must be one of 'two-sided', 'less', 'greater'; got None (NoneType)
    """
    choices = ", ".join(repr(a) for a in allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {choices}; got {value!r} ({type(value).__name__})")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {choices}; got {value!r}")
    return value  # type: ignore[return-value]


def check_conf_level(conf_level: object) -> float:
    """Return ``conf_level`` as a float if it is a number strictly between 0 and 1.

    Examples
    --------
    >>> check_conf_level(0.95)
    0.95
    >>> check_conf_level("0.95")
    Traceback (most recent call last):
    ...
    TypeError: conf_level must be a number strictly between 0 and 1, such as 0.95; got '0.95' (str)
    """
    if isinstance(conf_level, bool | np.bool_) or not isinstance(conf_level, numbers.Real):
        raise TypeError(
            "conf_level must be a number strictly between 0 and 1, such as 0.95; "
            f"got {conf_level!r} ({type(conf_level).__name__})"
        )
    level = float(conf_level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"conf_level must lie strictly between 0 and 1; got {conf_level!r}")
    return level


def check_array_like(
    name: str, value: object, what: str, kinds: str = "a list, tuple, numpy array or pandas Series"
) -> None:
    """Raise ``TypeError`` naming ``name`` if ``value`` is no array (``what`` says which).

    ``None``, strings, sets (unordered), mappings and one-shot iterators such
    as generators are refused; ``kinds`` names what is expected instead.

    Examples
    --------
    >>> check_array_like("x", [1.0, 2.0], "a one-dimensional array of numbers")
    >>> check_array_like("x", {1.0, 2.0}, "a one-dimensional array of numbers")
    Traceback (most recent call last):
    ...
    TypeError: x must be a one-dimensional array of numbers (a list, tuple, numpy array or \
pandas Series); got a set, which has no order
    """
    problem = None
    if value is None:
        problem = "None"
    elif isinstance(value, str | bytes):
        problem = f"text {value!r}"
    elif isinstance(value, Set):
        problem = f"a {type(value).__name__}, which has no order"
    elif isinstance(value, Mapping):
        problem = f"a {type(value).__name__}"
    elif isinstance(value, Iterator):
        problem = f"a {type(value).__name__}, which can be read once only; pass list(...)"
    if problem is not None:
        raise TypeError(f"{name} must be {what} ({kinds}); got {problem}")
