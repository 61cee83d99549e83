"""The "Adjusted comparison" of a report as display tables (every renderer shows them).

The numbers are :class:`~myopathy_outcomes.adjusted_comparison.AdjustedComparison`'s;
here they become strings: the method and balance table (SMD before and
after, variance ratios, with the estimand, covariates, patients used and
effective sample sizes in its notes) and the estimates table (unadjusted and
adjusted side by side, or the reason an estimate is not reported).
"""

from __future__ import annotations

from myopathy_outcomes.adjusted_comparison import (
    AdjustedComparison,
    AdjustedOutcome,
    AdjustedSurvival,
)
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import Table
from myopathy_outcomes.stats.adjusted import AdjustedEstimate
from myopathy_outcomes.stats.survival_results import CoxResult, KaplanMeierResult

__all__ = ["adjusted_tables", "format_smd"]

_TITLE = "Adjusted comparison"


def format_smd(value: float | None) -> str:
    """An SMD or variance ratio with three decimals; empty when there is none.

    Examples
    --------
    >>> format_smd(0.12345), format_smd(None)
    ('0.123', '')
    """
    return "" if value is None else f"{value:.3f}"


def adjusted_tables(report: ReportNumbers) -> tuple[Table, ...]:
    """The balance table and the estimates table; none without an ``[adjustment]``."""
    adjusted = report.adjusted
    if adjusted is None:
        return ()
    return (_balance_table(adjusted), _estimates_table(adjusted), _survival_table(adjusted))


def _balance_table(a: AdjustedComparison) -> Table:
    rows = tuple(
        (
            _label(row.name, a.covariates),
            format_smd(row.smd_before),
            format_smd(row.smd_after),
            format_smd(row.variance_ratio_before),
            format_smd(row.variance_ratio_after),
        )
        for row in a.balance
    )
    return Table(
        f"{_TITLE}: propensity score and balance",
        ("Covariate", "SMD before", "SMD after", "Variance ratio before", "Variance ratio after"),
        rows,
        _balance_notes(a),
        "adjusted_balance",
    )


def _label(column: str, covariates: tuple[tuple[str, str], ...]) -> str:
    """A column of the propensity model under its covariate's label: ``Smoking: former``."""
    name, _, rest = column.partition(": ")
    label = dict(covariates).get(name, name)
    return f"{label}: {rest}" if rest else label


def _balance_notes(a: AdjustedComparison) -> tuple[str, ...]:
    adjustment = a.adjustment
    covariates = ", ".join(label for _, label in a.covariates)
    notes = [
        f"Method: {adjustment.describe()}; treated: {a.treated}, control: {a.control}.",
        f"Propensity score: logistic regression (R glm, binomial) on {covariates}; "
        f"missing covariates: {adjustment.missing}.",
        f"Patients: {a.n_treated} {a.treated}, {a.n_control} {a.control}.",
        "SMD: treated minus control over the unadjusted standard deviation "
        f"({'treated' if adjustment.estimand == 'ATT' else 'pooled'}), as cobalt::bal.tab; "
        "variance ratios for numeric covariates only.",
    ]
    if a.pairs:
        notes.append(f"Matched pairs: {a.pairs}.")
    if a.ess_after is not None:
        notes.append(
            f"Effective sample size (Kish) after adjustment: {a.ess_after[0]:.1f} {a.treated}, "
            f"{a.ess_after[1]:.1f} {a.control}."
        )
    if a.reason is not None:
        notes.append(f"No adjusted estimate is reported: {a.reason}.")
    notes.extend(f"Note: {note}." for note in a.notes)
    return tuple(notes)


def _estimate(e: AdjustedEstimate | None) -> tuple[str, str]:
    if e is None:
        return "-", ""
    low, high = e.conf_int
    p = "<0.001" if e.pvalue < 0.001 else f"{e.pvalue:.3f}"
    return f"{_number(e.estimate)} ({_number(low)} to {_number(high)})", p


def _number(value: float) -> str:
    """Three significant digits, without an exponent for the thousands.

    Examples
    --------
    >>> _number(-1490.2), _number(0.04891), _number(10.0)
    ('-1490', '0.0489', '10')
    """
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _estimate_row(o: AdjustedOutcome) -> tuple[str, ...]:
    return (o.outcome, o.measure, *_estimate(o.unadjusted), *_estimate(o.adjusted), o.note or "")


def _estimates_table(a: AdjustedComparison) -> Table:
    return Table(
        f"{_TITLE}: estimates, {a.treated} vs {a.control}",
        ("Outcome", "Estimate", "Unadjusted (95% CI)", "P", "Adjusted (95% CI)", "P", "Note"),
        tuple(_estimate_row(o) for o in a.outcomes),
        (
            "Risk and mean differences: lm(y ~ treated, weights = w); odds ratios: "
            "glm(quasibinomial); 95% Wald intervals from sandwich errors (HC0, or clustered "
            "on the matched pair).",
        ),
        "adjusted_estimates",
    )


def _hazard_ratio(result: CoxResult | None) -> tuple[str, str]:
    if result is None:
        return "-", ""
    low, high = result.hazard_ratio_conf_int[0]
    p = float(result.pvalues[0])
    shown = "<0.001" if p < 0.001 else f"{p:.3f}"
    return f"{_number(result.hazard_ratio[0])} ({_number(low)} to {_number(high)})", shown


def _median(curve: KaplanMeierResult) -> str:
    return "NR" if curve.median is None else f"{curve.median / 30.4375:.1f}"


def _survival_row(row: AdjustedSurvival) -> tuple[str, ...]:
    medians = ("", "") if row.curves is None else tuple(_median(c) for c in row.curves)
    return (
        row.endpoint,
        *_hazard_ratio(row.unadjusted),
        *_hazard_ratio(row.adjusted),
        *medians,
        row.note or "",
    )


def _survival_table(a: AdjustedComparison) -> Table:
    return Table(
        f"{_TITLE}: time to event, {a.treated} vs {a.control}",
        (
            "Endpoint",
            "Unadjusted HR (95% CI)",
            "P",
            "Adjusted HR (95% CI)",
            "P",
            f"Weighted median, months: {a.treated}",
            f"Weighted median, months: {a.control}",
            "Note",
        ),
        tuple(_survival_row(row) for row in a.survival),
        (
            "Hazard ratios: Cox model of the arm (Efron ties); adjusted: weighted, with "
            "robust errors (coxph(weights = w, robust = TRUE); matched: clustered on the pair). "
            "Weighted medians: weighted Kaplan-Meier (survfit(weights = w)); NR: not reached.",
        ),
        "adjusted_survival",
    )
