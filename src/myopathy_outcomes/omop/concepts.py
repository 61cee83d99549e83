"""Concept sets as data: which OMOP concepts are which drug, diagnosis, ILD and measure.

A :class:`ConceptSet` names standard concepts by ``concept_id`` (matched with
their descendants through ``concept_ancestor``, so a clinical drug or brand
counts for its ingredient and a juvenile dermatomyositis for dermatomyositis),
by vocabulary code (``("SNOMED", "31384009")``, resolved through the
database's ``concept`` table) and by source value (``condition_source_value``,
``measurement_source_value``, compared ignoring case: how an extract that left
a record unmapped, ``concept_id`` 0, still names it). :data:`DEFAULT_CONCEPTS`
holds the built-in sets; every identifier is cited with its source in
``docs/omop.md``. A design extends or replaces any set in an ``[omop]`` table
(:func:`concepts_from_table`) or in Python (:meth:`ConceptSets.replace`).

A measure's set also says which units its values may come in, each with the
factor to the measure's own unit (``U/L`` for CK: a value in µkat/L is
multiplied by 60). A value in any other unit is refused, never mixed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from myopathy_outcomes.drugs import Drug, known_spellings, normalize_drug
from myopathy_outcomes.models import Diagnosis
from myopathy_outcomes.schema import MEASURES

__all__ = [
    "DEFAULT_CONCEPTS",
    "FEMALE",
    "MALE",
    "NO_UNIT",
    "UNIT_SPELLINGS",
    "ConceptSet",
    "ConceptSets",
    "MeasureConcepts",
    "concepts_from_table",
]

MALE = 8507
"""``gender_concept_id`` of a man (OMOP Gender vocabulary, concept MALE)."""
FEMALE = 8532
"""``gender_concept_id`` of a woman (OMOP Gender vocabulary, concept FEMALE)."""
NO_UNIT = 0
"""The unit key of a measurement recorded without a unit (``unit_concept_id`` 0 or empty)."""

Code = tuple[str, str]
"""A vocabulary code: ``(vocabulary_id, concept_code)``."""


def _ids(values: object, where: str) -> tuple[int, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{where} must be a list of concept ids, got {values!r}")
    ids = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{where}: a concept id is a positive integer, got {value!r}")
        ids.append(value)
    return tuple(dict.fromkeys(ids))


def _codes(values: object, where: str) -> tuple[Code, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{where} must be a list of [vocabulary, code] pairs, got {values!r}")
    codes = []
    for value in values:
        if (
            not isinstance(value, list | tuple)
            or len(value) != 2
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise ValueError(
                f"{where}: a code is a [vocabulary_id, concept_code] pair such as "
                f'["SNOMED", "31384009"], got {value!r}'
            )
        codes.append((value[0].strip(), value[1].strip()))
    return tuple(dict.fromkeys(codes))


def _texts(values: object, where: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{where} must be a list of text, got {values!r}")
    texts = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: a source value is non-empty text, got {value!r}")
        texts.append(" ".join(value.split()).casefold())
    return tuple(dict.fromkeys(texts))


@dataclass(frozen=True)
class ConceptSet:
    """The concepts that stand for one thing: ids, vocabulary codes and source values.

    Parameters
    ----------
    concept_ids : sequence of int
        Standard concepts, each with its descendants in ``concept_ancestor``.
    codes : sequence of (str, str)
        ``(vocabulary_id, concept_code)`` pairs, found in the ``concept``
        table, also with their descendants.
    source_values : sequence of str
        Source values (``condition_source_value``, ``measurement_source_value``)
        that name it, compared ignoring case and repeated spaces.

    Examples
    --------
    >>> s = ConceptSet(concept_ids=(80182,), source_values=["Dermatomyositis "])
    >>> s.source_values, s.is_empty
    (('dermatomyositis',), False)
    >>> s.extended(ConceptSet(concept_ids=(4270868,))).concept_ids
    (80182, 4270868)
    """

    concept_ids: tuple[int, ...] = ()
    codes: tuple[Code, ...] = ()
    source_values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "concept_ids", _ids(self.concept_ids, "concept_ids"))
        object.__setattr__(self, "codes", _codes(self.codes, "codes"))
        object.__setattr__(self, "source_values", _texts(self.source_values, "source_values"))

    @property
    def is_empty(self) -> bool:
        """Whether nothing at all is in the set."""
        return not (self.concept_ids or self.codes or self.source_values)

    def extended(self, other: ConceptSet) -> ConceptSet:
        """This set with ``other``'s members added."""
        return ConceptSet(
            (*self.concept_ids, *other.concept_ids),
            (*self.codes, *other.codes),
            (*self.source_values, *other.source_values),
        )


