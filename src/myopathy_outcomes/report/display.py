"""Every display string of the report: decimals, percentages, "<0.001", "(n = 11)".

This is the one place numbers become text. Each ``*_table`` function turns
part of the report's numbers
(:class:`~myopathy_outcomes.report.numbers.ReportNumbers`) into a
:class:`~myopathy_outcomes.report.table.Table` of strings, which the
renderers (:mod:`~myopathy_outcomes.report.text`,
:mod:`~myopathy_outcomes.report.markdown`) lay out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from myopathy_outcomes.drugs import short_name
from myopathy_outcomes.models import ExcludedRow
from myopathy_outcomes.outcomes.events import DAYS_PER_MONTH as _DAYS_PER_MONTH
from myopathy_outcomes.outcomes.events import Endpoint
from myopathy_outcomes.report.adjusted_display import adjusted_tables, format_smd
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.summaries import (
    Cell,
    Comparison,
    Count,
    Quartiles,
    SummaryRow,
)
from myopathy_outcomes.report.table import Table
from myopathy_outcomes.rules.groups import Assignment
from myopathy_outcomes.stats.results import TestResult, WilcoxonResult
from myopathy_outcomes.time_to_event import SURVIVAL_YEARS, EndpointSummary

__all__ = [
    "ASSIGNMENTS_FILE",
    "EXCLUDED_ROWS_FILE",
    "NOTES_FILE",
    "PLOT_EXTRA",
    "SYNTHETIC_NOTE",
    "assignment_table",
    "attrition_table",
    "baseline_table",
    "between_table",
    "describe_test",
    "event_free_words",
    "excluded_kinds_table",
    "excluded_rows_table",
    "format_cell",
    "format_count",
    "format_pvalue",
    "format_quartiles",
    "methods",
    "notices_line",
    "preamble",
    "reason_table",
    "reference",
    "response_patients_table",
    "response_table",
    "tables",
    "title",
    "within_table",
]


def _fixed(value: float, decimals: int) -> str:
    """``value`` to ``decimals`` places (printf rounding), never ``-0``."""
    text = f"{value:.{decimals}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def format_quartiles(q: Quartiles, decimals: int) -> str:
    """``median [Q1, Q3]``, then ``(n = k)`` when some patients had no value.

    Examples
    --------
    >>> format_quartiles(Quartiles.of([1, 2, 3, 4]), 1)
    '2.5 [1.8, 3.2]'
    >>> format_quartiles(Quartiles.of([5.9, 5.9], total=3), 1)
    '5.9 [5.9, 5.9] (n = 2)'
    """
    text = (
        "-"
        if q.n == 0
        else f"{_fixed(q.median, decimals)} [{_fixed(q.q1, decimals)}, {_fixed(q.q3, decimals)}]"
    )
    return text if q.total is None else f"{text} (n = {q.n})"


def format_count(c: Count) -> str:
    """``count (percent%)`` or ``count/total (percent%)``; a hyphen when ``total`` is 0.

    Examples
    --------
    >>> format_count(Count(6, 7)), format_count(Count(1, 6, show_denominator=True))
    ('6 (85.7%)', '1/6 (16.7%)')
    """
    if c.total == 0:
        return "-"
    shown = f"{c.count}/{c.total}" if c.show_denominator else str(c.count)
    return f"{shown} ({c.percent:.1f}%)"


def format_cell(cell: Cell, decimals: int) -> str:
    """One summary cell of Table 1 or of the between-group outcomes."""
    if cell is None:
        return ""
    if isinstance(cell, Count):
        return format_count(cell)
    return format_quartiles(cell, decimals)


def format_pvalue(p: float | None) -> str:
    """Render a p-value as journals print it: three decimals, ``<0.001`` below that.

    A p-value that three decimals would round onto 0.050 gets four, so that
    0.0496 is not printed as if it were not below 0.05.

    Examples
    --------
    >>> format_pvalue(0.0390625), format_pvalue(1.0), format_pvalue(2e-5)
    ('0.039', '1.000', '<0.001')
    >>> format_pvalue(0.0496), format_pvalue(0.0504)
    ('0.0496', '0.0504')
    """
    if p is None or math.isnan(p):
        return "-"
    if p < 0.001:
        return "<0.001"
    if 0.0495 <= p < 0.0505:
        return f"{p:.4f}"
    return f"{p:.3f}"


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


def comparison_test(comparison: Comparison) -> str:
    """The test's name (with the remark why it was chosen), or why none was run."""
    if comparison.result is None:
        return f"not tested: {comparison.note}" if comparison.note else "not tested"
    label = describe_test(comparison.result)
    return f"{label} ({comparison.note})" if comparison.note else label


