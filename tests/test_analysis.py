"""Tests of :func:`myopathy_outcomes.analyze` and the tables of its report."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.analysis import _compare_counts
from myopathy_outcomes.models import ExcludedRow, Visit
from myopathy_outcomes.report import SummaryRow, WithinGroupRow
from myopathy_outcomes.report.display import comparison_test, format_cell
from myopathy_outcomes.schema import CK, FVC, Measure
from myopathy_outcomes.storage import Cohort
from tests._records import background, day, patient, rx, visit


def _patient_rows(pid: str, *, cni: bool, ck: tuple[float, float], fvc: float = 70.0) -> dict:
    regimens = [*background(pid=pid)]
    if cni:
        regimens.append(rx("tacrolimus", 5, pid=pid))
    visits = [
        visit(-3, pid=pid, ck=ck[0], fvc_pct=fvc, psl_mg=30),
        visit(180, pid=pid, ck=ck[1], fvc_pct=fvc, psl_mg=30),
    ]
    return {"patient": patient(pid), "regimens": regimens, "visits": visits}


def _cohort(*specs: dict, excluded: tuple[ExcludedRow, ...] = ()) -> Cohort:
    return Cohort(
        patients=tuple(s["patient"] for s in specs),
        visits=tuple(v for s in specs for v in s["visits"]),
        regimens=tuple(r for s in specs for r in s["regimens"]),
        excluded=excluded,
    )


def _small_cohort() -> Cohort:
    return _cohort(
        _patient_rows("C1", cni=True, ck=(900, 300)),
        _patient_rows("C2", cni=True, ck=(800, 350)),
        _patient_rows("C3", cni=True, ck=(1200, 400)),
        _patient_rows("A1", cni=False, ck=(500, 600)),
        _patient_rows("A2", cni=False, ck=(700, 500)),
    )


def _shown(row: SummaryRow) -> tuple[str, ...]:
    """The row's cells as the report prints them."""
    return tuple(format_cell(cell, row.decimals) for cell in row.cells)


def _within(report: mo.StudyReport, group: str, measure: Measure) -> WithinGroupRow:
    return next(r for r in report.within_rows if r.group == group and r.measure is measure)


def _row(rows: tuple[SummaryRow, ...], label: str) -> SummaryRow:
    return next(r for r in rows if r.label == label)


def test_within_group_test_is_paired_follow_up_minus_baseline() -> None:
    """The CK test in the CNI group is the exact signed-rank test of follow-up - baseline."""
    report = mo.analyze(_small_cohort())
    result = _within(report, "MMF + CNI", CK).result
    expected = mo.stats.paired_wilcoxon([300, 350, 400], [900, 800, 1200])
    assert result == expected


def test_all_zero_changes_are_reported_not_tested() -> None:
    """A measure that never changes gets a reason instead of a p-value."""
    report = mo.analyze(_small_cohort())
    row = _within(report, "MMF + CNI", FVC)
    assert row.result is None
    assert row.note == "every change is zero"
    assert "not tested: every change is zero" in report.within_table().to_text()


def test_left_out_patients_are_counted_by_reason() -> None:
    """Patients without a follow-up value are left out of the pair test and counted."""
    spec = _patient_rows("A3", cni=False, ck=(400, 300))
    spec["visits"] = spec["visits"][:1]
    report = mo.analyze(_cohort(*_small_cohort_specs(), spec))
    row = _within(report, "MMF alone", CK)
    assert row.baseline.n == 2
    assert row.left_out == (("no follow-up value", 1),)
    assert "1 left out: no follow-up value (1)" in report.within_table().to_text()


def _small_cohort_specs() -> list[dict]:
    return [
        _patient_rows("C1", cni=True, ck=(900, 300)),
        _patient_rows("A1", cni=False, ck=(500, 600)),
        _patient_rows("A2", cni=False, ck=(700, 500)),
    ]


def test_ineligible_patients_are_counted_and_listed_with_reasons() -> None:
    """A patient without MMF appears in attrition and in the assignment table."""
    no_mmf = {
        "patient": patient("N1"),
        "regimens": [rx("prednisolone", -100, pid="N1")],
        "visits": [],
    }
    report = mo.analyze(_cohort(*_small_cohort_specs(), no_mmf))
    attrition = report.attrition_table().to_text()
    assert "excluded: no MMF" in attrition
    assignment = report.assignment_table().to_frame()
    assert assignment.loc[assignment["Patient"] == "N1", "Group"].item() == "not eligible"


