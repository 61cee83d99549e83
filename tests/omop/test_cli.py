"""The ``myopathy-outcomes omop`` command: the CSV path's outputs, and one line per problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.cli import EXIT_BAD_DATA, main

pytest.importorskip("ibis", reason="the omop extra (ibis) is not installed")
omop = pytest.importorskip("myopathy_outcomes.omop")


@pytest.fixture(scope="module")
def cdm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example as a folder of OMOP CSV tables."""
    return omop.write_omop(mo.load_example(), tmp_path_factory.mktemp("omop") / "cdm")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def _numbers(report: str) -> list[str]:
    """The report's lines without those that say where its data came from."""
    return [
        line.replace(" (SYNTHETIC DATA)", "")
        .replace("regimens.csv rows", "drug_exposure rows")
        .replace("drug\\_exposure rows", "drug_exposure rows")  # Markdown escapes _
        for line in report.splitlines()
        if line.strip() and not line.startswith(("Data: ", "SYNTHETIC: "))
    ]


def test_omop_command_prints_the_csv_report(cdm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The report differs from the CSV path's only where it names its data."""
    status, csv_text, _ = _run(["--format", "markdown"], capsys)
    assert status == 0
    status, omop_text, err = _run(["omop", str(cdm), "--format", "markdown"], capsys)
    assert (status, err) == (0, "")
    assert f"Data: {cdm}" in omop_text.splitlines()
    assert _numbers(omop_text) == _numbers(csv_text)


def test_omop_command_writes_every_output(
    cdm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output DIR/ writes the same files as the CSV path, the tables with the same numbers."""
    assert _run(["--output", f"{tmp_path}/csv/"], capsys)[0] == 0
    assert _run(["omop", str(cdm), "--output", f"{tmp_path}/omop/"], capsys)[0] == 0
    csv_files = sorted(p.relative_to(tmp_path / "csv") for p in (tmp_path / "csv").rglob("*"))
    omop_files = sorted(p.relative_to(tmp_path / "omop") for p in (tmp_path / "omop").rglob("*"))
    assert csv_files == omop_files
    for name in ("baseline.csv", "within_group.csv", "between_group.csv"):
        found = list((tmp_path / "csv").rglob(name))
        for path in found:
            other = tmp_path / "omop" / path.relative_to(tmp_path / "csv")
            assert path.read_text(encoding="utf-8") == other.read_text(encoding="utf-8")


def _one_line_error(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    status, out, err = _run(args, capsys)
    assert status == EXIT_BAD_DATA
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    return err


def test_connection_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A database that refuses the connection: one line naming it, without a password."""
    err = _one_line_error(["omop", "postgresql://someone:secret@127.0.0.1:1/cdm"], capsys)
    assert "cannot connect to postgresql://127.0.0.1:1/cdm" in err
    assert "secret" not in err


def test_missing_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder that does not exist: one line."""
    err = _one_line_error(["omop", str(tmp_path / "nowhere")], capsys)
    assert "no such folder or file" in err


def test_missing_table_is_one_line(
    cdm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CDM without its measurement table: one line naming the table."""
    folder = shutil.copytree(cdm, tmp_path / "cdm")
    (folder / "measurement.csv").unlink()
    err = _one_line_error(["omop", str(folder)], capsys)
    assert "missing table measurement" in err


def test_other_cdm_version_is_one_line(
    cdm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CDM 5.3 database: one line naming the version found and the one read."""
    folder = shutil.copytree(cdm, tmp_path / "cdm")
    source = folder / "cdm_source.csv"
    source.write_text(source.read_text(encoding="utf-8").replace(",5.4,", ",5.3,"), "utf-8")
    err = _one_line_error(["omop", str(folder)], capsys)
    assert "CDM version 5.3 in cdm_source; this source reads OMOP CDM 5.4 only" in err


def test_empty_concept_set_is_one_line(
    cdm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A design that empties the index drug's concept set: one line naming it."""
    design = tmp_path / "study.toml"
    design.write_text('[omop.drugs.MMF]\nmode = "replace"\n', encoding="utf-8")
    err = _one_line_error(["omop", str(cdm), "--design", str(design)], capsys)
    assert "the concept set of the index drug MMF is empty" in err


def test_design_file_omop_table_extends_a_set(
    cdm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An [omop] table that only adds a concept leaves the report as it was."""
    design = tmp_path / "study.toml"
    design.write_text("[omop.drugs.MMF]\nconcept_ids = [35605482]\n", encoding="utf-8")
    plain = _run(["omop", str(cdm)], capsys)
    extended = _run(["omop", str(cdm), "--design", str(design)], capsys)
    assert plain[0] == extended[0] == 0
    assert plain[1] == extended[1]
