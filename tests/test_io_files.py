"""Reading the files: names, encodings, separators, headers, and misused arguments."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.arrays import ArrowStringArray

from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.io import cohort_from_frames, load_cohort
from myopathy_outcomes.io.csv_text import read_csv_text
from myopathy_outcomes.storage import Cohort
from tests._cohort_files import HEADERS, PATIENTS, REGIMENS, VISITS, replace, write_cohort
from tests.test_io import frames_of, messages_of, same_records, typed_frames


def plain_cohort(tmp_path: Path) -> Cohort:
    """The valid cohort loaded from its plain CSV files, in a folder of its own."""
    folder = tmp_path / "plain"
    folder.mkdir()
    return load_cohort(write_cohort(folder))


MATCHED = (
    "(column names are matched ignoring case, surrounding spaces, byte-order marks, "
    "and spaces for '_')"
)

# --- column names ------------------------------------------------------------------------


def test_column_names_in_other_spellings_are_read(tmp_path: Path) -> None:
    """Case, a space for '_', surrounding spaces and a stray BOM do not stop a column."""
    headers = {
        "patients": "Patient ID,SEX,Birth_Date, diagnosis ,\ufeffild,death date",
    }
    cohort = load_cohort(write_cohort(tmp_path, headers=headers))
    assert same_records(cohort, plain_cohort(tmp_path))
    assert cohort.notices == (
        "patients.csv: read column 'Patient ID' as patient_id, 'SEX' as sex, 'Birth_Date' as "
        "birth_date, ' diagnosis ' as diagnosis, '\\ufeffild' as ild, 'death date' as "
        f"death_date {MATCHED}",
    )


def test_frame_column_names_in_other_spellings_are_read() -> None:
    """DataFrame columns are matched the same way."""
    frames = typed_frames()
    visits = frames.visits.rename(columns={"patient_id": "Patient ID", "fvc_pct": "FVC_pct"})
    cohort = cohort_from_frames(*frames._replace(visits=visits))
    assert same_records(cohort, cohort_from_frames(*typed_frames()))
    assert cohort.notices == (
        f"visits table: read column 'Patient ID' as patient_id, 'FVC_pct' as fvc_pct {MATCHED}",
    )


def test_two_columns_for_one_name_are_refused(tmp_path: Path) -> None:
    """Two columns that both stand for one schema column are one problem naming both."""
    headers = {"visits": HEADERS["visits"] + ",CK"}
    visits = [line + ",1" for line in VISITS]
    assert messages_of(write_cohort(tmp_path, visits=visits, headers=headers)) == [
        "visits.csv: columns 'ck', 'CK' both stand for 'ck'; keep one"
    ]


def test_column_differing_in_punctuation_is_named(tmp_path: Path) -> None:
    """A missing column found without its '_' is named in the message, not read."""
    headers = {"patients": HEADERS["patients"].replace("birth_date", "BirthDate")}
    assert messages_of(write_cohort(tmp_path, headers=headers)) == [
        "patients.csv: missing required column 'birth_date' (found 'BirthDate'; name it "
        "'birth_date')"
    ]


def test_exactly_named_columns_give_no_notice(tmp_path: Path) -> None:
    """Columns written as the schema writes them are read without a notice."""
    assert load_cohort(write_cohort(tmp_path)).notices == ()


# --- file names --------------------------------------------------------------------------


def test_file_names_in_another_case_are_read(tmp_path: Path) -> None:
    """Patients.csv and VISITS.CSV are read, each named in a notice."""
    write_cohort(tmp_path)
    (tmp_path / "patients.csv").rename(tmp_path / "Patients.csv")
    (tmp_path / "visits.csv").rename(tmp_path / "VISITS.CSV")
    cohort = load_cohort(tmp_path)
    assert (len(cohort.patients), len(cohort.visits)) == (3, 4)
    assert cohort.notices == (
        "patients.csv: read from 'Patients.csv' (file names are matched ignoring case)",
        "visits.csv: read from 'VISITS.CSV' (file names are matched ignoring case)",
    )


def test_two_files_differing_in_case_are_refused(tmp_path: Path) -> None:
    """patients.csv and Patients.csv side by side are one problem naming both."""
    write_cohort(tmp_path)
    try:
        (tmp_path / "Patients.csv").write_text("x", encoding="utf-8")
    except OSError:  # pragma: no cover - a file system that ignores case
        pytest.skip("the file system ignores case")
    if len(list(tmp_path.iterdir())) < 4:  # pragma: no cover - the same file
        pytest.skip("the file system ignores case")
    assert messages_of(tmp_path) == [
        "patients.csv: found 'Patients.csv', 'patients.csv', which differ only in case; keep one"
    ]


def test_missing_file_names_a_file_with_another_extension(tmp_path: Path) -> None:
    """regimens.txt (Excel's Unicode text) is named when regimens.csv is missing."""
    write_cohort(tmp_path)
    (tmp_path / "regimens.csv").rename(tmp_path / "regimens.txt")
    assert messages_of(tmp_path) == [
        f"regimens.csv: file not found: {str(tmp_path / 'regimens.csv')!r} (found "
        "'regimens.txt'; save the table as CSV UTF-8 under the name regimens.csv)"
    ]


# --- encodings and separators ------------------------------------------------------------


def _excel_unicode_text(path: Path, header: str, lines: tuple[str, ...]) -> None:
    """Write ``path`` as Excel's "Unicode text": UTF-16 with a BOM, tabs, CRLF."""
    text = "\r\n".join(line.replace(",", "\t") for line in (header, *lines)) + "\r\n"
    path.write_bytes(text.encode("utf-16"))


@pytest.mark.parametrize("name", ["patients", "visits", "regimens"])
def test_utf16_tab_separated_file_is_read(tmp_path: Path, name: str) -> None:
    """Excel's "Unicode text" (UTF-16 with a BOM, tab-separated) loads like the CSV file."""
    expected = plain_cohort(tmp_path)
    write_cohort(tmp_path)
    lines = {"patients": PATIENTS, "visits": VISITS, "regimens": REGIMENS}[name]
    _excel_unicode_text(tmp_path / f"{name}.csv", HEADERS[name], lines)
    assert same_records(load_cohort(tmp_path), expected)


def test_utf16_comma_separated_file_is_read(tmp_path: Path) -> None:
    """A UTF-16 file with commas (no tab in its header) is read as comma-separated."""
    write_cohort(tmp_path)
    file = tmp_path / "visits.csv"
    file.write_bytes(file.read_text(encoding="utf-8").encode("utf-16"))
    assert len(load_cohort(tmp_path).visits) == 4


def test_utf16_row_errors_keep_their_row_numbers(tmp_path: Path) -> None:
    """A bad value in a UTF-16 file is reported on its row, as in a UTF-8 file."""
    write_cohort(tmp_path)
    lines = (*VISITS[:2], "P02,2016-01-10,-5,55.5,NA,60,30", VISITS[3])
    _excel_unicode_text(tmp_path / "visits.csv", HEADERS["visits"], lines)
    assert messages_of(tmp_path) == [
        "visits.csv row 4 (patient P02): ck must be >= 0 and <= 1000000, got -5"
    ]


def test_utf16_without_byte_order_mark_message(tmp_path: Path) -> None:
    """UTF-16 without its byte-order mark is named as such, not as broken CSV."""
    write_cohort(tmp_path)
    file = tmp_path / "patients.csv"
    file.write_bytes(file.read_text(encoding="utf-8").encode("utf-16-le"))
    assert messages_of(tmp_path) == [
        "patients.csv: holds NUL bytes: it looks like UTF-16 text without a byte-order mark; "
        "save it as CSV UTF-8"
    ]


@pytest.mark.parametrize(("separator", "name"), [("\t", "tabs"), ("|", "'|'"), (";", "';'")])
def test_file_separated_by_another_character_message(
    tmp_path: Path, separator: str, name: str
) -> None:
    """A UTF-8 file separated by tabs, '|' or ';' gives one line naming the separator."""
    headers = {"visits": HEADERS["visits"].replace(",", separator)}
    visits = [line.replace(",", separator) for line in VISITS]
    assert messages_of(write_cohort(tmp_path, visits=visits, headers=headers)) == [
        f"visits.csv: looks separated by {name}, not ','; save it as comma-separated CSV"
    ]


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_excel_workbook_under_a_csv_name_message(tmp_path: Path, kind: str) -> None:
    """A workbook saved as patients.csv is named a workbook, not undecodable text."""
    write_cohort(tmp_path)
    file = tmp_path / "patients.csv"
    if kind == "xlsx":
        with zipfile.ZipFile(file, "w") as workbook:
            workbook.writestr("[Content_Types].xml", "<Types/>")
        what = "an Excel workbook (.xlsx)"
    else:
        file.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
        what = "an Excel 97-2003 workbook (.xls)"
    assert messages_of(tmp_path) == [
        f"patients.csv: is {what} saved under a .csv name, not CSV text; open it in Excel and "
        "save it as CSV UTF-8"
    ]


# --- the header --------------------------------------------------------------------------


def test_excel_separator_line_before_the_header_message(tmp_path: Path) -> None:
    """Excel's 'sep=,' line before the header is named, not read as the header."""
    write_cohort(tmp_path)
    file = tmp_path / "visits.csv"
    file.write_text("sep=,\n" + file.read_text(encoding="utf-8"), encoding="utf-8")
    assert messages_of(tmp_path) == [
        "visits.csv: line 1 is not a header: found 'sep=,', Excel's line naming the "
        "separator; delete that line, so that the header is line 1"
    ]


def test_file_without_a_header_message(tmp_path: Path) -> None:
    """A file whose first line is data says so, not 'unnamed columns with values'."""
    write_cohort(tmp_path)
    (tmp_path / "patients.csv").write_text("\n".join(PATIENTS) + "\n", encoding="utf-8")
    assert messages_of(tmp_path) == [
        "patients.csv: line 1 is not a header: found 'P01,F,1960-04-02,DM,yes,'; the first "
        "line must name the columns: patient_id, sex, birth_date, diagnosis, ild, death_date"
    ]


def test_frame_without_column_names_message() -> None:
    """A DataFrame read without its header (columns 0, 1, ...) is one problem."""
    frames = frames_of_typed_without_names()
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames)
    assert [str(p) for p in raised.value.problems] == [
        "patients table: none of its columns is named as the schema says (found '0', '1', '2' "
        "and 3 more); name them patient_id, sex, birth_date, diagnosis, ild, death_date"
    ]


