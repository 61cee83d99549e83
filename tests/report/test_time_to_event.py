"""The example report's time-to-event section equals R (survival, coin) number for number."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes import time_to_event
from myopathy_outcomes.outcomes import Endpoint, EventTime
from myopathy_outcomes.report import display
from myopathy_outcomes.report.html import report_html
from myopathy_outcomes.time_to_event import EXACT_LOGRANK_MAX_PATIENTS, summarise_endpoints

R = Path(__file__).parent / "r"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return mo.analyze(mo.load_example()).time_to_event_frame()


def test_event_times_are_the_r_input() -> None:
    """The committed R input is what report.event_frame() gives today."""
    report = mo.analyze(mo.load_example())
    events = report.event_frame()
    events = events[events["days"].notna()]
    committed = pd.read_csv(R / "example_event_times.csv")
    assert list(events["days"].astype(int)) == list(committed["days"])
    assert list(events["event"].astype(int)) == list(committed["event"])


@pytest.mark.parametrize(
    "row",
    pd.read_csv(R / "example_time_to_event.csv").to_dict("records"),
    ids=lambda r: r["endpoint"],
)
def test_section_equals_r(frame: pd.DataFrame, row: dict[str, float]) -> None:
    """Log-rank (survdiff, coin exact), Cox hazard ratio and 1-year survival equal R."""
    rows = frame[frame["endpoint"] == row["endpoint"]].set_index("group")
    cni, alone = rows.loc["MMF + CNI"], rows.loc["MMF alone"]
    for column in ("logrank_pvalue", "logrank_exact_pvalue"):
        assert cni[column] == pytest.approx(row[column], rel=1e-9)
    assert cni["hazard_ratio"] == pytest.approx(row["hazard_ratio"], rel=1e-6)
    assert cni["hr_low"] == pytest.approx(row["hr_low"], rel=1e-6)
    assert cni["hr_high"] == pytest.approx(row["hr_high"], rel=1e-6)
    assert alone["survival_1y"] == pytest.approx(row["survival_1y_alone"], rel=1e-12)
    assert cni["survival_1y"] == pytest.approx(row["survival_1y_cni"], rel=1e-12)
    assert alone["hazard_ratio"] == 1.0


def test_no_events_means_no_test() -> None:
    """An endpoint without events is described and says why it is not compared."""
    cohort = mo.load_example()
    alive = tuple(p.model_copy(update={"death_date": None}) for p in cohort.patients)
    report = mo.analyze(dataclasses.replace(cohort, patients=alive))
    death = next(s for s in report.endpoints if s.endpoint == "death")
    assert (death.logrank, death.cox, death.note) == (None, None, "not compared: no events")
    assert "Time to death: not compared: no events." in report.to_text()


def test_events_outside_the_shared_risk_set_are_not_compared() -> None:
    """With every event after the other group has left follow-up, the note says so."""
    times = [
        EventTime("A", Endpoint.DEATH, 100, False, 0, "censored"),
        EventTime("B", Endpoint.DEATH, 300, True, 1, "died"),
    ]
    death = summarise_endpoints(times, {"A": "x", "B": "y"}, ("x", "y"))[1]
    assert death.logrank is None
    assert death.note is not None and death.note.startswith("not compared: ")


# The only two events fall on one day, when only those two patients (one a group) are at
# risk: survdiff stops (singular variance), while R's
#   coxph(Surv(days, event) ~ g, ties = "efron")
# on days = c(50, 200, 80, 200), event = c(0, 1, 0, 1), g = c("x", "x", "y", "y")
# (reference "y") fits without a warning: HR 1.000 (95% CI 0.0625 to 15.99), p = 1 (issue 18).
# At beta = 0 Efron's information is 1/2, so the interval is exp(-/+ qnorm(0.975) sqrt(2)).
TIED_PAIR = (
    EventTime("x1", Endpoint.DEATH, 50, False, 0, "censored"),
    EventTime("x2", Endpoint.DEATH, 200, True, 1, "died"),
    EventTime("y1", Endpoint.DEATH, 80, False, 0, "censored"),
    EventTime("y2", Endpoint.DEATH, 200, True, 1, "died"),
)
TIED_GROUPS = {"x1": "x", "x2": "x", "y1": "y", "y2": "y"}


def test_a_singular_logrank_variance_keeps_the_cox_model_of_r() -> None:
    """Without a log-rank test (singular variance) the Cox model is still fitted, as R's."""
    death = summarise_endpoints(TIED_PAIR, TIED_GROUPS, ("x", "y"))[1]
    assert death.logrank is None
    assert death.cox is not None
    assert death.cox.hazard_ratio[0] == pytest.approx(1.0, abs=1e-12)
    assert tuple(death.cox.hazard_ratio_conf_int[0]) == pytest.approx((0.0625, 15.99), rel=1e-3)
    half_width = math.sqrt(2) * 1.959963984540054
    assert death.cox.hazard_ratio_conf_int[0, 1] == pytest.approx(math.exp(half_width), rel=1e-9)
    assert death.cox.pvalues[0] == pytest.approx(1.0, abs=1e-12)


