"""Frozen result objects returned by the tests in :mod:`myopathy_outcomes.stats`.

Every result is a :class:`TestResult`: the fields ``statistic``, ``pvalue``,
``method``, ``alternative``, ``estimate``, ``conf_int`` and ``conf_level``
are always there, ``None`` where they do not apply to a test (each class says
why), followed by the fields particular to the test. Results hold numbers;
``str(result)`` lays them out as R prints a test, ``result._repr_html_()`` as a
small table for a notebook (both write each number with
:mod:`~myopathy_outcomes.stats.formatting`), and the report renders them in
its tables.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Literal

from myopathy_outcomes.stats._htest_html import htest_html
from myopathy_outcomes.stats._htest_text import htest_text, pvalue_text
from myopathy_outcomes.stats._vocabulary import (
    Alternative,
    EstimateZeros,
    ResolvedMethod,
    ZeroMethod,
)
from myopathy_outcomes.stats.display import Displayed
from myopathy_outcomes.stats.formatting import format_number

__all__ = [
    "ChiSquareResult",
    "FisherResult",
    "MannWhitneyResult",
    "TestResult",
    "WilcoxonResult",
]

_RELATIONS: dict[Alternative, str] = {
    "two-sided": "not equal to",
    "less": "less than",
    "greater": "greater than",
}


@dataclass(frozen=True, kw_only=True, repr=False)
class TestResult(Displayed):
    """The fields every result of :mod:`myopathy_outcomes.stats` has.

    Attributes
    ----------
    statistic : float or None
        The test statistic as R reports it; ``None`` for a test R reports
        without one (Fisher's exact test).
    pvalue : float
        The p-value for ``alternative``.
    method : {"exact", "asymptotic"}
        The method actually used (never ``"auto"``).
    alternative : {"two-sided", "less", "greater"} or None
        The alternative hypothesis; ``None`` for an omnibus test that has no
        direction.
    estimate : float or None
        The point estimate the test reports (a shift, an odds ratio);
        ``None`` where the test estimates nothing.
    conf_int : tuple of float or None
        ``(low, high)`` confidence interval for ``estimate``.
    conf_level : float or None
        The requested confidence level of ``conf_int``; ``None`` when there
        is no interval.
    """

    __test__ = False  # not a pytest test class, despite its name

    test: ClassVar[str] = "test"
    """The test's name, as printed beside its p-value."""

    statistic: float | None
    pvalue: float
    method: ResolvedMethod
    alternative: Alternative | None
    estimate: float | None
    conf_int: tuple[float, float] | None
    conf_level: float | None

    # How str() names the statistic, the parameter and the estimate (R's names).
    _statistic_name: ClassVar[str] = ""
    _parameter: ClassVar[tuple[str, str] | None] = None  # name, value under the null
    _estimate_name: ClassVar[str] = ""
    _data: ClassVar[str] = "x and y"

    @property
    def label(self) -> str:
        """The test and its method, as named beside a p-value: ``"Mann-Whitney, exact"``."""
        return f"{self.test}, {self.method}"

    def to_dict(self) -> dict[str, Any]:
        """Return the test's name and every field as a plain dictionary."""
        return {"test": self.test, **asdict(self)}

    def _repr_html_(self) -> str:
        """A small table of statistic, p-value, method, estimate and interval, for notebooks.

        Its numbers are written as :meth:`__str__` writes them.
        """
        return htest_html(
            self.test,
            statistic=self.statistic,
            pvalue=self.pvalue,
            method=self.method,
            alternative=self.alternative,
            estimate=self.estimate,
            conf_int=self.conf_int,
            conf_level=self.conf_level,
        )

    def __str__(self) -> str:
        """The result laid out as R prints a test (``print.htest``)."""
        return htest_text(
            self._title(),
            self._data,
            statistics=[*self._statistic_parts(), pvalue_text(self.pvalue)],
            alternative=self._alternative_text(),
            interval=self._interval_text(),
            estimate=None if self.estimate is None else (self._estimate_name, self.estimate),
        )

    def _title(self) -> str:
        return self.test

    def _statistic_parts(self) -> list[str]:
        if self.statistic is None:
            return []
        return [f"{self._statistic_name} = {format_number(self.statistic, 5)}"]

    def _alternative_text(self) -> str | None:
        if self.alternative is None:
            return None
        if self._parameter is None:
            return self.alternative
        name, null = self._parameter
        return f"true {name} is {_RELATIONS[self.alternative]} {null}"

    def _interval_text(self) -> tuple[str, tuple[float, float]] | None:
        if self.conf_int is None or self.conf_level is None:
            return None
        return (
            f"{format_number(100 * self.conf_level, 7)} percent confidence interval",
            self.conf_int,
        )


@dataclass(frozen=True, kw_only=True, repr=False)
class _RankResult(TestResult):
    """The fields the two rank tests share beyond :class:`TestResult`."""

    statistic: float
    alternative: Alternative
    estimate: float
    conf_int: tuple[float, float]
    conf_level: float
    conf_level_achieved: float
    effect_size: float

    _parameter: ClassVar[tuple[str, str] | None] = ("location shift", "0")

    def _interval_text(self) -> tuple[str, tuple[float, float]] | None:
        heading = f"{format_number(100 * self.conf_level, 7)} percent confidence interval"
        if self.conf_level_achieved < self.conf_level - 1e-9:  # R: "not achievable"
            heading += f" (achieved: {format_number(100 * self.conf_level_achieved, 4)} percent)"
        return (heading, self.conf_int)


@dataclass(frozen=True, kw_only=True, repr=False)
class WilcoxonResult(_RankResult):
    """Result of :func:`myopathy_outcomes.stats.paired_wilcoxon`.

    Every field of :class:`TestResult` applies, and none is ``None``.

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
    estimate : float
        Hodges-Lehmann estimate: the median of the Walsh averages (of all
        differences, or of the non-zero ones: ``estimate_zeros``).
    conf_int : tuple of float
        ``(low, high)`` confidence interval for the pseudomedian.
    conf_level : float
        The confidence level that was requested.
    conf_level_achieved : float
        The coverage the reported interval actually has.
    effect_size : float
        Matched-pairs rank-biserial correlation; positive when ``x`` tends to
        be larger than ``y``.
    n : int
        Number of differences that carry ranks into the statistic.
    n_zeros : int
        Number of zero differences (dropped under ``zero_method="wilcox"``,
        ranked then left out under ``"pratt"``).
    zero_method : {"wilcox", "pratt"}
        How zero differences were handled in the statistic.
    estimate_zeros : {"keep", "drop"}
        Whether the estimate and interval are over all differences, zeros
        included, or over the non-zero ones (as R).
    """

    test: ClassVar[str] = "Wilcoxon signed-rank"

    n: int
    n_zeros: int
    zero_method: ZeroMethod
    estimate_zeros: EstimateZeros

    _statistic_name: ClassVar[str] = "V"
    _estimate_name: ClassVar[str] = "(pseudo)median"

    def _title(self) -> str:
        if self.method == "exact":
            return "Wilcoxon signed rank exact test"
        return "Wilcoxon signed rank test, normal approximation"


@dataclass(frozen=True, kw_only=True, repr=False)
class MannWhitneyResult(_RankResult):
    """Result of :func:`myopathy_outcomes.stats.mann_whitney`.

    Every field of :class:`TestResult` applies, and none is ``None``.

    Attributes
    ----------
    statistic : float
        R's W: the Mann-Whitney U of ``x`` (midranks for ties).
    pvalue : float
        The p-value for ``alternative``.
    method : {"exact", "asymptotic"}
        The method actually used (never ``"auto"``).
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis.
    estimate : float
        Hodges-Lehmann shift estimate: the median of all ``x_i - y_j``.
    conf_int : tuple of float
        ``(low, high)`` confidence interval for the shift.
    conf_level : float
        The confidence level that was requested.
    conf_level_achieved : float
        The coverage the reported interval actually has.
    effect_size : float
        Rank-biserial correlation ``2 U / (n_x n_y) - 1``; positive when ``x``
        tends to be larger.
    n_x, n_y : int
        Sample sizes used (after ``nan_policy``).
    """

    test: ClassVar[str] = "Mann-Whitney"

    n_x: int
    n_y: int

    _statistic_name: ClassVar[str] = "W"
    _estimate_name: ClassVar[str] = "difference in location"

    def _title(self) -> str:
        if self.method == "exact":
            return "Wilcoxon rank sum exact test"
        return "Wilcoxon rank sum test, normal approximation"


@dataclass(frozen=True, kw_only=True, repr=False)
class FisherResult(TestResult):
    """Result of :func:`myopathy_outcomes.stats.fisher_exact`.

    ``statistic`` is always ``None``: R's ``fisher.test`` reports no test
    statistic (the p-value sums table probabilities). For a 2 x 2 table
    ``estimate`` is the conditional maximum likelihood odds ratio R reports
    (also available as ``odds_ratio``), with its exact interval; larger
    tables have no single odds ratio, so ``estimate``, ``conf_int`` and
    ``conf_level`` are ``None`` there and ``alternative`` is always
    ``"two-sided"``.

    Attributes
    ----------
    statistic : None
        Fisher's test has no statistic in R.
    pvalue : float
        Exact p-value (R's two-sided rule for ``"two-sided"``).
    method : {"exact"}
        Always ``"exact"``.
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis.
    estimate : float or None
        Conditional maximum likelihood estimate of the odds ratio (2 x 2 only).
    conf_int : tuple of float or None
        Exact conditional interval for the odds ratio (2 x 2 only).
    conf_level : float or None
        The confidence level of ``conf_int`` (2 x 2 only).
    table : tuple of tuple of int
        The table as given.
    sample_odds_ratio : float or None
        The unconditional ``a d / (b c)`` (2 x 2 only).
    mid_p : float or None
        The mid-p value for ``alternative`` (2 x 2 only).
    """

    test: ClassVar[str] = "Fisher's exact"

    statistic: None = None
    method: Literal["exact"] = "exact"
    alternative: Alternative
    table: tuple[tuple[int, ...], ...]
    sample_odds_ratio: float | None
    mid_p: float | None

    _estimate_name: ClassVar[str] = "odds ratio"
    _data: ClassVar[str] = "table"

    @property
    def odds_ratio(self) -> float | None:
        """The conditional maximum likelihood odds ratio: an alias of ``estimate``."""
        return self.estimate

    @property
    def label(self) -> str:
        """The test's name, ``"Fisher's exact"`` (it is always exact)."""
        return self.test

    def _title(self) -> str:
        return "Fisher's Exact Test for Count Data"

    def _alternative_text(self) -> str | None:
        if self.estimate is None:
            return self.alternative
        return f"true odds ratio is {_RELATIONS[self.alternative]} 1"


@dataclass(frozen=True, kw_only=True, repr=False)
class ChiSquareResult(TestResult):
    """Result of :func:`myopathy_outcomes.stats.chi_square`.

    ``alternative``, ``estimate``, ``conf_int`` and ``conf_level`` are always
    ``None``: the chi-square test of independence is an omnibus test with
    no direction, and it estimates no parameter (R's ``chisq.test`` reports
    neither).

    Attributes
    ----------
    statistic : float
        Pearson's X-squared.
    pvalue : float
        Upper-tail chi-square probability.
    method : {"asymptotic"}
        Always ``"asymptotic"``.
    alternative, estimate, conf_int, conf_level : None
        Do not apply (see above).
    df : int
        Degrees of freedom.
    correction : bool
        Whether Yates' continuity correction was applied (2 x 2 only, as in R).
    table : tuple of tuple of int
        The observed table.
    expected : tuple of tuple of float
        Expected counts under independence.
    """

    test: ClassVar[str] = "Pearson's chi-square"

    statistic: float
    method: Literal["asymptotic"] = "asymptotic"
    alternative: None = None
    estimate: None = None
    conf_int: None = None
    conf_level: None = None
    df: int
    correction: bool
    table: tuple[tuple[int, ...], ...]
    expected: tuple[tuple[float, ...], ...]

    _statistic_name: ClassVar[str] = "X-squared"
    _data: ClassVar[str] = "table"

    @property
    def min_expected(self) -> float:
        """The smallest expected count."""
        return min(min(row) for row in self.expected)

    @property
    def label(self) -> str:
        """The test's name, with ``", Yates-corrected"`` when the correction was applied."""
        return f"{self.test}, Yates-corrected" if self.correction else self.test

    def _title(self) -> str:
        yates = " with Yates' continuity correction" if self.correction else ""
        return f"Pearson's Chi-squared test{yates}"

    def _statistic_parts(self) -> list[str]:
        return [*super()._statistic_parts(), f"df = {self.df}"]
