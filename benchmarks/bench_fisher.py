"""Per-call time of ``fisher_exact`` against ``scipy.stats.fisher_exact`` on clinical tables.

Run: ``python benchmarks/bench_fisher.py`` (``--large``: the tables beyond
the former budgets, next to R's times, see :func:`large_tables`). Prints, per table, the median
time of one call for each implementation, the ratio (scipy time / our time:
above 1 means ours is faster) and both p-values.

For 2 x 2 tables both are exact (scipy reports the sample odds ratio; ours
also computes R's conditional MLE and its exact interval, which is most of
its time). For larger tables scipy's default (``method=None``) is a Monte
Carlo test with 9999 random tables (``scipy.stats.MonteCarloMethod``), so
its p-value is an estimate that changes from call to call; ours is exact and
equals R's ``fisher.test``. Timed here with scipy's default, as a user would
call it.
"""

from __future__ import annotations

import csv
import math
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy
from scipy.stats import fisher_exact as scipy_fisher_exact

from myopathy_outcomes.stats.fisher import fisher_exact

TABLES: dict[str, list[list[int]]] = {
    "2x2 (total 27)": [[10, 3], [2, 12]],
    "2x2 (total 200)": [[60, 40], [35, 65]],
    "2x3 (total 120)": [[25, 20, 15], [10, 20, 30]],
    "2x5 (total 200, p ~ 0.2)": [[25, 22, 20, 18, 15], [15, 18, 20, 22, 25]],
    "2x5 (total 200, p ~ 4e-4)": [[30, 20, 20, 20, 10], [10, 20, 20, 20, 30]],
    "3x3 (total 196)": [[30, 25, 29], [27, 12, 30], [13, 3, 27]],
    "3x4 (total 118)": [[10, 13, 25, 1], [11, 13, 5, 8], [2, 5, 5, 20]],
    "3x4 (total 145)": [[12, 7, 21, 11], [11, 8, 14, 21], [7, 5, 7, 21]],
}


def per_call_seconds(call: Callable[[], object], budget: float = 0.5) -> float:
    """Median wall-clock time of one call, from repeated runs within about ``budget`` s."""
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    repeats = max(3, min(200, int(budget / max(first, 1e-6))))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the comparison table."""
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    print("scipy R x C: default MonteCarloMethod (9999 resamples); ours: exact network")
    header = (
        f"{'table':28s} {'ours':>10s} {'scipy':>10s} {'scipy/ours':>10s}  p (ours)   p (scipy)"
    )
    print(header)
    print("-" * len(header))
    for name, table in TABLES.items():
        ours = per_call_seconds(lambda t=table: fisher_exact(t))  # type: ignore[misc]
        theirs = per_call_seconds(lambda t=table: scipy_fisher_exact(t))  # type: ignore[misc]
        p_ours = fisher_exact(table).pvalue
        p_scipy = float(scipy_fisher_exact(table).pvalue)
        print(
            f"{name:28s} {ours * 1e3:8.2f}ms {theirs * 1e3:8.2f}ms {theirs / ours:10.2f}  "
            f"{p_ours:.4g}  {p_scipy:.4g}"
        )


def large_tables() -> None:
    """Tables beyond the former budgets (issue 24): time and p-value next to R's.

    Reads ``tests/stats/data/fisher_large.csv`` (``fisher_large.R``: R's
    p-values, 2 x 2 estimate and interval, and R's time on this machine) and
    computes each table with ``budget_seconds=math.inf``: one run each, so
    expect minutes for the 4 x 4 table with a total of 213.
    """
    path = Path(__file__).parents[1] / "tests" / "stats" / "data" / "fisher_large.csv"
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        table = np.array(row["table"].split(), dtype=np.int64).reshape(int(row["nrow"]), -1)
        start = time.perf_counter()
        res = fisher_exact(table, budget_seconds=math.inf)
        seconds = time.perf_counter() - start
        shape = "x".join(map(str, table.shape))
        r_seconds = float(row["r_seconds"])
        print(
            f"{shape} total {int(table.sum()):8d}: {seconds:8.2f} s (R {r_seconds:6.2f} s)"
            f"  p = {res.pvalue:.12g} (R {float(row['pvalue']):.12g})"
        )


if __name__ == "__main__":
    import sys

    if "--large" in sys.argv:  # python benchmarks/bench_fisher.py --large
        large_tables()
    else:
        main()
