"""NumPy array types, and the one reader of the arrays a user passes to the statistics.

Every sample, time, code, label and table goes through :func:`read_array`
first, so each test refuses the same things in the same words: no array at
all (``None``, a set, a dict, a generator, text), ragged nesting, and it
sees a ``numpy.ma`` mask. :func:`as_numbers` then reads one-dimensional
numbers: missing values (NaN, ``None``, ``pd.NA``, masked entries) become
NaN for the caller to drop or refuse, and booleans, dates, durations, text
and complex numbers are refused with a ``TypeError`` naming the argument.

``np.asarray`` alone would be wrong twice over: it drops a mask and uses
the hidden value, and it turns ``datetime64`` dates into days since 1970.
"""

from __future__ import annotations

import datetime
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from myopathy_outcomes.stats._vocabulary import check_array_like

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

_SEQUENCES = "a list, tuple, numpy array or pandas Series"


@dataclass(frozen=True)
class ArrayInput:
    """An argument read as a numpy array, with its missing entries.

    ``values`` is ``np.asarray`` of what was passed (a masked array's data,
    hidden values included); ``missing`` marks the entries the caller must
    treat as missing: masked ones, and ``np.ma.masked`` inside a list. NaN
    and ``None`` are not marked here; :func:`as_numbers` turns them into NaN.
    """

    values: NDArray[Any]
    missing: BoolArray

    def first_missing(self) -> tuple[int, ...] | None:
        """The index of the first missing entry, or ``None``."""
        if not self.missing.any():
            return None
        return tuple(int(i) for i in np.argwhere(self.missing)[0])


def read_array(name: str, values: object, what: str, kinds: str = _SEQUENCES) -> ArrayInput:
    """Read ``values`` as an array, keeping its ``numpy.ma`` mask.

    Parameters
    ----------
    name : str
        The argument's name, for messages.
    values : object
        What was passed.
    what, kinds : str
        What is expected (``"a one-dimensional array of numbers"``) and in
        which containers, for the message when ``values`` is no array.

    Examples
    --------
    >>> read = read_array("x", np.ma.masked_array([1.0, 9.0], mask=[0, 1]), "numbers")
    >>> read.values.tolist(), read.missing.tolist(), read.first_missing()
    ([1.0, 9.0], [False, True], (1,))
    >>> read_array("x", [[1, 2], [3]], "a table").values
    Traceback (most recent call last):
    ...
    ValueError: x must be a table; it is ragged (rows of different lengths)
    """
    check_array_like(name, values, what, kinds)
    mask: object = None
    try:
        if isinstance(values, list | tuple):
            # np.asarray would read np.ma.masked as NaN, with a warning.
            values, mask = _without_masked(values)
        raw = np.asarray(values)
        if isinstance(values, np.ma.MaskedArray):
            missing = np.ma.getmaskarray(values).copy()
        elif mask is not None:
            missing = np.asarray(mask, dtype=bool)
        else:
            missing = np.zeros(raw.shape, dtype=bool)
    except ValueError:  # ragged nested sequences
        raise ValueError(
            f"{name} must be {what}; it is ragged (rows of different lengths)"
        ) from None
    return ArrayInput(raw, missing)


def _nothing_masked(value: Any) -> NDArray[np.bool_]:
    """``False`` in the shape of ``value``."""
    return np.zeros(np.shape(value), dtype=np.bool_)


def _without_masked(values: list[Any] | tuple[Any, ...]) -> tuple[object, object]:
    """Nested lists with ``np.ma.masked`` replaced by ``None``, and where it was (or ``None``).

    Examples
    --------
    >>> values, where = _without_masked([[1, np.ma.masked], [3, 4]])
    >>> values, np.asarray(where).tolist()
    ([[1, None], [3, 4]], [[False, True], [False, False]])
    >>> _without_masked([1.0, 2.0])
    ([1.0, 2.0], None)
    """
    if not any(v is np.ma.masked or isinstance(v, list | tuple) for v in values):
        return values, None
    replaced: list[object] = []
    where: list[object] = []
    for value in values:
        if value is np.ma.masked:
            replaced.append(None)
            where.append(True)
        elif isinstance(value, list | tuple):
            inner, inner_where = _without_masked(value)
            replaced.append(inner)
            where.append(_nothing_masked(inner) if inner_where is None else inner_where)
        else:
            replaced.append(value)
            where.append(_nothing_masked(value))
    if not any(w is True or isinstance(w, list) for w in where):
        return values, None
    return replaced, where


def as_numbers(
    name: str,
    values: object,
    *,
    need: str,
    dates: str,
    booleans: bool = False,
) -> FloatArray:
    """Return ``values`` as a one-dimensional float array, missing values as NaN.

    As :func:`read_numbers`, without telling masked entries from NaN.

    Examples
    --------
    >>> as_numbers("x", np.ma.masked_array([1, 2, 3], mask=[0, 1, 0]), need="", dates="")
    array([ 1., nan,  3.])
    """
    return read_numbers(name, values, need=need, dates=dates, booleans=booleans)[0]


