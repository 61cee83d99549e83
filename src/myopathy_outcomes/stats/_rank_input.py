"""Input handling shared by the rank tests."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from myopathy_outcomes.stats._exact_rank import FloatArray


def as_sample(name: str, values: ArrayLike) -> FloatArray:
    """Return ``values`` as a one-dimensional float array; reject other shapes and infinities.

    NaN is left in place for the caller's ``nan_policy``; ``-0.0`` becomes ``0.0``
    so that it cannot show as a bound.

    Examples
    --------
    >>> as_sample("x", [1, 2.5])
    array([1. , 2.5])
    """
    array = np.asarray(values, dtype=np.float64) + 0.0  # a copy, with -0.0 as 0.0
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional; got shape {array.shape}")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains infinite values; the rank tests need finite data")
    return array
