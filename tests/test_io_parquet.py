"""Parquet input: a folder of .parquet tables loads as its CSV files would."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.cli import EXIT_BAD_DATA, main
from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.io import load_cohort
from myopathy_outcomes.io.parquet import ParquetFile, read_parquet
from tests._cohort_files import write_cohort
from tests.test_io import Frames, frames_of, same_records

TABLES = Frames._fields


def arrow() -> Any:
    """pyarrow, or skip the test when the parquet extra is not installed."""
    return pytest.importorskip("pyarrow")


def write_parquet(folder: Path, name: str, columns: dict[str, Any], **options: Any) -> Path:
    """Write ``columns`` (name: pyarrow array or list) as ``folder/name.parquet``."""
    pa = arrow()
    import pyarrow.parquet as pq  # noqa: PLC0415 (optional extra)

    pq.write_table(pa.table(columns), folder / f"{name}.parquet", **options)
    return folder / f"{name}.parquet"


def write_text_parquet(folder: Path, frames: Frames, names: tuple[str, ...] = TABLES) -> Path:
    """Write the tables ``names`` of ``frames`` as Parquet files of strings; return ``folder``."""
    pa = arrow()
    for name in names:
        frame = getattr(frames, name)
        columns = {c: pa.array(frame[c].to_numpy(dtype=object), pa.string()) for c in frame}
        write_parquet(folder, name, columns)
    return folder


def csv_cohort(tmp_path: Path) -> Path:
    """The small valid cohort as CSV files, in a folder of its own."""
    folder = tmp_path / "csv"
    folder.mkdir(parents=True)
    return write_cohort(folder)


def parquet_folder(tmp_path: Path) -> Path:
    """A new empty folder for Parquet tables."""
    folder = tmp_path / "parquet"
    folder.mkdir()
    return folder


def report_text(folder: Path) -> str:
    """The report on ``folder``, with its source and synthetic mark set aside."""
    cohort = dataclasses.replace(
        load_cohort(folder), source="FOLDER", regimen_file="regimens", synthetic=False
    )
    return mo.analyze(cohort).to_text()


def messages(folder: Path, **options: Any) -> list[str]:
    """The problems raised when loading ``folder``, as a person reads them."""
    with pytest.raises(CohortDataError) as raised:
        load_cohort(folder, **options)
    return [str(problem) for problem in raised.value.problems]


# --- the bundled example, round trip -------------------------------------------------------


def test_example_as_parquet_text_gives_the_csv_report(tmp_path: Path) -> None:
    """The example's CSV files saved as Parquet strings give the same cohort and report."""
    folder = write_text_parquet(tmp_path, frames_of(mo.example_path()))
    assert same_records(load_cohort(folder), load_cohort(mo.example_path()))
    assert report_text(folder) == report_text(mo.example_path())


