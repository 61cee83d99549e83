"""Validation of two-way tables of counts, shared by the Fisher and chi-square tests."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from myopathy_outcomes.stats._arrays import read_array

#: R's ``.Machine$integer.max``: fisher.test refuses larger counts, and so do we.
MAX_COUNT = 2**31 - 1


def as_count_table(table: ArrayLike) -> NDArray[np.int64]:
    """Return ``table`` as a 2-D ``int64`` array of counts, or raise ``ValueError`` saying why not.

    A valid table is 2-D, has at least 2 rows and 2 columns, holds finite
    non-negative whole numbers up to ``2**31 - 1`` (``3.0`` is accepted,
    ``2.5`` is not) and has no row or column that is all zero.

    Examples
    --------
    >>> as_count_table([[3, 1], [0, 2.0]]).tolist()
    [[3, 1], [0, 2]]
    >>> as_count_table([[3, -1], [0, 2]])
    Traceback (most recent call last):
    ...
    ValueError: table[0, 1] = -1 is negative: counts must be non-negative integers

    ``None``, a set, a dict or a generator raise ``TypeError``; so do
    booleans, which are no counts. A masked cell (``numpy.ma``) is refused:
    it is a missing count, not a zero.
    """
    read = read_array(
        "table",
        table,
        "a two-way table of counts (rows x columns)",
        "nested lists, a numpy array or a pandas DataFrame",
    )
    masked = read.first_missing()
    if masked is not None:
        where = ", ".join(str(i) for i in masked)
        raise ValueError(
            f"table[{where}] is masked ({int(read.missing.sum())} cell(s) in all): a masked "
            "count is missing, not zero, and a table of counts cannot have a missing cell; "
            "complete the table, or fill it on purpose (table.filled(0)) if zero is meant"
        )
    arr = read.values
    if arr.ndim != 2:
        raise ValueError(
            f"table must be a 2-D array of counts (rows x columns); got a {arr.ndim}-D input "
            f"of shape {arr.shape}"
        )
    nrow, ncol = arr.shape
    if nrow < 2 or ncol < 2:
        raise ValueError(f"table must have at least 2 rows and 2 columns; got shape {arr.shape}")
    if arr.dtype.kind == "b":
        raise TypeError(
            "table holds booleans (True/False); counts must be whole numbers: convert on "
            "purpose if that is meant, e.g. np.asarray(table, dtype=int)"
        )
    if arr.dtype.kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            raise ValueError("table must contain numbers only (counts)") from None
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"table must contain integer counts; got values of dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise ValueError(f"table[{i}, {j}] = {arr[i, j]} is not a finite count")
    negative = arr < 0
    if negative.any():
        i, j = np.argwhere(negative)[0]
        raise ValueError(
            f"table[{i}, {j}] = {arr[i, j]} is negative: counts must be non-negative integers"
        )
    if arr.dtype.kind == "f":
        fractional = arr != np.floor(arr)
        if fractional.any():
            i, j = np.argwhere(fractional)[0]
            raise ValueError(
                f"table[{i}, {j}] = {arr[i, j]} is not a whole number: "
                "counts must be non-negative integers"
            )
    too_large = arr > MAX_COUNT
    if too_large.any():
        i, j = np.argwhere(too_large)[0]
        raise ValueError(
            f"table[{i}, {j}] = {arr[i, j]} is too large: counts must be at most 2**31 - 1 "
            "(R's integer limit)"
        )
    counts = arr.astype(np.int64)
    for axis, name in ((1, "row"), (0, "column")):
        empty = np.flatnonzero(counts.sum(axis=axis) == 0)
        if empty.size:
            raise ValueError(
                f"table {name} {empty[0]} (0-based) is all zero: every row and column needs "
                f"at least one count; drop the empty category before testing"
            )
    return counts


def as_tuple(counts: NDArray[np.int64]) -> tuple[tuple[int, ...], ...]:
    """Return a 2-D integer array as a tuple of row tuples of Python ``int``.

    Examples
    --------
    >>> as_tuple(np.array([[1, 2], [3, 4]]))
    ((1, 2), (3, 4))
    """
    return tuple(tuple(int(v) for v in row) for row in counts)
