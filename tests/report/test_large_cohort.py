"""A cohort too large to list: the report counts reasons, and the list goes to a CSV file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.cli import main
from myopathy_outcomes.report import figures
from myopathy_outcomes.report.html import report_html
from myopathy_outcomes.report.numbers import MAX_LISTED_PATIENTS
from tests.report._rendered import big_report, check_numbers, html_tables


@pytest.fixture(scope="module")
def big() -> mo.StudyReport:
    return big_report(323)


def test_report_counts_reasons_instead_of_listing(big: mo.StudyReport) -> None:
    """Beyond the limit the printed report has one line per reason, not per patient."""
    text = big.to_text()
    assert "Group assignment: patients by reason" in text
    assert "SYN-01-03" not in text
    assert len(text.splitlines()) < 120
    assert "assignments.csv, written beside this report" in text


def test_reason_counts_add_up(big: mo.StudyReport) -> None:
    """Every screened patient is counted under exactly one group and reason."""
    counts = big.reason_counts()
    assert sum(n for _, _, n in counts) == len(big.assignments) == 323
    assert (None, "no MMF", 19) in counts
    groups = [group for group, _, _ in counts]
    assert groups == ["MMF + CNI", "MMF + CNI", "MMF alone", None]  # design order, then none


def test_html_counts_are_the_numbers(big: mo.StudyReport) -> None:
    """The counts in the HTML are the report's reason counts, and every other number too."""
    parsed = {name: t["body"] for name, t in html_tables(report_html(big)).items()}
    check_numbers(parsed, big)
    assert "assignments" not in parsed


@pytest.mark.parametrize(("patients", "listed"), [(MAX_LISTED_PATIENTS, True), (301, False)])
def test_limit(patients: int, listed: bool) -> None:
    """Up to the limit every patient is listed; one more and the reasons are counted."""
    report = big_report(patients)
    assert len(report.assignments) == patients
    names = [t.name for t in report.tables()]
    assert ("assignments" in names) is listed
    assert ("assignment_reasons" in names) is not listed


def test_save_writes_every_patient_beside_the_report(
    big: mo.StudyReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """save() writes assignments.csv (one row per patient) next to report.html."""
    monkeypatch.setattr(figures, "available", lambda: False)
    written = {str(p.relative_to(tmp_path)) for p in big.save(tmp_path)}
    assert {"assignments.csv", "tables/assignment_reasons.csv"} <= written
    assert "tables/assignments.csv" not in written
    listed = pd.read_csv(tmp_path / "assignments.csv")
    assert len(listed) == 323
    assert listed["patient_id"].is_unique


def test_small_cohort_keeps_the_list_in_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example (19 patients) lists every patient and writes no separate file."""
    monkeypatch.setattr(figures, "available", lambda: False)
    written = {str(p.relative_to(tmp_path)) for p in mo.analyze(mo.load_example()).save(tmp_path)}
    assert "assignments.csv" not in written
    assert "tables/assignments.csv" in written


def test_command_output_file_gets_the_list_beside_it(
    big: mo.StudyReport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--output report.txt`` on a large cohort writes assignments.csv beside the file."""
    monkeypatch.setattr("myopathy_outcomes.cli.analyze", lambda *args, **kwargs: big)
    assert main(["--output", str(tmp_path / "report.txt")]) == 0
    assert len(pd.read_csv(tmp_path / "assignments.csv")) == 323
    assert "assignments.csv" in capsys.readouterr().out
