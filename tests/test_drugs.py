"""The drug vocabulary: canonical drugs, their classes, and accepted spellings."""

from __future__ import annotations

import pytest

from myopathy_outcomes.drugs import DRUG_CLASS, Drug, DrugClass, known_spellings, normalize_drug


@pytest.mark.parametrize("drug", list(Drug))
def test_every_drug_has_a_class(drug: Drug) -> None:
    """Each canonical drug belongs to exactly one class."""
    assert drug.drug_class is DRUG_CLASS[drug]


@pytest.mark.parametrize("drug_class", list(DrugClass))
def test_every_class_has_a_drug(drug_class: DrugClass) -> None:
    """No class is empty: each is reachable from some drug."""
    assert any(drug.drug_class is drug_class for drug in Drug)


@pytest.mark.parametrize(
    ("name", "drug_class"),
    [
        ("tacrolimus", DrugClass.CALCINEURIN_INHIBITOR),
        ("cyclosporine", DrugClass.CALCINEURIN_INHIBITOR),
        ("mycophenolate mofetil", DrugClass.ANTIMETABOLITE),
        ("azathioprine", DrugClass.ANTIMETABOLITE),
        ("prednisolone", DrugClass.GLUCOCORTICOID),
        ("rituximab", DrugClass.BIOLOGIC),
        ("cyclophosphamide", DrugClass.ALKYLATING_AGENT),
        ("ivig", DrugClass.IMMUNOGLOBULIN),
    ],
)
def test_class_of_a_named_drug(name: str, drug_class: DrugClass) -> None:
    """A representative drug of every class maps to that class."""
    assert normalize_drug(name).drug_class is drug_class


@pytest.mark.parametrize("drug", list(Drug))
def test_generic_name_maps_to_itself(drug: Drug) -> None:
    """The international non-proprietary name normalises to its own drug."""
    assert normalize_drug(drug.value) is drug


@pytest.mark.parametrize(
    ("name", "drug"),
    [
        ("neoral", Drug.CYCLOSPORINE),
        ("Sandimmun", Drug.CYCLOSPORINE),
        ("prograf", Drug.TACROLIMUS),
        ("cellcept", Drug.MYCOPHENOLATE_MOFETIL),
        ("Myfortic", Drug.MYCOPHENOLIC_ACID),
        ("MabThera", Drug.RITUXIMAB),
        ("endoxan", Drug.CYCLOPHOSPHAMIDE),
    ],
)
def test_brand_names(name: str, drug: Drug) -> None:
    """Brand names, in any case, map to their generic drug."""
    assert normalize_drug(name) is drug


@pytest.mark.parametrize("name", ["FK-506", "fk_506", " fk506 ", "Cell-Cept", "Solu-Medrol®"])
def test_case_spaces_and_separators_do_not_matter(name: str) -> None:
    """Case, surrounding spaces, - _ / . and ® are ignored."""
    assert normalize_drug(name) in {
        Drug.TACROLIMUS,
        Drug.MYCOPHENOLATE_MOFETIL,
        Drug.METHYLPREDNISOLONE,
    }


def test_abbreviations() -> None:
    """Common clinical abbreviations are accepted."""
    assert [normalize_drug(n) for n in ("CsA", "MMF", "PSL", "MTX", "AZA")] == [
        Drug.CYCLOSPORINE,
        Drug.MYCOPHENOLATE_MOFETIL,
        Drug.PREDNISOLONE,
        Drug.METHOTREXATE,
        Drug.AZATHIOPRINE,
    ]


def test_unknown_drug_raises_naming_it() -> None:
    """An unknown drug is an error that quotes the name, never a silent 'other'."""
    with pytest.raises(ValueError, match=r"^unknown drug 'Cyclosporinn'"):
        normalize_drug("Cyclosporinn")


def test_drug_passes_through() -> None:
    """A Drug given as a Drug is returned as it is."""
    assert normalize_drug(Drug.IVIG) is Drug.IVIG


def test_known_spellings_cover_every_drug() -> None:
    """Every canonical drug has at least one accepted spelling."""
    assert set(known_spellings().values()) == set(Drug)


def test_known_spellings_is_a_copy() -> None:
    """Changing the returned mapping does not change the vocabulary."""
    spellings = known_spellings()
    spellings["cyclosporinn"] = Drug.CYCLOSPORINE
    with pytest.raises(ValueError, match="unknown drug"):
        normalize_drug("cyclosporinn")
