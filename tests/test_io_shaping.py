"""Shaping a table keeps each row's number in the file, in memory that does not grow with it."""

from __future__ import annotations

import pandas as pd

from myopathy_outcomes.io.shaping import Shaped, shape_table
from myopathy_outcomes.io.specs import TABLES
from tests._cohort_files import HEADERS, VISITS


def shaped_visits(lines: tuple[str, ...]) -> Shaped:
    """The visits table holding the CSV ``lines``, shaped."""
    spec = next(spec for spec in TABLES if spec.name == "visits")
    frame = pd.DataFrame(
        [line.split(",") if line else [""] * 7 for line in lines],
        columns=HEADERS["visits"].split(","),
        dtype=object,
    )
    labels = {spec.name: spec.file_name for spec in TABLES}
    shaped = shape_table(frame, spec, labels, misfits={})
    assert isinstance(shaped, Shaped)
    return shaped


def test_row_numbers_without_skipped_rows_are_a_range_from_two() -> None:
    """With no empty row, the row numbers are a range (not a list of ints) from row 2."""
    shaped = shaped_visits(VISITS)
    assert shaped.rows == range(2, 2 + len(VISITS))


def test_row_numbers_pass_over_a_skipped_empty_row() -> None:
    """An empty row skipped keeps its number out of the rows that follow it."""
    shaped = shaped_visits((VISITS[0], "", *VISITS[1:]))
    assert list(shaped.rows) == [2, *range(4, 3 + len(VISITS))]
