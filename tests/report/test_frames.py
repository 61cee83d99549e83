"""The report as numbers: each table as a numeric DataFrame, equal to what is displayed."""

from __future__ import annotations

import math

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report.display import format_pvalue


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


def test_default_design_is_the_papers(report: mo.StudyReport) -> None:
    """analyze(cohort) equals analyze(cohort, design=HANAOKA_2019), number for number."""
    again = mo.analyze(mo.load_example(), design=mo.studies.HANAOKA_2019)
    assert again.to_text() == report.to_text()
    assert again.baseline_frame().equals(report.baseline_frame())


def test_baseline_frame_holds_numbers(report: mo.StudyReport) -> None:
    """Table 1's age row gives the medians, quartiles and p-value as floats."""
    frame = report.baseline_frame()
    age = frame[frame["characteristic"] == "Age at index, years"].set_index("group")
    assert age.loc["MMF + CNI", "n"] == 7
    assert age.loc["MMF + CNI", "median"] == 54.0
    assert (age.loc["MMF alone", "q1"], age.loc["MMF alone", "q3"]) == (46.5, 64.0)
    assert age["pvalue"].nunique() == 1
    assert age["test"].iloc[0] == "Mann-Whitney"


def test_counts_and_percent(report: mo.StudyReport) -> None:
    """A yes/no row gives count, total and percent per group."""
    frame = report.baseline_frame()
    female = frame[frame["characteristic"] == "Female sex"].set_index("group")
    assert (female.loc["MMF + CNI", "count"], female.loc["MMF + CNI", "total"]) == (5, 7)
    assert math.isclose(female.loc["MMF + CNI", "percent"], 500 / 7)


def test_levels_carry_the_heading_test(report: mo.StudyReport) -> None:
    """Each diagnosis level row carries the one test of the diagnosis heading."""
    frame = report.baseline_frame()
    levels = frame[frame["characteristic"] == "Diagnosis"]
    assert levels["level"].notna().all()
    assert levels["test"].eq("Fisher's exact").all()


def test_displayed_pvalues_are_the_numbers(report: mo.StudyReport) -> None:
    """Every p-value in the display table is the numeric p-value, formatted."""
    shown = report.baseline_table().to_frame()
    numbers = report.comparisons_frame()
    numbers = numbers[numbers["table"] == "baseline"]
    tested = shown[shown["P"] != ""]
    assert list(tested["P"]) == [format_pvalue(p) for p in numbers["pvalue"]]


def test_within_frame_has_every_result_field(report: mo.StudyReport) -> None:
    """The within-group frame carries the test, method, estimate and interval."""
    row = report.within_frame().iloc[0]
    assert (row["group"], row["measure"], row["method"]) == ("MMF + CNI", "ck", "exact")
    assert row["ci_low"] <= row["estimate"] <= row["ci_high"]


def test_attrition_frame_counts(report: mo.StudyReport) -> None:
    """The attrition steps are numbers that add up."""
    frame = report.attrition_frame().set_index("step")
    assert frame.loc["Patients analysed", "patients"] == 19
    assert frame.loc["MMF + CNI", "patients"] + frame.loc["MMF alone", "patients"] == 19


def test_three_arms_compare_with_kruskal_wallis() -> None:
    """A design with three arms runs; numbers are compared with Kruskal-Wallis."""
    design = mo.StudyDesign(
        title="MMF alone, with cyclosporine or with tacrolimus",
        index=mo.DrugSet(drugs=["MMF"], label="MMF"),
        background=mo.studies.HANAOKA_2019.background,
        prior=mo.studies.HANAOKA_2019.prior,
        arms=(
            mo.Arm("MMF + CsA", mo.DrugSet(drugs=["cyclosporine"], label="cyclosporine")),
            mo.Arm("MMF + TAC", mo.DrugSet(drugs=["tacrolimus"], label="tacrolimus")),
            mo.Arm("MMF alone"),
        ),
    )
    report = mo.analyze(mo.load_example(), design)
    sizes = [report.group_size(g) for g in design.group_labels]
    assert sizes == [5, 2, 12]
    age = report.comparisons_frame().set_index("characteristic").loc["Age at index, years"]
    assert age["test"] == "Kruskal-Wallis"
    assert "Kruskal-Wallis" in report.to_text()
    assert report.to_text().startswith("MMF alone, with cyclosporine or with tacrolimus")


def test_pairs_frame_holds_each_tested_pair(report: mo.StudyReport) -> None:
    """The pairs frame has one row per patient in each within-group test, change included."""
    pairs = report.pairs_frame()
    counts = pairs.groupby(["group", "measure"], sort=False).size()
    within = report.within_frame().set_index(["group", "measure"])["pairs"]
    assert counts.to_dict() == within.to_dict()
    assert ((pairs["follow_up"] - pairs["baseline"]).round(10) == pairs["change"]).all()


def test_pairs_give_the_reported_median_change(report: mo.StudyReport) -> None:
    """The median of a row's pair changes is the reported median change."""
    for row in report.within_rows:
        changes = sorted(p.change for p in row.pairs)
        assert mo.report.Quartiles.of(changes).median == row.change.median
