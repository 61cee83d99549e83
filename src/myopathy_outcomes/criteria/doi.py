"""The IMACS preliminary definition of improvement (DOI), Rider et al. 2004.

The rule
--------
A patient has improved when at least 3 of the 6 IMACS core set measures
improved by >= 20%, with no more than 2 worse by >= 25%, and manual muscle
testing not among the worse ones: in the words of Rider et al. [1]_, "3 of
any 6 of the core set measures improved by >= 20%, with no more than 2 worse
by >= 25% (which could not include manual muscle testing to assess
strength)". Both bounds are inclusive and decided in exact decimal
arithmetic: an improvement of exactly 20% counts, and so does a worsening of
exactly 25%.

Percent change
--------------
The change is signed so that improvement is positive (MMT-8 improves
upwards, every other measure downwards), and is a percentage of
(``basis``):

``"baseline"`` (default)
    the baseline value, the relative percent change that the 2016 criteria
    contrast with their absolute percent change [2]_;
``"range"``
    the range of the declared scale, as the Total Improvement Score does
    (:mod:`.tis`). The enzyme, which has no range, stays relative to its
    baseline.

A measure at 0 at baseline has no relative change: staying at 0 is no change,
and any rise is a change without bound (``inf``): an improvement of MMT-8,
a worsening of any other measure.

The enzyme measure is the most abnormal of CK, aldolase, LDH, AST and ALT at
baseline relative to its upper limit of normal, as in the 2016 response
criteria (:func:`~myopathy_outcomes.criteria.core_set.most_abnormal_enzyme`).

What the data hold
------------------
A measure missing at baseline or follow-up leaves the definition undecided
(``improved`` is None) and is named in ``incomplete``; the counts then cover
the measures that are there.

References
----------
.. [1] Rider LG, Giannini EH, Brunner HI, et al. International consensus on
   preliminary definitions of improvement in adult and juvenile myositis.
   Arthritis Rheum 2004;50:2281-2290.
.. [2] Rider LG, Ruperto N, Pistorio A, et al. 2016 ACR-EULAR adult
   dermatomyositis and polymyositis and juvenile dermatomyositis response
   criteria: methodological aspects. Rheumatology 2017;56:1884-1893.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, get_args

from myopathy_outcomes.criteria._exact import exact, percent_of, shown, typed
from myopathy_outcomes.criteria._pairs import Pair, pair_core_set
from myopathy_outcomes.criteria.core_set import CoreSet, EnzymeChoice
from myopathy_outcomes.criteria.scales import CoreSetScales

__all__ = [
    "IMPROVED_AT_LEAST",
    "WORSE_AT_LEAST",
    "DefinitionOfImprovement",
    "DoiBasis",
    "MeasureChange",
    "imacs_doi",
]

DoiBasis = Literal["baseline", "range"]

#: An improvement of at least this many percent counts.
IMPROVED_AT_LEAST = 20
#: A worsening of at least this many percent counts as worse.
WORSE_AT_LEAST = 25
_IMPROVED_NEEDED = 3
_WORSE_ALLOWED = 2


@dataclass(frozen=True)
class MeasureChange:
    """One core set measure's percent change and whether it improved or worsened.

    Attributes
    ----------
    measure : str
        The core set measure (``"enzyme"`` for the enzyme).
    source : str or None
        The value's name: the measure itself, or the enzyme chosen at baseline.
    baseline, follow_up : float or None
        The values compared.
    basis : float or None
        What the change is a percentage of.
    basis_text : str or None
        That basis in words.
    percent_change : float or None
        The improvement in percent, negative for worsening, ``inf`` or
        ``-inf`` from a baseline of 0; None when a value is missing.
    improved, worse : bool or None
        Improved by >= 20%; worse by >= 25%. None when a value is missing.
    reason : str
        The computation in words, or what is missing.
    """

    measure: str
    source: str | None
    baseline: float | None
    follow_up: float | None
    basis: float | None
    basis_text: str | None
    percent_change: float | None
    improved: bool | None
    worse: bool | None
    reason: str


@dataclass(frozen=True)
class DefinitionOfImprovement:
    """Whether one patient improved under the IMACS definition, and the numbers behind it.

    Attributes
    ----------
    improved : bool or None
        Whether the definition is met; None when a core set measure is missing.
    n_improved, n_worse : int
        Measures improved by >= 20% and worse by >= 25%, among those measured.
    mmt_worse : bool or None
        Whether MMT-8 is worse by >= 25%; None when MMT-8 is missing.
    measures : tuple of MeasureChange
        The six measures in the order of the core set.
    enzyme : EnzymeChoice
        Which enzyme was the most abnormal at baseline, and why.
    incomplete : tuple of str
        The core set measures missing at baseline or follow-up.
    basis : {"baseline", "range"}
        What the percent changes are percentages of.
    reason : str
        The result in words.
    """

    improved: bool | None
    n_improved: int
    n_worse: int
    mmt_worse: bool | None
    measures: tuple[MeasureChange, ...]
    enzyme: EnzymeChoice
    incomplete: tuple[str, ...]
    basis: DoiBasis
    reason: str


def _basis(pair: Pair, scales: CoreSetScales, basis: DoiBasis) -> tuple[Fraction, str]:
    if basis == "range" and pair.measure != "enzyme":
        scale = scales.scale(pair.measure)
        return exact(scale.range), f"range of {scale.text}"
    assert pair.baseline is not None  # a complete pair
    return pair.baseline, f"baseline {pair.source}"


def _change(pair: Pair, scales: CoreSetScales, basis: DoiBasis) -> MeasureChange:
    if pair.missing is not None or pair.baseline is None or pair.follow_up is None:
        before = None if pair.baseline is None else float(pair.baseline)
        after = None if pair.follow_up is None else float(pair.follow_up)
        return MeasureChange(
            pair.measure, pair.source, before, after, None, None, None, None, None,
            f"not assessed: {pair.missing}",
        )  # fmt: skip
    base, base_text = _basis(pair, scales, basis)
    change = pair.follow_up - pair.baseline
    percent = percent_of(change if pair.higher_is_better else -change, base)
    improved = percent >= IMPROVED_AT_LEAST
    worse = percent <= -WORSE_AT_LEAST
    verdict = (
        f"improved (>= {IMPROVED_AT_LEAST}%)"
        if improved
        else f"worse (>= {WORSE_AT_LEAST}%)"
        if worse
        else "neither"
    )
    reason = (
        f"{pair.source} {typed(float(pair.baseline))} -> {typed(float(pair.follow_up))}: "
        f"{shown(percent)}% of the {base_text}, {verdict}"
    )
    return MeasureChange(
        pair.measure,
        pair.source,
        float(pair.baseline),
        float(pair.follow_up),
        float(base),
        base_text,
        float(percent),
        improved,
        worse,
        reason,
    )


def _counted(names: list[str], what: str, noun: str = "measure") -> str:
    """``"3 measures improved by >= 20% (a, b and c)"``, ``"0 worse by >= 25%"``."""
    plural = "s" if noun and len(names) != 1 else ""
    head = f"{len(names)} {noun}{plural} {what}" if noun else f"{len(names)} {what}"
    if not names:
        return head
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{head} ({listed})"


def _as_core_set(values: CoreSet | Mapping[str, float | None], name: str) -> CoreSet:
    if isinstance(values, CoreSet):
        return values
    if isinstance(values, Mapping):
        return CoreSet.from_values(values)
    raise TypeError(f"{name} must be a CoreSet or a mapping of values by name, got {values!r}")


def imacs_doi(
    baseline: CoreSet | Mapping[str, float | None],
    follow_up: CoreSet | Mapping[str, float | None],
    scales: CoreSetScales,
    *,
    basis: DoiBasis = "baseline",
) -> DefinitionOfImprovement:
    """One patient's IMACS preliminary definition of improvement between two visits.

    Parameters
    ----------
    baseline, follow_up : CoreSet or mapping of str to float
        The core set values at the two visits, by schema name; missing
        values are None or absent.
    scales : CoreSetScales
        The declared scales (values are checked against them) and the
        enzymes' upper limits of normal.
    basis : {"baseline", "range"}, default "baseline"
        What a change is a percentage of (module notes).

    Returns
    -------
    DefinitionOfImprovement

    Examples
    --------
    >>> from myopathy_outcomes.criteria import CoreSetScales, UpperLimits
    >>> scales = CoreSetScales(upper_limits=UpperLimits(ck=200))
    >>> before = {"physician_global": 5, "patient_global": 6, "mmt8": 60, "haq_di": 1.2,
    ...           "extramuscular_global": 2, "ck": 1000}
    >>> after = {"physician_global": 4, "patient_global": 6.5, "mmt8": 66, "haq_di": 1.5,
    ...          "extramuscular_global": 1.6, "ck": 800}
    >>> doi = imacs_doi(before, after, scales)
    >>> doi.improved, doi.n_improved, doi.n_worse
    (True, 3, 1)
    >>> [m.percent_change for m in doi.measures]
    [20.0, -8.333333333333334, 10.0, -25.0, 20.0, 20.0]
    >>> print(doi.reason)
    improved: 3 measures improved by >= 20% (physician_global, enzyme and \
extramuscular_global), 1 worse by >= 25% (haq_di), MMT-8 not worse
    """
    if basis not in get_args(DoiBasis):
        raise ValueError(f"basis must be one of {', '.join(get_args(DoiBasis))}, got {basis!r}")
    before = _as_core_set(baseline, "baseline")
    after = _as_core_set(follow_up, "follow_up")
    choice, pairs = pair_core_set(before, after, scales)
    measures = tuple(_change(pair, scales, basis) for pair in pairs)
    better = [m.measure for m in measures if m.improved]
    worse = [m.measure for m in measures if m.worse]
    mmt = next(m for m in measures if m.measure == "mmt8")
    incomplete = tuple(p.measure for p in pairs if p.missing is not None)
    counts = (
        f"{_counted(better, f'improved by >= {IMPROVED_AT_LEAST}%')}, "
        f"{_counted(worse, f'worse by >= {WORSE_AT_LEAST}%', noun='')}"
    )
    if incomplete:
        missing = "; ".join(p.missing for p in pairs if p.missing is not None)
        return DefinitionOfImprovement(
            None, len(better), len(worse), mmt.worse, measures, choice, incomplete, basis,
            f"not assessed: {missing} ({counts} among the others)",
        )  # fmt: skip
    met = len(better) >= _IMPROVED_NEEDED and len(worse) <= _WORSE_ALLOWED and not mmt.worse
    mmt_text = "MMT-8 worse" if mmt.worse else "MMT-8 not worse"
    return DefinitionOfImprovement(
        met, len(better), len(worse), bool(mmt.worse), measures, choice, (), basis,
        f"{'improved' if met else 'not improved'}: {counts}, {mmt_text}",
    )  # fmt: skip
