"""Notices about the kept rows: rows repeating an earlier row, regimens of a drug that overlap.

Neither is a problem (:mod:`~myopathy_outcomes.io.repeats` says why), but
neither passes silently: each is told in one notice per table, naming a few
rows and how many there are. The notices of reading (a file or column name
matched ignoring case, a column not used, empty rows skipped) are told where
they are found.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from myopathy_outcomes.io.kept import kept_positions
from myopathy_outcomes.io.repeats import exact_repeats, overlaps
from myopathy_outcomes.io.shorten import SHOWN_ITEMS, some
from myopathy_outcomes.io.validation import CheckedTable

__all__ = ["repeat_notices"]


def repeat_notices(visits: CheckedTable | None, regimens: CheckedTable | None) -> list[str]:
    """Notices of kept rows that repeat an earlier one, and of overlapping regimens of a drug."""
    notices: list[str] = []
    if visits is not None:
        notices.extend(_exact_repeats_notice(visits, ("patient_id", "date"))[0])
    if regimens is not None:
        told, later = _exact_repeats_notice(regimens, ("patient_id", "start_date"))
        notices.extend(told)
        notices.extend(_overlaps_notice(regimens, later))
    return notices


def _record_at(table: CheckedTable) -> Callable[[int], object]:
    """The valid record of the row at a position, as the tuple of its values."""
    columns = list(table.values.values())
    return lambda position: tuple(column[position] for column in columns)


def _exact_repeats_notice(
    table: CheckedTable, keys: tuple[str, ...]
) -> tuple[list[str], set[int]]:
    """The notice of kept rows equal to an earlier row, and the positions of those rows."""
    keyed = [table.codes[k] for k in keys]
    repeats = exact_repeats(kept_positions(table), _record_at(table), keyed)
    if not repeats:
        return [], set()
    shown = [f"row {table.rows[p]} (as row {table.rows[e]})" for p, e in repeats[:SHOWN_ITEMS]]
    notice = (
        f"{table.label}: {len(repeats)} row(s) repeat an earlier row exactly: "
        f"{some(shown, total=len(repeats))}; they are kept, and change no result"
    )
    return [notice], {position for position, _ in repeats}


def _overlaps_notice(regimens: CheckedTable, repeated: set[int]) -> list[str]:
    """The notice of kept regimen rows overlapping an earlier row of the drug for the patient."""
    cells = regimens.cells
    kept = kept_positions(regimens)
    pairs = overlaps(
        kept[~np.isin(kept, list(repeated))] if repeated else kept,
        cells["patient_id"],
        cells["drug"],
        cells["start_date"],
        cells["stop_date"],
    )
    if not pairs:
        return []
    shown = [
        f"row {regimens.rows[p]} (patient {regimens.ids[p]}, {cells['drug'][p]}, overlaps "
        f"row {regimens.rows[e]})"
        for p, e in pairs[:SHOWN_ITEMS]
    ]
    return [
        f"{regimens.label}: {len(pairs)} row(s) overlap an earlier row of the same drug for the "
        f"same patient: {some(shown, total=len(pairs))}; they are kept, and the drug counts as "
        "taken on every day either row covers"
    ]
