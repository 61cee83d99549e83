"""What every ILD progression criterion shares: its input, its result, its protocol, its name.

A criterion (:class:`IldCriterion`) compares each visit after the baseline
with the patient's baseline %FVC (and %DLCO where the criterion uses it) and
returns an :class:`IldProgression`: whether the patient progressed, the first
date, and the reason in words. Criteria live one per module beside this one
(:mod:`.paper`, :mod:`.ppf2022`, :mod:`.omeract`, :mod:`.inbuild`); each
module names what it offers as :class:`NamedCriterion` values, with their
:class:`Parameter` s, which the package's registry
(:data:`myopathy_outcomes.rules.ild.REGISTRY`) collects for the design file
and the command line alike.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, runtime_checkable

from myopathy_outcomes.models import PatientRecord

__all__ = [
    "Baselines",
    "IldCriterion",
    "IldProgression",
    "NamedCriterion",
    "Parameter",
    "add_months",
    "follow_up",
    "not_evaluable",
]


@dataclass(frozen=True)
class Baselines:
    """A patient's baseline lung function, from the design's baseline window.

    Attributes
    ----------
    fvc, dlco : float or None
        Baseline %FVC and %DLCO; None when the window holds none.
    fvc_date, dlco_date : date or None
        The dates of those baseline visits. When None, values after the index
        date count as follow-up.
    """

    fvc: float | None
    fvc_date: date | None = None
    dlco: float | None = None
    dlco_date: date | None = None


@dataclass(frozen=True)
class IldProgression:
    """Whether one patient's ILD progressed under one criterion, and why.

    Attributes
    ----------
    patient_id : str
        The patient.
    evaluable : bool
        False when the data cannot show progression or its absence (no
        baseline, or no value after it within the criterion's time limit).
    progressed : bool
        True when some visit met the criterion; always False when not evaluable.
    first_date : date or None
        The first visit that met the criterion.
    baseline_fvc : float or None
        The baseline %FVC used.
    max_decline : float or None
        The largest %FVC decline over the visits considered, in the
        criterion's unit (percent of baseline or points); negative when %FVC
        only improved. None without a %FVC to compare.
    reason : str
        In words: why not evaluable, when it progressed, or that it did not.
    visits_considered : int
        Visits with a value that were compared with baseline.
    criterion : str
        The criterion's name (``"paper"``, ``"ppf2022"``...).
    """

    patient_id: str
    evaluable: bool
    progressed: bool
    first_date: date | None
    baseline_fvc: float | None
    max_decline: float | None
    reason: str
    visits_considered: int = 0
    criterion: str = "paper"


def not_evaluable(
    patient_id: str, criterion: str, why: str, baseline_fvc: float | None = None
) -> IldProgression:
    """The result for a patient the criterion cannot judge: ``"not evaluable: <why>"``."""
    return IldProgression(
        patient_id=patient_id,
        evaluable=False,
        progressed=False,
        first_date=None,
        baseline_fvc=baseline_fvc,
        max_decline=None,
        reason=f"not evaluable: {why}",
        criterion=criterion,
    )


@runtime_checkable
class IldCriterion(Protocol):
    """A definition of ILD progression: one module per published definition."""

    @property
    def name(self) -> str:
        """The criterion's name on the command line and in reports (``"ppf2022"``)."""
        ...

    @property
    def measures(self) -> tuple[str, ...]:
        """The visit measures the criterion reads (``("fvc_pct", "dlco_pct")``)."""
        ...

    def describe(self) -> str:
        """The criterion in one line, with its source, for a report's Methods."""
        ...

    def assess(
        self, record: PatientRecord, index_date: date, baselines: Baselines
    ) -> IldProgression:
        """Decide one patient's progression after ``index_date``."""
        ...


_KIND_NAMES = {float: "a number", int: "an integer", str: "text"}


@dataclass(frozen=True)
class Parameter:
    """A setting of a named criterion that a design file or the command line may give.

    Attributes
    ----------
    name : str
        The key in a design file's ``[ild]`` table and after ``--ild-parameter``.
    kind : type
        ``float``, ``int`` or ``str``: how a value is read.
    help : str
        What it sets, in a few words.
    choices : tuple of str
        The allowed values of a text parameter; empty for any.
    """

    name: str
    kind: type
    help: str
    choices: tuple[str, ...] = ()

    @property
    def expected(self) -> str:
        """What a value must be, in words: ``"a number"``, ``"one of ['relative', ...]"``."""
        return f"one of {list(self.choices)}" if self.choices else _KIND_NAMES[self.kind]

    def read(self, value: object) -> Any:
        """``value`` (from TOML or from the command line's text) as this parameter's kind.

        A ValueError says what was expected.

        >>> Parameter("threshold", float, "").read("5"), Parameter("threshold", float, "").read(5)
        (5.0, 5.0)
        """
        if isinstance(value, str) and self.kind is not str:
            try:
                value = self.kind(value)
            except ValueError:
                raise ValueError(f"expected {self.expected}, got {value!r}") from None
        ok = isinstance(value, self.kind) and not isinstance(value, bool)
        if self.kind is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            ok = ok and math.isfinite(float(value))  # type: ignore[arg-type]
        if not ok or (self.choices and value not in self.choices):
            raise ValueError(f"expected {self.expected}, got {value!r}")
        return float(value) if self.kind is float else value  # type: ignore[arg-type]


@dataclass(frozen=True)
class NamedCriterion:
    """A criterion by name, as a design file and the command line choose it.

    Attributes
    ----------
    name : str
        ``"paper"``, ``"ppf2022"``, ...
    build : callable
        Makes the criterion from keyword values of :attr:`parameters`.
    parameters : tuple of Parameter
        What may be set; empty when the criterion is fixed by its source.
    defaults : mapping of str to object
        Values given to :attr:`build` unless set (``paper-absolute`` reads
        the decline in points).
    """

    name: str
    build: Callable[..., IldCriterion]
    parameters: tuple[Parameter, ...] = ()
    defaults: Mapping[str, object] = field(default_factory=dict)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; a ValueError lists the criterion's parameters."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        takes = ", ".join(p.name for p in self.parameters) or "none"
        raise ValueError(
            f"ILD criterion {self.name!r} has no parameter {name!r} (its parameters: {takes})"
        )

    def make(self, values: Mapping[str, object] | None = None) -> IldCriterion:
        """The criterion with ``values`` for some parameters, the defaults for the rest.

        A ValueError names the criterion and the parameter.
        """
        given = dict(values or {})
        read = {}
        for name, value in given.items():
            parameter = self.parameter(name)
            try:
                read[name] = parameter.read(value)
            except ValueError as error:
                raise ValueError(
                    f"ILD criterion {self.name!r}, parameter {name!r}: {error}"
                ) from None
        try:
            return self.build(**{**self.defaults, **read})
        except (ValueError, TypeError) as error:
            raise ValueError(f"ILD criterion {self.name!r}: {error}") from None


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later; the month's last day if it has none.

    >>> add_months(date(2016, 2, 29), 12), add_months(date(2015, 1, 31), 1)
    (datetime.date(2017, 2, 28), datetime.date(2015, 2, 28))
    """
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def follow_up(
    record: PatientRecord, field: str, after: date, until: date | None = None
) -> Iterator[tuple[date, float]]:
    """``(date, value)`` of ``field`` at visits strictly after ``after`` and up to ``until``."""
    for visit in record.visits:
        value = getattr(visit, field)
        if value is not None and visit.date > after and (until is None or visit.date <= until):
            yield visit.date, value
