"""Excel input: a workbook, or a folder of .xlsx tables, loads as its CSV twin would."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import struct
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.cli import EXIT_BAD_DATA, main
from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.io import load_cohort
from myopathy_outcomes.io.excel import MAX_SHEET_CELLS, excel_date
from myopathy_outcomes.report.csv import write_csv_tables
from myopathy_outcomes.storage import Cohort
from tests._cohort_files import HEADERS, PATIENTS, REGIMENS, VISITS, replace, write_cohort
from tests.test_io import Frames, frames_of, same_records

TABLES = Frames._fields
DATA = Path(__file__).parent / "data"

Rows = Sequence[Sequence[Any]]


def openpyxl() -> Any:
    """openpyxl, or skip the test when the excel extra is not installed."""
    return pytest.importorskip("openpyxl")


def write_workbook(
    path: Path, sheets: dict[str, Rows], *, mac_dates: bool = False, text: bool = False
) -> Path:
    """Write ``sheets`` (name: rows of cell values, ``None`` empty) as the workbook ``path``.

    ``datetime.date`` values become date cells; with ``mac_dates`` the
    workbook counts dates in Excel's 1904 system. A text starting with ``=``
    is written as a formula, unless ``text`` says to keep every text a text
    cell (as typed in Excel after an apostrophe).
    """
    book = openpyxl().Workbook()
    book.remove(book.active)
    if mac_dates:
        book.epoch = openpyxl().utils.datetime.CALENDAR_MAC_1904
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row] if text else ():
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    book.save(path)
    return path


def text_rows(name: str, lines: Sequence[str] | None = None) -> list[list[Any]]:
    """A table of the small cohort (``tests._cohort_files``) as rows of text cells."""
    lines = (
        {"patients": PATIENTS, "visits": VISITS, "regimens": REGIMENS}[name]
        if lines is None
        else lines
    )
    return [line.split(",") for line in [HEADERS[name], *lines]]


def small_workbook(path: Path, **changed: Rows) -> Path:
    """The small cohort as a workbook of text cells, with the tables given in ``changed``."""
    sheets = {name: changed.get(name, text_rows(name)) for name in TABLES}
    return write_workbook(path, sheets)


def messages(path: Path, **options: Any) -> list[str]:
    """The problems raised when loading ``path``, as a person reads them."""
    with pytest.raises(CohortDataError) as raised:
        load_cohort(path, **options)
    return [str(problem) for problem in raised.value.problems]


def csv_cohort(tmp_path: Path) -> Path:
    """The small valid cohort as CSV files, in a folder of its own."""
    folder = tmp_path / "csv"
    folder.mkdir(parents=True, exist_ok=True)
    return write_cohort(folder)


# --- the example as a workbook, against its CSV twin -------------------------------------

_SERIAL_COLUMNS = frozenset({"death_date", "start_date"})
"""Date columns written as Excel's serial numbers (General format); the others as date cells."""


def _typed_cell(column: str, text: str) -> Any:
    """A cell of the example's CSV text as Excel holds it: a date, a serial, a number or text."""
    if text == "":
        return None
    if column.endswith("date"):
        day = dt.date.fromisoformat(text)
        return (day - dt.date(1899, 12, 30)).days if column in _SERIAL_COLUMNS else day
    if column == "ild":
        return text == "yes"
    if column in {"patient_id", "sex", "diagnosis", "drug", "dose_unit"}:
        return text
    number = float(text)
    return int(number) if "." not in text else number


def example_sheets(folder: Path) -> dict[str, list[list[Any]]]:
    """The three CSV files of ``folder`` as sheets of typed cells, text cells kept as text."""
    sheets = {}
    for name, frame in zip(TABLES, frames_of(folder), strict=True):
        columns = list(frame.columns)
        sheets[name] = [
            columns,
            *(
                [_typed_cell(c, text) for c, text in zip(columns, row, strict=True)]
                for row in frame.itertuples(index=False)
            ),
        ]
    return sheets


def example_workbook(path: Path, folder: Path | None = None) -> Path:
    """The CSV files of ``folder`` (the bundled example) as one workbook of typed cells."""
    return write_workbook(path, example_sheets(folder or mo.example_path()), text=True)


def _aside(cohort: Cohort) -> Cohort:
    """The cohort with where it came from and the loader's notices set aside."""
    return dataclasses.replace(cohort, source="SOURCE", regimen_file="regimens", notices=())


_FRAMES = (
    "attrition_frame",
    "baseline_frame",
    "between_frame",
    "ild_sensitivity_frame",
    "event_frame",
    "time_to_event_frame",
    "within_frame",
    "assignment_frame",
    "reason_frame",
    "excluded_rows_frame",
    "pairs_frame",
    "comparisons_frame",
)


def test_example_workbook_gives_the_csv_twins_report_frames(tmp_path: Path) -> None:
    """The example as a workbook (dates, serials, numbers, booleans) gives the same numbers."""
    workbook = example_workbook(tmp_path / "export.xlsx")
    from_excel, from_csv = load_cohort(workbook, synthetic=True), load_cohort(mo.example_path())
    assert same_records(from_excel, from_csv)
    ours, theirs = mo.analyze(_aside(from_excel)), mo.analyze(_aside(from_csv))
    for name in _FRAMES:
        pd.testing.assert_frame_equal(
            getattr(ours, name)(), getattr(theirs, name)(), check_exact=True
        )
    for mine, twin in zip(ours.tables(), theirs.tables(), strict=True):
        pd.testing.assert_frame_equal(mine.to_frame(), twin.to_frame(), check_exact=True)
    assert ours.to_text() == theirs.to_text()


