"""Eligibility and group assignment (myopathy_outcomes.rules) under the paper's design."""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.design import Arm, DrugSet, StudyDesign
from myopathy_outcomes.drugs import Drug, DrugClass
from myopathy_outcomes.rules.eligibility import Ineligibility
from myopathy_outcomes.rules.groups import assign_group, assign_groups
from myopathy_outcomes.storage import Cohort
from myopathy_outcomes.studies import HANAOKA_2019
from tests._records import INDEX, background, cohorts, day, record, rx

# -- group: the CNI window ------------------------------------------------------------


def test_cni_started_on_day_30_is_mmf_cni() -> None:
    """A CNI started 30 days after MMF is inside the inclusive window."""
    a = assign_group(record(*background(), rx("tacrolimus", 30)), HANAOKA_2019)
    assert a.group == "MMF + CNI"
    assert a.add_on is Drug.TACROLIMUS
    assert a.reason == (
        f"MMF + CNI: tacrolimus started {day(30)}, 30 days after MMF (within 30 days)"
    )


def test_cni_started_on_day_31_is_mmf_alone() -> None:
    """A CNI started 31 days after MMF is outside the window."""
    a = assign_group(record(*background(), rx("tacrolimus", 31)), HANAOKA_2019)
    assert a.group == "MMF alone"
    assert a.add_on is None
    assert f"tacrolimus started {day(31)}, 31 days after" in a.reason


def test_cni_window_is_configurable() -> None:
    """With a zero-day window only a CNI active on the index date counts."""
    rules = dataclasses.replace(HANAOKA_2019, add_on_window_days=0)
    assert assign_group(record(*background(), rx("tacrolimus", 1)), rules).group == "MMF alone"
    assert assign_group(record(*background(), rx("tacrolimus", 0)), rules).group == "MMF + CNI"


def test_cni_active_on_index_started_before_is_mmf_cni() -> None:
    """A CNI started before MMF and still taken on the index date counts."""
    a = assign_group(record(*background(), rx("cyclosporine", -60)), HANAOKA_2019)
    assert a.group == "MMF + CNI"
    assert a.reason == (
        f"MMF + CNI: cyclosporine active on the MMF start date {INDEX} (started {day(-60)})"
    )


def test_cni_stopped_on_index_date_is_a_switch() -> None:
    """A CNI stopped on the day MMF starts was switched, not combined: MMF alone."""
    a = assign_group(record(*background(), rx("cyclosporine", -60, 0)), HANAOKA_2019)
    assert a.group == "MMF alone"
    assert a.reason.endswith(f"; cyclosporine stopped {INDEX}, on the day MMF started (a switch)")


def test_cni_stopped_the_day_after_index_counts() -> None:
    """A CNI still taken the day after MMF starts is concomitant: MMF + CNI."""
    assert (
        assign_group(record(*background(), rx("cyclosporine", -60, 1)), HANAOKA_2019).group
        == "MMF + CNI"
    )


def test_cni_stopped_before_index_not_counted() -> None:
    """A CNI stopped the day before MMF does not make the patient MMF + CNI."""
    a = assign_group(record(*background(), rx("cyclosporine", -60, -1)), HANAOKA_2019)
    assert a.group == "MMF alone"
    assert a.reason.endswith(f"; cyclosporine stopped {day(-1)}, before MMF")


@pytest.mark.parametrize("drug", [Drug.TACROLIMUS, Drug.CYCLOSPORINE])
def test_either_cni_gives_mmf_cni(drug: Drug) -> None:
    """Tacrolimus and cyclosporine both put the patient in MMF + CNI, and are recorded."""
    a = assign_group(record(*background(), rx(drug, 5)), HANAOKA_2019)
    assert (a.group, a.add_on) == ("MMF + CNI", drug)


def test_cni_before_index_counts_as_prior_immunosuppressant() -> None:
    """A CNI given before MMF makes the patient refractory to a prior immunosuppressant."""
    a = assign_group(
        record(rx("prednisolone", -400), rx("cyclosporine", -200, -1), rx("MMF", 0)), HANAOKA_2019
    )
    assert a.eligible
    assert a.prior == (Drug.CYCLOSPORINE,)


