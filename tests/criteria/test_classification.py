"""The 2017 EULAR/ACR classification criteria on their cut-offs (criteria.classification)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from pydantic import ValidationError

from myopathy_outcomes.criteria import IimFeatures, MuscleBiopsy, classify_iim
from myopathy_outcomes.criteria.classification import CUTOFFS, INTERCEPTS, ITEMS

CHILD = 10  # an age at onset that scores nothing

PUBLISHED = {  # Table 1: (without biopsy, with biopsy)
    "onset_18_to_40": ("1.3", "1.5"),
    "onset_40_or_later": ("2.1", "2.2"),
    "proximal_upper_weakness": ("0.7", "0.7"),
    "proximal_lower_weakness": ("0.8", "0.5"),
    "neck_flexors_weaker": ("1.9", "1.6"),
    "legs_proximal_weaker": ("0.9", "1.2"),
    "heliotrope_rash": ("3.1", "3.2"),
    "gottrons_papules": ("2.1", "2.7"),
    "gottrons_sign": ("3.3", "3.7"),
    "dysphagia": ("0.7", "0.6"),
    "anti_jo1": ("3.9", "3.8"),
    "elevated_enzymes": ("1.3", "1.4"),
    "endomysial_infiltrate": (None, "1.7"),
    "perimysial_or_perivascular_infiltrate": (None, "1.2"),
    "perifascicular_atrophy": (None, "1.9"),
    "rimmed_vacuoles": (None, "3.1"),
}
BIOPSY_ITEMS = {"endomysial_infiltrate", "perimysial_or_perivascular_infiltrate",
                "perifascicular_atrophy", "rimmed_vacuoles"}  # fmt: skip
AGE = {"onset_18_to_40": 25, "onset_40_or_later": 60}


def patient(*items: str, biopsy: bool = False, **more: object) -> IimFeatures:
    """A patient with ``items`` present (age items set the age), with or without a biopsy."""
    age = next((AGE[i] for i in items if i in AGE), CHILD)
    clinical = {i: True for i in items if i not in AGE and i not in BIOPSY_ITEMS}
    features = {i: True for i in items if i in BIOPSY_ITEMS}
    sample = MuscleBiopsy(**features) if biopsy or features else None
    return IimFeatures(age_at_onset=age, biopsy=sample, **clinical, **more)  # type: ignore[arg-type]


def test_items_are_the_published_table() -> None:
    """Every weight of Table 1, without and with biopsy."""
    table = {
        i.name: (None if i.without_biopsy is None else str(i.without_biopsy), str(i.with_biopsy))
        for i in ITEMS
    }
    assert table == PUBLISHED


@pytest.mark.parametrize("item", list(PUBLISHED))
def test_each_item_alone_scores_its_weight(item: str) -> None:
    """One item present: the score is its weight in the model used."""
    without, with_ = PUBLISHED[item]
    if without is not None:
        assert classify_iim(patient(item)).score == float(without)
    result = classify_iim(patient(item, biopsy=True))
    assert (result.biopsy_used, result.score) == (True, float(with_))


@pytest.mark.parametrize(
    ("age", "points"),
    [(0, 0), (17.99, 0), (18, 1.3), (39.99, 1.3), (40, 2.1), (85, 2.1)],
)
def test_age_bands(age: float, points: float) -> None:
    """Onset >= 18 and < 40: 1.3; >= 40: 2.1; before 18: nothing."""
    assert classify_iim(IimFeatures(age_at_onset=age)).score == points


# -- the cut-offs, without and with biopsy -------------------------------------------------

WITHOUT = [
    # items, score, class
    (("onset_18_to_40", "anti_jo1"), 5.2, "not IIM"),
    (("onset_18_to_40", "proximal_upper_weakness", "gottrons_sign"), 5.3, "possible"),
    (("onset_40_or_later", "gottrons_sign"), 5.4, "possible"),
    (("onset_18_to_40", "legs_proximal_weaker", "gottrons_sign"), 5.5, "probable"),
    (("onset_18_to_40", "proximal_upper_weakness", "gottrons_papules", "gottrons_sign"), 7.4,
     "probable"),
    (("onset_40_or_later", "gottrons_papules", "gottrons_sign"), 7.5, "definite"),
]  # fmt: skip
WITH = [
    (("gottrons_papules", "gottrons_sign"), 6.4, "not IIM"),
    (("gottrons_papules", "anti_jo1"), 6.5, "possible"),
    (("onset_18_to_40", "heliotrope_rash", "perifascicular_atrophy"), 6.6, "possible"),
    (("onset_18_to_40", "anti_jo1", "elevated_enzymes"), 6.7, "probable"),
    (("onset_40_or_later", "gottrons_papules", "gottrons_sign"), 8.6, "probable"),
    (("onset_40_or_later", "gottrons_papules", "anti_jo1"), 8.7, "definite"),
]


@pytest.mark.parametrize(("items", "score", "iim_class"), WITHOUT)
def test_cutoffs_without_biopsy(items: tuple[str, ...], score: float, iim_class: str) -> None:
    """5.3 possible, 5.5 probable, 7.5 definite, inclusive; a tenth less is the class below."""
    result = classify_iim(patient(*items))
    assert (result.biopsy_used, result.score, result.iim_class) == (False, score, iim_class)


@pytest.mark.parametrize(("items", "score", "iim_class"), WITH)
def test_cutoffs_with_biopsy(items: tuple[str, ...], score: float, iim_class: str) -> None:
    """6.5 possible, 6.7 probable, 8.7 definite, each inclusive, when a biopsy was done."""
    result = classify_iim(patient(*items, biopsy=True))
    assert (result.biopsy_used, result.score, result.iim_class) == (True, score, iim_class)


@pytest.mark.parametrize(
    ("items", "biopsy", "cutoff", "iim_class"),
    [
        (("proximal_upper_weakness", "neck_flexors_weaker", "legs_proximal_weaker", "dysphagia",
          "elevated_enzymes"), False, 5.5, "probable"),
        (("onset_18_to_40", "proximal_upper_weakness", "legs_proximal_weaker", "gottrons_sign",
          "elevated_enzymes"), False, 7.5, "definite"),
        (("onset_18_to_40", "anti_jo1", "elevated_enzymes"), True, 6.7, "probable"),
    ],
)  # fmt: skip
def test_cutoffs_are_exact_where_floats_fall_short(
    items: tuple[str, ...], biopsy: bool, cutoff: float, iim_class: str
) -> None:
    """Weights that add up to a cut-off exactly reach it, although their float sum falls short."""
    model = "with biopsy" if biopsy else "without biopsy"
    weights = [
        float(i.with_biopsy if biopsy else i.without_biopsy)  # type: ignore[arg-type]
        for i in ITEMS
        if i.name in items
    ]
    assert sum(weights) < cutoff
    result = classify_iim(patient(*items, biopsy=biopsy))
    assert (result.score, result.iim_class) == (cutoff, iim_class)
    assert dict(CUTOFFS[model])[iim_class] == Decimal(str(cutoff))


def test_a_biopsy_without_features_uses_the_biopsy_model() -> None:
    """A biopsy was done: the higher cut-offs apply even when it shows none of the features."""
    items = ("onset_40_or_later", "gottrons_papules", "gottrons_sign")
    without = classify_iim(patient(*items))
    with_ = classify_iim(patient(*items, biopsy=True))
    assert (without.score, without.iim_class) == (7.5, "definite")
    assert (with_.score, with_.iim_class) == (8.6, "probable")
    assert with_.score_without_biopsy == 7.5


def test_both_scores_are_reported() -> None:
    """With a biopsy, the score without biopsy (and its probability) is given too."""
    result = classify_iim(patient("onset_40_or_later", "heliotrope_rash", "rimmed_vacuoles"))
    assert (result.score_without_biopsy, result.score_with_biopsy) == (5.2, 8.5)
    assert result.probability_with_biopsy == result.probability
    assert result.items == (("onset_40_or_later", 2.2), ("heliotrope_rash", 3.2),
                            ("rimmed_vacuoles", 3.1))  # fmt: skip


@pytest.mark.parametrize("model", ["without biopsy", "with biopsy"])
def test_probability_is_the_logistic_model(model: str) -> None:
    """1 / (1 + exp(c - score)), c = 5.33 without and 6.49 with biopsy; 50% at c."""
    assert INTERCEPTS == {"without biopsy": 5.33, "with biopsy": 6.49}
    biopsy = model == "with biopsy"
    result = classify_iim(patient("onset_40_or_later", "gottrons_sign", biopsy=biopsy))
    assert result.probability == pytest.approx(
        1 / (1 + math.exp(INTERCEPTS[model] - result.score))
    )


@pytest.mark.parametrize(
    ("model", "possible", "probable", "definite"),
    [("without biopsy", 5.3, 5.5, 7.5), ("with biopsy", 6.5, 6.7, 8.7)],
)
def test_cutoffs_round_the_model_probabilities(
    model: str, possible: float, probable: float, definite: float
) -> None:
    """The scores at 50%, 55% and 90% probability round to the published cut-offs."""
    c = INTERCEPTS[model]
    assert round(c, 1) == possible
    assert round(c + math.log(0.55 / 0.45), 1) == probable
    assert round(c + math.log(0.9 / 0.1), 1) == definite


# -- the subclassification tree ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "more", "subgroup"),
    [
        (("heliotrope_rash", "gottrons_sign", "proximal_upper_weakness"), {}, "JDM"),
        (("anti_jo1", "proximal_upper_weakness", "elevated_enzymes", "neck_flexors_weaker"), {},
         "JIIM other than JDM"),
        (("onset_40_or_later", "heliotrope_rash", "proximal_upper_weakness", "elevated_enzymes"),
         {}, "DM"),
        (("onset_40_or_later", "heliotrope_rash", "gottrons_papules"), {}, "ADM"),
        (("onset_40_or_later", "proximal_lower_weakness", "elevated_enzymes", "anti_jo1"), {},
         "PM"),
        (("onset_40_or_later", "proximal_lower_weakness", "elevated_enzymes", "anti_jo1"),
         {"finger_flexor_weakness": True, "no_treatment_response": True}, "IBM"),
        (("onset_40_or_later", "proximal_lower_weakness", "elevated_enzymes", "anti_jo1"),
         {"finger_flexor_weakness": True}, "PM"),
        (("onset_40_or_later", "proximal_lower_weakness", "elevated_enzymes",
          "endomysial_infiltrate", "rimmed_vacuoles"), {}, "IBM"),
        (("onset_40_or_later", "anti_jo1", "elevated_enzymes", "endomysial_infiltrate"), {},
         None),
    ],
)  # fmt: skip
def test_subgroups(items: tuple[str, ...], more: dict[str, bool], subgroup: str | None) -> None:
    """The tree: age, weakness, skin signs, IBM's features; an adult with neither: no subgroup."""
    result = classify_iim(patient(*items, **more))
    assert result.iim_class in ("probable", "definite")
    assert result.subgroup == subgroup
    assert result.tree


