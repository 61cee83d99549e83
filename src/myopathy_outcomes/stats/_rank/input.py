"""Input handling shared by the rank tests."""

from __future__ import annotations

import datetime
import numbers
from typing import Final

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._arrays import FloatArray
from myopathy_outcomes.stats._vocabulary import check_array_like

#: Largest magnitude of an observation (about 1.07e301). The tests add,
#: subtract and halve observations (differences, Walsh averages, shifts well
#: beyond the extreme ones while searching for an interval's ends); below
#: this bound all of that stays finite with a factor of 2**23 to spare.
MAX_MAGNITUDE: Final = 2.0**1000

_NUMBERS = "the rank tests need numbers"


def as_sample(name: str, values: ArrayLike) -> FloatArray:
    """Return ``values`` as a one-dimensional float array, or raise saying what is wrong.

    Accepted: a list, tuple, numpy array or pandas Series of real numbers;
    ``None`` and ``pd.NA`` inside it and NaN mark missing values, left as NaN
    for the caller's ``nan_policy``. Refused with a ``TypeError`` naming
    ``name``: no array at all (``None``, a set, a dict, a generator, text),
    booleans, dates and durations, text and complex numbers; with a
    ``ValueError``: other shapes, infinities and values beyond
    :data:`MAX_MAGNITUDE`, whose sums and differences would overflow.
    ``-0.0`` becomes ``0.0`` so that it cannot show as a bound.

    Examples
    --------
    >>> as_sample("x", [1, 2.5, None])
    array([1. , 2.5, nan])
    >>> as_sample("y", [1.0, 1e308])
    Traceback (most recent call last):
    ...
    ValueError: y[1] = 1e+308 is too large: the rank tests add and subtract the values, \
which must lie within +-1.07e+301 to keep those sums finite; rescale the data (other units)
    >>> as_sample("x", [1.5, False])
    Traceback (most recent call last):
    ...
    TypeError: x[1] is False, a boolean; the rank tests need numbers
    """
    check_array_like(name, values, "a one-dimensional array of numbers")
    if isinstance(values, list | tuple):
        # numpy would read [1.5, False] as [1.5, 0.0] without a word.
        for i, value in enumerate(values):
            if isinstance(value, bool | np.bool_):
                raise TypeError(f"{name}[{i}] is {value!r}, a boolean; {_NUMBERS}")
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError) as exc:  # ragged nested sequences
        raise ValueError(f"{name} must be a one-dimensional array of numbers ({exc})") from None
    if raw.ndim != 1:
        got = f"a single value {raw.item()!r}" if raw.ndim == 0 else f"shape {raw.shape}"
        raise ValueError(f"{name} must be one-dimensional; got {got}")
    array = _as_floats(name, raw) + 0.0  # a copy, with -0.0 as 0.0
    infinite = np.isinf(array)
    if infinite.any():
        i = int(np.argmax(infinite))
        raise ValueError(
            f"{name} contains infinite values ({name}[{i}] = {array[i]}); the rank tests "
            "need finite data (NaN marks a missing value, see nan_policy)"
        )
    too_large = np.abs(array) > MAX_MAGNITUDE
    if too_large.any():
        i = int(np.argmax(too_large))
        raise ValueError(
            f"{name}[{i}] = {array[i]:.6g} is too large: the rank tests add and subtract "
            f"the values, which must lie within +-{MAX_MAGNITUDE:.3g} to keep those sums "
            "finite; rescale the data (other units)"
        )
    return array


def _as_floats(name: str, raw: np.ndarray) -> FloatArray:
    """The one-dimensional ``raw`` as floats; ``TypeError`` for what is not a number."""
    kind = raw.dtype.kind
    if kind == "b":
        raise TypeError(
            f"{name} holds booleans (True/False); {_NUMBERS}: convert on purpose if that "
            f"is meant, e.g. np.asarray({name}, dtype=float)"
        )
    if kind in "mM":
        raise TypeError(
            f"{name} holds dates or durations ({raw.dtype}); {_NUMBERS}: convert them "
            "first, e.g. to days"
        )
    if kind in "US":
        raise TypeError(
            f"{name} holds text ({str(raw[0])!r}, ...); {_NUMBERS}: convert the values first"
        )
    if kind in "iuf":
        return raw.astype(np.float64)
    if kind != "O":
        raise TypeError(f"{name} holds values of dtype {raw.dtype}; {_NUMBERS} (real ones)")
    floats = np.empty(raw.size, dtype=np.float64)
    for i, value in enumerate(raw):
        if value is None or value is pd.NA:
            floats[i] = np.nan
            continue
        if isinstance(value, bool | np.bool_):
            raise TypeError(f"{name}[{i}] is {value!r}, a boolean; {_NUMBERS}")
        if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            raise TypeError(
                f"{name}[{i}] = {value!r} is a date or time; {_NUMBERS}: convert first, "
                "e.g. to days"
            )
        if not isinstance(value, numbers.Real):
            raise TypeError(
                f"{name}[{i}] = {value!r} is not a number ({type(value).__name__}); {_NUMBERS}"
            )
        try:
            floats[i] = float(value)
        except OverflowError:
            shown = repr(value) if len(repr(value)) <= 24 else f"{repr(value)[:20]}..."
            raise ValueError(
                f"{name}[{i}] = {shown} is too large: the values must lie within "
                f"+-{MAX_MAGNITUDE:.3g}; rescale the data (other units)"
            ) from None
    return floats
