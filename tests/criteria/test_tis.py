"""The 2016 ACR/EULAR Total Improvement Score on its band edges (criteria.tis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from myopathy_outcomes.criteria import (
    CORE_SET,
    MMT8_BILATERAL_SCALE,
    VAS_MM,
    CoreSet,
    CoreSetScales,
    improvement_points,
    tis_category,
    total_improvement_score,
)
from myopathy_outcomes.criteria.tis import LEVEL_SCORES, THRESHOLDS
from tests.criteria._profiles import BASELINE, LIMITS, SCALES, changed


def points(measure: str, follow_up: CoreSet, baseline: CoreSet = BASELINE) -> float | None:
    return total_improvement_score(baseline, follow_up, SCALES).points(measure)


# -- the points table, every band edge -------------------------------------------------
# Baseline 8 cm on a 0-10 cm scale: 7.5 is exactly 5%, 6.5 15%, 5.5 25%, 4 40%.

GLOBAL_EDGES = [
    (8, 0),  # no change
    (9, 0),  # worse
    (7.5, 0),  # exactly 5%
    (7.49, 1),  # just above 5%
    (6.5, 1),  # exactly 15%
    (6.49, 2),
    (5.5, 2),  # exactly 25%
    (5.49, 3),
    (4, 3),  # exactly 40%
    (3.99, 4),
    (0, 4),
]


@pytest.mark.parametrize("measure", ["physician_global", "patient_global", "extramuscular_global"])
@pytest.mark.parametrize(("follow_up", "band"), GLOBAL_EDGES)
def test_global_activity_band_edges(measure: str, follow_up: float, band: int) -> None:
    """5%, 15%, 25% and 40% of the 10 cm scale belong to the band below; a hair more does not."""
    assert points(measure, changed(**{measure: follow_up})) == LEVEL_SCORES[measure][band]


def test_global_activity_points_are_published() -> None:
    """Physician 0/7.5/15/17.5/20, patient 0/2.5/5/7.5/10, extramuscular 0/7.5/12.5/15/20."""
    edges = (7.5, 6.5, 5.5, 4, 3)  # 5%, 15%, 25%, 40% and 50% better
    published = {
        "physician_global": [0, 7.5, 15, 17.5, 20],
        "patient_global": [0, 2.5, 5, 7.5, 10],
        "extramuscular_global": [0, 7.5, 12.5, 15, 20],
    }
    for measure, expected in published.items():
        assert [points(measure, changed(**{measure: f})) for f in edges] == expected


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        (2, 0),  # no change
        (2.5, 0),  # worse
        (1.85, 0),  # exactly 5% of 0-3
        (1.84, 5),
        (1.55, 5),  # exactly 15%
        (1.54, 7.5),
        (1.25, 7.5),  # exactly 25%
        (1.24, 7.5),  # the fourth band is also 7.5
        (0.8, 7.5),  # exactly 40%
        (0.79, 10),
    ],
)
def test_haq_band_edges(follow_up: float, expected: float) -> None:
    """HAQ-DI on 0-3: 0 / 5 / 7.5 / 7.5 / 10, upper edges inclusive."""
    assert points("haq_di", changed(haq_di=follow_up)) == expected


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        (40, 0),
        (30, 0),  # worse
        (41.6, 0),  # exactly 2% of 0-80
        (41.7, 10),
        (48, 10),  # exactly 10%
        (48.5, 20),
        (56, 20),  # exactly 20%
        (56.5, 27.5),
        (64, 27.5),  # exactly 30%
        (64.5, 32.5),
        (80, 32.5),
    ],
)
def test_mmt_band_edges(follow_up: float, expected: float) -> None:
    """MMT-8 on 0-80: bands at 2%, 10%, 20%, 30%, points 0 / 10 / 20 / 27.5 / 32.5."""
    assert points("mmt8", changed(mmt8=follow_up)) == expected


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        (1000, 0),
        (3000, 0),  # worse
        (950, 0),  # exactly 5% of baseline
        (949, 2.5),
        (850, 2.5),  # exactly 15%
        (849, 5),
        (750, 5),  # exactly 25%
        (749, 7.5),
        (600, 7.5),  # exactly 40%
        (599, 7.5),  # the fifth band is also 7.5
        (100, 7.5),
    ],
)
def test_enzyme_band_edges(follow_up: float, expected: float) -> None:
    """The enzyme (CK here), relative to baseline: 0 / 2.5 / 5 / 7.5 / 7.5."""
    assert points("enzyme", changed(ck=follow_up)) == expected


@pytest.mark.parametrize(
    ("measure", "baseline", "follow_up", "float_percent", "expected"),
    [
        ("physician_global", 8.3, 7.8, 5.000000000000009, 0),
        ("patient_global", 9.3, 7.8, 15.000000000000007, 2.5),
        ("extramuscular_global", 9.8, 5.8, 40.00000000000001, 15),
        ("haq_di", 2.74, 1.99, 25.000000000000007, 7.5),
        ("mmt8", 8.1, 16.1, 10.000000000000002, 10),
        ("mmt8", 8.2, 32.2, 30.000000000000004, 27.5),
    ],
)
def test_edges_are_exact_where_floats_overshoot(
    measure: str, baseline: float, follow_up: float, float_percent: float, expected: float
) -> None:
    """A change of exactly an edge stays in the band below, although floats land above it."""
    scale = SCALES.scale(measure)
    change = (follow_up - baseline) if measure == "mmt8" else (baseline - follow_up)
    assert change / scale.range * 100 == float_percent
    before = changed(**{measure: baseline})
    assert points(measure, changed(before, **{measure: follow_up}), before) == expected


def test_enzyme_edge_is_exact() -> None:
    """CK 1.7 -> 1.275 is exactly 25% (floats say 25.000000000000007): 5 points, not 7.5."""
    assert (1.7 - 1.275) / 1.7 * 100 > 25
    before = changed(ck=1.7, aldolase=0, ldh=0, ast=0, alt=0)
    after = changed(before, ck=1.275)
    assert total_improvement_score(before, after, SCALES).points("enzyme") == 5


# -- the scale is part of the data ------------------------------------------------------


def test_mmt_bilateral_scale_divides_by_150() -> None:
    """MMT-8 bilateral 100 -> 115 is 10% of 150 (10 points), where 0-80 would make it 18.75%."""
    scales = CoreSetScales(mmt8=MMT8_BILATERAL_SCALE, upper_limits=LIMITS)
    before = changed(mmt8=100)
    result = total_improvement_score(before, changed(before, mmt8=115), scales)
    mmt = result.measures[CORE_SET.index("mmt8")]
    assert (mmt.percent_change, mmt.points, mmt.basis) == (10, 10, 150)


def test_millimetre_scale_divides_by_100() -> None:
    """Patient global 80 -> 65 mm is 15% of 100 mm: 2.5 points."""
    scales = CoreSetScales(patient_global=VAS_MM, upper_limits=LIMITS)
    before = changed(patient_global=80)
    result = total_improvement_score(before, changed(before, patient_global=65), scales)
    assert result.points("patient_global") == 2.5


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        (100, 0),
        (90, 0),  # worse
        (103, 0),  # exactly 2% of 0-150
        (103.1, 10),
        (115, 10),  # exactly 10%
        (115.1, 20),
        (130, 20),  # exactly 20%
        (130.1, 27.5),
        (145, 27.5),  # exactly 30%
        (145.1, 32.5),
    ],
)
def test_mmt_bilateral_band_edges(follow_up: float, expected: float) -> None:
    """MMT-8 bilateral 0-150 from 100: 2%, 10%, 20% and 30% of 150 belong to the band below."""
    scales = CoreSetScales(mmt8=MMT8_BILATERAL_SCALE, upper_limits=LIMITS)
    before = changed(mmt8=100)
    result = total_improvement_score(before, changed(before, mmt8=follow_up), scales)
    assert result.points("mmt8") == expected


@pytest.mark.parametrize(
    ("follow_up", "band"),
    [(80, 0), (85, 0), (75, 0), (74.9, 1), (65, 1), (64.9, 2), (55, 2), (54.9, 3), (40, 3),
     (39.9, 4)],
)  # fmt: skip
def test_millimetre_band_edges(follow_up: float, band: int) -> None:
    """Physician global on 0-100 mm from 80: 5, 15, 25 and 40 mm lower are the edges."""
    scales = CoreSetScales(physician_global=VAS_MM, upper_limits=LIMITS)
    before = changed(physician_global=80)
    after = changed(before, physician_global=follow_up)
    result = total_improvement_score(before, after, scales)
    assert result.points("physician_global") == LEVEL_SCORES["physician_global"][band]


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [(1000, 0), (990, 0), (989, 2.5), (970, 2.5), (969, 5), (950, 5), (949, 7.5), (920, 7.5),
     (919, 7.5)],
)  # fmt: skip
def test_enzyme_band_edges_relative_to_uln(follow_up: float, expected: float) -> None:
    """enzyme_basis="uln", CK limit 200: falls of 10, 30, 50 and 80 U/L are the edges."""
    result = total_improvement_score(BASELINE, changed(ck=follow_up), SCALES, enzyme_basis="uln")
    assert result.points("enzyme") == expected


# -- the most abnormal enzyme -------------------------------------------------------------


@pytest.mark.parametrize("enzyme", ["ck", "aldolase", "ldh", "ast", "alt"])
def test_each_enzyme_can_be_the_most_abnormal(enzyme: str) -> None:
    """The enzyme with the largest multiple of its limit is scored; the others are not."""
    before = changed(ck=400, aldolase=15.2, ldh=500, ast=80, alt=90)  # each 2 x its limit
    limit = LIMITS.of(enzyme)
    assert limit is not None
    before = changed(before, **{enzyme: 3 * limit})
    after = changed(before, **{enzyme: 3 * limit * 0.7})  # 30% lower: 7.5 points
    result = total_improvement_score(before, after, SCALES)
    assert result.enzyme.enzyme == enzyme
    assert result.measures[CORE_SET.index("enzyme")].source == enzyme
    assert result.points("enzyme") == 7.5
    assert (result.score, result.category) == (7.5, "none")
    for other in ("ck", "aldolase", "ldh", "ast", "alt"):
        if other != enzyme:  # the others falling changes nothing
            fell = changed(after, **{other: 0})
            assert total_improvement_score(before, fell, SCALES).points("enzyme") == 7.5


def test_tie_goes_to_the_first_enzyme() -> None:
    """CK and LDH both 2 x their limit: CK, first in the order CK, aldolase, LDH, AST, ALT."""
    before = CoreSet(ck=400, ldh=500)
    result = total_improvement_score(before, CoreSet(ck=400, ldh=100), SCALES)
    assert result.enzyme.enzyme == "ck"


def test_enzyme_relative_to_uln() -> None:
    """enzyme_basis="uln": CK 1000 -> 900 with ULN 200 is 50% of the limit (10% of baseline)."""
    after = changed(ck=900)
    relative = total_improvement_score(BASELINE, after, SCALES)
    uln = total_improvement_score(BASELINE, after, SCALES, enzyme_basis="uln")
    assert relative.points("enzyme") == 2.5
    assert uln.points("enzyme") == 7.5
    assert uln.measures[CORE_SET.index("enzyme")].basis_text == "upper limit of normal of ck"


def test_normal_enzyme_options() -> None:
    """An enzyme within normal limits at baseline scores by default; "no-points" gives it 0."""
    before = changed(ck=150, aldolase=5, ldh=150, ast=25, alt=30)  # all normal; CK 0.75 x
    after = changed(before, ck=60)
    assert total_improvement_score(before, after, SCALES).points("enzyme") == 7.5
    no_points = total_improvement_score(before, after, SCALES, normal_enzyme="no-points")
    assert no_points.points("enzyme") == 0
    assert no_points.enzyme.normal_at_baseline is True


def test_enzyme_from_zero_cannot_improve() -> None:
    """An enzyme of 0 at baseline (the most abnormal of zeros) that rises: -inf, 0 points."""
    before = CoreSet(ck=0)
    result = total_improvement_score(before, CoreSet(ck=50), SCALES)
    enzyme = result.measures[CORE_SET.index("enzyme")]
    assert (enzyme.percent_change, enzyme.points) == (float("-inf"), 0)


# -- incomplete core sets ----------------------------------------------------------------


@pytest.mark.parametrize("measure", ["physician_global", "patient_global", "mmt8", "haq_di"])
@pytest.mark.parametrize("when", ["baseline", "follow-up"])
def test_missing_measure_makes_the_score_incomplete(measure: str, when: str) -> None:
    """A missing measure is named and never scored as 0: no TIS, no category."""
    before = changed(**{measure: None}) if when == "baseline" else BASELINE
    after = changed(physician_global=2) if when == "baseline" else changed(**{measure: None})
    result = total_improvement_score(before, after, SCALES)
    assert (result.score, result.category, result.computable) == (None, None, False)
    assert result.incomplete == (measure,)
    assert result.points(measure) is None
    assert f"no {when} {measure}" in result.reason


def test_missing_extramuscular_is_named() -> None:
    """Extramuscular activity missing at both visits."""
    result = total_improvement_score(
        changed(extramuscular_global=None), changed(extramuscular_global=None), SCALES
    )
    assert result.incomplete == ("extramuscular_global",)
    assert "no baseline or follow-up extramuscular_global" in result.reason


def test_chosen_enzyme_missing_at_follow_up_is_not_replaced() -> None:
    """CK, the most abnormal at baseline, missing at follow-up: enzyme incomplete, not LDH."""
    result = total_improvement_score(BASELINE, changed(ck=None), SCALES)
    assert result.incomplete == ("enzyme",)
    assert "no follow-up ck" in result.reason


def test_no_enzyme_at_baseline_is_incomplete() -> None:
    """No enzyme at baseline: the enzyme measure is missing."""
    before = changed(ck=None, aldolase=None, ldh=None, ast=None, alt=None)
    result = total_improvement_score(before, BASELINE, SCALES)
    assert result.incomplete == ("enzyme",)
    assert result.enzyme.enzyme is None


def test_incomplete_still_reports_the_other_points() -> None:
    """Points of the measures that are there stay visible."""
    result = total_improvement_score(BASELINE, changed(physician_global=3, haq_di=None), SCALES)
    assert result.points("physician_global") == 20
    assert result.measures[CORE_SET.index("haq_di")].reason == "not scored: no follow-up haq_di"


def test_nan_is_missing() -> None:
    """NaN, a table's missing value, counts as missing."""
    result = total_improvement_score(BASELINE, changed(mmt8=float("nan")), SCALES)
    assert result.incomplete == ("mmt8",)