def frames_of_typed_without_names() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The typed frames with the patients' column names replaced by 0, 1, 2, ..."""
    frames = typed_frames()
    patients = frames.patients.set_axis(range(6), axis="columns")
    return patients, frames.visits, frames.regimens


def test_repeated_header_row_message(tmp_path: Path) -> None:
    """A header line repeated inside a file is one problem on its row, without a patient."""
    visits = (*VISITS[:2], HEADERS["visits"], *VISITS[2:])
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        "visits.csv row 4: repeats the header (the column names); delete this row"
    ]


def test_repeated_header_row_is_excluded_and_listed(tmp_path: Path) -> None:
    """When excluding, a repeated header row is left out and listed; every other row loads."""
    patients = (*PATIENTS[:1], HEADERS["patients"], *PATIENTS[1:])
    cohort = load_cohort(write_cohort(tmp_path, patients=patients), on_error="exclude")
    assert [str(row) for row in cohort.excluded] == [
        "patients.csv row 3: repeats the header (the column names); delete this row"
    ]
    assert [p.patient_id for p in cohort.patients] == ["P01", "P02", "P03"]


def test_repeated_header_in_a_text_frame_is_found(tmp_path: Path) -> None:
    """A text DataFrame holding its column names as a row is told the same way."""
    folder = write_cohort(tmp_path, regimens=(*REGIMENS, HEADERS["regimens"]))
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(*frames_of(folder))
    assert [str(p) for p in raised.value.problems] == [
        "regimens table row 5: repeats the header (the column names); delete this row"
    ]


