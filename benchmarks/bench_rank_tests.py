"""Time the exact rank tests against their targets and against scipy.stats.

Run with ``python benchmarks/bench_rank_tests.py``; ``--scale [SIZES]``
times the asymptotic tests at 10^5, 10^6 and 10^7 values instead (see
:func:`scale`). Every call includes the
Hodges-Lehmann estimate and confidence interval. Prints the best of a few
repeats per call, the target, and the ratio to the scipy.stats baseline on
the same data (``scipy.stats.wilcoxon(x, y)`` takes its permutation path for
tied data of this size; ``scipy.stats.mannwhitneyu(x, y)`` its asymptotic
one for tied data, so that ratio compares exact with approximate).

The last section runs the asymptotic path at registry size (groups of 50,000
and 100,000 pairs), where the estimate and interval come from selection
without materialising the 2.5e9 differences or 5e9 Walsh averages; it also
prints the peak memory traced by ``tracemalloc`` during one call. The
registry-like section then times heavily tied data as a registry gives it:
CK changes rounded to whole U/L (about 8,000 distinct values in 70,000), %FVC
changes with one decimal in +-60 (about 1,000 in 60,000), a score with 12
values, and two samples of CK changes (20,000 + 70,000).
"""

from __future__ import annotations

import time
import tracemalloc
import warnings
from collections.abc import Callable
from functools import partial

import numpy as np
import scipy.stats
from numpy.typing import NDArray

from myopathy_outcomes.stats.rank_sum import mann_whitney
from myopathy_outcomes.stats.signed_rank import paired_wilcoxon

FloatArray = NDArray[np.float64]


def best_time(call: Callable[[], object], repeat: int = 5, budget: float = 2.0) -> float:
    """Best wall-clock seconds per call over ``repeat`` rounds (fewer if slow)."""
    times = []
    start = time.perf_counter()
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - start > budget:
            break
    return min(times)


def paired_ties(n: int, seed: int) -> tuple[FloatArray, FloatArray]:
    """Paired clinical-looking data on a 0.5 grid: many ties and some zero differences."""
    rng = np.random.default_rng(seed)
    y = 0.5 * rng.integers(0, 200, n).astype(np.float64)
    x = y + 0.5 * np.round(rng.normal(1.0, 3.0, n))
    return x, y


def two_sample_ties(n_x: int, n_y: int, seed: int) -> tuple[FloatArray, FloatArray]:
    """Two samples of small integers: heavy ties within and between samples."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 13, n_x).astype(np.float64) + 1.0
    return x, rng.integers(0, 13, n_y).astype(np.float64)


def ck_changes(n: int, seed: int, shift: float = 0.0) -> FloatArray:
    """CK changes in whole U/L, log-normal levels times a fall: ~8,000 distinct in 70,000."""
    rng = np.random.default_rng(seed)
    level = np.exp(rng.normal(8.0, 1.3, n))
    return np.round(level * (np.exp(-rng.uniform(0.0, 0.5, n)) - 1.0) + shift)


def fvc_changes(n: int, seed: int) -> FloatArray:
    """%FVC changes with one decimal within +-60 (about 1,000 distinct values in 60,000)."""
    rng = np.random.default_rng(seed)
    return np.round(np.clip(rng.normal(1.0, 15.0, n), -60.0, 60.0), 1)


def report(label: str, seconds: float, target: str, baseline: float | None) -> None:
    """Print one line: label, time, target, and the scipy time and ratio scipy / ours."""
    versus = ""
    if baseline is not None:
        versus = f"scipy {baseline * 1e3:10.3f} ms  ratio {baseline / seconds:8.3g}x"
    print(f"{label:<40} {seconds * 1e3:10.3f} ms  target {target:<10} {versus}")


def peak_memory(call: Callable[[], object]) -> int:
    """Peak bytes allocated (as traced by ``tracemalloc``) during one call."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def report_memory(label: str, seconds: float, target: str, peak: int) -> None:
    """Print one line as :func:`report` does, with the peak traced memory instead of scipy."""
    print(
        f"{label:<40} {seconds * 1e3:10.3f} ms  target {target:<10} peak {peak / 2**20:8.1f} MiB"
    )