def _typed_example(pa: Any) -> dict[str, dict[str, Any]]:
    """The example's tables with typed Arrow columns, as a SQL engine would export them."""
    text = frames_of(mo.example_path())

    def cells(frame: pd.DataFrame, column: str) -> list[Any]:
        return [None if value == "" else value for value in frame[column]]

    def dates(frame: pd.DataFrame, column: str) -> Any:
        days = [None if v is None else dt.date.fromisoformat(v) for v in cells(frame, column)]
        return pa.array(days, pa.date32())

    def numbers(frame: pd.DataFrame, column: str, kind: Any) -> Any:
        values = [None if v is None else float(v) for v in cells(frame, column)]
        if pa.types.is_integer(kind):
            values = [None if v is None else int(v) for v in values]
        return pa.array(values, kind)

    def words(frame: pd.DataFrame, column: str) -> Any:
        return pa.array(cells(frame, column), pa.string()).dictionary_encode()

    patients, visits, regimens = text
    return {
        "patients": {
            "patient_id": pa.array(cells(patients, "patient_id"), pa.large_string()),
            "sex": words(patients, "sex"),
            "birth_date": pa.array(
                pd.to_datetime(patients["birth_date"]).to_numpy(), pa.timestamp("ms")
            ),
            "diagnosis": words(patients, "diagnosis"),
            "ild": pa.array([v == "yes" for v in patients["ild"]], pa.bool_()),
            "death_date": dates(patients, "death_date"),
        },
        "visits": {
            "patient_id": words(visits, "patient_id"),
            "date": dates(visits, "date"),
            "ck": numbers(visits, "ck", pa.int32()),
            "fvc_pct": numbers(visits, "fvc_pct", pa.float64()),
            "dlco_pct": numbers(visits, "dlco_pct", pa.float32()),
            "psl_mg": numbers(visits, "psl_mg", pa.float64()),
            "hrct_score": numbers(visits, "hrct_score", pa.int64()),  # with nulls
        },
        "regimens": {
            "patient_id": pa.array(cells(regimens, "patient_id"), pa.string()),
            "drug": words(regimens, "drug"),
            "start_date": dates(regimens, "start_date"),
            "stop_date": dates(regimens, "stop_date"),
            "dose": numbers(regimens, "dose", pa.int64()),  # with nulls
            "dose_unit": words(regimens, "dose_unit"),
        },
    }


def test_typed_example_gives_the_csv_report(tmp_path: Path) -> None:
    """Typed columns (dates, timestamps, ints with nulls, float32, dictionaries) load alike."""
    for name, columns in _typed_example(arrow()).items():
        write_parquet(tmp_path, name, columns, row_group_size=7)
    assert same_records(load_cohort(tmp_path), load_cohort(mo.example_path()))
    assert report_text(tmp_path) == report_text(mo.example_path())


def test_command_reads_a_parquet_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``myopathy-outcomes FOLDER`` prints the report of a folder of Parquet tables."""
    folder = write_text_parquet(tmp_path, frames_of(mo.example_path()))
    assert main([str(folder)]) == 0
    printed = capsys.readouterr().out
    assert "regimens.parquet rows" in printed and "MMF + CNI" in printed


def test_a_folder_may_mix_csv_and_parquet(tmp_path: Path) -> None:
    """Each table is read from its own file: Parquet visits beside CSV patients and regimens."""
    folder = csv_cohort(tmp_path)
    frames = frames_of(folder)
    (folder / "visits.csv").unlink()
    write_text_parquet(folder, frames, ("visits",))
    assert same_records(load_cohort(folder), load_cohort(csv_cohort(tmp_path / "other")))


# --- typed columns ------------------------------------------------------------------------

_ZONE = dt.timezone(dt.timedelta(hours=9))


@pytest.mark.parametrize(
    ("column", "make"),
    [
        ("birth_date", lambda pa, days: pa.array(days, pa.date32())),
        ("birth_date", lambda pa, days: pa.array(days, pa.date64())),
        (
            "birth_date",
            lambda pa, days: pa.array(
                [dt.datetime.combine(d, dt.time(10, 30)) for d in days], pa.timestamp("us")
            ),
        ),
        (
            "birth_date",  # 00:30 in Tokyo is the day before in UTC: the day is Tokyo's
            lambda pa, days: pa.array(
                [dt.datetime.combine(d, dt.time(0, 30), _ZONE) for d in days],
                pa.timestamp("ns", tz="Asia/Tokyo"),
            ),
        ),
        ("sex", lambda pa, values: pa.array(values).dictionary_encode()),
        ("sex", lambda pa, values: pa.array(values, pa.large_string())),
        ("sex", lambda pa, values: pa.array(values, pa.string_view())),
        ("ild", lambda pa, values: pa.array([v in {"yes", "y"} for v in values])),
    ],
    ids=["date32", "date64", "timestamp", "timestamp-tz", "dictionary", "large", "view", "bool"],
)
def test_typed_patient_column_reads_as_its_text(
    tmp_path: Path, column: str, make: Callable[[Any, list[Any]], Any]
) -> None:
    """A typed column of patients.parquet gives the records its CSV text gives."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    patients = frames_of(csv).patients
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("visits", "regimens"))
    columns = {c: pa.array(patients[c].to_numpy(dtype=object), pa.string()) for c in patients}
    values = list(patients[column])
    if column.endswith("_date"):
        values = [dt.date.fromisoformat(v) for v in values]
    columns[column] = make(pa, values)
    write_parquet(folder, "patients", columns)
    assert same_records(load_cohort(folder), load_cohort(csv))


