"""The whole study in one call: :func:`analyze` turns a cohort into a :class:`StudyReport`.

The steps are the paper's: assign groups, derive baseline and follow-up values,
test the change within each group (paired Wilcoxon signed-rank), and compare
the groups (Fisher's exact test for categories, Mann-Whitney for numbers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from myopathy_outcomes.columnar import RegimenTable, assign_table, supports
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.models import Cohort, Diagnosis, PatientRecord, Sex
from myopathy_outcomes.outcomes import (
    DAYS_PER_MONTH,
    EventTime,
    MeasureOutcome,
    OutcomeRules,
    derive_outcomes,
    event_times,
)
from myopathy_outcomes.report import (
    Comparison,
    Count,
    PairedValue,
    Quartiles,
    StudyReport,
    SummaryRow,
    WithinGroupRow,
)
from myopathy_outcomes.rules.groups import Assignment, assign_groups, with_rows
from myopathy_outcomes.rules.ild import (
    Baselines,
    IldCriterion,
    IldProgression,
    criterion,
)
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.stats import categorical_test
from myopathy_outcomes.stats.kruskal_wallis import kruskal_wallis
from myopathy_outcomes.stats.rank_sum import mann_whitney
from myopathy_outcomes.stats.signed_rank import paired_wilcoxon
from myopathy_outcomes.time_to_event import summarise_endpoints

_CHANGE_DECIMALS = 10


@dataclass(frozen=True)
class PatientAnalysis:
    """What the analysis derived for one eligible patient."""

    record: PatientRecord
    group: str
    index_date: dt.date
    outcomes: dict[str, MeasureOutcome]
    ild: IldProgression
    ild_by_criterion: dict[str, IldProgression]
    events: tuple[EventTime, ...]


def analyze(
    cohort: Cohort,
    design: StudyDesign | None = None,
    *,
    outcome_rules: OutcomeRules | None = None,
    ild_rule: IldCriterion | None = None,
    measures: Sequence[Measure | str] | None = None,
) -> StudyReport:
    """Run a study's analysis on ``cohort``: the paper's (Hanaoka et al. 2019) by default.

    Parameters
    ----------
    cohort : Cohort
        Validated records, e.g. from :func:`myopathy_outcomes.load_cohort`.
    design : StudyDesign, optional
        Eligibility, groups, measures and rules of the study;
        :data:`myopathy_outcomes.studies.HANAOKA_2019` by default.
    outcome_rules : OutcomeRules, optional
        Replaces the design's baseline and follow-up windows (a sensitivity
        analysis without writing a new design).
    ild_rule : IldCriterion, optional
        Replaces the design's ILD progression criterion
        (:data:`myopathy_outcomes.rules.ild.CRITERIA`).
    measures : sequence of str, optional
        Replaces the design's measures compared within and between groups
        (built-in or declared in the design, by name).

    Returns
    -------
    StudyReport
        Attrition, Table 1, within- and between-group outcome tables.

    Examples
    --------
    >>> import myopathy_outcomes as mo
    >>> report = mo.analyze(mo.load_example())
    >>> report.group_size("MMF + CNI"), report.group_size("MMF alone")
    (7, 12)
    """
    design = _analyze_iv(cohort, design, outcome_rules, ild_rule, measures)
    absent = _absent_measures(cohort, design)
    measures = tuple(design.measure(m) for m in design.measures if m not in absent)
    labels = design.group_labels
    records = cohort.records
    assignments = with_rows(_assign(cohort, design), cohort)
    analysed = [
        _analyse_patient(
            records[a.patient_id],
            a.group,
            a.index_date,
            outcome_rules=design.outcome_rules,
            ild_rules=(design.ild_rule, *(criterion(n) for n in design.ild_sensitivity)),
            measures=measures,
            design=design,
        )
        for a in assignments
        if a.group is not None and a.index_date is not None
    ]
    by_group = {g: [p for p in analysed if p.group == g] for g in labels}
    return StudyReport(
        source=cohort.source,
        synthetic=cohort.synthetic,
        assignments=assignments,
        excluded_rows=cohort.excluded,
        notices=(*cohort.notices, *_absent_notice(absent, design)),
        baseline_rows=_baseline_rows(by_group, measures),
        within_rows=tuple(_within_row(g, m, by_group[g]) for g in labels for m in measures),
        between_rows=_between_rows(by_group, measures),
        ild_sensitivity_rows=_ild_sensitivity_rows(by_group, design.ild_sensitivity),
        event_times=tuple(e for p in analysed for e in p.events),
        endpoints=summarise_endpoints(
            [e for p in analysed for e in p.events],
            {p.record.patient_id: p.group for p in analysed},
            labels,
        ),
        design=design,
        patients_read=cohort.patients_read,
        regimen_file=cohort.regimen_file if cohort.regimen_rows else None,
    )


class NothingToAnalyseError(ValueError):
    """The cohort holds no patient: every one was excluded, or the files hold none."""


def _analyze_iv(
    cohort: object,
    design: object,
    outcome_rules: object,
    ild_rule: object,
    measures: object,
) -> StudyDesign:
    """Check the arguments of :func:`analyze`; errors name the argument.

    Returns the design with the overrides applied.
    """
    if not isinstance(cohort, Cohort):
        hint = (
            " (load one with mo.load_cohort(folder) or mo.cohort_from_frames(...))"
            if cohort is None or isinstance(cohort, (str, Path))
            else ""
        )
        raise TypeError(f"cohort must be a Cohort{hint}, got {_type_name(cohort)}")
    if design is None:
        from myopathy_outcomes.studies import HANAOKA_2019  # noqa: PLC0415 (studies import design)

        design = HANAOKA_2019
    elif not isinstance(design, StudyDesign):
        raise TypeError(f"design must be a StudyDesign or None, got {_type_name(design)}")
    for name, value, kind in (("outcome_rules", outcome_rules, OutcomeRules),):
        if value is not None and not isinstance(value, kind):
            raise TypeError(f"{name} must be an {kind.__name__} or None, got {_type_name(value)}")
    if ild_rule is not None and not isinstance(ild_rule, IldCriterion):
        raise TypeError(
            "ild_rule must be an ILD criterion (myopathy_outcomes.rules.ild) or None, "
            f"got {_type_name(ild_rule)}"
        )
    changes: dict[str, object] = {}
    if outcome_rules is not None:
        changes["outcome_rules"] = outcome_rules
    if ild_rule is not None:
        changes["ild_rule"] = ild_rule
    if measures is not None:
        if isinstance(measures, str) or not isinstance(measures, Sequence):
            raise TypeError(
                f"measures must be a sequence of measure names, got {_type_name(measures)}"
            )
        known = design.known_measures
        for measure in measures:
            if (measure.name if isinstance(measure, Measure) else measure) not in known:
                allowed = ", ".join(known)
                raise ValueError(f"measures: unknown measure {measure!r}; use one of {allowed}")
        if not measures:
            raise ValueError("measures must name at least one measure")
        changes["measures"] = tuple(m.name if isinstance(m, Measure) else m for m in measures)
    if changes:
        design = dataclasses.replace(design, **changes)  # type: ignore[arg-type]
    if not cohort.patients:
        raise NothingToAnalyseError(_nothing_left(cohort))
    return design


def _assign(cohort: Cohort, design: StudyDesign) -> tuple[Assignment, ...]:
    """Every patient's assignment: by the columnar engine for the standard rules.

    The engine equals :func:`~myopathy_outcomes.rules.groups.assign_groups`
    field for field (a property test holds them equal); a design with its own
    rules goes patient by patient.
    """
    if not supports(design):
        return assign_groups(cohort, design)
    ids = [p.patient_id for p in cohort.patients]
    known = set(ids)
    regimens = [r for r in cohort.regimens if r.patient_id in known]
    return assign_table(RegimenTable.from_models(ids, regimens), design)


def _absent_measures(cohort: Cohort, design: StudyDesign) -> tuple[str, ...]:
    """The design's measures the data do not hold: no column, or no value at all."""
    columns = cohort.visit_columns
    return tuple(
        name
        for name in design.measures
        if (columns is not None and name not in columns)
        or all(v.value(name) is None for v in cohort.visits)
    )