def main() -> None:
    """Run every benchmark case and print the figures."""
    warnings.simplefilter("ignore")  # scipy warns about ties and zeros; only times matter here
    x, y = paired_ties(12, seed=1)
    ours = best_time(lambda: paired_wilcoxon(x, y, method="exact"), repeat=50)
    scipy_time = best_time(lambda: scipy.stats.wilcoxon(x, y), repeat=3)
    report("paired exact, n = 12, ties", ours, ">= 1000x", scipy_time)

    x, y = paired_ties(1000, seed=2)
    ours = best_time(lambda: paired_wilcoxon(x, y, method="exact"), repeat=3)
    scipy_time = best_time(lambda: scipy.stats.wilcoxon(x, y), repeat=3)
    report("paired exact, n = 1000, ties", ours, "< 1000 ms", scipy_time)  # scipy: normal

    x, y = two_sample_ties(50, 50, seed=3)
    ours = best_time(lambda: mann_whitney(x, y, method="exact"), repeat=10)
    scipy_time = best_time(lambda: scipy.stats.mannwhitneyu(x, y), repeat=10)
    report("two-sample exact, 50 + 50, ties", ours, "< 20 ms", scipy_time)

    x, y = two_sample_ties(200, 200, seed=4)  # within the default budget_seconds (issue 24)
    ours = best_time(lambda: mann_whitney(x, y, method="exact"), repeat=2, budget=8.0)
    scipy_time = best_time(lambda: scipy.stats.mannwhitneyu(x, y), repeat=10)
    report("two-sample exact, 200 + 200, ties", ours, "< 10000 ms", scipy_time)

    rng = np.random.default_rng(5)
    d = rng.normal(0.5, 1.0, 50)
    ours = best_time(lambda: paired_wilcoxon(d, method="exact"), repeat=200)
    scipy_time = best_time(lambda: scipy.stats.wilcoxon(d, method="exact"), repeat=50)
    report("paired exact, n = 50, no ties", ours, "< 1 ms", scipy_time)

    x, y = paired_ties(50, seed=6)
    ours = best_time(lambda: paired_wilcoxon(x, y, method="exact"), repeat=200)
    report("paired exact, n = 50, ties and zeros", ours, "< 1 ms", None)

    x, y = two_sample_ties(25, 25, seed=7)
    ours = best_time(lambda: mann_whitney(x, y, method="exact"), repeat=200)
    report("two-sample exact, 25 + 25, ties", ours, "", None)

    x, y = rng.normal(0.5, 1.0, 25), rng.normal(0.0, 1.0, 25)
    ours = best_time(lambda: mann_whitney(x, y, method="exact"), repeat=200)
    scipy_time = best_time(lambda: scipy.stats.mannwhitneyu(x, y, method="exact"), repeat=50)
    report("two-sample exact, 25 + 25, no ties", ours, "< 1 ms", scipy_time)

    print("\nmethod='auto' bounds: time per exact call with ties")
    for n in (100, 200, 300, 400, 600):
        x, y = paired_ties(n, seed=n)
        ours = best_time(partial(paired_wilcoxon, x, y, method="exact"), repeat=3)
        report(f"paired exact, n = {n}, ties", ours, "", None)
    for n in (50, 75, 100, 150):
        x, y = two_sample_ties(n, n, seed=n)
        ours = best_time(partial(mann_whitney, x, y, method="exact"), repeat=3)
        report(f"two-sample exact, {n} + {n}, ties", ours, "", None)

    print("\nat the edge of RANK_EXACT_BUDGET: time per exact call with ties (target < 4 s)")
    x, y = paired_ties(1356, seed=9)
    ours = best_time(partial(paired_wilcoxon, x, y, method="exact"), repeat=1)
    report("paired exact, n = 1356, ties", ours, "< 4000 ms", None)
    for n_x, n_y in ((100, 450), (50, 950), (10, 4990)):
        x, y = two_sample_ties(n_x, n_y, seed=n_y)
        ours = best_time(partial(mann_whitney, x, y, method="exact"), repeat=1)
        report(f"two-sample exact, {n_x} + {n_y}, ties", ours, "< 4000 ms", None)

    print("\nasymptotic path at registry size: time and peak traced memory (target < 1 GiB)")
    x, y = two_sample_ties(50_000, 50_000, seed=8)
    call: Callable[[], object] = partial(mann_whitney, x, y, method="asymptotic")
    ours = best_time(call, repeat=3, budget=6.0)
    report_memory("two-sample asym, 50000 + 50000, ties", ours, "< 2000 ms", peak_memory(call))
    rng = np.random.default_rng(9)
    x, y = rng.normal(0.1, 1.0, 50_000), rng.normal(0.0, 1.0, 50_000)
    call = partial(mann_whitney, x, y, method="asymptotic")
    ours = best_time(call, repeat=3, budget=6.0)
    report_memory("two-sample asym, 50000 + 50000, no ties", ours, "< 2000 ms", peak_memory(call))
    x, y = paired_ties(100_000, seed=10)
    call = partial(paired_wilcoxon, x, y, method="asymptotic")
    ours = best_time(call, repeat=3, budget=6.0)
    report_memory("paired asym, n = 100000, ties and zeros", ours, "< 2000 ms", peak_memory(call))
    d = np.round(rng.normal(0.05, 1.0, 100_000), 2)
    call = partial(paired_wilcoxon, d, method="asymptotic")
    ours = best_time(call, repeat=3, budget=6.0)
    report_memory("paired asym, n = 100000, 0.01 grid", ours, "< 2000 ms", peak_memory(call))

    print("\nregistry-like ties, asymptotic: time and peak traced memory")
    d = ck_changes(70_000, seed=11)
    call = partial(paired_wilcoxon, d, method="asymptotic")
    ours = best_time(call, repeat=3, budget=6.0)
    report_memory("paired asym, 70000 CK changes", ours, "", peak_memory(call))
    d = fvc_changes(60_000, seed=12)
    call = partial(paired_wilcoxon, d, method="asymptotic")
    ours = best_time(call, repeat=3, budget=6.0)
    report_memory("paired asym, 60000 %FVC changes", ours, "", peak_memory(call))
    d = np.random.default_rng(13).integers(-5, 7, 70_000).astype(np.float64)
    call = partial(paired_wilcoxon, d, method="asymptotic")
    ours = best_time(call, repeat=3, budget=6.0)
    report_memory("paired asym, 70000 of 12 values", ours, "", peak_memory(call))
    x, y = ck_changes(20_000, seed=14, shift=50.0), ck_changes(70_000, seed=15)
    call = partial(mann_whitney, x, y, method="asymptotic")
    ours = best_time(call, repeat=3, budget=6.0)
    report_memory("two-sample asym, CK 20000 + 70000", ours, "", peak_memory(call))