def _estimate(result: WilcoxonResult | None, decimals: int) -> str:
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


#: How to install what the figures need.
PLOT_EXTRA = 'pip install "myopathy-outcomes[plot]"'

#: The file :meth:`StudyReport.save` writes the notices to, one a line.
NOTES_FILE = "notes.txt"

#: The warning printed at the top of a report on synthetic data.
SYNTHETIC_NOTE = (
    "SYNTHETIC: these patients are invented for demonstration; the numbers "
    "describe no real person and support no clinical conclusion."
)


def title(report: ReportNumbers) -> str:
    """The report's title, from the design, marking synthetic data."""
    label = " (SYNTHETIC DATA)" if report.synthetic else ""
    return f"{report.design.title}: outcome report{label}"


def reference(report: ReportNumbers) -> str | None:
    """``Reference: <citation>``, the design's source study printed under the title; or ``None``.

    Examples
    --------
    >>> import myopathy_outcomes as mo
    >>> reference(mo.analyze(mo.load_example()))[:36]
    'Reference: Hanaoka H, Iida H, Kiyoka'
    """
    citation = report.design.reference.strip()
    return f"Reference: {citation}" if citation else None


def notices_line(report: ReportNumbers) -> str | None:
    """How many notices reading the data gave, and where they are; ``None`` without any.

    The notices themselves stay out of the manuscript: the command logs them
    on standard error, :meth:`StudyReport.save` writes them to
    :data:`NOTES_FILE` beside the outputs, and ``report.notices`` holds them.

    Examples
    --------
    >>> import dataclasses, myopathy_outcomes as mo
    >>> report = mo.analyze(mo.load_example())
    >>> notices_line(report) is None
    True
    >>> print(notices_line(dataclasses.replace(report, notices=("a", "b"))))
    Notices: 2 about reading the data, in notes.txt beside the saved report and on stderr.
    """
    count = len(report.notices)
    if not count:
        return None
    return (
        f"Notices: {count} about reading the data, in {NOTES_FILE} beside the saved report "
        "and on stderr."
    )


def preamble(report: ReportNumbers) -> list[str]:
    """Under the title: the reference, the data source, the synthetic-data warning, notices."""
    cited = reference(report)
    lines = [*([cited] if cited else []), f"Data: {report.source}"]
    if report.synthetic:
        lines.append(SYNTHETIC_NOTE)
    if (notices := notices_line(report)) is not None:
        lines.append(notices)
    return lines


def methods(report: ReportNumbers) -> tuple[str, ...]:
    """The rules and tests used, one paragraph each, generated from the design."""
    design = report.design
    between = (
        "Mann-Whitney test for numbers"
        if len(design.arms) == 2
        else "Kruskal-Wallis test for numbers"
    )
    response = () if design.response is None else (design.response.describe(),)
    return (
        design.describe(),
        design.outcome_rules.describe(),
        f"{design.ild_rule.describe()}.",
        *response,
        "Within groups: Wilcoxon signed-rank test, exact conditional distribution "
        "with ties (asymptotic beyond the exact bounds). Between groups: Fisher's "
        f"exact test for categories (chi-square beyond its exact budget) and {between}. "
        "All p-values are two-sided.",
    )


def _group_headers(report: ReportNumbers) -> tuple[str, ...]:
    return tuple(f"{g} (n = {report.group_size(g)})" for g in report.design.group_labels)


def attrition_table(report: ReportNumbers) -> Table:
    """Screened patients, exclusions with reasons, and the size of each group."""
    rows = tuple(
        ("  " * level + step, str(count)) for step, level, count in report.attrition_steps()
    )
    notes = [f"Input rows excluded while loading: {len(report.excluded_rows)}."]
    if report.lists_excluded_rows_elsewhere:
        notes[0] += (
            f" They are counted by kind under 'Excluded input rows' ({EXCLUDED_ROWS_FILE})."
        )
    elif report.excluded_rows:
        notes[0] += " Each is listed under 'Excluded input rows'."
    return Table("Attrition", ("Step", "Patients"), rows, tuple(notes), "attrition")


