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


JAPANESE_NAMES = [
    ("アザチオプリン", Drug.AZATHIOPRINE),
    ("イムラン", Drug.AZATHIOPRINE),
    ("アザニン", Drug.AZATHIOPRINE),
    ("ミコフェノール酸モフェチル", Drug.MYCOPHENOLATE_MOFETIL),
    ("セルセプト", Drug.MYCOPHENOLATE_MOFETIL),
    ("ミコフェノール酸", Drug.MYCOPHENOLIC_ACID),
    ("ミコフェノール酸ナトリウム", Drug.MYCOPHENOLIC_ACID),
    ("タクロリムス", Drug.TACROLIMUS),
    ("タクロリムス水和物", Drug.TACROLIMUS),
    ("プログラフ", Drug.TACROLIMUS),
    ("シクロスポリン", Drug.CYCLOSPORINE),
    ("ネオーラル", Drug.CYCLOSPORINE),
    ("サンディミュン", Drug.CYCLOSPORINE),
    ("プレドニゾロン", Drug.PREDNISOLONE),
    ("プレドニン", Drug.PREDNISOLONE),
    ("プレドニゾン", Drug.PREDNISONE),
    ("メチルプレドニゾロン", Drug.METHYLPREDNISOLONE),
    ("メドロール", Drug.METHYLPREDNISOLONE),
    ("ソル・メドロール", Drug.METHYLPREDNISOLONE),
    ("メトトレキサート", Drug.METHOTREXATE),
    ("リウマトレックス", Drug.METHOTREXATE),
    ("ミゾリビン", Drug.MIZORIBINE),
    ("ブレディニン", Drug.MIZORIBINE),
    ("シクロホスファミド", Drug.CYCLOPHOSPHAMIDE),
    ("シクロホスファミド水和物", Drug.CYCLOPHOSPHAMIDE),
    ("エンドキサン", Drug.CYCLOPHOSPHAMIDE),
    ("リツキシマブ", Drug.RITUXIMAB),
    ("リツキサン", Drug.RITUXIMAB),
    ("免疫グロブリン", Drug.IVIG),
    ("献血ヴェノグロブリン", Drug.IVIG),
    ("ポリエチレングリコール処理人免疫グロブリン", Drug.IVIG),
]
"""The Japanese generic (JAN) and brand names, each checked in a public source (rules.md)."""


@pytest.mark.parametrize(("name", "drug"), JAPANESE_NAMES)
def test_japanese_generic_and_brand_names(name: str, drug: Drug) -> None:
    """Each Japanese generic and brand name maps to its drug."""
    assert normalize_drug(name) is drug


@pytest.mark.parametrize(
    ("name", "drug"),
    [
        ("\uff7e\uff99\uff7e\uff8c\uff9f\uff84", Drug.MYCOPHENOLATE_MOFETIL),  # half-width
        ("\uff71\uff7b\uff9e\uff86\uff9d", Drug.AZATHIOPRINE),  # half-width, voiced mark apart
        ("ソルメドロール", Drug.METHYLPREDNISOLONE),  # without the middle dot
        ("ソル メドロール", Drug.METHYLPREDNISOLONE),  # a space for the middle dot
        ("\uff7f\uff99\uff65\uff92\uff84\uff9e\uff9b\uff70\uff99", Drug.METHYLPREDNISOLONE),
        ("メドロ-ル", Drug.METHYLPREDNISOLONE),  # a hyphen for the long-vowel mark
        ("ネオ\u2015ラル", Drug.CYCLOSPORINE),  # a horizontal bar for it
        ("ミコフェノール酸 モフェチル", Drug.MYCOPHENOLATE_MOFETIL),  # JAN, with its space
        ("献血ヴェノグロブリンIH", Drug.IVIG),  # noqa: RUF001 (katakana, not a slash)
        ("献血ヴェノグロブリン\uff29\uff28", Drug.IVIG),  # full-width IH
    ],
)
def test_japanese_names_in_other_widths_and_marks(name: str, drug: Drug) -> None:
    """Half-width katakana, middle dots, dashes for the long vowel and full-width letters."""
    assert normalize_drug(name) is drug


def test_mofetil_and_the_acid_stay_apart() -> None:
    """ミコフェノール酸 is mycophenolic acid; with モフェチル it is mycophenolate mofetil."""
    assert normalize_drug("ミコフェノール酸") is Drug.MYCOPHENOLIC_ACID
    assert normalize_drug("ミコフェノール酸・モフェチル") is Drug.MYCOPHENOLATE_MOFETIL


def test_unknown_japanese_name_is_quoted() -> None:
    """A Japanese name not in the vocabulary is an error quoting it as written."""
    with pytest.raises(ValueError, match=r"^unknown drug 'プレドニン錠5mg'"):
        normalize_drug("プレドニン錠5mg")


def test_trademark_sign_is_not_spelt_out() -> None:
    """``™`` is set aside before NFKC, which would spell it ``TM``."""
    assert normalize_drug("Prograf\u2122") is Drug.TACROLIMUS
