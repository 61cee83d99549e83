"""Tests of the plain-text and markdown table renderer."""

from __future__ import annotations

from myopathy_outcomes.report.layouts import _join_padded
from myopathy_outcomes.report.table import Table


def test_last_column_is_never_padded() -> None:
    """A row is not padded out to the longest last cell (memory grew with its square)."""
    assert _join_padded(("1", "short"), (2, 10_000)) == "1   short"


def test_text_pads_inner_columns_to_align() -> None:
    """Inner columns are padded so that the last column starts at one offset."""
    table = Table("T", ("a", "b", "c"), (("1", "xyz", "end"), ("22", "q", "end")))
    rows = table.to_text().splitlines()[-2:]
    assert [row.index("end") for row in rows] == [9, 9]
