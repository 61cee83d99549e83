"""Response as an outcome of a design: the declaration and one patient's score."""

from __future__ import annotations

import math

import pytest

from myopathy_outcomes.criteria import (
    MMT8_BILATERAL_SCALE,
    CoreSetScales,
    UpperLimits,
    imacs_doi,
    total_improvement_score,
)
from myopathy_outcomes.criteria.response import ResponseOutcome, score_response
from tests.criteria._profiles import BASELINE, LIMITS, SCALES, changed

OUTCOME = ResponseOutcome(SCALES)


def values(visit: object) -> dict[str, float | None]:
    return {name: getattr(visit, name) for name in visit.__dataclass_fields__}  # type: ignore[attr-defined]


def test_score_equals_the_criteria_functions() -> None:
    """score_response gives the TIS and the IMACS definition the criteria functions give."""
    after = changed(physician_global=3, mmt8=56, ck=750, haq_di=1.25)
    response = score_response("P1", "A", values(BASELINE), values(after), OUTCOME)
    assert response.tis == total_improvement_score(BASELINE, after, SCALES)
    assert response.doi == imacs_doi(BASELINE, after, SCALES)
    assert (response.tis.score, response.tis.category, response.doi.improved) == (
        52.5,
        "moderate",
        True,
    )


def test_nan_is_a_missing_value_never_zero() -> None:
    """A NaN (a table's missing value) makes the core set incomplete and is named."""
    after = values(changed(haq_di=0.5)) | {"haq_di": math.nan}
    response = score_response("P1", "A", values(BASELINE), after, OUTCOME)
    assert response.tis.score is None and response.tis.category is None
    assert response.missing == ("no follow-up haq_di",)
    assert response.doi.improved is None


def test_values_are_read_from_the_mapped_columns() -> None:
    """A core set value mapped to another measure is read from that measure only."""
    scales = CoreSetScales(mmt8=MMT8_BILATERAL_SCALE, upper_limits=LIMITS)
    outcome = ResponseOutcome(scales, columns=(("mmt8", "mmt8_bilateral"),))
    before = values(BASELINE) | {"mmt8": 1.0, "mmt8_bilateral": 100.0}
    after = values(BASELINE) | {"mmt8": 80.0, "mmt8_bilateral": 115.0}  # 10% of 150
    response = score_response("P1", "A", before, after, outcome)
    assert response.tis.points("mmt8") == 10


def test_enzymes_without_a_declared_limit_are_not_read() -> None:
    """Only enzymes with a declared upper limit of normal take part in the choice."""
    outcome = ResponseOutcome(CoreSetScales(upper_limits=UpperLimits(ck=200)))
    assert outcome.values_read[-1] == "ck" and "ast" not in outcome.values_read
    before = values(BASELINE) | {"ast": 4000.0}  # 100 x a limit nobody declared
    response = score_response("P1", "A", before, values(BASELINE), outcome)
    assert response.tis.enzyme.enzyme == "ck"


def test_off_scale_value_names_the_patient() -> None:
    """A value outside its declared scale is an error naming the patient and the scale."""
    after = values(BASELINE) | {"mmt8": 95.0}
    with pytest.raises(ValueError, match=r"^patient P7: follow-up mmt8 = 95 is outside its "):
        score_response("P7", "A", values(BASELINE), after, OUTCOME)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population": "child"}, "population must be one of adult, juvenile"),
        ({"enzyme_basis": "range"}, "enzyme_basis must be one of baseline, uln"),
        ({"doi_basis": "uln"}, "doi_basis must be one of baseline, range"),
        ({"columns": (("cpk", "ck_total"),)}, "columns: 'cpk' is not a core set value"),
        ({"columns": (("mmt8", "a"), ("mmt8", "b"))}, "each core set value may be mapped once"),
    ],
)
def test_declaration_is_checked(kwargs: dict[str, object], message: str) -> None:
    """Unknown options and mappings are named."""
    with pytest.raises(ValueError, match=message):
        ResponseOutcome(SCALES, **kwargs)  # type: ignore[arg-type]


def test_an_enzyme_limit_is_required() -> None:
    """Without any upper limit of normal the enzyme could never be chosen: an error."""
    with pytest.raises(ValueError, match="declare the upper limit of normal of at least one"):
        ResponseOutcome(CoreSetScales())


def test_missing_names_the_measure_read() -> None:
    """A missing value read from a mapped measure names that measure too."""
    scales = CoreSetScales(mmt8=MMT8_BILATERAL_SCALE, upper_limits=LIMITS)
    outcome = ResponseOutcome(scales, columns=(("mmt8", "mmt8_bilateral"),))
    before = values(BASELINE) | {"mmt8_bilateral": 100.0}
    response = score_response("P1", "A", before, values(BASELINE), outcome)
    assert response.missing == ("no follow-up mmt8 (mmt8_bilateral)",)