def _absent_notice(absent: Sequence[str], design: StudyDesign) -> tuple[str, ...]:
    if not absent:
        return ()
    names = ", ".join(f"{design.measure(n).heading} ({n})" for n in absent)
    return (f"not in the data: {names}; the outcome tables leave them out",)


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _nothing_left(cohort: Cohort) -> str:
    """Why a cohort without patients cannot be analysed, in one line."""
    excluded = [row for row in cohort.excluded if row.file.startswith("patients")]
    if not excluded:
        return f"nothing to analyse: {cohort.source} holds no patient rows"
    shown = "; ".join(str(row) for row in excluded[:2])
    more = f"; and {len(excluded) - 2} more" if len(excluded) > 2 else ""
    return (
        f"nothing to analyse: all {len(excluded)} patient rows of {cohort.source} were "
        f"excluded while loading ({shown}{more})"
    )


def _analyse_patient(
    record: PatientRecord,
    group: str,
    index_date: dt.date,
    *,
    outcome_rules: OutcomeRules,
    ild_rules: Sequence[IldCriterion],
    measures: Sequence[Measure],
    design: StudyDesign,
) -> PatientAnalysis:
    lung = sorted({m for rule in ild_rules for m in rule.measures})
    wanted = {m.name: m for m in (*measures, *(design.measure(n) for n in lung))}
    derived = derive_outcomes(record, index_date, outcome_rules, tuple(wanted.values()))
    outcomes = {o.measure.name: o for o in derived}
    fvc, dlco = outcomes["fvc_pct"], outcomes.get("dlco_pct")
    baselines = Baselines(
        fvc=fvc.baseline,
        fvc_date=fvc.baseline_date,
        dlco=None if dlco is None else dlco.baseline,
        dlco_date=None if dlco is None else dlco.baseline_date,
    )
    by_criterion = {rule.name: rule.assess(record, index_date, baselines) for rule in ild_rules}
    ild = by_criterion[ild_rules[0].name]
    events = event_times(record, index_date, ild)
    return PatientAnalysis(record, group, index_date, outcomes, ild, by_criterion, events)


