"""Reading the R reference files of the time-to-event statistics (tests/stats/data/survival.R)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data"

#: Relative tolerance of every comparison with R's numbers.
RTOL = 1e-9


def rows(name: str) -> list[dict[str, str]]:
    """The rows of one reference file."""
    with (DATA / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def floats(text: str) -> np.ndarray:
    """A space-separated vector, R's NA as NaN."""
    return np.array([np.nan if v == "NA" else float(v) for v in text.split()], dtype=np.float64)


def scalar(text: str) -> float | None:
    """One number, R's NA as None."""
    return None if text == "NA" else float(text)


def assert_close(got: object, expected: np.ndarray) -> None:
    """Equal to ``expected`` within :data:`RTOL`, NaN where R has NA, infinities equal."""
    np.testing.assert_allclose(
        np.asarray(got, dtype=np.float64), expected, rtol=RTOL, atol=1e-13, equal_nan=True
    )
