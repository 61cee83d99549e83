"""Input handling shared by the rank tests."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._exact_rank import FloatArray

#: Largest magnitude of an observation (about 1.07e301). The tests add,
#: subtract and halve observations (differences, Walsh averages, shifts well
#: beyond the extreme ones while searching for an interval's ends); below
#: this bound all of that stays finite with a factor of 2**23 to spare.
MAX_MAGNITUDE: Final = 2.0**1000


def as_sample(name: str, values: ArrayLike) -> FloatArray:
    """Return ``values`` as a one-dimensional float array; reject other shapes and infinities.

    NaN is left in place for the caller's ``nan_policy``; ``-0.0`` becomes ``0.0``
    so that it cannot show as a bound. Values beyond :data:`MAX_MAGNITUDE`
    are refused, as their sums and differences would overflow.

    Examples
    --------
    >>> as_sample("x", [1, 2.5])
    array([1. , 2.5])
    >>> as_sample("y", [1.0, 1e308])
    Traceback (most recent call last):
    ...
    ValueError: y[1] = 1e+308 is too large: the rank tests add and subtract the values, \
which must lie within +-1.07e+301 to keep those sums finite; rescale the data (other units)
    """
    array = np.asarray(values, dtype=np.float64) + 0.0  # a copy, with -0.0 as 0.0
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional; got shape {array.shape}")
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