Groups = dict[str, list[PatientAnalysis]]


def _baseline_rows(by_group: Groups, measures: Sequence[Measure]) -> tuple[SummaryRow, ...]:
    rows = [
        _number_row(
            "Age at index, years",
            by_group,
            lambda p: float(p.record.patient.age_on(p.index_date)),
            decimals=0,
        ),
        _binary_row("Female sex", by_group, lambda p: p.record.patient.sex is Sex.FEMALE),
        *_category_rows("Diagnosis", by_group, lambda p: p.record.patient.diagnosis),
        _binary_row("ILD at baseline", by_group, lambda p: p.record.patient.ild),
    ]
    rows.extend(
        _number_row(
            f"{m.heading} at baseline",
            by_group,
            _baseline_of(m),
            decimals=m.decimals,
        )
        for m in measures
    )
    rows.append(
        _number_row(
            "Observation period, months",
            by_group,
            _observation_months,
            decimals=1,
        )
    )
    return tuple(rows)


def _between_rows(by_group: Groups, measures: Sequence[Measure]) -> tuple[SummaryRow, ...]:
    rows = [
        _binary_row(
            "ILD progression (patients with baseline ILD, evaluable)",
            {
                g: [p for p in ps if p.record.patient.ild and p.ild.evaluable]
                for g, ps in by_group.items()
            },
            lambda p: p.ild.progressed,
            show_denominator=True,
        ),
        _binary_row("Death during observation", by_group, _died_after_index),
    ]
    rows.extend(
        _number_row(
            f"Change in {m.heading}",
            by_group,
            _change_of(m),
            decimals=m.decimals,
        )
        for m in measures
    )
    return tuple(rows)


def _ild_sensitivity_rows(by_group: Groups, names: Sequence[str]) -> tuple[SummaryRow, ...]:
    """ILD progression under each named criterion, among patients it can evaluate."""

    def row(name: str) -> SummaryRow:
        evaluable = {
            g: [p for p in ps if p.record.patient.ild and p.ild_by_criterion[name].evaluable]
            for g, ps in by_group.items()
        }
        return _binary_row(
            name,
            evaluable,
            lambda p: p.ild_by_criterion[name].progressed,
            show_denominator=True,
        )

    return tuple(row(name) for name in names)


def _missing_side(outcome: MeasureOutcome) -> str:
    """Which side of the pair is missing, for counting; the outcome holds the details."""
    if outcome.baseline is None and outcome.follow_up is None:
        return "no baseline and no follow-up value"
    if outcome.baseline is None:
        return "no baseline value in the window"
    return "no follow-up value"


def _baseline_of(measure: Measure) -> Callable[[PatientAnalysis], float | None]:
    return lambda p: p.outcomes[measure.name].baseline


def _change_of(measure: Measure) -> Callable[[PatientAnalysis], float | None]:
    def change(p: PatientAnalysis) -> float | None:
        outcome = p.outcomes[measure.name]
        if outcome.baseline is None or outcome.follow_up is None:
            return None
        return _change(outcome.baseline, outcome.follow_up)

    return change


def _change(baseline: float, follow_up: float) -> float:
    """Follow-up minus baseline, rounded to 10 decimals so float noise cannot break a tie.

    >>> 0.3 - 0.1 == 0.2 - 0.0, _change(0.1, 0.3) == _change(0.0, 0.2)
    (False, True)
    """
    return round(follow_up - baseline, _CHANGE_DECIMALS)