# -- totals and categories ------------------------------------------------------------------


def profile(**follow_up: float) -> CoreSet:
    return changed(**follow_up)


@pytest.mark.parametrize(
    ("follow_up", "score", "adult", "juvenile"),
    [
        ({}, 0, "none", "none"),
        ({"patient_global": 6.4, "haq_di": 1.84}, 10, "none", "none"),  # 5 + 5
        ({"physician_global": 3}, 20, "minimal", "none"),
        ({"physician_global": 3, "patient_global": 3}, 30, "minimal", "minimal"),
        ({"physician_global": 3, "mmt8": 56}, 40, "moderate", "minimal"),
        ({"physician_global": 3, "mmt8": 56, "ck": 750}, 45, "moderate", "moderate"),
        ({"physician_global": 3, "mmt8": 64.5, "ck": 600}, 60, "major", "moderate"),
        ({"physician_global": 3, "mmt8": 64.5, "ck": 600, "haq_di": 0.5}, 70, "major", "major"),
        (
            {"physician_global": 0, "patient_global": 0, "mmt8": 80, "haq_di": 0,
             "extramuscular_global": 0, "ck": 100},
            100, "major", "major",
        ),
    ],
)  # fmt: skip
def test_categories_adult_and_juvenile(
    follow_up: dict[str, float], score: float, adult: str, juvenile: str
) -> None:
    """Adults: 20 / 40 / 60; juvenile DM: 30 / 45 / 70, each threshold inclusive."""
    after = profile(**follow_up)
    grown = total_improvement_score(BASELINE, after, SCALES)
    child = total_improvement_score(BASELINE, after, SCALES, population="juvenile")
    assert (grown.score, grown.category) == (score, adult)
    assert (child.score, child.category) == (score, juvenile)


