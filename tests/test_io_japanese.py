"""Japanese exports as they come: Shift-JIS, 男/女, Japanese drug names, full-width digits."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.io import load_cohort
from myopathy_outcomes.report import StudyReport
from tests._cohort_files import PATIENTS, VISITS, replace, write_cohort

JAPANESE_DRUGS = {
    "AZA": "アザチオプリン",
    "Azathioprine": "ｱｻﾞﾁｵﾌﾟﾘﾝ",  # half-width katakana, as older hospital systems write
    "CellCept": "セルセプト",
    "CsA": "シクロスポリン",
    "FK 506": "タクロリムス水和物",
    "FK506": "タクロリムス",
    "Imuran": "イムラン",
    "MMF": "ミコフェノール酸 モフェチル",
    "MTX": "メトトレキサート",
    "Neoral": "ネオーラル",
    "PSL": "プレドニン",
    "Prograf": "プログラフ",
    "Rheumatrex": "リウマトレックス",
    "Sandimmun": "サンディミュン",
    "prednisolone": "プレドニゾロン",
}
"""The example's drug names and Japanese names of the same drugs."""

FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
"""ASCII to the full-width forms a Japanese input method types."""


def wide(text: str) -> str:
    """``text`` in full-width characters."""
    return text.translate(FULL_WIDTH)


def japanese_export(folder: Path) -> dict[str, pd.DataFrame]:
    """The bundled example as a Japanese export: 女/男, Japanese drugs, some full-width cells."""
    example = {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("patients", "visits", "regimens")
    }
    patients, visits, regimens = example["patients"], example["visits"], example["regimens"]
    patients["sex"] = patients["sex"].map({"F": "女", "M": "男性"})
    regimens["drug"] = regimens["drug"].replace(JAPANESE_DRUGS)
    every_third = visits.index % 3 == 0
    for column in ("date", "ck", "fvc_pct"):
        visits.loc[every_third, column] = visits.loc[every_third, column].map(wide)
    regimens["dose"] = regimens["dose"].map(wide)
    return example


def write(frames: dict[str, pd.DataFrame], folder: Path, encoding: str) -> Path:
    """Write ``frames`` as CSV files in ``encoding`` into the new folder ``folder``."""
    folder.mkdir()
    for name, frame in frames.items():
        frame.to_csv(folder / f"{name}.csv", index=False, encoding=encoding)
    return folder


def report(folder: Path) -> StudyReport:
    """The analysis of the folder's cohort, where it came from set aside."""
    cohort = dataclasses.replace(load_cohort(folder), source="FOLDER", notices=())
    return mo.analyze(cohort)


def same_numbers(a: StudyReport, b: StudyReport) -> None:
    """Assert that two reports hold the same tables and numeric frames."""
    for left, right in zip(a.tables(), b.tables(), strict=True):
        pd.testing.assert_frame_equal(left.to_frame(), right.to_frame())
    for frame in ("baseline_frame", "within_frame", "between_frame", "assignment_frame"):
        pd.testing.assert_frame_equal(getattr(a, frame)(), getattr(b, frame)())


def test_shift_jis_export_gives_the_numbers_of_its_utf8_twin(tmp_path: Path) -> None:
    """A Shift-JIS export and its UTF-8 twin, from one frame, give the same report."""
    frames = japanese_export(mo.example_path())
    shift_jis = write(frames, tmp_path / "sjis", "cp932")
    utf8 = write(frames, tmp_path / "utf8", "utf-8")
    assert (shift_jis / "regimens.csv").read_bytes() != (utf8 / "regimens.csv").read_bytes()
    same_numbers(report(shift_jis), report(utf8))


def test_japanese_export_gives_the_numbers_of_the_english_one(tmp_path: Path) -> None:
    """Written in Japanese (女/男, drug names, full-width digits), the example reports the same."""
    folder = write(japanese_export(mo.example_path()), tmp_path / "sjis", "cp932")
    same_numbers(report(folder), report(mo.example_path()))


def test_shift_jis_export_is_named_in_notices(tmp_path: Path) -> None:
    """Each Shift-JIS file is named in a notice with its encoding."""
    folder = write(japanese_export(mo.example_path()), tmp_path / "sjis", "cp932")
    notices = load_cohort(folder).notices
    assert [notice.split(":")[0] for notice in notices if "Shift-JIS" in notice] == [
        "patients.csv",
        "visits.csv",
        "regimens.csv",
    ]


@pytest.mark.parametrize(
    ("written", "sex"), [("女", "F"), ("女性", "F"), ("男", "M"), ("男性", "M")]
)
def test_sex_in_japanese(tmp_path: Path, written: str, sex: str) -> None:
    """男/女 and 男性/女性 are read as M and F."""
    patients = replace(PATIENTS, 0, f"P01,{written},1960-04-02,DM,yes,")
    cohort = load_cohort(write_cohort(tmp_path, patients=patients))
    assert cohort.patients[0].sex.value == sex


def test_full_width_numbers_and_dates_read_as_ascii(tmp_path: Path) -> None:
    """Full-width digits, point, minus and slashes read as the ASCII they stand for."""
    visits = replace(VISITS, 0, f"P01,{wide('2015/3/1')},{wide('1200')},{wide('71.5')},60,40,12")
    (tmp_path / "wide").mkdir()
    cohort = load_cohort(write_cohort(tmp_path / "wide", visits=visits))
    assert cohort.visits == load_cohort(write_cohort(tmp_path)).visits


def test_full_width_value_out_of_range_is_shown_as_read(tmp_path: Path) -> None:
    """A full-width number out of range is refused, shown as the number it reads as."""
    visits = replace(VISITS, 0, f"P01,2015-03-01,{wide('-3')},71.5,60,40,12")
    with pytest.raises(CohortDataError) as raised:
        load_cohort(write_cohort(tmp_path, visits=visits))
    assert [str(p) for p in raised.value.problems] == [
        "visits.csv row 2 (patient P01): ck must be >= 0 and <= 1000000, got -3"
    ]


def test_full_width_text_that_is_no_number_is_quoted_as_written(tmp_path: Path) -> None:
    """Full-width text that is no plain number is refused as written, never half read."""
    visits = replace(VISITS, 0, f"P01,2015-03-01,{wide('1200mg')},71.5,60,40,12")
    with pytest.raises(CohortDataError) as raised:
        load_cohort(write_cohort(tmp_path, visits=visits))
    assert [str(p) for p in raised.value.problems] == [
        f"visits.csv row 2 (patient P01): ck must be a number, got '{wide('1200mg')}'"
    ]


def test_superscript_is_not_read_as_a_digit(tmp_path: Path) -> None:
    """``10²`` is refused, not read as 102 (only the width of characters is changed)."""
    visits = replace(VISITS, 0, "P01,2015-03-01,10\u00b2,71.5,60,40,12")
    with pytest.raises(CohortDataError, match="ck must be a number, got '10\u00b2'"):
        load_cohort(write_cohort(tmp_path, visits=visits))