def test_integer_columns_with_nulls_stay_integers(tmp_path: Path) -> None:
    """Integer ids beyond 2**53 with a null elsewhere keep every digit (not read via float)."""
    pa = arrow()
    big = 2**53 + 1
    write_parquet(
        tmp_path,
        "patients",
        {
            "patient_id": pa.array([big, None], pa.int64()),
            "sex": ["F", "M"],
            "birth_date": pa.array([dt.date(1960, 4, 2)] * 2, pa.date32()),
            "diagnosis": ["DM", "PM"],
            "ild": [True, False],
            "death_date": pa.array([None, None], pa.date32()),
        },
    )
    frame = read_parquet(ParquetFile("patients.parquet", tmp_path / "patients.parquet"))
    assert frame["patient_id"].dtype == pd.Int64Dtype()
    assert frame["patient_id"][0] == big
    assert "patients.parquet row 3: patient_id is required but missing" in messages(tmp_path)


def test_float32_reads_as_the_decimal_it_shows(tmp_path: Path) -> None:
    """float32 72.09 is 72.09, as a person reads it, not its float64 widening."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv))
    visits = frames_of(csv).visits
    columns = {c: pa.array(visits[c].to_numpy(dtype=object), pa.string()) for c in visits}
    columns["fvc_pct"] = pa.array([72.09, 75.0, 55.5, None], pa.float32())
    write_parquet(folder, "visits", columns)
    assert load_cohort(folder).visits[0].fvc_pct == 72.09


def test_decimal_column_reads_as_its_numbers(tmp_path: Path) -> None:
    """A SQL NUMERIC column (decimal128) is read as its numbers, ranges checked as usual."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "regimens"))
    visits = frames_of(csv).visits
    columns = {c: pa.array(visits[c].to_numpy(dtype=object), pa.string()) for c in visits}
    decimals = [Decimal("71.5"), Decimal("75.0"), Decimal("55.5"), Decimal("200.1")]
    columns["fvc_pct"] = pa.array(decimals, pa.decimal128(4, 1))
    write_parquet(folder, "visits", columns)
    assert messages(folder) == [
        "visits.parquet row 5 (patient P03): fvc_pct must be > 0 and <= 200, got 200.1"
    ]


def test_date_beyond_year_9999_is_a_problem_of_its_row(tmp_path: Path) -> None:
    """A date32 beyond year 9999 (outside Python's calendar) is refused in its row."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "regimens"))
    visits = frames_of(csv).visits
    columns = {c: pa.array(visits[c].to_numpy(dtype=object), pa.string()) for c in visits}
    columns["date"] = pa.array([16495, 16679, 3_000_000, 18293], pa.date32())  # days since 1970
    write_parquet(folder, "visits", columns)
    assert messages(folder) == [
        "visits.parquet row 4 (patient P02): date is in the future: 10183-09-21"
    ]


def test_date_in_year_12920_leaves_with_its_row_when_excluding(tmp_path: Path) -> None:
    """With on_error="exclude" the visit dated 12920 is excluded, named; the others load."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "regimens"))
    visits = frames_of(csv).visits
    columns = {c: pa.array(visits[c].to_numpy(dtype=object), pa.string()) for c in visits}
    days = np.array(["2015-03-01", "2015-09-01", "12920-03-01", "2020-02-01"], "datetime64[D]")
    columns["date"] = pa.array(days, pa.date32())
    write_parquet(folder, "visits", columns)
    cohort = load_cohort(folder, on_error="exclude")
    assert [str(row) for row in cohort.excluded] == [
        "visits.parquet row 4 (patient P02): date is in the future: 12920-03-01"
    ]
    assert len(cohort.visits) == len(visits) - 1


