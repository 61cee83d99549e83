"""Time the exact log-rank test next to coin on the reference samples, in one run.

Run with ``python benchmarks/bench_logrank.py`` from the repository root. The
samples are those of ``tests/stats/data/logrank_exact_cases.csv`` (whole-month
``N`` + ``N`` samples with administrative censoring, and distinct-time samples,
written by ``logrank_exact_cases.py``) and coin's ``ocarcinoma``. With
``--with-r`` it first reruns ``tests/stats/data/logrank_exact.R`` (R 4.2.2,
coin 1.4-2), so coin's times come from the same run; otherwise the committed
ones are shown. Each line gives the best of three runs of
``logrank(..., method="exact", budget_seconds=BUDGET)``, or the time a refusal
took and the run time it estimated. Timings on a shared machine are noisy.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from myopathy_outcomes.stats import ExactBudgetError, logrank

DATA = Path(__file__).resolve().parent.parent / "tests" / "stats" / "data"
BUDGET = 60.0


def run(row: dict[str, str]) -> tuple[float, str]:
    """Best of three exact runs (one if it refuses), and the p-value or the refusal."""
    data = [np.array(row[key].split(), dtype=np.float64) for key in ("time", "event", "group")]
    best, shown = float("inf"), ""
    for _ in range(3):
        start = time.perf_counter()
        try:
            shown = f"{logrank(*data, method='exact', budget_seconds=BUDGET).pvalue:.12g}"
        except ExactBudgetError as error:
            shown = "refused: " + str(error).split(" here")[0].split("would take ")[-1]
            return time.perf_counter() - start, shown
        best = min(best, time.perf_counter() - start)
    return best, shown


def main() -> None:
    if "--with-r" in sys.argv:
        subprocess.run(["Rscript", str(DATA / "logrank_exact.R")], check=True)
    with (DATA / "logrank_exact.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"{'sample':>14} {'N':>4} {'ours s':>8} {'coin s':>8}  {'ours p':<40} coin p")
    for row in rows:
        seconds, shown = run(row)
        n = len(row["time"].split())
        coin_s = row["coin_seconds"] if row["coin_seconds"] != "NA" else ">60"
        print(
            f"{row['id']:>14} {n:>4} {seconds:>8.3f} {coin_s:>8}  {shown:<40} "
            f"{row['coin_p_exact']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
