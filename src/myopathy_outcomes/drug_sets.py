"""Sets of drugs as a study names them: by drug, by class, less exceptions.

A :class:`DrugSet` is the vocabulary every study rule is written in: the
index exposure, the background and prior therapy, each arm's add-on. It
knows drugs and words only, so the rules and the design both read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from myopathy_outcomes.drugs import Drug, DrugClass, normalize_drug, short_name
from myopathy_outcomes.schema import check_label
from myopathy_outcomes.words import or_list

__all__ = ["DrugSet"]


def _drugs(value: object, where: str) -> frozenset[Drug]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{where} must be a collection of drugs, got {value!r}")
    drugs = set()
    for item in value:
        if isinstance(item, Drug):
            drugs.add(item)
        elif isinstance(item, str):
            drugs.add(normalize_drug(item))
        else:
            raise TypeError(f"{where} must hold drugs or drug names, got {item!r}")
    return frozenset(drugs)


def _classes(value: object, where: str) -> frozenset[DrugClass]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{where} must be a collection of drug classes, got {value!r}")
    classes = set()
    for item in value:
        try:
            classes.add(DrugClass(item))
        except ValueError:
            allowed = ", ".join(c.value for c in DrugClass)
            raise ValueError(
                f"{where}: unknown drug class {item!r}; use one of {allowed}"
            ) from None
    return frozenset(classes)


@dataclass(frozen=True)
class DrugSet:
    """Drugs named one by one, by class, or both, less some exceptions.

    Parameters
    ----------
    drugs : collection of Drug or str, optional
        Drugs that belong to the set (names are normalised: ``"CsA"``).
    classes : collection of DrugClass or str, optional
        Classes whose every drug belongs to the set.
    excluding : collection of Drug or str, optional
        Drugs that never belong, even when their class does.
    label : str, optional
        How a report names the set (``"CNI"``, ``"immunosuppressant"``); by
        default the drugs and classes written out.

    Examples
    --------
    >>> cni = DrugSet(classes=["calcineurin inhibitor"], label="CNI")
    >>> Drug.TACROLIMUS in cni, Drug.AZATHIOPRINE in cni
    (True, False)
    >>> DrugSet(drugs=["MMF"]).name
    'MMF'
    >>> DrugSet(classes=["calcineurin inhibitor"]).name
    'calcineurin inhibitor'
    """

    drugs: frozenset[Drug] = frozenset()
    classes: frozenset[DrugClass] = frozenset()
    excluding: frozenset[Drug] = frozenset()
    label: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "drugs", _drugs(self.drugs, "drugs"))
        object.__setattr__(self, "classes", _classes(self.classes, "classes"))
        object.__setattr__(self, "excluding", _drugs(self.excluding, "excluding"))
        if not self.drugs and not self.classes:
            raise ValueError("a drug set needs at least one drug or class")
        if self.label is not None:
            if not isinstance(self.label, str):
                raise ValueError(f"label must be non-empty text, got {self.label!r}")
            check_label(self.label, "label")

    def __contains__(self, drug: object) -> bool:
        return (
            isinstance(drug, Drug)
            and drug not in self.excluding
            and (drug in self.drugs or drug.drug_class in self.classes)
        )

    @property
    def name(self) -> str:
        """The label, or the drugs and classes joined with "or" in a stable order."""
        if self.label is not None:
            return self.label
        names = sorted(short_name(d) for d in self.drugs) + sorted(c.value for c in self.classes)
        return or_list(names)

    def members(self) -> tuple[Drug, ...]:
        """Every known drug in the set, in the vocabulary's order."""
        return tuple(d for d in Drug if d in self)

    def describe(self) -> str:
        """The set in words, with its exceptions: ``"MMF or mycophenolic acid"``."""
        names = sorted(short_name(d) for d in self.drugs) + sorted(c.value for c in self.classes)
        text = or_list(names)
        if self.excluding:
            text += f" (not {or_list(sorted(short_name(d) for d in self.excluding))})"
        return text
