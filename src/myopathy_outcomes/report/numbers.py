"""The report's numbers: what the analysis found, with no display string in it.

:class:`ReportNumbers` holds counts, summaries and test results; its
``*_frame()`` methods give each table as a numeric DataFrame, and
:meth:`~ReportNumbers.attrition_steps` and :meth:`~ReportNumbers.reason_counts`
the counts behind the attrition and the assignments. Display
(:mod:`~myopathy_outcomes.report.display`), the renderers and the figures
read these numbers; this module imports none of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from myopathy_outcomes.adjusted_comparison import AdjustedComparison
from myopathy_outcomes.columnar.assignment import assignment_columns
from myopathy_outcomes.criteria.core_set import CORE_SET
from myopathy_outcomes.criteria.response import PatientResponse
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.models import ExcludedRow
from myopathy_outcomes.outcomes import EventTime
from myopathy_outcomes.report.summaries import (
    Comparison,
    Count,
    Quartiles,
    SummaryRow,
    WithinGroupRow,
)
from myopathy_outcomes.rules.groups import Assignment
from myopathy_outcomes.rules.ild import IldCriterion
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.stats.results import TestResult
from myopathy_outcomes.time_to_event import EndpointSummary
from myopathy_outcomes.words import no

__all__ = ["MAX_LISTED_EXCLUDED_ROWS", "MAX_LISTED_PATIENTS", "ReportNumbers", "row_kind"]

#: Beyond this many screened patients the printed report counts the reasons instead of
#: listing every patient; the list goes to ``assignments.csv`` beside the report.
MAX_LISTED_PATIENTS = 300

#: Beyond this many excluded input rows the printed report counts them by file and kind,
#: with the first rows of each; every row goes to ``excluded_rows.csv``.
MAX_LISTED_EXCLUDED_ROWS = 300

#: The first rows of each kind of excluded row named in the printed report.
FIRST_ROWS_SHOWN = 3

_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_GOT = re.compile(r", got [^;)]*")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_ROW = re.compile(r"\brows? \d+(?:(?:,| and) \d+)*")
_PATIENT = re.compile(r"\bpatient \S+")


def row_kind(reason: str) -> str:
    """The kind of problem ``reason`` words, without the row's values.

    Quoted values, what a value was (``", got -3"``), dates, row numbers
    and patient ids are replaced by ``…``, so that rows with the same problem
    share a kind: ``"ck must be >= 0 and <= 1000000, got …"``.
    """
    kind = _QUOTED.sub("…", reason)
    kind = _GOT.sub(", got …", kind)
    kind = _DATE.sub("…", kind)
    kind = _ROW.sub("row …", kind)
    return _PATIENT.sub("patient …", kind)


@dataclass(frozen=True, repr=False)
class ReportNumbers:
    """Everything the analysis found, as numbers.

    Attributes
    ----------
    source : str
        Where the data came from.
    synthetic : bool
        Whether the data are synthetic; the rendering says so at the top.
    assignments : sequence of Assignment
        Group assignment of every screened patient, with its reason; from
        :func:`analyze`, an :class:`~myopathy_outcomes.columnar.assignment.Assignments`,
        which words each one when it is read.
    excluded_rows : tuple of ExcludedRow
        Input rows left out while loading.
    notices : tuple of str
        Loader remarks (unknown columns). Reports only count them; the
        command prints them on stderr and ``save`` writes ``notes.txt``.
    baseline_rows : tuple of SummaryRow
        Table 1: baseline characteristics by group.
    within_rows : tuple of WithinGroupRow
        Follow-up versus baseline, per group and measure.
    between_rows : tuple of SummaryRow
        ILD progression, deaths and changes compared between groups.
    design : StudyDesign
        The study design the analysis used, printed in the methods section.
    patients_read : int or None
        Patient rows in the input, before rows with data errors were excluded.
    regimen_file : str or None
        The regimens file whose rows the assignments name; ``None`` for a
        cohort built in memory.
    ild_sensitivity_rows : tuple of SummaryRow
        ILD progression under each criterion of ``design.ild_sensitivity``
        (labelled by the criterion's name); empty without one.
    ild_sensitivity_criteria : tuple of IldCriterion
        Those criteria themselves, row for row (a criterion of one's own may
        share a built-in one's name).
    responses : tuple of PatientResponse
        Each analysed patient's response (TIS and IMACS definition), when the
        design asks for it (:attr:`StudyDesign.response
        <myopathy_outcomes.design.StudyDesign.response>`); empty otherwise.
    response_rows : tuple of SummaryRow
        Response compared between the groups; empty without it.
    event_times : sequence of EventTime
        Every analysed patient's time and event for each endpoint
        (:mod:`myopathy_outcomes.outcomes.events`); from :func:`analyze`, an
        :class:`~myopathy_outcomes.columnar.events.EventTimes`, which builds
        each one when it is read.
    endpoints : tuple of EndpointSummary
        Each endpoint's Kaplan-Meier curves by group, log-rank tests and Cox
        hazard ratios (:mod:`myopathy_outcomes.time_to_event`).
    adjusted : AdjustedComparison or None
        The adjusted comparison (:mod:`myopathy_outcomes.adjusted_comparison`)
        when the design has an ``[adjustment]``; None otherwise.
    other_endpoints : tuple of EndpointSummary
        The same under the other follow-up analysis (intention to treat or as
        treated), when the outcome rules ask for both; empty otherwise.
    """

    source: str
    synthetic: bool
    assignments: Sequence[Assignment]
    excluded_rows: tuple[ExcludedRow, ...]
    notices: tuple[str, ...]
    baseline_rows: tuple[SummaryRow, ...]
    within_rows: tuple[WithinGroupRow, ...]
    between_rows: tuple[SummaryRow, ...]
    design: StudyDesign
    patients_read: int | None = None
    regimen_file: str | None = None
    ild_sensitivity_rows: tuple[SummaryRow, ...] = ()
    ild_sensitivity_criteria: tuple[IldCriterion, ...] = ()
    responses: tuple[PatientResponse, ...] = ()
    response_rows: tuple[SummaryRow, ...] = ()
    event_times: Sequence[EventTime] = ()
    endpoints: tuple[EndpointSummary, ...] = ()
    other_endpoints: tuple[EndpointSummary, ...] = ()
    adjusted: AdjustedComparison | None = None

    # -- numbers ---------------------------------------------------------
    def __repr__(self) -> str:
        """One line: the design, the patients screened, each group's size and the source."""
        groups = ", ".join(
            f"{arm.label} (n = {self.group_size(arm.label)})" for arm in self.design.arms
        )
        title = (
            self.design.title if len(self.design.title) <= 80 else self.design.title[:77] + "..."
        )
        source = self.source if len(self.source) <= 80 else "..." + self.source[-77:]
        return (
            f"<{type(self).__name__}: {title!r}; {len(self.assignments)} patients screened; "
            f"{groups}; source {source!r}>"
        )

    def group_size(self, group: str) -> int:
        """Number of patients assigned to the group labelled ``group``."""
        return int((assignment_columns(self.assignments).group == group).sum())

    def decimals(self, measure: Measure) -> int:
        """Decimals a measure's values are shown with, from the design's measures."""
        return measure.decimals

    def attrition_steps(self) -> tuple[tuple[str, int, int], ...]:
        """``(step, level, patients)`` from the rows read to each group and add-on drug."""
        steps: list[tuple[str, int, int]] = []
        screened = len(self.assignments)
        if self.patients_read is not None and self.patients_read != screened:
            steps.append(("Patient rows read", 0, self.patients_read))
            steps.append(("excluded for data errors", 1, self.patients_read - screened))
        steps.append(("Patients screened", 0, screened))
        assigned = assignment_columns(self.assignments)
        groups, add_ons = assigned.group.tolist(), assigned.add_on.tolist()
        excluded = [
            e for e, g in zip(assigned.exclusion.tolist(), groups, strict=True) if g is None
        ]
        for reason, count in sorted(Counter(excluded).items(), key=lambda item: str(item[0])):
            steps.append((f"excluded: {reason}", 1, count))
        steps.append(("Patients analysed", 0, sum(g is not None for g in groups)))
        for group in self.design.group_labels:
            drugs = [d for d, g in zip(add_ons, groups, strict=True) if g == group]
            steps.append((group, 1, len(drugs)))
            with_drug = Counter(d for d in drugs if d is not None)
            steps.extend((f"with {drug}", 2, n) for drug, n in sorted(with_drug.items()))
        return tuple(steps)

    def reason_counts(self) -> tuple[tuple[str | None, str, int], ...]:
        """``(group, reason, patients)`` for every group and reason of the assignments.

        The group is ``None`` for patients who are not eligible, whose reason
        is the failed rule's attrition row (``"no MMF"``); an eligible
        patient's reason is the add-on drug that chose the arm (``"with
        tacrolimus"``) or its absence (``"no calcineurin inhibitor"``), or in
        a head-to-head design the drug started (``"started azathioprine"``).
        Groups come in the design's order, then the ineligible patients.
        """
        counts: Counter[tuple[str | None, str]] = Counter()
        head_to_head = self.design.head_to_head
        alone = "" if head_to_head else no(self.design.add_on_name())
        assigned = assignment_columns(self.assignments)
        for p, (group, exclusion, add_on, started) in enumerate(
            zip(
                assigned.group.tolist(),
                assigned.exclusion.tolist(),
                assigned.add_on.tolist(),
                assigned.index_drug.tolist(),
                strict=True,
            )
        ):
            if group is None:
                counts[(None, exclusion or self.assignments[p].reason)] += 1
            elif head_to_head:
                counts[(group, f"started {started}")] += 1
            else:
                counts[(group, alone if add_on is None else f"with {add_on}")] += 1
        order = {label: k for k, label in enumerate(self.design.group_labels)}

        def position(item: tuple[tuple[str | None, str], int]) -> tuple[int, str]:
            (group, reason), _ = item
            return (len(order) if group is None else order.get(group, len(order)), reason)

        return tuple((g, r, n) for (g, r), n in sorted(counts.items(), key=position))

    def excluded_row_kinds(self) -> tuple[tuple[str, str, int, tuple[ExcludedRow, ...]], ...]:
        """The excluded input rows counted by file and kind (:func:`row_kind`).

        Each is ``(file, kind, rows, first)``: ``first`` holds the first
        :data:`FIRST_ROWS_SHOWN` rows of the kind, in input order. The most
        frequent kinds come first (then by file and kind).
        """
        counts: Counter[tuple[str, str]] = Counter()
        first: dict[tuple[str, str], list[ExcludedRow]] = {}
        for row in self.excluded_rows:
            key = (row.file, row_kind(row.reason))
            counts[key] += 1
            shown = first.setdefault(key, [])
            if len(shown) < FIRST_ROWS_SHOWN:
                shown.append(row)
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return tuple((f, k, n, tuple(first[(f, k)])) for (f, k), n in ordered)

    @property
    def lists_excluded_rows_elsewhere(self) -> bool:
        """Whether there are too many excluded input rows to list in the printed report.

        Beyond :data:`MAX_LISTED_EXCLUDED_ROWS` the report counts them by
        kind (:meth:`excluded_row_kinds`), and every row goes to
        ``excluded_rows.csv``.
        """
        return len(self.excluded_rows) > MAX_LISTED_EXCLUDED_ROWS

    @property
    def lists_patients_elsewhere(self) -> bool:
        """Whether there are too many patients to list in the printed report.

        Beyond :data:`MAX_LISTED_PATIENTS` screened patients the report counts
        the reasons, and :meth:`StudyReport.save
        <myopathy_outcomes.report.study.StudyReport.save>` writes each
        patient's assignment to ``assignments.csv``.
        """
        return len(self.assignments) > MAX_LISTED_PATIENTS

    # -- numeric frames --------------------------------------------------
    def attrition_frame(self) -> pd.DataFrame:
        """The attrition steps as numbers: ``step``, ``level``, ``patients``."""
        return pd.DataFrame(self.attrition_steps(), columns=["step", "level", "patients"])

    def baseline_frame(self) -> pd.DataFrame:
        """Table 1 as numbers: one row per characteristic (or level) and group."""
        return _summary_frame(self.baseline_rows, self.design.group_labels)

    def between_frame(self) -> pd.DataFrame:
        """The between-group outcomes as numbers: one row per outcome and group."""
        return _summary_frame(self.between_rows, self.design.group_labels)

    def ild_sensitivity_frame(self) -> pd.DataFrame:
        """ILD progression under each criterion, as numbers: one row per criterion and group."""
        return _summary_frame(self.ild_sensitivity_rows, self.design.group_labels)

    def response_frame(self) -> pd.DataFrame:
        """Response between the groups, as numbers: one row per characteristic and group."""
        return _summary_frame(self.response_rows, self.design.group_labels)

    def response_patients_frame(self) -> pd.DataFrame:
        """Each analysed patient's TIS, category, points per measure and IMACS definition.

        Columns ``patient_id``, ``group``, ``tis`` and ``category`` (missing
        when the core set is incomplete), ``<measure>_points`` for the six
        core set measures, ``enzyme`` (the most abnormal at baseline),
        ``doi_improved``, ``doi_n_improved``, ``doi_n_worse``, ``incomplete``
        (the missing measures, ``;``-separated) and ``missing`` (what is
        missing, in words).
        """
        records = [
            {
                "patient_id": r.patient_id,
                "group": r.group,
                "tis": r.tis.score,
                "category": r.tis.category,
                **{f"{m}_points": r.tis.points(m) for m in CORE_SET},
                "enzyme": r.tis.enzyme.enzyme,
                "doi_improved": r.doi.improved,
                "doi_n_improved": r.doi.n_improved,
                "doi_n_worse": r.doi.n_worse,
                "incomplete": "; ".join(r.tis.incomplete) or None,
                "missing": "; ".join(r.missing) or None,
            }
            for r in self.responses
        ]
        columns = ["patient_id", "group", "tis", "category"]
        columns += [f"{m}_points" for m in CORE_SET]
        columns += ["enzyme", "doi_improved", "doi_n_improved", "doi_n_worse"]
        columns += ["incomplete", "missing"]
        frame = pd.DataFrame.from_records(records, columns=columns)
        return frame.astype({"doi_improved": "boolean"})

    def event_frame(self) -> pd.DataFrame:
        """Each analysed patient's time, event and status per endpoint, with the reason.

        As treated, also each patient's end of follow-up (``follow_up_end``,
        missing while on treatment) and its cause (``follow_up_cause``).
        """
        assigned = assignment_columns(self.assignments)
        groups = dict(zip(assigned.patient_ids, assigned.group.tolist(), strict=True))
        records = [
            {
                "patient_id": e.patient_id,
                "group": groups[e.patient_id],
                "endpoint": e.endpoint.value,
                "days": e.days,
                "months": e.months,
                "event": e.event,
                "status": e.status,
                "reason": e.reason,
                "follow_up_end": e.follow_up_end,
                "follow_up_cause": e.follow_up_cause,
            }
            for e in self.event_times
        ]
        columns = ["patient_id", "group", "endpoint", "days", "months", "event", "status"]
        columns.append("reason")
        if self.design.outcome_rules.as_treated:
            columns += ["follow_up_end", "follow_up_cause"]
        frame = pd.DataFrame.from_records(records, columns=columns)
        return frame.astype({"days": "Int64"})

    def time_to_event_frame(self, *, other: bool = False) -> pd.DataFrame:
        """Each endpoint and group: events, median, survival at 1-3 years, tests, hazard ratio.

        Times are in days. The log-rank p-values and the Cox hazard ratio (each
        group against the last) repeat on every row of their endpoint.
        ``other``: under the other follow-up analysis (:attr:`other_endpoints`).
        """
        records = []
        for summary in self.other_endpoints if other else self.endpoints:
            tests = {
                "logrank_pvalue": None if summary.logrank is None else summary.logrank.pvalue,
                "logrank_exact_pvalue": (
                    None if summary.logrank_exact is None else summary.logrank_exact.pvalue
                ),
                "note": summary.note,
            }
            for i, g in enumerate(summary.groups):
                low, high = g.median_conf_int
                record: dict[str, Any] = {
                    "endpoint": summary.endpoint,
                    "group": g.group,
                    "n": g.n,
                    "events": g.events,
                    "median_days": g.median,
                    "median_low": low,
                    "median_high": high,
                }
                for years, estimate, s_low, s_high in g.survival:
                    record[f"survival_{years}y"] = estimate
                    record[f"survival_{years}y_low"] = s_low
                    record[f"survival_{years}y_high"] = s_high
                record |= _hazard_ratio(summary, i)
                records.append(record | tests)
        return pd.DataFrame.from_records(records)

    def within_frame(self) -> pd.DataFrame:
        """The within-group tests as numbers, one row per group and measure."""
        records = []
        for row in self.within_rows:
            result = row.result
            records.append(
                {
                    "group": row.group,
                    "measure": row.measure.name,
                    "n_patients": row.n_patients,
                    "pairs": row.baseline.n,
                    "left_out": row.n_left_out,
                    **_quartile_columns("baseline", row.baseline),
                    **_quartile_columns("follow_up", row.follow_up),
                    **_quartile_columns("change", row.change),
                    **_result_columns(result),
                    "conf_level_achieved": None if result is None else result.conf_level_achieved,
                    "note": row.note,
                }
            )
        return pd.DataFrame.from_records(records)

    def assignment_frame(self) -> pd.DataFrame:
        """Every screened patient: group (missing when not eligible), index date and reason.

        Columns ``patient_id``, ``group``, ``index_date`` (datetime),
        ``exclusion`` (the attrition row of a failed rule), ``add_on`` (the
        drug that chose the arm), ``index_row`` and ``add_on_row`` (the input
        rows of the regimens used, when loaded from files), in a design with
        new-user rules or arms by the drug started ``named_row`` (the row an
        exclusion names: the other group's same-day start, the course in the
        washout, the first record), and ``reason``.
        """
        records = [
            {
                "patient_id": a.patient_id,
                "group": a.group,
                "index_date": a.index_date,
                "exclusion": a.exclusion,
                "add_on": None if a.add_on is None else str(a.add_on),
                "index_row": a.index_row,
                "add_on_row": a.add_on_row,
                "named_row": a.named_row,
                "reason": a.reason,
            }
            for a in self.assignments
        ]
        columns = ["patient_id", "group", "index_date", "exclusion", "add_on"]
        rows = ["index_row", "add_on_row"]
        design = self.design
        if design.head_to_head or design.lookback_days is not None or design.washout_days:
            rows.append("named_row")
        frame = pd.DataFrame.from_records(records, columns=[*columns, *rows, "reason"])
        frame["index_date"] = pd.to_datetime(frame["index_date"])
        return frame.astype(dict.fromkeys(rows, "Int64"))

    def reason_frame(self) -> pd.DataFrame:
        """:meth:`reason_counts` as a frame: ``group`` (missing: not eligible), ``reason``,
        ``patients``."""
        return pd.DataFrame(self.reason_counts(), columns=["group", "reason", "patients"])

    def excluded_rows_frame(self) -> pd.DataFrame:
        """Input rows left out while loading: ``file``, ``row``, ``patient_id``, ``reason``."""
        frame = pd.DataFrame(
            [(r.file, r.row, r.patient_id, r.reason) for r in self.excluded_rows],
            columns=["file", "row", "patient_id", "reason"],
        )
        return frame.astype({"row": "Int64"})

    def excluded_kinds_frame(self) -> pd.DataFrame:
        """:meth:`excluded_row_kinds` as a frame: ``file``, ``kind``, ``rows``, ``first_row``."""
        return pd.DataFrame(
            [(f, k, n, first[0].row) for f, k, n, first in self.excluded_row_kinds()],
            columns=["file", "kind", "rows", "first_row"],
        ).astype({"first_row": "Int64"})

    def pairs_frame(self) -> pd.DataFrame:
        """Each patient's baseline, follow-up and change, per group and measure.

        One row per patient in each within-group test (patients with both
        values): ``group``, ``measure``, ``patient_id``, ``baseline``,
        ``follow_up`` and ``change``, the value the test ranks. The paired
        figures draw these.
        """
        records = [
            (row.group, row.measure.name, p.patient_id, p.baseline, p.follow_up, p.change)
            for row in self.within_rows
            for p in row.pairs
        ]
        columns = ["group", "measure", "patient_id", "baseline", "follow_up", "change"]
        return pd.DataFrame.from_records(records, columns=columns)

    def comparisons_frame(self) -> pd.DataFrame:
        """Every between-group test of Table 1 and of the outcomes, with its p-value."""
        records = [
            {
                "table": table,
                "characteristic": row.label,
                **_result_columns(row.comparison.result),
                "note": row.comparison.note,
            }
            for table, rows in (("baseline", self.baseline_rows), ("outcome", self.between_rows))
            for row in rows
            if row.comparison is not None
        ]
        return pd.DataFrame.from_records(records)


def _hazard_ratio(summary: EndpointSummary, position: int) -> dict[str, float | None]:
    """The group's hazard ratio against the last group; 1 for the last itself."""
    last = len(summary.groups) - 1
    if position == last:
        return {"hazard_ratio": 1.0, "hr_low": None, "hr_high": None, "hr_pvalue": None}
    fit = summary.cox
    if fit is None or position >= len(fit.hazard_ratio):
        return {"hazard_ratio": None, "hr_low": None, "hr_high": None, "hr_pvalue": None}
    low, high = fit.hazard_ratio_conf_int[position]
    return {
        "hazard_ratio": float(fit.hazard_ratio[position]),
        "hr_low": float(low),
        "hr_high": float(high),
        "hr_pvalue": float(fit.pvalues[position]),
    }


def _quartile_columns(prefix: str, q: Quartiles) -> dict[str, float]:
    return {f"{prefix}_median": q.median, f"{prefix}_q1": q.q1, f"{prefix}_q3": q.q3}


def _result_columns(result: TestResult | None) -> dict[str, Any]:
    """The shared fields of any test result, as columns (``None`` when no test ran)."""
    if result is None:
        names = ("test", "method", "statistic", "pvalue", "estimate", "conf_level")
        return dict.fromkeys((*names, "ci_low", "ci_high"))
    low, high = (None, None) if result.conf_int is None else result.conf_int
    return {
        "test": result.test,
        "method": result.method,
        "statistic": result.statistic,
        "pvalue": result.pvalue,
        "estimate": result.estimate,
        "conf_level": result.conf_level,
        "ci_low": low,
        "ci_high": high,
    }


def _summary_frame(rows: tuple[SummaryRow, ...], groups: tuple[str, ...]) -> pd.DataFrame:
    """One row per characteristic (or level of one) and group; the test on every row."""
    records: list[dict[str, Any]] = []
    heading = ""
    comparison: Comparison | None = None
    smd: float | None = None
    with_smd = any(row.smd is not None for row in rows)  # only when the design adjusts
    for row in rows:
        if row.indent == 0:
            heading, comparison, smd = row.label, row.comparison, row.smd
        if all(cell is None for cell in row.cells):
            continue
        test = _result_columns(None if comparison is None else comparison.result)
        for group, cell in zip(groups, row.cells, strict=True):
            record: dict[str, Any] = {
                "characteristic": heading,
                "level": row.label if row.indent else None,
                "group": group,
            }
            if isinstance(cell, Count):
                record |= {"count": cell.count, "total": cell.total, "percent": cell.percent}
            elif isinstance(cell, Quartiles):
                total = cell.n if cell.total is None else cell.total
                record |= {"n": cell.n, "total": total, "median": cell.median}
                record |= {"q1": cell.q1, "q3": cell.q3}
            if with_smd:
                record["smd"] = smd
            records.append(record | test)
    columns = [
        "characteristic",
        "level",
        "group",
        "count",
        "n",
        "total",
        "percent",
        "median",
        "q1",
        "q3",
        *_result_columns(None),
        *(["smd"] if with_smd else []),
    ]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.astype({"count": "Int64", "n": "Int64", "total": "Int64"})