def test_worsening_everywhere_scores_zero() -> None:
    """Every measure worse: each earns 0 points, the TIS is 0."""
    worse = CoreSet(
        physician_global=9, patient_global=10, mmt8=30, haq_di=2.5,
        extramuscular_global=9, ck=3000, aldolase=15.2, ldh=500, ast=80, alt=90,
    )  # fmt: skip
    result = total_improvement_score(BASELINE, worse, SCALES)
    assert result.score == 0
    assert all(
        m.points == 0 and m.band and m.band.startswith("worsening") for m in result.measures
    )


@pytest.mark.parametrize(
    ("score", "population", "category"),
    [
        (19.99, "adult", "none"),
        (20, "adult", "minimal"),
        (39.99, "adult", "minimal"),
        (40, "adult", "moderate"),
        (59.99, "adult", "moderate"),
        (60, "adult", "major"),
        (29.99, "juvenile", "none"),
        (30, "juvenile", "minimal"),
        (44.99, "juvenile", "minimal"),
        (45, "juvenile", "moderate"),
        (69.99, "juvenile", "moderate"),
        (70, "juvenile", "major"),
    ],
)
def test_category_thresholds(score: float, population: str, category: str) -> None:
    """The published thresholds, inclusive."""
    assert tis_category(score, population) == category  # type: ignore[arg-type]