def test_serial_columns_are_named_in_notices(tmp_path: Path) -> None:
    """Each date column read from serial numbers is named once, with its first cell read so."""
    cohort = load_cohort(example_workbook(tmp_path / "export.xlsx"))
    assert cohort.notices == (
        "patients sheet of export.xlsx: read 3 number(s) in column 'death_date' as Excel date "
        "serial numbers (the first, row 5: 40320 is 2010-05-22); format the column as dates to "
        "see them",
        "regimens sheet of export.xlsx: read 61 number(s) in column 'start_date' as Excel date "
        "serial numbers (the first, row 2: 41244 is 2012-12-01); format the column as dates to "
        "see them",
    )


def _numbers_printed(report: Path) -> list[str]:
    """Every number in a text report, in order, but those of the data's path and the notices."""
    lines = report.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(("Data: ", "Notices: "))]
    return re.findall(r"-?\d+(?:[.,:/]\d+)*", "\n".join(kept))


def _run(data: Path, output: Path) -> dict[str, bytes]:
    """Run the command on ``data`` writing every output to ``output``; its CSV tables by name."""
    assert main([str(data), "--output", f"{output}{os.sep}"]) == 0
    return {table.name: table.read_bytes() for table in sorted((output / "tables").glob("*.csv"))}


@pytest.fixture(scope="module")
def csv_twin_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], Path]:
    """The command's CSV tables and text report for the bundled example's CSV files."""
    output = tmp_path_factory.mktemp("csv-twin")
    return _run(mo.example_path(), output), output / "report.txt"


@pytest.mark.parametrize("form", ["workbook", "folder of workbooks"])
def test_command_on_excel_prints_every_number_of_the_csv_twin(
    tmp_path: Path, form: str, csv_twin_outputs: tuple[dict[str, bytes], Path]
) -> None:
    """``myopathy-outcomes export.xlsx`` (or a folder of .xlsx) writes the CSV twin's numbers.

    Every CSV table is the same, byte for byte, and the text report prints
    the same numbers in the same order.
    """
    openpyxl()
    if form == "workbook":
        data = example_workbook(tmp_path / "export.xlsx")
    else:
        data = tmp_path / "tables"
        data.mkdir()
        for name, rows in example_sheets(mo.example_path()).items():
            write_workbook(data / f"{name}.xlsx", {name: rows}, text=True)
    tables, report = csv_twin_outputs
    assert _run(data, tmp_path / "out") == tables
    assert len(tables) == 9
    assert _numbers_printed(tmp_path / "out" / "report.txt") == _numbers_printed(report)


def test_text_cells_that_look_like_formulas_stay_text_and_are_neutralised(tmp_path: Path) -> None:
    """A patient id typed as '=HYPERLINK(...)' is that text, and the CSV tables defuse it.

    The tables equal those of the CSV twin holding the same id.
    """
    hostile = '=HYPERLINK("http://example.invalid","SYN-01")'
    twin = tmp_path / "csv"
    twin.mkdir()
    for name in TABLES:
        text = (mo.example_path() / f"{name}.csv").read_text(encoding="utf-8")
        quoted = '"' + hostile.replace('"', '""') + '"'
        (twin / f"{name}.csv").write_text(text.replace("SYN-01,", quoted + ","), encoding="utf-8")
    cohort = load_cohort(example_workbook(tmp_path / "export.xlsx", twin))
    assert cohort.patients[0].patient_id == hostile
    written = write_csv_tables(mo.analyze(cohort), tmp_path / "excel")
    twins = write_csv_tables(mo.analyze(load_cohort(twin)), tmp_path / "twin")
    assert [path.read_bytes() for path in written] == [path.read_bytes() for path in twins]
    ids = pd.read_csv(tmp_path / "excel" / "assignments.csv", dtype=str)["patient_id"]
    assert ids.iloc[0] == "'" + hostile
    assert not ids.str.startswith("=").any()


def test_folder_of_table_workbooks_gives_the_csv_records(tmp_path: Path) -> None:
    """patients.xlsx, visits.xlsx and regimens.xlsx in a folder load as the CSV files."""
    folder = tmp_path / "tables"
    folder.mkdir()
    for name in TABLES:
        write_workbook(folder / f"{name}.xlsx", {"Sheet1": text_rows(name)})
    cohort = load_cohort(folder)
    assert same_records(cohort, load_cohort(csv_cohort(tmp_path)))
    assert cohort.notices == ()


def test_a_folder_may_mix_workbooks_csv_and_parquet(tmp_path: Path) -> None:
    """Each table from its own file: visits.xlsx beside patients.csv and regimens.csv."""
    folder = csv_cohort(tmp_path / "mixed")
    (folder / "visits.csv").unlink()
    write_workbook(folder / "visits.xlsx", {"visits": text_rows("visits")})
    assert same_records(load_cohort(folder), load_cohort(csv_cohort(tmp_path)))


