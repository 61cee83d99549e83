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


# ---------------------------------------------------------------------------
# Rank tests: paired_wilcoxon, mann_whitney
# ---------------------------------------------------------------------------
# Values lie on a dyadic grid (multiples of 1/4, or of 1/2 for tie-heavy data)
# so that sums, differences and shifts by a constant are exact in floating
# point: adding a constant to both samples then leaves every tie in place.
ALTERNATIVE_VALUES = ("two-sided", "less", "greater")

alternatives = st.sampled_from(ALTERNATIVE_VALUES)
zero_methods = st.sampled_from(("wilcox", "pratt"))
rank_methods = st.sampled_from(("exact", "asymptotic"))
grid_shifts = st.integers(-400, 400).map(lambda k: k / 4)


@st.composite
def grid_sample(draw: st.DrawFn, min_size: int, max_size: int) -> np.ndarray:
    """A sample on a grid: step 1/2 over a narrow range (many ties) or 1/4 over a wide one."""
    size = draw(st.integers(min_size, max_size))
    tie_heavy = draw(st.booleans())
    step, top = (0.5, 12) if tie_heavy else (0.25, 2000)
    values = draw(st.lists(st.integers(-top, top), min_size=size, max_size=size))
    return np.array(values, dtype=np.float64) * step


@st.composite
def paired_samples(
    draw: st.DrawFn, min_size: int = 1, max_size: int = 25
) -> tuple[np.ndarray, np.ndarray]:
    """Equal-length ``(x, y)`` with at least one non-zero difference."""
    y = draw(grid_sample(min_size, max_size))
    d = draw(grid_sample(y.size, y.size))
    if not np.any(d != 0):
        d[0] = 0.5
    return y + d, y


@st.composite
def two_samples(
    draw: st.DrawFn, min_size: int = 1, max_size: int = 15
) -> tuple[np.ndarray, np.ndarray]:
    """Independent ``(x, y)``, each non-empty."""
    return draw(grid_sample(min_size, max_size)), draw(grid_sample(min_size, max_size))


@st.composite
def tie_patterns(draw: st.DrawFn, min_size: int = 1, max_size: int = 10) -> np.ndarray:
    """Values with a random tie pattern (small integers), whose mid-ranks are test scores."""
    values = draw(st.lists(st.integers(0, 6), min_size=min_size, max_size=max_size))
    return np.array(values, dtype=np.float64)


# ---------------------------------------------------------------------------
# end of rank tests
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Time-to-event statistics: kaplan_meier, logrank, cox, cumulative_incidence
# ---------------------------------------------------------------------------
# Times on a coarse grid so that events and censorings tie often.


@st.composite
def censored_samples(
    draw: st.DrawFn, min_size: int = 1, max_size: int = 40
) -> tuple[np.ndarray, np.ndarray]:
    """``(time, event)``: times on a grid of halves (many ties), events 0/1."""
    size = draw(st.integers(min_size, max_size))
    top = draw(st.sampled_from((3, 10, 60)))
    time = draw(st.lists(st.integers(0, top), min_size=size, max_size=size))
    event = draw(st.lists(st.integers(0, 1), min_size=size, max_size=size))
    return np.array(time, dtype=np.float64) / 2.0, np.array(event, dtype=np.int64)


@st.composite
def grouped_censored_samples(
    draw: st.DrawFn, min_size: int = 4, max_size: int = 14, n_groups: int = 2
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(time, event, group)``: every group present, two of them at risk at an event time."""
    time, event = draw(censored_samples(min_size, max_size))
    size = time.size
    group = np.array(
        draw(st.lists(st.integers(0, n_groups - 1), min_size=size, max_size=size)),
        dtype=np.int64,
    )
    assume(np.unique(group).size == n_groups and event.sum() > 0)
    first_event = time[event == 1].min()
    at_risk = [time[group == k].max() >= first_event for k in range(n_groups)]
    assume(sum(at_risk) >= 2)
    return time, event, group


@st.composite
def competing_risk_samples(
    draw: st.DrawFn, min_size: int = 1, max_size: int = 40
) -> tuple[np.ndarray, np.ndarray]:
    """``(time, status)``: 0 censored, two or three event types, at least one event."""
    time, _ = draw(censored_samples(min_size, max_size))
    top = draw(st.sampled_from((2, 3)))
    status = np.array(
        draw(st.lists(st.integers(0, top), min_size=time.size, max_size=time.size)),
        dtype=np.int64,
    )
    assume(bool((status > 0).any()))
    return time, status


# ---------------------------------------------------------------------------
# end of time-to-event statistics
# ---------------------------------------------------------------------------