#: The file the per-patient assignments of a large cohort are written to.
ASSIGNMENTS_FILE = "assignments.csv"

#: The file that lists every excluded input row (``tables/`` of a saved report).
EXCLUDED_ROWS_FILE = "excluded_rows.csv"


def _rows_used(a: Assignment) -> str:
    """``"12 (MMF), 14 (tacrolimus)"``: the input rows of the index date, the group, the reason.

    The third is the row an exclusion names (another group's same-day
    start, a course in the washout, the first record).
    """
    used = [
        f"{row} ({short_name(regimen.drug)})"
        for row, regimen in (
            (a.index_row, a.index_regimen),
            (a.add_on_row, a.add_on_regimen),
            (a.named_row, a.named_regimen),
        )
        if row is not None and regimen is not None
    ]
    return ", ".join(used) or "-"


def assignment_table(report: ReportNumbers) -> Table:
    """Every screened patient with group, index date, the rows used and the reason in words.

    With more than :data:`~myopathy_outcomes.report.numbers.MAX_LISTED_PATIENTS`
    screened patients, the number of patients for each reason instead
    (:func:`reason_table`).
    """
    if report.lists_patients_elsewhere:
        return reason_table(report)
    with_rows = report.regimen_file is not None
    rows = tuple(
        (
            a.patient_id,
            a.group if a.group is not None else "not eligible",
            "-" if a.index_date is None else a.index_date.isoformat(),
            *((_rows_used(a),) if with_rows else ()),
            a.reason,
        )
        for a in report.assignments
    )
    used = (f"{report.regimen_file} rows",) if with_rows else ()
    return Table(
        "Group assignment",
        ("Patient", "Group", "Index date", *used, "Reason"),
        rows,
        name="assignments",
    )


def reason_table(report: ReportNumbers) -> Table:
    """The number of screened patients for each group and reason, and where the list is."""
    rows = tuple(
        ("not eligible" if group is None else group, reason, str(patients))
        for group, reason, patients in report.reason_counts()
    )
    note = (
        f"{len(report.assignments)} patients were screened: too many to list here. "
        f"{ASSIGNMENTS_FILE}, written beside this report by report.save(directory) or "
        "myopathy-outcomes --output, gives each patient's group, index date and reason "
        "in words."
    )
    return Table(
        "Group assignment: patients by reason",
        ("Group", "Reason", "Patients"),
        rows,
        (note,),
        "assignment_reasons",
    )


def baseline_table(report: ReportNumbers) -> Table:
    """Table 1: baseline characteristics by group with p-values and the test named."""
    return _summary_table(
        "baseline",
        "Table 1. Baseline characteristics",
        _group_headers(report),
        report.baseline_rows,
        (
            "Values are n (%) or median [IQR]; IQR by R's default quantile rule "
            "(type 7). Baseline values use the visit rules in Methods. Observation "
            "period: from the index date to the last visit after it or death; missing "
            "for a living patient with no visit after the index date.",
        ),
    )


def within_table(report: ReportNumbers) -> Table:
    """Follow-up versus baseline within each group (paired Wilcoxon signed-rank)."""
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for row in report.within_rows:
        decimals = report.decimals(row.measure)
        result = row.result
        rows.append(
            (
                row.group,
                row.measure.heading,
                f"{row.baseline.n}/{row.n_patients}",
                format_quartiles(row.baseline, decimals),
                format_quartiles(row.follow_up, decimals),
                format_quartiles(row.change, decimals),
                _estimate(result, decimals),
                format_pvalue(None if result is None else result.pvalue),
                describe_test(result) if result is not None else f"not tested: {row.note}",
            )
        )
        if result is not None and result.n_zeros:
            notes.append(
                f"{row.group}, {row.measure.heading}: {result.n_zeros} zero change(s) "
                "dropped from the test (Wilcoxon's zero method, as R); the estimate "
                "uses every change."
            )
        if row.left_out:
            reasons = "; ".join(f"{reason} ({n})" for reason, n in row.left_out)
            notes.append(
                f"{row.group}, {row.measure.heading}: {row.n_left_out} left out: {reasons}."
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
        "Outcomes within groups: follow-up vs baseline",
        columns,
        tuple(rows),
        tuple(notes),
        "within",
    )


