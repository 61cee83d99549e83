"""The adjusted comparison of a design's two arms: :func:`adjusted_comparison`.

Given the analysed patients (:class:`~myopathy_outcomes.derived.Derived`)
and the design's :class:`~myopathy_outcomes.adjustment.Adjustment`, this
builds the covariates (:mod:`myopathy_outcomes.covariates`), fits the
propensity score (R's ``glm(family = binomial)``), weights or matches
(``WeightIt``, ``MatchIt::matchit(method = "nearest")``), measures balance
before and after (``cobalt::bal.tab``: SMD with the unadjusted denominator,
variance ratio, Kish's effective sample size) and estimates the difference
between the arms for the binary outcomes (ILD progression, death: risk
difference and odds ratio) and for each measure's change (mean difference),
beside the unadjusted estimates, each with sandwich errors (``HC0``, or
clustered on the matched pair).

Nothing is reported from a model that could not be trusted: when the
propensity score cannot be fitted (separation, a covariate constant among the
patients used, no patient with every covariate, one group only) or has fewer
than 10 patients of the smaller arm per coefficient, the adjusted estimates
are left out and :attr:`AdjustedComparison.reason` says why; an outcome whose
arms are all 0 or all 1 (separation of the outcome model) gets no odds ratio,
with the reason.

For each time-to-event endpoint, the weighted Kaplan-Meier curve of each arm
(``survfit(weights = w)``) and the hazard ratio of a weighted Cox model with
robust errors (``coxph(weights = w, robust = TRUE)``; matched: clustered on the
pair), beside the unadjusted Cox model; a model that does not converge, or an
arm without an event, gives a note instead of a number.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from myopathy_outcomes.adjustment import Adjustment
from myopathy_outcomes.columnar.ild import progression_columns
from myopathy_outcomes.covariates import DERIVED, drug_class_of
from myopathy_outcomes.derived import Derived
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.drugs import Drug, DrugClass
from myopathy_outcomes.models import Sex
from myopathy_outcomes.outcomes.events import Endpoint
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.stats.adjusted import (
    AdjustedEstimate,
    mean_difference,
    odds_ratio,
    risk_difference,
)
from myopathy_outcomes.stats.balance import (
    Denominator,
    effective_sample_size,
    variance_ratio,
    weighted_smd,
)
from myopathy_outcomes.stats.cox import CoxConvergenceWarning, cox
from myopathy_outcomes.stats.kaplan_meier import kaplan_meier
from myopathy_outcomes.stats.matching import nearest_neighbor_match
from myopathy_outcomes.stats.propensity import (
    Missing,
    PropensityError,
    PropensityScore,
    design_matrix,
    propensity_score,
)
from myopathy_outcomes.stats.survival_results import CoxResult, KaplanMeierResult
from myopathy_outcomes.stats.weights import (
    propensity_weights,
    trim_by_percentile,
    trim_crump,
)
from myopathy_outcomes.storage import Cohort
from myopathy_outcomes.storage.patients import ages_on

__all__ = [
    "AdjustedComparison",
    "AdjustedOutcome",
    "AdjustedSurvival",
    "BalanceRow",
    "adjusted_comparison",
    "covariate_frame",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_MG_PER_DAY = "mg/day"


@dataclass(frozen=True)
class BalanceRow:
    """One covariate column's balance before and after adjustment (``cobalt::bal.tab``).

    ``smd_*`` are treated minus control over the unadjusted denominator;
    ``variance_ratio_*`` treated over control (None for a 0/1 column, as
    cobalt leaves it out).
    """

    name: str
    smd_before: float
    smd_after: float | None
    variance_ratio_before: float | None
    variance_ratio_after: float | None


@dataclass(frozen=True)
class AdjustedOutcome:
    """An outcome's difference between the arms, unadjusted and adjusted.

    ``unadjusted`` and ``adjusted`` are None when not estimated; ``note``
    then says why.
    """

    outcome: str
    measure: str
    unadjusted: AdjustedEstimate | None
    adjusted: AdjustedEstimate | None
    note: str | None = None


@dataclass(frozen=True)
class AdjustedSurvival:
    """A time-to-event endpoint compared between the arms, unadjusted and adjusted.

    Attributes
    ----------
    endpoint : str
        The endpoint in words (``"Time to death"``).
    unadjusted : CoxResult or None
        ``coxph(Surv(days, event) ~ treated)``.
    adjusted : CoxResult or None
        ``coxph(..., weights = w, robust = TRUE)`` (matched: ``cluster = pair``).
    curves : tuple of KaplanMeierResult or None
        The weighted Kaplan-Meier estimate of the treated and of the control arm.
    note : str or None
        Why a number is missing.
    """

    endpoint: str
    unadjusted: CoxResult | None
    adjusted: CoxResult | None
    curves: tuple[KaplanMeierResult, KaplanMeierResult] | None
    note: str | None = None


@dataclass(frozen=True)
class AdjustedComparison:
    """The adjusted comparison of two arms, numbers only (the report renders them).

    Attributes
    ----------
    adjustment : Adjustment
        The settings.
    treated, control : str
        The arms' labels (treated: the arm whose probability is modelled).
    is_treated : bool array
        Each analysed patient's arm (True: ``treated``), in the analysis' order.
    covariates : tuple of (str, str)
        Each covariate's name and label.
    n_treated, n_control : int
        Patients of each arm analysed.
    left_out : int
        Patients left out for a missing covariate (complete cases).
    trimmed : int
        Patients left out by trimming.
    score : PropensityScore or None
        The fitted score; None when it could not be fitted.
    weights : float array or None
        Each analysed patient's weight (0: left out; matching: 1 or 0).
    pairs : int
        Matched pairs (matching).
    matched_pairs : tuple of (int, int)
        Matching: each pair's treated and control patient, as positions among
        the analysed patients, the treated in ``matchit``'s order; empty otherwise.
    balance : tuple of BalanceRow
        Each column of the propensity model.
    ess_before, ess_after : tuple of (float, float) or None
        Kish's effective sample size, treated and control.
    outcomes : tuple of AdjustedOutcome
    survival : tuple of AdjustedSurvival
        Each time-to-event endpoint.
    reason : str or None
        Why no adjusted estimate is reported; None when they are.
    notes : tuple of str
        Further remarks (patients left out, the adjusted survival pending).
    """

    adjustment: Adjustment
    treated: str
    control: str
    is_treated: BoolArray
    covariates: tuple[tuple[str, str], ...]
    n_treated: int
    n_control: int
    left_out: int
    trimmed: int
    score: PropensityScore | None
    weights: FloatArray | None
    pairs: int
    matched_pairs: tuple[tuple[int, int], ...]
    balance: tuple[BalanceRow, ...]
    ess_before: tuple[float, float] | None
    ess_after: tuple[float, float] | None
    outcomes: tuple[AdjustedOutcome, ...]
    survival: tuple[AdjustedSurvival, ...]
    reason: str | None
    notes: tuple[str, ...]

    def balance_frame(self) -> pd.DataFrame:
        """The balance table as numbers: one row per column of the propensity model."""
        return pd.DataFrame(
            [
                {
                    "covariate": row.name,
                    "smd_before": row.smd_before,
                    "smd_after": row.smd_after,
                    "variance_ratio_before": row.variance_ratio_before,
                    "variance_ratio_after": row.variance_ratio_after,
                }
                for row in self.balance
            ],
            columns=[
                "covariate",
                "smd_before",
                "smd_after",
                "variance_ratio_before",
                "variance_ratio_after",
            ],
        )

    def estimates_frame(self) -> pd.DataFrame:
        """Unadjusted and adjusted estimates as numbers: one row per outcome, measure, kind."""
        records = []
        for o in self.outcomes:
            for kind, e in (("unadjusted", o.unadjusted), ("adjusted", o.adjusted)):
                records.append(
                    {
                        "outcome": o.outcome,
                        "measure": o.measure,
                        "kind": kind,
                        "estimate": None if e is None else e.estimate,
                        "std_err": None if e is None else e.std_err,
                        "conf_low": None if e is None else e.conf_int[0],
                        "conf_high": None if e is None else e.conf_int[1],
                        "pvalue": None if e is None else e.pvalue,
                        "n": None if e is None else e.n,
                        "method": None if e is None else e.method,
                        "note": o.note if e is None else None,
                    }
                )
        return pd.DataFrame.from_records(records)

    def survival_frame(self) -> pd.DataFrame:
        """Hazard ratios as numbers: one row per endpoint and kind (unadjusted, adjusted)."""
        records = []
        for row in self.survival:
            for kind, r in (("unadjusted", row.unadjusted), ("adjusted", row.adjusted)):
                records.append(
                    {
                        "endpoint": row.endpoint,
                        "kind": kind,
                        "hazard_ratio": None if r is None else float(r.hazard_ratio[0]),
                        "std_err": None if r is None else float(r.std_err[0]),
                        "conf_low": None if r is None else float(r.hazard_ratio_conf_int[0][0]),
                        "conf_high": None if r is None else float(r.hazard_ratio_conf_int[0][1]),
                        "pvalue": None if r is None else float(r.pvalues[0]),
                        "note": row.note if r is None else None,
                    }
                )
        return pd.DataFrame.from_records(records)


def covariate_frame(
    cohort: Cohort, derived: Derived, design: StudyDesign, names: Sequence[str]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The named covariates of the analysed patients, one column each, and their labels.

    Numbers and 0/1 values are floats (NaN: missing); categories are text
    (None: missing).
    """
    people = derived.people
    declared = {c.name: c for c in design.covariates}
    columns: dict[str, object] = {}
    labels = []
    for name in names:
        if name in declared:
            covariate = declared[name]
            values = people.covariate(name)
            if covariate.type == "category":
                columns[name] = pd.Series(values, dtype=object)
            else:
                columns[name] = np.array(
                    [np.nan if v is None else float(v) for v in values.tolist()], dtype=np.float64
                )
            labels.append(covariate.label)
            continue
        columns[name], label = _derived(cohort, derived, design, name)
        labels.append(label)
    return pd.DataFrame(columns), tuple(labels)