def test_text_cells_share_one_object_per_value(tmp_path: Path) -> None:
    """A text column holds Python strings, one object per distinct value, in object dtype."""
    pa = arrow()
    file = write_parquet(tmp_path, "visits", {"patient_id": pa.array(["P01", "P01", None])})
    with pd.option_context("mode.string_storage", "pyarrow"):
        ids = read_parquet(ParquetFile("visits.parquet", file))["patient_id"]
    assert ids.dtype == np.dtype(object)
    assert ids[0] == "P01" and ids[0] is ids[1] and ids[2] is None


# --- rows and errors ----------------------------------------------------------------------


def test_row_n_is_record_n_minus_1(tmp_path: Path) -> None:
    """Row n is frame.iloc[n - 2] of the file, across row groups, as for DataFrames."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "regimens"))
    visits = frames_of(csv).visits
    columns = {c: pa.array(visits[c].to_numpy(dtype=object), pa.string()) for c in visits}
    columns["ck"] = pa.array([1200, 300, 5400, -3], pa.int64())
    file = write_parquet(folder, "visits", columns, row_group_size=2)
    assert messages(folder) == [
        "visits.parquet row 5 (patient P03): ck must be >= 0 and <= 1000000, got -3"
    ]
    assert pd.read_parquet(file).iloc[5 - 2]["ck"] == -3


def test_cross_table_problems_name_the_parquet_files(tmp_path: Path) -> None:
    """An unknown patient names both files, as for CSV files."""
    csv = csv_cohort(tmp_path)
    frames = frames_of(csv)
    frames.visits.loc[1, "patient_id"] = "P09"
    folder = write_text_parquet(parquet_folder(tmp_path), frames)
    assert messages(folder) == [
        "visits.parquet row 3 (patient P09): patient_id 'P09' is not in patients.parquet"
    ]


def test_excluded_rows_name_the_parquet_file(tmp_path: Path) -> None:
    """With on_error='exclude' a bad row is listed under its Parquet file and row."""
    csv = csv_cohort(tmp_path)
    frames = frames_of(csv)
    frames.visits.loc[0, "fvc_pct"] = "850"
    folder = write_text_parquet(parquet_folder(tmp_path), frames)
    cohort = load_cohort(folder, on_error="exclude")
    assert [str(row) for row in cohort.excluded] == [
        "visits.parquet row 2 (patient P01): fvc_pct must be > 0 and <= 200, got 850"
    ]


def test_missing_markers_and_empty_rows_are_read_as_in_csv(tmp_path: Path) -> None:
    """'NA' text is missing, and a row of nulls is skipped with a notice naming its row."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "regimens"))
    visits = frames_of(csv).visits
    rows = [list(visits.iloc[0]), [None] * visits.shape[1], *map(list, visits.iloc[1:].values)]
    rows[0][visits.columns.get_loc("dlco_pct")] = " NA "
    columns = {c: pa.array([row[i] for row in rows], pa.string()) for i, c in enumerate(visits)}
    write_parquet(folder, "visits", columns)
    cohort = load_cohort(folder)
    assert cohort.visits[0].dlco_pct is None
    assert cohort.notices == ("visits.parquet: 1 empty row(s) skipped (rows 3)",)


def test_missing_column_names_the_parquet_file(tmp_path: Path) -> None:
    """A missing required column is a problem of the Parquet file's table."""
    csv = csv_cohort(tmp_path)
    frames = frames_of(csv)
    frames = frames._replace(patients=frames.patients.drop(columns="sex"))
    folder = write_text_parquet(parquet_folder(tmp_path), frames)
    assert messages(folder) == ["patients.parquet: missing required column 'sex'"]