def scale(sizes: tuple[int, ...]) -> None:
    """Asymptotic tests at 10^5 .. 10^7 values, estimate and interval included (issue 24).

    For each size ``n``: ``mann_whitney`` of ``n/2 + n/2`` normal values and
    ``paired_wilcoxon`` of ``n`` pairs, one timed run each (the sizes are
    too large to repeat; times on a shared machine vary), the peak memory
    traced in a second run, and scipy's test alone (no estimate, no interval).
    """
    print("\nasymptotic tests at scale: one run each, then peak traced memory in a second run")
    for n in sizes:
        rng = np.random.default_rng(n)
        x, y = rng.normal(0.1, 1.0, n // 2), rng.normal(0.0, 1.0, n // 2)
        calls: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            (
                f"mann_whitney {n // 2} + {n // 2}",
                partial(mann_whitney, x, y, method="asymptotic"),
                partial(scipy.stats.mannwhitneyu, x, y, method="asymptotic"),
            )
        ]
        d1, d2 = rng.normal(0.1, 1.0, n), rng.normal(0.0, 1.0, n)
        calls.append(
            (
                f"paired_wilcoxon {n} pairs",
                partial(paired_wilcoxon, d1, d2, method="asymptotic"),
                partial(scipy.stats.wilcoxon, d1, d2, method="approx"),
            )
        )
        for label, ours, theirs in calls:
            seconds = best_time(ours, repeat=1)
            baseline = best_time(theirs, repeat=1)
            peak = peak_memory(ours)
            print(
                f"{label:40s} {seconds:9.2f} s  peak {peak / 2**20:8.0f} MiB  "
                f"scipy test alone {baseline:7.2f} s  ratio ours / scipy "
                f"{seconds / baseline:6.1f}"
            )


if __name__ == "__main__":
    import sys

    if "--scale" in sys.argv:
        # e.g. python benchmarks/bench_rank_tests.py --scale 100000 1000000 10000000
        scale(tuple(int(a) for a in sys.argv[2:]) or (10**5, 10**6, 10**7))
    else:
        main()