def _derived(
    cohort: Cohort, derived: Derived, design: StudyDesign, name: str
) -> tuple[object, str]:
    people = derived.people
    if name == "age":
        return ages_on(people.birth_day, derived.index_days).astype(np.float64), DERIVED[name]
    if name == "female":
        return np.equal(people.sex, Sex.FEMALE).astype(np.float64), DERIVED[name]
    if name == "diagnosis":
        return pd.Series([d.label for d in people.diagnosis.tolist()], dtype=object), "Diagnosis"
    if name == "baseline_ild":
        return people.ild.astype(np.float64), DERIVED[name]
    if name == "gc_dose":
        return _glucocorticoid_dose(cohort, derived), DERIVED[name]
    drug_class = drug_class_of(name)
    if drug_class is not None:
        return _prior(cohort, derived, drug_class), f"Prior {drug_class.value}"
    measure: Measure = design.measure(name.removeprefix("baseline_"))
    return derived.baseline[measure.name], f"{measure.heading} at baseline"


def _regimens_of(cohort: Cohort, derived: Derived) -> tuple[NDArray[np.int64], FloatArray]:
    """Each regimen's analysed patient (-1: none) and that patient's index day."""
    table = cohort.regimen_table
    where = {pid: i for i, pid in enumerate(derived.people.patient_ids)}
    position = np.array(
        [where.get(table.patient_ids[p], -1) for p in table.patient.tolist()], dtype=np.int64
    )
    index = np.where(position >= 0, derived.index_days[np.maximum(position, 0)], -1)
    return position, index.astype(np.float64)


