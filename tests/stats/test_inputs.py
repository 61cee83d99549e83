"""Inputs every statistic reads alike: numpy.ma masks, dates, and R's list of samples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from myopathy_outcomes.stats import (
    categorical_test,
    chi_square,
    cox,
    cumulative_incidence,
    fisher_exact,
    kaplan_meier,
    kruskal_wallis,
    logrank,
    mann_whitney,
    paired_wilcoxon,
)

X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
TIME = [1.0, 2.0, 2.0, 3.0, 5.0, 6.0]
EVENT = [1, 1, 0, 1, 0, 1]
GROUP = ["a", "b", "a", "b", "a", "b"]


def masked(values: list[float], at: int, hidden: float = -99.0) -> np.ma.MaskedArray:
    """``values`` with entry ``at`` replaced by ``hidden`` and masked."""
    data = np.array(values, dtype=float)
    data[at] = hidden
    mask = np.zeros(data.size, dtype=bool)
    mask[at] = True
    return np.ma.masked_array(data, mask=mask)


def test_mann_whitney_omits_a_masked_value() -> None:
    """A masked value is missing: with nan_policy='omit' the result is that without it."""
    got = mann_whitney(masked(X, 3), Y, nan_policy="omit")
    assert got == mann_whitney(X[:3] + X[4:], Y)


def test_mann_whitney_refuses_a_masked_value_by_default() -> None:
    """With nan_policy='raise' a masked value is refused like NaN, never used."""
    with pytest.raises(ValueError, match=r"x contains 1 missing value \(NaN, None or masked\)"):
        mann_whitney(masked(X, 3), Y)


def test_paired_wilcoxon_drops_the_pair_of_a_masked_value() -> None:
    """A masked y drops its pair, as NaN does."""
    got = paired_wilcoxon(X, masked(Y, 2), nan_policy="omit")
    assert got == paired_wilcoxon(X[:2] + X[3:], Y[:2] + Y[3:])


def test_paired_wilcoxon_refuses_a_masked_value_by_default() -> None:
    """With nan_policy='raise' the masked pair is named as missing."""
    with pytest.raises(ValueError, match=r"the data contain 1 missing value .* of 9 pairs"):
        paired_wilcoxon(masked(X, 0), Y)


def test_masked_constant_in_a_list_is_missing() -> None:
    """``np.ma.masked`` inside a list is a missing value, not 0."""
    got = mann_whitney([*X[:3], np.ma.masked, *X[4:]], Y, nan_policy="omit")
    assert got == mann_whitney(X[:3] + X[4:], Y)


def test_an_unmasked_masked_array_is_used_whole() -> None:
    """A masked array without masked entries gives the plain result."""
    assert mann_whitney(np.ma.masked_array(X), Y) == mann_whitney(X, Y)


@pytest.mark.parametrize("test", [fisher_exact, chi_square, categorical_test])
def test_masked_count_is_refused(test: Callable[..., object]) -> None:
    """A masked cell of a table is a missing count, not a zero: refused, naming the cell."""
    table = np.ma.masked_array([[3, 1], [9, 2]], mask=[[False, False], [True, False]])
    with pytest.raises(ValueError, match=r"table\[1, 0\] is masked .* not zero"):
        test(table)


def test_masked_table_without_masked_cells_is_used() -> None:
    """A masked table with nothing masked is an ordinary table."""
    table = [[3, 1], [1, 3]]
    assert fisher_exact(np.ma.masked_array(table)) == fisher_exact(table)


def survival_calls(time: object, event: object = EVENT, group: object = GROUP) -> list[object]:
    """Each time-to-event statistic called on ``time``, ``event`` and ``group``, unevaluated."""
    return [
        pytest.param(lambda: kaplan_meier(time, event), id="kaplan_meier"),
        pytest.param(lambda: logrank(time, event, group), id="logrank"),
        pytest.param(lambda: cox(time, event, [0, 1, 0, 1, 0, 1]), id="cox"),
        pytest.param(lambda: cumulative_incidence(time, event), id="cumulative_incidence"),
    ]


@pytest.mark.parametrize("call", survival_calls(masked(TIME, 2, hidden=0.5)))
def test_masked_time_is_refused(call: Callable[[], object]) -> None:
    """A masked follow-up time is missing, and the time-to-event statistics refuse it."""
    with pytest.raises(ValueError, match=r"time\[2\] is masked .* take no missing values"):
        call()


@pytest.mark.parametrize("call", survival_calls(TIME, event=masked(EVENT, 1, hidden=1)))
def test_masked_event_is_refused(call: Callable[[], object]) -> None:
    """A masked event indicator (or status) is refused, naming it."""
    with pytest.raises(ValueError, match=r"(event|status)\[1\] is masked"):
        call()


def test_masked_group_is_refused() -> None:
    """A masked group label is refused by logrank."""
    group = np.ma.masked_array(GROUP, mask=[False, True, False, False, False, False])
    with pytest.raises(ValueError, match=r"group\[1\] is masked"):
        logrank(TIME, EVENT, group)


def test_masked_covariate_is_refused() -> None:
    """A masked covariate is refused by cox."""
    x = np.ma.masked_array([0, 1, 0, 1, 0, 1], mask=[False] * 5 + [True])
    with pytest.raises(ValueError, match=r"covariates\[5\] is masked"):
        cox(TIME, EVENT, x)


DATES = np.array(
    ["2020-01-01", "2020-02-01", "2020-02-01", "2020-03-01", "2020-05-01", "2020-06-01"],
    dtype="datetime64[D]",
)
DATE_TIMES = [
    pytest.param(DATES, id="datetime64"),
    pytest.param(pd.Series(pd.to_datetime(DATES)), id="pandas-dates"),
    pytest.param([dt.date(2020, 1, d) for d in range(1, 7)], id="date-objects"),
    pytest.param(DATES - DATES[0], id="timedelta64"),
    pytest.param([dt.timedelta(days=d) for d in range(6)], id="timedelta-objects"),
]


@pytest.mark.parametrize("time", DATE_TIMES)
def test_kaplan_meier_refuses_dates_and_durations(time: object) -> None:
    """Dates and durations are no follow-up times: refused, saying to pass days."""
    with pytest.raises(TypeError, match=r"time.*(date|duration).*pass days since the index date"):
        kaplan_meier(time, EVENT)


@pytest.mark.parametrize("call", survival_calls(DATES))
def test_every_time_to_event_statistic_refuses_dates(call: Callable[[], object]) -> None:
    """logrank, cox and cumulative_incidence refuse calendar dates as kaplan_meier does."""
    with pytest.raises(TypeError, match="pass days since the index date"):
        call()


def test_days_since_the_index_date_are_accepted() -> None:
    """The conversion the message suggests gives a curve in days."""
    days = (DATES - DATES[0]) / np.timedelta64(1, "D")
    fit = kaplan_meier(days, EVENT)
    assert fit.time.tolist() == [0.0, 31.0, 60.0, 121.0, 152.0]


def test_survival_at_refuses_dates() -> None:
    """Reading a curve at dates is refused too."""
    fit = kaplan_meier(TIME, EVENT)
    with pytest.raises(TypeError, match="pass days since the index date"):
        fit.survival_at(DATES[:2])


def test_survival_at_accepts_a_single_time() -> None:
    """A single time is read as a list of one."""
    fit = kaplan_meier(TIME, EVENT)
    assert fit.survival_at(2.5).survival.tolist() == fit.survival_at([2.5]).survival.tolist()


SAMPLES = ([2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0])


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(list(SAMPLES), id="list"),
        pytest.param(SAMPLES, id="tuple"),
        pytest.param([np.array(s) for s in SAMPLES], id="list-of-arrays"),
        pytest.param(dict(zip("abc", SAMPLES, strict=True)), id="dict"),
    ],
)
def test_kruskal_wallis_takes_one_list_of_samples_as_r(given: object) -> None:
    """kruskal_wallis([x, y, z]) equals kruskal_wallis(x, y, z), as R's kruskal.test(list(...))."""
    assert kruskal_wallis(given) == kruskal_wallis(*SAMPLES)  # type: ignore[arg-type]


def test_kruskal_wallis_one_sample_says_how_to_pass_several() -> None:
    """One plain sample is one sample, and the message shows both ways to pass several."""
    with pytest.raises(ValueError, match=r"got 1: .*kruskal_wallis\(\[x, y, z\]\)"):
        kruskal_wallis([1.0, 2.0, 3.0])


def test_kruskal_wallis_names_a_sample_of_a_dict() -> None:
    """A dict's keys name the samples in messages."""
    with pytest.raises(ValueError, match="sample 'b' is empty"):
        kruskal_wallis({"a": [1.0, 2.0], "b": [], "c": [3.0]})


def test_kruskal_wallis_refuses_a_masked_value() -> None:
    """A masked value is missing, and kruskal_wallis refuses missing values."""
    with pytest.raises(ValueError, match=r"sample 2 contains 1 missing value"):
        kruskal_wallis(SAMPLES[0], masked(SAMPLES[1], 0), SAMPLES[2])