def _died_after_index(p: PatientAnalysis) -> bool:
    death = p.record.patient.death_date
    return death is not None and death >= p.index_date


def _observation_months(p: PatientAnalysis) -> float | None:
    """Months from the index date to the last visit after it or death; None without either.

    A living patient with no visit after the index date was never observed on
    treatment, so their observation time is missing, not zero.
    """
    index = p.index_date
    ends = [v.date for v in p.record.visits if v.date > index]
    death = p.record.patient.death_date
    if death is not None and death >= index:
        ends.append(death)
    if not ends:
        return None
    return (max(ends) - index).days / DAYS_PER_MONTH


def _number_row(
    label: str,
    by_group: Groups,
    value: Callable[[PatientAnalysis], float | None],
    *,
    decimals: int,
) -> SummaryRow:
    samples = [[v for p in ps if (v := value(p)) is not None] for ps in by_group.values()]
    cells = tuple(
        Quartiles.of(s, total=len(ps)) for s, ps in zip(samples, by_group.values(), strict=True)
    )
    if not all(samples):
        return SummaryRow(label, cells, Comparison(None, "a group has no values"), 0, decimals)
    test = mann_whitney(*samples) if len(samples) == 2 else kruskal_wallis(*samples)
    return SummaryRow(label, cells, Comparison(test), 0, decimals)


def _binary_row(
    label: str,
    by_group: Groups,
    has: Callable[[PatientAnalysis], bool],
    *,
    show_denominator: bool = False,
) -> SummaryRow:
    """Count a yes/no feature per group; ``show_denominator`` when it is not the group size."""
    counts = [(sum(has(p) for p in ps), len(ps)) for ps in by_group.values()]
    cells = tuple(Count(k, n, show_denominator) for k, n in counts)
    table = [[k, n - k] for k, n in counts]
    return SummaryRow(label, cells, _compare_counts(table))


def _category_rows(
    label: str, by_group: Groups, category: Callable[[PatientAnalysis], Diagnosis]
) -> list[SummaryRow]:
    counts = [Counter(category(p) for p in ps) for ps in by_group.values()]
    levels = [d for d in Diagnosis if any(c[d] for c in counts)]
    table = [[c[level] for level in levels] for c in counts]
    head = SummaryRow(label, (None,) * len(by_group), _compare_counts(table))
    level_rows = [
        SummaryRow(
            level.label,
            tuple(
                Count(c[level], len(ps)) for c, ps in zip(counts, by_group.values(), strict=True)
            ),
            None,
            indent=1,
        )
        for level in levels
    ]
    return [head, *level_rows]


def _compare_counts(table: list[list[int]]) -> Comparison:
    """Fisher (or chi-square beyond Fisher's budget) on a groups x categories table."""
    rows = [row for row in table if sum(row)]
    columns = [j for j in range(len(table[0]) if table else 0) if any(r[j] for r in rows)]
    if len(rows) < 2:
        return Comparison(None, "a group is empty")
    if len(columns) < 2:
        return Comparison(None, "all patients fall in one category")
    result = categorical_test([[row[j] for j in columns] for row in rows])
    fallback = None if result.method == "exact" else "table beyond Fisher's exact budget"
    return Comparison(result, fallback)


def _within_row(group: str, measure: Measure, patients: list[PatientAnalysis]) -> WithinGroupRow:
    outcomes = [p.outcomes[measure.name] for p in patients]
    pairs = [o for o in outcomes if o.paired]
    left_out = Counter(_missing_side(o) for o in outcomes if not o.paired)
    baseline = [o.baseline for o in pairs if o.baseline is not None]
    follow_up = [o.follow_up for o in pairs if o.follow_up is not None]
    changes = [_change(b, f) for b, f in zip(baseline, follow_up, strict=True)]
    values = tuple(
        sorted(
            (
                PairedValue(o.patient_id, b, f, c)
                for o, b, f, c in zip(pairs, baseline, follow_up, changes, strict=True)
            ),
            key=lambda pair: pair.patient_id,
        )
    )
    result = None
    note = None
    if not pairs:
        note = "no patient has both values"
    elif not any(changes):
        note = "every change is zero"
    else:
        result = paired_wilcoxon(changes)
    return WithinGroupRow(
        group=group,
        measure=measure,
        n_patients=len(patients),
        baseline=Quartiles.of(baseline),
        follow_up=Quartiles.of(follow_up),
        change=Quartiles.of(changes),
        left_out=tuple(sorted(left_out.items())),
        result=result,
        note=note,
        pairs=values,
    )
