"""Study designs written in TOML: :func:`load_design` (``myopathy-outcomes --design``).

Every key is documented, with the paper's design and another study written
out, in ``docs/design.md``. A bad file gets the same kind of message as bad
data: the file, the key, what was expected and what was found.
"""

from __future__ import annotations

import codecs
import dataclasses
import numbers
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from myopathy_outcomes.design import Arm, DrugSet, StudyDesign
from myopathy_outcomes.outcomes import OutcomeRules
from myopathy_outcomes.rules.ild import REGISTRY, IldCriterion, NamedCriterion
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.studies import STUDIES

__all__ = ["DesignFileError", "design_from_dict", "load_design"]

_DRUG_SET_KEYS = {"drugs": list, "classes": list, "excluding": list, "label": str}
_ARM_KEYS = {"label": str, "add_on": dict, "index": dict}
_MEASURE_KEYS = {
    "name": str,
    "label": str,
    "unit": str,
    "decimals": int,
    "minimum": float,
    "maximum": float,
    "minimum_inclusive": bool,
    "maximum_inclusive": bool,
    "lower_is_better": bool,
    "short": str,
}
_OUTCOME_KEYS = {
    "baseline_days_before": int,
    "baseline_days_after": int,
    "follow_up": str,
    "follow_up_days": int,
    "follow_up_window_days": int,
    "follow_up_analysis": str,
    "grace_days": int,
    "report_both": bool,
}
_ILD_KEYS = {"criterion": str, "sensitivity": list}
"""The keys of ``[ild]`` besides the chosen criterion's parameters."""
_TOP_KEYS = {
    "based_on": str,
    "name": str,
    "title": str,
    "reference": str,
    "add_on_window_days": int,
    "same_day_starts": str,
    "lookback_days": int,
    "washout_days": int,
    "washout": dict,
    "measures": list,
    "index": dict,
    "background": dict,
    "prior": dict,
    "arm": list,
    "measure": list,
    "outcomes": dict,
    "ild": dict,
}
_TYPE_NAMES = {
    str: "text",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


_T = TypeVar("_T")


class DesignFileError(ValueError):
    """A design file that cannot be read, with the file and key named."""


def load_design(path: str | Path) -> StudyDesign:
    """Read a study design from a TOML file.

    Parameters
    ----------
    path : str or Path
        The file, for example ``study.toml``.

    Returns
    -------
    StudyDesign
        The validated design.

    Raises
    ------
    DesignFileError
        The file is missing, not UTF-8 text (a byte-order mark is allowed,
        as Windows Notepad writes one; UTF-16 is refused), not TOML, or a key
        is unknown, of the wrong type or has a value the design does not
        accept (labels with control or invisible characters included); the
        message names the file and the key.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DesignFileError(f"{path}: cannot read the design file ({error.strerror})") from None
    text = _design_text(raw, path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DesignFileError(f"{path}: not valid TOML: {error}") from None
    return design_from_dict(data, source=path.name)


def _design_text(raw: bytes, path: Path) -> str:
    """The text of a design file: UTF-8, with or without a byte-order mark.

    Windows Notepad saves "UTF-8" with a byte-order mark, which TOML does not
    allow; it is dropped. UTF-16 (Notepad's "Unicode") is refused, naming it.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DesignFileError(
            f'{path}: UTF-16 text (Notepad\'s "Unicode"); save the design file as UTF-8'
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DesignFileError(f"{path}: not UTF-8 text; save the design file as UTF-8") from None


def design_from_dict(data: Mapping[str, Any], *, source: str = "design") -> StudyDesign:
    """Build a design from the tables of a parsed design file (see :func:`load_design`)."""
    where = _Where(source)
    _check_keys(data, _TOP_KEYS, where)
    base: StudyDesign | None = None
    if "based_on" in data:
        name = data["based_on"]
        if name not in STUDIES:
            where.fail("based_on", f"a named study ({', '.join(STUDIES)}), got {name!r}")
        base = STUDIES[name]
    fields: dict[str, Any] = {}
    for key in (
        "name",
        "title",
        "reference",
        "add_on_window_days",
        "same_day_starts",
        "lookback_days",
        "washout_days",
    ):
        if key in data:
            fields[key] = data[key]
    for key in ("index", "background", "prior", "washout"):
        if key in data:
            fields[key] = _drug_set(data[key], where.at(key))
    if base is None:
        fields.setdefault("background", None)
        fields.setdefault("prior", None)
        fields.setdefault("index", None)
    if "arm" in data:
        fields["arms"] = tuple(
            _arm(arm, where.at(f"arm[{i + 1}]")) for i, arm in enumerate(data["arm"])
        )
    if "measure" in data:
        fields["declared_measures"] = tuple(
            _measure(m, where.at(f"measure[{i + 1}]")) for i, m in enumerate(data["measure"])
        )
    if "measures" in data:
        measures = data["measures"]
        if not all(isinstance(m, str) for m in measures):
            where.fail("measures", f"a list of measure names, got {measures!r}")
        fields["measures"] = tuple(measures)
    if "outcomes" in data:
        fields["outcome_rules"] = _build(
            OutcomeRules, data["outcomes"], _OUTCOME_KEYS, where.at("outcomes")
        )
    if "ild" in data:
        fields.update(_ild(data["ild"], where.at("ild")))
    if base is None:
        for key, what in (("title", "text"), ("arm", "tables")):
            if key not in data:
                where.fail(key, f"{what} (required unless based_on names a study)", found=False)
        by_drug = all(isinstance(a, Mapping) and "index" in a for a in data["arm"])
        if "index" not in data and not by_drug:
            where.fail(
                "index",
                "a table of drugs (required unless every [[arm]] names its index drugs)",
                found=False,
            )
        return _construct(lambda: StudyDesign(**fields), where)
    return _construct(lambda: dataclasses.replace(base, **fields), where)


class _Where:
    """A position in the design file, for messages: ``study.toml, [arm[2]]``."""

    def __init__(self, source: str, table: str = "") -> None:
        self.source, self.table = source, table

    def at(self, table: str) -> _Where:
        return _Where(self.source, f"{self.table}.{table}" if self.table else table)

    def key(self, key: str) -> str:
        return f"{self.table}.{key}" if self.table else key

    def fail(self, key: str, expected: str, *, found: bool = True) -> Any:
        what = f"expected {expected}" if found else f"missing; expected {expected}"
        raise DesignFileError(f"{self.source}: key '{self.key(key)}' {what}")

    def value_error(self, error: Exception) -> DesignFileError:
        place = f" in [{self.table}]" if self.table else ""
        return DesignFileError(f"{self.source}{place}: {error}")


def _check_keys(table: object, keys: Mapping[str, type], where: _Where) -> Mapping[str, Any]:
    """``table`` itself, once it is a table whose keys are known and of the right type."""
    if not isinstance(table, Mapping):
        raise DesignFileError(f"{where.source}: '{where.table}' must be a table, got {table!r}")
    for key, value in table.items():
        if key not in keys:
            allowed = ", ".join(keys)
            where.fail(key, f"one of the keys {allowed}; '{key}' is not a design key")
        if not _is_kind(value, keys[key]):
            where.fail(key, f"{_TYPE_NAMES[keys[key]]}, got {value!r}")
    return table


def _is_kind(value: object, kind: type) -> bool:
    """Whether ``value`` is of the design key's kind; NumPy numbers count as Python ones.

    A table passed to :func:`design_from_dict` from Python may hold
    ``np.int64(14)`` (a value read from a DataFrame) where TOML gives ``14``.
    True and False are no numbers.
    """
    boolean = isinstance(value, bool | np.bool_)
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int | np.integer) and not boolean
    if kind is float:
        return isinstance(value, numbers.Real) and not boolean
    return isinstance(value, kind)


def _construct(make: Callable[[], _T], where: _Where) -> _T:
    try:
        return make()
    except (ValueError, TypeError) as error:
        raise where.value_error(error) from None


def _drug_set(table: object, where: _Where) -> DrugSet:
    checked = _check_keys(table, _DRUG_SET_KEYS, where)
    return _construct(lambda: DrugSet(**checked), where)


def _arm(table: object, where: _Where) -> Arm:
    checked = _check_keys(table, _ARM_KEYS, where)
    keys = [key for key in ("add_on", "index") if key in checked]
    sets = {key: _drug_set(checked[key], where.at(key)) for key in keys}
    if "label" not in checked:
        where.fail("label", 'the group\'s label, e.g. "MMF + CNI"', found=False)
    return _construct(lambda: Arm(checked["label"], **sets), where)


def _ild(table: object, where: _Where) -> dict[str, Any]:
    """``ild_rule`` and ``ild_sensitivity`` from the ``[ild]`` table.

    The criterion's parameters (:data:`myopathy_outcomes.rules.ild.REGISTRY`)
    are keys of the same table; each entry of ``sensitivity`` is a criterion's
    name or a table of a criterion and its parameters.
    """
    if not isinstance(table, Mapping):
        raise DesignFileError(f"{where.source}: '{where.table}' must be a table, got {table!r}")
    fields: dict[str, Any] = {}
    named = _named(table.get("criterion", "paper"), where, "criterion")
    settings = {k: v for k, v in table.items() if k not in _ILD_KEYS}
    _check_criterion_keys(named, settings, where)
    _check_keys({k: v for k, v in table.items() if k in _ILD_KEYS}, _ILD_KEYS, where)
    if "criterion" in table or settings:
        fields["ild_rule"] = _criterion(named, settings, where)
    if "sensitivity" in table:
        fields["ild_sensitivity"] = tuple(
            _sensitivity(entry, where.at(f"sensitivity[{i + 1}]"))
            for i, entry in enumerate(table["sensitivity"])
        )
    return fields


def _named(name: object, where: _Where, key: str) -> NamedCriterion:
    if not isinstance(name, str) or name not in REGISTRY:
        where.fail(key, f"one of {', '.join(REGISTRY)}, got {name!r}")
    return REGISTRY[name]  # type: ignore[index]


def _check_criterion_keys(
    named: NamedCriterion, settings: Mapping[str, Any], where: _Where
) -> None:
    """Every key is a parameter of the chosen criterion, with a value of its kind."""
    for key, value in settings.items():
        if not any(p.name == key for p in named.parameters):
            takers = [
                n.name for n in REGISTRY.values() if any(p.name == key for p in n.parameters)
            ]
            if not takers:
                parameters = (p.name for n in REGISTRY.values() for p in n.parameters)
                allowed = ", ".join(dict.fromkeys([*_ILD_KEYS, *parameters]))
                where.fail(key, f"one of the keys {allowed}; '{key}' is not an [ild] key")
            names = " or ".join(repr(t) for t in takers)
            where.fail("criterion", f"{names} when {key} is set, got {named.name!r}")
        try:
            named.parameter(key).read(value)
        except ValueError as error:
            where.fail(key, str(error).removeprefix("expected "))


def _criterion(named: NamedCriterion, settings: Mapping[str, Any], where: _Where) -> IldCriterion:
    return _construct(lambda: named.make(settings), where)


def _sensitivity(entry: object, where: _Where) -> str | IldCriterion:
    """A sensitivity criterion: a name as it is, or a table built into a criterion."""
    if isinstance(entry, str):
        _named(entry, where, "criterion")
        return entry
    if not isinstance(entry, Mapping):
        raise DesignFileError(
            f"{where.source}: '{where.table}' must be a criterion's name or a table, got {entry!r}"
        )
    if "criterion" not in entry:
        where.fail("criterion", "the criterion's name", found=False)
    named = _named(entry["criterion"], where, "criterion")
    settings = {k: v for k, v in entry.items() if k != "criterion"}
    _check_criterion_keys(named, settings, where)
    return _criterion(named, settings, where)


def _measure(table: object, where: _Where) -> Measure:
    checked = _check_keys(table, _MEASURE_KEYS, where)
    for key in ("name", "label", "unit", "decimals", "minimum", "maximum"):
        if key not in checked:
            where.fail(key, _TYPE_NAMES[_MEASURE_KEYS[key]], found=False)
    return _construct(lambda: Measure(**checked), where)


def _build(
    kind: Callable[..., Any], table: object, keys: Mapping[str, type], where: _Where
) -> Any:
    checked = _check_keys(table, keys, where)
    return _construct(lambda: kind(**checked), where)