# --- misused arguments and swapped tables -------------------------------------------------


def test_swapped_frames_are_one_problem_each() -> None:
    """DataFrames passed in the wrong order say whose columns each holds."""
    frames = typed_frames()
    with pytest.raises(CohortDataError) as raised:
        cohort_from_frames(frames.visits, frames.patients, frames.regimens)
    assert [str(p) for p in raised.value.problems] == [
        "patients table: holds the columns of the visits table, not those of the patients "
        "table; pass the tables in the order patients, visits, regimens",
        "visits table: holds the columns of the patients table, not those of the visits "
        "table; pass the tables in the order patients, visits, regimens",
    ]


def test_wrong_file_is_one_problem(tmp_path: Path) -> None:
    """regimens.csv holding the visits table says so in one line."""
    write_cohort(tmp_path)
    (tmp_path / "regimens.csv").write_bytes((tmp_path / "visits.csv").read_bytes())
    assert messages_of(tmp_path) == [
        "regimens.csv: holds the columns of visits.csv, not those of regimens.csv; is it the "
        "right file?"
    ]


@pytest.mark.parametrize("given", ["frame", "tuple"])
def test_load_cohort_given_dataframes_points_to_cohort_from_frames(given: str) -> None:
    """load_cohort given DataFrames names the path argument and the function to use."""
    frames = typed_frames()
    path = frames.patients if given == "frame" else tuple(frames)
    with pytest.raises(TypeError) as raised:
        load_cohort(path)  # type: ignore[arg-type]
    kind = "DataFrame" if given == "frame" else "tuple"
    assert str(raised.value) == (
        f"path must be the folder holding patients.csv, visits.csv and regimens.csv, got {kind}; "
        "for DataFrames use mo.cohort_from_frames(patients, visits, regimens)"
    )


