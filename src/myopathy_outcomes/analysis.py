"""The whole study in one call: :func:`analyze` turns a cohort into a :class:`StudyReport`.

The steps are the paper's: assign groups, derive baseline and follow-up values,
test the change within each group (paired Wilcoxon signed-rank), and compare
the groups (Fisher's exact test for categories, Mann-Whitney for numbers).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes._gc import gc_paused
from myopathy_outcomes.adjusted_comparison import adjusted_comparison
from myopathy_outcomes.columnar import assign_table, supports
from myopathy_outcomes.columnar.assignment import assignment_columns
from myopathy_outcomes.columnar.ild import progression_columns
from myopathy_outcomes.criteria.response import PatientResponse, ResponseOutcome, score_response
from myopathy_outcomes.criteria.tis import THRESHOLDS, Category
from myopathy_outcomes.derived import Derived, derive
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.models import Diagnosis, Sex
from myopathy_outcomes.outcomes import OutcomeRules
from myopathy_outcomes.report import (
    Comparison,
    Count,
    PairedValues,
    Quartiles,
    StudyReport,
    SummaryRow,
    WithinGroupRow,
)
from myopathy_outcomes.resolved import resolve
from myopathy_outcomes.rules.groups import Assignment, assign_groups, with_rows
from myopathy_outcomes.rules.ild import (
    IldCriterion,
    IldProgression,
)
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.stats import categorical_test
from myopathy_outcomes.stats.balance import smd, smd_categories
from myopathy_outcomes.stats.kruskal_wallis import kruskal_wallis
from myopathy_outcomes.stats.rank_sum import mann_whitney
from myopathy_outcomes.stats.signed_rank import paired_wilcoxon
from myopathy_outcomes.storage import Cohort
from myopathy_outcomes.storage.patients import ages_on
from myopathy_outcomes.studies import HANAOKA_2019
from myopathy_outcomes.time_to_event import summarise_endpoints

#: Each stage of a run, as it starts (the command shows them as progress).
_progress = logging.getLogger("myopathy_outcomes.progress")

#: The notices about the data, one record each (the command shows them on stderr).
_notices = logging.getLogger("myopathy_outcomes.notices")

_CHANGE_DECIMALS = 10
_CATEGORIES: tuple[Category, ...] = get_args(Category)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]


@gc_paused()
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
    study = resolve(cohort, design)
    measures = study.measures
    labels = design.group_labels
    _progress.info("assigning %d patients to groups", len(cohort.patients))
    assignments = _assign(cohort, design)
    _check_someone_eligible(assignments, design)
    _progress.info("statistics: outcomes, tests and time to event")
    derived = derive(cohort, assignments, study)
    by_group = derived.members(labels)
    groups = dict(zip(derived.people.patient_ids, derived.groups, strict=True))
    responses = _responses(derived, design.response)
    notices = (*cohort.notices, *_absent_notice(study.absent, design))
    for notice in notices:
        _notices.info("%s", notice)
    return StudyReport(
        source=cohort.source,
        synthetic=cohort.synthetic,
        assignments=assignments,
        excluded_rows=cohort.excluded,
        notices=notices,
        baseline_rows=_with_smd(
            _baseline_rows(derived, by_group, measures), derived, by_group, measures, design
        ),
        within_rows=tuple(
            _within_row(g, m, derived, by_group[g]) for g in labels for m in measures
        ),
        between_rows=_between_rows(derived, by_group, measures),
        ild_sensitivity_rows=_ild_sensitivity_rows(derived, by_group, study.ild_sensitivity),
        ild_sensitivity_criteria=study.ild_sensitivity,
        responses=responses,
        response_rows=_response_rows(responses, by_group, design.response),
        event_times=derived.events,
        endpoints=summarise_endpoints(derived.events, groups, labels),
        other_endpoints=(
            ()
            if derived.other_events is None
            else summarise_endpoints(derived.other_events, groups, labels)
        ),
        design=design,
        adjusted=None
        if design.adjustment is None
        else adjusted_comparison(cohort, derived, design),
        patients_read=cohort.patients_read,
        regimen_file=cohort.regimen_file if cohort.regimen_rows else None,
    )


class NothingToAnalyseError(ValueError):
    """The cohort holds no patient: every one was excluded, or the files hold none.

    Also raised when the design admits none of the cohort's patients; the
    message counts them by reason.
    """


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


def _assign(cohort: Cohort, design: StudyDesign) -> Sequence[Assignment]:
    """Every patient's assignment: by the columnar engine for the standard rules.

    The engine equals :func:`~myopathy_outcomes.rules.groups.assign_groups`
    field for field (a property test holds them equal); a design with its own
    rules goes patient by patient.
    """
    if not supports(design):
        # the rows are matched to the regimens by identity: build each model once
        cohort = dataclasses.replace(cohort, regimens=tuple(cohort.regimens))
        return with_rows(assign_groups(cohort, design), cohort)
    return assign_table(cohort.regimen_table, design, cohort.first_visit_days)


def _absent_notice(absent: Sequence[str], design: StudyDesign) -> tuple[str, ...]:
    if not absent:
        return ()
    names = ", ".join(f"{design.measure(n).heading} ({n})" for n in absent)
    return (f"not in the data: {names}; the outcome tables leave them out",)


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _check_someone_eligible(assignments: Sequence[Assignment], design: StudyDesign) -> None:
    """Raise :class:`NothingToAnalyseError` when no patient is in any group, with the reasons."""
    columns = assignment_columns(assignments)
    if any(g is not None for g in columns.group.tolist()):
        return
    counts = Counter(columns.exclusion.tolist())
    shown = "; ".join(f"{n} {step}" for step, n in counts.most_common())
    raise NothingToAnalyseError(
        f"nothing to analyse: the design '{design.title}' admits none of the "
        f"{len(columns.patient_ids)} patients screened ({shown})"
    )


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


Members = dict[str, IntArray]


def _baseline_rows(
    derived: Derived, by_group: Members, measures: Sequence[Measure]
) -> tuple[SummaryRow, ...]:
    people = derived.people
    age = ages_on(people.birth_day, derived.index_days).astype(np.float64)
    rows = [
        _number_row("Age at index, years", by_group, age, decimals=0),
        _binary_row("Female sex", by_group, np.equal(people.sex, Sex.FEMALE).astype(bool)),
        *_category_rows("Diagnosis", by_group, people.diagnosis.tolist()),
        _binary_row("ILD at baseline", by_group, _has_ild(derived)),
    ]
    rows.extend(
        _number_row(
            f"{m.heading} at baseline", by_group, derived.baseline[m.name], decimals=m.decimals
        )
        for m in measures
    )
    rows.append(
        _number_row("Observation period, months", by_group, derived.observation_months, decimals=1)
    )
    return tuple(rows)


def _with_smd(
    rows: tuple[SummaryRow, ...],
    derived: Derived,
    by_group: Members,
    measures: Sequence[Measure],
    design: StudyDesign,
) -> tuple[SummaryRow, ...]:
    """Table 1 with each characteristic's absolute SMD, when the design adjusts (two arms).

    The values are those of :func:`_baseline_rows`, in its order: age, sex,
    diagnosis (one multivariate SMD on its heading row), ILD, each measure's
    baseline, the observation period.
    """
    if design.adjustment is None:
        return rows
    treated = np.array(derived.groups, dtype=object) == design.treated_label
    people = derived.people
    values: list[tuple[str, object]] = [
        ("number", ages_on(people.birth_day, derived.index_days).astype(np.float64)),
        ("binary", np.equal(people.sex, Sex.FEMALE).astype(np.float64)),
        ("category", [d.label for d in people.diagnosis.tolist()]),
        ("binary", _has_ild(derived).astype(np.float64)),
        *(("number", derived.baseline[m.name]) for m in measures),
        ("number", derived.observation_months),
    ]
    heads = [row for row in rows if row.indent == 0]
    if len(heads) != len(values):  # a guard: the rows are _baseline_rows'
        raise AssertionError("Table 1 rows and their values differ in number")
    smds = dict(zip((id(r) for r in heads), (_smd(k, v, treated) for k, v in values), strict=True))
    return tuple(dataclasses.replace(row, smd=smds.get(id(row))) for row in rows)


def _smd(kind: str, values: object, treated: BoolArray) -> float | None:
    """The absolute SMD of one characteristic; None when an arm has fewer than two values."""
    if kind == "category":
        levels = np.array(values, dtype=object)
        if min(treated.sum(), (~treated).sum()) < 1 or len(set(levels.tolist())) < 2:
            return None
        multivariate = smd_categories(levels, treated)
        return None if np.isnan(multivariate) else abs(multivariate)
    x = np.asarray(values, dtype=np.float64)
    seen = ~np.isnan(x)
    if min((treated & seen).sum(), (~treated & seen).sum()) < 2:
        return None
    result = smd(x[seen], treated[seen], binary=kind == "binary")
    return None if np.isnan(result) else abs(result)


def _has_ild(derived: Derived) -> BoolArray:
    return derived.people.ild


def _died(derived: Derived) -> BoolArray:
    """Death on or after the index date."""
    death = derived.people.death_day
    return (death >= 0) & (death >= derived.index_days)


def _between_rows(
    derived: Derived, by_group: Members, measures: Sequence[Measure]
) -> tuple[SummaryRow, ...]:
    rows = [
        _progression_row(
            "ILD progression (patients with baseline ILD, evaluable)",
            derived,
            by_group,
            derived.ild,
        ),
        _binary_row(
            "Death during observation",
            by_group,
            _died(derived),
        ),
    ]
    rows.extend(
        _number_row(
            f"Change in {m.heading}",
            by_group,
            _change(derived.baseline[m.name], derived.follow_up[m.name]),
            decimals=m.decimals,
        )
        for m in measures
    )
    return tuple(rows)


def _progression_row(
    label: str, derived: Derived, by_group: Members, results: Sequence[IldProgression]
) -> SummaryRow:
    """Progression among patients with baseline ILD whose progression can be evaluated."""
    decided = progression_columns(results)
    evaluable = _has_ild(derived) & decided.evaluable
    progressed = decided.progressed
    among = {g: members[evaluable[members]] for g, members in by_group.items()}
    return _binary_row(label, among, progressed, show_denominator=True)


def _ild_sensitivity_rows(
    derived: Derived, by_group: Members, criteria: Sequence[IldCriterion]
) -> tuple[SummaryRow, ...]:
    """ILD progression under each sensitivity criterion, among patients it can evaluate."""
    return tuple(
        _progression_row(rule.name, derived, by_group, results)
        for rule, results in zip(criteria, derived.ild_sensitivity, strict=True)
    )


def _responses(derived: Derived, outcome: ResponseOutcome | None) -> tuple[PatientResponse, ...]:
    """Every analysed patient's response (TIS and IMACS definition), when the design asks."""
    if outcome is None:
        return ()
    names = outcome.visit_measures
    before = {n: derived.baseline[n].tolist() for n in names}
    after = {n: derived.follow_up[n].tolist() for n in names}
    return tuple(
        score_response(
            str(patient),
            group,
            {n: before[n][i] for n in names},
            {n: after[n][i] for n in names},
            outcome,
        )
        for i, (patient, group) in enumerate(zip(derived.patient_ids, derived.groups, strict=True))
    )


