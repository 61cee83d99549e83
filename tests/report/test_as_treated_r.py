"""As-treated Kaplan-Meier, log-rank and Cox results equal R's survival on the exported times."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.report._as_treated_cohort import intention_to_treat, report

R = Path(__file__).parent / "r"


@pytest.fixture(scope="module")
def analysed() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The as-treated report's event times and time-to-event frame."""
    done = report()
    return done.event_frame(), done.time_to_event_frame()


def test_event_times_are_the_r_input(analysed: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """The committed R input is what the as-treated report's event_frame() gives today."""
    events = analysed[0]
    events = events[events["days"].notna()]
    committed = pd.read_csv(R / "as_treated_event_times.csv")
    assert list(events["patient_id"]) == list(committed["patient_id"])
    assert list(events["days"].astype(int)) == list(committed["days"])
    assert list(events["event"].astype(int)) == list(committed["event"])


def test_as_treated_differs_from_intention_to_treat(
    analysed: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """The cohort stops and switches: follow-up ends earlier for some patients."""
    ends = analysed[0].drop_duplicates("patient_id")["follow_up_cause"]
    assert ends.str.startswith("switched").any() and ends.str.contains("grace").any()
    itt = intention_to_treat().time_to_event_frame()
    assert list(itt["events"]) != list(analysed[1]["events"])


@pytest.mark.parametrize(
    "row",
    pd.read_csv(R / "as_treated_time_to_event.csv").to_dict("records"),
    ids=lambda r: r["endpoint"],
)
def test_as_treated_time_to_event_equals_r(
    analysed: tuple[pd.DataFrame, pd.DataFrame], row: dict[str, float]
) -> None:
    """survdiff, coxph (Efron) and survfit (log intervals) on the exported times."""
    rows = analysed[1][analysed[1]["endpoint"] == row["endpoint"]].set_index("group")
    mtx, aza = rows.loc["methotrexate"], rows.loc["azathioprine"]
    assert mtx["logrank_pvalue"] == pytest.approx(row["logrank_pvalue"], rel=1e-9)
    assert mtx["hazard_ratio"] == pytest.approx(row["hazard_ratio"], rel=1e-6)
    assert mtx["hr_low"] == pytest.approx(row["hr_low"], rel=1e-6)
    assert mtx["hr_high"] == pytest.approx(row["hr_high"], rel=1e-6)
    assert aza["survival_1y"] == pytest.approx(row["survival_1y_azathioprine"], rel=1e-12)
    assert mtx["survival_1y"] == pytest.approx(row["survival_1y_methotrexate"], rel=1e-12)
    assert mtx["survival_1y_low"] == pytest.approx(row["low_1y_methotrexate"], rel=1e-9)
    assert mtx["survival_1y_high"] == pytest.approx(row["high_1y_methotrexate"], rel=1e-9)
