"""Drug vocabulary: canonical drugs, their classes, and the spellings that map to them.

Clinical exports spell the same drug many ways ("CsA", "Neoral", "ciclosporin").
:func:`normalize_drug` maps each known spelling to one :class:`Drug`; an unknown
name is an error, never a silent "other".
"""

from __future__ import annotations

import re
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

# Spellings after _key(): lower case, "-", "_", "/", "." and "®" read as spaces.
_SYNONYMS: dict[Drug, tuple[str, ...]] = {
    Drug.MYCOPHENOLATE_MOFETIL: (
        "mmf",
        "mycophenolate mofetil",
        "mycophenolate",
        "cellcept",
        "cell cept",
    ),
    Drug.MYCOPHENOLIC_ACID: (
        "mycophenolic acid",
        "mpa",
        "myfortic",
        "mycophenolate sodium",
        "ec mps",
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
    ),
    Drug.PREDNISOLONE: ("prednisolone", "psl", "predonine", "prednisolon"),
    Drug.PREDNISONE: ("prednisone", "pdn", "deltasone"),
    Drug.METHYLPREDNISOLONE: (
        "methylprednisolone",
        "mpsl",
        "mp",
        "medrol",
        "solu medrol",
        "solumedrol",
        "methylpred",
        "ivmp",
    ),
    Drug.AZATHIOPRINE: ("azathioprine", "aza", "imuran", "imurel", "azanin"),
    Drug.METHOTREXATE: ("methotrexate", "mtx", "rheumatrex", "trexall", "metoject"),
    Drug.MIZORIBINE: ("mizoribine", "mzr", "bredinin"),
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
    ),
    Drug.RITUXIMAB: ("rituximab", "rtx", "rituxan", "mabthera", "truxima", "ruxience"),
    Drug.CYCLOPHOSPHAMIDE: (
        "cyclophosphamide",
        "cyc",
        "cpa",
        "cytoxan",
        "endoxan",
        "ivcy",
        "ivcyc",
    ),
}


def _key(name: str) -> str:
    cleaned = re.sub(r"[-_/.®™]+", " ", name.casefold())
    return " ".join(cleaned.split())


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
