"""The study report: attrition, Table 1, outcome tables, and their rendering.

:class:`StudyReport` holds numbers and result objects; its ``*_table()``
methods turn them into :class:`~myopathy_outcomes._render.Table` objects that
render as plain text or markdown, or convert to DataFrames. It is built by
:func:`myopathy_outcomes.analysis.analyze`.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from myopathy_outcomes._render import Table
from myopathy_outcomes._summary import Quartiles, format_pvalue
from myopathy_outcomes.cohort import Assignment, Group, GroupingRules
from myopathy_outcomes.models import ExcludedRow
from myopathy_outcomes.outcomes import Measure, OutcomeRules
from myopathy_outcomes.rules.ild import IldProgressionRule
from myopathy_outcomes.stats.results import TestResult, WilcoxonResult

GROUPS: tuple[Group, ...] = (Group.MMF_CNI, Group.MMF_ALONE)

DECIMALS: dict[Measure, int] = {
    Measure.CK: 0,
    Measure.FVC: 1,
    Measure.DLCO: 1,
    Measure.PSL: 1,
    Measure.HRCT: 1,
}


def describe_test(result: TestResult) -> str:
    """Name the test and method that produced ``result``, as printed in the report.

    Examples
    --------
    >>> from myopathy_outcomes.stats import fisher_exact, mann_whitney
    >>> describe_test(fisher_exact([[6, 1], [9, 3]]))
    "Fisher's exact"
    >>> describe_test(mann_whitney([1, 2, 3], [4, 5]))
    'Mann-Whitney, exact'
    """
    return result.label


@dataclass(frozen=True)
class Comparison:
    """A between-group test, or the reason none was run.

    ``note`` is the reason when ``result`` is ``None``, otherwise a remark
    printed after the test's name (why this test was chosen).
    """

    result: TestResult | None
    note: str | None = None

    @property
    def pvalue(self) -> float | None:
        """The p-value, or ``None`` when no test was run."""
        return None if self.result is None else self.result.pvalue

    @property
    def test(self) -> str:
        """The test name, or the reason it was not run."""
        if self.result is None:
            return f"not tested: {self.note}" if self.note else "not tested"
        label = describe_test(self.result)
        return f"{label} ({self.note})" if self.note else label


@dataclass(frozen=True)
class SummaryRow:
    """One row of Table 1 or of the between-group outcomes.

    ``cells`` holds one display string per group, in :data:`GROUPS` order.
    ``comparison`` is ``None`` on the level rows of a categorical variable,
    whose single test sits on the heading row.
    """

    label: str
    cells: tuple[str, ...]
    comparison: Comparison | None
    indent: int = 0


@dataclass(frozen=True)
class WithinGroupRow:
    """A paired follow-up versus baseline comparison of one measure in one group."""

    group: Group
    measure: Measure
    n_patients: int
    baseline: Quartiles
    follow_up: Quartiles
    change: Quartiles
    left_out: tuple[tuple[str, int], ...]
    result: WilcoxonResult | None
    note: str | None = None

    @property
    def n_left_out(self) -> int:
        """How many patients of the group were left out of this pair test."""
        return sum(count for _, count in self.left_out)


@dataclass(frozen=True)
class StudyReport:
    """Everything the analysis found, ready to render.

    Attributes
    ----------
    source : str
        Where the data came from.
    synthetic : bool
        Whether the data are synthetic; the rendering says so at the top.
    assignments : tuple of Assignment
        Group assignment of every screened patient, with its reason.
    excluded_rows : tuple of ExcludedRow
        Input rows left out while loading.
    notices : tuple of str
        Loader remarks (unknown columns).
    baseline_rows : tuple of SummaryRow
        Table 1: baseline characteristics by group.
    within_rows : tuple of WithinGroupRow
        Follow-up versus baseline, per group and measure.
    between_rows : tuple of SummaryRow
        ILD progression, deaths and changes compared between groups.
    grouping, outcome_rules, ild_rule
        The rules the analysis used, printed in the methods section.
    patients_read : int or None
        Patient rows in the input, before rows with data errors were excluded.
    """

    source: str
    synthetic: bool
    assignments: tuple[Assignment, ...]
    excluded_rows: tuple[ExcludedRow, ...]
    notices: tuple[str, ...]
    baseline_rows: tuple[SummaryRow, ...]
    within_rows: tuple[WithinGroupRow, ...]
    between_rows: tuple[SummaryRow, ...]
    grouping: GroupingRules
    outcome_rules: OutcomeRules
    ild_rule: IldProgressionRule
    patients_read: int | None = None

    # -- numbers ---------------------------------------------------------
    def group_size(self, group: Group) -> int:
        """Number of patients assigned to ``group``."""
        return sum(a.group is group for a in self.assignments)

    # -- tables ----------------------------------------------------------
    def attrition_table(self) -> Table:
        """Screened patients, exclusions with reasons, and the size of each group."""
        eligible = [a for a in self.assignments if a.group is not None]
        rows: list[tuple[str, str]] = []
        screened = len(self.assignments)
        if self.patients_read is not None and self.patients_read != screened:
            rows.append(("Patient rows read", str(self.patients_read)))
            rows.append(("  excluded for data errors", str(self.patients_read - screened)))
        rows.append(("Patients screened", str(screened)))
        reasons = Counter(a.ineligibility for a in self.assignments if a.group is None)
        for reason, count in sorted(reasons.items(), key=lambda item: str(item[0])):
            rows.append((f"  excluded: {reason}", str(count)))
        rows.append(("Patients analysed", str(len(eligible))))
        for group in GROUPS:
            members = [a for a in eligible if a.group is group]
            rows.append((f"  {group}", str(len(members))))
            drugs = Counter(a.cni for a in members if a.cni is not None)
            rows.extend((f"    with {drug}", str(n)) for drug, n in sorted(drugs.items()))
        notes = [f"Input rows excluded while loading: {len(self.excluded_rows)}."]
        if self.excluded_rows:
            notes[0] += " Each is listed under 'Excluded input rows'."
        return Table("Attrition", ("Step", "Patients"), tuple(rows), tuple(notes))

    def assignment_table(self) -> Table:
        """Every screened patient with group, index date and the reason in words."""
        rows = tuple(
            (
                a.patient_id,
                str(a.group) if a.group is not None else "not eligible",
                "-" if a.index_date is None else a.index_date.isoformat(),
                a.reason,
            )
            for a in self.assignments
        )
        return Table("Group assignment", ("Patient", "Group", "Index date", "Reason"), rows)

    def baseline_table(self) -> Table:
        """Table 1: baseline characteristics by group with p-values and the test named."""
        return _summary_table(
            "Table 1. Baseline characteristics",
            self._group_headers(),
            self.baseline_rows,
            (
                "Values are n (%) or median [IQR]; IQR by R's default quantile rule "
                "(type 7). Baseline values use the visit rules in Methods. Observation "
                "period: from the index date to the last visit after it or death; missing "
                "for a living patient with no visit after the index date.",
            ),
        )

    def within_table(self) -> Table:
        """Follow-up versus baseline within each group (paired Wilcoxon signed-rank)."""
        rows: list[tuple[str, ...]] = []
        notes: list[str] = []
        for row in self.within_rows:
            decimals = DECIMALS[row.measure]
            result = row.result
            rows.append(
                (
                    str(row.group),
                    row.measure.label,
                    f"{row.baseline.n}/{row.n_patients}",
                    row.baseline.format(decimals),
                    row.follow_up.format(decimals),
                    row.change.format(decimals),
                    _fmt_estimate(result, decimals),
                    format_pvalue(None if result is None else result.pvalue),
                    describe_test(result) if result is not None else f"not tested: {row.note}",
                )
            )
            if result is not None and result.n_zeros:
                notes.append(
                    f"{row.group}, {row.measure.label}: {result.n_zeros} zero change(s) "
                    "dropped from the test (Wilcoxon's zero method, as R); the estimate "
                    "uses every change."
                )
            if row.left_out:
                reasons = "; ".join(f"{reason} ({n})" for reason, n in row.left_out)
                notes.append(
                    f"{row.group}, {row.measure.label}: {row.n_left_out} left out: {reasons}."
                )
        notes.append(
            "Pairs: patients with both a baseline and a follow-up value; the Baseline, "
            "Follow-up and Change columns describe these patients only. Estimate: "
            "Hodges-Lehmann pseudomedian of the change with its confidence interval "
            "(R's exact interval without ties; with ties, the inverted exact conditional "
            "test)."
        )
        columns = (
            "Group",
            "Measure",
            "Pairs",
            "Baseline",
            "Follow-up",
            "Change",
            "Estimate (95% CI)",
            "P",
            "Test",
        )
        return Table(
            "Outcomes within groups: follow-up vs baseline", columns, tuple(rows), tuple(notes)
        )

    def between_table(self) -> Table:
        """ILD progression, deaths and changes compared between the groups."""
        return _summary_table(
            "Outcomes between groups",
            self._group_headers(),
            self.between_rows,
            (f"{self.ild_rule.describe()}.",),
        )

    def excluded_rows_table(self) -> Table:
        """Input rows left out while loading, each with its reason."""
        rows = tuple(
            (r.file, "-" if r.row is None else str(r.row), r.patient_id or "-", r.reason)
            for r in self.excluded_rows
        )
        return Table("Excluded input rows", ("File", "Row", "Patient", "Reason"), rows)

    def within_frame(self) -> pd.DataFrame:
        """The within-group tests as numbers, one row per group and measure."""
        records = []
        for row in self.within_rows:
            result = row.result
            low, high = (
                (None, None) if result is None or result.conf_int is None else result.conf_int
            )
            records.append(
                {
                    "group": str(row.group),
                    "measure": row.measure.value,
                    "pairs": row.baseline.n,
                    "left_out": row.n_left_out,
                    "baseline_median": row.baseline.median,
                    "follow_up_median": row.follow_up.median,
                    "change_median": row.change.median,
                    "estimate": None if result is None else result.estimate,
                    "ci_low": low,
                    "ci_high": high,
                    "statistic": None if result is None else result.statistic,
                    "pvalue": None if result is None else result.pvalue,
                    "test": f"not tested: {row.note}" if result is None else describe_test(result),
                }
            )
        return pd.DataFrame.from_records(records)

    def comparisons_frame(self) -> pd.DataFrame:
        """Every between-group test of Table 1 and of the outcomes, with its p-value."""
        records = [
            {
                "table": table,
                "characteristic": row.label,
                "pvalue": row.comparison.pvalue,
                "test": row.comparison.test,
            }
            for table, rows in (("baseline", self.baseline_rows), ("outcome", self.between_rows))
            for row in rows
            if row.comparison is not None
        ]
        return pd.DataFrame.from_records(records)

    def tables(self) -> tuple[Table, ...]:
        """All tables in reading order (excluded rows only when there are any)."""
        tables = [
            self.attrition_table(),
            self.baseline_table(),
            self.within_table(),
            self.between_table(),
            self.assignment_table(),
        ]
        if self.excluded_rows:
            tables.append(self.excluded_rows_table())
        return tuple(tables)

    def methods(self) -> tuple[str, ...]:
        """The rules and tests used, one paragraph each."""
        return (
            self.grouping.describe(),
            self.outcome_rules.describe(),
            f"{self.ild_rule.describe()}.",
            "Within groups: Wilcoxon signed-rank test, exact conditional distribution "
            "with ties (asymptotic beyond the exact bounds). Between groups: Fisher's "
            "exact test for categories (chi-square beyond its exact budget) and "
            "Mann-Whitney test for numbers. All p-values are two-sided.",
        )

    def to_text(self) -> str:
        """The whole report as plain text."""
        parts = [self._title(), *self._preamble()]
        methods = (
            textwrap.fill(m, 96, initial_indent="- ", subsequent_indent="  ")
            for m in self.methods()
        )
        parts.append("Methods\n=======\n" + "\n".join(methods))
        parts.extend(table.to_text() for table in self.tables())
        return "\n\n".join(parts) + "\n"

    def to_markdown(self) -> str:
        """The whole report as markdown, ready to paste into a manuscript draft."""
        parts = [f"# {self._title()}", *self._preamble()]
        parts.append("## Methods\n\n" + "\n".join(f"- {m}" for m in self.methods()))
        parts.extend(table.to_markdown() for table in self.tables())
        return "\n\n".join(parts) + "\n"

    def __str__(self) -> str:
        return self.to_text()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    # -- helpers ---------------------------------------------------------
    def _title(self) -> str:
        label = " (SYNTHETIC DATA)" if self.synthetic else ""
        return f"MMF with or without a calcineurin inhibitor: outcome report{label}"

    def _preamble(self) -> list[str]:
        lines = [f"Data: {self.source}"]
        if self.synthetic:
            lines.append(
                "SYNTHETIC: these patients are invented for demonstration; the numbers "
                "describe no real person and support no clinical conclusion."
            )
        lines.extend(f"Notice: {n}" for n in self.notices)
        return lines

    def _group_headers(self) -> tuple[str, ...]:
        return tuple(f"{g} (n = {self.group_size(g)})" for g in GROUPS)


def _fmt_estimate(result: WilcoxonResult | None, decimals: int) -> str:
    """``estimate (low to high)``, with the achieved level when the requested one is unreachable.

    Exact intervals cover at least the requested level when they can; only a
    shortfall (R's "requested conf.level not achievable") is worth printing.
    """
    if result is None or result.estimate is None:
        return "-"
    text = f"{result.estimate:.{decimals}f}"
    if result.conf_int is not None:
        low, high = result.conf_int
        text += f" ({low:.{decimals}f} to {high:.{decimals}f}"
        achieved = result.conf_level_achieved
        if achieved is not None and achieved < result.conf_level - 1e-9:
            text += f"; {100 * achieved:.1f}% achieved"
        text += ")"
    return text


def _summary_table(
    title: str, headers: Sequence[str], rows: Sequence[SummaryRow], notes: Sequence[str]
) -> Table:
    body = tuple(
        (
            "  " * row.indent + row.label,
            *row.cells,
            "" if row.comparison is None else format_pvalue(row.comparison.pvalue),
            "" if row.comparison is None else row.comparison.test,
        )
        for row in rows
    )
    return Table(title, ("Characteristic", *headers, "P", "Test"), body, tuple(notes))