def _prior(cohort: Cohort, derived: Derived, drug_class: DrugClass) -> FloatArray:
    """1 when a drug of ``drug_class`` was started strictly before the index date."""
    table = cohort.regimen_table
    position, index = _regimens_of(cohort, derived)
    drugs = tuple(Drug)
    of_class = np.array([drugs[c].drug_class == drug_class for c in table.drug.tolist()], bool)
    hit = (position >= 0) & of_class & (table.start < index)
    out = np.zeros(len(derived.people.patient_ids))
    out[position[hit]] = 1.0
    return out


def _glucocorticoid_dose(cohort: Cohort, derived: Derived) -> FloatArray:
    """The summed dose (mg/day) of glucocorticoid courses active on the index date.

    0 when none is active; NaN when an active course has no dose or another unit.
    """
    table = cohort.regimen_table
    position, index = _regimens_of(cohort, derived)
    drugs = tuple(Drug)
    units = sorted({r.dose_unit or "" for r in table.rows})
    gc = np.array(
        [drugs[c].drug_class == DrugClass.GLUCOCORTICOID for c in table.drug.tolist()], bool
    )
    active = (position >= 0) & gc & (table.start <= index) & (table.stop >= index)
    out = np.zeros(len(derived.people.patient_ids))
    for k in np.flatnonzero(active).tolist():
        dose = table.dose[k]
        known = units[table.unit[k]] == _MG_PER_DAY and np.isfinite(dose)
        out[position[k]] += dose if known else np.nan
    return out


