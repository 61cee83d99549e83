"""Declared covariates: the Covariate rules, the loader's checks and the design file's tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from myopathy_outcomes.covariates import Covariate, derived_name, drug_class_of
from myopathy_outcomes.design_file import DesignFileError, load_design
from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.io.load import cohort_from_frames

from ._confounded import COVARIATES, frames


def test_a_number_needs_its_plausible_range() -> None:
    """A number covariate without minimum and maximum is refused."""
    with pytest.raises(ValueError, match="needs minimum and maximum"):
        Covariate("duration", "number", "Duration")


def test_a_category_needs_two_distinct_levels() -> None:
    """A category with one level, or a level twice, is refused."""
    with pytest.raises(ValueError, match="two or more levels"):
        Covariate("smoking", "category", "Smoking", levels=("never",))
    with pytest.raises(ValueError, match="levels must differ"):
        Covariate("smoking", "category", "Smoking", levels=("never", "Never"))


def test_a_covariate_cannot_take_a_patient_column_or_derived_name() -> None:
    """sex (a patients column) and age (derived) are not declarable names."""
    with pytest.raises(ValueError, match="column of every patients file"):
        Covariate("sex", "boolean", "Sex")
    with pytest.raises(ValueError, match="derived covariate"):
        Covariate("age", "number", "Age", minimum=0, maximum=120)


def test_derived_names() -> None:
    """prior_<class> names a drug class; baseline_<m> needs a compared measure."""
    assert drug_class_of("prior_glucocorticoid") is not None
    assert derived_name("baseline_ck", ("ck",))
    assert not derived_name("baseline_ck", ("fvc_pct",))


def test_declared_covariates_are_read_from_patients() -> None:
    """Each declared column is kept per patient: booleans, numbers, categories as declared."""
    cohort = cohort_from_frames(*frames(20), covariates=COVARIATES)
    columns = cohort.patients.columns
    assert [name for name, _ in columns.covariates] == ["anti_mda5", "disease_months", "smoking"]
    assert set(columns.covariate("anti_mda5").tolist()) <= {True, False}
    assert set(columns.covariate("smoking").tolist()) <= {"never", "former", "current"}


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("anti_mda5", "maybe", "anti_mda5 must be yes or no"),
        ("smoking", "sometimes", "smoking must be one of 'never', 'former', 'current'"),
        ("disease_months", "-1", "disease_months must be greater than or equal to 0, got -1"),
        ("disease_months", "many", "disease_months must be a number, got 'many'"),
    ],
)
def test_a_bad_covariate_value_names_file_row_patient_and_field(
    column: str, value: str, message: str
) -> None:
    """A value out of range or not a level is a problem of its row, worded like a measure's."""
    patients, visits, regimens = frames(5)
    patients.loc[2, column] = value
    with pytest.raises(CohortDataError) as caught:
        cohort_from_frames(patients, visits, regimens, covariates=COVARIATES)
    assert f"patients table row 4 (patient C002): {message}" in str(caught.value)


def test_a_declared_covariate_column_is_required() -> None:
    """A declared covariate missing from the patients table is named."""
    patients, visits, regimens = frames(5)
    with pytest.raises(CohortDataError, match="smoking"):
        cohort_from_frames(
            patients.drop(columns="smoking"), visits, regimens, covariates=COVARIATES
        )


def test_without_covariates_extra_columns_stay_notices() -> None:
    """Undeclared, the same columns are unknown columns, as before."""
    cohort = cohort_from_frames(*frames(5))
    assert cohort.patients.columns.covariates == ()


_DESIGN = """
based_on = "hanaoka2019"

[[covariate]]
name = "anti_mda5"
type = "boolean"
label = "Anti-MDA5 antibody"

[[covariate]]
name = "smoking"
type = "category"
label = "Smoking"
levels = ["never", "former", "current"]

[adjustment]
covariates = ["age", "female", "anti_mda5", "smoking", "baseline_fvc_pct"]
method = "weighting"
estimand = "ATO"
trim = "crump"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "study.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_design_file_reads_covariates_and_adjustment(tmp_path: Path) -> None:
    """[[covariate]] and [adjustment] become the design's covariates and adjustment."""
    design = load_design(_write(tmp_path, _DESIGN))
    assert [c.name for c in design.covariates] == ["anti_mda5", "smoking"]
    assert design.adjustment is not None
    assert design.adjustment.estimand == "ATO"
    assert design.adjustment.trim == "crump"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('method = "weighting"', 'method = "stratification"'), "method must be one of"),
        (('trim = "crump"', "trim = 0.7"), "trim must be a quantile"),
        (('"baseline_fvc_pct"', '"coffee"'), "unknown covariate 'coffee'"),
        (('estimand = "ATO"', 'estimand = "ATO"\ncaliper = true'), "key 'adjustment.caliper'"),
        (('label = "Smoking"', 'label = "Smoking"\nminimum = 1'), "only a number has minimum"),
        (('type = "boolean"', 'type = "yes-no"'), "type must be one of"),
    ],
)
def test_a_bad_adjustment_names_the_file_and_key(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    """Each mistake in the tables is one line naming the file and what is wrong."""
    text = _DESIGN.replace(*change)
    with pytest.raises(DesignFileError, match=r"study\.toml") as caught:
        load_design(_write(tmp_path, text))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_adjustment_with_three_arms_says_so(tmp_path: Path) -> None:
    """More than two arms: one line saying the adjustment compares two."""
    text = (
        'title = "Three"\n[index]\ndrugs = ["MMF"]\n'
        '[[arm]]\nlabel = "TAC"\nadd_on = { drugs = ["tacrolimus"] }\n'
        '[[arm]]\nlabel = "CyA"\nadd_on = { drugs = ["cyclosporine"] }\n'
        '[[arm]]\nlabel = "alone"\n'
        '[adjustment]\ncovariates = ["age"]\n'
    )
    with pytest.raises(DesignFileError, match="adjustment compares two arms; this design has 3"):
        load_design(_write(tmp_path, text))