def test_empty_group_gives_reasons_instead_of_tests() -> None:
    """With nobody on MMF alone, between-group rows say why they were not tested."""
    cohort = _cohort(_patient_rows("C1", cni=True, ck=(900, 300)))
    report = mo.analyze(cohort)
    age = _row(report.baseline_rows, "Age at index, years")
    assert age.comparison is not None and age.comparison.result is None
    assert comparison_test(age.comparison) == "not tested: a group has no values"
    sex = _row(report.baseline_rows, "Female sex")
    assert (
        sex.comparison is not None
        and comparison_test(sex.comparison) == "not tested: a group is empty"
    )


def test_every_p_value_names_its_test() -> None:
    """Each p-value in Table 1 and the between-group table has the test beside it."""
    report = mo.analyze(mo.load_example())
    for table in (report.baseline_table(), report.between_table()):
        frame = table.to_frame()
        tested = frame[frame["P"] != ""]
        assert not tested.empty
        assert tested["Test"].str.len().gt(0).all()


def test_patient_order_does_not_change_the_report() -> None:
    """Reversing the order of patients, visits and regimens leaves every table the same."""
    cohort = mo.load_example()
    reversed_cohort = dataclasses.replace(
        cohort,
        patients=cohort.patients[::-1],
        visits=cohort.visits[::-1],
        regimens=cohort.regimens[::-1],
    )
    first, second = mo.analyze(cohort), mo.analyze(reversed_cohort)
    assert first.baseline_rows == second.baseline_rows
    assert first.within_rows == second.within_rows
    assert first.between_rows == second.between_rows


def test_excluded_rows_table_appears_only_when_rows_were_excluded() -> None:
    """The report lists excluded input rows, and leaves the table out when there are none."""
    excluded = (ExcludedRow("visits.csv", 7, "A1", "ck must be >= 0, got -3"),)
    with_rows = mo.analyze(_cohort(*_small_cohort_specs(), excluded=excluded))
    without = mo.analyze(_cohort(*_small_cohort_specs()))
    assert "visits.csv  7    A1       ck must be >= 0, got -3" in with_rows.to_text()
    assert "Excluded input rows" not in without.to_text()


def test_ild_progression_uses_the_chosen_reading() -> None:
    """A 9-point fall from 70 is progression when relative (12.9%) but not when absolute."""
    spec = _patient_rows("A9", cni=False, ck=(500, 400))
    spec["visits"] = [*spec["visits"], Visit(patient_id="A9", date="2016-01-01", fvc_pct=61.0)]
    cohort = _cohort(*_small_cohort_specs(), spec)
    relative = mo.analyze(cohort)
    absolute = mo.analyze(cohort, ild_rule=mo.IldProgressionRule(mo.FvcDeclineReading.ABSOLUTE))
    label = "ILD progression (patients with baseline ILD, evaluable)"
    assert _shown(_row(relative.between_rows, label))[1] == "1/3 (33.3%)"
    assert _shown(_row(absolute.between_rows, label))[1] == "0/3 (0.0%)"


def test_markdown_has_a_heading_per_table() -> None:
    """The markdown report has the title, Methods and one level-3 heading per table."""
    report = mo.analyze(mo.load_example())
    text = report.to_markdown()
    assert text.startswith("# MMF with or without a calcineurin inhibitor")
    assert text.count("\n### ") == len(report.tables())


@pytest.mark.parametrize("name", ["ck", "fvc_pct", "dlco_pct", "psl_mg", "hrct_score"])
def test_any_measure_can_be_analysed(name: str) -> None:
    """Every measure of the example, DLCO included, can be chosen for the outcome tables."""
    report = mo.analyze(mo.load_example(), measures=(name,))
    assert {row.measure.name for row in report.within_rows} == {name}


def test_measures_not_in_the_data_are_named() -> None:
    """A design measure with no value in the data is left out, and a notice says so.

    Notices are not printed in the manuscript: the report counts them (issue 22).
    """
    report = mo.analyze(mo.load_example(), measures=("ck", "mmt8"))
    assert {row.measure.name for row in report.within_rows} == {"ck"}
    assert any("not in the data: MMT-8 (score) (mmt8)" in n for n in report.notices)
    assert "not in the data" not in report.to_text()
    assert "Notices: 1 " in report.to_text()