def adjusted_comparison(
    cohort: Cohort, derived: Derived, design: StudyDesign
) -> AdjustedComparison:
    """Propensity score, weights or matching, balance and adjusted estimates (module notes).

    Parameters
    ----------
    cohort : Cohort
        The cohort analysed (its regimens give the drug-history covariates).
    derived : Derived
        The analysed patients' derived values.
    design : StudyDesign
        A design with an :class:`~myopathy_outcomes.adjustment.Adjustment`.

    Returns
    -------
    AdjustedComparison
    """
    adjustment = design.adjustment
    if adjustment is None:
        raise ValueError("the design has no adjustment")
    treated_label = design.treated_label
    control_label = next(label for label in design.group_labels if label != treated_label)
    groups = np.array(derived.groups, dtype=object)
    treated = groups == treated_label
    frame, labels = covariate_frame(cohort, derived, design, adjustment.covariates)
    named = tuple(zip(adjustment.covariates, labels, strict=True))
    missing: Missing = (
        "missing-indicator" if adjustment.missing == "indicator" else "complete-case"
    )
    n1, n0 = int(treated.sum()), int((~treated).sum())
    notes: list[str] = []
    base = {
        "adjustment": adjustment,
        "treated": treated_label,
        "control": control_label,
        "is_treated": treated,
        "covariates": named,
        "n_treated": n1,
        "n_control": n0,
    }
    outcomes = _outcome_values(derived, design)
    base["survival"] = _survival_rows(derived, treated, None, None)  # replaced when adjusted
    base["matched_pairs"] = ()
    if min(n1, n0) < 2:
        reason = (
            f"too few patients for a propensity score ({n1} {treated_label}, "
            f"{n0} {control_label}; at least two per arm)"
        )
        return _refused(
            base,
            reason,
            frame=frame,
            treated=treated,
            missing=missing,
            outcomes=outcomes,
            notes=notes,
        )
    constant = _constant_in_one_arm(frame, treated, missing, (treated_label, control_label))
    if constant is not None:
        return _refused(
            base,
            constant,
            frame=frame,
            treated=treated,
            missing=missing,
            outcomes=outcomes,
            notes=notes,
        )
    try:
        score = propensity_score(frame, treated, missing=missing)
    except PropensityError as error:
        why = _why(error, frame, treated)
        return _refused(
            base,
            why,
            frame=frame,
            treated=treated,
            missing=missing,
            outcomes=outcomes,
            notes=notes,
        )
    if score.left_out:
        notes.append(f"{score.left_out} patient(s) left out for a missing covariate")
    if score.too_small:
        smaller = int(min(treated[score.used].sum(), (~treated[score.used]).sum()))
        reason = (
            f"fewer than 10 patients of the smaller arm per coefficient of the propensity "
            f"model ({smaller} for {len(score.columns)} coefficients): the model would "
            "overfit"
        )
        return _refused(
            base,
            reason,
            frame=frame,
            treated=treated,
            missing=missing,
            outcomes=outcomes,
            notes=notes,
            score=score,
        )
    used = score.used
    weights = np.zeros(treated.size)
    cluster = None
    pairs = 0
    trimmed = 0
    if adjustment.method == "matching":
        logit = score.logit[used]
        matching = nearest_neighbor_match(logit, treated[used], caliper=adjustment.caliper)
        weights[used] = matching.weights
        pair_of = np.full(treated.size, -1, dtype=np.int64)
        pair_of[used] = matching.pair_of
        cluster = pair_of
        pairs = len(matching.pairs)
        at = np.flatnonzero(used)
        base["matched_pairs"] = tuple((int(at[a]), int(at[b])) for a, b in matching.pairs)
        if pairs < 2:
            reason = f"{pairs} matched pairs within the caliper: no adjusted estimate"
            return _refused(
                base,
                reason,
                frame=frame,
                treated=treated,
                missing=missing,
                outcomes=outcomes,
                notes=notes,
                score=score,
            )
    else:
        e = score.score[used]
        keep = np.ones(e.size, dtype=bool)
        if adjustment.trim == "crump":
            keep = trim_crump(e, treated[used])
        elif adjustment.trim is not None:
            keep = trim_by_percentile(e, treated[used], float(adjustment.trim))
        trimmed = int((~keep).sum())
        estimand = adjustment.estimand or "ATE"
        w = propensity_weights(e, treated[used], estimand, stabilize=adjustment.stabilize)
        weights[used] = np.where(keep, w, 0.0)
        if trimmed:
            notes.append(f"{trimmed} patient(s) trimmed")
    balance = _balance(frame, treated, missing, used=used, weights=weights, adjustment=adjustment)
    positive = weights > 0
    if not (treated & positive).any() or not (~treated & positive).any():
        reason = "no patient of one arm is left after trimming or matching"
        return _refused(
            base,
            reason,
            frame=frame,
            treated=treated,
            missing=missing,
            outcomes=outcomes,
            notes=notes,
            score=score,
        )
    base["survival"] = _survival_rows(derived, treated, weights, cluster)
    return AdjustedComparison(
        **base,
        left_out=score.left_out,
        trimmed=trimmed,
        score=score,
        weights=weights,
        pairs=pairs,
        balance=balance,
        ess_before=(float(treated[used].sum()), float((~treated[used]).sum())),
        ess_after=(
            effective_sample_size(weights[treated & positive]),
            effective_sample_size(weights[~treated & positive]),
        ),
        outcomes=_outcome_rows(outcomes, treated, weights, cluster),
        reason=None,
        notes=tuple(notes),
    )


