"""Time :func:`myopathy_outcomes.io.load_cohort` on a registry-sized synthetic cohort.

Writes 10^5 patients x 10 visits x 3 regimens into a temporary folder, loads
it, and prints rows per second, peak memory, and the ratio against the
baseline: plain ``pandas.read_csv`` of the same three files (no validation,
no model objects). Run with ``python benchmarks/bench_loading.py [patients]``.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from myopathy_outcomes.io import load_cohort

FILES = ("patients.csv", "visits.csv", "regimens.csv")
DRUGS = np.array(["MMF", "Neoral", "prograf", "prednisolone", "AZA", "MTX", "cellcept"])


def write_registry(folder: Path, n_patients: int, seed: int = 20240501) -> int:
    """Write a valid synthetic registry into ``folder``; return the number of data rows."""
    rng = np.random.default_rng(seed)
    ids = np.char.add("P", np.arange(n_patients).astype(str))
    birth = pd.Timestamp("1940-01-01") + pd.to_timedelta(rng.integers(0, 20_000, n_patients), "D")
    patients = pd.DataFrame(
        {
            "patient_id": ids,
            "sex": rng.choice(["F", "M"], n_patients),
            "birth_date": birth.strftime("%Y-%m-%d"),
            "diagnosis": rng.choice(["PM", "DM", "ASS", "IMNM", "CADM"], n_patients),
            "ild": rng.choice(["yes", "no"], n_patients),
            "death_date": "",
        }
    )
    n_visits = n_patients * 10
    start = pd.Timestamp("2010-01-01") + pd.to_timedelta(rng.integers(0, 3000, n_patients), "D")
    days = (
        np.repeat(start.to_numpy(), 10)
        + pd.to_timedelta(np.tile(np.arange(10) * 90, n_patients), "D").to_numpy()
    )
    visits = pd.DataFrame(
        {
            "patient_id": np.repeat(ids, 10),
            "date": pd.DatetimeIndex(days).strftime("%Y-%m-%d"),
            "ck": rng.integers(20, 5000, n_visits),
            "fvc_pct": np.round(rng.uniform(40, 120, n_visits), 1),
            "dlco_pct": np.round(rng.uniform(30, 110, n_visits), 1),
            "psl_mg": rng.choice([0, 5, 10, 20, 40, 60], n_visits),
            "hrct_score": np.where(rng.random(n_visits) < 0.7, "", "12.5"),
        }
    )
    n_regimens = n_patients * 3
    regimens = pd.DataFrame(
        {
            "patient_id": np.repeat(ids, 3),
            "drug": rng.choice(DRUGS, n_regimens),
            "start_date": np.repeat(start.strftime("%Y-%m-%d"), 3),
            "stop_date": "",
            "dose": rng.choice([1, 2, 100, 150], n_regimens),
            "dose_unit": "mg/day",
        }
    )
    for name, frame in zip(FILES, (patients, visits, regimens), strict=True):
        frame.to_csv(folder / name, index=False)
    return n_patients + n_visits + n_regimens


def measure(task: Callable[[], object]) -> tuple[float, float]:
    """Wall time in seconds and peak traced memory in MiB of one run of ``task``."""
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    result = task()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    del result
    return elapsed, peak


def time_only(task: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time over ``repeat`` runs, without tracing (tracing slows Python code)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        task()
        best = min(best, time.perf_counter() - started)
    return best


def main(n_patients: int = 100_000) -> None:
    """Generate, load and report."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = write_registry(folder, n_patients)

        def baseline() -> object:
            return [pd.read_csv(folder / name) for name in FILES]

        def loader() -> object:
            return load_cohort(folder)

        base_time = time_only(baseline)
        load_time = time_only(loader, repeat=1)
        _, base_peak = measure(baseline)
        _, load_peak = measure(loader)

    print(f"rows: {rows:,} ({n_patients:,} patients, x10 visits, x3 regimens)")
    print(
        f"baseline pandas.read_csv: {base_time:6.2f} s  {rows / base_time:12,.0f} rows/s  "
        f"peak {base_peak:8.1f} MiB"
    )
    print(
        f"load_cohort:              {load_time:6.2f} s  {rows / load_time:12,.0f} rows/s  "
        f"peak {load_peak:8.1f} MiB"
    )
    print(
        f"ratio load_cohort / read_csv: time x{load_time / base_time:.1f}, "
        f"peak memory x{load_peak / base_peak:.1f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
