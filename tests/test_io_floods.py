"""Floods of bad rows: the message stays short, every problem stays available as data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from myopathy_outcomes.cli import EXIT_BAD_DATA, main
from myopathy_outcomes.errors import CohortDataError, RowProblem, locate, rule_of
from myopathy_outcomes.io import cohort_from_frames, load_cohort
from myopathy_outcomes.io.cell_errors import describe_error
from myopathy_outcomes.models import Visit
from myopathy_outcomes.schema import MEASURES
from tests._cohort_files import HEADERS, VISITS, write_cohort
from tests.test_io import frames_of

BAD = 3000


def flood(tmp_path: Path, lines: list[str]) -> Path:
    """The small cohort with ``lines`` added to its visits."""
    return write_cohort(tmp_path, visits=(*VISITS, *lines))


def raised(folder: Path) -> CohortDataError:
    """The error loading ``folder`` raises."""
    with pytest.raises(CohortDataError) as error:
        load_cohort(folder)
    return error.value


def test_flood_message_counts_each_kind_and_shows_five(tmp_path: Path) -> None:
    """Thousands of bad rows of two kinds: a count and five rows of each, then the rest counted."""
    lines = [f"P02,2016-03-01,-{1 + i},,,,{999 + i}" for i in range(BAD)]
    message = str(raised(flood(tmp_path, lines)))
    assert message.splitlines()[:3] == [
        f"{2 * BAD} problems in the input data, of 2 kinds; the first 5 of each kind:",
        f"  visits.csv, ck: {BAD} problems",
        "    visits.csv row 6 (patient P02): ck must be >= 0 and <= 1000000, got -1",
    ]
    assert f"    and {BAD - 5} more" in message.splitlines()
    assert f"  visits.csv, hrct_score: {BAD} problems" in message.splitlines()
    assert len(message.splitlines()) == 1 + 2 * (1 + 5 + 1)


def test_command_prints_the_short_message_of_a_flood(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command, given thousands of bad rows of one kind, prints eight lines and exits 2."""
    lines = [f"P02,2016-03-01,-{1 + i},,,," for i in range(BAD)]
    assert main([str(flood(tmp_path, lines))]) == EXIT_BAD_DATA
    printed = capsys.readouterr().err.splitlines()
    assert printed[0] == (
        f"error: {BAD} problems in the input data, of 1 kind; the first 5 of each kind:"
    )
    assert len(printed) == 1 + 1 + 5 + 1


def test_flood_keeps_every_problem_as_data(tmp_path: Path) -> None:
    """``error.problems`` holds each problem with its file, row, patient and field."""
    lines = [f"P02,2016-03-01,{-1 - i},,,," for i in range(BAD)]
    problems = raised(flood(tmp_path, lines)).problems
    assert len(problems) == BAD
    assert problems[-1] == RowProblem(
        "visits.csv", 5 + BAD, "P02", "ck", f"ck must be >= 0 and <= 1000000, got -{BAD}"
    )


def test_many_kinds_are_counted_after_twenty(tmp_path: Path) -> None:
    """Kinds beyond the twentieth are counted in one line, not shown."""
    names = list(MEASURES)  # 15 measures, each broken two ways: 30 kinds
    header = ",".join(["patient_id", "date", *names])
    empty = [""] * len(names)
    lines = []
    for index in range(len(names)):
        for bad in ("-1", "high", "-2"):  # out of range twice, then not a number
            cells = list(empty)
            cells[index] = bad
            lines.append(",".join(["P02", "2016-03-01", *cells]))
    folder = write_cohort(tmp_path, visits=lines, headers={"visits": header})
    error = raised(folder)
    assert str(error).splitlines()[-1] == "  and 10 more kinds, 15 problems"
    assert len(error.problems) == 45


def test_ten_problems_are_listed_one_by_one(tmp_path: Path) -> None:
    """Up to ten problems the message lists every one, as it always has."""
    lines = [f"P02,2016-03-01,-{1 + i},,,," for i in range(10)]
    message = str(raised(flood(tmp_path, lines)))
    assert message.splitlines()[0] == "10 problems in the input data:"
    assert len(message.splitlines()) == 11


def test_exclude_mode_lists_every_excluded_row(tmp_path: Path) -> None:
    """With on_error="exclude" each bad row is in ``cohort.excluded`` with its reason."""
    lines = [f"P02,2016-03-01,-{1 + i},,,," for i in range(BAD)]
    cohort = load_cohort(flood(tmp_path, lines), on_error="exclude")
    assert len(cohort.excluded) == BAD
    assert len(cohort.visits) == len(VISITS)
    assert str(cohort.excluded[-1]).endswith(f"got -{BAD}")


def test_same_rule_with_other_values_is_one_kind() -> None:
    """Problems differing only in their values share a kind; other columns do not."""
    first = RowProblem("visits.csv", 2, "P01", "date", "date is in the future: 2999-01-01")
    second = RowProblem("visits.csv", 9, "P02", "date", "date is in the future: 3010-05-02")
    other = RowProblem("regimens.csv", 9, "P02", "date", "date is in the future: 3010-05-02")
    assert first.kind == second.kind != other.kind


