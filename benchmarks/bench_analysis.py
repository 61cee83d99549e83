"""Time :func:`myopathy_outcomes.analyze` on registry-sized cohorts.

Builds cohorts of 10^3, 10^4 and 10^5 eligible patients (10 visits and 4
regimens each; half with a calcineurin inhibitor), validates them with
:func:`myopathy_outcomes.cohort_from_frames`, and prints the time of
``analyze`` per patient beside the named baseline: loading the same cohort
from DataFrames. Run ``python benchmarks/bench_analysis.py [max_patients]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import numpy as np
import pandas as pd

import myopathy_outcomes as mo

T = TypeVar("T")
VISITS = 10
VISIT_EVERY_DAYS = 90


def registry_frames(n: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Patients, visits and regimens of ``n`` eligible patients, as the loader takes them."""
    rng = np.random.default_rng(seed)
    ids = np.char.add("R", np.arange(n).astype(str))
    index = pd.Timestamp("2010-01-01") + pd.to_timedelta(rng.integers(0, 3000, n), "D")
    birth = index - pd.to_timedelta(rng.integers(25 * 365, 80 * 365, n), "D")
    patients = pd.DataFrame(
        {
            "patient_id": ids,
            "sex": rng.choice(["F", "M"], n),
            "birth_date": birth.strftime("%Y-%m-%d"),
            "diagnosis": rng.choice(["PM", "DM", "ASS", "IMNM", "CADM"], n),
            "ild": rng.choice(["yes", "no"], n),
            "death_date": "",
        }
    )
    offsets = np.tile(np.arange(VISITS) * VISIT_EVERY_DAYS - 5, n)
    visit_days = np.repeat(index.to_numpy(), VISITS) + pd.to_timedelta(offsets, "D").to_numpy()
    size = n * VISITS
    visits = pd.DataFrame(
        {
            "patient_id": np.repeat(ids, VISITS),
            "date": pd.DatetimeIndex(visit_days).strftime("%Y-%m-%d"),
            "ck": rng.integers(20, 5000, size),
            "fvc_pct": np.round(rng.uniform(40, 120, size), 1),
            "dlco_pct": np.round(rng.uniform(30, 110, size), 1),
            "psl_mg": 2.5 * rng.integers(0, 17, size),
            "hrct_score": rng.integers(0, 60, size),
        }
    )
    day = pd.to_timedelta

    def on(offset: int) -> pd.Index:
        return (index + day(offset, "D")).strftime("%Y-%m-%d")

    with_cni = rng.random(n) < 0.5
    parts = [
        pd.DataFrame({"patient_id": ids, "drug": "PSL", "start_date": on(-200)}),
        pd.DataFrame({"patient_id": ids, "drug": "AZA", "start_date": on(-100)}),
        pd.DataFrame({"patient_id": ids, "drug": "MMF", "start_date": on(0)}),
        pd.DataFrame({"patient_id": ids, "drug": "tacrolimus", "start_date": on(10)})[with_cni],
    ]
    regimens = pd.concat(parts, ignore_index=True).assign(stop_date="", dose="", dose_unit="")
    return patients, visits, regimens


def _timed(task: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = task()
    return result, time.perf_counter() - started


def main(max_patients: int = 100_000) -> None:
    """Print load and analysis times for growing cohorts."""
    print(
        f"{'patients':>9} {'load s':>8} {'analyze s':>10} {'us/patient':>11} {'analyze/load':>13}"
    )
    n = 1_000
    while n <= max_patients:
        frames = registry_frames(n)
        cohort, load = _timed(partial(mo.cohort_from_frames, *frames))
        _, analysis = _timed(partial(mo.analyze, cohort))
        per_patient = 1e6 * analysis / n
        print(
            f"{n:>9,} {load:>8.2f} {analysis:>10.2f} {per_patient:>11.0f} {analysis / load:>13.2f}"
        )
        n *= 10


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
