"""Response as an outcome of a design, from the design file to every output format."""

from __future__ import annotations

import dataclasses
import io
import math
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.cli import main
from myopathy_outcomes.criteria import MMT8_BILATERAL_SCALE, VAS_CM
from myopathy_outcomes.criteria.core_set import CORE_SET
from myopathy_outcomes.design_file import DesignFileError, load_design
from myopathy_outcomes.report import figures
from myopathy_outcomes.stats import categorical_test
from myopathy_outcomes.stats.rank_sum import mann_whitney

EXAMPLES = Path(__file__).parent.parent / "examples"
DESIGN = EXAMPLES / "designs" / "hanaoka2019_response.toml"
COHORT = EXAMPLES / "response_cohort"


@pytest.fixture(scope="module")
def design() -> mo.StudyDesign:
    return load_design(DESIGN)


@pytest.fixture(scope="module")
def cohort(design: mo.StudyDesign) -> mo.Cohort:
    return mo.load_cohort(COHORT, measures=design.declared_measures, synthetic=True)


@pytest.fixture(scope="module")
def report(cohort: mo.Cohort, design: mo.StudyDesign) -> mo.StudyReport:
    return mo.analyze(cohort, design)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "study.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the design file --------------------------------------------------------------------


def test_design_file_declares_scales_limits_and_columns(design: mo.StudyDesign) -> None:
    """[response] sets the MMT-8 scale, the global scales, the limits and the column map."""
    response = design.response
    assert response is not None
    assert response.scales.mmt8 == MMT8_BILATERAL_SCALE
    assert response.scales.physician_global == VAS_CM
    assert (response.scales.upper_limits.of("ck"), response.scales.upper_limits.of("ldh")) == (
        200,
        None,
    )
    assert response.column("mmt8") == "mmt8_bilateral"
    assert response.visit_measures == (
        "physician_global",
        "patient_global",
        "mmt8_bilateral",
        "haq_di",
        "extramuscular_global",
        "ck",
        "aldolase",
        "ast",
    )


BASE = 'based_on = "hanaoka2019"\n[response.upper_limits]\nck = 200\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[response]\nmmt8scale = "0-150"\n',
            "study.toml: key 'response.mmt8scale' expected one of the keys population",
        ),
        (
            '[response]\nmmt8_scale = "0-100"\n',
            "study.toml: key 'response.mmt8_scale' expected one of '0-80', '0-150', got '0-100'",
        ),
        (
            '[response]\npopulation = "child"\n',
            "study.toml in [response]: population must be one of adult, juvenile",
        ),
        (
            '[response]\nphysician_global_scale = "mm"\n',
            "measure 'physician_global' is in cm, the declared physician_global scale in mm",
        ),
        (
            '[response.columns]\nmmt8 = "mmt8_total"\n',
            "mmt8 is read from 'mmt8_total', which is not a measure",
        ),
        (
            '[response.upper_limits]\nck = "200"\n',
            "study.toml: key 'response.upper_limits.ck' expected a number, got '200'",
        ),
    ],
)
def test_design_file_errors_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    """A bad [response] table is one error naming the file and the key or the rule."""
    body = 'based_on = "hanaoka2019"\n' + text
    if "upper_limits" not in text:
        body += "[response.upper_limits]\nck = 200\n"
    with pytest.raises(DesignFileError, match=re.escape(message)):
        load_design(_write(tmp_path, body))


def test_a_measure_beyond_the_declared_scale_is_refused(tmp_path: Path) -> None:
    """MMT-8 mapped to a 0-150 measure on the 0-80 scale: its values could leave the scale."""
    text = (
        'based_on = "hanaoka2019"\n'
        '[[measure]]\nname = "mmt8_both"\nlabel = "MMT-8"\nunit = "score"\ndecimals = 0\n'
        "minimum = 0\nmaximum = 150\n"
        '[response.columns]\nmmt8 = "mmt8_both"\n[response.upper_limits]\nck = 200\n'
    )
    with pytest.raises(DesignFileError, match="measure 'mmt8_both' admits 0 to 150, beyond"):
        load_design(_write(tmp_path, text))


def test_an_enzyme_column_beyond_the_plausible_range_is_refused(tmp_path: Path) -> None:
    """CK mapped to a measure admitting more than the schema's CK could not be checked."""
    text = (
        'based_on = "hanaoka2019"\n'
        '[[measure]]\nname = "ck_site"\nlabel = "CK"\nunit = "U/L"\ndecimals = 0\n'
        "minimum = 0\nmaximum = 1e7\n"
        '[response.columns]\nck = "ck_site"\n[response.upper_limits]\nck = 200\n'
    )
    with pytest.raises(
        DesignFileError, match=re.escape("measure 'ck_site' admits 0 to 1e+07, beyond")
    ):
        load_design(_write(tmp_path, text))


def test_no_enzyme_limit_is_refused(tmp_path: Path) -> None:
    """[response] without any upper limit of normal cannot choose the enzyme."""
    with pytest.raises(DesignFileError, match="declare the upper limit of normal of at least"):
        load_design(_write(tmp_path, 'based_on = "hanaoka2019"\n[response]\n'))


# -- the numbers ------------------------------------------------------------------------


def test_incomplete_core_sets_are_counted_and_named(report: mo.StudyReport) -> None:
    """SYN-04 (no follow-up HAQ-DI) and SYN-11 (no baseline MMT-8) are counted, not scored."""
    patients = report.response_patients_frame().set_index("patient_id")
    incomplete = patients[patients.tis.isna()]
    assert list(incomplete.index) == ["SYN-04", "SYN-11"]
    assert list(incomplete.missing) == ["no follow-up haq_di", "no baseline mmt8 (mmt8_bilateral)"]
    assert incomplete.category.isna().all()
    row = report.response_frame().query("characteristic == 'Core set incomplete (not scored)'")
    assert list(row["count"]) == [1, 1] and list(row.total) == [7, 12]
    assert row.pvalue.isna().all()


