"""Loading many bad or repeated rows: every message stays short, repeats are noticed."""

from __future__ import annotations

from pathlib import Path

from myopathy_outcomes.io import load_cohort
from tests._cohort_files import HEADERS, PATIENTS, VISITS, replace, write_cohort
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
        "visits.csv: unknown columns 'note0', 'note1', 'note2' and 47 more ignored",
    )


def test_many_empty_rows_are_one_short_notice(tmp_path: Path) -> None:
    """Skipped blank lines are named three at a time, then counted."""
    visits = (*VISITS, *[""] * 20)
    cohort = load_cohort(write_cohort(tmp_path, visits=visits))
    assert cohort.notices == ("visits.csv: 20 empty row(s) skipped (rows 6, 7, 8 and 17 more)",)