def test_a_table_missing_from_a_parquet_folder_names_both_forms(tmp_path: Path) -> None:
    """Without regimens in a folder of Parquet tables, the problem names either file."""
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "visits"))
    assert messages(folder) == [
        f"regimens.csv: file not found: neither regimens.parquet nor regimens.csv in "
        f"{str(folder)!r} (found 'patients.parquet', 'visits.parquet'); give every table "
        "as Parquet or CSV"
    ]


def test_another_tables_file_asks_if_it_is_the_right_file(tmp_path: Path) -> None:
    """Regimens saved as patients.parquet: one problem, asking about the file."""
    csv = csv_cohort(tmp_path)
    frames = frames_of(csv)
    folder = write_text_parquet(
        parquet_folder(tmp_path), frames._replace(patients=frames.regimens)
    )
    assert messages(folder)[0] == (
        "patients.parquet: holds the columns of regimens.parquet, not those of "
        "patients.parquet; is it the right file?"
    )


def test_file_name_in_another_case_is_read_with_a_notice(tmp_path: Path) -> None:
    """Visits.PARQUET is the visits table; a notice names the file read."""
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv_cohort(tmp_path)))
    (folder / "visits.parquet").rename(folder / "Visits.PARQUET")
    cohort = load_cohort(folder)
    assert len(cohort.visits) == 4
    assert cohort.notices == (
        "visits.parquet: read from 'Visits.PARQUET' (file names are matched ignoring case)",
    )


# --- files that cannot be used ------------------------------------------------------------


def test_table_in_both_formats_is_refused_naming_both(tmp_path: Path) -> None:
    """visits.csv beside visits.parquet: one problem naming both, in either mode."""
    folder = csv_cohort(tmp_path)
    write_text_parquet(folder, frames_of(folder), ("visits",))
    (folder / "visits.csv").rename(folder / "Visits.csv")
    expected = [
        f"visits.parquet: found both 'Visits.csv' and 'visits.parquet' in {str(folder)!r}; "
        "a table is read from one file: keep one of them"
    ]
    assert messages(folder) == expected
    assert messages(folder, on_error="exclude") == expected


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"patient_id,sex\nP01,F\n", "Parquet magic bytes not found in footer"),
        (b"", "Parquet file size is 0 bytes"),
    ],
    ids=["csv-text", "empty"],
)
def test_unreadable_parquet_is_one_line_naming_the_file(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    """A file that is not Parquet is one problem of its table, naming the file."""
    arrow()
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv_cohort(tmp_path)))
    (folder / "visits.parquet").write_bytes(content)
    (problem,) = messages(folder, on_error="exclude")
    path = str(folder / "visits.parquet")
    assert problem.startswith(f"visits.parquet: cannot be read as Parquet: {path!r} ({reason}")
    assert "\n" not in problem


def test_folder_named_like_a_table_is_refused(tmp_path: Path) -> None:
    """A partitioned dataset (a folder visits.parquet) is refused: one file per table."""
    arrow()
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv_cohort(tmp_path)))
    (folder / "visits.parquet").unlink()
    (folder / "visits.parquet").mkdir()
    path = str(folder / "visits.parquet")
    assert messages(folder) == [
        f"visits.parquet: is a folder (a partitioned dataset?), not a file: {path!r}; write the "
        "table as one Parquet file"
    ]


def test_one_of_the_files_given_as_the_path_names_its_folder(tmp_path: Path) -> None:
    """Giving visits.parquet itself points to its folder."""
    file = tmp_path / "visits.parquet"
    file.write_bytes(b"PAR1")
    with pytest.raises(NotADirectoryError, match=r"give its folder, '.*'\)$"):
        load_cohort(file)


