"""Time the exact log-rank test against group sizes (and the asymptotic one beside it).

Run with ``python benchmarks/bench_logrank.py``. Each size draws survival times
with ties (whole months) and about 30% censoring from a fixed seed, then
times ``mo.stats.logrank(..., method="exact")``: the exact conditional
p-value of coin's ``logrank_test(distribution = "exact")``. Sizes beyond the
work budget raise ``ExactBudgetError``; the table says so instead of a time.
"""

from __future__ import annotations

import time

import numpy as np

from myopathy_outcomes.stats import ExactBudgetError, logrank

SIZES = ((5, 5), (10, 10), (15, 15), (20, 20), (25, 25), (30, 30), (40, 40), (50, 50), (10, 90))


def sample(n_x: int, n_y: int, seed: int = 20261202) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whole-month times (ties), 30% censored, group 0 then group 1."""
    rng = np.random.default_rng(seed)
    n = n_x + n_y
    time_ = np.ceil(rng.exponential(24.0, n))
    event = (rng.random(n) > 0.3).astype(int)
    group = np.repeat([0, 1], [n_x, n_y])
    return time_, event, group


def best_of(repeats: int, data: tuple[np.ndarray, np.ndarray, np.ndarray], method: str) -> float:
    """The fastest of ``repeats`` runs of the log-rank test on ``data``, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        logrank(*data, method=method)  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"{'sizes':>9}  {'exact s':>9}  {'asymptotic s':>12}  {'ratio':>7}  exact p")
    for n_x, n_y in SIZES:
        data = sample(n_x, n_y)
        asymptotic = best_of(5, data, "asymptotic")
        try:
            exact = best_of(3, data, "exact")
            p = logrank(*data, method="exact").pvalue
            print(
                f"{n_x:>4}+{n_y:<4}  {exact:>9.4f}  {asymptotic:>12.5f}  "
                f"{exact / asymptotic:>7.0f}  {p:.6g}"
            )
        except ExactBudgetError:
            budget = f"{'budget':>9}  {asymptotic:>12.5f}  {'-':>7}  (use asymptotic)"
            print(f"{n_x:>4}+{n_y:<4}  {budget}")


if __name__ == "__main__":
    main()
