"""Study designs read from TOML files (myopathy_outcomes.design_file)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.design_file import DesignFileError, load_design

DESIGNS = Path(__file__).parent.parent / "examples" / "designs"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "study.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_papers_file_is_the_papers_design() -> None:
    """examples/designs/hanaoka2019.toml gives exactly HANAOKA_2019."""
    assert load_design(DESIGNS / "hanaoka2019.toml") == mo.studies.HANAOKA_2019


def test_another_study_runs_on_the_example() -> None:
    """The tacrolimus-versus-cyclosporine file runs, with groups and reasons from its labels."""
    design = load_design(DESIGNS / "tacrolimus_vs_cyclosporine.toml")
    report = mo.analyze(mo.load_example(), design)
    assert design.group_labels == ("MMF + tacrolimus", "MMF + cyclosporine")
    assert report.group_size("MMF + tacrolimus") + report.group_size("MMF + cyclosporine") > 0
    text = report.to_text()
    assert text.startswith("Tacrolimus vs cyclosporine as add-on to MMF: outcome report")
    assert "excluded: no tacrolimus or cyclosporine within 14 days of the index date" in text


def test_based_on_replaces_only_the_keys_given(tmp_path: Path) -> None:
    """based_on keeps every value of the named design that the file does not set."""
    design = load_design(_write(tmp_path, 'based_on = "hanaoka2019"\nadd_on_window_days = 14\n'))
    assert design.add_on_window_days == 14
    assert design.arms == mo.studies.HANAOKA_2019.arms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = 3", "study.toml: key 'title' expected text, got 3"),
        ("add_on_windows_days = 3", "key 'add_on_windows_days' expected one of the keys"),
        (
            'based_on = "hanaoka2019"\n[[arm]]\nlabel = "A"\nadd_on = { drugs = "tacrolimus" }',
            "key 'arm[1].add_on.drugs' expected a list, got 'tacrolimus'",
        ),
        ('based_on = "hanaoka2019"\n[index]\ndrugs = ["MMX"]', "study.toml in [index]:"),
        ('based_on = "hanaoka2019"\nadd_on_window_days = -1', "add_on_window_days must be 0 to"),
        ('based_on = "paper"', "key 'based_on' expected a named study (hanaoka2019)"),
        ('title = "T"\n[[arm]]\nlabel = "A"', "key 'index' missing"),
        ("title = ", "study.toml: not valid TOML"),
        ('based_on = "hanaoka2019"\n[ild]\nreading = "percent"', "key 'ild.reading' expected one"),
        (
            'based_on = "hanaoka2019"\nmeasures = ["ck", "kl6_ratio"]',
            "unknown measure 'kl6_ratio'",
        ),
        (
            'based_on = "hanaoka2019"\n[[measure]]\nname = "kl6_late"\nlabel = "KL-6"',
            "key 'measure[1].unit' missing",
        ),
    ],
)
def test_bad_file_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    """A bad design file raises DesignFileError naming the file and the key."""
    with pytest.raises(DesignFileError, match=re.escape(message)):
        load_design(_write(tmp_path, text))


def test_missing_file_is_named(tmp_path: Path) -> None:
    """A design file that does not exist is named in the error."""
    with pytest.raises(DesignFileError, match=r"nope\.toml: cannot read the design file"):
        load_design(tmp_path / "nope.toml")


def test_declared_measure_is_known(tmp_path: Path) -> None:
    """A measure declared in the file can be named in measures."""
    text = (
        'based_on = "hanaoka2019"\nmeasures = ["ck", "kl6_late"]\n'
        '[[measure]]\nname = "kl6_late"\nlabel = "KL-6"\nunit = "U/mL"\n'
        "decimals = 0\nminimum = 0\nmaximum = 100000\n"
    )
    design = load_design(_write(tmp_path, text))
    assert design.measure("kl6_late").heading == "KL-6 (U/mL)"


def test_ild_criterion_and_sensitivity(tmp_path: Path) -> None:
    """[ild] names the main criterion and the criteria of the sensitivity table."""
    text = (
        'based_on = "hanaoka2019"\n[ild]\ncriterion = "omeract"\n'
        'sensitivity = ["paper", "paper-absolute", "ppf2022", "omeract", "inbuild"]\n'
    )
    design = load_design(_write(tmp_path, text))
    assert design.ild_rule.name == "omeract"
    report = mo.analyze(mo.load_example(), design)
    frame = report.ild_sensitivity_frame()
    assert list(dict.fromkeys(frame["characteristic"])) == list(design.ild_sensitivity)


def test_ild_reading_only_with_paper(tmp_path: Path) -> None:
    """A reading or threshold with a criterion other than the paper's is an error."""
    text = 'based_on = "hanaoka2019"\n[ild]\ncriterion = "ppf2022"\nthreshold = 5\n'
    with pytest.raises(DesignFileError, match=re.escape("key 'ild.criterion' expected 'paper'")):
        load_design(_write(tmp_path, text))