# --- without pyarrow ----------------------------------------------------------------------

_NO_PYARROW = (
    'reading patients.parquet needs pyarrow, which is not installed: pip install "myopathy-'
    'outcomes[parquet]"'
)


def hide_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import pyarrow`` fail, as without the parquet extra."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)


def test_without_pyarrow_a_parquet_table_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Parquet table without pyarrow is one ImportError naming the extra."""
    (tmp_path / "patients.parquet").write_bytes(b"PAR1")
    hide_pyarrow(monkeypatch)
    with pytest.raises(ImportError) as raised:
        load_cohort(tmp_path)
    assert str(raised.value) == _NO_PYARROW


def test_without_pyarrow_the_command_prints_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command exits 2 with the install line, no traceback."""
    (tmp_path / "patients.parquet").write_bytes(b"PAR1")
    hide_pyarrow(monkeypatch)
    assert main([str(tmp_path)]) == EXIT_BAD_DATA
    assert capsys.readouterr().err == f"error: {_NO_PYARROW}\n"


def test_without_pyarrow_csv_folders_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CSV files do not need pyarrow."""
    folder = write_cohort(tmp_path)
    hide_pyarrow(monkeypatch)
    assert len(load_cohort(folder).patients) == 3


# --- tables written by SQL engines ----------------------------------------------------------


def test_binary_text_columns_read_as_utf8(tmp_path: Path) -> None:
    """Binary ids and drug names, as Impala and Hive write strings, read as their text."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = parquet_folder(tmp_path)
    for name in TABLES:
        frame = getattr(frames_of(csv), name)
        columns = {c: pa.array([v.encode() for v in frame[c]], pa.binary()) for c in frame.columns}
        write_parquet(folder, name, columns)
    assert same_records(load_cohort(folder), load_cohort(csv))


