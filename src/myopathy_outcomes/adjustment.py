"""How a study adjusts its comparison for confounding: :class:`Adjustment` (``[adjustment]``).

The settings only; the propensity score, weights, matching, balance and
adjusted estimates are computed by
:func:`myopathy_outcomes.adjusted_comparison.adjusted_comparison` with the
engines of :mod:`myopathy_outcomes.stats`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["Adjustment", "Estimand", "Method", "MissingCovariates"]

Method = Literal["weighting", "matching"]
Estimand = Literal["ATE", "ATT", "ATO"]
MissingCovariates = Literal["complete-case", "indicator"]
_METHODS: Final[tuple[Method, ...]] = ("weighting", "matching")
_ESTIMANDS: Final[tuple[Estimand, ...]] = ("ATE", "ATT", "ATO")
_MISSING: Final[tuple[MissingCovariates, ...]] = ("complete-case", "indicator")


@dataclass(frozen=True)
class Adjustment:
    """A propensity-score adjustment of the comparison of two arms.

    Parameters
    ----------
    covariates : tuple of str
        The covariates of the propensity score, by name: declared
        (:class:`~myopathy_outcomes.covariates.Covariate`) or derived
        (:data:`~myopathy_outcomes.covariates.DERIVED`, ``baseline_<measure>``,
        ``prior_<class>``).
    method : {"weighting", "matching"}, default "weighting"
        Inverse probability (or overlap) weights, or 1:1 nearest-neighbour
        matching on the logit of the score without replacement.
    estimand : {"ATE", "ATT", "ATO"} or None
        The effect estimated: in the whole population, in the treated, in the
        population of overlap. None: ATE for weighting, ATT for matching
        (matching estimates the ATT only).
    stabilize : bool, default False
        Stabilised weights (weighting, ATE only).
    trim : float, "crump" or None
        Patients left out before weighting: with a score below the ``trim``
        quantile or above the ``1 - trim`` quantile (0 < trim < 0.5), or
        outside Crump's optimal interval; None: none.
    caliper : float or None, default 0.2
        Matching: the widest pair, in standard deviations of the logit of the
        score; None: no caliper.
    missing : {"complete-case", "indicator"}, default "complete-case"
        A patient with a missing covariate is left out (and counted), or the
        value is filled and flagged by a missing-indicator column.
    treated : str or None
        The arm whose probability is modelled ("treated"); None: the first arm.

    Examples
    --------
    >>> Adjustment(("age", "female"), method="matching").estimand
    'ATT'
    """

    covariates: tuple[str, ...]
    method: Method = "weighting"
    estimand: Estimand | None = None
    stabilize: bool = False
    trim: float | Literal["crump"] | None = None
    caliper: float | None = 0.2
    missing: MissingCovariates = "complete-case"
    treated: str | None = None

    def __post_init__(self) -> None:
        names = self.covariates
        if isinstance(names, str) or not all(isinstance(n, str) for n in names):
            raise TypeError(f"covariates must be a list of covariate names, got {names!r}")
        object.__setattr__(self, "covariates", tuple(names))
        if not self.covariates or len(set(self.covariates)) != len(self.covariates):
            raise ValueError(f"covariates must name distinct covariates, at least one: {names}")
        if self.method not in _METHODS:
            raise ValueError(f"method must be one of {_quoted(_METHODS)}, got {self.method!r}")
        estimand = self.estimand
        if estimand is None:
            estimand = "ATT" if self.method == "matching" else "ATE"
            object.__setattr__(self, "estimand", estimand)
        if estimand not in _ESTIMANDS:
            raise ValueError(f"estimand must be one of {_quoted(_ESTIMANDS)}, got {estimand!r}")
        if self.method == "matching" and estimand != "ATT":
            raise ValueError(f"matching estimates the ATT; got estimand {estimand!r}")
        if not isinstance(self.stabilize, bool):
            raise TypeError(f"stabilize must be true or false, got {self.stabilize!r}")
        if self.stabilize and (self.method != "weighting" or estimand != "ATE"):
            raise ValueError("stabilize applies to ATE weights only")
        self._check_trim()
        caliper = self.caliper
        if caliper is not None and (
            isinstance(caliper, bool)
            or not isinstance(caliper, int | float)
            or not math.isfinite(caliper)
            or caliper <= 0
        ):
            raise ValueError(f"caliper must be a positive number of SDs, got {caliper!r}")
        if self.missing not in _MISSING:
            raise ValueError(f"missing must be one of {_quoted(_MISSING)}, got {self.missing!r}")
        if self.treated is not None and not isinstance(self.treated, str):
            raise TypeError(f"treated must be an arm's label, got {self.treated!r}")

    def _check_trim(self) -> None:
        trim = self.trim
        if trim is None or trim == "crump":
            if trim is not None and self.method != "weighting":
                raise ValueError("trim applies to weighting only")
            return
        if isinstance(trim, bool) or not isinstance(trim, int | float) or not 0 < trim < 0.5:
            raise ValueError(f"trim must be a quantile between 0 and 0.5 or 'crump', got {trim!r}")
        if self.method != "weighting":
            raise ValueError("trim applies to weighting only")

    def describe(self) -> str:
        """The method in words, for the report.

        Examples
        --------
        >>> Adjustment(("age",), trim="crump").describe()
        "inverse probability weighting (ATE), trimmed by Crump's rule"
        """
        if self.method == "matching":
            width = "no caliper" if self.caliper is None else f"caliper {self.caliper:g} SD"
            return (
                "1:1 nearest-neighbour matching on the logit of the propensity score, "
                f"without replacement, {width} (ATT)"
            )
        kind = "overlap weighting" if self.estimand == "ATO" else "inverse probability weighting"
        text = f"{kind} ({self.estimand})"
        if self.stabilize:
            text += ", stabilised"
        if self.trim == "crump":
            text += ", trimmed by Crump's rule"
        elif self.trim is not None:
            text += f", trimmed at the {self.trim:g} and {1 - self.trim:g} quantiles"
        return text


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(repr(v) for v in values)
