"""The 2017 EULAR/ACR classification criteria for idiopathic inflammatory myopathies.

The score
---------
Each item present adds its points (Lundberg et al. [1]_, Table 1); the model
with muscle biopsy, used when a biopsy was done, has its own weights and four
biopsy items. Items not recorded count as absent, as on the published form.

============================================== ============ =========
item                                           no biopsy    biopsy
============================================== ============ =========
age at onset of the first related symptom      1.3          1.5
>= 18 and < 40 years
age at onset >= 40 years                       2.1          2.2
objective symmetric weakness, usually          0.7          0.7
progressive, of the proximal upper extremities
... of the proximal lower extremities          0.8          0.5
neck flexors relatively weaker than extensors  1.9          1.6
in the legs, proximal muscles relatively       0.9          1.2
weaker than distal
heliotrope rash                                3.1          3.2
Gottron's papules                              2.1          2.7
Gottron's sign                                 3.3          3.7
dysphagia or oesophageal dysmotility           0.7          0.6
anti-Jo-1 (anti-histidyl-tRNA synthetase)      3.9          3.8
autoantibody
serum CK, LDH, AST or ALT above the upper      1.3          1.4
limit of normal (aldolase is not an item)
endomysial infiltration of mononuclear cells                1.7
surrounding, but not invading, myofibres
perimysial and/or perivascular infiltration of              1.2
mononuclear cells
perifascicular atrophy                                      1.9
rimmed vacuoles                                             3.1
============================================== ============ =========

The class
---------
=========== ================ ================ ======================
class       without biopsy   with biopsy      probability of IIM
=========== ================ ================ ======================
definite    >= 7.5           >= 8.7           >= 90%
probable    >= 5.5           >= 6.7           >= 55%
possible    >= 5.3           >= 6.5           >= 50%
not IIM     < 5.3            < 6.5            < 50%
=========== ================ ================ ======================

The class is decided on the published score cut-offs, in exact decimal
arithmetic (a score of exactly 5.5 is probable). The criteria recommend
probable as the least for classifying a patient as having IIM, and apply
only when no better explanation for the symptoms exists. Without a
heliotrope rash, Gottron's papules or Gottron's sign, the criteria ask for a
muscle biopsy (``skin_or_biopsy`` is False when neither is there; the class
is not changed).

The probability is the logistic model's, ``1 / (1 + exp(c - score))`` with
``c`` = 5.33 without and 6.49 with biopsy (:data:`INTERCEPTS`). These two
constants are as quoted for the criteria's web calculator; this library
could not read them in the paper itself. They agree with the published
cut-offs: the scores at probabilities of 50%, 55% and 90% are 5.33, 5.53 and
7.53 without biopsy and 6.49, 6.69 and 8.69 with it, which round to the
published 5.3, 5.5, 7.5 and 6.5, 6.7, 8.7.

The subgroups
-------------
A patient classified as having IIM (probable or definite) is subclassified
along the paper's classification tree (Figure 2):

- onset before 18 years: juvenile dermatomyositis (``"JDM"``) with a
  heliotrope rash, Gottron's papules or Gottron's sign, else ``"JIIM other
  than JDM"``;
- onset at 18 years or later, with muscle weakness: dermatomyositis
  (``"DM"``) with one of those skin signs; else inclusion body myositis
  (``"IBM"``) with finger flexor weakness and no response to treatment, or
  rimmed vacuoles on biopsy; else polymyositis (``"PM"``, immune-mediated
  necrotising myopathy included);
- onset at 18 years or later, without muscle weakness: amyopathic
  dermatomyositis (``"ADM"``) with one of the skin signs; the tree has no
  branch for an adult with neither, who is left unsubclassified (None).

"Muscle weakness" is any of the four weakness items of the score or finger
flexor weakness.

References
----------
.. [1] Lundberg IE, Tjarnlund A, Bottai M, et al. 2017 European League
   Against Rheumatism/American College of Rheumatology classification
   criteria for adult and juvenile idiopathic inflammatory myopathies and
   their major subgroups. Ann Rheum Dis 2017;76:1955-1964; Arthritis
   Rheumatol 2017;69:2271-2282.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import Field

from myopathy_outcomes.models import Record

__all__ = [
    "CUTOFFS",
    "INTERCEPTS",
    "ITEMS",
    "IimClass",
    "IimClassification",
    "IimFeatures",
    "Item",
    "MuscleBiopsy",
    "Subgroup",
    "classify_iim",
]

IimClass = Literal["definite", "probable", "possible", "not IIM"]
Subgroup = Literal["JDM", "JIIM other than JDM", "DM", "ADM", "IBM", "PM"]


@dataclass(frozen=True)
class Item:
    """One item of the score: its name, its wording and its points in each model."""

    name: str
    text: str
    without_biopsy: Decimal | None
    with_biopsy: Decimal


def _item(name: str, text: str, without: str | None, with_: str) -> Item:
    return Item(name, text, None if without is None else Decimal(without), Decimal(with_))


#: The items of Table 1 in its order, with their points without and with muscle biopsy.
ITEMS: tuple[Item, ...] = (
    _item("onset_18_to_40", "age at onset >= 18 and < 40 years", "1.3", "1.5"),
    _item("onset_40_or_later", "age at onset >= 40 years", "2.1", "2.2"),
    _item("proximal_upper_weakness", "proximal upper extremity weakness", "0.7", "0.7"),
    _item("proximal_lower_weakness", "proximal lower extremity weakness", "0.8", "0.5"),
    _item("neck_flexors_weaker", "neck flexors weaker than extensors", "1.9", "1.6"),
    _item("legs_proximal_weaker", "legs: proximal weaker than distal", "0.9", "1.2"),
    _item("heliotrope_rash", "heliotrope rash", "3.1", "3.2"),
    _item("gottrons_papules", "Gottron's papules", "2.1", "2.7"),
    _item("gottrons_sign", "Gottron's sign", "3.3", "3.7"),
    _item("dysphagia", "dysphagia or oesophageal dysmotility", "0.7", "0.6"),
    _item("anti_jo1", "anti-Jo-1 autoantibody", "3.9", "3.8"),
    _item("elevated_enzymes", "CK, LDH, AST or ALT above normal", "1.3", "1.4"),
    _item("endomysial_infiltrate", "endomysial infiltrate", None, "1.7"),
    _item(
        "perimysial_or_perivascular_infiltrate",
        "perimysial and/or perivascular infiltrate",
        None,
        "1.2",
    ),
    _item("perifascicular_atrophy", "perifascicular atrophy", None, "1.9"),
    _item("rimmed_vacuoles", "rimmed vacuoles", None, "3.1"),
)

#: The least score of each class, without and with muscle biopsy, lowest first.
CUTOFFS: Mapping[str, tuple[tuple[IimClass, Decimal], ...]] = MappingProxyType(
    {
        "without biopsy": (
            ("possible", Decimal("5.3")),
            ("probable", Decimal("5.5")),
            ("definite", Decimal("7.5")),
        ),
        "with biopsy": (
            ("possible", Decimal("6.5")),
            ("probable", Decimal("6.7")),
            ("definite", Decimal("8.7")),
        ),
    }
)

#: ``c`` of the probability ``1 / (1 + exp(c - score))``, as quoted for the criteria's web
#: calculator (not read in the paper; see the module notes).
INTERCEPTS: Mapping[str, float] = MappingProxyType({"without biopsy": 5.33, "with biopsy": 6.49})

_SKIN = ("heliotrope_rash", "gottrons_papules", "gottrons_sign")
_WEAKNESS = (
    "proximal_upper_weakness",
    "proximal_lower_weakness",
    "neck_flexors_weaker",
    "legs_proximal_weaker",
)
_JUVENILE_BEFORE = 18
_LATE_ONSET = 40


class MuscleBiopsy(Record):
    """The muscle biopsy features of the criteria; a feature not recorded is absent.

    Examples
    --------
    >>> MuscleBiopsy(perifascicular_atrophy=True).rimmed_vacuoles
    False
    """

    endomysial_infiltrate: bool = Field(
        False,
        description="endomysial mononuclear cells surrounding, but not invading, myofibres",
    )
    perimysial_or_perivascular_infiltrate: bool = Field(
        False, description="perimysial and/or perivascular infiltration of mononuclear cells"
    )
    perifascicular_atrophy: bool = False
    rimmed_vacuoles: bool = False


class IimFeatures(Record):
    """One patient's items of the 2017 EULAR/ACR criteria; an item not recorded is absent.

    ``biopsy`` is None when no muscle biopsy was done; a biopsy without any
    of the four features is ``MuscleBiopsy()``, and switches to the model
    with biopsy. ``finger_flexor_weakness`` and ``no_treatment_response``
    are not scored: they place a patient in the inclusion body myositis
    branch of the subclassification tree.

    Examples
    --------
    >>> IimFeatures(age_at_onset=52, heliotrope_rash=True).gottrons_sign
    False
    >>> IimFeatures(age_at_onset=-1)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for IimFeatures
    age_at_onset
      Input should be greater than or equal to 0 [type=greater_than_equal, input_value=-1, \
input_type=int]
    ...
    """

    age_at_onset: Annotated[
        float,
        Field(
            ge=0,
            le=120,
            allow_inf_nan=False,
            description="age in years at the first symptom assumed to be related to the disease",
        ),
    ]
    proximal_upper_weakness: bool = False
    proximal_lower_weakness: bool = False
    neck_flexors_weaker: bool = False
    legs_proximal_weaker: bool = False
    heliotrope_rash: bool = False
    gottrons_papules: bool = False
    gottrons_sign: bool = False
    dysphagia: bool = False
    anti_jo1: bool = False
    elevated_enzymes: bool = Field(
        False, description="serum CK, LDH, AST or ALT above its upper limit of normal"
    )
    biopsy: MuscleBiopsy | None = None
    finger_flexor_weakness: bool = False
    no_treatment_response: bool = Field(
        False, description="no improvement with immunosuppressive treatment"
    )


@dataclass(frozen=True)
class IimClassification:
    """One patient's 2017 EULAR/ACR score, probability, class and subgroup.

    Attributes
    ----------
    score_without_biopsy : float
        The score of the model without biopsy (always computed).
    score_with_biopsy : float or None
        The score of the model with biopsy; None when no biopsy was done.
    probability_without_biopsy, probability_with_biopsy : float or None
        The logistic model's probability of IIM for each score.
    biopsy_used : bool
        Whether the class comes from the model with biopsy (a biopsy was done).
    score, probability : float
        Those of the model used.
    iim_class : {"definite", "probable", "possible", "not IIM"}
        The class by the published cut-offs of the model used.
    subgroup : str or None
        The subgroup by the classification tree, for probable or definite
        IIM; None otherwise, or for the adult the tree has no branch for.
    items : tuple of (str, float)
        Each item present with its points in the model used.
    skin_or_biopsy : bool
        Whether a heliotrope rash, Gottron's papules or sign, or a biopsy is
        there, as the criteria ask.
    tree : tuple of str
        The branches of the classification tree taken, in words.
    reason : str
        The result in words.
    """

    score_without_biopsy: float
    score_with_biopsy: float | None
    probability_without_biopsy: float
    probability_with_biopsy: float | None
    biopsy_used: bool
    score: float
    probability: float
    iim_class: IimClass
    subgroup: Subgroup | None
    items: tuple[tuple[str, float], ...]
    skin_or_biopsy: bool
    tree: tuple[str, ...]
    reason: str


def _present(features: IimFeatures) -> set[str]:
    """The names of the items present."""
    present = {item.name for item in ITEMS if getattr(features, item.name, False) is True}
    if features.biopsy is not None:
        present |= {
            item.name
            for item in ITEMS
            if item.without_biopsy is None and getattr(features.biopsy, item.name)
        }
    if _JUVENILE_BEFORE <= features.age_at_onset < _LATE_ONSET:
        present.add("onset_18_to_40")
    elif features.age_at_onset >= _LATE_ONSET:
        present.add("onset_40_or_later")
    return present


def _score(present: set[str], with_biopsy: bool) -> tuple[Decimal, tuple[tuple[str, float], ...]]:
    counted = []
    for item in ITEMS:
        points = item.with_biopsy if with_biopsy else item.without_biopsy
        if item.name in present and points is not None:
            counted.append((item.name, points))
    total = sum((points for _, points in counted), Decimal(0))
    return total, tuple((name, float(points)) for name, points in counted)


def _probability(score: Decimal, model: str) -> float:
    return 1 / (1 + math.exp(INTERCEPTS[model] - float(score)))


def _class(score: Decimal, model: str) -> IimClass:
    found: IimClass = "not IIM"
    for name, least in CUTOFFS[model]:
        if score >= least:
            found = name
    return found


def _subgroup(features: IimFeatures, present: set[str]) -> tuple[Subgroup | None, tuple[str, ...]]:
    """The classification tree's leaf and the branches taken to it."""
    skin = any(name in present for name in _SKIN)
    skin_text = f"heliotrope rash, Gottron's papules or Gottron's sign: {'yes' if skin else 'no'}"
    age = f"{features.age_at_onset:g}"
    if features.age_at_onset < _JUVENILE_BEFORE:
        onset = f"onset at {age} years, before 18"
        return ("JDM" if skin else "JIIM other than JDM"), (onset, skin_text)
    onset = f"onset at {age} years, 18 or later"
    weak = features.finger_flexor_weakness or any(name in present for name in _WEAKNESS)
    weak_text = f"muscle weakness: {'yes' if weak else 'no'}"
    if not weak:
        if skin:
            return "ADM", (onset, weak_text, skin_text)
        return None, (onset, weak_text, skin_text, "no branch of the tree: not subclassified")
    if skin:
        return "DM", (onset, weak_text, skin_text)
    ibm = (features.finger_flexor_weakness and features.no_treatment_response) or (
        "rimmed_vacuoles" in present
    )
    ibm_text = (
        "finger flexor weakness without response to treatment, or rimmed vacuoles: "
        f"{'yes' if ibm else 'no'}"
    )
    return ("IBM" if ibm else "PM"), (onset, weak_text, skin_text, ibm_text)


