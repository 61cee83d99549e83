"""A custom eligibility or grouping rule that returns nonsense is named in one line."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest

from myopathy_outcomes.models import Regimen
from myopathy_outcomes.rules.eligibility import (
    Eligibility,
    Exclusion,
    IndexStart,
    Ineligibility,
    standard_eligibility,
)
from myopathy_outcomes.rules.groups import GroupChoice, assign_group
from myopathy_outcomes.rules.protocols import AssignmentDesign
from myopathy_outcomes.studies import HANAOKA_2019
from tests._records import background, record, rx

RECORD = record(*background(), rx("tacrolimus", 12))


def with_eligibility(result: object) -> object:
    """The paper's design with an eligibility rule that returns ``result``."""

    def returns_nonsense(regimens: Sequence[Regimen], design: AssignmentDesign) -> object:
        return result

    return dataclasses.replace(HANAOKA_2019, eligibility=returns_nonsense)


def with_grouping(result: object) -> object:
    """The paper's design with a grouping rule that returns ``result``."""

    def returns_nonsense(
        regimens: Sequence[Regimen], index: IndexStart, design: AssignmentDesign
    ) -> object:
        return result

    return dataclasses.replace(HANAOKA_2019, grouping=returns_nonsense)


MMF = rx("MMF", 0)


def fake_index(**changes: object) -> IndexStart:
    """An index start whose regimen has ``changes`` made without validation."""
    regimen = Regimen.model_construct(**{**MMF.model_dump(), **changes})
    return IndexStart(regimen)


ELIGIBILITY_NONSENSE = [
    pytest.param(None, TypeError, r"expected an Eligibility .* got None", id="None"),
    pytest.param(True, TypeError, r"expected an Eligibility .* got True", id="bool"),
    pytest.param(
        Eligibility(MMF, (), None),  # type: ignore[arg-type]
        TypeError,
        r"expected index to be None or an IndexStart of a Regimen, got Regimen\(",
        id="regimen-not-index",
    ),
    pytest.param(
        Eligibility(fake_index(start_date="2015-03-08"), (), None),
        TypeError,
        r"expected an index date that is a date, got '2015-03-08'",
        id="date-as-text",
    ),
    pytest.param(
        Eligibility(IndexStart(rx("MMF", 0, pid="P99")), (), None),
        ValueError,
        r"expected an index regimen of that patient, got one of patient 'P99'",
        id="other-patient",
    ),
    pytest.param(
        Eligibility(IndexStart(MMF), ["azathioprine"], None),  # type: ignore[arg-type]
        TypeError,
        r"expected prior to be a tuple of Drug, got \['azathioprine'\]",
        id="prior-as-names",
    ),
    pytest.param(
        Eligibility(None, (), "no MMF"),  # type: ignore[arg-type]
        TypeError,
        r"expected exclusion to be None or an Exclusion .* got 'no MMF'",
        id="exclusion-as-text",
    ),
    pytest.param(
        Eligibility(None, (), None),
        ValueError,
        r"expected an Eligibility with no index and no exclusion",
        id="neither",
    ),
]


@pytest.mark.parametrize(("result", "error", "message"), ELIGIBILITY_NONSENSE)
def test_eligibility_rule_nonsense_is_named(
    result: object, error: type[Exception], message: str
) -> None:
    """The rule (by __qualname__), the patient and what was wrong, in one line."""
    with pytest.raises(error, match=message) as raised:
        assign_group(RECORD, with_eligibility(result))  # type: ignore[arg-type]
    text = str(raised.value)
    assert "\n" not in text
    assert text.startswith(
        "eligibility rule with_eligibility.<locals>.returns_nonsense returned nonsense "
        "for patient 'P01': "
    )


GROUPING_NONSENSE = [
    pytest.param("MMF + CNI", TypeError, r"expected a GroupChoice .* got 'MMF \+ CNI'", id="str"),
    pytest.param(
        GroupChoice("MMF+CNI", None, "typo"),
        ValueError,
        r"expected a group of the design, one of 'MMF \+ CNI', 'MMF alone', got 'MMF\+CNI'",
        id="unknown-label",
    ),
    pytest.param(
        GroupChoice(1, None, "a number"),  # type: ignore[arg-type]
        TypeError,
        r"expected a group of the design, .* got 1",
        id="label-as-number",
    ),
    pytest.param(
        GroupChoice(None, None, "none fits"),
        ValueError,
        r"expected a group \(one of .*\) or an exclusion saying why none fits; got neither",
        id="neither",
    ),
    pytest.param(
        GroupChoice("MMF alone", "tacrolimus", "add-on as text"),  # type: ignore[arg-type]
        TypeError,
        r"expected add_on to be None or a Regimen, got 'tacrolimus'",
        id="add-on-as-text",
    ),
    pytest.param(
        GroupChoice("MMF alone", None, None),  # type: ignore[arg-type]
        TypeError,
        r"expected a reason in words \(text\), got None",
        id="no-reason",
    ),
    pytest.param(
        GroupChoice(
            "MMF alone", None, "both", Exclusion(Ineligibility.NO_GROUP, "no group", "none")
        ),
        ValueError,
        r"expected a group or an exclusion, not both",
        id="both",
    ),
]


@pytest.mark.parametrize(("result", "error", "message"), GROUPING_NONSENSE)
def test_grouping_rule_nonsense_is_named(
    result: object, error: type[Exception], message: str
) -> None:
    """A grouping rule's bad return names the rule, the patient and the fault, in one line."""
    with pytest.raises(error, match=message) as raised:
        assign_group(RECORD, with_grouping(result))  # type: ignore[arg-type]
    text = str(raised.value)
    assert "\n" not in text
    assert text.startswith(
        "grouping rule with_grouping.<locals>.returns_nonsense returned nonsense for patient "
        "'P01': "
    )


def test_a_callable_object_is_named_by_its_class() -> None:
    """A rule that is an instance (no __qualname__) is named by its class."""

    class Rule:
        def __call__(self, regimens: Sequence[Regimen], design: AssignmentDesign) -> object:
            return None

    design = dataclasses.replace(HANAOKA_2019, eligibility=Rule())
    with pytest.raises(TypeError, match=r"^eligibility rule .*<locals>\.Rule returned nonsense"):
        assign_group(RECORD, design)


def test_a_sound_custom_rule_assigns_as_before() -> None:
    """A custom rule that returns what the standard one does changes nothing."""

    def same(regimens: Sequence[Regimen], design: AssignmentDesign) -> Eligibility:
        return standard_eligibility(regimens, design)

    design = dataclasses.replace(HANAOKA_2019, eligibility=same)
    assert assign_group(RECORD, design) == assign_group(RECORD, HANAOKA_2019)
