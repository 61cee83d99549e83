"""CSV files in the encodings exports come in: Japanese Shift-JIS found, or the encoding given."""

from __future__ import annotations

from pathlib import Path

import pytest

import myopathy_outcomes
from myopathy_outcomes.cli import EXIT_BAD_DATA, main
from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.io import load_cohort
from tests._cohort_files import HEADERS, PATIENTS, REGIMENS, write_cohort
from tests.test_io import same_records

EXAMPLE = Path(myopathy_outcomes.__file__).parent / "data" / "example"
MEMOS = ("皮膚筋炎、間質性肺炎あり", "抗ARS抗体陽性", "ＣＫ高値")
"""A column of notes in Japanese, as a Japanese export may hold (not a schema column)."""


def with_memo(folder: Path) -> Path:
    """The small cohort in ``folder``, its patients with a ``memo`` column in Japanese."""
    patients = [f"{line},{memo}" for line, memo in zip(PATIENTS, MEMOS, strict=True)]
    headers = {"patients": HEADERS["patients"] + ",memo"}
    return write_cohort(folder, patients=patients, headers=headers)


def subfolder(tmp_path: Path, name: str) -> Path:
    """A new empty folder ``name`` in ``tmp_path``."""
    folder = tmp_path / name
    folder.mkdir()
    return folder


def recode(file: Path, encoding: str) -> None:
    """Write the UTF-8 text file ``file`` again in ``encoding``."""
    file.write_bytes(file.read_text(encoding="utf-8").encode(encoding))


def test_shift_jis_file_is_read_with_a_notice(tmp_path: Path) -> None:
    """A Shift-JIS patients file loads as its UTF-8 twin does, and a notice names its encoding."""
    twin = with_memo(subfolder(tmp_path, "utf8"))
    folder = with_memo(subfolder(tmp_path, "sjis"))
    recode(folder / "patients.csv", "cp932")
    cohort = load_cohort(folder)
    assert same_records(cohort, load_cohort(twin))
    assert cohort.notices[0] == (
        "patients.csv: read as Japanese Shift-JIS text (cp932), as Japanese Excel saves CSV: "
        "the file is not UTF-8"
    )


def test_encoding_given_reads_without_a_notice(tmp_path: Path) -> None:
    """With encoding="cp932" every CSV file is read so, and nothing is guessed."""
    folder = with_memo(tmp_path)
    for name in ("patients", "visits", "regimens"):
        recode(folder / f"{name}.csv", "cp932")
    cohort = load_cohort(folder, encoding="cp932")
    assert not any("Shift-JIS" in notice for notice in cohort.notices)
    assert len(cohort.patients) == len(PATIENTS)


def test_file_not_in_the_encoding_given_names_the_byte(tmp_path: Path) -> None:
    """A UTF-8 file read as ASCII names the line of the first byte that cannot be decoded."""
    patients = ("P01,F,1960-04-02,DM,yes,", "P0\ufffd,F,1960-04-02,DM,yes,")
    folder = write_cohort(tmp_path, patients=patients)
    with pytest.raises(CohortDataError) as raised:
        load_cohort(folder, encoding="ascii")
    assert [str(p) for p in raised.value.problems] == [
        "patients.csv: is not ASCII text: byte 0xef on line 3 cannot be decoded; save the "
        "file as UTF-8 (in Excel: CSV UTF-8)"
    ]


def test_latin1_file_is_refused_as_before(tmp_path: Path) -> None:
    """A file in Latin-1, which does not read as Japanese, is refused as not UTF-8."""
    folder = write_cohort(tmp_path)
    lines = (folder / "patients.csv").read_text().splitlines()
    lines[2] = lines[2].replace("ASS", "ASS,Müller").replace(",,", ",")
    (folder / "patients.csv").write_bytes("\n".join([*lines, ""]).encode("latin-1"))
    with pytest.raises(CohortDataError) as raised:
        load_cohort(folder)
    assert [str(p) for p in raised.value.problems] == [
        "patients.csv: is not UTF-8 text: byte 0xfc on line 3 cannot be decoded; save the "
        "file as UTF-8 (in Excel: CSV UTF-8)"
    ]


