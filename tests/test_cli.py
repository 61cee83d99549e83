"""End-to-end tests of the ``myopathy-outcomes`` command."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from myopathy_outcomes.cli import EXIT_BAD_DATA, main
from myopathy_outcomes.example import example_path
from myopathy_outcomes.report import docx as word
from myopathy_outcomes.report import figures, xlsx
from tests._cohort_files import PATIENTS, write_cohort

PLANTED = {
    "negative CK": "visits.csv row 3 (patient SYN-01): ck must be >= 0 and <= 1000000, got -3",
    "misspelt drug": "regimens.csv row 3 (patient SYN-01): unknown drug 'Cyclosporinn'",
    "stop before start": "regimens.csv row 5 (patient SYN-02): stop_date 2000-01-01 is before",
    "unknown patient": "visits.csv row 167 (patient SYN-99): patient_id 'SYN-99' is not in",
    "impossible date": "visits.csv row 7 (patient SYN-01): date is not a real calendar date",
    "FVC 850": "visits.csv row 10 (patient SYN-01): fvc_pct must be > 0 and <= 200, got 850",
    "duplicate id": "patients.csv row 21 (patient SYN-05): patient_id 'SYN-05' repeats row 6",
}


def _rewrite(path: Path, edit: dict[int, dict[str, str]], extra: list[dict[str, str]]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for index, changes in edit.items():
        rows[index].update(changes)
    rows.extend(extra)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def broken_folder(tmp_path: Path) -> Path:
    """The example with the seven planted errors of the issue."""
    folder = tmp_path / "broken"
    shutil.copytree(example_path(), folder)
    _rewrite(
        folder / "visits.csv",
        {1: {"ck": "-3"}, 5: {"date": "2021-02-30"}, 8: {"fvc_pct": "850"}},
        [
            {
                "patient_id": "SYN-99",
                "date": "2015-01-01",
                "ck": "100",
                "fvc_pct": "",
                "dlco_pct": "",
                "psl_mg": "",
                "hrct_score": "",
            }
        ],
    )
    _rewrite(
        folder / "regimens.csv",
        {1: {"drug": "Cyclosporinn"}, 3: {"stop_date": "2000-01-01"}},
        [],
    )
    _rewrite(
        folder / "patients.csv",
        {},
        [
            {
                "patient_id": "SYN-05",
                "sex": "F",
                "birth_date": "1970-01-01",
                "diagnosis": "DM",
                "ild": "no",
                "death_date": "",
            },
        ],
    )
    return folder


def test_example_report_prints_both_groups_and_all_tables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With no argument the command prints the full report on the synthetic example."""
    assert main([]) == 0
    out = capsys.readouterr().out
    for text in (
        "SYNTHETIC",
        "MMF + CNI (n = 7)",
        "MMF alone (n = 12)",
        "Table 1. Baseline characteristics",
        "Outcomes within groups",
        "Wilcoxon signed-rank, exact",
        "ILD progression",
        "Death during observation",
        "relative decline",
    ):
        assert text in out, text


