"""Order statistics of Walsh averages and pairwise differences without materialising them.

The oracle is the full enumeration and sort the rank tests used before
(``np.triu_indices`` / ``np.subtract.outer``): every value must be the same
float, bit for bit, since the intervals are compared with R at 1e-15.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.stats._rank import order_select
from myopathy_outcomes.stats._rank.order_select import (
    PairSums,
    SortedValues,
    median,
    pairwise_differences,
    walsh_averages,
)
from myopathy_outcomes.stats._vocabulary import ALTERNATIVES, Alternative, ResolvedMethod
from myopathy_outcomes.stats.rank_sum import mann_whitney
from myopathy_outcomes.stats.signed_rank import ZERO_METHODS, paired_wilcoxon
from tests.strategies import alternatives, paired_samples, two_samples

PROPERTY_SETTINGS = settings(max_examples=40, deadline=None)
SEEDS = range(5)
CONF_LEVELS = (0.5, 0.8, 0.9, 0.95, 0.99)
METHODS: tuple[ResolvedMethod, ...] = ("exact", "asymptotic")


def on_half_grid(rng: np.random.Generator, size: int) -> np.ndarray:
    """Heavy ties and zeros: a 0.5 grid on [-3, 3]."""
    return rng.integers(-6, 7, size) * 0.5


def on_decimal_grid(rng: np.random.Generator, size: int) -> np.ndarray:
    """Two decimals, so that sums of equal decimals differ by rounding (0.1 + 0.2)."""
    return np.round(rng.normal(0.2, 1.0, size), 1)


def continuous(rng: np.random.Generator, size: int) -> np.ndarray:
    """No ties."""
    return rng.normal(0.3, 1.0, size)


def mixed_magnitudes(rng: np.random.Generator, size: int) -> np.ndarray:
    """Magnitudes from 1e-300 to 1e16, where the approximate row positions are off."""
    return rng.normal(size=size) * 10.0 ** rng.choice([-300, -8, 0, 16], size)


SAMPLERS: dict[str, Callable[[np.random.Generator, int], np.ndarray]] = {
    "half-grid": on_half_grid,
    "decimal-grid": on_decimal_grid,
    "continuous": continuous,
    "mixed-magnitudes": mixed_magnitudes,
}
CASES = list(itertools.product(SAMPLERS, SEEDS))
CASE_IDS = [f"{kind}-{seed}" for kind, seed in CASES]


@pytest.fixture
def select_every_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the pivot steps of the selection down to a handful of sums (not a quick sort)."""
    monkeypatch.setattr(order_select, "_ENUMERATE_MIN", 2)
    monkeypatch.setattr(order_select, "_ENUMERATE_PER_ROW", 0)


def full_walsh(d: np.ndarray) -> np.ndarray:
    """The Walsh averages as the rank tests used to enumerate them, sorted."""
    upper = np.triu_indices(d.size)
    return np.sort((d[upper[0]] + d[upper[1]]) / 2.0)