def test_an_apostrophe_in_words_is_not_a_quote() -> None:
    """``patient's`` stays a word when values are set aside."""
    message = "date 2015-01-01 is before the patient's birth_date 1960-02-02 ('x')"
    assert rule_of(message) == "date ... is before the patient's birth_date ... (...)"


def test_long_patient_id_is_cut_where_the_row_is_located() -> None:
    """An id of ten million characters is shown by its first sixty and its length."""
    where = locate("visits.csv", 2, "X" * 10_000_000)
    assert where == f"visits.csv row 2 (patient '{'X' * 60}...', 10000000 characters)"


def test_longest_valid_patient_id_is_shown_whole() -> None:
    """An id of 64 characters, the most an id may have, is located whole, not cut."""
    patient_id = "P" * 64
    assert locate("visits.csv", 2, patient_id) == f"visits.csv row 2 (patient {patient_id})"


def test_ten_megabyte_patient_id_gives_a_short_message(tmp_path: Path) -> None:
    """A 10 MB id in the visits is one short problem: too long, the row and the id cut."""
    folder = write_cohort(tmp_path, visits=("X" * 10_000_000 + ",2015-03-01,,,,,",))
    (problem,) = raised(folder).problems
    assert len(str(problem)) < 200
    assert problem.message == "patient_id must be at most 64 characters, got 10000000"


def test_ten_megabyte_patient_id_is_kept_by_no_problem(tmp_path: Path) -> None:
    """Text longer than any id names no patient: the problem holds its length, not the text."""
    folder = write_cohort(tmp_path, visits=("X" * 10_000_000 + ",2015-03-01,,,,,",))
    (problem,) = raised(folder).problems
    assert problem.patient_id is None
    assert str(problem) == (
        "visits.csv row 2: patient_id must be at most 64 characters, got 10000000"
    )


def test_ten_megabyte_patient_id_is_excluded_without_its_text(tmp_path: Path) -> None:
    """With on_error="exclude" the row of a 10 MB id is listed by its row, without the id."""
    folder = write_cohort(tmp_path, visits=(*VISITS, "X" * 10_000_000 + ",2015-03-01,,,,,"))
    (excluded,) = load_cohort(folder, on_error="exclude").excluded
    assert excluded.patient_id is None
    assert excluded.row == len(VISITS) + 2


def test_repeated_too_long_patient_id_is_too_long_not_repeated(tmp_path: Path) -> None:
    """Text too long for an id, given twice, is two rows with an id too long, each short."""
    long_id = "Y" * 5000
    patients = (f"{long_id},F,1960-04-02,DM,yes,", f"{long_id},F,1960-04-02,DM,yes,")
    problems = raised(write_cohort(tmp_path, patients=patients)).problems
    assert [str(p) for p in problems if p.file == "patients.csv"] == [
        f"patients.csv row {row}: patient_id must be at most 64 characters, got 5000"
        for row in (2, 3)
    ]


def test_repeated_longest_patient_id_is_quoted_whole(tmp_path: Path) -> None:
    """A valid id of 64 characters given twice is quoted whole, so that it can be searched."""
    patient_id = "Z" * 64
    patients = (f"{patient_id},F,1960-04-02,DM,yes,", f"{patient_id},F,1960-04-02,DM,yes,")
    problems = raised(write_cohort(tmp_path, patients=patients)).problems
    assert [str(p) for p in problems if p.file == "patients.csv"] == [
        f"patients.csv row 3 (patient {patient_id}): patient_id {patient_id!r} repeats row 2"
    ]


def test_cells_are_worded_as_the_model_words_each_row(tmp_path: Path) -> None:
    """Each invalid cell, worded once, reads as the model's error for each row holding it."""
    lines = [
        "P02,2016-03-01,-3,850,,high,",
        "P02,2016/13/01,-3,,0,,101",
        "P03,01/02/2020,abc,,,-1,",
        "P02,2016-03-02,-3,850,,high,",
    ]
    visits = frames_of(write_cohort(tmp_path, visits=lines)).visits
    expected = []
    for index, row in enumerate(visits.to_dict("records")):
        cells = {name: value or None for name, value in row.items()}
        with pytest.raises(ValidationError) as error:
            Visit.model_validate(cells)
        for details in error.value.errors(include_url=False):
            _, message = describe_error({**details, "loc": (0, *details["loc"])}, Visit)
            expected.append(f"visits.csv row {index + 2} (patient {row['patient_id']}): {message}")
    assert [str(problem) for problem in raised(tmp_path).problems] == expected


def test_frames_flood_is_bounded_too() -> None:
    """DataFrames flooded with bad rows raise the same short message."""
    visits = pd.DataFrame(
        {"patient_id": ["P01"] * 50, "date": ["2015-01-01"] * 50, "ck": [-5] * 50}
    )
    patients = pd.DataFrame(
        {
            "patient_id": ["P01"],
            "sex": ["F"],
            "birth_date": ["1960-04-02"],
            "diagnosis": ["DM"],
            "ild": ["yes"],
            "death_date": [None],
        }
    )
    regimens = pd.DataFrame(columns=HEADERS["regimens"].split(","))
    with pytest.raises(CohortDataError) as error:
        cohort_from_frames(patients, visits, regimens)
    assert str(error.value).splitlines()[1] == "  visits table, ck: 50 problems"