def test_thresholds_are_published() -> None:
    """Adult DM/PM 20/40/60, juvenile DM 30/45/70."""
    assert [t for _, t in THRESHOLDS["adult"]] == [20, 40, 60]
    assert [t for _, t in THRESHOLDS["juvenile"]] == [30, 45, 70]


def test_level_scores_sum_to_100() -> None:
    """The largest points of the six measures add up to the TIS's 100."""
    assert sum(scores[-1] for scores in LEVEL_SCORES.values()) == 100


def test_frame_has_one_row_per_measure() -> None:
    """to_frame: six rows, the numbers behind the score."""
    frame = total_improvement_score(BASELINE, changed(physician_global=3), SCALES).to_frame()
    assert list(frame["measure"]) == list(CORE_SET)
    assert frame["points"].sum() == 20


# -- options and errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [("population", "child"), ("enzyme_basis", "range"), ("normal_enzyme", "skip")],
)
def test_unknown_option_is_named(option: str, value: str) -> None:
    """An unknown option value raises a ValueError that quotes the parameter."""
    with pytest.raises(ValueError, match=option):
        total_improvement_score(BASELINE, BASELINE, SCALES, **{option: value})  # type: ignore[arg-type]


def test_unknown_measure_for_points() -> None:
    """improvement_points names the core set measures."""
    with pytest.raises(ValueError, match="unknown core set measure 'cmas'"):
        improvement_points("cmas", 10)


