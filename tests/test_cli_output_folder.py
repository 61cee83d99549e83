"""``--output DIR/``: whole or not at all, no earlier run's files, one run at a time."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from myopathy_outcomes.cli import EXIT_BAD_DATA, EXIT_INTERRUPTED, main
from myopathy_outcomes.example import example_path
from myopathy_outcomes.report import docx as word
from myopathy_outcomes.report import figures
from myopathy_outcomes.report.formats import OUTPUT_FILES
from myopathy_outcomes.report.staging import staged_folder

SOURCE = Path(__file__).parents[1] / "src"


@pytest.fixture
def no_extras(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave figures and Word out (they take seconds; tests/report test them)."""
    monkeypatch.setattr(figures, "available", lambda: False)
    monkeypatch.setattr(word, "available", lambda: False)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (and beside it: partial folders, locks) with its bytes."""
    return {
        str(p.relative_to(folder.parent)): p.read_bytes()
        for p in sorted(folder.parent.rglob("*"))
        if p.is_file()
    }


def _command(target: Path) -> list[str]:
    return [sys.executable, "-m", "myopathy_outcomes", "--output", f"{target}/"]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SOURCE)}


@pytest.mark.usefixtures("no_extras")
def test_reused_folder_keeps_no_file_of_the_previous_run(tmp_path: Path) -> None:
    """A sensitivity table of a first run is gone after a second run that has none."""
    target = tmp_path / "out"
    assert (
        main(["--ild-criterion", "paper", "--ild-criterion", "inbuild", "-o", f"{target}/"]) == 0
    )
    assert (target / "tables" / "ild_sensitivity.csv").is_file()
    assert (target / "tables" / "ild_sensitivity.tex").is_file()
    assert main(["--output", f"{target}/"]) == 0
    assert not (target / "tables" / "ild_sensitivity.csv").exists()
    assert not (target / "tables" / "ild_sensitivity.tex").exists()
    assert (target / "tables" / "baseline.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no partial folder, no lock


@pytest.mark.usefixtures("no_extras")
def test_notices_are_written_to_notes_txt_not_into_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A notice goes to notes.txt and stderr; the documents only count it.

    A rerun without notices leaves no notes.txt behind.
    """
    data = Path(shutil.copytree(example_path(), tmp_path / "data"))
    visits = data / "visits.csv"
    lines = visits.read_text(encoding="utf-8").splitlines()
    visits.write_text(
        "\n".join([lines[0] + ",ward_bed"] + [f"{line},B{i}" for i, line in enumerate(lines[1:])])
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out"
    assert main([str(data), "--output", f"{target}/"]) == 0
    out, err = capsys.readouterr()
    notice = "visits.csv: not used: 'ward_bed'"
    assert f"notice: {notice}" in err
    assert "notes.txt" in out  # among the files written
    notes = (target / "notes.txt").read_text(encoding="utf-8").splitlines()
    assert len(notes) == 2 and notes[1].startswith(notice)
    for name in ("report.html", "report.md", "report.txt", "report.tex"):
        document = (target / name).read_text(encoding="utf-8")
        assert "ward_bed" not in document, name
        assert "Notices: 1 about reading the data" in document, name
    shutil.rmtree(data)
    assert main(["--output", f"{target}/"]) == 0
    assert not (target / "notes.txt").exists()
    assert "Notices:" not in (target / "report.txt").read_text(encoding="utf-8")


@pytest.mark.usefixtures("no_extras")
def test_folder_with_other_files_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder holding a file the command does not write is refused and left as it was."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "my-notes.txt").write_text("mine", encoding="utf-8")
    (target / "report.html").write_text("old", encoding="utf-8")
    before = _snapshot(target)
    assert main(["--output", f"{target}/"]) == EXIT_BAD_DATA
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "holds files that myopathy-outcomes does not write (my-notes.txt)" in error
    assert _snapshot(target) == before


@pytest.mark.usefixtures("no_extras")
def test_second_run_into_one_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """While one run writes a folder, another run into it is refused in one line."""
    target = tmp_path / "out"
    with staged_folder(target, OUTPUT_FILES) as staging:
        assert main(["--output", f"{target}/"]) == EXIT_BAD_DATA
        (staging / "report.txt").write_text("first run", encoding="utf-8")
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert f"another run is writing {target}" in error
    assert (target / "report.txt").read_text(encoding="utf-8") == "first run"


def _limit_file_size() -> None:
    """In the child: files may not grow past 20 kB, and writing more fails (EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


@pytest.mark.usefixtures("no_extras")
def test_error_half_way_leaves_the_previous_outputs(tmp_path: Path) -> None:
    """A write that fails (a file-size limit) leaves the previous run's folder untouched."""
    target = tmp_path / "out"
    assert main(["--output", f"{target}/"]) == 0
    (target / "report.txt").write_text("previous", encoding="utf-8")
    before = _snapshot(target)
    done = subprocess.run(
        _command(target),
        capture_output=True,
        text=True,
        check=False,
        env=_environment(),
        preexec_fn=_limit_file_size,
    )
    assert done.returncode == EXIT_BAD_DATA, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: cannot write the report:")
    assert _snapshot(target) == before


@pytest.mark.usefixtures("no_extras")
def test_failed_file_output_keeps_the_previous_file(tmp_path: Path) -> None:
    """``--output FILE`` that fails part-way leaves the previous file whole."""
    target = tmp_path / "report.html"
    target.write_text("previous", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "myopathy_outcomes", "--output", str(target)],
        capture_output=True,
        text=True,
        check=False,
        env=_environment(),
        preexec_fn=_limit_file_size,
    )
    assert done.returncode == EXIT_BAD_DATA, done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    assert target.read_text(encoding="utf-8") == "previous"