def test_bad_rows_give_the_csv_messages_naming_the_sheet(tmp_path: Path) -> None:
    """The same bad cells give the CSV messages, with the sheet and workbook for the file."""
    visits = replace(VISITS, 3, "P03,2020-02-01,-3,,,10,")
    regimens = replace(REGIMENS, 0, "P09,MMF,2015-03-01,,2000,mg/day")
    folder = csv_cohort(tmp_path)
    write_cohort(folder, visits=visits, regimens=regimens)
    workbook = small_workbook(
        tmp_path / "export.xlsx",
        visits=text_rows("visits", visits),
        regimens=text_rows("regimens", regimens),
    )
    from_csv = [m.replace(".csv", " sheet of export.xlsx") for m in messages(folder)]
    assert (
        messages(workbook)
        == from_csv
        == [
            "visits sheet of export.xlsx row 5 (patient P03): ck must be >= 0 and <= 1000000, "
            "got -3",
            "regimens sheet of export.xlsx row 2 (patient P09): patient_id 'P09' is not in "
            "patients sheet of export.xlsx",
        ]
    )


def test_excluded_rows_name_the_sheet(tmp_path: Path) -> None:
    """With on_error='exclude' a bad row is listed under its sheet and Excel row."""
    workbook = small_workbook(
        tmp_path / "export.xlsx",
        visits=text_rows("visits", replace(VISITS, 0, "P01,2015-03-01,1200,850,60,40,12")),
    )
    cohort = load_cohort(workbook, on_error="exclude")
    assert [str(row) for row in cohort.excluded] == [
        "visits sheet of export.xlsx row 2 (patient P01): fvc_pct must be > 0 and <= 200, got 850"
    ]


# --- sheets ------------------------------------------------------------------------------


def test_sheet_names_are_matched_ignoring_case_and_spaces(tmp_path: Path) -> None:
    """Sheets 'Patients ' and 'VISITS' are the tables, each named in a notice."""
    sheets = {
        "Patients ": text_rows("patients"),
        "VISITS": text_rows("visits"),
        "regimens": text_rows("regimens"),
    }
    cohort = load_cohort(write_workbook(tmp_path / "export.xlsx", sheets))
    assert same_records(cohort, load_cohort(csv_cohort(tmp_path)))
    assert cohort.notices == (
        "patients sheet of export.xlsx: read from sheet 'Patients ' (sheet names are matched "
        "ignoring case and spaces)",
        "visits sheet of export.xlsx: read from sheet 'VISITS' (sheet names are matched ignoring "
        "case and spaces)",
    )


def test_missing_sheets_name_the_sheets_the_workbook_has(tmp_path: Path) -> None:
    """A workbook without two of the sheets says so once, naming the sheets it has."""
    sheets = {"Sheet1": text_rows("patients"), "visits": text_rows("visits"), "notes": [["x"]]}
    assert messages(write_workbook(tmp_path / "export.xlsx", sheets)) == [
        "export.xlsx: has no sheet named patients or regimens (its sheets: 'Sheet1', 'visits', "
        "'notes'); name the sheets patients, visits and regimens"
    ]


def test_two_sheets_for_one_table_are_refused(tmp_path: Path) -> None:
    """Sheets 'visits' and 'Visits ' both stand for the visits: one problem naming both."""
    sheets = {name: text_rows(name) for name in TABLES} | {"Visits ": text_rows("visits")}
    assert messages(write_workbook(tmp_path / "export.xlsx", sheets)) == [
        "visits sheet of export.xlsx: sheets 'visits', 'Visits ' all stand for visits (sheet "
        "names are matched ignoring case and spaces); keep one"
    ]


def test_a_tables_own_workbook_names_its_sheet(tmp_path: Path) -> None:
    """visits.xlsx with one sheet is read whatever the sheet's name; messages name both."""
    folder = csv_cohort(tmp_path)
    (folder / "visits.csv").unlink()
    rows = text_rows("visits", replace(VISITS, 1, "P01,2015-09-01,-1,75,62,15,"))
    write_workbook(folder / "visits.xlsx", {"Data": rows})
    assert messages(folder) == [
        "Data sheet of visits.xlsx row 3 (patient P01): ck must be >= 0 and <= 1000000, got -1"
    ]


def test_a_tables_workbook_of_several_sheets_is_read_from_the_one_named_so(tmp_path: Path) -> None:
    """visits.xlsx holding a notes sheet is read from its sheet 'Visits'."""
    folder = csv_cohort(tmp_path)
    (folder / "visits.csv").unlink()
    write_workbook(folder / "visits.xlsx", {"notes": [["read me"]], "Visits": text_rows("visits")})
    assert same_records(load_cohort(folder), load_cohort(csv_cohort(tmp_path / "twin")))


def test_a_tables_workbook_of_several_unnamed_sheets_is_refused(tmp_path: Path) -> None:
    """visits.xlsx with sheets 'A' and 'B' cannot say which holds the visits."""
    folder = csv_cohort(tmp_path)
    (folder / "visits.csv").unlink()
    write_workbook(folder / "visits.xlsx", {"A": text_rows("visits"), "B": text_rows("visits")})
    assert messages(folder) == [
        "visits.xlsx: has 2 sheets ('A', 'B') and none is named visits; keep one sheet, or name "
        "the table's sheet visits"
    ]


def test_table_as_workbook_and_csv_is_refused_naming_both(tmp_path: Path) -> None:
    """visits.csv beside Visits.xlsx: one problem naming both files, in either mode."""
    folder = csv_cohort(tmp_path)
    write_workbook(folder / "Visits.xlsx", {"visits": text_rows("visits")})
    expected = [
        f"visits.xlsx: found both 'visits.csv' and 'Visits.xlsx' in {str(folder)!r}; a table is "
        "read from one file: keep one of them"
    ]
    assert messages(folder) == expected
    assert messages(folder, on_error="exclude") == expected


