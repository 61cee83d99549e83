"""Loading many bad or repeated rows: every message stays short, repeats are noticed."""

from __future__ import annotations

import gc
from pathlib import Path

import myopathy_outcomes as mo
from myopathy_outcomes.io import load_cohort
from tests._cohort_files import HEADERS, PATIENTS, REGIMENS, VISITS, replace, write_cohort
from tests.test_io import messages_of

REPEATS = 500


def test_repeated_id_reason_names_three_rows_and_counts_the_rest(tmp_path: Path) -> None:
    """The first row of an id repeated many times names three repeats, then how many more."""
    patients = (*PATIENTS, *["P02,F,1961-04-02,DM,no,"] * REPEATS)
    cohort = load_cohort(write_cohort(tmp_path, patients=patients), on_error="exclude")
    first = cohort.excluded[0]
    assert (first.row, first.reason) == (
        3,
        f"patient_id 'P02' is repeated in row(s) 5, 6, 7 and {REPEATS - 3} more",
    )


def test_no_reason_grows_with_the_number_of_repeats(tmp_path: Path) -> None:
    """Every excluded row's reason, the visits' of a repeated patient too, stays short."""
    patients = (*PATIENTS, *["P01,F,1961-04-02,DM,no,"] * REPEATS)
    cohort = load_cohort(write_cohort(tmp_path, patients=patients), on_error="exclude")
    assert len(cohort.excluded) == REPEATS + 1 + 2 + 1  # patient rows, 2 visits, 1 regimen
    assert max(len(row.reason) for row in cohort.excluded) < 200


def test_long_text_in_a_numeric_cell_is_cut_in_the_message(tmp_path: Path) -> None:
    """A cell of 100,000 characters is quoted by its first 60 and its length."""
    visits = replace(VISITS, 0, f"P01,2015-03-01,{'9x' * 50_000},71.5,60,40,12")
    assert messages_of(write_cohort(tmp_path, visits=visits)) == [
        f"visits.csv row 2 (patient P01): ck must be a number, got '{'9x' * 30}...' "
        "(100000 characters)"
    ]


def test_long_drug_name_is_cut_in_the_message(tmp_path: Path) -> None:
    """A validator's message quoting a long value quotes it cut."""
    regimens = (f"P01,{'z' * 5000},2015-03-01,,2000,mg/day",)
    (message,) = messages_of(write_cohort(tmp_path, regimens=regimens))
    assert message.startswith(
        f"regimens.csv row 2 (patient P01): unknown drug '{'z' * 60}...' (5000 characters); "
    )


def test_long_date_text_is_cut_in_the_message(tmp_path: Path) -> None:
    """A date cell holding a long text is quoted cut."""
    visits = replace(VISITS, 0, f"P01,{'d' * 1000},1200,71.5,60,40,12")
    (message,) = messages_of(write_cohort(tmp_path, visits=visits))
    assert f"'{'d' * 60}...' (1000 characters)" in message
    assert len(message) < 250


def test_many_unknown_columns_are_one_notice(tmp_path: Path) -> None:
    """Unknown columns make one notice naming three and counting the others."""
    extra = [f"note{i}" for i in range(50)]
    headers = {"visits": ",".join([HEADERS["visits"], *extra])}
    visits = [line + "," * len(extra) for line in VISITS]
    cohort = load_cohort(write_cohort(tmp_path, visits=visits, headers=headers))
    assert cohort.notices == (
        "visits.csv: not used: 'note0', 'note1', 'note2' and 47 more (not a column of the "
        "schema or a measure the design declares)",
    )


def test_many_empty_rows_are_one_short_notice(tmp_path: Path) -> None:
    """Skipped blank lines are named three at a time, then counted."""
    visits = (*VISITS, *[""] * 20)
    cohort = load_cohort(write_cohort(tmp_path, visits=visits))
    assert cohort.notices == ("visits.csv: 20 empty row(s) skipped (rows 6, 7, 8 and 17 more)",)


# --- rows repeated exactly, regimens that overlap ---------------------------------------------


def test_exact_repeat_of_a_visit_is_a_notice(tmp_path: Path) -> None:
    """A visit row pasted twice is kept and told in a notice naming both rows."""
    visits = (*VISITS, VISITS[1])
    cohort = load_cohort(write_cohort(tmp_path, visits=visits))
    assert len(cohort.visits) == 5
    assert cohort.notices == (
        "visits.csv: 1 row(s) repeat an earlier row exactly: row 6 (as row 3); they are kept, "
        "and change no result",
    )


def test_repeat_with_the_same_values_written_otherwise_is_a_repeat(tmp_path: Path) -> None:
    """300.0 repeats 300: rows are compared by their values."""
    visits = (*VISITS, "P01,2015-09-01,300.0,75.0,62,15,NA")
    notices = load_cohort(write_cohort(tmp_path, visits=visits)).notices
    assert notices == (
        "visits.csv: 1 row(s) repeat an earlier row exactly: row 6 (as row 3); they are kept, "
        "and change no result",
    )


def test_many_repeats_are_one_short_notice(tmp_path: Path) -> None:
    """Repeats are counted, and three of them named."""
    visits = (*VISITS, *[VISITS[0]] * 10)
    (notice,) = load_cohort(write_cohort(tmp_path, visits=visits)).notices
    assert notice == (
        "visits.csv: 10 row(s) repeat an earlier row exactly: row 6 (as row 2), row 7 (as row "
        "2), row 8 (as row 2) and 7 more; they are kept, and change no result"
    )