def test_markdown_format_renders_tables(capsys: pytest.CaptureFixture[str]) -> None:
    """``--format markdown`` renders markdown tables under headings."""
    assert main(["--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# ")
    assert "### Table 1. Baseline characteristics" in out
    assert "|---|" in out


def test_absolute_reading_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    """The report names the ILD reading chosen on the command line."""
    assert main(["--ild-reading", "absolute"]) == 0
    assert "absolute decline" in capsys.readouterr().out


def test_fixed_follow_up_is_described(capsys: pytest.CaptureFixture[str]) -> None:
    """A fixed follow-up time point is used and described in the Methods."""
    assert main(["--follow-up-days", "182"]) == 0
    assert "182" in capsys.readouterr().out


def test_broken_folder_lists_every_planted_error(
    broken_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder with planted errors exits 2 with one line per problem and no traceback."""
    assert main([str(broken_folder)]) == EXIT_BAD_DATA
    captured = capsys.readouterr()
    assert captured.out == ""
    problem_lines = [line for line in captured.err.splitlines() if line.startswith("  ")]
    assert len(problem_lines) == len(PLANTED)
    for what, text in PLANTED.items():
        assert text in captured.err, what
    assert "Traceback" not in captured.err


def test_broken_folder_with_exclude_lists_every_excluded_row(
    broken_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``--on-error exclude`` the report runs and lists each excluded row."""
    assert main([str(broken_folder), "--on-error", "exclude"]) == 0
    out = capsys.readouterr().out
    assert "Excluded input rows" in out
    excluded = out[out.index("Excluded input rows") :]
    for text in (
        "ck must be >= 0",
        "Cyclosporinn",
        "SYN-99",
        "2021-02-30",
        "850",
        "repeats row 6",
    ):
        assert text in excluded, text


def test_missing_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that does not exist exits 2 with a one-line error."""
    assert main([str(tmp_path / "nowhere")]) == EXIT_BAD_DATA
    assert "nowhere" in capsys.readouterr().err


def test_output_file_receives_the_report(tmp_path: Path) -> None:
    """``--output`` writes the report to a file."""
    target = tmp_path / "report.md"
    assert main(["--format", "markdown", "--output", str(target)]) == 0
    assert "SYNTHETIC" in target.read_text(encoding="utf-8")


def test_module_entry_point_runs_without_traceback(broken_folder: Path) -> None:
    """``python -m myopathy_outcomes`` on bad data exits 2 without a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "myopathy_outcomes", str(broken_folder)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )
    assert done.returncode == EXIT_BAD_DATA
    assert "Traceback" not in done.stderr
    assert "negative" not in done.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--follow-up-days", "0"], "follow_up_days must be an integer from 1"),
        (["--follow-up-days", "3000000"], "follow_up_days must be an integer from 1 to 36525"),
        (["--follow-up-days", "180", "--follow-up-window-days", "-5"], "follow_up_window_days"),
        (["--follow-up-window-days", "10"], "--follow-up-window-days needs --follow-up-days"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Out-of-range or inconsistent options are usage errors, not tracebacks."""
    with pytest.raises(SystemExit) as stopped:
        main(options)
    assert stopped.value.code == EXIT_BAD_DATA
    assert message in capsys.readouterr().err


def test_unwritable_output_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report that cannot be written exits 2 naming the file."""
    target = tmp_path / "missing-folder" / "report.txt"
    assert main(["--output", str(target)]) == EXIT_BAD_DATA
    assert "cannot write the report" in capsys.readouterr().err


def test_header_only_files_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files holding only their headers are not an empty report: exit 2, one line."""
    folder = write_cohort(tmp_path, patients=(), visits=(), regimens=())
    assert main([str(folder)]) == EXIT_BAD_DATA
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "nothing to analyse" in captured.err and "holds no patient rows" in captured.err


def test_every_patient_excluded_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When exclude mode leaves no patient, the command says so in one line and exits 2."""
    bad = tuple(line.replace(",F,", ",X,").replace(",M,", ",X,") for line in PATIENTS)
    folder = write_cohort(tmp_path, patients=bad)
    assert main([str(folder), "--on-error", "exclude"]) == EXIT_BAD_DATA
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "nothing to analyse: all 3 patient rows" in err
    assert "patients.csv row 2 (patient P01)" in err and "and 1 more" in err


DESIGNS = Path(__file__).parent.parent / "examples" / "designs"


def test_design_file_runs_another_study(capsys: pytest.CaptureFixture[str]) -> None:
    """--design runs the study of a TOML file, titled and grouped by it."""
    assert main(["--design", str(DESIGNS / "tacrolimus_vs_cyclosporine.toml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Tacrolimus vs cyclosporine as add-on to MMF: outcome report")
    assert "MMF + tacrolimus (n = " in out


def test_papers_design_file_equals_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    """The paper's design file prints the same report as no --design at all."""
    main([])
    default = capsys.readouterr().out
    main(["--design", str(DESIGNS / "hanaoka2019.toml")])
    assert capsys.readouterr().out == default


def test_bad_design_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad design file is one error line naming file and key, and exit status 2."""
    design = tmp_path / "study.toml"
    design.write_text("title = 3\n", encoding="utf-8")
    assert main(["--design", str(design)]) == EXIT_BAD_DATA
    err = capsys.readouterr().err
    assert err == "error: study.toml: key 'title' expected text, got 3\n"


def test_several_ild_criteria_give_a_sensitivity_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--ild-criterion given twice: the first is the main rule, both are tabulated."""
    assert main(["--ild-criterion", "inbuild", "--ild-criterion", "ppf2022"]) == 0
    out = capsys.readouterr().out
    assert "ILD progression by criterion" in out
    assert "ILD progression (inbuild): relative decline of %FVC >= 10%" in out
    table = out.split("ILD progression by criterion")[1]
    assert "\ninbuild " in table and "\nppf2022 " in table


def test_ild_parameter_sets_the_main_criterion(capsys: pytest.CaptureFixture[str]) -> None:
    """--ild-parameter sets a parameter of the main criterion through the registry."""
    assert main(["--ild-criterion", "paper-absolute", "--ild-parameter", "threshold=5"]) == 0
    assert "absolute decline of %FVC > 5 percentage points" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--ild-criterion", "ppf2022", "--ild-reading", "absolute"],
            "has no parameter 'reading'",
        ),
        (["--ild-parameter", "threshold"], "expects KEY=VALUE"),
        (["--ild-parameter", "threshold=many"], "expected a number, got 'many'"),
    ],
)
def test_bad_ild_parameters_are_usage_errors(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A parameter the criterion does not take, or of the wrong kind, exits 2 and says why."""
    with pytest.raises(SystemExit) as stopped:
        main(arguments)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_a_design_that_admits_nobody_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No eligible patient: one line with the reasons counted, exit status 2."""
    design = tmp_path / "study.toml"
    design.write_text(
        'title = "AZA vs MTX"\nlookback_days = 3650\n'
        '[[arm]]\nlabel = "AZA"\nindex = { drugs = ["azathioprine"] }\n'
        '[[arm]]\nlabel = "MTX"\nindex = { drugs = ["methotrexate"] }\n',
        encoding="utf-8",
    )
    assert main(["--design", str(design)]) == EXIT_BAD_DATA
    err = capsys.readouterr().err
    assert err.startswith("error: nothing to analyse: the design 'AZA vs MTX' admits none of the")
    assert "records for less than 3650 days before the index date" in err
    assert err.count("\n") == 1


OUTPUTS = ("report.html", "report.md", "report.txt", "report.tex")


@pytest.fixture
def no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave figures out (they take seconds; tests/report test them)."""
    monkeypatch.setattr(figures, "available", lambda: False)


def test_output_directory_receives_every_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--output DIR/`` writes every format and the tables, and says what needs an extra."""
    monkeypatch.setattr(figures, "available", lambda: False)  # fast; tests/report covers them
    monkeypatch.setattr(word, "available", lambda: False)
    monkeypatch.setattr(xlsx, "available", lambda: False)
    target = tmp_path / "out"
    assert main(["--output", f"{target}/"]) == 0
    for name in OUTPUTS:
        assert (target / name).is_file(), name
    assert {p.stem for p in (target / "tables").glob("*.csv")} >= {"baseline", "within"}
    assert {p.stem for p in (target / "tables").glob("*.tex")} >= {"baseline", "within"}
    out = capsys.readouterr().out
    assert f"to {target}/: report.html, report.md, report.txt, report.tex, tables/" in out
    assert 'No report.docx: it needs python-docx (pip install "myopathy-outcomes[word]")' in out
    assert 'No report.xlsx: it needs openpyxl (pip install "myopathy-outcomes[excel]")' in out
    assert 'No figures: they need matplotlib (pip install "myopathy-outcomes[plot]")' in out


@pytest.mark.usefixtures("no_figures")
def test_excel_output_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--output r.xlsx`` writes a workbook; ``--output DIR/`` writes the same report.xlsx."""
    openpyxl = pytest.importorskip("openpyxl")
    assert main(["--output", str(tmp_path / "r.xlsx")]) == 0
    workbook = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert {"contents", "baseline", "baseline shown"} <= set(workbook.sheetnames)
    assert main(["--output", f"{tmp_path}/out/"]) == 0
    assert (tmp_path / "out" / "report.xlsx").read_bytes() == (tmp_path / "r.xlsx").read_bytes()
    assert "report.xlsx" in capsys.readouterr().out


def test_existing_directory_is_a_directory_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing directory given without a trailing slash still gets every output."""
    monkeypatch.setattr(figures, "available", lambda: False)
    monkeypatch.setattr(word, "available", lambda: False)
    assert main(["--output", str(tmp_path)]) == 0
    assert (tmp_path / "report.html").is_file()


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("r.html", "<!DOCTYPE html>"),
        ("r.tex", "% Written by myopathy-outcomes"),
        ("r.md", "# "),
        ("r.txt", "MMF with or without"),
        ("r.markdown", "# "),
        ("r.htm", "<!DOCTYPE html>"),
    ],
)
@pytest.mark.usefixtures("no_figures")
def test_output_file_format_follows_its_suffix(tmp_path: Path, name: str, start: str) -> None:
    """Without --format, the output file's suffix chooses the format."""
    assert main(["--output", str(tmp_path / name)]) == 0
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


