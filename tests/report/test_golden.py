"""The example report, whole, against the committed text: any change to a number shows up here.

Regenerate the files only for an intended change of wording:
``myopathy-outcomes > tests/data/example_report.txt`` (and ``--format markdown``),
then replace the ``Data:`` line's path with ``EXAMPLE``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import myopathy_outcomes as mo

DATA = Path(__file__).parent.parent / "data"


def _without_source(text: str) -> str:
    return "\n".join(
        "Data: EXAMPLE" if line.startswith("Data: ") else line for line in text.splitlines()
    )


@pytest.mark.parametrize(("name", "render"), [("txt", "to_text"), ("md", "to_markdown")])
def test_example_report_is_unchanged(name: str, render: str) -> None:
    """Every line of the example report equals the committed one."""
    report = mo.analyze(mo.load_example())
    expected = (DATA / f"example_report.{name}").read_text(encoding="utf-8")
    assert _without_source(getattr(report, render)()) == _without_source(expected)