def test_a_criterions_parameters_are_keys_of_ild(tmp_path: Path) -> None:
    """[ild] takes the chosen criterion's parameters, as the registry lists them."""
    text = 'based_on = "hanaoka2019"\n[ild]\ncriterion = "paper-absolute"\nthreshold = 5\n'
    design = load_design(_write(tmp_path, text))
    assert design.ild_rule == mo.rules.ild.criterion("paper", reading="absolute", threshold=5)


def test_sensitivity_criteria_may_carry_parameters(tmp_path: Path) -> None:
    """A sensitivity entry is a name or a table of a criterion and its parameters."""
    text = (
        'based_on = "hanaoka2019"\n[ild]\n'
        'sensitivity = ["paper", { criterion = "paper", threshold = 5 }]\n'
    )
    design = load_design(_write(tmp_path, text))
    assert design.sensitivity_criteria == (
        mo.rules.ild.criterion("paper"),
        mo.rules.ild.criterion("paper", threshold=5),
    )
    rows = mo.analyze(mo.load_example(), design).ild_sensitivity_rows
    assert [row.label for row in rows] == ["paper", "paper (> 5)"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('threshold = "high"', "key 'ild.threshold' expected a number, got 'high'"),
        ('reading = "both"', "key 'ild.reading' expected one of ['relative', 'absolute']"),
        (
            "months = 12",
            "key 'ild.months' expected one of the keys criterion, sensitivity, reading",
        ),
        ("sensitivity = [{ threshold = 5 }]", "key 'ild.sensitivity[1].criterion' missing"),
        ('sensitivity = [{ criterion = "omeract", threshold = 5 }]', "expected 'paper' or"),
    ],
)
def test_bad_ild_keys_are_named(tmp_path: Path, table: str, message: str) -> None:
    """A wrong [ild] key or value names the key and what was expected."""
    text = f'based_on = "hanaoka2019"\n[ild]\n{table}\n'
    with pytest.raises(DesignFileError, match=re.escape(message)):
        load_design(_write(tmp_path, text))


HEAD_TO_HEAD = """
title = "Azathioprine vs methotrexate in new users"
lookback_days = 365
washout_days = 365
same_day_starts = "arm-order"

[washout]
classes = ["antimetabolite"]

[[arm]]
label = "azathioprine"
index = { drugs = ["azathioprine"] }

[[arm]]
label = "methotrexate"
index = { drugs = ["methotrexate"] }
"""


def test_a_head_to_head_design_needs_no_index_table(tmp_path: Path) -> None:
    """Arms that name their index drugs make the design's index; new-user keys are read."""
    design = load_design(_write(tmp_path, HEAD_TO_HEAD))
    assert design.head_to_head
    assert set(design.index.members()) == {mo.drugs.Drug.AZATHIOPRINE, mo.drugs.Drug.METHOTREXATE}
    assert (design.lookback_days, design.washout_days, design.same_day_starts) == (
        365,
        365,
        "arm-order",
    )
    assert design.washout_drugs == mo.DrugSet(classes=["antimetabolite"])


