"""The README's test line is the one CI runs, and every extra it names exists."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
_TEST_LINE = re.compile(r'^pip install "\.\[(?P<extras>[\w,]+)\]" && pytest', re.MULTILINE)


def _test_line(text: str) -> str:
    """The ``pip install ".[...]" && pytest`` line of ``text``, the only one."""
    (found,) = (match.group(0) for match in _TEST_LINE.finditer(text))
    return found


def test_readme_and_ci_install_the_same_extras_for_the_tests() -> None:
    """README Quickstart's test line and .ci/run's agree, extra for extra."""
    readme = _test_line((ROOT / "README.md").read_text(encoding="utf-8"))
    ci = _test_line((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    assert readme == ci


def test_every_extra_of_the_test_line_is_declared() -> None:
    """Each extra the test line installs is in pyproject's optional dependencies."""
    line = _test_line((ROOT / "README.md").read_text(encoding="utf-8"))
    match = _TEST_LINE.match(line)
    assert match is not None
    extras = set(match["extras"].split(","))
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert {"test", "excel"} <= extras <= set(pyproject["project"]["optional-dependencies"])
