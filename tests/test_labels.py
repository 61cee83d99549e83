"""Design labels are checked as ids are: nothing hidden reaches an output."""

from __future__ import annotations

import dataclasses
import re

import pytest

from myopathy_outcomes.design import Arm, DrugSet
from myopathy_outcomes.schema import Measure, check_label
from myopathy_outcomes.studies import HANAOKA_2019

HIDDEN = [
    pytest.param("\x00", "U+0000 null", id="NUL"),
    pytest.param("\x1b[31m", "U+001B escape", id="ANSI-escape"),
    pytest.param("\n", "U+000A line feed", id="line-feed"),
    pytest.param("\x7f", "U+007F delete", id="DEL"),
    pytest.param("\u200b", "U+200B zero width space", id="zero-width-space"),
    pytest.param("\u200d", "U+200D zero width joiner", id="zero-width-joiner"),
    pytest.param("\u202e", "U+202E right-to-left override", id="RLO"),
    pytest.param("\u2066", "U+2066 left-to-right isolate", id="LRI"),
    pytest.param("\ufeff", "U+FEFF zero width no-break space", id="BOM"),
    pytest.param("\u2028", "U+2028 line separator", id="line-separator"),
    pytest.param("\ue000", "U+E000 unnamed character", id="private-use"),
]


@pytest.mark.parametrize(("char", "named"), HIDDEN)
def test_check_label_names_the_hidden_character(char: str, named: str) -> None:
    """The message names the character, its code point and position, never printing it."""
    with pytest.raises(ValueError, match=f"contains {re.escape(named)}") as raised:
        check_label(f"MMF{char} + CNI", "group label")
    assert "at character 4" in str(raised.value)
    assert char not in str(raised.value)


@pytest.mark.parametrize(
    "label",
    [
        "MMF + CNI",
        "MMF\u00a0+\u00a0CNI",
        "ミコフェノール酸とタクロリムス",
        "MMF\u3000単独",
        "Ärzte é",
    ],
)
def test_check_label_accepts_any_script_and_spaces(label: str) -> None:
    """Japanese, accents, no-break and ideographic spaces are labels."""
    assert check_label(label, "group label") == label


def test_check_label_cuts_a_long_label_in_the_message() -> None:
    """A 10 MB label is not echoed whole."""
    with pytest.raises(ValueError) as raised:
        check_label("x" * 10_000_000 + "\x1b", "title")
    assert len(str(raised.value)) < 300


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda s: Arm(f"MMF{s}"), id="group-label"),
        pytest.param(lambda s: DrugSet(drugs=["MMF"], label=f"MMF{s}"), id="drug-set-label"),
        pytest.param(lambda s: dataclasses.replace(HANAOKA_2019, title=f"T{s}"), id="title"),
        pytest.param(lambda s: dataclasses.replace(HANAOKA_2019, name=f"n{s}"), id="name"),
        pytest.param(
            lambda s: dataclasses.replace(HANAOKA_2019, reference=f"r{s}"), id="reference"
        ),
        pytest.param(lambda s: Measure("kl6_late", f"KL{s}", "U/mL", 0, 0, 1e5), id="label"),
        pytest.param(lambda s: Measure("kl6_late", "KL", f"U{s}", 0, 0, 1e5), id="unit"),
        pytest.param(
            lambda s: Measure("kl6_late", "KL", "U", 0, 0, 1e5, short=f"k{s}"), id="short"
        ),
    ],
)
@pytest.mark.parametrize("hidden", ["\x00", "\x1b[2J", "\u202e", "\u200b"])
def test_design_labels_refuse_hidden_characters(make: object, hidden: str) -> None:
    """Every label of a design refuses control and invisible characters."""
    with pytest.raises(ValueError, match="must not hold control or invisible characters"):
        make(hidden)  # type: ignore[operator]


def test_empty_reference_and_unit_are_allowed() -> None:
    """A reference and a unit may be empty; a title may not."""
    assert dataclasses.replace(HANAOKA_2019, reference="").reference == ""
    assert Measure("kl6_late", "KL-6", "", 0, 0, 1e5).unit == ""
    with pytest.raises(ValueError, match="title must be non-empty text"):
        dataclasses.replace(HANAOKA_2019, title=" ")