def _response_rows(
    responses: Sequence[PatientResponse], by_group: Members, outcome: ResponseOutcome | None
) -> tuple[SummaryRow, ...]:
    """Response compared between groups, among the patients with a complete core set.

    Counts with Fisher's exact test, the TIS with Mann-Whitney (Kruskal-Wallis
    for more than two groups); patients with an incomplete core set are
    counted in a row of their own, without a test.
    """
    if outcome is None:
        return ()
    scored = np.array([r.tis.score is not None for r in responses], dtype=bool)
    decided = np.array([r.doi.improved is not None for r in responses], dtype=bool)
    tis = np.array([np.nan if r.tis.score is None else r.tis.score for r in responses])
    categories = [r.tis.category for r in responses]
    complete = {g: members[scored[members]] for g, members in by_group.items()}
    minimal = dict(THRESHOLDS[outcome.population])["minimal"]
    counts = [
        [sum(categories[i] == c for i in m.tolist()) for c in _CATEGORIES]
        for m in complete.values()
    ]
    rows = [
        SummaryRow(
            "Core set incomplete (not scored)",
            tuple(Count(int((~scored[m]).sum()), len(m), True) for m in by_group.values()),
            None,
        ),
        _number_row("Total Improvement Score", complete, tis, decimals=1),
        _binary_row(
            f"Improved, TIS >= {minimal}",
            complete,
            np.array([c not in (None, "none") for c in categories], dtype=bool),
            show_denominator=True,
        ),
        SummaryRow("TIS category", (None,) * len(by_group), _compare_counts(counts)),
        *(
            SummaryRow(
                category,
                tuple(
                    Count(row[k], len(m)) for row, m in zip(counts, complete.values(), strict=True)
                ),
                None,
                indent=1,
            )
            for k, category in enumerate(_CATEGORIES)
        ),
        _binary_row(
            "IMACS definition of improvement met",
            {g: members[decided[members]] for g, members in by_group.items()},
            np.array([r.doi.improved is True for r in responses], dtype=bool),
            show_denominator=True,
        ),
    ]
    return tuple(rows)


