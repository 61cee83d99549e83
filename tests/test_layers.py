"""The layers contract of pyproject.toml holds, and breaks on a planted upward import.

import-linter reads the contracts (``[tool.importlinter]``); CI runs
``lint-imports`` as well. Here a copy of the package is checked twice: as it
is, and with one module of the bottom layer importing the command's
analysis, which every contract must refuse.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import myopathy_outcomes

SOURCE = Path(myopathy_outcomes.__file__).parent
PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"

_LINT = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))"
)


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package copied under ``root``, with the project's contracts."""
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", _LINT, str(root / "pyproject.toml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the package and of pyproject.toml; returns the folder holding both."""
    if not PYPROJECT.exists():
        pytest.skip("needs the project's pyproject.toml (a source checkout)")
    shutil.copytree(
        SOURCE, tmp_path / "myopathy_outcomes", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_hold(copy: Path) -> None:
    """Every contract is kept by the package as it is."""
    done = _lint(copy)
    assert done.returncode == 0, done.stdout[-3000:]


def test_an_upward_import_breaks_the_layers(copy: Path) -> None:
    """stats importing the analysis (a bottom layer importing a top one) fails the check."""
    planted = copy / "myopathy_outcomes" / "stats" / "formatting.py"
    planted.write_text(planted.read_text() + "\nimport myopathy_outcomes.analysis\n")
    done = _lint(copy)
    assert done.returncode != 0
    assert "myopathy_outcomes.stats is not allowed to import myopathy_outcomes.analysis" in (
        done.stdout
    )
