"""Every public result shows itself in a notebook: a short repr and escaped HTML, no raw arrays."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes import stats
from myopathy_outcomes.stats.adjusted import risk_difference
from myopathy_outcomes.stats.matching import nearest_neighbor_match
from myopathy_outcomes.stats.propensity import propensity_score
from myopathy_outcomes.stats.regression import linear_regression

#: The longest repr a result may have: a few lines of a terminal.
REPR_LIMIT = 1000

#: Eight or more numbers in a row, as a printed array shows them.
NUMBER_RUN = re.compile(r"(?:-?\d[\d.e+-]*[,\s]+){8,}-?\d")


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


def _per_patient(report: mo.StudyReport) -> pd.DataFrame:
    """The analysed patients: group, baseline CK and %FVC, death and time to it."""
    pairs = report.pairs_frame()
    baseline = pairs.pivot_table(index="patient_id", columns="measure", values="baseline")
    events = report.event_frame()
    death = events[events["endpoint"] == "death"].set_index("patient_id")
    frame = death[["group", "days", "event"]].join(baseline[["ck", "fvc_pct"]])
    return frame.assign(treated=(frame["group"] == "MMF + CNI").astype(int))


def _results(report: mo.StudyReport) -> dict[str, Any]:
    """One instance of each public result type, built from the bundled example."""
    death = next(s for s in report.endpoints if s.endpoint == "death")
    km = death.groups[0].curve
    assert km is not None and death.logrank is not None and death.cox is not None
    patients = _per_patient(report)
    events = report.event_frame()
    progression = events[events["endpoint"] == "progression_or_death"].dropna(subset=["days"])
    complete = patients.dropna(subset=["ck", "fvc_pct"])
    score = propensity_score(complete[["ck", "fvc_pct"]], complete["treated"])
    ck = complete["ck"].to_numpy()
    by_group = [ck[complete["group"] == g] for g in ("MMF + CNI", "MMF alone")]
    table = pd.crosstab(patients["group"], patients["event"]).to_numpy()
    within = next(r.result for r in report.within_rows if r.result is not None)
    return {
        "WilcoxonResult": within,
        "MannWhitneyResult": stats.mann_whitney(*by_group),
        "FisherResult": stats.fisher_exact(table),
        "ChiSquareResult": stats.chi_square(table),
        "KruskalWallisResult": stats.kruskal_wallis(by_group[0], by_group[1][:6], by_group[1][6:]),
        "KaplanMeierResult": km,
        "SurvivalAt": km.survival_at([365, 730, 1095]),
        "LogrankResult": death.logrank,
        "CoxResult": death.cox,
        "CumulativeIncidenceResult": stats.cumulative_incidence(
            progression["days"], progression["status"]
        ),
        "PropensityScore": score,
        "LogisticFit": score.fit,
        "LinearFit": linear_regression(complete[["treated"]].to_numpy(), ck),
        "Matching": nearest_neighbor_match(score.logit, complete["treated"], caliper=None),
        "AdjustedEstimate": risk_difference(patients["event"], patients["treated"]),
        "EndpointSummary": death,
        "GroupSurvival": death.groups[0],
        "Cohort": mo.load_example(),
        "StudyReport": report,
        "Table": report.baseline_table(),
    }


def _public_result_types() -> set[str]:
    """Names of the dataclasses the public modules of ``mo.stats`` define, and the top level's."""
    names = {name for name in stats.__all__ if dataclasses.is_dataclass(getattr(stats, name))}
    for module in pkgutil.iter_modules(stats.__path__):
        if module.name.startswith("_"):
            continue
        loaded = importlib.import_module(f"{stats.__name__}.{module.name}")
        names |= {
            name
            for name, value in vars(loaded).items()
            if inspect.isclass(value)
            and dataclasses.is_dataclass(value)
            and not name.startswith("_")
            and value.__module__ == loaded.__name__
        }
    names |= {name for name in mo.__all__ if dataclasses.is_dataclass(getattr(mo, name, None))}
    return names - {"TestResult"}  # the base: every test's result is one


def test_every_public_result_type_has_an_example(report: mo.StudyReport) -> None:
    """The display tests below cover every public result type (a new one must join them)."""
    built = _results(report)
    missing = _public_result_types() - set(built) - _NOT_RESULTS
    assert not missing, f"no example result of {sorted(missing)}"


