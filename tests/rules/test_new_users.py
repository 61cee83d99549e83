"""Head-to-head new-user designs: arms by the drug started, same-day starts, look-back, washout.

Every case runs through both engines (the per-patient rules and the columnar
twin), which must agree field for field, reasons and rows included.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from myopathy_outcomes.columnar import assign_table
from myopathy_outcomes.design import Arm, DrugSet, StudyDesign
from myopathy_outcomes.models import Regimen, Visit
from myopathy_outcomes.rules.groups import Assignment, assign_groups, with_rows
from myopathy_outcomes.rules.reasons import Ineligibility
from myopathy_outcomes.storage import Cohort
from tests._records import day, patient, rx

AZA_MTX = StudyDesign(
    title="Azathioprine vs methotrexate, new users",
    index=None,
    arms=(
        Arm("AZA", index=DrugSet(drugs=["azathioprine"])),
        Arm("MTX", index=DrugSet(drugs=["methotrexate"])),
    ),
)


def assign(design: StudyDesign, *regimens: Regimen, visits: tuple[int, ...] = ()) -> Assignment:
    """One patient's assignment, the same from both engines (row numbers 2, 3, ...)."""
    cohort = Cohort(
        patients=(patient(),),
        regimens=regimens,
        visits=tuple(Visit(patient_id="P01", date=day(d)) for d in visits),
        regimen_rows=tuple(range(2, 2 + len(regimens))),
    )
    (reference,) = with_rows(assign_groups(cohort, design), cohort)
    (columnar,) = assign_table(cohort.regimen_table, design, cohort.first_visit_days)
    assert columnar == reference
    return reference


def test_the_arm_is_the_drug_started() -> None:
    """The first start of either arm's drug is the index date and chooses the arm."""
    a = assign(AZA_MTX, rx("methotrexate", 0), rx("azathioprine", 200))
    assert (a.group, a.index_date, a.add_on) == ("MTX", day(0), None)
    assert a.reason == (
        "MTX: methotrexate started 2015-03-08, the first start of azathioprine or methotrexate"
    )


def test_two_arms_started_the_same_day_are_not_eligible() -> None:
    """Both arms' drugs on the index date: not eligible, both rows named."""
    a = assign(AZA_MTX, rx("methotrexate", 0), rx("azathioprine", 0))
    assert a.ineligibility is Ineligibility.SAME_DAY
    assert a.reason == (
        "not eligible: azathioprine and methotrexate started the same day, 2015-03-08 "
        "(groups AZA and MTX)"
    )
    assert (a.index_row, a.named_row) == (3, 2)
    assert a.exclusion == "two groups' drugs started the same day"


def test_arm_order_resolves_same_day_starts() -> None:
    """Under "arm-order" the group listed first takes a same-day start, and says so."""
    design = dataclasses.replace(AZA_MTX, same_day_starts="arm-order")
    a = assign(design, rx("methotrexate", 0), rx("azathioprine", 0))
    assert a.group == "AZA"
    assert a.reason.endswith("(methotrexate started the same day; the group listed first)")


@pytest.mark.parametrize(("first_record", "eligible"), [(-365, True), (-364, False)])
def test_look_back_just_enough_and_just_short(first_record: int, eligible: bool) -> None:
    """A visit 365 days before the index date meets a 365-day look-back; 364 does not."""
    design = dataclasses.replace(AZA_MTX, lookback_days=365)
    a = assign(design, rx("azathioprine", 0), visits=(first_record, 10))
    assert a.eligible is eligible
    if not eligible:
        assert a.reason == (
            "not eligible: the first record, a visit 2014-03-09, is 364 days before the index "
            "date 2015-03-08; a look-back of 365 days is needed"
        )
        assert a.exclusion == "records for less than 365 days before the index date"


def test_look_back_names_the_first_regimen() -> None:
    """A regimen is the first record when it starts before (or on the day of) any visit."""
    design = dataclasses.replace(AZA_MTX, lookback_days=365)
    a = assign(design, rx("prednisolone", -100), rx("azathioprine", 0), visits=(-100,))
    assert a.reason.startswith("not eligible: the first record, prednisolone started 2014-11-28")
    assert (a.named_regimen, a.named_row) == (rx("prednisolone", -100), 2)


@pytest.mark.parametrize(("stopped", "eligible"), [(-31, True), (-30, False), (-29, False)])
def test_washout_days_n_minus_one_n_n_plus_one(stopped: int, eligible: bool) -> None:
    """A course stopped 30 days before the index date is inside a 30-day washout; 31 is not."""
    design = dataclasses.replace(
        AZA_MTX, washout_days=30, washout=DrugSet(classes=["calcineurin inhibitor"])
    )
    a = assign(design, rx("tacrolimus", -200, stopped), rx("azathioprine", 0))
    assert a.eligible is eligible
    if not eligible:
        assert a.ineligibility is Ineligibility.WASHOUT
        assert a.named_row == 2
        assert a.reason == (
            f"not eligible: tacrolimus started 2014-08-20, stopped {day(stopped)}: taken in "
            "the 30 days before the index date 2015-03-08 (washout)"
        )


def test_washout_counts_a_course_without_a_stop_date() -> None:
    """An ongoing course (no stop date) started before the index date breaks the washout."""
    design = dataclasses.replace(
        AZA_MTX, washout_days=30, washout=DrugSet(classes=["calcineurin inhibitor"])
    )
    a = assign(design, rx("tacrolimus", -900), rx("azathioprine", 0))
    assert a.reason.endswith(
        "tacrolimus started 2012-09-19: taken in the 30 days before the "
        "index date 2015-03-08 (washout)"
    )


def test_a_course_started_on_the_index_date_is_not_in_the_washout() -> None:
    """The washout covers the days before the index date, not the day itself."""
    design = dataclasses.replace(
        AZA_MTX, washout_days=30, washout=DrugSet(classes=["calcineurin inhibitor"])
    )
    assert assign(design, rx("tacrolimus", 0), rx("azathioprine", 0)).eligible


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {
                "arms": (
                    Arm("A", index=DrugSet(classes=["antimetabolite"])),
                    Arm("B", index=DrugSet(drugs=["methotrexate"])),
                )
            },
            "groups 'A' and 'B' share index drugs (methotrexate)",
        ),
        (
            {"arms": (Arm("A", index=DrugSet(drugs=["azathioprine"])), Arm("B"))},
            "group 'B' does not",
        ),
        (
            {"prior": DrugSet(drugs=["azathioprine", "methotrexate"])},
            "every drug of prior is an index drug",
        ),
    ],
)
def test_designs_that_cannot_admit_anyone_are_refused(
    change: dict[str, object], message: str
) -> None:
    """A design no patient could enter is refused in one line naming the keys."""
    with pytest.raises(ValueError, match=re.escape(message)):
        dataclasses.replace(AZA_MTX, **change)  # type: ignore[arg-type]


def test_an_add_on_made_of_index_drugs_is_refused() -> None:
    """An add-on arm whose drugs are all index drugs could never be chosen."""
    with pytest.raises(ValueError, match="every drug of group 'X''s add_on is an index drug"):
        StudyDesign(
            title="t",
            index=DrugSet(drugs=["MMF"]),
            arms=(Arm("X", DrugSet(drugs=["MMF"])), Arm("Y")),
        )
