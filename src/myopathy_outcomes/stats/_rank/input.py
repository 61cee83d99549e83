"""Input handling shared by the rank tests."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._arrays import FloatArray, as_numbers

#: Largest magnitude of an observation (about 1.07e301). The tests add,
#: subtract and halve observations (differences, Walsh averages, shifts well
#: beyond the extreme ones while searching for an interval's ends); below
#: this bound all of that stays finite with a factor of 2**23 to spare.
MAX_MAGNITUDE: Final = 2.0**1000

_NUMBERS = "the rank tests need numbers"


def as_sample(name: str, values: ArrayLike) -> FloatArray:
    """Return ``values`` as a one-dimensional float array, or raise saying what is wrong.

    Accepted: a list, tuple, numpy array (masked or not) or pandas Series of
    real numbers; ``None``, ``pd.NA``, NaN and masked entries mark missing
    values, left as NaN for the caller's ``nan_policy``. Refused with a
    ``TypeError`` naming ``name``: no array at all (``None``, a set, a dict,
    a generator, text), booleans, dates and durations, text and complex
    numbers (:func:`~myopathy_outcomes.stats._arrays.as_numbers`); with a
    ``ValueError``: other shapes, infinities and values beyond
    :data:`MAX_MAGNITUDE`, whose sums and differences would overflow.
    ``-0.0`` becomes ``0.0`` so that it cannot show as a bound.

    Examples
    --------
    >>> as_sample("x", [1, 2.5, None])
    array([1. , 2.5, nan])
    >>> as_sample("x", np.ma.masked_array([1.0, 7.0], mask=[False, True]))
    array([ 1., nan])
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
    array = as_numbers(name, values, need=_NUMBERS, dates="convert them first, e.g. to days")
    array += 0.0  # -0.0 as 0.0
    infinite = np.isinf(array)
    if infinite.any():
        i = int(np.argmax(infinite))
        raise ValueError(
            f"{name} contains infinite values ({name}[{i}] = {array[i]}); the rank tests "
            "need finite data (NaN or a masked entry marks a missing value, see nan_policy)"
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


def missing_text(count: int, size: int, name: str, what: str = "values") -> str:
    """``"x contains 2 missing values (NaN, None or masked) of 9 values"``, for messages.

    Examples
    --------
    >>> missing_text(1, 5, "y")
    'y contains 1 missing value (NaN, None or masked) of 5 values'
    >>> missing_text(2, 5, "the data", "pairs")
    'the data contain 2 missing values (NaN, None or masked) of 5 pairs'
    """
    plural = "" if count == 1 else "s"
    verb = "contain" if name == "the data" else "contains"
    return f"{name} {verb} {count} missing value{plural} (NaN, None or masked) of {size} {what}"