def test_table_workbook_in_another_case_is_read_with_a_notice(tmp_path: Path) -> None:
    """VISITS.XLSX is the visits table; a notice names the file read."""
    folder = csv_cohort(tmp_path)
    (folder / "visits.csv").unlink()
    write_workbook(folder / "VISITS.XLSX", {"visits": text_rows("visits")})
    assert load_cohort(folder).notices == (
        "visits.xlsx: read from 'VISITS.XLSX' (file names are matched ignoring case)",
    )


def test_a_folder_of_workbooks_lacking_one_names_both_forms(tmp_path: Path) -> None:
    """patients.xlsx and visits.xlsx without regimens: the problem names either file."""
    folder = tmp_path / "tables"
    folder.mkdir()
    for name in ("patients", "visits"):
        write_workbook(folder / f"{name}.xlsx", {name: text_rows(name)})
    assert messages(folder) == [
        f"regimens.csv: file not found: neither regimens.xlsx nor regimens.csv in {str(folder)!r} "
        "(found 'patients.xlsx', 'visits.xlsx'); give every table as a workbook or CSV"
    ]


def test_a_folder_holding_a_cohort_workbook_points_to_the_workbook(tmp_path: Path) -> None:
    """A folder holding only export.xlsx says to give the workbook as the path."""
    folder = tmp_path / "given"
    folder.mkdir()
    small_workbook(folder / "export.xlsx")
    (first, *_) = messages(folder)
    assert first == (
        f"patients.csv: file not found: {str(folder / 'patients.csv')!r} (found 'export.xlsx': "
        "give a workbook holding the sheets patients, visits and regimens as the path, not its "
        "folder)"
    )


def test_a_tables_workbook_given_as_the_path_points_to_its_folder(tmp_path: Path) -> None:
    """visits.xlsx given as the path, one sheet: the message suggests giving its folder."""
    workbook = write_workbook(tmp_path / "visits.xlsx", {"Sheet1": text_rows("visits")})
    assert messages(workbook) == [
        "visits.xlsx: has no sheet named patients, visits, regimens (its sheets: 'Sheet1'); name "
        "the sheets patients, visits and regimens, or give the folder holding visits.xlsx if it "
        "is the visits table alone"
    ]


def test_missing_workbook_is_named(tmp_path: Path) -> None:
    """A workbook path that does not exist says so."""
    with pytest.raises(FileNotFoundError) as raised:
        load_cohort(tmp_path / "export.xlsx")
    assert str(raised.value) == f"workbook not found: {str(tmp_path / 'export.xlsx')!r}"


def test_another_tables_columns_ask_if_it_is_the_right_sheet(tmp_path: Path) -> None:
    """The regimens under the sheet 'patients': one problem, asking about the sheet."""
    workbook = small_workbook(tmp_path / "export.xlsx", patients=text_rows("regimens"))
    assert messages(workbook)[0] == (
        "patients sheet of export.xlsx: holds the columns of regimens sheet of export.xlsx, not "
        "those of patients sheet of export.xlsx; is it the right sheet?"
    )


# --- rows and columns --------------------------------------------------------------------


def test_rows_are_numbered_as_excel_numbers_them(tmp_path: Path) -> None:
    """Two empty rows above the header and one inside: messages and notices give Excel's rows."""
    rows = text_rows("visits", replace(VISITS, 3, "P03,2020-02-01,-3,,,10,"))
    rows = [[None], [], rows[0], *rows[1:3], [None] * 7, *rows[3:]]
    workbook = small_workbook(tmp_path / "export.xlsx", visits=rows)
    assert messages(workbook) == [
        "visits sheet of export.xlsx row 8 (patient P03): ck must be >= 0 and <= 1000000, got -3"
    ]
    rows[7][2] = "150"
    cohort = load_cohort(small_workbook(tmp_path / "fixed.xlsx", visits=rows))
    assert cohort.notices == ("visits sheet of fixed.xlsx: 1 empty row(s) skipped (rows 6)",)


def test_empty_rows_after_the_table_are_no_rows(tmp_path: Path) -> None:
    """Rows formatted but empty below the last row are not rows: no notice."""
    workbook = small_workbook(
        tmp_path / "export.xlsx", visits=[*text_rows("visits"), [None] * 7, [" "]]
    )
    cohort = load_cohort(workbook)
    assert len(cohort.visits) == 4 and cohort.notices == ()


def test_a_title_above_the_header_is_named(tmp_path: Path) -> None:
    """A title in the first row that is not empty: it is not a header, delete it."""
    rows = [[None], ["Visits, export of 2024-05-01"], *text_rows("visits")]
    assert messages(small_workbook(tmp_path / "export.xlsx", visits=rows)) == [
        "visits sheet of export.xlsx: row 2 is not a header: found 'Visits, export of "
        "2024-05-01'; the first row that is not empty must name the columns: patient_id, date "
        "(delete a title above them)"
    ]


def test_an_empty_sheet_is_named(tmp_path: Path) -> None:
    """A sheet with no value at all is one problem of its table."""
    assert messages(small_workbook(tmp_path / "export.xlsx", regimens=[[None, " "]])) == [
        "regimens sheet of export.xlsx: is empty: no cell holds a value"
    ]