def classify_iim(features: IimFeatures) -> IimClassification:
    """One patient's score, probability, class and subgroup by the 2017 EULAR/ACR criteria.

    Parameters
    ----------
    features : IimFeatures
        The patient's items; ``features.biopsy`` decides the model.

    Returns
    -------
    IimClassification

    Notes
    -----
    Scores are sums of the published one-decimal points, in exact decimal
    arithmetic; classes follow the published score cut-offs (module notes).

    Examples
    --------
    A woman of 52 with proximal weakness of arms and legs, a heliotrope rash,
    Gottron's papules and a raised CK, without biopsy:

    >>> patient = IimFeatures(age_at_onset=52, proximal_upper_weakness=True,
    ...     proximal_lower_weakness=True, heliotrope_rash=True, gottrons_papules=True,
    ...     elevated_enzymes=True)
    >>> result = classify_iim(patient)
    >>> result.score, result.iim_class, result.subgroup
    (10.1, 'definite', 'DM')
    >>> round(result.probability, 3)
    0.992
    >>> print(result.reason)
    definite IIM: score 10.1 without biopsy (>= 7.5; probability 99.2%), subgroup DM

    The same items with a biopsy showing perifascicular atrophy:

    >>> biopsied = patient.model_copy(update={"biopsy": MuscleBiopsy(perifascicular_atrophy=True)})
    >>> classify_iim(biopsied).score
    12.6
    """
    if not isinstance(features, IimFeatures):
        raise TypeError(f"features must be IimFeatures, got {features!r}")
    present = _present(features)
    without, without_items = _score(present, with_biopsy=False)
    biopsied = features.biopsy is not None
    with_, with_items = _score(present, with_biopsy=True)
    model = "with biopsy" if biopsied else "without biopsy"
    score = with_ if biopsied else without
    iim_class = _class(score, model)
    probability = _probability(score, model)
    subgroup: Subgroup | None = None
    tree: tuple[str, ...] = ()
    if iim_class in ("probable", "definite"):
        subgroup, tree = _subgroup(features, present)
    skin_or_biopsy = biopsied or any(name in present for name in _SKIN)
    least = dict(CUTOFFS[model]).get(iim_class)
    bound = f">= {least}" if least is not None else f"< {CUTOFFS[model][0][1]}"
    reason = (
        f"{iim_class if iim_class == 'not IIM' else iim_class + ' IIM'}: score {score} {model} "
        f"({bound}; probability {probability:.1%})"
    )
    if iim_class in ("probable", "definite"):
        reason += f", subgroup {subgroup}" if subgroup else ", no subgroup (see tree)"
    if not skin_or_biopsy:
        reason += "; without the skin signs the criteria ask for a muscle biopsy"
    return IimClassification(
        float(without),
        float(with_) if biopsied else None,
        _probability(without, "without biopsy"),
        _probability(with_, "with biopsy") if biopsied else None,
        biopsied,
        float(score),
        probability,
        iim_class,
        subgroup,
        with_items if biopsied else without_items,
        skin_or_biopsy,
        tree,
        reason,
    )
