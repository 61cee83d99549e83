"""The 2016 ACR/EULAR myositis response criteria: the Total Improvement Score (TIS).

The rule
--------
For each of the six IMACS core set measures, the change from baseline to
follow-up is expressed as an *absolute percent change* and falls in one of
five bands of improvement, each worth a number of points (the conjoint
analysis weights of Aggarwal et al. [1]_, Table 3, and Rider et al. [2]_,
Table 3, which gives the same points for juvenile DM; how they were derived
is in [3]_). The TIS, 0 to 100, is
the sum of the six.

==================== ========= ========= ========= ========= =======
measure              band 1    band 2    band 3    band 4    band 5
==================== ========= ========= ========= ========= =======
physician_global     0         7.5       15        17.5      20
patient_global       0         2.5       5         7.5       10
mmt8                 0         10        20        27.5      32.5
haq_di               0         5         7.5       7.5       10
enzyme               0         2.5       5         7.5       7.5
extramuscular_global 0         7.5       12.5      15        20
==================== ========= ========= ========= ========= =======

Bands are "worsening to 5% improvement", ">5% to 15%", ">15% to 25%", ">25%
to 40%" and ">40%"; for MMT-8 "worsening to 2%", ">2% to 10%", ">10% to 20%",
">20% to 30%" and ">30%". Each band's upper edge belongs to it: an
improvement of exactly 5% earns nothing, exactly 15% is in the second band,
exactly 40% in the fourth (exactly 2%, 10%, 20% and 30% likewise for
MMT-8). Edges are decided in exact decimal arithmetic.

The category is "minimal", "moderate" or "major" improvement from a TIS of
at least 20, 40 and 60 in adult dermatomyositis and polymyositis, and of at
least 30, 45 and 70 in juvenile dermatomyositis (``population``); below the
first threshold, "none".

Absolute percent change
-----------------------
For the five measures on a bounded scale, the change is a percentage of the
range of the scale the study declared (:class:`~myopathy_outcomes.criteria.scales.CoreSetScales`),
signed so that improvement is positive: ``(baseline - follow-up) / range *
100``, and ``(follow-up - baseline) / range * 100`` for MMT-8, on which
higher is stronger. This is why the NIEHS calculators ask for the maximum
possible MMT score.

The enzyme is the most abnormal of CK, aldolase, LDH, AST and ALT at
baseline, relative to each one's upper limit of normal (see
:func:`~myopathy_outcomes.criteria.core_set.most_abnormal_enzyme`). An enzyme
has no upper end of its scale, so its change is relative (``enzyme_basis``):

``"baseline"`` (default)
    ``(baseline - follow-up) / baseline * 100``, the relative percent change
    from baseline. A baseline of 0 cannot improve: 0 points.
``"uln"``
    ``(baseline - follow-up) / ULN * 100``, the change in percent of the
    upper limit of normal.

An enzyme at or below its upper limit of normal at baseline is scored like
any other by default (``normal_enzyme="score"``, the published rule has no
exception); ``"no-points"`` gives it 0 points whatever its change.

What the data hold
------------------
A measure missing at baseline or at follow-up (for the enzyme: no enzyme at
baseline, or no follow-up value of the one chosen) makes the TIS not
computable: ``score`` and ``category`` are None and ``incomplete`` names the
measures. It is never scored as 0 points. The points of the measures that
are there are still reported.

References
----------
.. [1] Aggarwal R, Rider LG, Ruperto N, et al. 2016 American College of
   Rheumatology/European League Against Rheumatism criteria for minimal,
   moderate, and major clinical response in adult dermatomyositis and
   polymyositis. Arthritis Rheumatol 2017;69:898-910; Ann Rheum Dis
   2017;76:792-801.
.. [2] Rider LG, Aggarwal R, Pistorio A, et al. 2016 American College of
   Rheumatology/European League Against Rheumatism criteria for minimal,
   moderate, and major clinical response in juvenile dermatomyositis.
   Arthritis Rheumatol 2017;69:911-923; Ann Rheum Dis 2017;76:782-791.
.. [3] Rider LG, Ruperto N, Pistorio A, et al. 2016 ACR-EULAR adult
   dermatomyositis and polymyositis and juvenile dermatomyositis response
   criteria: methodological aspects. Rheumatology 2017;56:1884-1893.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Literal, get_args

import pandas as pd

from myopathy_outcomes.criteria._exact import exact, percent_of, shown, typed
from myopathy_outcomes.criteria._pairs import Pair, pair_core_set
from myopathy_outcomes.criteria.core_set import CORE_SET, CoreSet, EnzymeChoice
from myopathy_outcomes.criteria.scales import CoreSetScales

__all__ = [
    "BANDS",
    "LEVEL_SCORES",
    "THRESHOLDS",
    "Category",
    "EnzymeBasis",
    "MeasureImprovement",
    "NormalEnzyme",
    "Population",
    "TotalImprovementScore",
    "improvement_points",
    "tis_category",
    "total_improvement_score",
]

Population = Literal["adult", "juvenile"]
Category = Literal["none", "minimal", "moderate", "major"]
EnzymeBasis = Literal["baseline", "uln"]
NormalEnzyme = Literal["score", "no-points"]

_EDGES = (5, 15, 25, 40)
_MMT_EDGES = (2, 10, 20, 30)

#: Each measure's band edges in percent: a band is (lower edge, upper edge], the first
#: band everything up to the first edge, worsening included.
BANDS: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {m: _MMT_EDGES if m == "mmt8" else _EDGES for m in CORE_SET}
)

#: Points of each measure's five bands (Aggarwal et al. 2017, Table 3).
LEVEL_SCORES: Mapping[str, tuple[float, ...]] = MappingProxyType(
    {
        "physician_global": (0, 7.5, 15, 17.5, 20),
        "patient_global": (0, 2.5, 5, 7.5, 10),
        "mmt8": (0, 10, 20, 27.5, 32.5),
        "haq_di": (0, 5, 7.5, 7.5, 10),
        "enzyme": (0, 2.5, 5, 7.5, 7.5),
        "extramuscular_global": (0, 7.5, 12.5, 15, 20),
    }
)

#: The least TIS of each category, adult DM/PM and juvenile DM.
THRESHOLDS: Mapping[str, tuple[tuple[Category, int], ...]] = MappingProxyType(
    {
        "adult": (("minimal", 20), ("moderate", 40), ("major", 60)),
        "juvenile": (("minimal", 30), ("moderate", 45), ("major", 70)),
    }
)


def _band_names(edges: tuple[int, ...]) -> tuple[str, ...]:
    inner = [f">{low}% to {high}%" for low, high in itertools.pairwise(edges)]
    return (f"worsening to {edges[0]}%", *inner, f">{edges[-1]}%")


def _band(measure: str, change: Fraction | float) -> int:
    """The band (0 to 4) of an improvement of ``change`` percent: upper edges belong to it."""
    return sum(change > edge for edge in BANDS[measure])


def _measure_iv(measure: str) -> None:
    if measure not in LEVEL_SCORES:
        raise ValueError(f"unknown core set measure {measure!r}; use one of {', '.join(CORE_SET)}")


def improvement_points(measure: str, percent_change: float) -> float:
    """The points of one core set measure's absolute percent change (Table 3).

    Parameters
    ----------
    measure : str
        One of :data:`~myopathy_outcomes.criteria.core_set.CORE_SET`.
    percent_change : float
        The improvement in percent; negative for worsening.

    Examples
    --------
    >>> improvement_points("physician_global", 5), improvement_points("physician_global", 5.01)
    (0.0, 7.5)
    >>> improvement_points("mmt8", 30), improvement_points("mmt8", -12)
    (27.5, 0.0)
    """
    _measure_iv(measure)
    change = percent_change if abs(percent_change) == float("inf") else exact(percent_change)
    return float(LEVEL_SCORES[measure][_band(measure, change)])


def _population_iv(population: str) -> None:
    if population not in THRESHOLDS:
        raise ValueError(f"population must be one of {', '.join(THRESHOLDS)}, got {population!r}")


def tis_category(score: float, population: Population = "adult") -> Category:
    """The improvement category of a TIS: none, minimal, moderate or major.

    Examples
    --------
    >>> tis_category(40), tis_category(40, "juvenile"), tis_category(19.5)
    ('moderate', 'minimal', 'none')
    """
    _population_iv(population)
    value = exact(score)
    category: Category = "none"
    for name, least in THRESHOLDS[population]:
        if value >= least:
            category = name
    return category


@dataclass(frozen=True)
class MeasureImprovement:
    """One core set measure's change, band and points.

    Attributes
    ----------
    measure : str
        The core set measure (``"enzyme"`` for the enzyme).
    source : str or None
        The value's name: the measure itself, or the enzyme chosen at baseline.
    baseline, follow_up : float or None
        The values compared.
    basis : float or None
        What the change is a percentage of: the scale's range, the enzyme's
        baseline or its upper limit of normal.
    basis_text : str or None
        That basis in words.
    percent_change : float or None
        The improvement in percent of ``basis``, negative for worsening;
        ``-inf`` for an enzyme rising from 0. None when a value is missing.
    band : str or None
        The band it falls in (``">5% to 15%"``).
    points : float or None
        The band's points; None when a value is missing.
    reason : str
        The computation in words, or why it could not be made.
    """

    measure: str
    source: str | None
    baseline: float | None
    follow_up: float | None
    basis: float | None
    basis_text: str | None
    percent_change: float | None
    band: str | None
    points: float | None
    reason: str


@dataclass(frozen=True)
class TotalImprovementScore:
    """One patient's Total Improvement Score, its category and every number behind them.

    Attributes
    ----------
    population : {"adult", "juvenile"}
        Whose thresholds categorise the score.
    score : float or None
        The TIS, 0 to 100; None when a core set measure is missing.
    category : {"none", "minimal", "moderate", "major"} or None
        The improvement category; None when the score is.
    measures : tuple of MeasureImprovement
        The six measures in the order of the published table.
    enzyme : EnzymeChoice
        Which enzyme was the most abnormal at baseline, and why.
    incomplete : tuple of str
        The core set measures missing at baseline or follow-up.
    enzyme_basis, normal_enzyme : str
        The options the enzyme was scored with.
    reason : str
        The result in words.
    """

    population: Population
    score: float | None
    category: Category | None
    measures: tuple[MeasureImprovement, ...]
    enzyme: EnzymeChoice
    incomplete: tuple[str, ...]
    enzyme_basis: EnzymeBasis
    normal_enzyme: NormalEnzyme
    reason: str

    @property
    def computable(self) -> bool:
        """Whether all six measures were there, so that the TIS exists."""
        return self.score is not None

    def points(self, measure: str) -> float | None:
        """The points of one core set measure (None when it is missing)."""
        _measure_iv(measure)
        return next(m.points for m in self.measures if m.measure == measure)

    def to_frame(self) -> pd.DataFrame:
        """One row per core set measure: values, basis, percent change, band and points."""
        columns = ["measure", "source", "baseline", "follow_up", "basis", "basis_text"]
        columns += ["percent_change", "band", "points", "reason"]
        rows = [[getattr(m, c) for c in columns] for m in self.measures]
        return pd.DataFrame(rows, columns=columns)


def _options_iv(population: str, enzyme_basis: str, normal_enzyme: str) -> None:
    _population_iv(population)
    for name, value, allowed in (
        ("enzyme_basis", enzyme_basis, get_args(EnzymeBasis)),
        ("normal_enzyme", normal_enzyme, get_args(NormalEnzyme)),
    ):
        if value not in allowed:
            raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")


def _as_core_set(values: CoreSet | Mapping[str, float | None], name: str) -> CoreSet:
    if isinstance(values, CoreSet):
        return values
    if isinstance(values, Mapping):
        return CoreSet.from_values(values)
    raise TypeError(f"{name} must be a CoreSet or a mapping of values by name, got {values!r}")


def _basis(
    pair: Pair, scales: CoreSetScales, choice: EnzymeChoice, enzyme_basis: EnzymeBasis
) -> tuple[Fraction, str]:
    """What the change of ``pair`` is a percentage of, and its name."""
    if pair.measure != "enzyme":
        scale = scales.scale(pair.measure)
        return exact(scale.range), f"range of {scale.text}"
    if enzyme_basis == "uln":
        assert choice.upper_limit is not None  # an enzyme is chosen only with its limit
        return exact(choice.upper_limit), f"upper limit of normal of {pair.source}"
    assert pair.baseline is not None  # a complete pair
    return pair.baseline, f"baseline {pair.source}"


def _improvement(
    pair: Pair,
    scales: CoreSetScales,
    choice: EnzymeChoice,
    enzyme_basis: EnzymeBasis,
    normal_enzyme: NormalEnzyme,
) -> MeasureImprovement:
    """Score one measure (see the module notes)."""
    name = pair.source or pair.measure
    if pair.missing is not None or pair.baseline is None or pair.follow_up is None:
        before = None if pair.baseline is None else float(pair.baseline)
        after = None if pair.follow_up is None else float(pair.follow_up)
        return MeasureImprovement(
            pair.measure, pair.source, before, after, None, None, None, None, None,
            f"not scored: {pair.missing}",
        )  # fmt: skip
    basis, basis_text = _basis(pair, scales, choice, enzyme_basis)
    change = (
        pair.follow_up - pair.baseline
        if pair.higher_is_better
        else (pair.baseline - pair.follow_up)
    )
    percent = percent_of(change, basis)
    band = _band(pair.measure, percent)
    band_name = _band_names(BANDS[pair.measure])[band]
    points = Fraction(LEVEL_SCORES[pair.measure][band])
    reason = (
        f"{name} {typed(float(pair.baseline))} -> {typed(float(pair.follow_up))}: "
        f"{shown(percent)}% of the "
        f"{basis_text}, band {band_name}: {shown(points)} points"
    )
    if pair.measure == "enzyme" and normal_enzyme == "no-points" and choice.normal_at_baseline:
        points = Fraction(0)
        reason += "; normal at baseline, so 0 points (normal_enzyme='no-points')"
    return MeasureImprovement(
        pair.measure,
        pair.source,
        float(pair.baseline),
        float(pair.follow_up),
        float(basis),
        basis_text,
        float(percent),
        band_name,
        float(points),
        reason,
    )


def total_improvement_score(
    baseline: CoreSet | Mapping[str, float | None],
    follow_up: CoreSet | Mapping[str, float | None],
    scales: CoreSetScales,
    *,
    population: Population = "adult",
    enzyme_basis: EnzymeBasis = "baseline",
    normal_enzyme: NormalEnzyme = "score",
) -> TotalImprovementScore:
    """One patient's 2016 ACR/EULAR Total Improvement Score between two visits.

    Parameters
    ----------
    baseline, follow_up : CoreSet or mapping of str to float
        The core set values at the two visits, by schema name
        (``physician_global``, ``patient_global``, ``mmt8``, ``haq_di``,
        ``extramuscular_global``, ``ck``, ``aldolase``, ``ldh``, ``ast``,
        ``alt``); missing values are None or absent.
    scales : CoreSetScales
        The scales the values were recorded on, and the enzymes' upper
        limits of normal.
    population : {"adult", "juvenile"}, default "adult"
        Adult DM/PM (thresholds 20, 40, 60) or juvenile DM (30, 45, 70).
    enzyme_basis : {"baseline", "uln"}, default "baseline"
        What the enzyme's change is a percentage of (module notes).
    normal_enzyme : {"score", "no-points"}, default "score"
        How an enzyme within normal limits at baseline is scored.

    Returns
    -------
    TotalImprovementScore

    Raises
    ------
    ValueError
        For a value outside its declared scale, an enzyme measured at
        baseline without an upper limit of normal, or an unknown option.

    Notes
    -----
    The points, bands and thresholds are those of the published Table 3;
    the module notes give the percent change of each measure and what is
    this library's reading. The NIEHS web calculators compute the same score
    for one patient at a time.

    Examples
    --------
    A man with dermatomyositis, before and six months after treatment:

    >>> from myopathy_outcomes.criteria import CoreSetScales, UpperLimits
    >>> scales = CoreSetScales(upper_limits=UpperLimits(ck=200, aldolase=7.6))
    >>> before = {"physician_global": 6, "patient_global": 7, "mmt8": 62, "haq_di": 1.5,
    ...           "extramuscular_global": 3, "ck": 2400, "aldolase": 30.4}
    >>> after = {"physician_global": 3.5, "patient_global": 5, "mmt8": 70, "haq_di": 1.0,
    ...          "extramuscular_global": 1, "ck": 900, "aldolase": 12.0}
    >>> tis = total_improvement_score(before, after, scales)
    >>> tis.score, tis.category
    (57.5, 'moderate')
    >>> [(m.measure, m.percent_change, m.points) for m in tis.measures]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('physician_global', 25.0, 15.0), ('patient_global', 20.0, 5.0), ('mmt8', 10.0, 10.0),
     ('haq_di', 16.666666666666668, 7.5), ('enzyme', 62.5, 7.5),
     ('extramuscular_global', 20.0, 12.5)]
    >>> print(tis.measures[4].reason)
    ck 2400 -> 900: 62.5% of the baseline ck, band >40%: 7.5 points
    >>> total_improvement_score(before, after | {"haq_di": None}, scales).incomplete
    ('haq_di',)
    """
    _options_iv(population, enzyme_basis, normal_enzyme)
    before = _as_core_set(baseline, "baseline")
    after = _as_core_set(follow_up, "follow_up")
    choice, pairs = pair_core_set(before, after, scales)
    measures = tuple(
        _improvement(pair, scales, choice, enzyme_basis, normal_enzyme) for pair in pairs
    )
    incomplete = tuple(p.measure for p in pairs if p.missing is not None)
    if incomplete:
        missing = "; ".join(p.missing for p in pairs if p.missing is not None)
        return TotalImprovementScore(
            population, None, None, measures, choice, incomplete, enzyme_basis, normal_enzyme,
            f"TIS not computable: {missing}",
        )  # fmt: skip
    total = sum((Fraction(m.points or 0) for m in measures), Fraction(0))
    category = tis_category(float(total), population)
    least = dict(THRESHOLDS[population])
    if category == "none":
        words = f"no improvement (below {least['minimal']}, the {population} minimal threshold)"
    else:
        words = f"{category} improvement (>= {least[category]}, {population} thresholds)"
    return TotalImprovementScore(
        population, float(total), category, measures, choice, (), enzyme_basis, normal_enzyme,
        f"TIS {shown(total)}: {words}",
    )  # fmt: skip