@pytest.mark.parametrize(("path", "kind"), [(None, "NoneType"), (42, "int"), (b"data", "bytes")])
def test_load_cohort_given_no_path_names_the_argument(path: object, kind: str) -> None:
    """A path that is not text or a Path raises TypeError naming the argument."""
    with pytest.raises(TypeError, match=rf"^path must be the folder .*, got {kind}$"):
        load_cohort(path)  # type: ignore[arg-type]


def test_load_cohort_given_an_empty_path_is_refused() -> None:
    """An empty path is refused rather than read as the current folder."""
    with pytest.raises(ValueError, match=r"^path is empty; give the folder holding"):
        load_cohort("")


def test_missing_folder_names_the_argument(tmp_path: Path) -> None:
    """A folder that does not exist is named, with what path must be."""
    with pytest.raises(FileNotFoundError) as raised:
        load_cohort(tmp_path / "nowhere")
    assert str(raised.value) == (
        f"cohort folder not found: {str(tmp_path / 'nowhere')!r}; path must be the folder "
        "holding patients.csv, visits.csv and regimens.csv"
    )


def test_one_of_the_files_given_as_the_path_names_its_folder(tmp_path: Path) -> None:
    """Giving patients.csv itself points to its folder."""
    file = write_cohort(tmp_path) / "patients.csv"
    with pytest.raises(NotADirectoryError, match=r"give its folder, '.*'\)$"):
        load_cohort(file)


def test_synthetic_must_be_a_flag(tmp_path: Path) -> None:
    """synthetic='yes' is refused, naming the argument."""
    with pytest.raises(TypeError, match=r"^synthetic must be True or False, got 'yes'$"):
        load_cohort(write_cohort(tmp_path), synthetic="yes")  # type: ignore[arg-type]


def test_cohort_from_frames_given_a_folder_points_to_load_cohort(tmp_path: Path) -> None:
    """A folder given for a table names the argument and points to load_cohort."""
    frames = typed_frames()
    with pytest.raises(TypeError) as raised:
        cohort_from_frames(str(tmp_path), frames.visits, frames.regimens)  # type: ignore[arg-type]
    assert str(raised.value) == (
        "'patients' must be a pandas DataFrame, got str; to read a folder of CSV files use "
        "mo.load_cohort(folder)"
    )


def test_cohort_from_frames_source_must_be_text() -> None:
    """A source that is not text is refused, naming the argument."""
    with pytest.raises(TypeError, match=r"^source must be text, got int$"):
        cohort_from_frames(*typed_frames(), source=3)  # type: ignore[arg-type]


# --- text storage ------------------------------------------------------------------------


def test_csv_cells_are_python_strings_when_pandas_would_use_arrow(tmp_path: Path) -> None:
    """With pyarrow, pandas 3 stores str in Arrow buffers; the CSV reader pins object columns."""
    pytest.importorskip("pyarrow")
    write_cohort(tmp_path)
    with pd.option_context("mode.string_storage", "pyarrow"):
        frame = read_csv_text(tmp_path / "visits.csv").frame
    assert set(frame.dtypes) == {np.dtype(object)}


def test_loading_puts_no_patient_id_into_arrow_strings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader's own frames hold ids as Python objects, whatever pandas' default storage."""
    pytest.importorskip("pyarrow")
    made: list[list[object]] = []
    init = ArrowStringArray.__init__

    def recording(self: ArrowStringArray, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(list(self))

    monkeypatch.setattr(ArrowStringArray, "__init__", recording)
    with pd.option_context("mode.string_storage", "pyarrow"):
        pd.Series(["P00"])  # the probe sees pandas' own Arrow strings
        assert made == [["P00"]]
        load_cohort(write_cohort(tmp_path))
    assert not [values for values in made[1:] if "P01" in values]


def test_quoted_cell_of_ten_megabytes_reads(tmp_path: Path) -> None:
    """A closed, quoted 10 MB note in a column not used is read, and the column named."""
    note = "y" * 10_000_000
    headers = {"visits": HEADERS["visits"] + ",note"}
    visits = [f'{line},"{note}"' for line in VISITS]
    cohort = load_cohort(write_cohort(tmp_path, visits=visits, headers=headers))
    assert len(cohort.visits) == len(VISITS)
    assert cohort.notices[0].startswith("visits.csv: not used: 'note'")


def test_ten_megabyte_cell_in_a_used_column_is_quoted_cut(tmp_path: Path) -> None:
    """A quoted 10 MB cell in a measure column is one short problem of its row."""
    visits = replace(VISITS, 0, f'P01,2015-03-01,"{"9" * 10_000_000}x",71.5,60,40,12')
    (message,) = messages_of(write_cohort(tmp_path, visits=visits))
    assert message == (
        f"visits.csv row 2 (patient P01): ck must be a number, got '{'9' * 60}...' "
        "(10000001 characters)"
    )
