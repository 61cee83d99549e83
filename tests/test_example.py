"""The bundled synthetic cohort keeps every property the package promises."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.cli import main
from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.io.marker import SYNTHETIC_MARKER
from myopathy_outcomes.report import SummaryRow, WithinGroupRow
from myopathy_outcomes.report.display import SYNTHETIC_NOTE, comparison_test, format_cell
from myopathy_outcomes.schema import CK, FVC, Measure

SCRIPT = Path(__file__).parents[1] / "scripts" / "make_example_cohort.py"


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    """The default analysis of the example."""
    return mo.analyze(mo.load_example())


def _shown(row: SummaryRow) -> tuple[str, ...]:
    """The row's cells as the report prints them."""
    return tuple(format_cell(cell, row.decimals) for cell in row.cells)


def _within(report: mo.StudyReport, group: str, measure: Measure) -> WithinGroupRow:
    return next(r for r in report.within_rows if r.group == group and r.measure is measure)


def test_example_is_labelled_synthetic(report: mo.StudyReport) -> None:
    """The cohort, its ids and the report all say synthetic."""
    cohort = mo.load_example()
    assert cohort.synthetic
    assert all(p.patient_id.startswith("SYN-") for p in cohort.patients)
    assert "SYNTHETIC" in report.to_text()
    assert "SYNTHETIC" in (mo.example_path() / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """The example folder copied to a new folder, as the own-data how-to suggests."""
    return Path(shutil.copytree(mo.example_path(), tmp_path / "copy"))


def test_the_example_folder_is_marked_synthetic() -> None:
    """Loading the example's folder itself (not through load_example) says synthetic."""
    assert (mo.example_path() / SYNTHETIC_MARKER).is_file()
    cohort = mo.load_cohort(mo.example_path())
    assert cohort.synthetic
    assert not any(SYNTHETIC_MARKER in notice for notice in cohort.notices)  # not a table


def test_a_copy_of_the_example_stays_synthetic(copied: Path) -> None:
    """The marker travels with a copy; without it the same files are not synthetic."""
    assert mo.load_cohort(copied).synthetic
    (copied / SYNTHETIC_MARKER).unlink()
    assert not mo.load_cohort(copied).synthetic
    assert mo.load_cohort(copied, synthetic=True).synthetic


def test_the_command_labels_a_copy_synthetic(
    copied: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``myopathy-outcomes COPY`` prints the synthetic warning; without the marker it does not."""
    assert main([str(copied)]) == 0
    assert SYNTHETIC_NOTE in capsys.readouterr().out
    (copied / SYNTHETIC_MARKER).unlink()
    assert main([str(copied), "--output", str(tmp_path / "out") + "/"]) == 0
    capsys.readouterr()
    assert "SYNTHETIC" not in (tmp_path / "out" / "report.txt").read_text(encoding="utf-8")


def test_the_marker_is_shipped_in_the_wheel() -> None:
    """pyproject's package data names the marker, so an installed package holds it."""
    text = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"data/*/{SYNTHETIC_MARKER}"' in text


def test_group_sizes_match_the_abstract(report: mo.StudyReport) -> None:
    """7 patients on MMF + CNI (5 cyclosporine, 2 tacrolimus) and 12 on MMF alone."""
    assert len(report.assignments) == 19
    assert report.group_size("MMF + CNI") == 7
    assert report.group_size("MMF alone") == 12
    cnis = sorted(a.add_on for a in report.assignments if a.add_on is not None)
    assert cnis == [Drug.CYCLOSPORINE] * 5 + [Drug.TACROLIMUS] * 2


def test_ild_at_baseline_matches_the_abstract(report: mo.StudyReport) -> None:
    """ILD at baseline in 6/7 and 9/12, with Fisher's p = 1 (not the paper's 0.68)."""
    row = next(r for r in report.baseline_rows if r.label == "ILD at baseline")
    assert _shown(row) == ("6 (85.7%)", "9 (75.0%)")
    assert row.comparison is not None
    assert comparison_test(row.comparison) == "Fisher's exact"
    assert row.comparison.pvalue == pytest.approx(1.0)


def test_ck_falls_with_cni_only(report: mo.StudyReport) -> None:
    """CK falls with p < 0.05 on MMF + CNI and p > 0.05 on MMF alone (exact tests)."""
    with_cni = _within(report, "MMF + CNI", CK).result
    alone = _within(report, "MMF alone", CK).result
    assert with_cni is not None and alone is not None
    assert with_cni.method == "exact" and alone.method == "exact"
    assert with_cni.pvalue == pytest.approx(2 / 2**7)
    assert alone.pvalue > 0.05


def test_fvc_does_not_change_significantly(report: mo.StudyReport) -> None:
    """%FVC shows no significant change in either group."""
    for group in report.design.group_labels:
        result = _within(report, group, FVC).result
        assert result is not None and result.pvalue > 0.05


def test_script_reproduces_the_bundled_files(tmp_path: Path) -> None:
    """The seeded script writes exactly the files the package ships."""
    spec = importlib.util.spec_from_file_location("make_example_cohort", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        module.write_cohort(tmp_path)
    finally:
        del sys.modules[spec.name]
    for name in ("patients.csv", "visits.csv", "regimens.csv"):
        assert (tmp_path / name).read_bytes() == (mo.example_path() / name).read_bytes()