def test_a_value_in_an_unnamed_column_is_refused_naming_its_cell(tmp_path: Path) -> None:
    """A value right of the last named column is refused, as in a CSV file, naming the cell."""
    rows = text_rows("visits")
    rows[2] = [*rows[2], None, "see notes"]
    assert messages(small_workbook(tmp_path / "export.xlsx", visits=rows)) == [
        "visits sheet of export.xlsx: the header has unnamed columns with values (cell I3: "
        "'see notes'); name the columns in the header or delete them"
    ]


def test_column_names_are_matched_as_in_csv_files(tmp_path: Path) -> None:
    """'Patient ID' in the header is patient_id, named in a notice as for CSV files."""
    rows = text_rows("patients")
    rows[0][0] = "Patient ID"
    cohort = load_cohort(small_workbook(tmp_path / "export.xlsx", patients=rows))
    assert cohort.notices == (
        "patients sheet of export.xlsx: read column 'Patient ID' as patient_id (column names are "
        "matched ignoring case, surrounding spaces, byte-order marks, and spaces for '_')",
    )


def test_merged_cells_hold_their_value_in_the_first_cell_only(tmp_path: Path) -> None:
    """A patient id merged over two visit rows is missing in the second: an error, not a guess."""
    path = small_workbook(tmp_path / "export.xlsx")
    book = openpyxl().load_workbook(path)
    book["visits"].merge_cells("A2:A3")
    book.save(path)
    assert messages(path) == [
        "visits sheet of export.xlsx row 3: patient_id is required but missing"
    ]


# --- cells -------------------------------------------------------------------------------


def test_numbers_booleans_and_dates_are_read_as_values(tmp_path: Path) -> None:
    """Numbers, whole-number ids (12 and 12.0), TRUE/FALSE and date cells give the CSV records."""
    patients = [
        HEADERS["patients"].split(","),
        [1, "F", dt.date(1960, 4, 2), "DM", True, None],
        [2.0, "M", dt.datetime(1955, 11, 20, 8, 15), "ASS", False, None],
    ]
    visits = [HEADERS["visits"].split(","), [1.0, dt.date(2015, 3, 1), 1200, 71.5, 60.0, 40, None]]
    regimens = [
        HEADERS["regimens"].split(","),
        [2, "Neoral", dt.date(2016, 1, 10), None, 150, "mg/day"],
    ]
    cohort = load_cohort(
        write_workbook(
            tmp_path / "export.xlsx",
            {"patients": patients, "visits": visits, "regimens": regimens},
        )
    )
    twin = tmp_path / "twin"
    twin.mkdir()
    write_cohort(
        twin,
        patients=["1,F,1960-04-02,DM,yes,", "2,M,1955-11-20,ASS,no,"],
        visits=["1,2015-03-01,1200,71.5,60,40,"],
        regimens=["2,Neoral,2016-01-10,,150,mg/day"],
    )
    assert same_records(cohort, load_cohort(twin))
    assert [p.patient_id for p in cohort.patients] == ["1", "2"]


def test_text_markers_are_missing_but_error_cells_are_errors(tmp_path: Path) -> None:
    """Text 'NA' or '#N/A' is a missing value as in CSV; an #N/A error cell is an error."""
    rows = text_rows("visits")
    rows[1][4], rows[2][4] = "NA", "#N/A"  # dlco_pct: openpyxl writes "#N/A" as an error cell
    errors = small_workbook(tmp_path / "errors.xlsx", visits=rows)
    text = small_workbook(tmp_path / "text.xlsx", visits=rows)
    book = openpyxl().load_workbook(text)
    book["visits"]["E3"].data_type = "s"  # the text #N/A, as typed with a leading quote
    book.save(text)
    assert [v.dlco_pct for v in load_cohort(text).visits[:2]] == [None, None]
    assert messages(errors) == [
        "visits sheet of errors.xlsx row 3 (patient P01): dlco_pct must be a number, got the "
        "Excel error #N/A (fix its formula or empty the cell)"
    ]


@pytest.mark.parametrize(
    ("cell", "code", "expected"),
    [
        ("C4", "#DIV/0!", "ck must be a number, got the Excel error #DIV/0!"),
        ("B4", "#VALUE!", "date must be an ISO date YYYY-MM-DD, got the Excel error #VALUE!"),
        ("A4", "#REF!", "patient_id must be text or a whole number, got the Excel error #REF!"),
    ],
    ids=["number", "date", "id"],
)
def test_error_cells_name_sheet_row_and_field(
    tmp_path: Path, cell: str, code: str, expected: str
) -> None:
    """An error cell is an error of its row and field, whatever the field."""
    path = small_workbook(tmp_path / "export.xlsx")
    book = openpyxl().load_workbook(path)
    book["visits"][cell] = code
    book.save(path)
    patient = "" if cell == "A4" else " (patient P02)"
    assert messages(path) == [
        f"visits sheet of export.xlsx row 4{patient}: {expected} (fix its formula or empty the "
        "cell)"
    ]


def test_a_date_in_a_numeric_column_is_named(tmp_path: Path) -> None:
    """A CK cell formatted as a date is refused, saying what Excel shows."""
    rows = text_rows("visits")
    rows[1][2] = dt.date(1903, 4, 14)
    assert messages(small_workbook(tmp_path / "export.xlsx", visits=rows)) == [
        "visits sheet of export.xlsx row 2 (patient P01): ck must be a number, got the date "
        "1903-04-14 (a number formatted as a date?)"
    ]