@pytest.mark.usefixtures("no_figures")
def test_html_format_prints_a_document(capsys: pytest.CaptureFixture[str]) -> None:
    """``--format html`` prints one HTML document."""
    assert main(["--format", "html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")


@pytest.mark.usefixtures("no_figures")
def test_docx_format_writes_a_word_file(tmp_path: Path) -> None:
    """``--format docx --output FILE`` writes a Word file (a zip archive)."""
    pytest.importorskip("docx")
    target = tmp_path / "report.docx"
    assert main(["--format", "docx", "--output", str(target)]) == 0
    assert target.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--format", "docx"], "--format docx needs --output FILE.docx"),
        (["--format", "html", "--output", "somewhere/"], "is a directory, which gets every"),
    ],
)
def test_impossible_outputs_are_one_line_errors(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A binary format on the terminal, or one format into a directory, is a one-line error."""
    assert main(options) == EXIT_BAD_DATA
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_declared_measure_is_read_and_an_extra_column_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A design file's own measure is read from visits.csv; an unknown column is 'not used'."""
    folder = tmp_path / "data"
    shutil.copytree(example_path(), folder)
    visits = (folder / "visits.csv").read_text(encoding="utf-8").splitlines()
    lines = [visits[0] + ",kl6_late,kl6_ratio"]
    lines += [f"{line},{500 + i},0.5" for i, line in enumerate(visits[1:])]
    (folder / "visits.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    design = tmp_path / "study.toml"
    design.write_text(
        'based_on = "hanaoka2019"\nmeasures = ["ck", "kl6_late"]\n'
        '[[measure]]\nname = "kl6_late"\nlabel = "KL-6"\nunit = "U/mL"\n'
        "decimals = 0\nminimum = 0\nmaximum = 100000\nlower_is_better = true\n",
        encoding="utf-8",
    )
    assert main([str(folder), "--design", str(design)]) == 0
    out, err = capsys.readouterr()
    assert "KL-6 (U/mL) at baseline" in out
    assert "notice: visits.csv: not used: 'kl6_ratio'" in err
    assert "kl6_ratio" not in out