def test_a_design_that_admits_nobody_is_refused_when_read(tmp_path: Path) -> None:
    """Arms that share an index drug are refused with the file and the groups named."""
    text = HEAD_TO_HEAD.replace(
        'drugs = ["methotrexate"]', 'drugs = ["methotrexate", "azathioprine"]'
    )
    with pytest.raises(
        DesignFileError,
        match=re.escape(
            "study.toml: no patient could be eligible: groups 'azathioprine' and 'methotrexate' "
            "share index drugs (azathioprine)"
        ),
    ):
        load_design(_write(tmp_path, text))


def test_the_index_table_is_required_for_add_on_arms(tmp_path: Path) -> None:
    """Without [index], every arm must name its index drugs."""
    text = (
        'title = "t"\n[[arm]]\nlabel = "A"\nadd_on = { drugs = ["IVIG"] }\n[[arm]]\nlabel = "B"\n'
    )
    with pytest.raises(DesignFileError, match="key 'index' missing"):
        load_design(_write(tmp_path, text))


def test_the_new_user_example_design_reads() -> None:
    """examples/designs/azathioprine_vs_methotrexate.toml is a head-to-head, as-treated design."""
    design = load_design(DESIGNS / "azathioprine_vs_methotrexate.toml")
    assert design.head_to_head
    assert design.outcome_rules.as_treated and design.outcome_rules.grace_days == 60
    assert "New users: records from at least 365 days" in design.describe()


PAPER_WITH_WINDOW = 'based_on = "hanaoka2019"\nadd_on_window_days = 14\n'


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    """A file saved by Windows Notepad as UTF-8 (with a byte-order mark) reads as without one."""
    path = tmp_path / "study.toml"
    path.write_bytes(PAPER_WITH_WINDOW.encode("utf-8-sig"))
    assert load_design(path) == load_design(_write(tmp_path, PAPER_WITH_WINDOW))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_is_named_with_what_to_do(tmp_path: Path, encoding: str) -> None:
    """A UTF-16 file (Notepad's "Unicode") is refused, saying to save it as UTF-8."""
    path = tmp_path / "study.toml"
    path.write_bytes(PAPER_WITH_WINDOW.encode(encoding))
    if encoding == "utf-16-be":
        path.write_bytes(b"\xfe\xff" + path.read_bytes())
    with pytest.raises(DesignFileError, match=r"UTF-16 text .*save the design file as UTF-8"):
        load_design(path)


def test_other_bytes_are_not_utf8(tmp_path: Path) -> None:
    """A file in another encoding (Shift-JIS) says it is not UTF-8."""
    path = tmp_path / "study.toml"
    path.write_bytes('title = "比較"\n'.encode("cp932"))
    with pytest.raises(DesignFileError, match="not UTF-8 text; save the design file as UTF-8"):
        load_design(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'based_on = "hanaoka2019"\ntitle = "MMF\\u001b[31m study"',
            r"study.toml: title 'MMF\\x1b\[31m study' contains U\+001B escape",
        ),
        (
            'based_on = "hanaoka2019"\n[[arm]]\nlabel = "A\\u202eB"\nadd_on = { drugs = ["IVIG"] }'
            '\n[[arm]]\nlabel = "C"',
            r"study.toml in \[arm\[1\]\]: a group label 'A\\u202eB' contains U\+202E",
        ),
        (
            'based_on = "hanaoka2019"\n[index]\ndrugs = ["MMF"]\nlabel = "M\\u200bMF"',
            r"study.toml in \[index\]: label 'M\\u200bMF' contains U\+200B zero width space",
        ),
        (
            'based_on = "hanaoka2019"\n[[measure]]\nname = "kl6_late"\nlabel = "KL\\u00006"'
            '\nunit = "U/mL"\ndecimals = 0\nminimum = 0\nmaximum = 1e5',
            r"Measure 'kl6_late': label 'KL\\x006' contains U\+0000 null",
        ),
    ],
)
def test_labels_with_hidden_characters_are_refused(
    tmp_path: Path, text: str, message: str
) -> None:
    """Control, ANSI-escape, zero-width and right-to-left characters in labels are named."""
    with pytest.raises(DesignFileError, match=message):
        load_design(_write(tmp_path, text))
