"""The Cox model against R's coxph, its properties, its warnings and its errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, reject, settings

from myopathy_outcomes.stats import CoxConvergenceWarning, cox, logrank
from tests.stats._survival_reference import RTOL, floats, rows
from tests.strategies import grouped_censored_samples

ROWS = rows("cox.csv")
CONVERGED = [row for row in ROWS if not row["warning"]]
WARNED = [row for row in ROWS if row["warning"]]
#: Where R warns the likelihood is monotone the estimate is a point on a ridge
#: (coefficients near 20, standard errors near 1e4): its numbers agree to 1e-6 only.
RIDGE_RTOL = 1e-6


def _fit(row: dict[str, str]):  # type: ignore[no-untyped-def]
    x = floats(row["x"]).reshape(-1, int(row["p"]))
    return cox(floats(row["time"]), floats(row["event"]), x, ties=row["ties"])


def _compare(fit, row: dict[str, str], rtol: float) -> None:  # type: ignore[no-untyped-def]
    def close(got: object, key: str) -> None:
        np.testing.assert_allclose(
            np.asarray(got, dtype=np.float64), floats(row[key]), rtol=rtol, atol=1e-300
        )

    close(fit.coef, "coef")
    close(fit.std_err, "std_err")
    close(fit.hazard_ratio, "hazard_ratio")
    close(fit.hazard_ratio_conf_int[:, 0], "lower")
    close(fit.hazard_ratio_conf_int[:, 1], "upper")
    close(fit.pvalues, "pvalue")
    close(fit.loglik, "loglik")
    for name in ("lr", "score", "wald"):
        close(getattr(fit, f"{name}_statistic"), name)
        close(getattr(fit, f"{name}_pvalue"), f"{name}_p")


@pytest.mark.parametrize("row", CONVERGED, ids=[row["id"] for row in CONVERGED])
def test_fit_matches_r_coxph(row: dict[str, str]) -> None:
    """Coefficients, errors, intervals, p-values and the three tests equal coxph/summary."""
    fit = _fit(row)
    _compare(fit, row, RTOL)
    assert fit.converged


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_iterations_match_r_coxph(row: dict[str, str]) -> None:
    """The Newton-Raphson iteration takes as many steps as coxph (fit$iter)."""
    if row["warning"]:
        with pytest.warns(CoxConvergenceWarning):
            fit = _fit(row)
    else:
        fit = _fit(row)
    assert fit.iterations == int(row["iter"])


@pytest.mark.parametrize("row", WARNED, ids=[row["id"] for row in WARNED])
def test_warns_where_r_coxph_warns(row: dict[str, str]) -> None:
    """Monotone likelihood: R's warning is raised, and the numbers still follow R's."""
    opening = " ".join(
        row["warning"].split()[:4]
    )  # "Ran out of iterations", "Loglik converged ..."
    with pytest.warns(CoxConvergenceWarning, match=opening) as record:
        fit = _fit(row)
    assert len(record) == 1
    assert not fit.converged
    _compare(fit, row, RIDGE_RTOL)


def test_all_events_in_one_group_warns() -> None:
    """Every event in one group: the coefficient runs off to infinity, and a warning says so."""
    time = [1, 2, 3, 4, 5, 6, 7, 8]
    event = [1, 1, 1, 0, 0, 1, 0, 0]
    with pytest.warns(CoxConvergenceWarning, match="did not converge"):
        fit = cox(time, event, [1, 1, 1, 1, 0, 1, 0, 0])
    assert fit.coef[0] > 15


def test_one_covariate_fills_estimate_and_conf_int() -> None:
    """With one covariate, estimate and conf_int are its hazard ratio and interval."""
    fit = cox([1, 1, 2, 2, 2, 3, 4, 4, 5, 6], [1, 1, 1, 0, 1, 1, 1, 0, 1, 0], [0, 1] * 5)
    assert fit.estimate == fit.hazard_ratio[0]
    assert fit.conf_int == tuple(fit.hazard_ratio_conf_int[0])
    assert fit.statistic == fit.wald_statistic
    assert fit.pvalue == pytest.approx(fit.pvalues[0], rel=1e-12)


def test_dataframe_columns_name_the_coefficients() -> None:
    """A DataFrame's column names become the result's names."""
    pd = pytest.importorskip("pandas")
    x = pd.DataFrame({"cni": [0, 1, 0, 1, 1, 0, 1, 0], "age": [50, 61, 47, 58, 70, 66, 52, 49]})
    fit = cox([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 0, 1, 1, 0, 1, 1], x)
    assert fit.names == ("cni", "age")


@settings(max_examples=40, deadline=None)
@given(grouped_censored_samples(max_size=30))
def test_breslow_score_test_is_the_logrank_test(sample: tuple[np.ndarray, ...]) -> None:
    """Without tied times, the score test of one binary covariate is survdiff's chi-square."""
    time, event, group = sample
    time = time + np.arange(time.size) / 1024  # distinct times: the identity needs no ties
    try:
        expected = logrank(time, event, group).statistic
    except ValueError:
        reject()
    fit = _fit_quietly(time, event, group, "breslow")
    assert fit.score_statistic == pytest.approx(expected, rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(grouped_censored_samples(max_size=30))
def test_recoding_the_group_turns_the_coefficient(sample: tuple[np.ndarray, ...]) -> None:
    """Swapping 0 and 1 negates the coefficient and keeps the tests."""
    time, event, group = sample
    a = _fit_quietly(time, event, group, "efron")
    b = _fit_quietly(time, event, 1 - group, "efron")
    if not (a.converged and b.converged):
        reject()
    assert b.coef[0] == pytest.approx(-a.coef[0], rel=1e-6, abs=1e-9)
    assert b.lr_statistic == pytest.approx(a.lr_statistic, rel=1e-6, abs=1e-9)


def _fit_quietly(time: np.ndarray, event: np.ndarray, group: np.ndarray, ties: str):  # type: ignore[no-untyped-def]
    """Fit, rejecting the drawn sample where R too would warn or refuse."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", CoxConvergenceWarning)
        try:
            return cox(time, event, group, ties=ties)  # type: ignore[arg-type]
        except (CoxConvergenceWarning, ValueError):
            reject()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"covariates": [1, 1, 1, 1]}, "carries no information"),
        ({"covariates": [[0, 0], [1, 2], [0, 0], [1, 2]]}, "collinear"),
        ({"covariates": [0, 1, 0]}, "one row per time"),
        ({"covariates": [0, 1, np.nan, 1]}, "covariates must be finite"),
        ({"event": [0, 0, 0, 0]}, "no events"),
        ({"ties": "exact"}, "ties must be one of"),
        ({"conf_level": 0}, "conf_level"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], message: str) -> None:
    """Invalid input raises a ValueError naming the argument or the covariate."""
    args: dict[str, object] = {"event": [1, 1, 0, 1], "covariates": [0, 1, 0, 1], **kwargs}
    with pytest.raises(ValueError, match=message):
        cox([1, 2, 3, 4], **args)  # type: ignore[arg-type]


def test_information_vanishing_does_not_crash() -> None:
    """A runaway coefficient whose information reaches 0 warns as R does, with no crash.

    Found by hypothesis: 23 subjects tied at one time, one event, the covariate
    equal to the event. R: "Ran out of iterations and did not converge", variance 0.
    """
    event = np.zeros(23, dtype=int)
    event[9] = 1
    with pytest.warns(CoxConvergenceWarning, match="Ran out of iterations"):
        fit = cox(np.zeros(23), event, event.copy())
    assert fit.covariance.tolist() == [[0.0]]
    assert not fit.converged


def test_prints_like_r_summary() -> None:
    """str() gives R's coefficient row and the three tests of summary(coxph)."""
    fit = cox([1, 2, 3, 4, 5, 6, 7, 8], [1, 0, 1, 1, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1, 0, 1])
    text = str(fit)
    assert "-0.9831    0.3741    0.9424" in text
    assert "Likelihood ratio test = 1.118 on 1 df, p-value = 0.2904" in text