def test_a_boolean_in_a_numeric_column_is_refused(tmp_path: Path) -> None:
    """TRUE in the CK column is an error, not 1."""
    rows = text_rows("visits")
    rows[1][2] = True
    assert messages(small_workbook(tmp_path / "export.xlsx", visits=rows)) == [
        "visits sheet of export.xlsx row 2 (patient P01): ck must be a number, got True"
    ]


@pytest.mark.parametrize(
    ("serial", "day"),
    [
        (1, "1900-01-01"),
        (59, "1900-02-28"),
        (61, "1900-03-01"),
        (42005, "2015-01-01"),
        (42005.99, "2015-01-01"),
        (2_958_465, "9999-12-31"),
    ],
)
def test_serial_numbers_count_as_excel_counts(serial: float, day: str) -> None:
    """Excel's 1900 date system: day 1 is 1900-01-01, and 1900 is taken as a leap year."""
    assert excel_date(serial) == dt.date.fromisoformat(day)


def test_serial_numbers_equal_openpyxls_dates_from_day_61() -> None:
    """From 1900-03-01 on, each day of the first 60 years equals openpyxl's reading of it."""
    from_excel = openpyxl().utils.datetime.from_excel
    for serial in range(61, 61 + 366 * 60):
        assert excel_date(serial) == from_excel(serial).date()


def test_the_1904_system_is_1462_days_behind() -> None:
    """A 1904-system serial is the 1900 one less 1462 days (from 1904-01-01, day 0)."""
    assert excel_date(0, system=1904) == dt.date(1904, 1, 1)
    for serial in (1462, 40000, 42005, 2_957_003):
        assert excel_date(serial, system=1904) == excel_date(serial + 1462)


def test_serial_numbers_read_in_the_workbooks_date_system(tmp_path: Path) -> None:
    """A 1904-system workbook's serials and date cells give the same days as a 1900 one."""
    patients = text_rows("patients")
    patients[1][2] = (dt.date(1960, 4, 2) - dt.date(1904, 1, 1)).days
    patients[2][2] = dt.date(1955, 11, 20)
    sheets = {name: text_rows(name) for name in TABLES} | {"patients": patients}
    cohort = load_cohort(write_workbook(tmp_path / "mac.xlsx", sheets, mac_dates=True))
    assert same_records(cohort, load_cohort(csv_cohort(tmp_path)))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (60, "the number 60, Excel's 29 February 1900, a day that never was"),
        (-5, "the number -5, which is no day of Excel's calendar"),
        (3_000_000, "the number 3000000, which is no day of Excel's calendar"),
        (1960, "the number 1960 (a year? As an Excel date: 1905-05-13)"),
        (dt.time(10, 30), "the time of day 10:30:00"),
    ],
    ids=["leap-day-1900", "negative", "beyond-9999", "year", "time"],
)
def test_a_date_cell_that_is_no_day_is_named(tmp_path: Path, value: Any, shown: str) -> None:
    """A number that is no day, reads as a year, or a time in a date column is refused."""
    rows = text_rows("patients")
    rows[1][2] = value
    assert messages(small_workbook(tmp_path / "export.xlsx", patients=rows)) == [
        f"patients sheet of export.xlsx row 2 (patient P01): birth_date must be an ISO date "
        f"YYYY-MM-DD, got {shown}"
    ]


def test_a_date_cell_beyond_excels_calendar_is_named(tmp_path: Path) -> None:
    """A date cell beyond 9999 (Excel shows ####) is refused, naming the number it holds."""
    path = small_workbook(tmp_path / "export.xlsx")
    book = openpyxl().load_workbook(path)
    book["patients"]["C2"] = 3_000_000
    book["patients"]["C2"].number_format = "yyyy-mm-dd"
    book.save(path)
    assert messages(path) == [
        "patients sheet of export.xlsx row 2 (patient P01): birth_date must be an ISO date "
        "YYYY-MM-DD, got the date cell 3000000, beyond Excel's calendar"
    ]


def test_serial_zero_is_named_as_a_placeholder(tmp_path: Path) -> None:
    """Serial 0, Excel's 1900-01-00, is the placeholder 1899-12-31, named as such."""
    rows = text_rows("patients")
    rows[1][2] = 0
    (message,) = messages(small_workbook(tmp_path / "export.xlsx", patients=rows))
    assert message.startswith(
        "patients sheet of export.xlsx row 2 (patient P01): birth_date is 1899-12-31, a "
        "placeholder for an unknown date (day 0 of Excel's calendar, shown as 1900-01-00)"
    )


# --- formulas ----------------------------------------------------------------------------


