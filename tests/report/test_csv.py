"""The numeric CSV tables: numbers equal to the report's frames, formulas neutralised."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report.csv import frame_csv, neutralise, report_frames, write_csv_tables
from tests.report._rendered import FORMULA_ID, SCRIPT_ID, hostile_report, is_nan


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def test_every_frame_round_trips(report: mo.StudyReport, tmp_path: Path) -> None:
    """Each CSV read back equals its numeric frame, number for number."""
    written = write_csv_tables(report, tmp_path)
    frames = report_frames(report)
    assert sorted(p.stem for p in written) == sorted(frames)
    for stem, frame in frames.items():
        back = _read(tmp_path / f"{stem}.csv")
        assert list(back.columns) == list(frame.columns)
        for column in frame.columns:
            expected = frame[column]
            if pd.api.types.is_datetime64_dtype(expected):
                expected = expected.dt.strftime("%Y-%m-%d")
            for got, want in zip(back[column], expected, strict=True):
                assert (is_nan(got) and is_nan(want)) or got == want, (stem, column, got, want)
            if pd.api.types.is_numeric_dtype(expected) and not expected.isna().all():
                assert pd.api.types.is_numeric_dtype(back[column]), (stem, column)


def test_csv_holds_numbers_not_display_strings(report: mo.StudyReport, tmp_path: Path) -> None:
    """A p-value below 0.001 is its number in the CSV, not '<0.001'."""
    write_csv_tables(report, tmp_path)
    text = (tmp_path / "within.csv").read_text(encoding="utf-8")
    assert "<0.001" not in text
    within = _read(tmp_path / "within.csv")
    assert within["pvalue"].min() == report.within_frame()["pvalue"].min() < 0.001


def test_formula_cells_are_neutralised(tmp_path: Path) -> None:
    """Patient ids that a spreadsheet would run as formulas get a leading apostrophe."""
    hostile = hostile_report()
    write_csv_tables(hostile, tmp_path)
    ids = _read(tmp_path / "assignments.csv")["patient_id"].tolist()
    assert "'" + FORMULA_ID in ids
    assert FORMULA_ID not in ids
    assert SCRIPT_ID in ids  # not a formula; CSV is not HTML


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_start_is_neutralised(start: str) -> None:
    """Every character that starts a spreadsheet formula is neutralised in a text cell."""
    text = frame_csv(pd.DataFrame({"id": [f"{start}1+1"]}))
    back = pd.read_csv(io.StringIO(text), dtype=str)
    assert back["id"].iloc[0] == f"'{start}1+1"


def test_negative_numbers_stay_numbers() -> None:
    """A negative number is a number, not text: no apostrophe."""
    frame = pd.DataFrame({"change": [-750.0, -0.5], "count": pd.array([-1, None], "Int64")})
    assert frame_csv(frame) == "change,count\r\n-750.0,-1\r\n-0.5,\r\n"


def test_neutralise_leaves_the_original_alone() -> None:
    """Neutralising returns a copy; the report's frame is unchanged."""
    frame = pd.DataFrame({"id": ["=x"]})
    neutralise(frame)
    assert frame["id"].iloc[0] == "=x"
