"""The command's messages: progress on a terminal, ``--quiet``, ``--verbose``, all by logging."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes._console import PROGRESS_AFTER_VARIABLE
from myopathy_outcomes.cli import EXIT_BAD_DATA, main
from myopathy_outcomes.example import example_path
from myopathy_outcomes.report import docx as word
from myopathy_outcomes.report import figures

SOURCE = Path(__file__).parents[1] / "src"
TIMED = re.compile(r"^\[ *\d+\.\d s\] ")


@pytest.fixture
def no_extras(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave figures and Word out (they take seconds; tests/report test them)."""
    monkeypatch.setattr(figures, "available", lambda: False)
    monkeypatch.setattr(word, "available", lambda: False)


def test_library_logs_its_stages_and_configures_no_handler(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """analyze() logs each stage under myopathy_outcomes and adds no handler anywhere."""
    root_handlers = list(logging.getLogger().handlers)
    with caplog.at_level(logging.INFO, logger="myopathy_outcomes"):
        mo.analyze(mo.load_example())
    stages = [r.getMessage() for r in caplog.records if r.name == "myopathy_outcomes.progress"]
    assert stages == [
        "assigning 19 patients to groups",
        "statistics: outcomes, tests and time to event",
    ]
    assert logging.getLogger("myopathy_outcomes").handlers == []
    assert logging.getLogger().handlers == root_handlers


@pytest.mark.usefixtures("no_extras")
def test_no_terminal_no_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With stderr not a terminal a good run says what it wrote on stdout, nothing on stderr."""
    assert main(["--output", f"{tmp_path}/out/"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Wrote ")
    assert err == ""


@pytest.mark.usefixtures("no_extras")
def test_quiet_prints_nothing_on_success(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--quiet`` with ``--output``: nothing on stdout or stderr."""
    assert main(["--quiet", "--output", f"{tmp_path}/out/"]) == 0
    assert capsys.readouterr() == ("", "")
    assert (tmp_path / "out" / "report.html").is_file()


def test_quiet_still_prints_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--quiet`` keeps the one-line error."""
    assert main([str(tmp_path / "nowhere"), "--quiet"]) == EXIT_BAD_DATA
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: cohort folder not found") and err.count("\n") == 1


@pytest.mark.usefixtures("no_extras")
def test_verbose_times_every_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--verbose``: each stage on stderr with the seconds since the start, then done."""
    assert main(["--verbose", "--output", f"{tmp_path}/out/"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert all(TIMED.match(line) for line in lines), lines
    said = [TIMED.sub("", line) for line in lines]
    assert said[:3] == [
        "reading the bundled example",
        "assigning 19 patients to groups",
        "statistics: outcomes, tests and time to event",
    ]
    assert "writing report.html" in said
    assert "writing tables/*.csv, assignments.csv" in said
    assert said[-1] == "done"


@pytest.mark.usefixtures("no_extras")
def test_notices_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A notice found while loading (a repeated visit) is on stderr, not in the report.

    It shows in a normal and a ``--verbose`` run, not with ``--quiet``.
    """
    for name in ("patients.csv", "visits.csv", "regimens.csv"):
        shutil.copy(example_path() / name, tmp_path / name)
    visits = tmp_path / "visits.csv"
    visits.write_text(
        visits.read_text(encoding="utf-8") + visits.read_text().splitlines()[1] + "\n"
    )
    assert main([str(tmp_path), "--verbose"]) == 0
    notices = [line for line in capsys.readouterr().err.splitlines() if "notice: " in line]
    assert len(notices) == 1 and "visits.csv" in notices[0]
    assert main([str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("notice: visits.csv") and err.count("\n") == 1
    assert "Notices: 1 about reading the data" in out
    assert "visits.csv" not in out
    assert main([str(tmp_path), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_progress_shows_on_a_terminal() -> None:
    """With stderr a terminal and the run past the delay, each stage shows as it starts."""
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "myopathy_outcomes", "--format", "text"],
            stdout=subprocess.PIPE,
            stderr=follower,
            check=False,
            env={**os.environ, "PYTHONPATH": str(SOURCE), PROGRESS_AFTER_VARIABLE: "0"},
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    lines = shown.decode().splitlines()
    assert lines == [
        "reading the bundled example ...",
        "assigning 19 patients to groups ...",
        "statistics: outcomes, tests and time to event ...",
        "writing the text report to stdout ...",
    ]
    assert done.stdout.startswith(b"MMF with or without")