def test_tis_is_the_sum_of_the_points(report: mo.StudyReport) -> None:
    """Each complete patient's TIS is the sum of the six measures' points."""
    patients = report.response_patients_frame().dropna(subset=["tis"])
    points = patients[[f"{m}_points" for m in CORE_SET]].sum(axis=1)
    assert np.array_equal(points.to_numpy(), patients.tis.to_numpy())
    assert len(patients) == 17


def test_categories_compared_with_fishers_exact_test(report: mo.StudyReport) -> None:
    """The category counts per arm and their p-value are Fisher's on the per-patient table."""
    patients = report.response_patients_frame().dropna(subset=["tis"])
    counts = pd.crosstab(patients.group, patients.category)
    table = [
        [int(counts.loc[g].get(c, 0)) for c in ("none", "minimal", "moderate", "major")]
        for g in report.design.group_labels
    ]
    expected = categorical_test(table)
    assert expected.method == "exact"
    frame = report.response_frame()
    rows = frame[frame.characteristic == "TIS category"]
    assert rows.pvalue.iloc[0] == expected.pvalue
    assert rows.test.iloc[0] == expected.test
    levels = rows.dropna(subset=["level"])
    got = levels.pivot(index="group", columns="level", values="count")
    assert [[int(got.loc[g, c]) for c in ("none", "minimal", "moderate", "major")] for g in
            report.design.group_labels] == table  # fmt: skip


def test_improvement_compared_with_fishers_exact_test(report: mo.StudyReport) -> None:
    """Improved (TIS >= 20) per arm, among complete core sets, with Fisher's p-value."""
    patients = report.response_patients_frame().dropna(subset=["tis"])
    table = []
    for group in report.design.group_labels:
        scores = patients[patients.group == group].tis
        table.append([int((scores >= 20).sum()), int((scores < 20).sum())])
    expected = categorical_test(table)
    row = report.response_frame().query("characteristic == 'Improved, TIS >= 20'")
    assert list(row["count"]) == [k for k, _ in table]
    assert row.pvalue.iloc[0] == expected.pvalue


def test_tis_compared_with_mann_whitney(report: mo.StudyReport) -> None:
    """The TIS of the two arms, complete core sets only, by the Mann-Whitney test."""
    patients = report.response_patients_frame().dropna(subset=["tis"])
    first, second = (patients[patients.group == g].tis for g in report.design.group_labels)
    expected = mann_whitney(first, second)
    row = report.response_frame().query("characteristic == 'Total Improvement Score'")
    assert row.pvalue.iloc[0] == expected.pvalue
    assert list(row.n) == [6, 11] and list(row.total) == [6, 11]


def test_other_numbers_do_not_change(cohort: mo.Cohort, design: mo.StudyDesign) -> None:
    """Asking for response changes no other number of the report."""
    without = mo.analyze(cohort, dataclasses.replace(design, response=None))
    report = mo.analyze(cohort, design)
    for name in ("baseline_frame", "within_frame", "between_frame", "time_to_event_frame"):
        pd.testing.assert_frame_equal(getattr(report, name)(), getattr(without, name)())
    assert without.response_rows == () and without.responses == ()
    assert "Response between groups" not in without.to_text()


def test_papers_design_has_no_response_section() -> None:
    """The paper's design asks for no response: no table, no CSV, no methods paragraph."""
    report = mo.analyze(mo.load_example())
    assert report.design.response is None
    assert all(t.name not in {"response", "response_patients"} for t in report.tables())
    assert not any(p.startswith("Response:") for p in report.methods())


# -- every output -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["text", "markdown", "html", "latex"])
def test_every_document_shows_the_response(
    report: mo.StudyReport, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each renderer shows the section, the patients and what is missing, and the methods."""
    monkeypatch.setattr(figures, "available", lambda: False)
    document = str(report.render(name))
    for text in ("Response between groups", "Response of each patient", "no follow-up haq"):
        assert text in document
    assert "Total Improvement Score (TIS; Aggarwal et al. 2017" in document


def test_word_document_shows_the_response(
    report: mo.StudyReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Word file holds the section too."""
    pytest.importorskip("docx")
    monkeypatch.setattr(figures, "available", lambda: False)
    with zipfile.ZipFile(io.BytesIO(report.to_docx())) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "Response between groups" in body and "no baseline mmt8 (mmt8_bilateral)" in body


def test_command_writes_the_response_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """myopathy-outcomes DATA --design FILE -o DIR/ writes the tables and the per-patient CSV."""
    out = tmp_path / "out"
    assert main([str(COHORT), "--design", str(DESIGN), "--output", f"{out}/"]) == 0
    capsys.readouterr()
    patients = pd.read_csv(out / "tables" / "response_patients.csv")
    assert len(patients) == 19
    assert patients.set_index("patient_id").loc["SYN-04", "missing"] == "no follow-up haq_di"
    assert math.isnan(patients.set_index("patient_id").loc["SYN-11", "tis"])
    between = pd.read_csv(out / "tables" / "response.csv")
    assert "TIS category" in set(between.characteristic)
    assert "Response between groups" in (out / "report.md").read_text(encoding="utf-8")
    assert main([str(COHORT), "--design", str(DESIGN)]) == 0
    text = capsys.readouterr().out
    assert "Not scored (core set incomplete): SYN-04 (no follow-up haq_di); SYN-11" in text