def _missing_side(*, has_baseline: bool, has_follow_up: bool) -> str:
    """Which side of the pair is missing, for counting; the outcome holds the details."""
    if not has_baseline and not has_follow_up:
        return "no baseline and no follow-up value"
    if not has_baseline:
        return "no baseline value in the window"
    return "no follow-up value"


def _change(baseline: FloatArray, follow_up: FloatArray) -> FloatArray:
    """Follow-up minus baseline, rounded to 10 decimals so float noise cannot break a tie.

    NaN where either is missing.

    >>> a, b = np.array([0.1, 0.0]), np.array([0.3, 0.2])
    >>> bool((b - a)[0] == (b - a)[1]), bool(_change(a, b)[0] == _change(a, b)[1])
    (False, True)
    """
    return np.round(follow_up - baseline, _CHANGE_DECIMALS)


def _number_row(label: str, by_group: Members, values: FloatArray, *, decimals: int) -> SummaryRow:
    arrays = [values[members][~np.isnan(values[members])] for members in by_group.values()]
    cells = tuple(
        Quartiles.of(a.tolist(), total=len(members))
        for a, members in zip(arrays, by_group.values(), strict=True)
    )
    if not all(a.size for a in arrays):
        return SummaryRow(label, cells, Comparison(None, "a group has no values"), 0, decimals)
    test = mann_whitney(*arrays) if len(arrays) == 2 else kruskal_wallis(*arrays)
    return SummaryRow(label, cells, Comparison(test), 0, decimals)