def _constant_in_one_arm(
    frame: pd.DataFrame, treated: BoolArray, missing: Missing, labels: tuple[str, str]
) -> str | None:
    """A yes/no column constant in one arm but not the other: quasi-complete separation.

    ``glm`` then "converges" with a coefficient running off to infinity (R warns
    that fitted probabilities are numerically 0 or 1); no score is fitted.
    """
    matrix = design_matrix(frame, missing)
    for name in matrix.columns:
        x = matrix[name].to_numpy(dtype=np.float64)
        seen = ~np.isnan(x)
        if not np.isin(x[seen], (0.0, 1.0)).all():
            continue
        arms = [x[seen & treated], x[seen & ~treated]]
        if not all(a.size for a in arms):
            continue
        for here, other, label in ((arms[0], arms[1], labels[0]), (arms[1], arms[0], labels[1])):
            if np.ptp(here) == 0 and np.ptp(other) > 0:
                return (
                    f"no propensity score: covariate column {str(name)!r} is "
                    f"{int(here[0])} for every {label} patient but varies in the other arm "
                    "(quasi-complete separation: its coefficient would be infinite); "
                    "leave it out or merge its levels"
                )
    return None


def _why(error: PropensityError, frame: pd.DataFrame, treated: BoolArray) -> str:
    """The propensity model's failure, naming a covariate constant in one arm or missing in one."""
    for name in frame.columns:
        column = frame[name]
        for arm, flags in (("treated", treated), ("control", ~treated)):
            values = column[flags]
            if len(values) and values.isna().all():
                return f"{error}; covariate {name!r} is missing for every {arm} patient"
    return str(error)