@dataclass(frozen=True)
class MeasureConcepts:
    """A measure's concepts and the units its values may be recorded in.

    Parameters
    ----------
    concepts : ConceptSet
        The measurement concepts (LOINC) and source values of the measure.
    units : mapping of int to float
        ``unit_concept_id`` -> factor to the measure's own unit; the key
        :data:`NO_UNIT` (0) accepts values recorded without a unit.
    """

    concepts: ConceptSet
    units: Mapping[int, float]

    def __post_init__(self) -> None:
        if not isinstance(self.concepts, ConceptSet):
            raise TypeError(f"concepts must be a ConceptSet, got {self.concepts!r}")
        units = {}
        for key, factor in dict(self.units).items():
            if isinstance(key, bool) or not isinstance(key, int) or key < 0:
                raise ValueError(f"a unit is a unit_concept_id (0: no unit), got {key!r}")
            if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 0:
                raise ValueError(
                    f"unit {key}: the factor must be a positive number, got {factor!r}"
                )
            units[key] = float(factor)
        object.__setattr__(self, "units", MappingProxyType(units))


@dataclass(frozen=True)
class ConceptSets:
    """Every concept set the OMOP source reads with.

    Parameters
    ----------
    drugs : mapping of Drug to ConceptSet
        Each drug's RxNorm ingredient (its clinical drugs and brands are its
        descendants).
    diagnoses : mapping of Diagnosis to ConceptSet
        The myositis subtypes, in order of precedence: a person with
        conditions of two subtypes gets the first (the more specific ones
        come first, so a clinically amyopathic dermatomyositis, which SNOMED
        files under dermatomyositis, stays CADM).
    ild : ConceptSet
        Interstitial lung disease.
    measures : mapping of str to MeasureConcepts
        The measures by name (built-in and declared).
    male, female : int
        The ``gender_concept_id`` of each sex.
    """

    drugs: Mapping[Drug, ConceptSet]
    diagnoses: Mapping[Diagnosis, ConceptSet]
    ild: ConceptSet
    measures: Mapping[str, MeasureConcepts]
    male: int = MALE
    female: int = FEMALE

    def __post_init__(self) -> None:
        object.__setattr__(self, "drugs", MappingProxyType(dict(self.drugs)))
        object.__setattr__(self, "diagnoses", MappingProxyType(dict(self.diagnoses)))
        object.__setattr__(self, "measures", MappingProxyType(dict(self.measures)))

    def replace(self, **changes: Any) -> ConceptSets:
        """A copy with some fields replaced (as :func:`dataclasses.replace`)."""
        return dataclasses.replace(self, **changes)

    def drug(self, drug: Drug) -> ConceptSet:
        """The concept set of ``drug`` (empty when none is known)."""
        return self.drugs.get(drug, ConceptSet())


def _diagnosis_words(diagnosis: Diagnosis, *extra: str) -> tuple[str, ...]:
    return (diagnosis.value, diagnosis.label, *extra)


def _drug(ingredient: int, drug: Drug) -> ConceptSet:
    """A drug's RxNorm ingredient, and its names and brands as ``drug_source_value``."""
    names = [spelling for spelling, found in known_spellings().items() if found is drug]
    return ConceptSet(concept_ids=(ingredient,), source_values=(drug.value, *names))


_ENZYME_UNITS = {8645: 1.0, 8923: 1.0, 32995: 60.0, 33013: 0.06}
"""U/L ([U]/L), IU/L ([iU]/L), µkat/L (x 60) and nkat/L (x 0.06) to U/L."""
_PERCENT = {8554: 1.0}
_VAS_CM = {8582: 1.0, 8588: 0.1, 44777566: 1.0}
"""A 0-10 visual analogue scale: cm, mm (/ 10), or a score of 0 to 10."""
_SCORE = {44777566: 1.0, NO_UNIT: 1.0}

_MEASURE_CONCEPTS: dict[str, tuple[tuple[int, ...], dict[int, float], tuple[str, ...]]] = {
    "ck": ((3007220,), _ENZYME_UNITS, ("creatine kinase", "cpk")),
    "aldolase": ((), _ENZYME_UNITS, ()),
    "ldh": ((3016436, 3022250), _ENZYME_UNITS, ("lactate dehydrogenase",)),
    "ast": ((3013721,), _ENZYME_UNITS, ("got",)),
    "alt": ((3006923,), _ENZYME_UNITS, ("gpt",)),
    "kl6": ((), {8763: 1.0}, ("kl-6",)),
    "fvc_pct": ((), _PERCENT, ()),
    "dlco_pct": ((), _PERCENT, ("%dlco",)),
    "psl_mg": ((), {8700: 1.0, 8909: 1.0, 8576: 1.0}, ("prednisolone dose",)),
    "hrct_score": ((), {**_PERCENT, NO_UNIT: 1.0}, ()),
    "mmt8": ((), _SCORE, ("mmt-8",)),
    "physician_global": ((), _VAS_CM, ()),
    "patient_global": ((), _VAS_CM, ()),
    "haq_di": ((), _SCORE, ("haq-di",)),
    "extramuscular_global": ((), _VAS_CM, ()),
}
"""Per built-in measure: LOINC concept ids, accepted units, source values besides its name
and label (which always name it)."""