#: Public dataclasses that are inputs, not results (a design, its parts).
_NOT_RESULTS = {
    "Arm",
    "DrugSet",
    "StudyDesign",
    "OutcomeRules",
    "IldProgressionRule",
    "FvcDeclineReading",
    "Patient",
    "Regimen",
    "Visit",
}


@pytest.fixture(scope="module")
def results(report: mo.StudyReport) -> dict[str, Any]:
    return _results(report)


RESULT_NAMES = sorted(
    [
        "WilcoxonResult",
        "MannWhitneyResult",
        "FisherResult",
        "ChiSquareResult",
        "KruskalWallisResult",
        "KaplanMeierResult",
        "SurvivalAt",
        "LogrankResult",
        "CoxResult",
        "CumulativeIncidenceResult",
        "PropensityScore",
        "LogisticFit",
        "LinearFit",
        "Matching",
        "AdjustedEstimate",
        "EndpointSummary",
        "GroupSurvival",
        "Cohort",
        "StudyReport",
        "Table",
    ]
)


@pytest.mark.parametrize("name", RESULT_NAMES)
def test_repr_is_short_and_has_no_array(results: dict[str, Any], name: str) -> None:
    """The repr fits a few lines of a terminal and prints no array."""
    shown = repr(results[name])
    assert type(results[name]).__name__ == name
    assert len(shown) <= REPR_LIMIT, shown
    assert "array(" not in shown and not NUMBER_RUN.search(shown), shown


def test_weighted_and_robust_survival_display_alike(report: mo.StudyReport) -> None:
    """A weighted Kaplan-Meier curve and a robust Cox model show short, array-free displays."""
    patients = _per_patient(report)
    weights = np.where(patients["treated"] == 1, 1.5, 0.75)
    curve = stats.kaplan_meier(patients["days"], patients["event"], weights=weights)
    model = stats.cox(patients["days"], patients["event"], patients[["treated"]], robust=True)
    for result in (curve, model):
        assert len(repr(result)) <= REPR_LIMIT and "array(" not in repr(result)
        page = result._repr_html_()
        assert "array(" not in page and not NUMBER_RUN.search(page)
    assert "Weighted Kaplan-Meier" in curve._repr_html_()
    assert "robust se" in model._repr_html_()


@pytest.mark.parametrize("name", RESULT_NAMES)
def test_html_has_no_raw_array(results: dict[str, Any], name: str) -> None:
    """The notebook display is HTML with no array and no long run of numbers in one cell."""
    page = results[name]._repr_html_()
    assert page.lstrip().startswith("<")
    assert "array(" not in page and not NUMBER_RUN.search(page), page[:2000]


HOSTILE = "<img src=x onerror=alert(1)>"


def test_labels_from_the_data_are_escaped_in_every_display() -> None:
    """A group label with markup shows as text in the displays that carry it."""
    design = mo.studies.HANAOKA_2019
    cni, alone = design.arms
    arms = (dataclasses.replace(cni, label=HOSTILE), alone)
    report = mo.analyze(mo.load_example(), dataclasses.replace(design, arms=arms))
    death = next(s for s in report.endpoints if s.endpoint == "death")
    test = stats.logrank([1, 2, 3, 4, 5, 6], [1, 0, 1, 1, 0, 1], [HOSTILE, "b"] * 3)
    for shown in (death, test, report.baseline_table(), report):
        page = shown._repr_html_()
        assert "<img" not in page, type(shown).__name__
        assert "&lt;img src=x onerror=alert(1)&gt;" in page, type(shown).__name__


def test_a_kaplan_meier_frame_has_one_row_per_time_per_group(report: mo.StudyReport) -> None:
    """The endpoint's frame stacks each group's curve; ``pd.DataFrame(to_dict())`` works."""
    death = next(s for s in report.endpoints if s.endpoint == "death")
    frame = death.to_frame()
    curves = [g.curve for g in death.groups if g.curve is not None]
    assert len(frame) == sum(c.time.size for c in curves)
    assert list(frame.columns[:2]) == ["group", "time"]
    tidy = pd.DataFrame(curves[0].to_dict())
    assert len(tidy) == curves[0].time.size and tidy["n"].eq(curves[0].n).all()