def read_numbers(
    name: str,
    values: object,
    *,
    need: str,
    dates: str,
    booleans: bool = False,
) -> tuple[FloatArray, BoolArray]:
    """Return ``values`` as a one-dimensional float array, missing values as NaN, and its mask.

    Parameters
    ----------
    name : str
        The argument's name, for messages.
    values : object
        A list, tuple, numpy array (masked or not) or pandas Series.
    need : str
        Why numbers are needed, ending each refusal (``"the rank tests need
        numbers"``).
    dates : str
        What to do instead of passing dates or durations.
    booleans : bool
        Whether True and False are read as 1 and 0 (event indicators);
        otherwise they are refused, since numpy would read ``[1.5, False]``
        as ``[1.5, 0.0]`` without a word.

    Returns
    -------
    values : ndarray of float
        The numbers; NaN where a value is missing (NaN, ``None``, ``pd.NA``
        or masked).
    masked : ndarray of bool
        Where ``values`` is masked (a ``numpy.ma`` mask, or ``np.ma.masked``
        in a list); the value hidden under a mask is never used.

    Examples
    --------
    >>> read_numbers("x", [1, None, 2.5], need="numbers", dates="")
    (array([1. , nan, 2.5]), array([False, False, False]))
    >>> read_numbers("x", np.ma.masked_array([1, 2, 3], mask=[0, 1, 0]), need="", dates="")
    (array([ 1., nan,  3.]), array([False,  True, False]))
    >>> read_numbers("time", np.array(["2020-01-01"], dtype="M8[D]"), need="times are numbers",
    ...            dates="pass days since the index date")
    Traceback (most recent call last):
    ...
    TypeError: time holds dates or durations (datetime64[D]); times are numbers: pass days since \
the index date
    """
    if not booleans and isinstance(values, list | tuple):
        for i, value in enumerate(values):
            if isinstance(value, bool | np.bool_):
                raise TypeError(f"{name}[{i}] is {value!r}, a boolean; {need}")
    read = read_array(name, values, "a one-dimensional array of numbers")
    raw = read.values
    if raw.ndim != 1:
        got = f"a single value {raw.item()!r}" if raw.ndim == 0 else f"shape {raw.shape}"
        raise ValueError(f"{name} must be one-dimensional; got {got}")
    floats = _as_floats(name, raw, read.missing, need=need, dates=dates, booleans=booleans)
    floats[read.missing] = np.nan
    return floats, read.missing


def _as_floats(
    name: str, raw: np.ndarray, missing: BoolArray, *, need: str, dates: str, booleans: bool
) -> FloatArray:
    """The one-dimensional ``raw`` as floats; ``TypeError`` for what is not a number."""
    kind = raw.dtype.kind
    if kind == "b":
        if booleans:
            return raw.astype(np.float64)
        raise TypeError(
            f"{name} holds booleans (True/False); {need}: convert on purpose if that "
            f"is meant, e.g. np.asarray({name}, dtype=float)"
        )
    if kind in "mM":
        raise TypeError(f"{name} holds dates or durations ({raw.dtype}); {need}: {dates}")
    if kind in "US":
        shown = f"{str(raw[0])!r}, ..." if raw.size else "empty text"
        raise TypeError(f"{name} holds text ({shown}); {need}: convert the values first")
    if kind in "iuf":
        return raw.astype(np.float64)
    if kind != "O":
        raise TypeError(f"{name} holds values of dtype {raw.dtype}; {need} (real ones)")
    floats = np.empty(raw.size, dtype=np.float64)
    for i, value in enumerate(raw):
        if missing[i] or value is None or value is pd.NA:
            floats[i] = np.nan
            continue
        if isinstance(value, bool | np.bool_):
            if booleans:
                floats[i] = float(value)
                continue
            raise TypeError(f"{name}[{i}] is {value!r}, a boolean; {need}")
        if isinstance(
            value,
            datetime.date | datetime.time | datetime.timedelta | np.datetime64 | np.timedelta64,
        ):
            raise TypeError(
                f"{name}[{i}] = {value!r} is a date, time or duration; {need}: {dates}"
            )
        if not isinstance(value, numbers.Real):
            raise TypeError(
                f"{name}[{i}] = {value!r} is not a number ({type(value).__name__}); {need}"
            )
        try:
            floats[i] = float(value)
        except OverflowError:
            shown = repr(value) if len(repr(value)) <= 24 else f"{repr(value)[:20]}..."
            raise ValueError(
                f"{name}[{i}] = {shown} is too large for a floating-point number; "
                "rescale the data (other units)"
            ) from None
    return floats