def test_a_singular_logrank_variance_is_noted_beside_the_hazard_ratio() -> None:
    """The table gives the hazard ratio and says why there is no log-rank p-value."""
    report = mo.analyze(mo.load_example())
    design = dataclasses.replace(
        report.design,
        arms=tuple(
            dataclasses.replace(arm, label=label)
            for arm, label in zip(report.design.arms, ("x", "y"), strict=True)
        ),
    )
    tied = dataclasses.replace(
        report, design=design, endpoints=summarise_endpoints(TIED_PAIR, TIED_GROUPS, ("x", "y"))
    )
    frame = tied.time_to_event_frame().set_index(["endpoint", "group"])
    assert frame.loc[("death", "x"), "hr_pvalue"] == pytest.approx(1.0, abs=1e-12)
    table = display.time_to_event_table(tied)
    death = [row for row in table.rows if row[1] == "x"][1]
    assert death[-3:] == ("1.00 (0.06 to 15.99)", "", "")
    assert (
        "Time to death: log-rank: the variance matrix is singular (R's survdiff stops here "
        "too); no test." in table.notes
    )


def test_exact_logrank_is_not_tried_for_a_registry() -> None:
    """Above EXACT_LOGRANK_MAX_PATIENTS the section gives the asymptotic test and says why."""
    n = EXACT_LOGRANK_MAX_PATIENTS + 1
    times = [
        EventTime(f"P{i}", Endpoint.DEATH, 30 + i % 97, i % 3 == 0, int(i % 3 == 0), "x")
        for i in range(n)
    ]
    groups = {f"P{i}": "xy"[i % 2] for i in range(n)}
    death = summarise_endpoints(times, groups, ("x", "y"))[1]
    assert death.logrank is not None and death.logrank_exact is None
    assert death.note == (
        f"exact log-rank not tried above {EXACT_LOGRANK_MAX_PATIENTS} patients: asymptotic only"
    )


def test_an_empty_group_has_a_hyphen_for_each_survival_year(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A group without patients shows "-" under every year another group is followed to."""
    years = (1, 2, 3, 5)
    monkeypatch.setattr(time_to_event, "SURVIVAL_YEARS", years)
    monkeypatch.setattr(display, "SURVIVAL_YEARS", years)
    report = mo.analyze(mo.load_example())
    times = [
        EventTime("A", Endpoint.DEATH, 400, True, 1, "died"),
        EventTime("B", Endpoint.DEATH, 2000, False, 0, "censored"),
    ]
    cni, alone = report.design.group_labels
    endpoints = summarise_endpoints(times, {"A": cni, "B": cni}, (cni, alone))
    table = display.time_to_event_table(dataclasses.replace(report, endpoints=endpoints))
    assert [len(row) for row in table.rows] == [len(table.columns)] * len(table.rows)
    death = [row for row in table.rows if row[1] == alone][1]
    assert death[4:8] == ("-", "-", "-", "-")


@pytest.fixture(scope="module")
def example() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


def test_estimates_are_named_event_free_with_each_endpoint_in_a_note(
    example: mo.StudyReport,
) -> None:
    """Three endpoints: "1-year event-free", and a note naming each endpoint's estimate."""
    table = example.time_to_event_table()
    assert "1-year event-free" in table.columns
    assert not any("survival" in column for column in table.columns)
    assert (
        "Event-free: progression-free for time to ILD progression; survival for time to "
        "death; progression-free survival for time to ILD progression or death."
    ) in table.notes


@pytest.mark.parametrize(
    ("endpoint", "words"),
    [
        ("ild_progression", "progression-free"),
        ("death", "survival"),
        ("progression_or_death", "progression-free survival"),
    ],
)
def test_one_endpoint_names_its_own_estimate(
    example: mo.StudyReport, endpoint: str, words: str
) -> None:
    """A table of ILD progression alone says "1-year progression-free", of death "survival"."""
    alone = tuple(s for s in example.endpoints if s.endpoint == endpoint)
    table = display.time_to_event_table(dataclasses.replace(example, endpoints=alone))
    assert f"1-year {words}" in table.columns
    assert not any(note.startswith("Event-free:") for note in table.notes)


def test_no_column_past_the_longest_follow_up(example: mo.StudyReport) -> None:
    """Follow-up ends before 3 years: no 3-year column, and a note says why."""
    table = example.time_to_event_table()
    assert [c for c in table.columns if "-year" in c] == ["1-year event-free", "2-year event-free"]
    assert "No estimate at 3 years: no group is followed that long." in table.notes
    assert all(len(row) == len(table.columns) for row in table.rows)


def test_a_group_followed_three_years_gets_the_column(example: mo.StudyReport) -> None:
    """One group with a 3-year estimate brings the 3-year column back, "-" for the others."""
    first = example.endpoints[0]
    group = first.groups[0]
    survival = tuple((y, 0.5, 0.25, 0.75) if y == 3 else (y, *s) for y, *s in group.survival)
    longer = dataclasses.replace(
        first, groups=(dataclasses.replace(group, survival=survival), *first.groups[1:])
    )
    report = dataclasses.replace(example, endpoints=(longer, *example.endpoints[1:]))
    table = display.time_to_event_table(report)
    column = table.columns.index("3-year event-free")
    assert [row[column] for row in table.rows][:3] == ["50.0% (25.0 to 75.0)", "-", "-"]
    assert not any(note.startswith("No estimate at") for note in table.notes)


def test_every_renderer_shows_the_event_free_heading(example: mo.StudyReport) -> None:
    """Text, Markdown, HTML and LaTeX say "1-year event-free" and never "1-year survival"."""
    for document in (
        example.to_text(),
        example.to_markdown(),
        report_html(example),  # without figures, which take seconds
        example.to_latex(),
    ):
        assert "1-year event-free" in document
        assert "year survival" not in document
