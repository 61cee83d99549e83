"""The published ILD progression criteria, on their boundaries (myopathy_outcomes.rules.ild)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from myopathy_outcomes.models import Visit
from myopathy_outcomes.rules.ild import (
    CRITERIA,
    Baselines,
    Inbuild,
    Omeract,
    Ppf2022,
    criterion,
)
from tests._records import INDEX, PID, day, record


def visit(offset: int, fvc: float | None = None, dlco: float | None = None) -> Visit:
    return Visit(patient_id=PID, date=day(offset), fvc_pct=fvc, dlco_pct=dlco)


BASE = Baselines(fvc=80.0, fvc_date=INDEX, dlco=60.0, dlco_date=INDEX)


def assess(rule: object, *visits: Visit, baselines: Baselines = BASE) -> tuple[bool, bool]:
    result = rule.assess(record(visits=visits), INDEX, baselines)  # type: ignore[attr-defined]
    return result.evaluable, result.progressed


# -- ppf2022: absolute, inclusive, within one year ------------------------------------


@pytest.mark.parametrize(
    ("fvc", "dlco", "progressed"),
    [
        (75.0, None, True),  # exactly 5 points
        (75.1, None, False),
        (None, 50.0, True),  # exactly 10 points of %DLCO
        (None, 50.1, False),
        (75.1, 50.1, False),
    ],
)
def test_ppf2022_bounds_are_inclusive(
    fvc: float | None, dlco: float | None, progressed: bool
) -> None:
    """ppf2022: %FVC down 5 points or %DLCO down 10 points counts, a hair less does not."""
    assert assess(Ppf2022(), visit(90, fvc, dlco)) == (True, progressed)


def test_ppf2022_exact_decimal_boundary() -> None:
    """64.1 -> 59.1 is exactly 5 points although floats give 4.999..."""
    assert 64.1 - 59.1 < 5
    base = Baselines(fvc=64.1, fvc_date=INDEX)
    assert assess(Ppf2022(), visit(30, 59.1), baselines=base) == (True, True)


def test_ppf2022_one_year_is_the_same_calendar_day() -> None:
    """A visit on the anniversary of the baseline counts; the next day does not."""
    anniversary = (date(2016, 3, 8) - INDEX).days
    assert assess(Ppf2022(), visit(anniversary, 70.0)) == (True, True)
    assert assess(Ppf2022(), visit(anniversary + 1, 70.0)) == (False, False)


def test_ppf2022_dlco_alone_is_evaluable() -> None:
    """Without a %FVC, a %DLCO within the year decides."""
    base = Baselines(fvc=None, dlco=60.0, dlco_date=INDEX)
    assert assess(Ppf2022(), visit(100, None, 55.0), baselines=base) == (True, False)


# -- omeract: relative; 5 to < 10% needs %DLCO >= 15% at the same visit --------------


@pytest.mark.parametrize(
    ("fvc", "dlco", "progressed"),
    [
        (72.0, None, True),  # exactly 10% relative
        (72.1, 30.0, True),  # 9.875% with %DLCO down 50%
        (76.0, 51.0, True),  # exactly 5% with exactly 15%
        (76.0, 51.1, False),  # 15% not reached
        (76.1, 40.0, False),  # 4.875%: %DLCO cannot help
        (72.1, None, False),  # no %DLCO to confirm
    ],
)
def test_omeract_bounds(fvc: float, dlco: float | None, progressed: bool) -> None:
    """omeract: the two routes, each bound as written."""
    assert assess(Omeract(), visit(60, fvc, dlco)) == (True, progressed)


def test_omeract_dlco_must_be_at_the_same_visit() -> None:
    """A %DLCO fall at another visit does not confirm a 5-10% %FVC fall."""
    result = Omeract().assess(record(visits=(visit(60, 74.0), visit(61, None, 40.0))), INDEX, BASE)
    assert not result.progressed
    assert "had no %DLCO to confirm it" in result.reason


# -- inbuild: relative >= 10% within 24 months ----------------------------------------


def test_inbuild_inclusive_within_24_months() -> None:
    """inbuild: exactly 10% counts; a visit after 24 months is not considered."""
    assert assess(Inbuild(), visit(700, 72.0)) == (True, True)
    assert assess(Inbuild(), visit(700, 72.1)) == (True, False)
    after = (date(2017, 3, 9) - INDEX).days
    assert assess(Inbuild(), visit(after, 60.0)) == (False, False)


def test_paper_is_strict_where_inbuild_is_inclusive() -> None:
    """A decline of exactly 10% is INBUILD progression but not the paper's."""
    v = visit(200, 72.0)
    assert assess(criterion("paper"), v) == (True, False)
    assert assess(criterion("inbuild"), v) == (True, True)
    assert assess(criterion("omeract"), v) == (True, True)


def test_unknown_criterion_lists_the_names() -> None:
    """criterion() names every known criterion when given an unknown one."""
    with pytest.raises(ValueError, match="use one of paper, paper-absolute, ppf2022"):
        criterion("ats")


@given(
    fvc=st.decimals(40, 120, places=1).map(float),
    drop=st.decimals(0, 30, places=1).map(float),
    more=st.decimals(0, 10, places=1).map(float),
)
def test_a_larger_decline_never_turns_progression_off(
    fvc: float, drop: float, more: float
) -> None:
    """For every criterion, a lower follow-up %FVC never undoes progression."""
    base = Baselines(fvc=fvc, fvc_date=INDEX)
    for rule in CRITERIA.values():
        worse = round(fvc - drop - more, 1)
        if worse <= 0:
            continue
        if assess(rule, visit(100, round(fvc - drop, 1)), baselines=base)[1]:
            assert assess(rule, visit(100, worse), baselines=base)[1], rule.name