def _refused(
    base: dict[str, object],
    reason: str,
    *,
    frame: pd.DataFrame,
    treated: BoolArray,
    missing: Missing,
    outcomes: list[tuple[str, str, FloatArray, BoolArray]],
    notes: list[str],
    score: PropensityScore | None = None,
) -> AdjustedComparison:
    """The comparison without adjusted estimates: the reason, balance before, unadjusted."""
    everyone = np.ones(treated.size, dtype=bool)
    try:
        balance = _balance(frame, treated, missing, used=everyone, weights=None, adjustment=None)
    except ValueError:
        balance = ()
    return AdjustedComparison(
        **base,  # type: ignore[arg-type]
        left_out=0 if score is None else score.left_out,
        trimmed=0,
        score=score,
        weights=None,
        pairs=0,
        balance=balance,
        ess_before=None,
        ess_after=None,
        outcomes=_outcome_rows(outcomes, treated, None, None),
        reason=reason,
        notes=tuple(notes),
    )


def _balance(
    frame: pd.DataFrame,
    treated: BoolArray,
    missing: Missing,
    *,
    used: BoolArray,
    weights: FloatArray | None,
    adjustment: Adjustment | None,
) -> tuple[BalanceRow, ...]:
    """Balance of each column of the propensity model among the patients used."""
    matrix = design_matrix(frame, missing)
    att = adjustment is not None and adjustment.estimand == "ATT"
    denominator: Denominator = "treated" if att else "pooled"
    rows = []
    for name in matrix.columns:
        x = matrix[name].to_numpy(dtype=np.float64)
        here = used & ~np.isnan(x)
        t = treated[here]
        if min(t.sum(), (~t).sum()) < 2:  # no variance within an arm
            continue
        values = x[here]
        if np.ptp(values) == 0:  # constant: no spread to standardise by
            continue
        binary = bool(np.isin(values, (0.0, 1.0)).all())
        before = weighted_smd(values, t, denominator=denominator, binary=binary)
        after = None
        vr_after = None
        if weights is not None:
            w = weights[here]
            after = weighted_smd(values, t, w, denominator=denominator, binary=binary)
            vr_after = None if binary else variance_ratio(values, t, w, binary=binary)
        vr_before = None if binary else variance_ratio(values, t, binary=binary)
        rows.append(BalanceRow(str(name), before, after, vr_before, vr_after))
    return tuple(rows)


def _outcome_values(
    derived: Derived, design: StudyDesign
) -> list[tuple[str, str, FloatArray, BoolArray]]:
    """Each outcome: name, kind (binary or change), values, and the patients it concerns."""
    decided = progression_columns(derived.ild)
    evaluable = derived.people.ild & decided.evaluable
    death = derived.people.death_day
    died = (death >= 0) & (death >= derived.index_days)
    out: list[tuple[str, str, FloatArray, BoolArray]] = [
        (
            "ILD progression (patients with baseline ILD, evaluable)",
            "binary",
            decided.progressed.astype(np.float64),
            evaluable,
        ),
        ("Death during observation", "binary", died.astype(np.float64), np.ones(died.size, bool)),
    ]
    for name in design.measures:
        if name not in derived.baseline:
            continue
        change = np.round(derived.follow_up[name] - derived.baseline[name], 10)
        out.append(
            (f"Change in {design.measure(name).heading}", "change", change, ~np.isnan(change))
        )
    return out


def _outcome_rows(
    outcomes: list[tuple[str, str, FloatArray, BoolArray]],
    treated: BoolArray,
    weights: FloatArray | None,
    cluster: NDArray[np.int64] | None,
) -> tuple[AdjustedOutcome, ...]:
    """Each outcome's estimates: risk difference and odds ratio, or mean difference."""
    rows = []
    for name, kind, y, among in outcomes:
        measures = ("risk difference", "odds ratio") if kind == "binary" else ("mean difference",)
        for measure in measures:
            rows.append(
                _outcome(
                    name, measure, y, among, treated=treated, weights=weights, cluster=cluster
                )
            )
    return tuple(rows)


_ESTIMATORS = {
    "risk difference": risk_difference,
    "odds ratio": odds_ratio,
    "mean difference": mean_difference,
}


