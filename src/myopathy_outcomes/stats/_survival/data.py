"""Input checks and the table of distinct times shared by the time-to-event statistics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, TypeVar

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from myopathy_outcomes.stats._arrays import FloatArray, IntArray, read_array, read_numbers

#: What to pass instead of dates, in the messages of the time-to-event statistics.
DAYS_HINT: Final = (
    "pass days since the index date, e.g. (end - index).dt.days for pandas dates, "
    "or durations / np.timedelta64(1, 'D')"
)
_NO_MISSING = (
    "the time-to-event statistics take no missing values: drop those observations from "
    "every argument first"
)


def _refuse_masked(name: str, masked: NDArray[np.bool_]) -> None:
    """Raise ``ValueError`` naming the first masked entry, if there is one."""
    if masked.any():
        i = int(np.argmax(masked))
        raise ValueError(
            f"{name}[{i}] is masked (a missing value; {int(masked.sum())} in all) and "
            f"{_NO_MISSING}"
        )


def as_times(name: str, values: ArrayLike) -> FloatArray:
    """Return follow-up times as a one-dimensional float array of finite values ``>= 0``.

    Dates (``datetime64``, ``datetime.date``) are refused: a calendar date is
    no follow-up time, and read as a number it would be days since 1970.
    Durations (``timedelta64``, ``datetime.timedelta``) are refused too,
    rather than converted: the caller chooses the unit (days, months) in
    which every result is then reported. Missing values (NaN, ``None``,
    masked entries of a ``numpy.ma`` array) are refused, not dropped.

    Examples
    --------
    >>> as_times("time", [3, 1.5])
    array([3. , 1.5])
    >>> as_times("time", np.ma.masked_array([3.0, 1.5], mask=[False, True]))
    Traceback (most recent call last):
    ...
    ValueError: time[1] is masked (a missing value; 1 in all) and the time-to-event statistics \
