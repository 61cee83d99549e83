"""What the LaTeX tests need: pdflatex and the packages report.tex loads (kpsewhich)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from myopathy_outcomes.report.latex import TEX_PACKAGES


def tex_missing(packages: Mapping[str, str] = TEX_PACKAGES) -> str | None:
    """Why report.tex cannot be compiled here (naming what to install), or None when it can."""
    for program in ("pdflatex", "kpsewhich"):
        if shutil.which(program) is None:
            return f"{program} not found (Debian: texlive-latex-base)"
    found = subprocess.run(
        ["kpsewhich", *(f"{name}.sty" for name in packages)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    names = {Path(path).stem for path in found}
    for name, debian in packages.items():
        if name not in names:
            return f"{name}.sty not found (Debian: {debian})"
    return None


_MISSING = tex_missing()
needs_tex = pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")


def pdflatex(directory: Path, document: str = "report.tex") -> subprocess.CompletedProcess[str]:
    """One pdflatex run of ``document`` in ``directory``; its output, never raising."""
    return subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", document],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def compile_twice(directory: Path, document: str = "report.tex") -> str:
    """Compile ``document`` twice (as a reader would, for references); the second run's log."""
    for _ in range(2):
        done = pdflatex(directory, document)
        assert done.returncode == 0, done.stdout[-3000:]
    log = directory / Path(document).with_suffix(".log")
    return log.read_text(encoding="latin-1")


_BAD_BOX = re.compile(r"^(?:Overfull|Underfull) \\[hv]box .*$", re.MULTILINE)


def bad_boxes(log: str) -> list[str]:
    """Every Overfull or Underfull box a pdflatex log reports, and every error ("! ")."""
    errors = [line for line in log.splitlines() if line.startswith("! ")]
    return errors + _BAD_BOX.findall(log)
