"""One result shape for every test: the shared fields, their None cases, str() and HTML."""

from __future__ import annotations

import dataclasses

import pytest

from myopathy_outcomes.stats import (
    chi_square,
    fisher_exact,
    kruskal_wallis,
    logrank,
    mann_whitney,
    paired_wilcoxon,
)
from myopathy_outcomes.stats.results import FisherResult, TestResult
from tests.report._rendered import StrictHtml, html_tables

BASE_FIELDS = (
    "statistic",
    "pvalue",
    "method",
    "alternative",
    "estimate",
    "conf_int",
    "conf_level",
)

# Hollander and Wolfe's examples, as in R's ?wilcox.test.
DEPRESSION_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
PERMEABILITY_X = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
PERMEABILITY_Y = [1.15, 0.88, 0.90, 0.74, 1.21]

RESULTS = {
    "paired_wilcoxon": paired_wilcoxon(DEPRESSION_X, DEPRESSION_Y),
    "mann_whitney": mann_whitney(PERMEABILITY_X, PERMEABILITY_Y),
    "fisher_2x2": fisher_exact([[10, 3], [2, 12]]),
    "fisher_rxc": fisher_exact([[12, 8, 1, 15], [11, 11, 6, 14]]),
    "chi_square": chi_square([[10, 3], [2, 12]]),
}


@pytest.mark.parametrize("result", RESULTS.values(), ids=RESULTS.keys())
def test_every_result_is_a_test_result(result: TestResult) -> None:
    """Every test returns a TestResult."""
    assert isinstance(result, TestResult)


@pytest.mark.parametrize("result", RESULTS.values(), ids=RESULTS.keys())
def test_every_result_starts_with_the_shared_fields(result: TestResult) -> None:
    """The shared fields come first, in one order, in every result."""
    names = tuple(f.name for f in dataclasses.fields(result))
    assert names[: len(BASE_FIELDS)] == BASE_FIELDS


@pytest.mark.parametrize("result", RESULTS.values(), ids=RESULTS.keys())
def test_to_dict_holds_the_test_name_and_every_field(result: TestResult) -> None:
    """to_dict() gives the test's name and every field, shared fields included."""
    record = result.to_dict()
    assert record["test"] == result.test
    assert set(BASE_FIELDS) <= set(record)
    assert len(record) == len(dataclasses.fields(result)) + 1


@pytest.mark.parametrize("result", RESULTS.values(), ids=RESULTS.keys())
def test_results_are_frozen(result: TestResult) -> None:
    """A result cannot be changed after the test."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.pvalue = 0.5  # type: ignore[misc]


def test_fisher_has_no_statistic_and_estimates_the_odds_ratio() -> None:
    """Fisher's statistic is None (as in R); estimate is the conditional MLE odds ratio."""
    result = RESULTS["fisher_2x2"]
    assert isinstance(result, FisherResult)
    assert result.statistic is None
    assert result.estimate == result.odds_ratio == pytest.approx(17.1170050474965, rel=1e-9)


def test_fisher_larger_table_has_no_estimate_interval_or_level() -> None:
    """Beyond 2 x 2 the estimate, interval and level are None."""
    result = RESULTS["fisher_rxc"]
    assert (result.estimate, result.conf_int, result.conf_level) == (None, None, None)


def test_chi_square_has_no_alternative_estimate_or_interval() -> None:
    """The chi-square test is omnibus and estimates nothing: those fields are None."""
    result = RESULTS["chi_square"]
    fields = (result.alternative, result.estimate, result.conf_int, result.conf_level)
    assert fields == (None, None, None, None)


def test_odds_ratio_is_read_only() -> None:
    """odds_ratio is a read-only alias of estimate."""
    with pytest.raises(AttributeError):
        RESULTS["fisher_2x2"].odds_ratio = 2.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("paired_wilcoxon", "Wilcoxon signed-rank, exact"),
        ("mann_whitney", "Mann-Whitney, exact"),
        ("fisher_2x2", "Fisher's exact"),
        ("chi_square", "Pearson's chi-square, Yates-corrected"),
    ],
)
def test_label_names_the_test_and_method(key: str, label: str) -> None:
    """label is the name printed beside a p-value."""
    assert RESULTS[key].label == label


def test_str_of_paired_wilcoxon_reads_like_r() -> None:
    """str() has the lines of R's print(wilcox.test(x, y, paired = TRUE, conf.int = TRUE))."""
    assert str(RESULTS["paired_wilcoxon"]).splitlines() == [
        "",
        "\tWilcoxon signed rank exact test",
        "",
        "data:  x and y",
        "V = 40, p-value = 0.03906",
        "alternative hypothesis: true location shift is not equal to 0",
        "95 percent confidence interval:",
        " 0.01 0.786",
        "sample estimates:",
        "(pseudo)median",
        "          0.46",
    ]


def test_str_of_mann_whitney_reads_like_r() -> None:
    """str() has the lines of R's print(wilcox.test(x, y, alternative = "greater", ...))."""
    result = mann_whitney(PERMEABILITY_X, PERMEABILITY_Y, alternative="greater")
    assert str(result).splitlines()[1:] == [
        "\tWilcoxon rank sum exact test",
        "",
        "data:  x and y",
        "W = 35, p-value = 0.1272",
        "alternative hypothesis: true location shift is greater than 0",
        "95 percent confidence interval:",
        " -0.08 Inf",
        "sample estimates:",
        "difference in location",
        "                 0.305",
    ]