def test_mapping_input() -> None:
    """Plain mappings (a visit's values) work like CoreSet."""
    before = {name: BASELINE.get(name) for name in CoreSet.__dataclass_fields__}
    assert total_improvement_score(before, {**before, "physician_global": 3}, SCALES).score == 20


# -- properties --------------------------------------------------------------------------


@given(
    measure=st.sampled_from(list(LEVEL_SCORES)),
    a=st.floats(-100, 100, allow_nan=False),
    b=st.floats(-100, 100, allow_nan=False),
)
def test_more_improvement_never_earns_fewer_points(measure: str, a: float, b: float) -> None:
    """Points never fall as the improvement grows."""
    low, high = sorted((a, b))
    assert improvement_points(measure, low) <= improvement_points(measure, high)


@given(
    physician=st.floats(0, 10),
    mmt=st.floats(0, 80),
    haq=st.floats(0, 3),
    ck=st.floats(0, 5000),
)
def test_score_lies_between_0_and_100(physician: float, mmt: float, haq: float, ck: float) -> None:
    """Any follow-up on the declared scales gives a TIS in [0, 100]."""
    after = changed(physician_global=physician, mmt8=mmt, haq_di=haq, ck=ck)
    score = total_improvement_score(BASELINE, after, SCALES).score
    assert score is not None
    assert 0 <= score <= 100