def _binary_row(
    label: str, by_group: Members, has: BoolArray, *, show_denominator: bool = False
) -> SummaryRow:
    """Count a yes/no feature per group; ``show_denominator`` when it is not the group size."""
    counts = [(int(has[members].sum()), len(members)) for members in by_group.values()]
    cells = tuple(Count(k, n, show_denominator) for k, n in counts)
    table = [[k, n - k] for k, n in counts]
    return SummaryRow(label, cells, _compare_counts(table))


def _category_rows(
    label: str, by_group: Members, categories: Sequence[Diagnosis]
) -> list[SummaryRow]:
    counts = [Counter(categories[i] for i in members.tolist()) for members in by_group.values()]
    levels = [d for d in Diagnosis if any(c[d] for c in counts)]
    table = [[c[level] for level in levels] for c in counts]
    head = SummaryRow(label, (None,) * len(by_group), _compare_counts(table))
    level_rows = [
        SummaryRow(
            level.label,
            tuple(
                Count(c[level], len(members))
                for c, members in zip(counts, by_group.values(), strict=True)
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


def _within_row(
    group: str, measure: Measure, derived: Derived, members: IntArray
) -> WithinGroupRow:
    baseline = derived.baseline[measure.name][members]
    follow_up = derived.follow_up[measure.name][members]
    has_b, has_f = ~np.isnan(baseline), ~np.isnan(follow_up)
    paired = has_b & has_f
    sides = {
        _missing_side(has_baseline=False, has_follow_up=False): int((~has_b & ~has_f).sum()),
        _missing_side(has_baseline=False, has_follow_up=True): int((~has_b & has_f).sum()),
        _missing_side(has_baseline=True, has_follow_up=False): int((has_b & ~has_f).sum()),
    }
    left_out = {side: count for side, count in sides.items() if count}
    changes = _change(baseline[paired], follow_up[paired])
    ids = derived.patient_ids[members[paired]]
    values = PairedValues(ids, baseline[paired], follow_up[paired], changes)
    result = None
    note = None
    if not paired.any():
        note = "no patient has both values"
    elif not changes.any():
        note = "every change is zero"
    else:
        result = paired_wilcoxon(changes)
    return WithinGroupRow(
        group=group,
        measure=measure,
        n_patients=len(members),
        baseline=Quartiles.of(baseline[paired].tolist()),
        follow_up=Quartiles.of(follow_up[paired].tolist()),
        change=Quartiles.of(changes.tolist()),
        left_out=tuple(sorted(left_out.items())),
        result=result,
        note=note,
        pairs=values,
    )