def test_first_of_several_cnis_is_recorded() -> None:
    """With two qualifying CNIs, the one started first is recorded."""
    a = assign_group(
        record(*background(), rx("tacrolimus", 20), rx("cyclosporine", 3)), HANAOKA_2019
    )
    assert a.add_on is Drug.CYCLOSPORINE


def test_mmf_alone_reason_names_the_window() -> None:
    """The MMF alone reason states the window and its end date."""
    a = assign_group(record(*background()), HANAOKA_2019)
    assert a.reason == (
        f"MMF alone: no calcineurin inhibitor active on the MMF start date {INDEX} "
        f"or started within 30 days after it (to {day(30)})"
    )


# -- eligibility ----------------------------------------------------------------------


def test_no_mmf_is_not_eligible() -> None:
    """Without an MMF regimen there is no index date and no group."""
    a = assign_group(record(rx("prednisolone", -400), rx("azathioprine", -300)), HANAOKA_2019)
    assert (a.eligible, a.ineligibility, a.index_date) == (False, Ineligibility.NO_INDEX, None)
    assert a.reason == "not eligible: no MMF regimen"


def test_index_date_is_first_mmf_start() -> None:
    """With two MMF courses the index date is the first start."""
    a = assign_group(record(*background(), rx("MMF", 200)), HANAOKA_2019)
    assert a.index_date == INDEX


def test_prednisolone_stopped_day_before_index_is_not_eligible() -> None:
    """Prednisolone that stopped the day before MMF does not meet the glucocorticoid rule."""
    a = assign_group(
        record(rx("prednisolone", -400, -1), rx("azathioprine", -300), rx("MMF", 0)), HANAOKA_2019
    )
    assert a.ineligibility is Ineligibility.NO_BACKGROUND
    assert a.group is None
    assert a.reason == (
        f"not eligible: no prednisolone active on the MMF start date {INDEX} "
        f"(prednisolone stopped {day(-1)})"
    )


def test_prednisolone_started_on_index_is_eligible() -> None:
    """Prednisolone started on the index date is active on it (start day included)."""
    a = assign_group(
        record(rx("prednisolone", 0), rx("azathioprine", -300), rx("MMF", 0)), HANAOKA_2019
    )
    assert a.eligible


def test_other_glucocorticoid_is_not_prednisolone_by_default() -> None:
    """Methylprednisolone alone on the index date fails the default prednisolone rule."""
    a = assign_group(
        record(rx("methylprednisolone", -10), rx("azathioprine", -300), rx("MMF", 0)), HANAOKA_2019
    )
    assert a.ineligibility is Ineligibility.NO_BACKGROUND


def test_prior_immunosuppressant_started_on_index_is_not_prior() -> None:
    """An immunosuppressant started on the MMF start date is not 'before' MMF."""
    a = assign_group(
        record(rx("prednisolone", -400), rx("azathioprine", 0), rx("MMF", 0)), HANAOKA_2019
    )
    assert a.ineligibility is Ineligibility.NO_PRIOR
    assert a.reason == (
        "not eligible: no immunosuppressant other than MMF started "
        f"before MMF on {INDEX} (azathioprine started the same day)"
    )


@pytest.mark.parametrize("drug", [Drug.RITUXIMAB, Drug.CYCLOPHOSPHAMIDE, Drug.TACROLIMUS])
def test_rituximab_cyclophosphamide_and_cni_count_as_prior(drug: Drug) -> None:
    """Rituximab, cyclophosphamide and a CNI given before MMF count as prior immunosuppressants."""
    a = assign_group(
        record(rx("prednisolone", -400), rx(drug, -90, -60), rx("MMF", 0)), HANAOKA_2019
    )
    assert a.eligible
    assert a.prior == (drug,)


def test_ivig_is_not_a_prior_immunosuppressant() -> None:
    """IVIG, an immunomodulator, does not make a patient refractory to an immunosuppressant."""
    a = assign_group(
        record(rx("prednisolone", -400), rx("IVIG", -90, -60), rx("MMF", 0)), HANAOKA_2019
    )
    assert a.ineligibility is Ineligibility.NO_PRIOR