def _save_formula_value(path: Path, sheet: int, cell: str, value: str) -> None:
    """Give the formula in ``cell`` of sheet number ``sheet`` the saved value Excel would write."""
    part = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(path) as archive:
        members = {item.filename: archive.read(item) for item in archive.infolist()}
    xml = members[part].decode()
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start)
    members[part] = (
        xml[:start]
        + xml[start:end].replace("<v></v>", "").replace("<v />", "")
        + f"<v>{value}</v>"
        + xml[end:]
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_one_formula_without_a_saved_value_is_named(tmp_path: Path) -> None:
    """A single formula without a saved value names its cell."""
    rows = text_rows("visits")
    rows[2][2] = "=150*2"
    (message,) = messages(small_workbook(tmp_path / "export.xlsx", visits=rows))
    assert message.startswith(
        "visits sheet of export.xlsx: cell C3 holds a formula without a saved value (the "
    )


def test_a_formula_is_read_as_its_saved_value(tmp_path: Path) -> None:
    """A CK computed by a formula is the value Excel saved with it."""
    rows = text_rows("visits")
    rows[1][2] = "=600*2"
    path = small_workbook(tmp_path / "export.xlsx", visits=rows)
    _save_formula_value(path, 2, "C2", "1200")
    assert same_records(load_cohort(path), load_cohort(csv_cohort(tmp_path)))


def test_formulas_without_saved_values_are_named_by_cell(tmp_path: Path) -> None:
    """Formulas a program wrote without values: one problem of the sheet naming the cells."""
    rows = text_rows("visits")
    for row in rows[1:]:
        row[5] = "=10*4"
    path = small_workbook(tmp_path / "export.xlsx", visits=rows)
    _save_formula_value(path, 2, "F2", "40")
    expected = [
        "visits sheet of export.xlsx: cells F3, F4, F5 hold formulas without saved values (the "
        "workbook was written by a program, not saved by Excel); open it in Excel and save it, "
        "so that Excel computes them"
    ]
    assert messages(path) == expected
    assert messages(path, on_error="exclude") == expected


# --- workbooks that cannot be read -------------------------------------------------------


def test_a_password_protected_workbook_is_one_line(tmp_path: Path) -> None:
    """An encrypted workbook (tests/data/encrypted.xlsx) is refused in one line, naming it.

    The file is a workbook encrypted by msoffcrypto-tool 6.1.0 with the
    password ``secret``, as Excel encrypts one (an OLE2 container holding
    an ``EncryptedPackage`` stream).
    """
    openpyxl()
    assert messages(DATA / "encrypted.xlsx", on_error="exclude") == [
        "encrypted.xlsx: is protected by a password (encrypted) and cannot be read; open it in "
        "Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) and "
        "save it"
    ]


def test_an_xls_file_under_an_xlsx_name_is_named(tmp_path: Path) -> None:
    """An OLE2 file without an encrypted package is an Excel 97-2003 workbook: save as .xlsx."""
    openpyxl()
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    assert messages(path) == [
        "export.xlsx: is an Excel 97-2003 workbook (.xls) under an .xlsx name; open it in Excel "
        "and save it as an Excel Workbook (.xlsx)"
    ]


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) // 2], "File is not a zip file"),
        (lambda data: b"patient_id,sex\nP01,F\n", "File is not a zip file"),
        (lambda data: b"", "File is not a zip file"),
    ],
    ids=["truncated", "csv-text", "empty"],
)
def test_a_damaged_workbook_is_one_line(tmp_path: Path, damage: Any, reason: str) -> None:
    """A workbook that is not a zip archive is one problem naming it, in both modes."""
    path = small_workbook(tmp_path / "export.xlsx")
    path.write_bytes(damage(path.read_bytes()))
    (problem,) = messages(path, on_error="exclude")
    assert (
        problem
        == f"export.xlsx: cannot be read as an Excel workbook (.xlsx): {str(path)!r} ({reason})"
    )


def test_broken_xml_in_a_sheet_is_one_line(tmp_path: Path) -> None:
    """A sheet whose XML is cut off is one problem naming the workbook."""
    path = small_workbook(tmp_path / "export.xlsx")
    with zipfile.ZipFile(path) as archive:
        members = {item.filename: archive.read(item) for item in archive.infolist()}
    members["xl/worksheets/sheet2.xml"] = members["xl/worksheets/sheet2.xml"][:300]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    (problem,) = messages(path)
    assert problem.startswith(
        f"export.xlsx: cannot be read as an Excel workbook (.xlsx): {str(path)!r} ("
    )
    assert "\n" not in problem