def _measure_defaults() -> dict[str, MeasureConcepts]:
    return {
        name: MeasureConcepts(
            ConceptSet(
                concept_ids=ids,
                source_values=(name, MEASURES[name].label, MEASURES[name].heading, *words),
            ),
            units,
        )
        for name, (ids, units, words) in _MEASURE_CONCEPTS.items()
    }


DEFAULT_CONCEPTS = ConceptSets(
    drugs={
        Drug.MYCOPHENOLATE_MOFETIL: _drug(19003999, Drug.MYCOPHENOLATE_MOFETIL),
        Drug.MYCOPHENOLIC_ACID: _drug(19012565, Drug.MYCOPHENOLIC_ACID),
        Drug.CYCLOSPORINE: _drug(19010482, Drug.CYCLOSPORINE),
        Drug.TACROLIMUS: _drug(950637, Drug.TACROLIMUS),
        Drug.PREDNISOLONE: _drug(1550557, Drug.PREDNISOLONE),
        Drug.PREDNISONE: _drug(1551099, Drug.PREDNISONE),
        Drug.METHYLPREDNISOLONE: _drug(1506270, Drug.METHYLPREDNISOLONE),
        Drug.AZATHIOPRINE: _drug(19014878, Drug.AZATHIOPRINE),
        Drug.METHOTREXATE: _drug(1305058, Drug.METHOTREXATE),
        Drug.IVIG: _drug(19117912, Drug.IVIG),
        Drug.RITUXIMAB: _drug(1314273, Drug.RITUXIMAB),
        Drug.CYCLOPHOSPHAMIDE: _drug(1310317, Drug.CYCLOPHOSPHAMIDE),
    },
    diagnoses={
        Diagnosis.CADM: ConceptSet(
            concept_ids=(4081250,),
            source_values=_diagnosis_words(
                Diagnosis.CADM, "amyopathic dermatomyositis", "dermatomyositis sine myositis"
            ),
        ),
        Diagnosis.ASS: ConceptSet(
            source_values=_diagnosis_words(
                Diagnosis.ASS, "anti-synthetase syndrome", "antisynthetase"
            )
        ),
        Diagnosis.IMNM: ConceptSet(
            source_values=_diagnosis_words(
                Diagnosis.IMNM,
                "immune-mediated necrotizing myopathy",
                "immune mediated necrotising myopathy",
                "necrotizing myopathy",
            )
        ),
        Diagnosis.OVERLAP: ConceptSet(
            source_values=_diagnosis_words(Diagnosis.OVERLAP, "overlap myositis")
        ),
        Diagnosis.DM: ConceptSet(
            concept_ids=(80182,),
            codes=(("SNOMED", "396230008"),),
            source_values=_diagnosis_words(Diagnosis.DM),
        ),
        Diagnosis.PM: ConceptSet(
            concept_ids=(80800,),
            codes=(("SNOMED", "31384009"),),
            source_values=_diagnosis_words(Diagnosis.PM),
        ),
        Diagnosis.OTHER: ConceptSet(
            concept_ids=(4216406,),
            source_values=_diagnosis_words(
                Diagnosis.OTHER,
                "inclusion body myositis",
                "ibm",
                "sporadic inclusion body myositis",
            ),
        ),
    },
    ild=ConceptSet(
        codes=(("SNOMED", "233703007"),),
        source_values=("ild", "interstitial lung disease", "interstitial pneumonia"),
    ),
    measures=_measure_defaults(),
)
"""The built-in concept sets (``docs/omop.md`` cites each identifier)."""

UNIT_SPELLINGS: Mapping[str, int] = MappingProxyType(
    {
        "u/l": 8645,
        "[u]/l": 8645,
        "iu/l": 8923,
        "[iu]/l": 8923,
        "ukat/l": 32995,
        "µkat/l": 32995,
        "nkat/l": 33013,
        "u/ml": 8763,
        "[u]/ml": 8763,
        "%": 8554,
        "mg": 8576,
        "mg/d": 8700,
        "mg/day": 8700,
        "mg/(24.h)": 8909,
        "cm": 8582,
        "mm": 8588,
        "score": 44777566,
        "[score]": 44777566,
        "mg/dl": 8840,
    }
)
"""UCUM unit codes (lower case) for a measurement whose ``unit_concept_id`` is 0 but whose
``unit_source_value`` names the unit."""


# --- the [omop] table of a design file -------------------------------------------------

_SET_KEYS = ("concept_ids", "codes", "source_values")


