"""Loading cell values: number types, ranges, placeholders, dates, missing values, ids."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.io import cohort_from_frames
from myopathy_outcomes.rules.ild import IldProgressionRule
from tests.test_io import typed_frames

# --- number types in DataFrames -----------------------------------------------------------

FVC = [80.1, 72.09, 55.5, None]
"""An exactly 10% decline (80.1 to 72.09), then a value and a gap."""


def frames_with_fvc(column: pd.Series[object]) -> list[float | None]:
    """The %FVC values loaded from the typed frames with ``column`` as fvc_pct."""
    frames = typed_frames()
    frames.visits["fvc_pct"] = column
    return [visit.fvc_pct for visit in cohort_from_frames(*frames).visits]


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(FVC, dtype="float32"),
        pd.Series(FVC, dtype="Float32"),
        pd.Series([np.float32(v) if v is not None else None for v in FVC], dtype=object),
        pd.Series(FVC, dtype=np.longdouble),
        pd.Series([None if v is None else str(v) for v in FVC], dtype=object),
        pd.Series(FVC, dtype="float64"),
    ],
    ids=["float32", "Float32", "object-float32", "longdouble", "text", "float64"],
)
def test_float_types_read_as_the_decimals_shown(column: pd.Series[object]) -> None:
    """A float of any width is read as the decimal it shows: float32 72.09 is 72.09."""
    assert frames_with_fvc(column) == [80.1, 72.09, 55.5, None]


def test_float32_decline_of_exactly_ten_percent_is_not_progression() -> None:
    """80.1 to 72.09 given as float32 stays a decline of exactly 10%, not progression."""
    baseline, follow_up, *_ = frames_with_fvc(pd.Series(FVC, dtype="float32"))
    assert baseline is not None and follow_up is not None
    assert not IldProgressionRule().is_progression(baseline, follow_up)


def test_float16_is_read_as_its_shortest_decimal() -> None:
    """A float16 72.1 (stored as 72.125) is read as 72.1."""
    assert frames_with_fvc(pd.Series([72.1, 50.0, 60.0, np.nan], dtype="float16")) == [
        72.1,
        50.0,
        60.0,
        None,
    ]


def test_nullable_integers_are_read_with_their_gaps() -> None:
    """An Int64 column with pd.NA loads its integers and its gaps."""
    frames = typed_frames()
    frames.visits["ck"] = pd.array([1200, None, 5400, 150], dtype="Int64")
    assert [v.ck for v in cohort_from_frames(*frames).visits] == [1200.0, None, 5400.0, 150.0]


def test_float32_value_out_of_range_is_shown_as_its_decimal() -> None:
    """A float32 value out of range is quoted as the decimal it shows."""
    frames = typed_frames()
    frames.visits["fvc_pct"] = pd.Series([250.3, 70.0, 70.0, 70.0], dtype="float32")
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert [str(p) for p in raised.value.problems] == [
        "visits table row 2 (patient P01): fvc_pct must be > 0 and <= 200, got 250.3"
    ]


def test_complex_numbers_are_refused() -> None:
    """A complex column is an error on each row, not read as its real part."""
    frames = typed_frames()
    frames.visits["ck"] = np.array([1 + 0j, 2, 3, 4], dtype=complex)
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert str(raised.value.problems[0]) == (
        "visits table row 2 (patient P01): ck must be a number, got (1+0j)"
    )
