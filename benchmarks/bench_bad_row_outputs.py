"""Time the whole command on a registry flooded with bad visit rows.

Usage: ``python benchmarks/bench_bad_row_outputs.py [PATIENTS] [BAD_ROWS] [--on-error MODE]``
(default 100000 patients, 200000 bad rows, ``exclude``).

Generates a registry with ``benchmarks/registry/registry_gen.py``, then spoils ``BAD_ROWS``
visit rows chosen with a fixed seed, in three kinds: a negative CK (half of them), a date
that is not a calendar date (a quarter) and a patient who is not in ``patients.csv`` (a
quarter). Runs ``myopathy-outcomes DATA --on-error MODE --output OUT/`` (this checkout's
``src``) in a child process and prints its wall time, peak memory (the child's maximum
resident set size), the bytes it wrote, its exit status and whether it printed a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
SOURCE = HERE.parent / "src"
SEED = 20260119

# Runs a command, then prints its children's peak RSS in KiB as JSON on stderr's last line.
_WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
figures = (usage.ru_maxrss, cpu, done.returncode)
sys.stderr.write("\\n" + '{"peak_kib": %d, "cpu": %.1f, "rc": %d}' % figures + "\\n")
"""


def spoil_visits(path: Path, bad_rows: int, seed: int = SEED) -> None:
    """Spoil ``bad_rows`` rows of ``visits.csv`` in place: bad CK, bad date, unknown patient."""
    visits = pd.read_csv(path, dtype=str, keep_default_na=False)
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(visits), size=min(bad_rows, len(visits)), replace=False)
    half, three_quarters = len(chosen) // 2, 3 * len(chosen) // 4
    visits.loc[chosen[:half], "ck"] = "-3"
    visits.loc[chosen[half:three_quarters], "date"] = "2021-02-30"
    unknown = chosen[three_quarters:]
    visits.loc[unknown, "patient_id"] = [f"X{k:07d}" for k in range(len(unknown))]
    visits.to_csv(path, index=False)


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(patients: int, bad_rows: int, on_error: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "registry", Path(tmp) / "out"
        subprocess.run(
            [sys.executable, str(HERE / "registry" / "registry_gen.py"), str(patients), str(data)],
            check=True,
            capture_output=True,
        )
        spoil_visits(data / "visits.csv", bad_rows)
        command = [sys.executable, "-m", "myopathy_outcomes", str(data), "--on-error", on_error]
        command += ["--output", f"{out}/"]
        environment = {**os.environ, "PYTHONPATH": str(SOURCE)}
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _WRAPPER, *command],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        )
        wall = time.perf_counter() - start
        lines = done.stderr.strip().splitlines()
        info = json.loads(lines[-1])
        written = folder_bytes(out) if out.exists() else 0
        print(f"{patients} patients, {bad_rows} bad visit rows, --on-error {on_error}")
        print(f"wall {wall:.1f} s, CPU {info['cpu']:.1f} s, ", end="")
        print(f"peak {info['peak_kib'] / 2**20:.2f} GiB, ", end="")
        print(f"wrote {written / 2**20:.1f} MiB, exit {info['rc']}, ", end="")
        print(f"stderr {len(done.stderr.encode()) / 2**10:.1f} KiB, ", end="")
        print("traceback" if "Traceback" in done.stderr else "no traceback")
        for line in lines[:-1][-4:]:
            print(f"  stderr: {line[:160]}")
        for line in done.stdout.splitlines()[-3:]:
            print(f"  stdout: {line[:160]}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    mode = "exclude"
    if "--on-error" in arguments:
        at = arguments.index("--on-error")
        mode = arguments[at + 1]
        del arguments[at : at + 2]
    numbers = [int(a) for a in arguments]
    main(*(numbers + [100_000, 200_000][len(numbers) :])[:2], mode)