def concepts_from_table(
    table: Mapping[str, Any], base: ConceptSets = DEFAULT_CONCEPTS, *, where: str = "[omop]"
) -> ConceptSets:
    """The concept sets of a design's ``[omop]`` table, on top of ``base``.

    Each set is a table with any of ``concept_ids``, ``codes`` and
    ``source_values``; ``mode = "replace"`` replaces the built-in set, and
    by default (``mode = "extend"``) the members are added to it. A measure's
    table may also give ``units``, a table of ``unit_concept_id`` (as text)
    to factor, added to the built-in ones.

    Examples
    --------
    >>> sets = concepts_from_table({
    ...     "drugs": {"MMF": {"concept_ids": [35605482]}},
    ...     "diagnoses": {"PM": {"mode": "replace", "concept_ids": [80800]}},
    ...     "measures": {"ck": {"units": {"8840": 1.0}}}})
    >>> sets.drug(Drug.MYCOPHENOLATE_MOFETIL).concept_ids
    (19003999, 35605482)
    >>> sets.diagnoses[Diagnosis.PM].source_values
    ()
    >>> sets.measures["ck"].units[8840]
    1.0
    >>> concepts_from_table({"drug": {}})
    Traceback (most recent call last):
    ...
    ValueError: [omop]: unknown key 'drug'; use drugs, diagnoses, ild, measures, male, female
    """
    keys = ("drugs", "diagnoses", "ild", "measures", "male", "female")
    _known(table, keys, where)
    changes: dict[str, Any] = {}
    if "drugs" in table:
        drugs = dict(base.drugs)
        for name, entry in _table(table["drugs"], f"{where}.drugs").items():
            try:
                drug = normalize_drug(name)
            except ValueError as error:
                raise ValueError(f"{where}.drugs: {error}") from None
            drugs[drug] = _set(entry, base.drug(drug), f"{where}.drugs.{name}")
        changes["drugs"] = drugs
    if "diagnoses" in table:
        diagnoses = dict(base.diagnoses)
        for name, entry in _table(table["diagnoses"], f"{where}.diagnoses").items():
            try:
                diagnosis = Diagnosis(name)
            except ValueError:
                allowed = ", ".join(d.value for d in Diagnosis)
                raise ValueError(
                    f"{where}.diagnoses: unknown diagnosis {name!r}; use one of {allowed}"
                ) from None
            diagnoses[diagnosis] = _set(
                entry, base.diagnoses.get(diagnosis, ConceptSet()), f"{where}.diagnoses.{name}"
            )
        changes["diagnoses"] = diagnoses
    if "ild" in table:
        changes["ild"] = _set(table["ild"], base.ild, f"{where}.ild")
    if "measures" in table:
        measures = dict(base.measures)
        for name, entry in _table(table["measures"], f"{where}.measures").items():
            measures[name] = _measure(entry, measures.get(name), f"{where}.measures.{name}")
        changes["measures"] = measures
    for sex in ("male", "female"):
        if sex in table:
            value = table[sex]
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{where}.{sex}: expected a gender_concept_id, got {value!r}")
            changes[sex] = value
    return base.replace(**changes)


def _known(table: Mapping[str, Any], keys: Iterable[str], where: str) -> None:
    allowed = tuple(keys)
    for key in table:
        if key not in allowed:
            raise ValueError(f"{where}: unknown key {key!r}; use {', '.join(allowed)}")


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where} must be a table, got {value!r}")
    return value


def _set(entry: object, base: ConceptSet, where: str) -> ConceptSet:
    table = _table(entry, where)
    _known(table, (*_SET_KEYS, "mode"), where)
    mode = table.get("mode", "extend")
    if mode not in ("extend", "replace"):
        raise ValueError(f"{where}.mode: expected 'extend' or 'replace', got {mode!r}")
    try:
        given = ConceptSet(**{k: table[k] for k in _SET_KEYS if k in table})
    except (TypeError, ValueError) as error:
        raise ValueError(f"{where}: {error}") from None
    return given if mode == "replace" else base.extended(given)


def _measure(entry: object, base: MeasureConcepts | None, where: str) -> MeasureConcepts:
    table = _table(entry, where)
    _known(table, (*_SET_KEYS, "mode", "units"), where)
    concepts = _set(
        {k: v for k, v in table.items() if k != "units"},
        ConceptSet() if base is None else base.concepts,
        where,
    )
    units: dict[int, float] = {} if base is None else dict(base.units)
    if table.get("mode") == "replace":
        units = {}
    for key, factor in _table(table.get("units", {}), f"{where}.units").items():
        try:
            units[int(key)] = factor
        except ValueError:
            raise ValueError(f"{where}.units: a key is a unit_concept_id, got {key!r}") from None
    try:
        return MeasureConcepts(concepts, units)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{where}: {error}") from None
