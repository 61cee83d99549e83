"""The IMACS preliminary definition of improvement on its edges (criteria.doi)."""

from __future__ import annotations

import pytest

from myopathy_outcomes.criteria import CORE_SET, CoreSet, imacs_doi
from tests.criteria._profiles import BASELINE, SCALES, changed

# Baseline: globals 8, MMT-8 40, HAQ-DI 2, CK 1000. Relative to baseline, 20% better is
# globals 6.4, MMT-8 48, HAQ-DI 1.6, CK 800; 25% worse is globals 10, MMT-8 30, HAQ-DI 2.5,
# CK 1250.
BETTER = {"physician_global": 6.4, "patient_global": 6.4, "mmt8": 48, "haq_di": 1.6, "ck": 800,
          "extramuscular_global": 6.4}  # fmt: skip
WORSE = {"physician_global": 10, "patient_global": 10, "mmt8": 30, "haq_di": 2.5, "ck": 1250,
         "extramuscular_global": 10}  # fmt: skip


def doi(**follow_up: float | None) -> tuple[bool | None, int, int]:
    result = imacs_doi(BASELINE, changed(**follow_up), SCALES)
    return result.improved, result.n_improved, result.n_worse


def test_three_improved_by_exactly_20_percent() -> None:
    """Exactly 20% counts as improved (>= 20%)."""
    assert doi(physician_global=6.4, patient_global=6.4, haq_di=1.6) == (True, 3, 0)


def test_just_under_20_percent_does_not_count() -> None:
    """19.875% is not improvement: two improved measures are not enough."""
    assert doi(physician_global=6.41, patient_global=6.4, haq_di=1.6) == (False, 2, 0)


def test_exactly_25_percent_worse_counts() -> None:
    """Three improved and three worse by exactly 25% (>= 25%): not improved."""
    result = doi(
        physician_global=6.4, patient_global=6.4, mmt8=48,
        haq_di=2.5, ck=1250, extramuscular_global=10,
    )  # fmt: skip
    assert result == (False, 3, 3)


def test_two_worse_are_allowed() -> None:
    """Three improved, two worse by >= 25% (not MMT-8): improved."""
    assert doi(physician_global=6.4, patient_global=6.4, mmt8=48, haq_di=2.5, ck=1250) == (
        True,
        3,
        2,
    )


def test_just_under_25_percent_worse_is_not_worse() -> None:
    """24.9% worse does not count as worse."""
    assert doi(physician_global=6.4, patient_global=6.4, mmt8=48, haq_di=2.49) == (True, 3, 0)


def test_mmt_worse_blocks_improvement() -> None:
    """Five improved but MMT-8 worse by 25%: not improved."""
    result = imacs_doi(BASELINE, changed(**{**BETTER, "mmt8": 30}), SCALES)
    assert (result.improved, result.n_improved, result.n_worse, result.mmt_worse) == (
        False,
        5,
        1,
        True,
    )
    assert "MMT-8 worse" in result.reason


def test_mmt_worse_by_less_than_25_percent_does_not_block() -> None:
    """MMT-8 down 20% (40 -> 32) is not 'worse by >= 25%'."""
    assert doi(**{**BETTER, "mmt8": 32}) == (True, 5, 0)


def test_all_better() -> None:
    """Six of six improved."""
    assert doi(**BETTER) == (True, 6, 0)


def test_all_worse() -> None:
    """Six of six worse."""
    assert doi(**WORSE) == (False, 0, 6)


@pytest.mark.parametrize("measure", ["physician_global", "mmt8", "haq_di", "extramuscular_global"])
def test_missing_measure_leaves_it_undecided(measure: str) -> None:
    """A missing core set measure: improved is None and the measure is named."""
    result = imacs_doi(BASELINE, changed(**{**BETTER, measure: None}), SCALES)
    assert (result.improved, result.incomplete) == (None, (measure,))
    assert f"no follow-up {measure}" in result.reason


def test_missing_enzyme_is_named() -> None:
    """CK, the most abnormal enzyme, missing at follow-up."""
    result = imacs_doi(BASELINE, changed(**{**BETTER, "ck": None}), SCALES)
    assert result.incomplete == ("enzyme",)


def test_exact_where_floats_miss() -> None:
    """HAQ-DI 1.2 -> 1.5 is exactly 25% worse (floats give 25.000000000000007)."""
    before = changed(haq_di=1.2)
    result = imacs_doi(before, changed(before, haq_di=1.5), SCALES)
    haq = result.measures[CORE_SET.index("haq_di")]
    assert (haq.percent_change, haq.worse) == (-25, True)


def test_baseline_of_zero() -> None:
    """Extramuscular activity 0 at baseline: staying at 0 is no change, any rise is worse."""
    before = changed(extramuscular_global=0)
    stay = imacs_doi(before, changed(before, extramuscular_global=0), SCALES)
    rise = imacs_doi(before, changed(before, extramuscular_global=0.5), SCALES)
    at = CORE_SET.index("extramuscular_global")
    assert (stay.measures[at].percent_change, stay.measures[at].worse) == (0, False)
    assert (rise.measures[at].percent_change, rise.measures[at].worse) == (float("-inf"), True)


def test_mmt_from_zero_is_improvement() -> None:
    """MMT-8 0 at baseline rising to 10 improves without bound."""
    before = changed(mmt8=0)
    result = imacs_doi(before, changed(before, mmt8=10), SCALES)
    assert result.measures[CORE_SET.index("mmt8")].percent_change == float("inf")


def test_range_basis() -> None:
    """basis="range": 8 -> 6.4 cm is 20% of baseline but 16% of the range, not improved."""
    after = changed(physician_global=6.4, patient_global=6.4, haq_di=1.6)
    relative = imacs_doi(BASELINE, after, SCALES)
    ranged = imacs_doi(BASELINE, after, SCALES, basis="range")
    assert relative.improved is True
    assert (ranged.improved, ranged.n_improved) == (False, 0)
    assert ranged.measures[0].basis_text == "range of visual analogue scale 0-10 cm"


def test_enzyme_stays_relative_under_range_basis() -> None:
    """The enzyme has no range: relative to its baseline under either basis."""
    ranged = imacs_doi(BASELINE, changed(ck=800), SCALES, basis="range")
    enzyme = ranged.measures[CORE_SET.index("enzyme")]
    assert (enzyme.percent_change, enzyme.basis_text) == (20, "baseline ck")


def test_unknown_basis() -> None:
    """An unknown basis is named."""
    with pytest.raises(ValueError, match="basis must be one of baseline, range"):
        imacs_doi(BASELINE, BASELINE, SCALES, basis="uln")  # type: ignore[arg-type]


def test_type_of_visits() -> None:
    """A visit must be a CoreSet or a mapping."""
    with pytest.raises(TypeError, match="follow_up must be a CoreSet"):
        imacs_doi(BASELINE, [1, 2], SCALES)  # type: ignore[arg-type]
    assert imacs_doi(CoreSet(), CoreSet(), SCALES).incomplete == CORE_SET