@pytest.mark.parametrize("encoding", ["klingon", "base64", 932])
def test_unknown_encoding_is_refused_naming_the_argument(tmp_path: Path, encoding: object) -> None:
    """An encoding Python does not know as text is refused, naming ``encoding``."""
    with pytest.raises((ValueError, TypeError), match=r"^encoding must be"):
        load_cohort(write_cohort(tmp_path), encoding=encoding)  # type: ignore[arg-type]


def test_command_reads_the_encoding_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--encoding cp932`` reads the folder's CSV files as Shift-JIS; a bad name exits 2."""
    for name in ("patients", "visits", "regimens"):
        text = (EXAMPLE / f"{name}.csv").read_text(encoding="utf-8")
        if name == "patients":  # a column of notes in Japanese
            lines = text.splitlines()
            text = "\n".join([lines[0] + ",memo", *(f"{line},備考" for line in lines[1:]), ""])
        (tmp_path / f"{name}.csv").write_bytes(text.encode("cp932"))
    with pytest.raises(SystemExit) as done:
        main([str(tmp_path), "--encoding", "klingon"])
    assert done.value.code == EXIT_BAD_DATA
    assert "encoding must be 'auto' or a text encoding" in capsys.readouterr().err
    assert main([str(tmp_path), "--encoding", "cp932"]) == 0
    assert main([str(tmp_path)]) == 0


def test_latin1_accent_that_decodes_as_a_rare_kanji_is_not_japanese(tmp_path: Path) -> None:
    """``Hélène`` in Latin-1 decodes as cp932 (``H駘鈩e``); the file is refused as not UTF-8."""
    folder = write_cohort(tmp_path)
    lines = (folder / "patients.csv").read_text().splitlines()
    lines = [lines[0] + ",memo", *(f"{line},Hélène" for line in lines[1:])]
    (folder / "patients.csv").write_bytes("\n".join([*lines, ""]).encode("latin-1"))
    with pytest.raises(CohortDataError) as raised:
        load_cohort(folder)
    assert [str(p) for p in raised.value.problems] == [
        "patients.csv: is not UTF-8 text: byte 0xe9 on line 2 cannot be decoded; save the "
        "file as UTF-8 (in Excel: CSV UTF-8)"
    ]


def test_shift_jis_with_only_kanji_for_sex_is_found(tmp_path: Path) -> None:
    """A Shift-JIS file whose only Japanese is 女/男 in the sex column is read as such."""
    patients = [line.replace(",F,", ",女,").replace(",M,", ",男,") for line in PATIENTS]
    twin = write_cohort(subfolder(tmp_path, "utf8"), patients=patients)
    folder = write_cohort(subfolder(tmp_path, "sjis"), patients=patients)
    recode(folder / "patients.csv", "cp932")
    cohort = load_cohort(folder)
    assert same_records(cohort, load_cohort(twin))
    assert cohort.notices[0].startswith("patients.csv: read as Japanese Shift-JIS text (cp932)")


def test_half_width_katakana_alone_is_read_when_the_encoding_is_given(tmp_path: Path) -> None:
    """Half-width katakana alone is not taken for Japanese (Latin-1 capitals decode so either):
    the file is refused as not UTF-8, and read with ``encoding="cp932"``."""
    regimens = [line.replace("MMF", "ｾﾙｾﾌﾟﾄ") for line in REGIMENS]
    folder = write_cohort(tmp_path, regimens=regimens)
    recode(folder / "regimens.csv", "cp932")
    with pytest.raises(CohortDataError, match=r"^1 problem.*\n  regimens.csv: is not UTF-8 text"):
        load_cohort(folder)
    cohort = load_cohort(folder, encoding="cp932")
    assert cohort.regimens[0].drug.value == "mycophenolate mofetil"