take no missing values: drop those observations from every argument first
    """
    array, masked = read_numbers(name, values, need="follow-up times are numbers", dates=DAYS_HINT)
    array += 0.0  # -0.0 as 0.0
    if array.size == 0:
        raise ValueError(f"{name} is empty; at least one observation is needed")
    _refuse_masked(name, masked)
    bad = np.flatnonzero(~np.isfinite(array) | (array < 0))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"{name} must be finite and >= 0; {bad.size} value(s) are not, "
            f"the first at index {i}: {array[i]!r}"
        )
    return array


def as_codes(
    name: str, values: ArrayLike, size: int, allowed: tuple[int, ...] | None = None
) -> IntArray:
    """Return whole-number codes (events 0/1, competing-risk status) as an int64 array.

    ``allowed`` lists the codes accepted (default: any whole number ``>= 0``);
    True and False count as 1 and 0.

    Examples
    --------
    >>> as_codes("event", [1, 0, True], 3, (0, 1))
    array([1, 0, 1])
    """
    array, masked = read_numbers(
        name, values, need="codes are whole numbers", dates="pass the codes", booleans=True
    )
    if array.size != size:
        raise ValueError(
            f"{name} must be one-dimensional with one value per time ({size}); "
            f"got shape {array.shape}"
        )
    _refuse_masked(name, masked)
    whole = np.isfinite(array) & (array == np.round(array)) & (array >= 0)
    if allowed is not None:
        whole &= np.isin(array, allowed)
    bad = np.flatnonzero(~whole)
    if bad.size:
        i = int(bad[0])
        wanted = (
            "one of " + ", ".join(str(a) for a in allowed)
            if allowed is not None
            else "a whole number >= 0"
        )
        raise ValueError(
            f"{name} must be {wanted}; {bad.size} value(s) are not, "
            f"the first at index {i}: {array[i]!r}"
        )
    return array.astype(np.int64)


def as_labels(name: str, values: ArrayLike, size: int) -> tuple[list[object], IntArray]:
    """Return the sorted distinct labels of ``values`` and each observation's label index.

    Missing labels (NaN, ``None``, masked entries) are refused.

    Examples
    --------
    >>> as_labels("group", ["b", "a", "b"], 3)
    (['a', 'b'], array([1, 0, 1]))
    """
    read = read_array(name, values, "one label per observation")
    array = read.values
    if array.ndim != 1 or array.size != size:
        raise ValueError(
            f"{name} must be one-dimensional with one value per time ({size}); "
            f"got shape {array.shape}"
        )
    _refuse_masked(name, read.missing)
    if array.dtype.kind == "f" and np.isnan(array).any():
        raise ValueError(f"{name} contains NaN at index {int(np.flatnonzero(np.isnan(array))[0])}")
    if array.dtype.kind == "O" and any(v is None or v is pd.NA for v in array):
        i = [v is None or v is pd.NA for v in array].index(True)
        raise ValueError(f"{name} contains {array[i]!r} at index {i}")
    try:
        labels, index = np.unique(array, return_inverse=True)
    except TypeError as error:
        raise TypeError(f"{name} mixes labels that cannot be sorted: {error}") from error
    return [label.item() if hasattr(label, "item") else label for label in labels], index.astype(
        np.int64
    ).ravel()


def as_weights(name: str, values: ArrayLike, size: int, *, zero_allowed: bool) -> FloatArray:
    """Return case weights as a float array: finite, ``>= 0`` (or ``> 0``), not all 0.

    ``zero_allowed`` follows R: ``survfit`` accepts a weight of 0, ``coxph``
    refuses it ("Invalid weights, must be >0").

    Examples
    --------
    >>> as_weights("weights", [1, 0.5], 2, zero_allowed=False)
    array([1. , 0.5])
    """
    try:
        array = np.asarray(values, dtype=np.float64) + 0.0
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numbers; got {values!r}") from error
    if array.ndim != 1 or array.size != size:
        raise ValueError(
            f"{name} must be one-dimensional with one value per time ({size}); "
            f"got shape {array.shape}"
        )
    valid = np.isfinite(array) & ((array >= 0) if zero_allowed else (array > 0))
    bad = np.flatnonzero(~valid)
    if bad.size:
        i = int(bad[0])
        wanted = ">= 0" if zero_allowed else "> 0"
        raise ValueError(
            f"{name} must be finite and {wanted}; {bad.size} value(s) are not, "
            f"the first at index {i}: {float(array[i])!r}"
        )
    if not (array > 0).any():
        raise ValueError(f"{name} are all 0; at least one observation must carry weight")
    return array


def as_clusters(name: str, values: ArrayLike, size: int, *, matched_sets: bool) -> IntArray:
    """Return each observation's cluster as an index ``0 .. k - 1``.

    With ``matched_sets`` every cluster must hold at least two observations:
    in a model fitted on the whole matched sample a set of one is a pairing
    gone wrong (for each observation its own cluster, leave ``cluster`` out
    and ask for ``robust=True``). A curve for one arm of matched pairs holds
    one member of each pair, so curves take clusters of one.

    Examples
    --------
    >>> as_clusters("cluster", ["p2", "p1", "p2", "p1"], 4, matched_sets=True)
    array([1, 0, 1, 0])
    """
    labels, index = as_labels(name, values, size)
    if matched_sets:
        members = np.bincount(index, minlength=len(labels))
        alone = np.flatnonzero(members == 1)
        if alone.size:
            first = int(np.flatnonzero(index == alone[0])[0])
            raise ValueError(
                f"{name} must group at least two observations (a matched set); {alone.size} "
                f"cluster(s) have one, the first {labels[int(alone[0])]!r} at index {first}"
            )
    return index


def resolve_robust(robust: object, weights: FloatArray | None, cluster: IntArray | None) -> bool:
    """Whether to use the robust variance, with R's default for ``robust=None``.

    R (``survfit`` and ``coxph``) takes the robust variance when a cluster is
    given or when any weight is not a whole number; otherwise not.
    """
    if robust is None:
        fractional = weights is not None and bool((weights != np.floor(weights)).any())
        return cluster is not None or fractional
    if not isinstance(robust, bool | np.bool_):
        raise TypeError(f"robust must be True, False or None; got {robust!r}")
    if not robust and cluster is not None:
        raise ValueError(
            "cluster needs the robust variance; give robust=True or None "
            "(R ignores the cluster with a warning)"
        )
    return bool(robust)


def weighted_counts(
    time: FloatArray, code: IntArray, n_codes: int, weights: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
    """Sums of ``weights`` by the distinct values of ``time`` and by ``code``.

    Returns the distinct times, the weight at risk at each (time ``>=`` it),
    the weight of each code at each time (one column per code), and each
    observation's time index. The weighted counterpart of :func:`time_table`.

    Examples
    --------
    >>> t, risk, counts, _ = weighted_counts(
    ...     np.array([2.0, 1.0, 2.0]), np.array([1, 0, 0]), 2, np.array([0.5, 1.0, 2.0])
    ... )
    >>> t.tolist(), risk.tolist(), counts.tolist()
    ([1.0, 2.0], [3.5, 2.5], [[1.0, 0.0], [2.0, 0.5]])
    """
    distinct, where = np.unique(time, return_inverse=True)
    where = where.ravel().astype(np.int64)
    counts = np.zeros((distinct.size, n_codes), dtype=np.float64)
    np.add.at(counts, (where, code), weights)
    at_or_after = np.asarray(counts.sum(axis=1)[::-1].cumsum()[::-1], dtype=np.float64)
    return distinct, at_or_after, counts, where


@dataclass(frozen=True)
class TimeTable:
    """Counts at each distinct time, in increasing order of time.

    ``n_risk[j]`` counts the observations with time ``>= time[j]``; ``counts``
    has one column per code (column 0: censored, column ``k``: event of kind
    ``k``).
    """

    time: FloatArray
    n_risk: IntArray
    counts: IntArray

    @property
    def n_censor(self) -> IntArray:
        """Censorings at each time."""
        return self.counts[:, 0]

    @property
    def n_event(self) -> IntArray:
        """Events of any kind at each time."""
        total: IntArray = self.counts[:, 1:].sum(axis=1)
        return total


def time_table(time: FloatArray, code: IntArray, n_codes: int) -> TimeTable:
    """Tabulate ``code`` (0 = censored) by the distinct values of ``time``.

    Times are compared exactly. (R's ``survfit`` and ``survdiff`` first merge
    times that differ by rounding error only, ``aeqSurv``; here times are
    taken as given.)

    Examples
    --------
    >>> table = time_table(np.array([2.0, 1.0, 2.0]), np.array([1, 0, 0]), 2)
    >>> table.time.tolist(), table.n_risk.tolist(), table.counts.tolist()
    ([1.0, 2.0], [3, 2], [[1, 0], [1, 1]])
    """
    distinct, where = np.unique(time, return_inverse=True)
    counts = np.zeros((distinct.size, n_codes), dtype=np.int64)
    np.add.at(counts, (where.ravel(), code), 1)
    at_or_after: IntArray = np.asarray(counts.sum(axis=1)[::-1].cumsum()[::-1], dtype=np.int64)
    return TimeTable(distinct, at_or_after, counts)


_Array = TypeVar("_Array", bound=NDArray[Any])


def frozen(array: _Array) -> _Array:
    """Return ``array`` marked read-only, as results hold it."""
    array.flags.writeable = False
    return array