def test_prior_classes_are_configurable() -> None:
    """Adding immunoglobulin to prior_classes lets IVIG count."""
    prior = HANAOKA_2019.prior
    assert prior is not None
    wider = dataclasses.replace(prior, classes=prior.classes | {DrugClass.IMMUNOGLOBULIN})
    rules = dataclasses.replace(HANAOKA_2019, prior=wider)
    a = assign_group(record(rx("prednisolone", -400), rx("IVIG", -90, -60), rx("MMF", 0)), rules)
    assert a.prior == (Drug.IVIG,)


def test_cni_started_and_stopped_on_the_index_date_is_not_concomitant() -> None:
    """A CNI given only on the MMF start date was not taken past it: MMF alone."""
    a = assign_group(
        record(
            rx("prednisolone", -400),
            rx("azathioprine", -300, -10),
            rx("tacrolimus", 0, 0),
            rx("MMF", 0),
        ),
        HANAOKA_2019,
    )
    assert a.group == "MMF alone"
    assert "tacrolimus stopped " + str(INDEX) + ", on the day MMF started (a switch)" in a.reason


def test_only_glucocorticoids_before_is_not_eligible() -> None:
    """Prednisolone and methylprednisolone pulses before MMF are not prior immunosuppressants."""
    a = assign_group(
        record(rx("prednisolone", -400), rx("methylprednisolone", -100, -98), rx("MMF", 0)),
        HANAOKA_2019,
    )
    assert a.ineligibility is Ineligibility.NO_PRIOR
    assert a.prior == ()


def test_prior_are_distinct_in_order_of_start() -> None:
    """Repeated courses of one drug are listed once, drugs in order of first start."""
    a = assign_group(
        record(
            *background(),
            rx("methotrexate", -350, -320),
            rx("azathioprine", -100, -50),
        ),
        HANAOKA_2019,
    )
    assert a.prior == (Drug.METHOTREXATE, Drug.AZATHIOPRINE)


def test_first_failing_rule_is_reported() -> None:
    """Without prednisolone and without a prior drug, the glucocorticoid rule is reported."""
    a = assign_group(record(rx("MMF", 0)), HANAOKA_2019)
    assert a.ineligibility is Ineligibility.NO_BACKGROUND


def test_rules_can_be_switched_off() -> None:
    """With both requirements off, every patient given MMF is eligible."""
    rules = dataclasses.replace(HANAOKA_2019, background=None, prior=None)
    assert assign_group(record(rx("MMF", 0)), rules).group == "MMF alone"


def test_index_drugs_are_configurable() -> None:
    """Mycophenolic acid can be an index drug alongside MMF."""
    rules = dataclasses.replace(
        HANAOKA_2019, index=DrugSet(drugs=["MMF", "mycophenolic acid"], label="MPA")
    )
    a = assign_group(
        record(rx("prednisolone", -400), rx("azathioprine", -300), rx("Myfortic", -5)), rules
    )
    assert (a.index_date, a.index_drug) == (day(-5), Drug.MYCOPHENOLIC_ACID)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"add_on_window_days": -1}, "add_on_window_days must be 0 to"),
        ({"add_on_window_days": 1.5}, "add_on_window_days must be an integer"),
        ({"arms": (Arm("MMF alone"),)}, "arms must be at least two"),
        ({"arms": (Arm("A"), Arm("B"))}, "at most one group may have no add-on"),
        ({"index": "MMF"}, "index must be a DrugSet"),
        ({"measures": ("ck", "kl6_ratio")}, "unknown measure 'kl6_ratio'"),
    ],
)
def test_invalid_design_is_rejected(kwargs: dict[str, object], message: str) -> None:
    """StudyDesign rejects bad values with a message naming the field."""
    with pytest.raises((ValueError, TypeError), match=message):
        dataclasses.replace(HANAOKA_2019, **kwargs)  # type: ignore[arg-type]


def test_describe_states_the_window() -> None:
    """StudyDesign.describe names the index drug and the add-on window."""
    text = dataclasses.replace(HANAOKA_2019, add_on_window_days=14).describe()
    assert "first start of MMF" in text
    assert "within 14 days" in text


