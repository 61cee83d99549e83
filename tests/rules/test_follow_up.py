"""As-treated follow-up: discontinuation with grace, bridged gaps, switches; both engines agree."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.columnar import assign_table
from myopathy_outcomes.derived import as_treated_ends
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.models import Regimen
from myopathy_outcomes.outcomes import OutcomeRules
from myopathy_outcomes.rules.follow_up import FollowUpEnd
from myopathy_outcomes.rules.groups import assign_groups
from myopathy_outcomes.storage import Cohort
from myopathy_outcomes.studies import HANAOKA_2019
from tests._records import day, patient, rx
from tests.columnar.test_assignment import DESIGNS, cohorts
from tests.rules.test_new_users import AZA_MTX

AS_TREATED = OutcomeRules(follow_up_analysis="as-treated", grace_days=60)


def ends(design: StudyDesign, cohort: Cohort) -> list[FollowUpEnd]:
    """Both engines' ends of as-treated follow-up, checked equal."""
    reference = as_treated_ends(cohort, assign_groups(cohort, design), design)
    table = assign_table(cohort.regimen_table, design, cohort.first_visit_days)
    columnar = as_treated_ends(cohort, table, design)
    analysed = [a.group is not None for a in table]
    got = [e for e, keep in zip(columnar, analysed, strict=True) if keep]
    want = [e for e, keep in zip(reference, analysed, strict=True) if keep]
    assert got == want
    return got


def end_of(design: StudyDesign, *regimens: Regimen) -> FollowUpEnd:
    """One patient's end under ``design`` made as-treated with 60 days' grace."""
    design = dataclasses.replace(design, outcome_rules=AS_TREATED)
    (end,) = ends(design, Cohort(patients=(patient(),), regimens=regimens))
    return end


def test_follow_up_ends_at_the_stop_plus_grace() -> None:
    """A stopped course ends follow-up 60 days (the grace) after its stop."""
    end = end_of(AZA_MTX, rx("azathioprine", 0, 100))
    assert end == FollowUpEnd(day(160), "azathioprine stopped 2015-06-16 + 60 days grace")


@pytest.mark.parametrize(("restart", "last_day"), [(160, 360), (161, 160)])
def test_a_restart_within_the_grace_is_bridged(restart: int, last_day: int) -> None:
    """A gap of up to the grace joins two courses; a longer gap ends the episode."""
    end = end_of(AZA_MTX, rx("azathioprine", 0, 100), rx("azathioprine", restart, 300))
    assert end.day == day(last_day)


def test_a_course_without_a_stop_date_never_ends() -> None:
    """No stop date: on treatment to the last record."""
    assert end_of(AZA_MTX, rx("azathioprine", 0)) == FollowUpEnd(
        None, "on treatment to the last record"
    )


@pytest.mark.parametrize(("start", "cause"), [(160, "switched"), (161, "stopped")])
def test_a_switch_on_the_last_day_of_grace_is_a_switch(start: int, cause: str) -> None:
    """The other arm's drug started on the last day of grace ends follow-up as a switch."""
    end = end_of(AZA_MTX, rx("azathioprine", 0, 100), rx("methotrexate", start))
    assert end.day == day(160)
    assert cause in end.cause


def test_an_add_on_arm_ends_when_the_add_on_stops() -> None:
    """MMF + CNI: the CNI stopped ends follow-up, though MMF goes on."""
    end = end_of(
        HANAOKA_2019,
        rx("prednisolone", -400),
        rx("azathioprine", -300, -10),
        rx("MMF", 0),
        rx("tacrolimus", 10, 100),
    )
    assert end == FollowUpEnd(day(160), "tacrolimus stopped 2015-06-16 + 60 days grace")


def test_starting_an_add_on_switches_the_arm_without_one() -> None:
    """MMF alone: a CNI started after the 30-day window is a switch."""
    end = end_of(
        HANAOKA_2019,
        rx("prednisolone", -400),
        rx("azathioprine", -300, -10),
        rx("MMF", 0),
        rx("cyclosporine", 45),
    )
    assert end == FollowUpEnd(day(45), "switched: cyclosporine started 2015-04-22")


def test_intention_to_treat_is_the_default() -> None:
    """Without as-treated, the outcome rules have no grace and no end."""
    assert not OutcomeRules().as_treated
    with pytest.raises(ValueError, match="grace_days is used only with"):
        OutcomeRules(grace_days=30)


@settings(max_examples=200, deadline=None)
@given(
    cohort=cohorts(),
    design=st.sampled_from(DESIGNS),
    grace=st.sampled_from([0, 1, 30]),
)
def test_columnar_as_treated_ends_equal_the_reference(
    cohort: Cohort, design: StudyDesign, grace: int
) -> None:
    """Every analysed patient's end and cause are the same from both engines."""
    rules = OutcomeRules(follow_up_analysis="as-treated", grace_days=grace)
    ends(dataclasses.replace(design, outcome_rules=rules), cohort)


def test_the_day_is_a_date() -> None:
    """FollowUpEnd.day is a calendar date."""
    assert isinstance(end_of(AZA_MTX, rx("azathioprine", 0, 1)).day, date)
