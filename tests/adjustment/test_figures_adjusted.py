"""The love plot and the propensity-score overlap figure (the plot extra)."""

from __future__ import annotations

import functools

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.io.load import cohort_from_frames
from myopathy_outcomes.report import figures

from ._confounded import COVARIATES, design, frames

pytest.importorskip("matplotlib")


@functools.cache
def _report() -> mo.StudyReport:
    data = cohort_from_frames(*frames(200), covariates=COVARIATES)
    return mo.analyze(data, design(covariates=("age", "anti_mda5", "smoking")))


def test_the_report_draws_a_love_plot_and_the_overlap() -> None:
    """With an adjustment the figures end with the love plot and the score overlap."""
    names = [f.name for f in figures.report_figures(_report())]
    assert names[-2:] == ["love_plot", "ps_overlap"]


def test_the_love_plot_has_a_point_per_covariate_before_and_after() -> None:
    """Each column of the propensity model is a row, before and after."""
    figure = figures.love_plot(_report())
    ax = figure.axes[0]
    rows = len(_report().adjusted.balance)  # type: ignore[union-attr]
    assert [len(c.get_offsets()) for c in ax.collections] == [rows, rows]


def test_the_papers_report_has_no_adjusted_figures() -> None:
    """Without [adjustment] neither figure is drawn, and asking for one says why."""
    report = mo.analyze(mo.load_example())
    assert "love_plot" not in [f.name for f in figures.report_figures(report)]
    with pytest.raises(ValueError, match="no adjusted comparison"):
        figures.love_plot(report)
