"""Reasons and attrition rows read as English whatever the design's labels."""

from __future__ import annotations

import pytest

from myopathy_outcomes.columnar import assign_table
from myopathy_outcomes.design import Arm, DrugSet, StudyDesign
from myopathy_outcomes.rules import reasons
from myopathy_outcomes.rules.groups import assign_groups
from myopathy_outcomes.rules.reasons import Ineligibility
from myopathy_outcomes.storage import Cohort, RegimenTable
from tests._records import patient, rx

ARTICLED = StudyDesign(
    title="MMF with or without tacrolimus",
    index=DrugSet(drugs=["MMF"], label="an antimetabolite"),
    background=DrugSet(classes=["glucocorticoid"], label="a glucocorticoid"),
    prior=DrugSet(drugs=["azathioprine"], label="The prior drug"),
    arms=(Arm("TAC", DrugSet(drugs=["tacrolimus"])), Arm("no TAC")),
)


def _reasons(*regimens_of_patients: tuple[object, ...]) -> list[str]:
    """The reasons of both engines, checked equal, for one patient per regimen tuple."""
    pids = [f"P{i}" for i in range(len(regimens_of_patients))]
    regimens = tuple(
        rx(r[0], r[1], r[2] if len(r) > 2 else None, pid=pid)  # type: ignore[arg-type]
        for pid, rs in zip(pids, regimens_of_patients, strict=True)
        for r in rs  # type: ignore[attr-defined]
    )
    cohort = Cohort(patients=tuple(patient(pid) for pid in pids), regimens=regimens)
    reference = assign_groups(cohort, ARTICLED)
    columnar = assign_table(RegimenTable.from_models(pids, cohort.regimens), ARTICLED)
    assert list(columnar) == list(reference)
    return [a.reason for a in reference]


def test_labels_with_an_article_lose_it_after_no() -> None:
    """'no a glucocorticoid' never appears: the article goes after 'no'."""
    no_index, no_background, no_prior = _reasons(
        (("prednisolone", -10),),
        (("azathioprine", -100), ("MMF", 0)),
        (("prednisolone", -10), ("MMF", 0)),
    )
    assert no_index == "not eligible: no antimetabolite regimen"
    assert no_background.startswith("not eligible: no glucocorticoid active on the MMF start")
    assert no_prior.startswith("not eligible: no prior drug other than MMF started before MMF")


@pytest.mark.parametrize(
    ("kind", "step"),
    [
        (Ineligibility.NO_INDEX, "no antimetabolite"),
        (Ineligibility.NO_BACKGROUND, "not on a glucocorticoid at the index date"),
        (Ineligibility.NO_PRIOR, "no prior drug before an antimetabolite"),
    ],
)
def test_attrition_rows_with_articled_labels(kind: Ineligibility, step: str) -> None:
    """Attrition rows keep an article only where English wants one."""
    assert reasons.exclusion_step(ARTICLED, kind) == step


def test_methods_text_drops_the_article_after_another() -> None:
    """The Methods text reads 'another prior drug', not 'another The prior drug'."""
    assert "another prior drug (azathioprine; not MMF) started before it" in ARTICLED.describe()


def test_three_names_are_listed_with_commas() -> None:
    """Several drugs started on the index day are listed 'a, b or c'."""
    design = StudyDesign(
        title="t",
        index=DrugSet(drugs=["MMF"]),
        prior=DrugSet(classes=["antimetabolite", "biologic", "calcineurin inhibitor"]),
        arms=(Arm("A", DrugSet(drugs=["IVIG"])), Arm("B")),
    )
    regimens = (rx("MMF", 0), rx("azathioprine", 0), rx("rituximab", 0), rx("tacrolimus", 0))
    cohort = Cohort(patients=(patient(),), regimens=regimens)
    (a,) = assign_groups(cohort, design)
    assert a.reason.endswith("(azathioprine, rituximab or tacrolimus started the same day)")
