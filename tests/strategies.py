"""Hypothesis strategies shared by the test suite, one section per family of tests."""

from __future__ import annotations

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

# ---------------------------------------------------------------------------
# Contingency tables (Fisher's exact and chi-square tests)
# ---------------------------------------------------------------------------
# Tables of counts with no all-zero row or column, small enough for the exact
# R x C computation to take milliseconds.


@st.composite
def count_tables(
    draw: st.DrawFn,
    *,
    min_rows: int = 2,
    max_rows: int = 3,
    min_cols: int = 2,
    max_cols: int = 4,
    max_count: int = 12,
) -> np.ndarray:
    """A table of counts, ``min_rows..max_rows`` x ``min_cols..max_cols``, no empty margin."""
    nrow = draw(st.integers(min_rows, max_rows))
    ncol = draw(st.integers(min_cols, max_cols))
    cells = draw(st.lists(st.integers(0, max_count), min_size=nrow * ncol, max_size=nrow * ncol))
    table = np.array(cells, dtype=np.int64).reshape(nrow, ncol)
    assume((table.sum(axis=0) > 0).all() and (table.sum(axis=1) > 0).all())
    return table


def two_by_two_tables(max_count: int = 30) -> st.SearchStrategy[np.ndarray]:
    """A 2 x 2 table of counts with no empty row or column."""
    return count_tables(max_rows=2, max_cols=2, max_count=max_count)


# ---------------------------------------------------------------------------
# end of contingency tables
# ---------------------------------------------------------------------------