def test_any_drugs_and_labels_make_the_groups() -> None:
    """A tacrolimus-versus-cyclosporine design labels groups and reasons from its own drugs."""
    design = StudyDesign(
        title="Tacrolimus vs cyclosporine as add-on to MMF",
        index=DrugSet(drugs=["MMF"], label="MMF"),
        arms=(
            Arm("MMF + TAC", DrugSet(drugs=["tacrolimus"], label="tacrolimus")),
            Arm("MMF + CsA", DrugSet(drugs=["cyclosporine"], label="cyclosporine")),
        ),
    )
    tac = assign_group(record(*background(), rx("tacrolimus", 3)), design)
    csa = assign_group(record(*background(), rx("cyclosporine", -10)), design)
    none = assign_group(record(*background()), design)
    assert (tac.group, csa.group, none.group) == ("MMF + TAC", "MMF + CsA", None)
    assert tac.reason.startswith("MMF + TAC: tacrolimus started")
    assert none.ineligibility is Ineligibility.NO_GROUP
    assert none.exclusion == "no tacrolimus or cyclosporine within 30 days of the index date"


def test_azathioprine_index_never_says_mmf() -> None:
    """With azathioprine as the index drug, no reason or label mentions MMF."""
    design = StudyDesign(
        title="Azathioprine with or without a CNI",
        index=DrugSet(drugs=["azathioprine"], label="AZA"),
        arms=(
            Arm("AZA + CNI", DrugSet(classes=["calcineurin inhibitor"], label="CNI")),
            Arm("AZA alone"),
        ),
    )
    with_cni = assign_group(record(rx("azathioprine", 0), rx("tacrolimus", 5)), design)
    alone = assign_group(record(rx("azathioprine", 0)), design)
    missing = assign_group(record(rx("MMF", 0)), design)
    assert (with_cni.group, alone.group) == ("AZA + CNI", "AZA alone")
    for a in (with_cni, alone, missing):
        assert "MMF" not in a.reason.replace("MMF regimen", "")
    assert "5 days after azathioprine" in with_cni.reason
    assert missing.exclusion == "no AZA"


# -- the cohort -----------------------------------------------------------------------


def test_assign_groups_follows_patient_order() -> None:
    """assign_groups returns one assignment per patient in cohort.patients order."""
    records = [record(*background(pid=p), pid=p) for p in ("P03", "P01", "P02")]
    cohort = Cohort(
        patients=tuple(r.patient for r in records),
        regimens=tuple(reg for r in records for reg in r.regimens),
    )
    assert [a.patient_id for a in assign_groups(cohort, HANAOKA_2019)] == ["P03", "P01", "P02"]


@settings(max_examples=40, deadline=None)
@given(cohort=cohorts(), seed=st.integers(0, 2**32 - 1))
def test_patient_order_never_changes_a_result(cohort: Cohort, seed: int) -> None:
    """Shuffling patients and their regimens gives each patient the same assignment."""
    rng = random.Random(seed)
    patients, regimens = list(cohort.patients), list(cohort.regimens)
    rng.shuffle(patients)
    rng.shuffle(regimens)
    shuffled = Cohort(patients=tuple(patients), regimens=tuple(regimens))
    original = {a.patient_id: a for a in assign_groups(cohort, HANAOKA_2019)}
    again = {a.patient_id: a for a in assign_groups(shuffled, HANAOKA_2019)}
    assert again == original


def test_mycophenolic_acid_is_not_a_prior_immunosuppressant() -> None:
    """Mycophenolic acid before MMF is the same active drug, not a failed other one."""
    regimens = (rx("prednisolone", -400), rx("Myfortic", -300, -10), rx("MMF", 0))
    a = assign_group(record(*regimens), HANAOKA_2019)
    assert a.ineligibility is Ineligibility.NO_PRIOR


def test_not_prior_can_be_emptied() -> None:
    """With ``not_prior`` empty, mycophenolic acid counts as a prior immunosuppressant."""
    regimens = (rx("prednisolone", -400), rx("Myfortic", -300, -10), rx("MMF", 0))
    prior = HANAOKA_2019.prior
    assert prior is not None
    rules = dataclasses.replace(HANAOKA_2019, prior=dataclasses.replace(prior, excluding=()))
    a = assign_group(record(*regimens), rules)
    assert a.eligible
