"""The whole command on a registry as OMOP in DuckDB against the same registry's CSV files.

Usage: ``python benchmarks/omop/run.py [N_PATIENTS ...]`` (default 100000).

For each size the registry generator (``benchmarks/registry/registry_gen.py``) writes the
three CSV files; they are loaded once and written as an OMOP CDM 5.4 DuckDB file with
:func:`myopathy_outcomes.omop.write_omop` (not timed). Then ``myopathy-outcomes DATA_DIR``
and ``myopathy-outcomes omop CDM.duckdb`` each run in a child process of this one, in turn,
``--repeat`` times; the wall time of each run is printed, with the ratio of the medians and
the group counts of both (which must be equal). Run with ``PYTHONPATH=src`` from a clone.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
REGISTRY_GEN = HERE.parent / "registry" / "registry_gen.py"
GOAL = 1.5
"""The issue's goal: the OMOP command within 1.5 times the CSV command's time."""


def timed(command: list[str]) -> tuple[float, str]:
    """Wall seconds and stdout of ``command`` in a child process."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return wall, done.stdout


def counts(stdout: str) -> tuple[int, int]:
    """``(analysed, on MMF + CNI)`` from the report's attrition table."""
    analysed = re.search(r"^Patients analysed\s+(\d+)", stdout, re.M)
    cni = re.search(r"^\s+MMF \+ CNI\s+(\d+)", stdout, re.M)
    if analysed is None or cni is None:
        raise RuntimeError("the report has no attrition counts")
    return int(analysed[1]), int(cni[1])


def prepare(n: int, root: Path) -> tuple[Path, Path]:
    """The registry's CSV folder and its OMOP DuckDB file."""
    from myopathy_outcomes import load_cohort  # noqa: PLC0415 (after sys.path is set)
    from myopathy_outcomes.omop import write_omop  # noqa: PLC0415

    folder = root / "registry"
    subprocess.run(
        [sys.executable, str(REGISTRY_GEN), str(n), str(folder), "1"],
        check=True,
        capture_output=True,
    )
    cohort = load_cohort(folder, on_error="exclude")
    cdm = write_omop(cohort, root / "cdm.duckdb", format="duckdb")
    return folder, cdm


def main(sizes: list[int], repeat: int) -> None:
    command = [sys.executable, "-m", "myopathy_outcomes"]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder, cdm = prepare(n, Path(tmp))
            runs: dict[str, list[float]] = {"csv": [], "omop": []}
            groups = {}
            for _ in range(repeat):
                for name, args in (
                    ("csv", [str(folder), "--on-error", "exclude"]),
                    ("omop", ["omop", str(cdm), "--on-error", "exclude"]),
                ):
                    wall, out = timed([*command, *args])
                    runs[name].append(wall)
                    groups[name] = counts(out)
                    print(f"{n:>9}  {name:<5} {wall:8.2f} s  groups {groups[name]}", flush=True)
            csv_s, omop_s = statistics.median(runs["csv"]), statistics.median(runs["omop"])
            ratio = omop_s / csv_s
            print(
                f"{n:>9}  median csv {csv_s:.2f} s, omop {omop_s:.2f} s: ratio {ratio:.2f}x "
                f"(goal {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'}); groups "
                f"{'equal' if groups['csv'] == groups['omop'] else 'DIFFER'}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    main(args.sizes, args.repeat)