def test_exact_repeat_of_a_regimen_is_a_notice(tmp_path: Path) -> None:
    """A regimen row pasted twice is kept, told as a repeat and not as an overlap."""
    regimens = (*REGIMENS, REGIMENS[0])
    cohort = load_cohort(write_cohort(tmp_path, regimens=regimens))
    assert len(cohort.regimens) == 4
    assert cohort.notices == (
        "regimens.csv: 1 row(s) repeat an earlier row exactly: row 5 (as row 2); they are "
        "kept, and change no result",
    )


def test_overlapping_rows_of_a_drug_are_a_notice(tmp_path: Path) -> None:
    """A second row of a drug starting before the first stops is told, and kept."""
    regimens = (
        *REGIMENS[1:],
        "P01,MMF,2015-03-01,2016-03-01,2000,mg/day",
        "P01,CellCept,2016-01-01,,1500,mg/day",
    )
    cohort = load_cohort(write_cohort(tmp_path, regimens=regimens))
    assert len(cohort.regimens) == 4
    assert cohort.notices == (
        "regimens.csv: 1 row(s) overlap an earlier row of the same drug for the same patient: "
        "row 5 (patient P01, mycophenolate mofetil, overlaps row 4); they are kept, and the "
        "drug counts as taken on every day either row covers",
    )


def test_regimen_restarted_on_its_stop_day_is_no_overlap(tmp_path: Path) -> None:
    """A new row starting the day the last one stops (a dose change) is not an overlap."""
    regimens = (
        *REGIMENS[1:],
        "P01,MMF,2015-03-01,2016-03-01,2000,mg/day",
        "P01,MMF,2016-03-01,,1500,mg/day",
    )
    assert load_cohort(write_cohort(tmp_path, regimens=regimens)).notices == ()


def test_open_regimen_followed_by_another_row_overlaps(tmp_path: Path) -> None:
    """A row without a stop date never stops: a later row of the drug overlaps it."""
    regimens = (*REGIMENS, "P01,MMF,2017-01-01,2018-01-01,1000,mg/day")
    (notice,) = load_cohort(write_cohort(tmp_path, regimens=regimens)).notices
    assert "row 5 (patient P01, mycophenolate mofetil, overlaps row 2)" in notice


def test_other_patients_and_drugs_do_not_overlap(tmp_path: Path) -> None:
    """Rows of another drug, or of another patient, at the same time are no overlap."""
    regimens = (*REGIMENS, "P01,tacrolimus,2015-03-01,,3,mg/day", "P02,MMF,2016-01-10,,1,g/day")
    assert load_cohort(write_cohort(tmp_path, regimens=regimens)).notices == ()


def test_excluded_rows_are_not_counted_as_repeats(tmp_path: Path) -> None:
    """When excluding, a repeat of an excluded row is excluded too, and is no notice."""
    patients = replace(PATIENTS, 1, "P02,M,1955-11-20,ASS,maybe,")
    visits = (*VISITS, VISITS[2])
    cohort = load_cohort(
        write_cohort(tmp_path, patients=patients, visits=visits), on_error="exclude"
    )
    assert cohort.notices == ()
    assert [(row.file, row.row) for row in cohort.excluded][:3] == [
        ("patients.csv", 3),
        ("visits.csv", 4),
        ("visits.csv", 6),
    ]


def test_bad_rows_leave_no_cyclic_garbage(tmp_path: Path) -> None:
    """Bad rows are freed as they are read, not kept until the paused collector runs."""
    regimens = (*REGIMENS, *["P02,aspirin,2016-05-01,,,"] * 500)
    folder = write_cohort(tmp_path, regimens=regimens)
    gc.collect()
    gc.disable()  # the loader pauses the collector anyway; this keeps it off afterwards
    try:
        load_cohort(folder, on_error="exclude")
        garbage = gc.collect()
    finally:
        gc.enable()
    assert garbage < 100  # one traceback cycle per bad row (thousands of objects) before


def test_assignment_names_the_overlapping_row_it_used(tmp_path: Path) -> None:
    """Of two overlapping tacrolimus rows, the assignment table names the one it used."""
    regimens = (
        "P01,prednisolone,2014-01-01,,,",  # row 2
        "P01,azathioprine,2014-02-01,2015-01-01,,",  # row 3
        "P01,MMF,2015-03-01,,2000,mg/day",  # row 4
        "P01,tacrolimus,2014-06-01,2015-03-01,,",  # row 5: stopped on the index date
        "P01,tacrolimus,2015-02-01,2015-06-01,,",  # row 6: overlaps row 5, taken past it
    )
    folder = write_cohort(tmp_path, regimens=regimens)
    report = mo.analyze(mo.load_cohort(folder))
    p01 = next(a for a in report.assignments if a.patient_id == "P01")
    assert (p01.group, p01.index_row, p01.add_on_row) == ("MMF + CNI", 4, 6)
    shown = report.assignment_table().to_frame().set_index("Patient")
    assert shown.loc["P01", "regimens.csv rows"] == "4 (MMF), 6 (tacrolimus)"
    assert any("overlap" in n for n in report.notices)
