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
    weighted_select,
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


def signed_zeros(rng: np.random.Generator, size: int) -> np.ndarray:
    """Heavy ties with ``-0.0`` and ``0.0`` mixed among few other values."""
    return rng.choice(np.array([-0.0, 0.0, -0.5, 0.5, 1.0, -2.0]), size)


def repeated_magnitudes(rng: np.random.Generator, size: int) -> np.ndarray:
    """Few values of mixed magnitudes, each repeated (row positions off, heavy ties)."""
    return rng.choice(mixed_magnitudes(rng, 6), size)


SAMPLERS: dict[str, Callable[[np.random.Generator, int], np.ndarray]] = {
    "half-grid": on_half_grid,
    "decimal-grid": on_decimal_grid,
    "continuous": continuous,
    "mixed-magnitudes": mixed_magnitudes,
}
CASES = list(itertools.product(SAMPLERS, SEEDS))
CASE_IDS = [f"{kind}-{seed}" for kind, seed in CASES]
#: Samplers with repeated values, for the implicit form over distinct values.
TIED_SAMPLERS: dict[str, Callable[[np.random.Generator, int], np.ndarray]] = {
    "half-grid": on_half_grid,
    "decimal-grid": on_decimal_grid,
    "signed-zeros": signed_zeros,
    "repeated-magnitudes": repeated_magnitudes,
    "continuous": continuous,
}
TIED_CASES = list(itertools.product(TIED_SAMPLERS, SEEDS))
TIED_CASE_IDS = [f"{kind}-{seed}" for kind, seed in TIED_CASES]


@pytest.fixture
def select_every_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the pivot steps of the selection down to a handful of sums (not a quick sort)."""
    monkeypatch.setattr(order_select, "_ENUMERATE_MIN", 2)
    monkeypatch.setattr(order_select, "_ENUMERATE_PER_ROW", 0)


def walsh_multiset(d: np.ndarray) -> np.ndarray:
    """The Walsh averages as the rank tests used to enumerate them, unsorted."""
    upper = np.triu_indices(d.size)
    return (d[upper[0]] + d[upper[1]]) / 2.0


def difference_multiset(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The differences ``x_i - y_j`` as the rank tests used to enumerate them, unsorted."""
    return np.subtract.outer(x, y).ravel()


def full_walsh(d: np.ndarray) -> np.ndarray:
    """The Walsh averages as the rank tests used to enumerate them, sorted."""
    return np.sort(walsh_multiset(d))