def between_table(report: ReportNumbers) -> Table:
    """ILD progression, deaths and changes compared between the groups."""
    return _summary_table(
        "between",
        "Outcomes between groups",
        _group_headers(report),
        report.between_rows,
        (f"{report.design.ild_rule.describe()}.",),
    )


def ild_sensitivity_table(report: ReportNumbers) -> Table:
    """ILD progression under each criterion of the design: a sensitivity analysis."""
    notes = tuple(f"{rule.describe()}." for rule in report.ild_sensitivity_criteria)
    return _summary_table(
        "ild_sensitivity",
        "ILD progression by criterion (patients with baseline ILD, evaluable)",
        _group_headers(report),
        report.ild_sensitivity_rows,
        (*notes, "Each row counts the patients that criterion can evaluate."),
    )


def response_table(report: ReportNumbers) -> Table:
    """Response (TIS and IMACS definition) compared between the groups."""
    response = report.design.response
    population = "" if response is None else f", {response.population} thresholds"
    incomplete = [r for r in report.responses if r.tis.score is None]
    if not incomplete:
        named = "Every patient has a complete core set."
    elif report.lists_patients_elsewhere:
        named = (
            f"{len(incomplete)} patients with an incomplete core set are named with the "
            "missing measures in response_patients.csv."
        )
    else:
        named = "Not scored (core set incomplete): " + "; ".join(
            f"{r.patient_id} ({', '.join(r.missing)})" for r in incomplete
        )
    notes = (
        f"Total Improvement Score, 2016 ACR/EULAR criteria{population}; among patients with a "
        "complete core set (an incomplete one is never scored as 0).",
        named,
    )
    return _summary_table(
        "response", "Response between groups", _group_headers(report), report.response_rows, notes
    )