def _outcome(
    name: str,
    measure: str,
    y: FloatArray,
    among: BoolArray,
    *,
    treated: BoolArray,
    weights: FloatArray | None,
    cluster: NDArray[np.int64] | None,
) -> AdjustedOutcome:
    """One estimate, unadjusted and adjusted; a note instead of a number that cannot be trusted."""
    unadjusted, note = _estimate(measure, y[among], treated[among], None, None)
    if weights is None:
        return AdjustedOutcome(name, measure, unadjusted, None, note)
    here = among & (weights > 0)
    pairs = None if cluster is None else cluster[here]
    adjusted, adjusted_note = _estimate(measure, y[here], treated[here], weights[here], pairs)
    return AdjustedOutcome(name, measure, unadjusted, adjusted, note or adjusted_note)


def _estimate(
    measure: str,
    y: FloatArray,
    t: BoolArray,
    w: FloatArray | None,
    cluster: NDArray[np.int64] | None,
) -> tuple[AdjustedEstimate | None, str | None]:
    if not t.any() or t.all():
        return None, "an arm has no patient with this outcome"
    if measure == "odds ratio":
        for arm in (t, ~t):
            if np.all(y[arm] == y[arm][0]):
                return None, (
                    "every patient of an arm has the same outcome (separation): no odds ratio"
                )
    if measure == "mean difference" and min(t.sum(), (~t).sum()) < 2:
        return None, "fewer than two patients of an arm have this outcome"
    try:
        return _ESTIMATORS[measure](y, t, w, cluster=cluster), None
    except (ValueError, ArithmeticError) as error:
        return None, f"not estimated: {error}"


def _survival_rows(
    derived: Derived,
    treated: BoolArray,
    weights: FloatArray | None,
    cluster: NDArray[np.int64] | None,
) -> tuple[AdjustedSurvival, ...]:
    """Each endpoint: unadjusted Cox; with weights, weighted curves and a robust Cox model."""
    where = {pid: i for i, pid in enumerate(derived.people.patient_ids)}
    rows = []
    for endpoint in Endpoint:
        columns = derived.events.columns(endpoint)
        at = np.array([where[p] for p in columns.patient_ids], dtype=np.intp)
        days = columns.days.astype(np.float64)
        event = columns.event
        t = treated[at]
        unadjusted, note = _cox(days, event, t, None, None)
        if weights is None:
            rows.append(AdjustedSurvival(endpoint.label, unadjusted, None, None, note))
            continue
        w = weights[at]
        here = w > 0
        pairs = None if cluster is None else cluster[at][here]
        adjusted, adjusted_note = _cox(days[here], event[here], t[here], w[here], pairs)
        curves = None
        if (t & here).any() and (~t & here).any():
            curves = (
                kaplan_meier(days[t & here], event[t & here], weights=w[t & here], robust=True),
                kaplan_meier(days[~t & here], event[~t & here], weights=w[~t & here], robust=True),
            )
        rows.append(
            AdjustedSurvival(endpoint.label, unadjusted, adjusted, curves, note or adjusted_note)
        )
    return tuple(rows)


def _cox(
    days: FloatArray,
    event: BoolArray,
    t: BoolArray,
    w: FloatArray | None,
    cluster: NDArray[np.int64] | None,
) -> tuple[CoxResult | None, str | None]:
    """The Cox model of the arm, or why there is none (an arm without events, no convergence)."""
    for arm in (t, ~t):
        if not arm.any():
            return None, "an arm has no patient in this endpoint"
        if not event[arm].any():
            return None, "an arm has no event: the hazard ratio is not estimable"
    robust = None if w is None else True
    with warnings.catch_warnings():
        warnings.simplefilter("error", CoxConvergenceWarning)
        try:
            result = cox(
                days,
                event.astype(np.float64),
                t.astype(np.float64),
                weights=w,
                robust=robust,
                cluster=cluster,
            )
        except CoxConvergenceWarning:
            return None, "the Cox model did not converge"
        except ValueError as error:
            return None, f"not estimated: {error}"
    if not result.converged:
        return None, "the Cox model did not converge"
    return result, None