def test_chi_square_fallback_says_why() -> None:
    """A chi-square p-value in the report says that the table was beyond Fisher's budget."""
    comparison = _compare_counts([[1_200_000, 800_000], [1_000_000, 1_000_000]])
    assert comparison_test(comparison) == (
        "Pearson's chi-square, Yates-corrected (table beyond Fisher's exact budget)"
    )


def test_within_frame_holds_the_numbers() -> None:
    """within_frame() gives numeric p-values equal to the result objects."""
    report = mo.analyze(mo.load_example())
    frame = report.within_frame()
    assert len(frame) == len(report.within_rows)
    first = report.within_rows[0].result
    assert first is not None
    assert frame.loc[0, "pvalue"] == first.pvalue
    assert (frame.loc[0, "test"], frame.loc[0, "method"]) == ("Wilcoxon signed-rank", "exact")


def test_comparisons_frame_lists_every_between_group_test() -> None:
    """comparisons_frame() has one row per tested characteristic, with its test named."""
    report = mo.analyze(mo.load_example())
    frame = report.comparisons_frame()
    tested = [r for r in (*report.baseline_rows, *report.between_rows) if r.comparison]
    assert len(frame) == len(tested)
    ild = frame[frame["characteristic"] == "ILD at baseline"]
    assert ild["pvalue"].item() == pytest.approx(1.0)
    assert ild["test"].item() == "Fisher's exact"


def test_unreachable_confidence_level_is_shown() -> None:
    """With four pairs a 95% interval cannot be reached; the table says which level was."""
    report = mo.analyze(_cohort(*_small_cohort_specs(), _patient_rows("C2", cni=True, ck=(5, 3))))
    text = report.within_table().to_text()
    assert "achieved" in text


def test_attrition_counts_patients_excluded_while_loading() -> None:
    """Patient rows dropped for data errors are counted before the screened patients."""
    cohort = dataclasses.replace(_small_cohort(), patients_read=7)
    rows = mo.analyze(cohort).attrition_table().rows
    assert rows[:3] == (
        ("Patient rows read", "7"),
        ("  excluded for data errors", "2"),
        ("Patients screened", "5"),
    )


def test_measures_may_be_given_by_name() -> None:
    """``measures`` accepts the measure names as strings."""
    report = mo.analyze(_small_cohort(), measures=("ck",))
    assert {row.measure for row in report.within_rows} == {CK}


def test_markdown_keeps_indentation_visible() -> None:
    """Indented rows keep their indentation in rendered markdown."""
    text = mo.analyze(mo.load_example()).attrition_table().to_markdown()
    assert "| \u2060\u2003MMF + CNI | 7 |" in text


def test_observation_period_is_missing_without_a_visit_after_the_index_date() -> None:
    """A living patient seen only before the index date has no observation time, not 0.0."""
    spec = _patient_rows("A3", cni=False, ck=(400, 300))
    spec["visits"] = spec["visits"][:1]
    report = mo.analyze(_cohort(*_small_cohort_specs(), spec))
    row = _row(report.baseline_rows, "Observation period, months")
    assert _shown(row)[1].endswith("(n = 2)")
    assert _shown(row)[1].startswith("5.9 [5.9, 5.9]")


def test_observation_period_is_missing_for_patients_without_visits() -> None:
    """With no visit at all nobody has observation time: missing in both groups, not tested."""
    specs = [dict(s, visits=[]) for s in _small_cohort_specs()]
    report = mo.analyze(_cohort(*specs))
    row = _row(report.baseline_rows, "Observation period, months")
    assert _shown(row) == ("- (n = 0)", "- (n = 0)")
    assert row.comparison is not None and row.comparison.result is None