def full_differences(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The differences ``x_i - y_j`` as the rank tests used to enumerate them, sorted."""
    return np.sort(difference_multiset(x, y))


def implicit_walsh(d: np.ndarray) -> PairSums:
    """The Walsh averages with one row per value, repeats included (every count one)."""
    ordered = np.sort(d)
    return PairSums(ordered, ordered, halve=True, triangular=True)


def implicit_differences(x: np.ndarray, y: np.ndarray) -> PairSums:
    """The differences with rows over ``x`` (``y`` the columns), whatever the sizes."""
    return PairSums(np.sort(x), np.sort(-y), halve=False, triangular=False)


def distinct_walsh(d: np.ndarray) -> PairSums:
    """The Walsh averages over the distinct values of ``d`` with their counts."""
    values, counts = np.unique(d, return_counts=True)
    return PairSums(values, values, halve=True, triangular=True, a_counts=counts)


def distinct_differences(x: np.ndarray, y: np.ndarray) -> PairSums:
    """The differences over the distinct values of ``x`` (rows) and ``-y`` with their counts."""
    xs, x_counts = np.unique(x, return_counts=True)
    minus_y, y_counts = np.unique(-y, return_counts=True)
    return PairSums(
        xs, minus_y, halve=False, triangular=False, a_counts=x_counts, b_counts=y_counts
    )


def bits(values: np.ndarray | list[float]) -> set[int]:
    """The bit patterns of the values (``-0.0`` and ``0.0`` apart)."""
    return set(np.asarray(values, dtype=np.float64).view(np.int64).tolist())


def assert_same_order_statistics(
    got: list[float], expected: np.ndarray, multiset: np.ndarray
) -> None:
    """Equal floats rank by rank, each one of the enumerated floats, sign of zero included.

    The signs of zeros are checked against the unsorted enumeration: numpy's
    default sort may turn some ``0.0`` into ``-0.0`` or back where both occur.
    """
    assert got == expected.tolist()
    assert bits(got) <= bits(multiset)


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
    assert_counts_and_neighbours(implicit_walsh(d), full_walsh(d))
    assert_counts_and_neighbours(implicit_differences(d, y), full_differences(d, y))


def assert_counts_and_neighbours(implicit: PairSums, ordered: np.ndarray) -> None:
    """``count_le``, ``count_lt``, ``below`` and ``above`` agree with the sorted array."""
    reference = SortedValues(ordered)
    for value in probes(ordered):
        assert implicit.count_le(value) == reference.count_le(value)
        assert implicit.count_lt(value) == int(np.searchsorted(ordered, value, "left"))
        assert implicit.below(value) == reference.below(value)
        assert implicit.above(value) == reference.above(value)


@pytest.mark.usefixtures("select_every_step")
@pytest.mark.parametrize(("kind", "seed"), TIED_CASES, ids=TIED_CASE_IDS)
def test_walsh_over_distinct_values_matches_full_sort(kind: str, seed: int) -> None:
    """Over distinct values and counts, every Walsh order statistic is the full sort's float."""
    rng = np.random.default_rng(seed)
    d = TIED_SAMPLERS[kind](rng, int(rng.integers(1, 45)))
    expected = full_walsh(d)
    walsh = distinct_walsh(d)
    assert walsh.a.size == np.unique(d).size
    assert walsh.size == expected.size
    assert_same_order_statistics(
        [walsh.kth(k) for k in range(walsh.size)], expected, walsh_multiset(d)
    )


@pytest.mark.usefixtures("select_every_step")
@pytest.mark.parametrize("rows", ["x", "y"])
@pytest.mark.parametrize(("kind", "seed"), TIED_CASES, ids=TIED_CASE_IDS)
def test_differences_over_distinct_values_match_full_sort(kind: str, seed: int, rows: str) -> None:
    """Over distinct values and counts, every ``x_i - y_j`` order statistic is the full sort's."""
    rng = np.random.default_rng(seed)
    x = TIED_SAMPLERS[kind](rng, int(rng.integers(1, 35)))
    y = TIED_SAMPLERS[kind](rng, int(rng.integers(1, 35)))
    expected = full_differences(x, y)
    differences = distinct_differences(x, y)
    if rows == "y":
        differences = PairSums(
            differences.b,
            differences.a,
            halve=False,
            triangular=False,
            a_counts=differences.b_counts,
            b_counts=differences.a_counts,
        )
    assert differences.size == expected.size
    got = [differences.kth(k) for k in range(differences.size)]
    assert_same_order_statistics(got, expected, difference_multiset(x, y))


@pytest.mark.parametrize("select_every_step_too", [False, True])
@pytest.mark.parametrize(("kind", "seed"), TIED_CASES, ids=TIED_CASE_IDS)
def test_random_ranks_of_larger_tied_samples_match_full_sort(
    monkeypatch: pytest.MonkeyPatch, kind: str, seed: int, select_every_step_too: bool
) -> None:
    """Random ranks of 45,150 Walsh averages and 48,000 differences are the full sort's floats."""
    if select_every_step_too:
        monkeypatch.setattr(order_select, "_ENUMERATE_MIN", 2)
        monkeypatch.setattr(order_select, "_ENUMERATE_PER_ROW", 0)
        monkeypatch.setattr(order_select, "_SAMPLE_ABOVE", 0)  # sampled rounds too
    rng = np.random.default_rng(100 + seed)
    d = TIED_SAMPLERS[kind](rng, 300)
    x, y = TIED_SAMPLERS[kind](rng, 160), TIED_SAMPLERS[kind](rng, 300)
    for implicit, multiset in (
        (distinct_walsh(d), walsh_multiset(d)),
        (distinct_differences(x, y), difference_multiset(x, y)),
    ):
        expected = np.sort(multiset)
        ranks = [0, 1, expected.size // 2, expected.size - 2, expected.size - 1]
        ranks += rng.integers(0, expected.size, 40).tolist()
        assert_same_order_statistics([implicit.kth(k) for k in ranks], expected[ranks], multiset)


@pytest.mark.parametrize("kind", ["continuous", "half-grid"])
def test_tiny_samples_fall_back_to_median_of_medians_steps(
    select_every_step: None, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """With 16 sampled cells most rounds miss or fail to halve; the answers stay the sort's."""
    monkeypatch.setattr(order_select, "_SAMPLE_SIZE", 16)
    monkeypatch.setattr(order_select, "_SAMPLE_ABOVE", 0)
    rng = np.random.default_rng(7)
    x, y = TIED_SAMPLERS[kind](rng, 60), TIED_SAMPLERS[kind](rng, 90)
    multiset = difference_multiset(x, y)
    expected = np.sort(multiset)
    ranks = [1, expected.size // 2, expected.size - 2, *rng.integers(0, expected.size, 20)]
    got = [distinct_differences(x, y).kth(int(k)) for k in ranks]
    assert_same_order_statistics(got, expected[ranks], multiset)


@pytest.mark.parametrize(("kind", "seed"), TIED_CASES, ids=TIED_CASE_IDS)
def test_counts_and_neighbours_over_distinct_values_match_the_sorted_array(
    kind: str, seed: int
) -> None:
    """Over distinct values, ``count_le``, ``count_lt``, ``below``, ``above`` match the array."""
    rng = np.random.default_rng(seed)
    d = TIED_SAMPLERS[kind](rng, 40)
    y = TIED_SAMPLERS[kind](rng, 23)
    assert_counts_and_neighbours(distinct_walsh(d), full_walsh(d))
    assert_counts_and_neighbours(distinct_differences(d, y), full_differences(d, y))


@pytest.mark.parametrize("size", [1, 2, 63, 64, 65, 200, 5000])
def test_weighted_select_picks_the_rank_of_the_expanded_values(size: int) -> None:
    """Selection with weights equals indexing the sorted values repeated by their weights."""
    rng = np.random.default_rng(size)
    values = on_decimal_grid(rng, size)
    weights = rng.integers(1, 5, size)
    expanded = np.sort(np.repeat(values, weights))
    ranks = {0, expanded.size - 1, *rng.integers(0, expanded.size, 30).tolist()}
    for rank in sorted(ranks):
        assert weighted_select(values, weights, rank) == expanded[rank]


def test_counts_beyond_int32_are_exact() -> None:
    """Multiplicities whose products pass 2**31 count exactly: 140,000 terms, 9.8e9 averages."""
    values = np.array([-1.0, 0.0, 2.0])
    counts = np.array([50_000, 40_000, 50_000])
    walsh = PairSums(values, values, halve=True, triangular=True, a_counts=counts)
    n = int(counts.sum())
    assert walsh.size == n * (n + 1) // 2
    # The averages: -1 (c0 (c0 + 1) / 2), -0.5 (c0 c1), 0 (c1 (c1 + 1) / 2), 0.5 (c0 c2),
    # 1 (c1 c2), 2 (c2 (c2 + 1) / 2).
    weights = [1_250_025_000, 2_000_000_000, 800_020_000, 2_500_000_000, 2_000_000_000]
    cumulative = np.cumsum(weights).tolist()
    for value, count in zip([-1.0, -0.5, 0.0, 0.5, 1.0], cumulative, strict=True):
        assert walsh.count_le(value) == count
        assert walsh.kth(count - 1) == value
        assert walsh.kth(count) > value
    assert walsh.kth(walsh.size - 1) == 2.0


def test_large_samples_run_over_their_distinct_values() -> None:
    """Beyond MATERIALISE_MAX the rows are the distinct values; sizes count multiplicity."""
    rng = np.random.default_rng(7)
    d = on_half_grid(rng, 1000)
    walsh = walsh_averages(d)
    assert isinstance(walsh, PairSums)
    assert walsh.a.size == np.unique(d).size
    assert walsh.size == 1000 * 1001 // 2
    x, y = on_decimal_grid(rng, 400), on_half_grid(rng, 300)
    differences = pairwise_differences(x, y)
    assert isinstance(differences, PairSums)
    assert differences.a.size == min(np.unique(x).size, np.unique(y).size)
    assert differences.size == 400 * 300


def test_signed_zeros_are_one_distinct_value() -> None:
    """``-0.0`` and ``0.0`` make one row; the averages match the full sort in value."""
    d = np.array([-0.0, 0.0, 0.0, -0.0, 1.5, -1.5] * 100)
    walsh = walsh_averages(d)
    assert isinstance(walsh, PairSums)
    assert walsh.a.size == 3
    expected = full_walsh(d)
    ranks = [*range(0, expected.size, 97), expected.size - 1]
    assert_same_order_statistics([walsh.kth(k) for k in ranks], expected[ranks], walsh_multiset(d))


@pytest.mark.parametrize(("kind", "seed"), TIED_CASES, ids=TIED_CASE_IDS)
def test_without_negative_zero_every_float_is_bitwise_the_full_sort(kind: str, seed: int) -> None:
    """With ``-0.0`` made ``0.0`` (as the rank tests' input does), values match bit for bit."""
    rng = np.random.default_rng(seed)
    d = TIED_SAMPLERS[kind](rng, 30) + 0.0
    y = TIED_SAMPLERS[kind](rng, 20) + 0.0
    for implicit, expected in (
        (distinct_walsh(d), full_walsh(d)),
        (distinct_differences(d, y), full_differences(d, y)),
    ):
        got = np.array([implicit.kth(k) for k in range(implicit.size)])
        assert got.view(np.int64).tolist() == expected.view(np.int64).tolist()


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


def signed_floats(results: list[object]) -> list[str]:
    """The results as text (``repr``), so that ``-0.0`` and ``0.0`` differ."""
    return [repr(result) for result in results]


def test_heavily_tied_data_beyond_the_bound_match_full_sort(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past MATERIALISE_MAX, 12 or 13 distinct values (zeros, -0.0) give the full sort's result."""
    rng = np.random.default_rng(43)
    y = on_half_grid(rng, 500)
    x = y + on_half_grid(rng, 500)
    x[x == 0.0] = -0.0
    d = on_half_grid(rng, 600) * -1.0  # -0.0 among the zeros
    u, v = rng.integers(0, 12, 500) * 1.0, rng.integers(0, 12, 400) * -1.0
    exact: ResolvedMethod = "exact"

    def results() -> list[object]:
        return [
            *(paired_wilcoxon(x, y, alternative=alt, conf_level=0.9) for alt in ALTERNATIVES),
            *(paired_wilcoxon(d, zero_method=zeros) for zeros in ZERO_METHODS),
            paired_wilcoxon(d[:450], method=exact, conf_level=0.8),
            *(mann_whitney(u, v, alternative=alt, conf_level=0.95) for alt in ALTERNATIVES),
        ]

    implicit = results()
    monkeypatch.setattr(order_select, "MATERIALISE_MAX", 10**9)
    materialised = results()
    assert implicit == materialised
    assert signed_floats(implicit) == signed_floats(materialised)


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
