"""Table 1's SMD column equals tableone's formulas in R (data/table1_reference.R).

Numbers: difference of means over the root mean of the two variances; yes/no:
``p1 - p0`` over the root mean of ``p (1 - p)``; diagnosis (four levels): the
multivariate SMD of Yang and Dalton (2012) with ``MASS::ginv``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report import SummaryRow
from myopathy_outcomes.storage.patients import ages_on

from ._confounded import design
from ._pipeline import cohort, run

DATA = Path(__file__).parent / "data"
REFERENCE = pd.read_csv(DATA / "table1_reference.csv").set_index("row")["smd"]
ROWS = {
    "age": "Age at index, years",
    "female": "Female sex",
    "diagnosis": "Diagnosis",
    "ild": "ILD at baseline",
    "ck": "CK (U/L) at baseline",
    "months": "Observation period, months",
}


@functools.cache
def _rows() -> dict[str, SummaryRow]:
    report = mo.analyze(cohort(), design(covariates=("age",)))
    return {row.label: row for row in report.baseline_rows}


@pytest.mark.parametrize("name", list(ROWS))
def test_table1_smd_matches_r_tableone_formulas(name: str) -> None:
    """Each characteristic's SMD equals R's to 1e-10."""
    assert _rows()[ROWS[name]].smd == pytest.approx(REFERENCE[name], rel=1e-10)


def test_level_rows_have_no_smd() -> None:
    """A category's single SMD sits on its heading row; its levels have none."""
    levels = [row for row in _rows().values() if row.indent == 1]
    assert levels
    assert all(row.smd is None for row in levels)


def test_the_input_is_the_data_r_was_given() -> None:
    """table1_input.csv holds the arms and ages the analysis derives (R saw these data)."""
    given = pd.read_csv(DATA / "table1_input.csv")
    derived, _ = run(cohort(), design(covariates=("age",)))
    treated = (np.array(derived.groups) == "MMF + TAC").astype(int)
    ages = ages_on(derived.people.birth_day, derived.index_days)
    assert given["treated"].tolist() == treated.tolist()
    assert given["age"].tolist() == ages.tolist()