def test_observation_period_ends_at_death_when_no_visit_follows_the_index() -> None:
    """A death after the index date ends the observation even without a later visit."""
    spec = _patient_rows("A3", cni=False, ck=(400, 300))
    spec["visits"] = spec["visits"][:1]
    spec["patient"] = spec["patient"].model_copy(update={"death_date": day(95)})
    report = mo.analyze(_cohort(*_small_cohort_specs(), spec))
    row = _row(report.baseline_rows, "Observation period, months")
    assert "(n =" not in _shown(row)[1]


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("cohort", None, "cohort must be a Cohort (load one with mo.load_cohort"),
        ("cohort", "data/", "cohort must be a Cohort (load one with mo.load_cohort"),
        ("design", 30, "design must be a StudyDesign or None, got int"),
        ("outcome_rules", "last", "outcome_rules must be an OutcomeRules or None, got str"),
        (
            "ild_rule",
            10,
            "ild_rule must be an ILD criterion (myopathy_outcomes.rules.ild) or None, got int",
        ),
        ("measures", "ck", "measures must be a sequence of measure names, got str"),
    ],
)
def test_analyze_names_the_misused_argument(argument: str, value: object, message: str) -> None:
    """A wrong argument to analyze raises a TypeError that names it."""
    kwargs: dict[str, object] = {"cohort": _small_cohort(), argument: value}
    with pytest.raises(TypeError, match=re.escape(message)):
        mo.analyze(**kwargs)  # type: ignore[arg-type]


def test_analyze_rejects_an_unknown_measure() -> None:
    """A misspelt measure is named with the allowed ones."""
    with pytest.raises(ValueError, match="unknown measure 'fvc'; use one of ck, aldolase"):
        mo.analyze(_small_cohort(), measures=["fvc"])


def test_analyze_refuses_a_cohort_without_patients() -> None:
    """An empty cohort is an error that says so, not an empty report."""
    with pytest.raises(ValueError, match="nothing to analyse: in-memory holds no patient rows"):
        mo.analyze(Cohort(patients=()))


@dataclasses.dataclass(frozen=True)
class _EveryoneProgressed:
    """A criterion of one's own that borrows a built-in name: everyone evaluable progressed."""

    name: str = "ppf2022"
    measures: tuple[str, ...] = ("fvc_pct",)

    def describe(self) -> str:
        return "ILD progression (own): every patient with a baseline %FVC"

    def assess(
        self, record: mo.models.PatientRecord, index_date: object, baselines: object
    ) -> mo.rules.ild.IldProgression:
        return mo.rules.ild.IldProgression(
            record.patient_id, True, True, None, None, None, "progressed", criterion=self.name
        )


def _counts(row: SummaryRow) -> list[tuple[int, int]]:
    return [(c.count, c.total) for c in row.cells]  # type: ignore[union-attr]


def test_a_criterion_named_like_a_sensitivity_criterion_stays_the_main_one() -> None:
    """The main ILD row is the design's criterion even when a sensitivity one has its name."""
    own = dataclasses.replace(mo.studies.HANAOKA_2019, ild_rule=_EveryoneProgressed())
    with_sensitivity = dataclasses.replace(own, ild_sensitivity=("ppf2022",))
    ppf = dataclasses.replace(mo.studies.HANAOKA_2019, ild_rule=mo.rules.ild.criterion("ppf2022"))
    cohort = mo.load_example()
    alone, both, real = (mo.analyze(cohort, d) for d in (own, with_sensitivity, ppf))
    assert _counts(both.between_rows[0]) == _counts(alone.between_rows[0])
    assert all(k == n for k, n in _counts(both.between_rows[0]))
    assert _counts(both.ild_sensitivity_rows[0]) == _counts(real.between_rows[0])


def test_both_follow_up_analyses_side_by_side() -> None:
    """report_both adds the other analysis's time to event, equal to running that analysis."""
    rules = mo.OutcomeRules(grace_days=30, report_both=True)
    both = mo.analyze(mo.load_example(), outcome_rules=rules)
    as_treated = mo.analyze(
        mo.load_example(),
        outcome_rules=mo.OutcomeRules(follow_up_analysis="as-treated", grace_days=30),
    )
    intention = mo.analyze(mo.load_example())
    pd.testing.assert_frame_equal(both.time_to_event_frame(), intention.time_to_event_frame())
    pd.testing.assert_frame_equal(
        both.time_to_event_frame(other=True), as_treated.time_to_event_frame()
    )
    titles = [t.title for t in both.tables()]
    assert "Time to event, as treated (sensitivity analysis)" in titles
    assert "follow_up_end" in as_treated.event_frame().columns
