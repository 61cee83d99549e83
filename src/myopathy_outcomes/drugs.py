"""Drug vocabulary: canonical drugs, their classes, and the spellings that map to them.

Clinical exports spell the same drug many ways ("CsA", "Neoral", "ciclosporin",
"ネオーラル"). :func:`normalize_drug` maps each known spelling to one
:class:`Drug`; an unknown name is an error, never a silent "other".

Japanese exports write drugs by their Japanese generic names (JAN) and
brand names, in katakana. Each name below was checked against a Japanese
package insert, PMDA's or KEGG's pages (docs/rules.md, section 1, lists the
sources). Names are compared after Unicode NFKC normalisation, which reads
half-width katakana (``ｾﾙｾﾌﾟﾄ``) and full-width letters as the usual forms;
in a name written in Japanese, spaces and middle dots (``ソル・メドロール``)
are set aside, and a dash after katakana is read as the long-vowel mark
(``メドロ-ル``).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class DrugClass(StrEnum):
    """Pharmacological class used by the cohort rules."""

    CALCINEURIN_INHIBITOR = "calcineurin inhibitor"
    ANTIMETABOLITE = "antimetabolite"
    GLUCOCORTICOID = "glucocorticoid"
    BIOLOGIC = "biologic"
    ALKYLATING_AGENT = "alkylating agent"
    IMMUNOGLOBULIN = "immunoglobulin"


class Drug(StrEnum):
    """A canonical drug. The value is its international non-proprietary name."""

    MYCOPHENOLATE_MOFETIL = "mycophenolate mofetil"
    MYCOPHENOLIC_ACID = "mycophenolic acid"
    CYCLOSPORINE = "cyclosporine"
    TACROLIMUS = "tacrolimus"
    PREDNISOLONE = "prednisolone"
    PREDNISONE = "prednisone"
    METHYLPREDNISOLONE = "methylprednisolone"
    AZATHIOPRINE = "azathioprine"
    METHOTREXATE = "methotrexate"
    MIZORIBINE = "mizoribine"
    IVIG = "intravenous immunoglobulin"
    RITUXIMAB = "rituximab"
    CYCLOPHOSPHAMIDE = "cyclophosphamide"

    @property
    def drug_class(self) -> DrugClass:
        """The pharmacological class of this drug."""
        return DRUG_CLASS[self]


DRUG_CLASS: dict[Drug, DrugClass] = {
    Drug.MYCOPHENOLATE_MOFETIL: DrugClass.ANTIMETABOLITE,
    Drug.MYCOPHENOLIC_ACID: DrugClass.ANTIMETABOLITE,
    Drug.CYCLOSPORINE: DrugClass.CALCINEURIN_INHIBITOR,
    Drug.TACROLIMUS: DrugClass.CALCINEURIN_INHIBITOR,
    Drug.PREDNISOLONE: DrugClass.GLUCOCORTICOID,
    Drug.PREDNISONE: DrugClass.GLUCOCORTICOID,
    Drug.METHYLPREDNISOLONE: DrugClass.GLUCOCORTICOID,
    Drug.AZATHIOPRINE: DrugClass.ANTIMETABOLITE,
    Drug.METHOTREXATE: DrugClass.ANTIMETABOLITE,
    Drug.MIZORIBINE: DrugClass.ANTIMETABOLITE,
    Drug.IVIG: DrugClass.IMMUNOGLOBULIN,
    Drug.RITUXIMAB: DrugClass.BIOLOGIC,
    Drug.CYCLOPHOSPHAMIDE: DrugClass.ALKYLATING_AGENT,
}

# Spellings after _key(): NFKC, lower case, "-", "_", "/", "." and "®" read as spaces; in
# Japanese, no spaces or middle dots, and a dash after katakana is the long-vowel mark.
_SYNONYMS: dict[Drug, tuple[str, ...]] = {
    Drug.MYCOPHENOLATE_MOFETIL: (
        "mmf",
        "mycophenolate mofetil",
        "mycophenolate",
        "cellcept",
        "cell cept",
        "ミコフェノール酸モフェチル",
        "セルセプト",
    ),
    Drug.MYCOPHENOLIC_ACID: (
        "mycophenolic acid",
        "mpa",
        "myfortic",
        "mycophenolate sodium",
        "ec mps",
        "ミコフェノール酸",
        "ミコフェノール酸ナトリウム",
    ),
    Drug.CYCLOSPORINE: (
        "cyclosporine",
        "cyclosporin",
        "ciclosporin",
        "cyclosporine a",
        "cyclosporin a",
        "csa",
        "cya",
        "neoral",
        "sandimmun",
        "sandimmune",
        "gengraf",
        "シクロスポリン",
        "ネオーラル",
        "サンディミュン",
    ),
    Drug.TACROLIMUS: (
        "tacrolimus",
        "tac",
        "fk506",
        "fk 506",
        "prograf",
        "advagraf",
        "envarsus",
        "graceptor",
        "タクロリムス",
        "タクロリムス水和物",
        "プログラフ",
    ),
    Drug.PREDNISOLONE: (
        "prednisolone",
        "psl",
        "predonine",
        "prednisolon",
        "プレドニゾロン",
        "プレドニン",
    ),
    Drug.PREDNISONE: ("prednisone", "pdn", "deltasone", "プレドニゾン"),
    Drug.METHYLPREDNISOLONE: (
        "methylprednisolone",
        "mpsl",
        "mp",
        "medrol",
        "solu medrol",
        "solumedrol",
        "methylpred",
        "ivmp",
        "メチルプレドニゾロン",
        "メドロール",
        "ソル・メドロール",
    ),
    Drug.AZATHIOPRINE: (
        "azathioprine",
        "aza",
        "imuran",
        "imurel",
        "azanin",
        "アザチオプリン",
        "イムラン",
        "アザニン",
    ),
    Drug.METHOTREXATE: (
        "methotrexate",
        "mtx",
        "rheumatrex",
        "trexall",
        "metoject",
        "メトトレキサート",
        "リウマトレックス",
    ),
    Drug.MIZORIBINE: ("mizoribine", "mzr", "bredinin", "ミゾリビン", "ブレディニン"),
    Drug.IVIG: (
        "ivig",
        "iv ig",
        "intravenous immunoglobulin",
        "intravenous immune globulin",
        "immunoglobulin",
        "privigen",
        "gamunex",
        "octagam",
        "gammagard",
        "免疫グロブリン",
        "献血ヴェノグロブリン",
        "献血ヴェノグロブリンIH",  # noqa: RUF001 (katakana, not a slash)
        "ポリエチレングリコール処理人免疫グロブリン",
    ),
    Drug.RITUXIMAB: (
        "rituximab",
        "rtx",
        "rituxan",
        "mabthera",
        "truxima",
        "ruxience",
        "リツキシマブ",
        "リツキサン",
    ),
    Drug.CYCLOPHOSPHAMIDE: (
        "cyclophosphamide",
        "cyc",
        "cpa",
        "cytoxan",
        "endoxan",
        "ivcy",
        "ivcyc",
        "シクロホスファミド",
        "シクロホスファミド水和物",
        "エンドキサン",
    ),
}


_MARKS = re.compile(r"[®™]")  # before NFKC, which spells "™" out as "TM"
_KANA_DASH = re.compile(r"(?<=[\u30a1-\u30fa\u30fc])[-\u2010-\u2015\u2212]")
"""A dash after katakana: the long-vowel mark (``ー``) typed as a hyphen or a dash."""
_SEPARATORS = re.compile(r"[-_/.]+")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_JAPANESE_GAPS = re.compile(r"[\s\u30fb\u00b7]+")  # spaces and middle dots


def _key(name: str) -> str:
    """A drug name as the vocabulary compares it.

    Examples
    --------
    >>> _key(" Solu-Medrol® "), _key("FK_506")
    ('solu medrol', 'fk 506')
    """
    text = unicodedata.normalize("NFKC", _MARKS.sub(" ", name)).casefold()
    text = _SEPARATORS.sub(" ", _KANA_DASH.sub("\u30fc", text))
    if _JAPANESE.search(text):
        return _JAPANESE_GAPS.sub("", text)
    return " ".join(text.split())


def _build_lookup() -> dict[str, Drug]:
    lookup: dict[str, Drug] = {}
    for drug, spellings in _SYNONYMS.items():
        for spelling in (*spellings, drug.value):
            key = _key(spelling)
            if lookup.get(key, drug) is not drug:
                raise RuntimeError(f"drug spelling {spelling!r} is ambiguous")
            lookup[key] = drug
    return lookup


_LOOKUP = _build_lookup()


_SHORT_NAMES: dict[Drug, str] = {Drug.MYCOPHENOLATE_MOFETIL: "MMF"}


def short_name(drug: Drug) -> str:
    """The name a report uses for ``drug``: ``"MMF"`` for mycophenolate mofetil, else the INN.

    Examples
    --------
    >>> short_name(Drug.MYCOPHENOLATE_MOFETIL), short_name(Drug.TACROLIMUS)
    ('MMF', 'tacrolimus')
    """
    return _SHORT_NAMES.get(drug, drug.value)


def known_spellings() -> dict[str, Drug]:
    """Return every accepted spelling (normalised) with the drug it maps to."""
    return dict(_LOOKUP)


def normalize_drug(name: str | Drug) -> Drug:
    """Map a drug name, abbreviation or brand name to its canonical :class:`Drug`.

    Parameters
    ----------
    name : str or Drug
        The name as written in the source data. Case, surrounding spaces and
        the separators ``- _ / .`` do not matter.

    Returns
    -------
    Drug
        The canonical drug.

    Raises
    ------
    ValueError
        If the name is not a known spelling. The message quotes the name.

    Examples
    --------
    >>> normalize_drug("Neoral")
    <Drug.CYCLOSPORINE: 'cyclosporine'>
    >>> normalize_drug("fk-506").drug_class
    <DrugClass.CALCINEURIN_INHIBITOR: 'calcineurin inhibitor'>
    """
    if isinstance(name, Drug):
        return name
    drug = _LOOKUP.get(_key(name))
    if drug is None:
        raise ValueError(
            f"unknown drug {name!r}; use a generic name, a common abbreviation or a "
            "brand name listed in docs/rules.md"
        )
    return drug
