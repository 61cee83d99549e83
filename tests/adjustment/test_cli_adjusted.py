"""End to end: the example design with [adjustment] through the command, in every renderer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.cli import EXIT_BAD_DATA, main
from myopathy_outcomes.design_file import load_design
from myopathy_outcomes.io.load import cohort_from_frames

from ._confounded import COVARIATES, design, frames

DESIGN = Path(__file__).parents[2] / "examples" / "designs" / "hanaoka2019_adjusted.toml"
PAPER = Path(__file__).parents[2] / "examples" / "designs" / "hanaoka2019.toml"


@pytest.mark.parametrize("chosen", ["text", "markdown", "html", "latex"])
def test_every_renderer_shows_the_adjusted_comparison(
    chosen: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text, markdown, HTML and LaTeX show the section, Table 1's SMD and the reason."""
    assert main(["--design", str(DESIGN), "--format", chosen]) == 0
    out = capsys.readouterr().out
    assert "Adjusted comparison: propensity score and balance" in out
    assert "Adjusted comparison: estimates, MMF + CNI vs MMF alone" in out
    assert "SMD before" in out
    assert "fewer than 10 patients of the smaller arm per coefficient" in out


def test_the_tables_folder_has_the_adjusted_tables(tmp_path: Path) -> None:
    """--output DIR/ writes the balance and estimates tables as CSV, with Table 1's SMD."""
    assert main(["--design", str(DESIGN), "--output", f"{tmp_path}/"]) == 0
    tables = tmp_path / "tables"
    assert (tables / "adjusted_balance.csv").exists()
    assert (tables / "adjusted_estimates.csv").exists()
    with (tables / "baseline.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[-1] == "smd"


def test_the_papers_design_has_no_smd_and_no_adjusted_section() -> None:
    """Without [adjustment] the report is the paper's: no SMD column, no section."""
    report = mo.analyze(mo.load_example(), load_design(PAPER))
    assert report.adjusted is None
    assert "SMD" not in report.baseline_table().columns
    assert "Adjusted comparison" not in report.to_text()


def test_table1_smd_equals_the_stats_engine() -> None:
    """Table 1's SMD of age is |smd| of the ages of the two arms (tableone's formula)."""
    data = cohort_from_frames(*frames(200), covariates=COVARIATES)
    report = mo.analyze(data, design(covariates=("age", "anti_mda5")))
    age = next(r for r in report.baseline_rows if r.label.startswith("Age"))
    assert report.adjusted is not None and report.adjusted.score is not None
    before = next(b for b in report.adjusted.balance if b.name == "age").smd_before
    assert age.smd == pytest.approx(abs(before), rel=1e-12)


def test_declared_covariates_with_the_bundled_example_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A design declaring covariates needs --data-dir: the example has no such columns."""
    path = tmp_path / "study.toml"
    path.write_text(
        DESIGN.read_text(encoding="utf-8")
        + '\n[[covariate]]\nname = "anti_mda5"\ntype = "boolean"\nlabel = "Anti-MDA5"\n',
        encoding="utf-8",
    )
    assert main(["--design", str(path)]) == EXIT_BAD_DATA
    assert "the bundled example has no covariate columns (anti_mda5)" in capsys.readouterr().err