@pytest.mark.usefixtures("no_extras")
def test_ctrl_c_half_way_leaves_the_previous_outputs(tmp_path: Path) -> None:
    """SIGINT while the outputs are being written: exit 130, the previous folder as it was."""
    target = tmp_path / "out"
    assert main(["--output", f"{target}/"]) == 0
    before = _snapshot(target)
    child = subprocess.Popen(
        _command(target),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
    )
    deadline = time.monotonic() + 120
    while not any(".partial-" in p.name for p in tmp_path.iterdir()):
        assert child.poll() is None, "the run ended before writing began"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    child.send_signal(signal.SIGINT)
    _, error = child.communicate(timeout=120)
    assert child.returncode == EXIT_INTERRUPTED, error
    assert "Traceback" not in error
    assert error.startswith("error: interrupted")
    assert _snapshot(target) == before


@pytest.mark.usefixtures("no_extras")
def test_working_folder_as_output_is_replaced_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--output .`` in a folder of earlier outputs: the files are replaced, the folder stays."""
    target = tmp_path / "out"
    assert (
        main(["--ild-criterion", "paper", "--ild-criterion", "inbuild", "-o", f"{target}/"]) == 0
    )
    inode = target.stat().st_ino
    monkeypatch.chdir(target)
    assert main(["--output", "."]) == 0
    assert target.stat().st_ino == inode
    assert Path.cwd() == target
    assert (target / "report.html").is_file()
    assert not (target / "tables" / "ild_sensitivity.csv").exists()


@pytest.mark.usefixtures("no_extras")
def test_link_to_a_folder_is_written_through(tmp_path: Path) -> None:
    """``--output LINK/``: the folder the link names gets the outputs; the link stays a link."""
    real = tmp_path / "real"
    assert main(["--ild-criterion", "paper", "--ild-criterion", "inbuild", "-o", f"{real}/"]) == 0
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert main(["--output", f"{link}/"]) == 0
    assert link.is_symlink()
    assert (real / "report.html").is_file()
    assert not (real / "tables" / "ild_sensitivity.csv").exists()