def test_no_subgroup_below_probable() -> None:
    """Possible IIM (5.3) is not subclassified."""
    result = classify_iim(patient("onset_18_to_40", "proximal_upper_weakness", "gottrons_sign"))
    assert (result.iim_class, result.subgroup, result.tree) == ("possible", None, ())


def test_skin_or_biopsy_flag() -> None:
    """Without the skin signs and without biopsy the criteria ask for a biopsy; the class stays."""
    items = ("onset_40_or_later", "proximal_lower_weakness", "elevated_enzymes", "anti_jo1")
    result = classify_iim(patient(*items))
    assert (result.iim_class, result.skin_or_biopsy) == ("definite", False)
    assert "ask for a muscle biopsy" in result.reason
    assert classify_iim(patient(*items, biopsy=True)).skin_or_biopsy is True


def test_reason_in_words() -> None:
    """Class, score, cut-off, probability (89.8% at the rounded 90% cut-off) and subgroup."""
    result = classify_iim(patient("onset_40_or_later", "gottrons_papules", "gottrons_sign"))
    assert result.reason == (
        "definite IIM: score 7.5 without biopsy (>= 7.5; probability 89.8%), subgroup ADM"
    )
    low = classify_iim(patient("heliotrope_rash"))
    assert low.reason.startswith("not IIM: score 3.1 without biopsy (< 5.3;")


@pytest.mark.parametrize(
    "values",
    [{"age_at_onset": 130}, {"age_at_onset": float("nan")}, {"age_at_onset": 50, "rash": True}],
)
def test_input_is_validated(values: dict[str, object]) -> None:
    """An impossible age or an unknown item is refused."""
    with pytest.raises(ValidationError):
        IimFeatures(**values)  # type: ignore[arg-type]


def test_features_are_frozen() -> None:
    """The input model is frozen."""
    features = IimFeatures(age_at_onset=50)
    with pytest.raises(ValidationError):
        features.anti_jo1 = True  # type: ignore[misc]