@pytest.mark.parametrize("kind", ["binary", "large_binary", "binary_view"])
def test_binary_patient_id_in_visits_reads_as_text(tmp_path: Path, kind: str) -> None:
    """A binary patient_id column of any width names its patients as text ids."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "regimens"))
    visits = frames_of(csv).visits
    columns = {c: pa.array(visits[c].to_numpy(dtype=object), pa.string()) for c in visits}
    ids = [v.encode() for v in visits["patient_id"]]
    columns["patient_id"] = pa.array(ids, getattr(pa, kind)())
    write_parquet(folder, "visits", columns)
    assert len(load_cohort(folder).visits) == len(visits)


def test_binary_cell_that_is_not_utf8_is_a_problem_of_its_row(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are refused in their row and field, the bytes quoted."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "visits"))
    regimens = frames_of(csv).regimens
    columns = {c: pa.array(regimens[c].to_numpy(dtype=object), pa.string()) for c in regimens}
    columns["drug"] = pa.array([b"MMF", b"Neoral", b"predniso\xe9lone"], pa.binary())
    write_parquet(folder, "regimens", columns)
    assert messages(folder) == [
        "regimens.parquet row 4 (patient P03): drug must be UTF-8 text, got b'predniso\\xe9lone'"
    ]


def test_binary_cell_that_is_not_utf8_is_excluded_with_its_row(tmp_path: Path) -> None:
    """With on_error="exclude" a regimen whose binary drug is not UTF-8 leaves, named, and
    takes its patient along (their treatment cannot be known)."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "visits"))
    regimens = frames_of(csv).regimens
    columns = {c: pa.array(regimens[c].to_numpy(dtype=object), pa.string()) for c in regimens}
    columns["drug"] = pa.array([b"MMF", b"Neoral", b"predniso\xe9lone"], pa.binary())
    write_parquet(folder, "regimens", columns)
    cohort = load_cohort(folder, on_error="exclude")
    reason = "drug must be UTF-8 text, got b'predniso\\xe9lone'"
    assert f"regimens.parquet row 4 (patient P03): {reason}" in [str(r) for r in cohort.excluded]
    assert [patient.patient_id for patient in cohort.patients] == ["P01", "P02"]
    assert [regimen.drug.value for regimen in cohort.regimens] == [
        "mycophenolate mofetil",
        "cyclosporine",
    ]


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        ("list", "list<element: double>"),
        ("map", "map<string, double ('ck')>"),
        ("struct", "struct<value: double>"),
    ],
)
def test_column_of_several_values_per_cell_is_refused_naming_it(
    tmp_path: Path, kind: str, shown: str
) -> None:
    """A list, map or struct column is one line naming the file, the column and its type."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "regimens"))
    cells: dict[str, Any] = {
        "list": pa.array([[1200.0, 1300.0]] * 4, pa.list_(pa.float64())),
        "map": pa.array([[("a", 1200.0)]] * 4, pa.map_(pa.string(), pa.float64())),
        "struct": pa.array([{"value": 1200.0}] * 4),
    }
    visits = frames_of(csv).visits
    columns = {c: pa.array(visits[c].to_numpy(dtype=object), pa.string()) for c in visits}
    columns["ck"] = cells[kind]
    write_parquet(folder, "visits", columns)
    for on_error in ("raise", "exclude"):
        assert messages(folder, on_error=on_error) == [
            f"visits.parquet: column 'ck' has the type {shown!r}, which holds several values "
            "in a cell; give one value per cell (text, a number or a date), or leave the "
            "column out"
        ]


def test_column_of_several_values_not_in_the_schema_is_named_not_read(tmp_path: Path) -> None:
    """A list or map column beside the schema's (Hive's tags) is left out and named in a notice."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "regimens"))
    visits = frames_of(csv).visits
    columns = {c: pa.array(visits[c].to_numpy(dtype=object), pa.string()) for c in visits}
    columns["tags"] = pa.array([["a", "b"], None, [], ["c"]], pa.list_(pa.string()))
    columns["extra"] = pa.array([[("k", 1.0)]] * 4, pa.map_(pa.string(), pa.float64()))
    write_parquet(folder, "visits", columns)
    cohort = load_cohort(folder)
    assert same_records(cohort, load_cohort(csv))
    assert (
        "visits.parquet: not read: 'tags' (list<element: string>), 'extra' (map<string, "
        "double ('extra')>): several values in a cell, and not a column of the schema"
    ) in cohort.notices


def test_timestamp_beyond_year_9999_is_a_problem_of_its_row(tmp_path: Path) -> None:
    """A timestamp beyond Python's calendar is refused in its row, as its day in its zone."""
    pa = arrow()
    csv = csv_cohort(tmp_path)
    folder = write_text_parquet(parquet_folder(tmp_path), frames_of(csv), ("patients", "regimens"))
    visits = frames_of(csv).visits
    columns = {c: pa.array(visits[c].to_numpy(dtype=object), pa.string()) for c in visits}
    seconds = [1_425_168_000, 1_441_065_600, 345_000_000_000, 1_580_515_200]
    columns["date"] = pa.array(seconds, pa.timestamp("s", tz="Asia/Tokyo"))
    write_parquet(folder, "visits", columns)
    assert messages(folder) == [
        "visits.parquet row 4 (patient P02): date is in the future: 12902-08-13"
    ]


def test_parquet_file_under_a_csv_name_is_named(tmp_path: Path) -> None:
    """A Parquet file saved as visits.csv is said to be Parquet, with the name to give it."""
    pa = arrow()
    folder = csv_cohort(tmp_path)
    write_parquet(folder, "visits", {"patient_id": pa.array(["P01"])})
    (folder / "visits.parquet").replace(folder / "Visits.csv")
    (folder / "visits.csv").unlink(missing_ok=True)
    assert messages(folder) == [
        "visits.csv: is a Parquet file saved under a .csv name, not CSV text; name it "
        "visits.parquet"
    ]