def test_xml_entities_are_refused_at_once(tmp_path: Path) -> None:
    """A sheet declaring XML entities (a 'billion laughs' bomb) is refused, not expanded."""
    path = small_workbook(tmp_path / "export.xlsx")
    entities = (
        '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]>"
    )
    with zipfile.ZipFile(path) as archive:
        members = {item.filename: archive.read(item) for item in archive.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    members["xl/worksheets/sheet1.xml"] = (
        entities + sheet.replace("<t>P01</t>", "<t>&i;</t>")
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    started = time.perf_counter()
    (problem,) = messages(path)
    assert time.perf_counter() - started < 5
    assert problem.startswith(
        f"export.xlsx: cannot be read as an Excel workbook (.xlsx): {str(path)!r} ("
    )


def test_a_workbook_unpacking_to_too_much_is_refused(tmp_path: Path) -> None:
    """A part declared to unpack to 600 MiB (as in a zip bomb) is refused before reading."""
    path = small_workbook(tmp_path / "export.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/padding.bin", b"0")
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the central directory's entry of the part added last
    data[entry + 24 : entry + 28] = struct.pack("<I", 600 * 2**20)  # its unpacked size
    path.write_bytes(bytes(data))
    (problem,) = messages(path)
    assert problem == (
        "export.xlsx: unpacks to 600 MiB, more than the 512 MiB a workbook may hold: "
        f"{str(path)!r}; save the tables as CSV"
    )


def _rewrite_part(path: Path, part: str, change: Any) -> None:
    """Replace the XML part ``part`` of the workbook ``path`` by ``change(its bytes)``."""
    with zipfile.ZipFile(path) as archive:
        members = {item.filename: archive.read(item) for item in archive.infolist()}
    members[part] = change(members[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_sheet_of_too_many_cells_is_refused_naming_it(tmp_path: Path) -> None:
    """A visits sheet of a million formatted rows is one line naming the sheet, within seconds."""
    path = small_workbook(tmp_path / "export.xlsx")
    added = MAX_SHEET_CELLS  # with the table's own cells, more than the limit
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(100, 100 + added))
    held: list[int] = []

    def grow(xml: bytes) -> bytes:
        held.append(xml.count(b"<c "))
        return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")

    _rewrite_part(path, "xl/worksheets/sheet2.xml", grow)
    started = time.perf_counter()
    assert messages(path, on_error="exclude") == [
        f"export.xlsx: sheet 'visits' holds {held[0] + added:,} cells, more than the 1,000,000 a "
        "sheet may hold to be read from a workbook; save the tables as CSV UTF-8 or Parquet, "
        "which are read far faster, or delete the sheet if it is no table"
    ]
    assert time.perf_counter() - started < 30


def test_a_workbook_of_too_many_shared_texts_is_refused_naming_the_part(tmp_path: Path) -> None:
    """A million and one shared texts (8 MB zipped, gigabytes read) are refused before reading."""
    path = small_workbook(tmp_path / "export.xlsx")
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    texts = "".join(f"<si><t>{i}</t></si>" for i in range(MAX_SHEET_CELLS + 1))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main_ns}">{texts}</sst>')
    started = time.perf_counter()
    assert messages(path) == [
        "export.xlsx: the part 'xl/sharedStrings.xml' holds 1,000,001 cells or shared texts, "
        "more than the 1,000,000 a sheet may hold to be read from a workbook; save the tables "
        "as CSV UTF-8 or Parquet, which are read far faster, or delete the sheet if it is no "
        "table"
    ]
    assert time.perf_counter() - started < 30


_HOSTILE = {
    "missing sheet": lambda path: write_workbook(path, {"patients": text_rows("patients")}),
    "error cell": lambda path: small_workbook(
        path, visits=[*text_rows("visits")[:2], ["P01", "2015-09-01", "#N/A", 75, 62, 15, None]]
    ),
    "formula without value": lambda path: small_workbook(
        path, visits=[*text_rows("visits")[:2], ["P01", "2015-09-01", "=1+1", 75, 62, 15, None]]
    ),
    "date as text": lambda path: small_workbook(
        path, visits=[*text_rows("visits")[:2], ["P01", "01/09/2015", 900, 75, 62, 15, None]]
    ),
    "damaged": lambda path: path.write_bytes(b"PK\x03\x04 not a workbook") and path,
}


_HOSTILE_STARTS = {
    "missing sheet": "  export.xlsx: has no sheet named visits or regimens ",
    "error cell": "  visits sheet of export.xlsx row 3 (patient P01): ck must be a number, got "
    "the Excel error #N/A",
    "formula without value": "  visits sheet of export.xlsx: cell C3 holds a formula without a "
    "saved value",
    "date as text": "  visits sheet of export.xlsx row 3 (patient P01): date must be written "
    "year first",
    "damaged": "  export.xlsx: cannot be read as an Excel workbook (.xlsx): ",
}


@pytest.mark.parametrize("case", list(_HOSTILE))
def test_hostile_workbooks_give_the_command_one_problem_line(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each hostile workbook: exit status 2, one problem naming the file, no traceback."""
    path = tmp_path / "export.xlsx"
    _HOSTILE[case](path)
    assert main([str(path)]) == EXIT_BAD_DATA
    head, problem = capsys.readouterr().err.splitlines()
    assert head == "error: 1 problem in the input data:"
    assert problem.startswith(_HOSTILE_STARTS[case])


def test_a_date_typed_as_text_in_another_form_names_sheet_row_and_field(tmp_path: Path) -> None:
    """A text date '01/09/2015' is refused as in a CSV file, naming the sheet, row and field."""
    path = _HOSTILE["date as text"](tmp_path / "export.xlsx")
    assert messages(path) == [
        "visits sheet of export.xlsx row 3 (patient P01): date must be written year first, "
        "YYYY-MM-DD, got '01/09/2015': day-first and month-first dates are ambiguous (is it 1 "
        "September or 9 January?)"
    ]


# --- without openpyxl --------------------------------------------------------------------

_NO_OPENPYXL = (
    "reading export.xlsx needs openpyxl and defusedxml, which are not installed: "
    'pip install ".[excel]"'
)


def hide_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import openpyxl`` fail, as without the excel extra."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)


def test_without_openpyxl_a_workbook_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook without openpyxl is one ImportError naming the extra."""
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK")
    hide_openpyxl(monkeypatch)
    with pytest.raises(ImportError) as raised:
        load_cohort(path)
    assert str(raised.value) == _NO_OPENPYXL


def test_without_openpyxl_the_command_prints_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command says how to install the extra, in one line, exit status 2."""
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK")
    hide_openpyxl(monkeypatch)
    assert main([str(path)]) == EXIT_BAD_DATA
    assert capsys.readouterr().err == f"error: {_NO_OPENPYXL}\n"


def test_csv_folders_do_not_import_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of CSV files loads without openpyxl."""
    hide_openpyxl(monkeypatch)
    assert len(load_cohort(csv_cohort(tmp_path)).patients) == 3
