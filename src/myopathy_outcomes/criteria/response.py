"""Response as an outcome of a study: what a design declares, and one patient's response.

A design that asks for response (:class:`ResponseOutcome`, the ``[response]``
table of a design file) declares the scales its core set measures were
recorded on and each enzyme's upper limit of normal, and says which visit
measure holds each core set value (the schema's name by default, or a
measure the design declares, such as an MMT-8 recorded on 0-150). The
analysis takes each value at the design's baseline and follow-up windows
and scores every analysed patient with :func:`score_response`: the 2016
ACR/EULAR Total Improvement Score and its category
(:func:`~myopathy_outcomes.criteria.tis.total_improvement_score`) and the
IMACS definition of improvement (:func:`~myopathy_outcomes.criteria.doi.imacs_doi`).
A patient whose core set is incomplete is counted and named with the
missing measures; the score is never set to zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import get_args

from myopathy_outcomes.criteria.core_set import CoreSet
from myopathy_outcomes.criteria.doi import DefinitionOfImprovement, DoiBasis, imacs_doi
from myopathy_outcomes.criteria.scales import (
    BOUNDED_MEASURES,
    ENZYMES,
    MMT8_BILATERAL_SCALE,
    MMT8_SCALE,
    VAS_CM,
    VAS_MM,
    CoreSetScales,
    Scale,
)
from myopathy_outcomes.criteria.tis import (
    EnzymeBasis,
    NormalEnzyme,
    Population,
    TotalImprovementScore,
    total_improvement_score,
)

__all__ = [
    "CORE_SET_VALUES",
    "GLOBAL_SCALES",
    "MMT8_SCALES",
    "PatientResponse",
    "ResponseOutcome",
    "score_response",
]

#: The values a visit holds for the core set: five bounded measures and five enzymes.
CORE_SET_VALUES = (*BOUNDED_MEASURES, *ENZYMES)

#: The MMT-8 scales a design names: ``"0-80"`` (one side) or ``"0-150"`` (both sides).
MMT8_SCALES: Mapping[str, Scale] = {"0-80": MMT8_SCALE, "0-150": MMT8_BILATERAL_SCALE}

#: The global activity scales a design names by unit: ``"cm"`` (0-10) or ``"mm"`` (0-100).
GLOBAL_SCALES: Mapping[str, Scale] = {"cm": VAS_CM, "mm": VAS_MM}


@dataclass(frozen=True)
class ResponseOutcome:
    """A design's request for response: scales, options, and where each value is recorded.

    Parameters
    ----------
    scales : CoreSetScales
        The declared scales and the enzymes' upper limits of normal.
    population : {"adult", "juvenile"}, default "adult"
        Whose TIS thresholds categorise the score.
    enzyme_basis : {"baseline", "uln"}, default "baseline"
        What the enzyme's TIS change is a percentage of.
    normal_enzyme : {"score", "no-points"}, default "score"
        How an enzyme within normal limits at baseline is scored in the TIS.
    doi_basis : {"baseline", "range"}, default "baseline"
        What the IMACS definition's percent changes are of.
    columns : tuple of (str, str)
        ``(core set value, visit measure)`` for each value recorded under
        another name (``("mmt8", "mmt8_bilateral")``); the others are read
        under their own name.

    Examples
    --------
    >>> from myopathy_outcomes.criteria import UpperLimits
    >>> scales = CoreSetScales(mmt8=MMT8_BILATERAL_SCALE, upper_limits=UpperLimits(ck=200))
    >>> outcome = ResponseOutcome(scales, columns=(("mmt8", "mmt8_bilateral"),))
    >>> outcome.column("mmt8"), outcome.column("haq_di")
    ('mmt8_bilateral', 'haq_di')
    >>> outcome.values_read[-1]
    'ck'
    """

    scales: CoreSetScales = field(default_factory=CoreSetScales)
    population: Population = "adult"
    enzyme_basis: EnzymeBasis = "baseline"
    normal_enzyme: NormalEnzyme = "score"
    doi_basis: DoiBasis = "baseline"
    columns: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.scales, CoreSetScales):
            raise TypeError(f"scales must be a CoreSetScales, got {self.scales!r}")
        for name, kind in (
            ("population", Population),
            ("enzyme_basis", EnzymeBasis),
            ("normal_enzyme", NormalEnzyme),
            ("doi_basis", DoiBasis),
        ):
            allowed = get_args(kind)
            if getattr(self, name) not in allowed:
                raise ValueError(
                    f"{name} must be one of {', '.join(allowed)}, got {getattr(self, name)!r}"
                )
        columns = tuple(tuple(pair) for pair in self.columns)
        for pair in columns:
            if len(pair) != 2 or not all(isinstance(p, str) for p in pair):
                raise TypeError(f"columns must be (core set value, measure) pairs, got {pair!r}")
            if pair[0] not in CORE_SET_VALUES:
                raise ValueError(
                    f"columns: {pair[0]!r} is not a core set value; use one of "
                    f"{', '.join(CORE_SET_VALUES)}"
                )
        names = [pair[0] for pair in columns]
        if len(set(names)) != len(names):
            raise ValueError(f"columns: each core set value may be mapped once, got {names}")
        object.__setattr__(self, "columns", columns)
        if all(self.scales.upper_limits.of(e) is None for e in ENZYMES):
            raise ValueError(
                "declare the upper limit of normal of at least one enzyme "
                f"({', '.join(ENZYMES)}): the core set's enzyme is chosen by it"
            )

    def column(self, value: str) -> str:
        """The visit measure that holds the core set ``value`` (one of :data:`CORE_SET_VALUES`)."""
        if value not in CORE_SET_VALUES:
            raise ValueError(f"unknown core set value {value!r}; use one of {CORE_SET_VALUES}")
        return dict(self.columns).get(value, value)

    @property
    def values_read(self) -> tuple[str, ...]:
        """The core set values read: the bounded measures and each enzyme with a declared limit.

        An enzyme whose upper limit of normal the design does not declare is
        not among the study's enzymes (the most abnormal one could not be
        decided without its limit).
        """
        limits = self.scales.upper_limits
        enzymes = tuple(e for e in ENZYMES if limits.of(e) is not None)
        return (*BOUNDED_MEASURES, *enzymes)

    @property
    def visit_measures(self) -> tuple[str, ...]:
        """The visit measures read, in the order of :attr:`values_read`."""
        return tuple(self.column(v) for v in self.values_read)

    def describe(self) -> str:
        """The outcome in words, for the methods section of a report."""
        s = self.scales
        limits = ", ".join(
            f"{e} {s.upper_limits.of(e):g}" for e in ENZYMES if s.upper_limits.of(e) is not None
        )
        scales = "; ".join(f"{m} {s.scale(m).text}" for m in BOUNDED_MEASURES)
        return (
            "Response: the 2016 ACR/EULAR Total Improvement Score (TIS; Aggarwal et al. 2017, "
            f"{self.population} thresholds), absolute percent change of the declared scales "
            f"({scales}), the enzyme the most abnormal at baseline (upper limits of normal: "
            f"{limits or 'none declared'}), enzyme_basis={self.enzyme_basis}, "
            f"normal_enzyme={self.normal_enzyme}; and the IMACS preliminary definition of "
            f"improvement (Rider et al. 2004; basis={self.doi_basis}). A patient whose core "
            "set is incomplete at baseline or follow-up is counted and named, never scored "
            "as 0."
        )


@dataclass(frozen=True)
class PatientResponse:
    """One patient's response: the TIS and the IMACS definition, with every number behind them.

    Attributes
    ----------
    patient_id : str
    group : str
    tis : TotalImprovementScore
    doi : DefinitionOfImprovement
    columns : tuple of (str, str)
        The design's map of core set values to visit measures
        (:attr:`ResponseOutcome.columns`), for naming what is missing.
    """

    patient_id: str
    group: str
    tis: TotalImprovementScore
    doi: DefinitionOfImprovement
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """The core set measures missing at baseline or follow-up, with what is missing.

        A value read from a measure of another name says which
        (``"no baseline mmt8 (mmt8_bilateral)"``).
        """
        read_from = dict(self.columns)
        found = []
        for m in self.tis.measures:
            if m.points is not None:
                continue
            text = m.reason.removeprefix("not scored: ")
            if m.source in read_from:
                text += f" ({read_from[m.source]})"
            found.append(text)
        return tuple(found)


def _values(values: Mapping[str, float | None], outcome: ResponseOutcome) -> CoreSet:
    read: dict[str, float | None] = {}
    for name in outcome.values_read:
        value = values.get(outcome.column(name))
        read[name] = None if value is None or math.isnan(value) else float(value)
    return CoreSet(**read)


def score_response(
    patient_id: str,
    group: str,
    baseline: Mapping[str, float | None],
    follow_up: Mapping[str, float | None],
    outcome: ResponseOutcome,
) -> PatientResponse:
    """Score one patient's response between the baseline and follow-up values.

    Parameters
    ----------
    patient_id, group : str
        Who, and in which group; a value off its declared scale raises a
        ``ValueError`` naming the patient.
    baseline, follow_up : mapping of str to float
        Values by visit measure name (:meth:`ResponseOutcome.column`); a
        missing value is None, NaN or absent.
    outcome : ResponseOutcome
        The declared scales and options.

    Returns
    -------
    PatientResponse

    Examples
    --------
    >>> from myopathy_outcomes.criteria import UpperLimits
    >>> outcome = ResponseOutcome(CoreSetScales(upper_limits=UpperLimits(ck=200)))
    >>> before = {"physician_global": 6, "patient_global": 7, "mmt8": 62, "haq_di": 1.5,
    ...           "extramuscular_global": 3, "ck": 2400}
    >>> after = {"physician_global": 3.5, "patient_global": 5, "mmt8": 70, "haq_di": 1.0,
    ...          "extramuscular_global": 1, "ck": 900}
    >>> response = score_response("P01", "MMF", before, after, outcome)
    >>> response.tis.score, response.tis.category, response.doi.improved
    (57.5, 'moderate', True)
    >>> score_response("P02", "MMF", before, after | {"haq_di": None}, outcome).missing
    ('no follow-up haq_di',)
    """
    before, after = _values(baseline, outcome), _values(follow_up, outcome)
    try:
        tis = total_improvement_score(
            before,
            after,
            outcome.scales,
            population=outcome.population,
            enzyme_basis=outcome.enzyme_basis,
            normal_enzyme=outcome.normal_enzyme,
        )
        doi = imacs_doi(before, after, outcome.scales, basis=outcome.doi_basis)
    except ValueError as error:
        raise ValueError(f"patient {patient_id}: {error}") from None
    return PatientResponse(patient_id, group, tis, doi, outcome.columns)
