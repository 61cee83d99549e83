"""Rows that repeat an earlier row, and regimens of one drug that overlap.

Neither is an error: an exact repeat (a visit or regimen pasted twice)
changes no result, and two rows of one drug for one patient that overlap
mean the drug was taken on every day either covers. Both are told in a
notice, so that they are not passed over silently. Only rows that are kept
(valid and not excluded) take part. Cells are compared as the Python
objects they are (``object`` columns), not copied into pandas' ``str``
dtype, which with pyarrow installed would hold them in Arrow buffers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

_Cells = np.ndarray[Any, np.dtype[np.object_]]


def exact_repeats(
    positions: Sequence[int] | np.ndarray[Any, np.dtype[np.integer[Any]]],
    record: Callable[[int], object],
    keys: Sequence[np.ndarray[Any, Any]],
) -> list[tuple[int, int]]:
    """Each record equal to an earlier one, as (position, position of the first such record).

    ``positions`` are the kept rows; ``record`` gives the record of a row
    at its position, and ``keys`` some of its cells (the patient and a date), by which
    equal records must agree: only rows sharing their keys are compared.

    Examples
    --------
    >>> ids = np.array(["A", "A", "B", "A"], dtype=object)
    >>> exact_repeats([0, 1, 2, 3], ["x", "y", "x", "x"].__getitem__, [ids])
    [(3, 0)]
    """
    if len(positions) < 2:
        return []
    kept = np.asarray(positions, dtype=np.int64)
    shared = kept[_repeated(*(key[kept] for key in keys))]
    first: dict[object, int] = {}
    repeats: list[tuple[int, int]] = []
    for position in shared.tolist():
        earlier = first.setdefault(record(position), position)
        if earlier != position:
            repeats.append((position, earlier))
    return sorted(repeats)


def _repeated(*keys: np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Where the keys, taken together, occur more than once.

    Cell codes (integers) are folded into one integer when they fit in 62
    bits, which pandas compares far faster than rows of objects.
    """
    if all(key.dtype.kind in "iu" for key in keys):
        spans = [int(key.max(initial=0)) + 2 for key in keys]  # codes from -1
        if math.prod(spans) < 2**62:
            folded = np.zeros(len(keys[0]), dtype=np.int64)
            for key, span in zip(keys, spans, strict=True):
                folded = folded * span + (key.astype(np.int64) + 1)
            return pd.Series(folded).duplicated(keep=False).to_numpy()
    frame = pd.DataFrame(dict(enumerate(keys)), dtype=object)
    return frame.duplicated(keep=False).to_numpy()


def overlaps(
    positions: Sequence[int] | np.ndarray[Any, np.dtype[np.integer[Any]]],
    patients: _Cells,
    drugs: _Cells,
    starts: _Cells,
    stops: _Cells,
) -> list[tuple[int, int]]:
    """Rows of a drug that start before an earlier row of it for the same patient stops.

    Rows are taken in order of start date (then position); a row overlaps
    when it starts before the latest stop of the rows before it (an open
    row, without a stop date, never stops). Starting on the day another row
    stops is a change, not an overlap. Returns (position, position of the
    row it overlaps), by position.

    Examples
    --------
    >>> import datetime as dt
    >>> day = dt.date.fromisoformat
    >>> cells = lambda *values: np.array(values, dtype=object)
    >>> overlaps(
    ...     [0, 1, 2],
    ...     cells("A", "A", "A"),
    ...     cells("MMF", "MMF", "MMF"),
    ...     cells(day("2015-01-01"), day("2015-06-01"), day("2015-03-01")),
    ...     cells(day("2015-06-01"), None, day("2015-05-01")),
    ... )
    [(2, 0)]
    """
    if len(positions) < 2:
        return []
    kept = np.asarray(positions, dtype=np.int64)
    frame = pd.DataFrame(
        {
            "patient": pd.Series(patients[kept], dtype=object),
            "drug": pd.Series([str(drug) for drug in drugs[kept]], dtype=object),
            "start": _days(starts[kept]),
            "stop": _days(stops[kept]),
            "position": kept,
        }
    )
    frame = frame[frame.duplicated(["patient", "drug"], keep=False)]
    if frame.empty:
        return []
    frame = frame.sort_values(["patient", "drug", "start", "position"], kind="stable")
    group = frame.groupby(["patient", "drug"], sort=False).ngroup().to_numpy()
    stop = frame["stop"].to_numpy()
    latest = pd.Series(stop).groupby(group).cummax().to_numpy()
    # the row holding the latest stop so far, and so the one before each row
    index = np.arange(len(frame), dtype=float)
    holder = pd.Series(np.where(stop == latest, index, np.nan)).groupby(group).ffill()
    holder_before = holder.groupby(group).shift().to_numpy()
    latest_before = pd.Series(latest).groupby(group).shift().to_numpy()
    start = frame["start"].to_numpy()
    overlapping = ~np.isnan(holder_before)
    overlapping[overlapping] = start[overlapping] < latest_before[overlapping]
    ordered = frame["position"].to_numpy()
    return sorted(
        (int(ordered[i]), int(ordered[int(holder_before[i])]))
        for i in np.flatnonzero(overlapping).tolist()
    )


_NEVER = dt.date.max.toordinal() + 1
"""The day an open regimen (no stop date) stops."""


def _days(dates: _Cells) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Dates as day numbers; ``None`` (not stopped) as a day after every date."""
    return np.fromiter(
        (_NEVER if date is None else date.toordinal() for date in dates),
        dtype=np.int64,
        count=len(dates),
    )
