"""Kruskal-Wallis test (myopathy_outcomes.stats.kruskal_wallis) against R's kruskal.test.

Reference values: R 4.2.2, ``kruskal.test(list(...))``; the first case is the
example of R's help page (Hollander & Wolfe), the second has ties.
"""

from __future__ import annotations

import pytest

from myopathy_outcomes.stats import kruskal_wallis

CASES = [
    (
        ([2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]),
        0.771428571428572,
        0.679964773578894,
    ),
    (([1, 2, 2, 3], [2, 3, 3, 4, 5], [5, 5, 6]), 7.57822384428224, 0.0226156774178477),
]


@pytest.mark.parametrize(("samples", "statistic", "pvalue"), CASES)
def test_statistic_and_pvalue_match_r_kruskal_test(
    samples: tuple[list[float], ...], statistic: float, pvalue: float
) -> None:
    """The tie-corrected statistic and its chi-square p-value equal R's."""
    result = kruskal_wallis(*samples)
    assert result.statistic == pytest.approx(statistic, rel=1e-12)
    assert result.pvalue == pytest.approx(pvalue, rel=1e-12)
    assert (result.df, result.method, result.alternative) == (2, "asymptotic", None)


def test_prints_like_r() -> None:
    """str() reads as R's print of kruskal.test."""
    text = str(kruskal_wallis(*CASES[0][0]))
    assert "Kruskal-Wallis rank sum test" in text
    assert "Kruskal-Wallis chi-squared = 0.77143, df = 2, p-value = 0.68" in text


@pytest.mark.parametrize(
    ("samples", "message"),
    [
        (([1, 2],), "at least two samples"),
        (([1, 2], []), "sample 2 is empty"),
        (([1, 1], [1, 1]), "every observation is equal"),
    ],
)
def test_bad_input_is_named(samples: tuple[list[float], ...], message: str) -> None:
    """Too few, empty or constant samples raise a ValueError that says which."""
    with pytest.raises(ValueError, match=message):
        kruskal_wallis(*samples)
