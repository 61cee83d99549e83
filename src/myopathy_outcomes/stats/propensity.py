"""The propensity score: the probability of the treatment given the covariates.

:func:`propensity_score` fits R's ``glm(treated ~ covariates, family =
binomial)`` (:func:`~myopathy_outcomes.stats.regression.logistic_regression`)
on a frame of covariates whose categories are expanded as R's
``model.matrix`` expands a factor (one 0/1 column per level but the first).
Missing covariates are handled in one of two ways, chosen by the caller:
``"complete-case"`` leaves out every patient with a missing covariate (and
says how many), ``"missing-indicator"`` fills a missing number with the mean
of the observed values (a missing category becomes its own level) and adds
a 0/1 column saying it was missing.

The fit is refused, with the reason, when it cannot be trusted: fewer than
10 patients in the smaller group per coefficient is allowed but flagged
(``too_small``); complete or quasi-complete separation (a fitted probability
numerically 0 or 1) and a covariate constant in the rows used are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from myopathy_outcomes.stats._arrays import FloatArray
from myopathy_outcomes.stats.display import Displayed
from myopathy_outcomes.stats.regression import LogisticFit, RegressionError, logistic_regression

__all__ = [
    "MISSING",
    "Missing",
    "PropensityError",
    "PropensityScore",
    "design_matrix",
    "propensity_score",
]

Missing = Literal["complete-case", "missing-indicator"]
MISSING: tuple[Missing, ...] = ("complete-case", "missing-indicator")
_EVENTS_PER_COEFFICIENT = 10


class PropensityError(ValueError):
    """No propensity score can be estimated from these data; the message says why."""


@dataclass(frozen=True)
class PropensityScore(Displayed):
    """A fitted propensity score.

    Attributes
    ----------
    score : float array
        Each patient's probability of treatment; NaN for a patient left out.
    used : bool array
        The patients the model was fitted on.
    fit : LogisticFit
        The logistic regression (coefficients named after the design's columns).
    columns : tuple of str
        The design's columns, categories expanded.
    left_out : int
        Patients left out for a missing covariate (complete cases).
    too_small : bool
        Fewer than 10 patients of the smaller group per coefficient: the
        model may overfit.
    """

    score: FloatArray
    used: NDArray[np.bool_]
    fit: LogisticFit
    columns: tuple[str, ...]
    left_out: int
    too_small: bool

    @property
    def logit(self) -> FloatArray:
        """``log(score / (1 - score))``, the scale matching uses."""
        out: FloatArray = np.log(self.score / (1 - self.score))
        return out

    def __repr__(self) -> str:
        return (
            f"PropensityScore({int(self.used.sum())} patients, {len(self.columns)} columns, "
            f"{self.left_out} left out)"
        )


def design_matrix(covariates: pd.DataFrame, missing: Missing = "complete-case") -> pd.DataFrame:
    """The covariates as numbers: categories expanded, missing values handled.

    A column of text or categories becomes one 0/1 column per level but the
    first (sorted) level, named ``"<column>: <level>"`` (R's ``model.matrix``
    with treatment contrasts); a boolean becomes 0/1. Under
    ``"missing-indicator"`` a missing number is filled with the observed
    mean and flagged in ``"<column>: missing"``; a missing category is a
    level of its own. Under ``"complete-case"`` missing values stay NaN.

    Examples
    --------
    >>> frame = pd.DataFrame({"age": [50, 61, None], "dx": ["DM", "PM", "DM"]})
    >>> design_matrix(frame, "missing-indicator").columns.tolist()
    ['age', 'age: missing', 'dx: PM']
    """
    if missing not in MISSING:
        raise ValueError(f"missing must be one of {', '.join(MISSING)}; got {missing!r}")
    out: dict[str, pd.Series] = {}
    for name in covariates.columns:
        column = covariates[name]
        if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
            values = column.astype(float)
            if missing == "missing-indicator" and values.isna().any():
                out[str(name)] = values.fillna(values.mean())
                out[f"{name}: missing"] = values.isna().astype(float)
            else:
                out[str(name)] = values
            continue
        text = column.astype(object)
        absent = text.isna()
        if missing == "missing-indicator":
            text = text.where(~absent, "missing")
        levels = sorted({str(v) for v in text[~text.isna()].tolist()})
        for level in levels[1:]:
            indicator = (text.astype(str) == level).astype(float)
            out[f"{name}: {level}"] = indicator.where(~text.isna(), np.nan)
    return pd.DataFrame(out, index=covariates.index)


def propensity_score(
    covariates: pd.DataFrame,
    treated: ArrayLike,
    *,
    missing: Missing = "complete-case",
) -> PropensityScore:
    """Fit the propensity score, as R's ``glm(treated ~ ., family = binomial)``.

    Parameters
    ----------
    covariates : DataFrame
        One row per patient, one column per covariate: numbers, booleans,
        or text/categories (expanded, see :func:`design_matrix`).
    treated : array_like of bool or 0/1
        The group of each patient (1: the group whose probability is modelled).
    missing : {"complete-case", "missing-indicator"}
        How a missing covariate is handled (see the module notes).

    Returns
    -------
    PropensityScore

    Raises
    ------
    PropensityError
        No patient or one group only in the rows used, a covariate constant
        in them, or separation.

    Examples
    --------
    >>> frame = pd.DataFrame({"age": [40, 50, 60, 70, 45, 65], "dm": [1, 0, 1, 0, 0, 1]})
    >>> ps = propensity_score(frame, [0, 0, 1, 1, 1, 0])
    >>> ps.columns, [round(s, 3) for s in ps.score.tolist()]
    (('age', 'dm'), [0.122, 0.608, 0.392, 0.878, 0.514, 0.486])
    """
    group = np.asarray(treated)
    if group.shape != (len(covariates),) or not np.isin(group, (0, 1, True, False)).all():
        raise ValueError("treated must be 0/1 or True/False, one per row of covariates")
    t = group.astype(bool)
    matrix = design_matrix(covariates, missing)
    values = matrix.to_numpy(dtype=np.float64)
    used = ~np.isnan(values).any(axis=1) if values.size else np.ones(t.size, dtype=bool)
    if not used.any():
        raise PropensityError("no patient has every covariate: no propensity score")
    if t[used].all() or not t[used].any():
        raise PropensityError("the patients with every covariate are all in one group")
    columns = tuple(matrix.columns)
    try:
        fit = logistic_regression(values[used], t[used].astype(float), names=columns)
    except RegressionError as error:
        raise PropensityError(f"no propensity score: {error}") from None
    if fit.separated or not fit.converged:
        raise PropensityError(
            "no propensity score: the covariates separate the groups (a fitted probability "
            "is 0 or 1), so the model did not converge; leave out the covariate that predicts "
            "the group perfectly"
        )
    score = np.full(t.size, np.nan)
    score[used] = fit.fitted
    smaller = int(min(t[used].sum(), (~t[used]).sum()))
    return PropensityScore(
        score=score,
        used=used,
        fit=fit,
        columns=columns,
        left_out=int((~used).sum()),
        too_small=smaller < _EVENTS_PER_COEFFICIENT * len(columns),
    )
