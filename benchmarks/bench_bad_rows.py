"""Time and memory of loading a registry flooded with invalid visit rows, in both error modes.

Usage: ``python benchmarks/bench_bad_rows.py [N_PATIENTS [N_BAD_VISITS]] [--command]``
(default 100000 patients, 200000 invalid visit rows).

The registry comes from ``registry/registry_gen.py`` (about 20 visits a patient); then
``N_BAD_VISITS`` visit rows, drawn with a fixed seed, are broken in four ways in turn: a
negative CK, a %FVC of 850, a prednisolone dose written ``high`` and a date that is no
calendar date. Each mode runs :func:`myopathy_outcomes.io.load_cohort` in a child process
of its own, which prints its wall time and peak memory (its maximum resident set size);
raise mode also gives the size of the error's message and the number of problems it holds,
exclude mode the number of rows excluded. With ``--command`` the whole command
(``myopathy-outcomes FOLDER --on-error MODE``: loading, analysis and the text report on
stdout) is run too, in each mode, with its exit status and the bytes it printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
SEED = 19

_CHILD = """
import json, resource, sys, time
from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.io import load_cohort

folder, mode = sys.argv[1], sys.argv[2]
start = time.perf_counter()
found = {}
try:
    cohort = load_cohort(folder, on_error=mode)
    found["excluded"] = len(cohort.excluded)
    found["visits kept"] = len(cohort.visits)
except CohortDataError as error:
    found["problems"] = len(error.problems)
    found["message bytes"] = len(str(error).encode())
    found["message lines"] = str(error).count("\\n") + 1
found["wall s"] = round(time.perf_counter() - start, 2)
found["peak GiB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 3)
print(json.dumps(found))
"""

_COMMAND_CHILD = """
import contextlib, io, json, resource, sys, time
from myopathy_outcomes.cli import main

folder, mode = sys.argv[1], sys.argv[2]
out, err = io.StringIO(), io.StringIO()
start = time.perf_counter()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    status = main([folder, "--on-error", mode])
found = {"exit": status, "stdout bytes": len(out.getvalue().encode()),
         "stderr lines": len(err.getvalue().splitlines())}
found["wall s"] = round(time.perf_counter() - start, 2)
found["peak GiB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 3)
print(json.dumps(found))
"""

_BREAKS = (  # column, bad value
    ("ck", "-3"),
    ("fvc_pct", "850"),
    ("psl_mg", "high"),
    ("date", "2015-13-45"),
)


def make_flood(folder: Path, n_patients: int, n_bad: int) -> None:
    """A registry of ``n_patients`` in ``folder`` with ``n_bad`` visit rows broken."""
    subprocess.run(
        [sys.executable, str(HERE / "registry" / "registry_gen.py"), str(n_patients), str(folder)],
        check=True,
        capture_output=True,
    )
    visits = pd.read_csv(folder / "visits.csv", dtype=str, keep_default_na=False)
    if n_bad > len(visits):
        raise SystemExit(f"only {len(visits)} visit rows; ask for fewer invalid ones")
    rows = np.random.default_rng(SEED).choice(len(visits), n_bad, replace=False)
    for index, (column, value) in enumerate(_BREAKS):
        visits.loc[visits.index[rows[index :: len(_BREAKS)]], column] = value
    visits.to_csv(folder / "visits.csv", index=False)


def run(folder: Path, mode: str, child: str = _CHILD) -> dict[str, object]:
    """Run ``child`` (loading, or the command) on ``folder`` in ``mode``; what it measured."""
    done = subprocess.run(
        [sys.executable, "-c", child, str(folder), mode],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{mode} mode failed:\n{done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(n_patients: int, n_bad: int, *, command: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "flood"
        make_flood(folder, n_patients, n_bad)
        print(f"{n_patients} patients, {n_bad} invalid visit rows")
        runs = [("load", _CHILD)] + ([("command", _COMMAND_CHILD)] if command else [])
        for what, child in runs:
            for mode in ("raise", "exclude"):
                found = run(folder, mode, child)
                shown = ", ".join(f"{key} {value}" for key, value in found.items())
                print(f"{what:>8} {mode:>8}: {shown}")


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--command"]
    given = [int(argument) for argument in arguments[:2]]
    defaults = [100_000, 200_000]
    main(*given, *defaults[len(given) :], command="--command" in sys.argv[1:])
