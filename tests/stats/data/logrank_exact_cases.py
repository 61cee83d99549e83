"""Write logrank_exact_cases.csv: the samples of the exact log-rank reference and benchmark.

Run ``python tests/stats/data/logrank_exact_cases.py`` from the repository root.
``tied_N_N``: ``N`` + ``N`` patients, exponential times (mean 20 and 30
months), administrative censoring uniform in 24 to 60 months, rounded to whole
months (at least 1). ``distinct_N``: ``N`` distinct times split alternately,
about a third censored. ``logrank_exact.R`` adds coin's ``ocarcinoma`` and
computes the reference p-values.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

SEED = 20261207
TIED = (5, 8, 10, 12, 15, 20, 50, 100)
DISTINCT = (20, 28, 35, 50)


def tied(n: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` + ``n`` whole-month times with administrative censoring."""
    rng = np.random.default_rng([seed, n])
    scale = np.repeat([20.0, 30.0], n)
    event_time = rng.exponential(scale)
    censor_time = rng.uniform(24.0, 60.0, 2 * n)
    time = np.maximum(np.round(np.minimum(event_time, censor_time)), 1.0)
    return time, (event_time <= censor_time).astype(np.int64), np.repeat([0, 1], n)


def distinct(n: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` distinct times, about a third censored, groups alternating."""
    rng = np.random.default_rng([seed, 1000 + n])
    time = rng.permutation(n).astype(np.float64) + 1.0
    event = (rng.random(n) > 1 / 3).astype(np.int64)
    return time, event, np.arange(n) % 2


def main() -> None:
    path = Path(__file__).with_name("logrank_exact_cases.csv")
    cases = [(f"tied_{n}_{n}", *tied(n)) for n in TIED]
    cases += [(f"distinct_{n}", *distinct(n)) for n in DISTINCT]
    with path.open("w", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["id", "time", "event", "group"])
        for name, time, event, group in cases:
            out.writerow(
                [name, *(" ".join(f"{v:g}" for v in col) for col in (time, event, group))]
            )


if __name__ == "__main__":
    main()
