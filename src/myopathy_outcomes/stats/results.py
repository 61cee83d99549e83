"""Frozen result objects returned by the tests in :mod:`myopathy_outcomes.stats`.

Every result shares the fields of :class:`TestResult`; a field that does not
apply to a test is ``None`` and never disappears. Results hold numbers only:
rendering belongs to the report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from myopathy_outcomes.stats._vocabulary import Alternative, ResolvedMethod


@dataclass(frozen=True, kw_only=True)
class TestResult:
    """The fields every result of :mod:`myopathy_outcomes.stats` has.

    Attributes
    ----------
    statistic : float or None
        The test statistic as R reports it; ``None`` for a test R reports
        without one (Fisher's exact test).
    pvalue : float or None
        The p-value for ``alternative``; ``None`` for an estimate that is not
        a test.
    method : {"exact", "asymptotic"}
        The method actually used (never ``"auto"``).
    alternative : {"two-sided", "less", "greater"} or None
        The alternative hypothesis; ``None`` for an omnibus test that has no
        direction.
    estimate : float or None
        The point estimate the test reports (a shift, an odds ratio, a hazard
        ratio); ``None`` where the test estimates nothing.
    conf_int : tuple of float or None
        ``(low, high)`` confidence interval for ``estimate``.
    conf_level : float or None
        The requested confidence level of ``conf_int``.
    """

    __test__ = False  # not a pytest test class, despite its name

    test: ClassVar[str] = "test"
    """The test's name, as printed beside its p-value."""

    statistic: float | None
    pvalue: float | None
    method: ResolvedMethod
    alternative: Alternative | None
    estimate: float | None
    conf_int: tuple[float, float] | None
    conf_level: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return {"test": self.test, **asdict(self)}


@dataclass(frozen=True)
class WilcoxonResult:
    """Result of :func:`myopathy_outcomes.stats.paired_wilcoxon`.

    Attributes
    ----------
    statistic : float
        R's V: the sum of the (mid)ranks of the positive differences.
    pvalue : float
        The p-value for ``alternative``.
    method : {"exact", "asymptotic"}
        The method actually used (never ``"auto"``).
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis.
    n : int
        Number of differences that carry ranks into the statistic.
    n_zeros : int
        Number of zero differences (dropped under ``zero_method="wilcox"``,
        ranked then left out under ``"pratt"``).
    zero_method : {"wilcox", "pratt"}
        How zero differences were handled.
    estimate : float or None
        Hodges-Lehmann estimate: the median of the Walsh averages.
    conf_int : tuple of float or None
        ``(low, high)`` confidence interval for the pseudomedian.
    conf_level : float
        The confidence level that was requested.
    conf_level_achieved : float or None
        The coverage the reported interval actually has.
    effect_size : float
        Matched-pairs rank-biserial correlation; positive when ``x`` tends to
        be larger than ``y``.
    """

    statistic: float
    pvalue: float
    method: ResolvedMethod
    alternative: Alternative
    n: int
    n_zeros: int
    zero_method: str
    estimate: float | None
    conf_int: tuple[float, float] | None
    conf_level: float
    conf_level_achieved: float | None
    effect_size: float
    test: str = "Wilcoxon signed-rank"

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


@dataclass(frozen=True)
class MannWhitneyResult:
    """Result of :func:`myopathy_outcomes.stats.mann_whitney`.

    Attributes
    ----------
    statistic : float
        R's W: the Mann-Whitney U of ``x`` (midranks for ties).
    pvalue : float
        The p-value for ``alternative``.
    method : {"exact", "asymptotic"}
        The method actually used.
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis.
    n_x, n_y : int
        Sample sizes used (after ``nan_policy``).
    estimate : float or None
        Hodges-Lehmann shift estimate: the median of all ``x_i - y_j``.
    conf_int : tuple of float or None
        ``(low, high)`` confidence interval for the shift.
    conf_level : float
        The confidence level that was requested.
    conf_level_achieved : float or None
        The coverage the reported interval actually has.
    effect_size : float
        Rank-biserial correlation ``2 U / (n_x n_y) - 1``; positive when ``x``
        tends to be larger.
    """

    statistic: float
    pvalue: float
    method: ResolvedMethod
    alternative: Alternative
    n_x: int
    n_y: int
    estimate: float | None
    conf_int: tuple[float, float] | None
    conf_level: float
    conf_level_achieved: float | None
    effect_size: float
    test: str = "Mann-Whitney"

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


@dataclass(frozen=True)
class FisherResult:
    """Result of :func:`myopathy_outcomes.stats.fisher_exact`.

    Attributes
    ----------
    pvalue : float
        Exact p-value (R's two-sided rule for ``"two-sided"``).
    method : str
        Always ``"exact"``.
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis.
    table : tuple of tuple of int
        The table as given.
    odds_ratio : float or None
        Conditional maximum likelihood estimate (2 x 2 only), as R reports it.
    conf_int : tuple of float or None
        Exact conditional interval for the odds ratio (2 x 2 only).
    conf_level : float
        The confidence level of ``conf_int``.
    sample_odds_ratio : float or None
        The unconditional ``a d / (b c)`` (2 x 2 only).
    mid_p : float or None
        The mid-p value for ``alternative`` (2 x 2 only).
    """

    pvalue: float
    method: str
    alternative: Alternative
    table: tuple[tuple[int, ...], ...]
    odds_ratio: float | None
    conf_int: tuple[float, float] | None
    conf_level: float
    sample_odds_ratio: float | None
    mid_p: float | None
    test: str = "Fisher's exact"

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


@dataclass(frozen=True)
class ChiSquareResult:
    """Result of :func:`myopathy_outcomes.stats.chi_square`.

    Attributes
    ----------
    statistic : float
        Pearson's X-squared.
    df : int
        Degrees of freedom.
    pvalue : float
        Upper-tail chi-square probability.
    method : str
        Always ``"asymptotic"``.
    correction : bool
        Whether Yates' continuity correction was applied (2 x 2 only, as in R).
    table : tuple of tuple of int
        The observed table.
    expected : tuple of tuple of float
        Expected counts under independence.
    """

    statistic: float
    df: int
    pvalue: float
    method: str
    correction: bool
    table: tuple[tuple[int, ...], ...]
    expected: tuple[tuple[float, ...], ...]
    test: str = "Pearson's chi-square"

    @property
    def min_expected(self) -> float:
        """The smallest expected count."""
        return min(min(row) for row in self.expected)

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)
