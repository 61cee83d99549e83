"""Run the hand-written pandas baseline and the whole command on the same registries.

Usage: ``python benchmarks/registry/run.py [--design FILE.toml] [--data DIR] [N_PATIENTS ...]``
(default 1000 10000 100000). With ``--design`` the command runs that design (``new_users.toml``:
a head-to-head, new-user, as-treated design) against the same baseline of the seed study, and
the group counts are not compared. With ``--data`` each registry is kept in ``DIR/N`` and
reused by later runs (generating 10^6 patients takes minutes); without it, each is generated
into a temporary folder.

Each run is a child process of this one; its wall time is measured here and its peak memory is
the child's maximum resident set size (``resource.getrusage``), read through a small wrapper so
that every child is measured alone. Prints one line per program and size, then the ratios and
the machine's load averages (1, 5 and 15 minutes) before each size's runs and after them: the
ratios compare runs made under the same load, the times only runs of one load.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent

# Runs a command, then prints its own children's peak RSS in KiB as JSON on stderr's last line.
_WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write("\\n" + '{"peak_kib": %d, "rc": %d}' % (peak, done.returncode) + "\\n")
"""


def measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak GiB and stdout of ``command`` run alone in a child process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    info = json.loads(done.stderr.strip().splitlines()[-1])
    if info["rc"] != 0:
        raise RuntimeError(f"{command[0]} failed ({info['rc']}):\n{done.stderr[-2000:]}")
    return wall, info["peak_kib"] / 2**20, done.stdout


def baseline_counts(stdout: str) -> tuple[int, int]:
    """``(analysed, on MMF + CNI)`` from the baseline's one line."""
    match = re.search(r"(\d+) analysed \((\d+) MMF \+ CNI\)", stdout)
    if match is None:
        raise RuntimeError(f"unexpected baseline output: {stdout!r}")
    return int(match[1]), int(match[2])


def command_counts(stdout: str) -> tuple[int, int]:
    """``(analysed, on MMF + CNI)`` from the report's attrition table."""
    analysed = re.search(r"^Patients analysed\s+(\d+)", stdout, re.M)
    cni = re.search(r"^\s+MMF \+ CNI\s+(\d+)", stdout, re.M)
    if analysed is None or cni is None:
        raise RuntimeError("the report has no attrition counts")
    return int(analysed[1]), int(cni[1])


def load() -> str:
    """The machine's load averages over 1, 5 and 15 minutes, as ``uptime`` prints them."""
    return ", ".join(f"{average:.2f}" for average in os.getloadavg())


def registry(n: int, root: Path) -> Path:
    """The registry of ``n`` patients under ``root``, generated unless a finished one is there."""
    folder = root / str(n)
    if not (folder / "visits.csv").exists():  # the generator writes visits.csv last
        subprocess.run(
            [sys.executable, str(HERE / "registry_gen.py"), str(n), str(folder), "1"],
            check=True,
            capture_output=True,
        )
    return folder


def main(sizes: list[int], design: str | None = None, data: Path | None = None) -> None:
    head = f"{'patients':>9}  {'program':<18} {'wall s':>8} {'peak GiB':>9}"
    print(head + "  groups (analysed, CNI)", flush=True)
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = registry(n, Path(tmp) if data is None else data)
            before = load()
            base_wall, base_peak, out = measure(
                [sys.executable, str(HERE / "pandas_baseline.py"), str(folder)]
            )
            base = baseline_counts(out)
            command = [sys.executable, "-m", "myopathy_outcomes", str(folder), "--on-error"]
            command += ["exclude", *(["--design", design] if design else [])]
            ours_wall, ours_peak, out = measure(command)
            ours = design_counts(out) if design else command_counts(out)
            print(
                f"{n:>9}  {'pandas baseline':<18} {base_wall:>8.2f} {base_peak:>9.3f}  {base}",
                flush=True,
            )
            print(f"{n:>9}  {'myopathy-outcomes':<18} {ours_wall:>8.2f} {ours_peak:>9.3f}  {ours}")
            same = "not compared" if design else ("equal" if base == ours else "DIFFERENT")
            print(
                f"{n:>9}  ratio: time {ours_wall / base_wall:.2f}x, memory "
                f"{ours_peak / base_peak:.2f}x; group counts {same}; load {before} before, "
                f"{load()} after",
                flush=True,
            )


def design_counts(stdout: str) -> tuple[int, int]:
    """``(analysed, in the first group)`` from the report's attrition table."""
    analysed = re.search(r"^Patients analysed\s+(\d+)", stdout, re.M)
    first = re.search(r"^Patients analysed.*\n\s+\S.*?\s(\d+)$", stdout, re.M)
    if analysed is None or first is None:
        raise RuntimeError("the report has no attrition counts")
    return int(analysed[1]), int(first[1])


if __name__ == "__main__":
    arguments = sys.argv[1:]
    chosen, kept = None, None
    while arguments[:1] in (["--design"], ["--data"]):
        if arguments[0] == "--design":
            chosen = arguments[1]
        else:
            kept = Path(arguments[1])
        arguments = arguments[2:]
    main([int(a) for a in arguments] or [1000, 10_000, 100_000], chosen, kept)