def test_str_of_fisher_reads_like_r() -> None:
    """str() has the lines of R's print(fisher.test(m)), odds ratio included."""
    assert str(RESULTS["fisher_2x2"]).splitlines()[1:] == [
        "\tFisher's Exact Test for Count Data",
        "",
        "data:  table",
        "p-value = 0.001838",
        "alternative hypothesis: true odds ratio is not equal to 1",
        "95 percent confidence interval:",
        " 2.148999 245.828",
        "sample estimates:",
        "odds ratio",
        "  17.11701",
    ]


def test_str_of_chi_square_reads_like_r() -> None:
    """str() has the lines of R's print(chisq.test(m)): statistic, df, p-value only."""
    assert str(RESULTS["chi_square"]).splitlines()[1:] == [
        "\tPearson's Chi-squared test with Yates' continuity correction",
        "",
        "data:  table",
        "X-squared = 8.3244, df = 1, p-value = 0.003912",
    ]


def test_str_names_an_unreachable_level() -> None:
    """When the requested level cannot be reached, str() gives the level achieved."""
    text = str(paired_wilcoxon([1.0, 2.0, 3.0]))
    assert "95 percent confidence interval (achieved: 75 percent):" in text


def test_str_of_a_tiny_pvalue_is_bounded_as_in_r() -> None:
    """A p-value below machine epsilon prints as R's 'p-value < 2.2e-16'."""
    result = chi_square([[5000, 10], [10, 5000]])
    assert "p-value < 2.2e-16" in str(result)


def _html_cells(result: TestResult) -> dict[str, str]:
    """The notebook table of ``result``, checked valid, as {heading: cell}."""
    text = result._repr_html_()
    StrictHtml().check(text, document=False)
    table = html_tables(f'<section id="table-r">{text}</section>')["r"]
    return dict(zip(table["head"][0], table["body"][0], strict=True))


def test_html_shows_the_shared_fields() -> None:
    """A result's notebook table has its statistic, p-value, method, estimate and interval."""
    result = paired_wilcoxon([1800, 920, 3400, 700, 560], [420, 310, 860, 690, 600])
    cells = _html_cells(result)
    assert list(cells) == ["Statistic", "P-value", "Method", "Alternative", "Estimate", "95% CI"]
    assert float(cells["Statistic"]) == result.statistic
    assert float(cells["P-value"]) == pytest.approx(result.pvalue, rel=1e-3)
    assert (cells["Method"], cells["Alternative"]) == (result.method, result.alternative)
    assert cells["95% CI"] == f"{result.conf_int[0]:.4g} to {result.conf_int[1]:.4g}"
    assert float(cells["Estimate"]) == pytest.approx(result.estimate, rel=1e-3)


def test_html_shows_missing_fields_as_hyphens() -> None:
    """Fields a test does not have (a Kruskal-Wallis estimate) show as '-'."""
    cells = _html_cells(kruskal_wallis([1, 2, 3], [4, 5, 6], [7, 8, 9.5]))
    assert [cells[k] for k in ("Alternative", "Estimate", "CI")] == ["-", "-", "-"]


@pytest.mark.parametrize(
    "result",
    [
        fisher_exact([[6, 1], [9, 3]]),
        paired_wilcoxon([1800, 920, 3400], [420, 310, 860]),
        logrank([1, 2, 3, 4], [1, 1, 0, 1], [0, 0, 1, 1]),
        chi_square([[5000, 10], [10, 5000]]),
    ],
    ids=["fisher", "wilcoxon", "logrank", "chi_square"],
)
def test_every_result_has_a_notebook_table(result: TestResult) -> None:
    """_repr_html_ of any mo.stats result opens with a table captioned with the test's name."""
    text = result._repr_html_()
    assert text.startswith('<table class="mo-result">')
    first = text.split("</table>")[0] + "</table>"
    assert html_tables(f'<section id="table-r">{first}</section>')["r"]["caption"] == [
        [result.test]
    ]


def test_html_writes_an_infinite_bound_as_str_does() -> None:
    """A one-sided interval's infinite bound reads 'Inf' in the notebook table, as in str()."""
    result = mann_whitney(PERMEABILITY_X, PERMEABILITY_Y, alternative="greater")
    assert " -0.08 Inf" in str(result).splitlines()
    assert _html_cells(result)["95% CI"] == "-0.08 to Inf"


@pytest.mark.parametrize(
    ("pvalue", "shown"),
    [(2.22044602e-16, "<2.2e-16"), (1e-300, "<2.2e-16"), (0.0390625, "0.03906")],
)
def test_html_and_str_write_a_pvalue_alike(pvalue: float, shown: str) -> None:
    """One epsilon: a p-value just below R's machine epsilon reads '<2.2e-16' in both."""
    result = dataclasses.replace(RESULTS["paired_wilcoxon"], pvalue=pvalue)
    assert _html_cells(result)["P-value"] == shown
    expected = f"p-value < {shown[1:]}" if shown.startswith("<") else f"p-value = {shown}"
    assert str(result).splitlines()[4].endswith(expected)
