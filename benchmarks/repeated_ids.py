"""Time and peak memory of the command on a folder with many bad rows, in exclude mode.

Copies the bundled example cohort into a temporary folder, adds ``N`` bad
rows of one kind, and runs ``myopathy-outcomes FOLDER --on-error exclude``
under ``/usr/bin/time -v``, printing the wall time, the peak resident memory
and the size of the report. Kinds:

``repeated-id``
    one patient id (``SYN-01``, who has visits and regimens) repeated ``N``
    times in ``patients.csv``: every reason naming the repeats must stay short.
``bad-visits``
    ``N`` visit rows of one patient with a negative CK.
``unknown-visits``
    ``N`` visit rows naming a patient who is not in ``patients.csv``.
``same-day``
    ``N`` visits of one patient on one date, each with another CK.
``duplicate-visits``
    ``N`` copies of one visit row (a notice, not an exclusion).
``short-visits``
    ``N`` visit rows with too few fields.
``bad-regimens``
    ``N`` regimen rows of one patient naming an unknown drug.
``case-ids``
    ``N`` visit rows naming ``syn-02``, a known id in another case.
``header-repeats``
    ``N`` copies of the header line inside ``visits.csv``.

Run with ``python benchmarks/repeated_ids.py [N] [kind ...]`` (default 100000,
every kind). The run is capped at 4 GiB of address space (``ulimit -v``), so
that a regression fails here instead of exhausting a shared machine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

CAP_KIB = 4 * 2**20
BAD_ROWS: dict[str, Callable[[int], tuple[str, list[str]]]] = {
    "repeated-id": lambda n: ("patients.csv", ["SYN-01,F,1959-06-12,DM,yes,"] * n),
    "bad-visits": lambda n: (
        "visits.csv",
        [f"SYN-02,2014-05-{1 + i % 28:02d},-1,,,," for i in range(n)],
    ),
    "unknown-visits": lambda n: ("visits.csv", [f"NOBODY,2014-05-01,{i},,,," for i in range(n)]),
    "same-day": lambda n: ("visits.csv", [f"SYN-02,2014-05-01,{i},,,," for i in range(n)]),
    "duplicate-visits": lambda n: ("visits.csv", ["SYN-02,2014-05-01,100,,,,"] * n),
    "short-visits": lambda n: ("visits.csv", ["SYN-02,2014-05-01"] * n),
    "bad-regimens": lambda n: ("regimens.csv", ["SYN-02,aspirin,2014-05-01,,,"] * n),
    "case-ids": lambda n: ("visits.csv", [f"syn-02,2014-05-01,{i},,,," for i in range(n)]),
    "header-repeats": lambda n: (
        "visits.csv",
        ["patient_id,date,ck,fvc_pct,dlco_pct,psl_mg,hrct_score"] * n,
    ),
}


def write_folder(folder: Path, kind: str, n: int) -> None:
    """The example cohort in ``folder``, with ``n`` bad rows of ``kind`` appended."""
    example = resources.files("myopathy_outcomes") / "data" / "example"
    for name in ("patients.csv", "visits.csv", "regimens.csv"):
        with resources.as_file(example / name) as source:
            shutil.copyfile(source, folder / name)
    file, lines = BAD_ROWS[kind](n)
    with (folder / file).open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def run(folder: Path) -> tuple[float, float, int, int]:
    """Wall seconds, peak resident MiB, exit status and report bytes of one run."""
    command = shutil.which("myopathy-outcomes")
    if command is None:
        raise SystemExit("install the package first: pip install -e .")
    report = folder / "report.txt"
    shell = (
        f"ulimit -v {CAP_KIB}; exec /usr/bin/time -v {command} {folder} "
        f"--on-error exclude --output {report}"
    )
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=False)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    status = re.search(r"Exit status: (\d+)", done.stderr)
    if wall is None or rss is None or status is None:
        raise SystemExit(f"cannot read /usr/bin/time's output:\n{done.stderr[-2000:]}")
    hours, minutes, seconds = wall.groups()
    elapsed = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    size = report.stat().st_size if report.exists() else 0
    return elapsed, int(rss.group(1)) / 1024, int(status.group(1)), size


def main(n: int, kinds: list[str]) -> None:
    """Build each folder, run the command on it, print one line per kind."""
    print(f"{'kind':<18} {'rows':>9} {'time s':>8} {'peak MiB':>9} {'exit':>5} {'report KiB':>11}")
    for kind in kinds:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write_folder(folder, kind, n)
            elapsed, peak, status, size = run(folder)
        print(f"{kind:<18} {n:>9,} {elapsed:>8.2f} {peak:>9.0f} {status:>5} {size / 1024:>11.0f}")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    main(count, sys.argv[2:] or list(BAD_ROWS))