def full_differences(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The differences ``x_i - y_j`` as the rank tests used to enumerate them, sorted."""
    return np.sort(np.subtract.outer(x, y).ravel())


def implicit_walsh(d: np.ndarray) -> PairSums:
    """The Walsh averages as :func:`walsh_averages` builds them beyond the materialising bound."""
    ordered = np.sort(d)
    return PairSums(ordered, ordered, halve=True, triangular=True)


def implicit_differences(x: np.ndarray, y: np.ndarray) -> PairSums:
    """The differences with rows over ``x`` (``y`` the columns), whatever the sizes."""
    return PairSums(np.sort(x), np.sort(-y), halve=False, triangular=False)


def probes(values: np.ndarray) -> Iterator[float]:
    """Candidate values, points between them and points beyond both ends."""
    distinct = np.unique(values)
    yield float(distinct[0] - 1.0)
    yield float(distinct[-1] + 1.0)
    for lower, upper in itertools.pairwise(distinct.tolist()):
        yield lower
        yield lower / 2.0 + upper / 2.0
    yield float(distinct[-1])


@pytest.mark.usefixtures("select_every_step")
@pytest.mark.parametrize(("kind", "seed"), CASES, ids=CASE_IDS)
def test_walsh_order_statistics_match_full_sort(kind: str, seed: int) -> None:
    """Every order statistic of the Walsh averages is the float the full sort gives."""
    rng = np.random.default_rng(seed)
    d = SAMPLERS[kind](rng, int(rng.integers(1, 40)))
    expected = full_walsh(d)
    walsh = implicit_walsh(d)
    assert walsh.size == expected.size
    assert [walsh.kth(k) for k in range(walsh.size)] == expected.tolist()


@pytest.mark.usefixtures("select_every_step")
@pytest.mark.parametrize("rows", ["x", "y"])
@pytest.mark.parametrize(("kind", "seed"), CASES, ids=CASE_IDS)
def test_difference_order_statistics_match_full_sort(kind: str, seed: int, rows: str) -> None:
    """Every order statistic of ``x_i - y_j`` is the float the full sort gives, rows either way."""
    rng = np.random.default_rng(seed)
    x = SAMPLERS[kind](rng, int(rng.integers(1, 30)))
    y = SAMPLERS[kind](rng, int(rng.integers(1, 30)))
    expected = full_differences(x, y)
    differences = (
        implicit_differences(x, y)
        if rows == "x"
        else PairSums(np.sort(-y), np.sort(x), halve=False, triangular=False)
    )
    assert [differences.kth(k) for k in range(differences.size)] == expected.tolist()


@pytest.mark.parametrize(("kind", "seed"), CASES, ids=CASE_IDS)
def test_counts_and_neighbours_match_the_sorted_array(kind: str, seed: int) -> None:
    """``count_le``, ``below`` and ``above`` agree with the sorted array at and between values."""
    rng = np.random.default_rng(seed)
    d = SAMPLERS[kind](rng, 25)
    y = SAMPLERS[kind](rng, 17)
    for implicit, ordered in (
        (implicit_walsh(d), full_walsh(d)),
        (implicit_differences(d, y), full_differences(d, y)),
    ):
        reference = SortedValues(ordered)
        for value in probes(ordered):
            assert implicit.count_le(value) == reference.count_le(value)
            assert implicit.count_lt(value) == int(np.searchsorted(ordered, value, "left"))
            assert implicit.below(value) == reference.below(value)
            assert implicit.above(value) == reference.above(value)


def test_mixed_magnitudes_take_the_exact_row_correction(
    monkeypatch: pytest.MonkeyPatch, select_every_step: None
) -> None:
    """Where rounding misplaces the approximate row positions, the bisection fixes them."""
    calls = []
    bisect = PairSums._bisect

    def spy(self: PairSums, rows: np.ndarray, value: float, strict: bool) -> np.ndarray:
        calls.append(rows.size)
        return bisect(self, rows, value, strict)

    monkeypatch.setattr(PairSums, "_bisect", spy)
    d = mixed_magnitudes(np.random.default_rng(0), 40)
    walsh = implicit_walsh(d)
    assert [walsh.kth(k) for k in range(walsh.size)] == full_walsh(d).tolist()
    assert calls


@pytest.mark.usefixtures("select_every_step")
@pytest.mark.parametrize("size", [1, 2, 3, 4, 7, 8, 20, 21])
def test_median_averages_the_two_middle_values_as_r_does(size: int) -> None:
    """The median of implicit candidates equals R's median of the sorted ones, odd or even."""
    rng = np.random.default_rng(size)
    d = on_decimal_grid(rng, size)
    y = on_decimal_grid(rng, size + 1)
    for implicit, ordered in (
        (implicit_walsh(d), full_walsh(d)),
        (implicit_differences(d, y), full_differences(d, y)),
    ):
        half, odd = divmod(ordered.size, 2)
        expected = ordered[half] if odd else (ordered[half - 1] + ordered[half]) / 2.0
        assert median(implicit) == median(SortedValues(ordered)) == float(expected)


def test_kth_rejects_a_rank_out_of_range() -> None:
    """Asking for a rank outside ``[0, size)`` is an IndexError that names the range."""
    with pytest.raises(IndexError, match=r"k must be in \[0, 3\); got 3"):
        implicit_walsh(np.array([1.0, 2.0])).kth(3)


def test_large_counts_are_not_materialised() -> None:
    """Beyond MATERIALISE_MAX pairs the candidates stay implicit; up to it they are sorted."""
    bound = order_select.MATERIALISE_MAX
    side = int(np.sqrt(bound))
    assert isinstance(pairwise_differences(np.zeros(side), np.zeros(side)), SortedValues)
    assert isinstance(pairwise_differences(np.zeros(side), np.zeros(bound // side + 1)), PairSums)
    n = int((np.sqrt(8 * bound + 1) - 1) / 2)  # n (n + 1) / 2 <= bound < (n + 1) (n + 2) / 2
    assert isinstance(walsh_averages(np.zeros(n)), SortedValues)
    assert isinstance(walsh_averages(np.zeros(n + 1)), PairSums)


def paired_results(
    monkeypatch: pytest.MonkeyPatch, materialise_max: int, x: np.ndarray, y: np.ndarray
) -> list[object]:
    """paired_wilcoxon over every method, alternative, level and zero method."""
    monkeypatch.setattr(order_select, "MATERIALISE_MAX", materialise_max)
    return [
        paired_wilcoxon(x, y, method=method, alternative=alt, conf_level=level, zero_method=zeros)
        for method, alt, level, zeros in itertools.product(
            METHODS, ALTERNATIVES, CONF_LEVELS, ZERO_METHODS
        )
    ]


def two_sample_results(
    monkeypatch: pytest.MonkeyPatch, materialise_max: int, x: np.ndarray, y: np.ndarray
) -> list[object]:
    """mann_whitney over every method, alternative and level."""
    monkeypatch.setattr(order_select, "MATERIALISE_MAX", materialise_max)
    return [
        mann_whitney(x, y, method=method, alternative=alt, conf_level=level)
        for method, alt, level in itertools.product(METHODS, ALTERNATIVES, CONF_LEVELS)
    ]


@pytest.mark.usefixtures("select_every_step")
@pytest.mark.parametrize(("kind", "seed"), CASES[:12], ids=CASE_IDS[:12])
def test_paired_wilcoxon_by_selection_equals_full_sort(
    monkeypatch: pytest.MonkeyPatch, kind: str, seed: int
) -> None:
    """Estimate, interval and achieved level are identical on the selection path."""
    rng = np.random.default_rng(seed)
    y = on_half_grid(rng, 24)
    x = y + SAMPLERS[kind](rng, 24)
    x[:3] = y[:3]  # zero differences
    expected = paired_results(monkeypatch, 10**9, x, y)
    assert paired_results(monkeypatch, 0, x, y) == expected


@pytest.mark.usefixtures("select_every_step")
@pytest.mark.parametrize(("kind", "seed"), CASES[:12], ids=CASE_IDS[:12])
def test_mann_whitney_by_selection_equals_full_sort(
    monkeypatch: pytest.MonkeyPatch, kind: str, seed: int
) -> None:
    """Estimate, interval and achieved level are identical on the selection path."""
    rng = np.random.default_rng(seed)
    x = SAMPLERS[kind](rng, int(rng.integers(2, 25))) + 0.5
    y = SAMPLERS[kind](rng, int(rng.integers(2, 25)))
    expected = two_sample_results(monkeypatch, 10**9, x, y)
    assert two_sample_results(monkeypatch, 0, x, y) == expected


@PROPERTY_SETTINGS
@given(
    data=paired_samples(max_size=20), alternative=alternatives, level=st.sampled_from(CONF_LEVELS)
)
def test_paired_selection_path_never_changes_a_result(
    data: tuple[np.ndarray, np.ndarray], alternative: Alternative, level: float
) -> None:
    """On tied grid data the selection path gives the full sort's result, exact or not."""
    x, y = data
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(order_select, "_ENUMERATE_MIN", 2)
        patch.setattr(order_select, "_ENUMERATE_PER_ROW", 0)
        for method in METHODS:
            patch.setattr(order_select, "MATERIALISE_MAX", 10**9)
            expected = paired_wilcoxon(
                x, y, method=method, alternative=alternative, conf_level=level
            )
            patch.setattr(order_select, "MATERIALISE_MAX", 0)
            got = paired_wilcoxon(x, y, method=method, alternative=alternative, conf_level=level)
            assert got == expected


@PROPERTY_SETTINGS
@given(data=two_samples(), alternative=alternatives, level=st.sampled_from(CONF_LEVELS))
def test_two_sample_selection_path_never_changes_a_result(
    data: tuple[np.ndarray, np.ndarray], alternative: Alternative, level: float
) -> None:
    """On tied grid data the selection path gives the full sort's result, exact or not."""
    x, y = data
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(order_select, "_ENUMERATE_MIN", 2)
        patch.setattr(order_select, "_ENUMERATE_PER_ROW", 0)
        for method in METHODS:
            patch.setattr(order_select, "MATERIALISE_MAX", 10**9)
            expected = mann_whitney(x, y, method=method, alternative=alternative, conf_level=level)
            patch.setattr(order_select, "MATERIALISE_MAX", 0)
            got = mann_whitney(x, y, method=method, alternative=alternative, conf_level=level)
            assert got == expected


def test_asymptotic_path_beyond_the_bound_matches_full_sort(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past MATERIALISE_MAX pairs (3e5 and 2.8e5) both tests give the full sort's results."""
    rng = np.random.default_rng(42)
    x, y = on_decimal_grid(rng, 600) + 0.1, on_decimal_grid(rng, 500)
    d = on_decimal_grid(rng, 750)
    implicit: list[object] = [
        mann_whitney(x, y, alternative=alt, conf_level=0.9) for alt in ALTERNATIVES
    ] + [paired_wilcoxon(d, alternative=alt, conf_level=0.9) for alt in ALTERNATIVES]
    monkeypatch.setattr(order_select, "MATERIALISE_MAX", 10**9)
    materialised: list[object] = [
        mann_whitney(x, y, alternative=alt, conf_level=0.9) for alt in ALTERNATIVES
    ] + [paired_wilcoxon(d, alternative=alt, conf_level=0.9) for alt in ALTERNATIVES]
    assert implicit == materialised