def _points(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def response_patients_table(report: ReportNumbers) -> Table:
    """Each analysed patient's TIS, category and IMACS definition, or what is missing."""
    rows = tuple(
        (
            r.patient_id,
            r.group,
            _points(r.tis.score),
            r.tis.category or "-",
            {True: "improved", False: "not improved", None: "-"}[r.doi.improved],
            "; ".join(r.missing) or "-",
        )
        for r in report.responses
    )
    columns = ("Patient", "Group", "TIS", "Category", "IMACS definition", "Missing")
    return Table("Response of each patient", columns, rows, name="response_patients")


def _months(days: float | None) -> str:
    return "NR" if days is None else f"{days / _DAYS_PER_MONTH:.1f}"


def _survival(estimate: float | None, low: float | None, high: float | None) -> str:
    if estimate is None:
        return "-"
    if low is None or high is None:
        return f"{100 * estimate:.1f}%"
    return f"{100 * estimate:.1f}% ({100 * low:.1f} to {100 * high:.1f})"


def _years_followed(summaries: Sequence[EndpointSummary]) -> tuple[int, ...]:
    """The years of :data:`SURVIVAL_YEARS` some group of ``summaries`` is followed to.

    A year past every group's longest follow-up has no estimate anywhere: it
    gets no column.
    """
    return tuple(
        year
        for year in SURVIVAL_YEARS
        if any(
            at == year and estimate is not None
            for summary in summaries
            for g in summary.groups
            for at, estimate, _, _ in g.survival
        )
    )


def event_free_words(summaries: Sequence[EndpointSummary]) -> tuple[str, str | None]:
    """What the time-to-event columns call the Kaplan-Meier estimate, and a note naming it.

    The endpoints' own word (:attr:`Endpoint.event_free
    <myopathy_outcomes.outcomes.events.Endpoint.event_free>`) when they
    share it (``"survival"`` for death alone); otherwise ``"event-free"``
    with a note saying what that is for each endpoint.

    Examples
    --------
    >>> import myopathy_outcomes as mo
    >>> words, note = event_free_words(mo.analyze(mo.load_example()).endpoints)
    >>> words, note[:56]
    ('event-free', 'Event-free: progression-free for time to ILD progression')
    """
    named = {s.endpoint: Endpoint(s.endpoint).event_free for s in summaries}
    if len(set(named.values())) <= 1:
        return next(iter(named.values()), "event-free"), None
    each = "; ".join(
        f"{words} for {Endpoint(endpoint).label[0].lower()}{Endpoint(endpoint).label[1:]}"
        for endpoint, words in named.items()
    )
    return "event-free", f"Event-free: {each}."


def time_to_event_table(report: ReportNumbers, *, other: bool = False) -> Table:
    """Events, medians, event-free estimates at 1-3 years, log-rank tests and hazard ratios.

    The estimates are named for the endpoint (:func:`event_free_words`), and
    shown only at the years some group is followed to. ``other``: under the
    other follow-up analysis, a sensitivity analysis.
    """
    frame = report.time_to_event_frame(other=other)
    summaries = report.other_endpoints if other else report.endpoints
    followed = _years_followed(summaries)
    words, words_note = event_free_words(summaries)
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for summary in summaries:
        last = len(summary.groups) - 1
        for i, g in enumerate(summary.groups):
            low, high = g.median_conf_int
            median = f"{_months(g.median)} ({_months(low)} to {_months(high)})" if g.n else "-"
            estimates = {at: estimate for at, *estimate in g.survival}
            years = [
                _survival(*estimates[year]) if year in estimates else "-" for year in followed
            ]
            hr = frame[(frame["endpoint"] == summary.endpoint) & (frame["group"] == g.group)]
            if i == last:
                ratio = "1 (reference)"
            elif hr["hazard_ratio"].isna().all():
                ratio = "-"
            else:
                r = hr.iloc[0]
                ratio = f"{r['hazard_ratio']:.2f} ({r['hr_low']:.2f} to {r['hr_high']:.2f})"
            first = i == 0
            rows.append(
                (
                    summary.label if first else "",
                    g.group,
                    f"{g.events}/{g.n}",
                    median,
                    *years,
                    ratio,
                    format_pvalue(summary.logrank_exact.pvalue)
                    if first and summary.logrank_exact is not None
                    else "",
                    format_pvalue(summary.logrank.pvalue)
                    if first and summary.logrank is not None
                    else "",
                )
            )
        if summary.note:
            notes.append(f"{summary.label}: {summary.note}.")
    rules = report.design.outcome_rules
    as_treated = rules.as_treated != other
    if as_treated:
        notes.append(
            "As treated: follow-up ends at the stop of the group's treatment"
            + (f" plus {rules.grace_days} days' grace" if rules.grace_days else "")
            + " or at the start of another group's drug; records after it are not read."
        )
    notes.append(
        "Times from the index date; censored at the last visit (death censors ILD "
        "progression). Kaplan-Meier estimates with log-transformed 95% intervals (R's "
        "survfit); NR: not reached. Log-rank: exact conditional (coin) and asymptotic "
        "(survdiff). Hazard ratio: Cox model (Efron ties) of each group against the last."
    )
    if words_note is not None:
        notes.append(words_note)
    if len(followed) < len(SURVIVAL_YEARS):
        beyond = ", ".join(str(y) for y in SURVIVAL_YEARS if y not in followed)
        notes.append(f"No estimate at {beyond} years: no group is followed that long.")
    columns = (
        "Endpoint",
        "Group",
        "Events/n",
        "Median, months (95% CI)",
        *(f"{y}-year {words}" for y in followed),
        "HR (95% CI)",
        "P exact",
        "P asymptotic",
    )
    if not other:
        return Table("Time to event", columns, tuple(rows), tuple(notes), "time_to_event")
    analysis = "as treated" if as_treated else "by intention to treat"
    title = f"Time to event, {analysis} (sensitivity analysis)"
    return Table(title, columns, tuple(rows), tuple(notes), "time_to_event_sensitivity")


def excluded_rows_table(report: ReportNumbers) -> Table:
    """Input rows left out while loading, each with its reason.

    With more than :data:`~myopathy_outcomes.report.numbers.MAX_LISTED_EXCLUDED_ROWS`
    rows, their number for each file and kind of problem instead, with the
    first rows of each (:func:`excluded_kinds_table`).
    """
    if report.lists_excluded_rows_elsewhere:
        return excluded_kinds_table(report)
    rows = tuple(
        (r.file, "-" if r.row is None else str(r.row), r.patient_id or "-", r.reason)
        for r in report.excluded_rows
    )
    return Table(
        "Excluded input rows", ("File", "Row", "Patient", "Reason"), rows, name="excluded_rows"
    )


#: The most kinds of excluded rows the printed report names; the others are counted.
MAX_KINDS_SHOWN = 50

#: The longest excluded row, in characters, the printed report words in full.
_LONGEST_ROW_SHOWN = 300


def excluded_kinds_table(report: ReportNumbers) -> Table:
    """The excluded input rows counted by file and kind, with the first rows of each.

    The :data:`MAX_KINDS_SHOWN` most frequent kinds, each with its first
    rows and the first row's reason in full; the others counted in a note.
    """
    kinds = report.excluded_row_kinds()
    rows = tuple(
        (file, _cut(kind), str(count), ", ".join(map(_first_row, first)), _cut(first[0].reason))
        for file, kind, count, first in kinds[:MAX_KINDS_SHOWN]
    )
    notes = []
    if len(kinds) > MAX_KINDS_SHOWN:
        others = sum(count for _, _, count, _ in kinds[MAX_KINDS_SHOWN:])
        notes.append(f"And {others} rows of {len(kinds) - MAX_KINDS_SHOWN} other kinds.")
    notes.append(
        f"{len(report.excluded_rows)} input rows were excluded while loading: too many to "
        f"list here. {EXCLUDED_ROWS_FILE} (in tables/ of report.save(directory) or "
        "myopathy-outcomes --output DIR/, beside the file with --output FILE) lists each "
        "with its file, row, patient and reason."
    )
    return Table(
        "Excluded input rows: rows by kind",
        ("File", "Kind", "Rows", "First rows (patient)", "First row's reason"),
        rows,
        tuple(notes),
        "excluded_row_kinds",
    )


def _first_row(row: ExcludedRow) -> str:
    """``"29 (R01)"``: an excluded row's number and patient."""
    where = "-" if row.row is None else str(row.row)
    return f"{where} ({_cut(row.patient_id)})" if row.patient_id else where


def _cut(text: str) -> str:
    """``text``, cut to :data:`_LONGEST_ROW_SHOWN` characters with an ellipsis."""
    if len(text) <= _LONGEST_ROW_SHOWN:
        return text
    return text[: _LONGEST_ROW_SHOWN - 1] + "…"


def tables(report: ReportNumbers) -> tuple[Table, ...]:
    """All tables in reading order (excluded rows only when there are any)."""
    found = [
        attrition_table(report),
        baseline_table(report),
        within_table(report),
        between_table(report),
    ]
    if report.ild_sensitivity_rows:
        found.append(ild_sensitivity_table(report))
    if report.response_rows:
        found.append(response_table(report))
        if not report.lists_patients_elsewhere:
            found.append(response_patients_table(report))
    if report.endpoints:
        found.append(time_to_event_table(report))
    if report.other_endpoints:
        found.append(time_to_event_table(report, other=True))
    found.extend(adjusted_tables(report))
    found.append(assignment_table(report))
    if report.excluded_rows:
        found.append(excluded_rows_table(report))
    return tuple(found)


def _summary_table(
    name: str,
    heading: str,
    headers: Sequence[str],
    rows: Sequence[SummaryRow],
    notes: Sequence[str],
) -> Table:
    body = tuple(
        (
            "  " * row.indent + row.label,
            *(format_cell(cell, row.decimals) for cell in row.cells),
            "" if row.comparison is None else format_pvalue(row.comparison.pvalue),
            "" if row.comparison is None else comparison_test(row.comparison),
        )
        for row in rows
    )
    if any(row.smd is not None for row in rows):  # only when the design adjusts
        body = tuple((*cells, format_smd(row.smd)) for cells, row in zip(body, rows, strict=True))
        notes = (
            *notes,
            "SMD: absolute standardized mean difference (tableone); for a characteristic "
            "with more than two levels, the multivariate SMD of Yang and Dalton (2012).",
        )
        return Table(
            heading, ("Characteristic", *headers, "P", "Test", "SMD"), body, tuple(notes), name
        )
    return Table(heading, ("Characteristic", *headers, "P", "Test"), body, tuple(notes), name)
