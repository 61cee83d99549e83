"""ILD progression over whole tables: registry scale.

The twin of :mod:`myopathy_outcomes.rules.ild` (the readable reference, one
patient at a time). The paper's rule (:class:`IldProgressionRule`, both
readings, any threshold) is decided with sorted arrays: the %FVC visits
strictly after the later of the index date and the baseline visit, sorted by
patient, day and record order; the worst and the first qualifying decline
per patient found with ``np.maximum.reduceat`` and first-of-run positions.
Floats decide far from the threshold, as in the reference; the few declines
within its exact zone are decided by the reference's own exact comparison.
The declines a result reports are the exact decimal declines rounded once to
a float, computed in integers from each value's shortest decimal (Fractions
only where a value has no short decimal). Each result is worded by
:func:`~myopathy_outcomes.rules.ild.paper.paper_result`, as the reference's,
when it is read (:class:`PaperResults`); the analysis counts the decisions,
held as columns.

The other criteria run their per-patient ``assess`` on a record built from
the table (:func:`table_records`). A property test holds the two
implementations equal, reasons included.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar, cast

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.models import Patient, PatientRecord, Visit
from myopathy_outcomes.rules.ild import (
    Baselines,
    FvcDeclineReading,
    IldCriterion,
    IldProgression,
    IldProgressionRule,
)
from myopathy_outcomes.rules.ild.paper import paper_result
from myopathy_outcomes.storage.on_demand import OnDemand, items_at
from myopathy_outcomes.storage.visits import VisitTable

__all__ = [
    "BaselineTable",
    "PaperResults",
    "ProgressionColumns",
    "assess_table",
    "progression_columns",
    "results_at",
    "table_records",
]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
_G = TypeVar("_G", bound=np.generic)

_DAY_BITS = 22  # every ordinal day (date.max is 3_652_059) fits in 22 bits
_MAX_PLACES = 9  # decimal places tried when reading a float back as its decimal
_MANTISSA_LIMIT = 2.0**50  # a decimal's digits below this are read back exactly
_OPERAND_LIMIT = 2.0**45  # operands below this keep every product below 2**53


@dataclass(frozen=True)
class BaselineTable:
    """Every patient's baseline lung function as columns (the reference's :class:`Baselines`).

    Attributes
    ----------
    fvc, dlco : float array
        Baseline %FVC and %DLCO per patient; NaN where the window holds none.
    fvc_day, dlco_day : int array
        The ordinal days of those baseline visits; -1 where there is none.
    """

    fvc: FloatArray
    fvc_day: IntArray
    dlco: FloatArray
    dlco_day: IntArray

    def of(self, patient: int) -> Baselines:
        """One patient's baselines, as the per-patient criteria take them."""
        fvc, dlco = float(self.fvc[patient]), float(self.dlco[patient])
        fvc_day, dlco_day = int(self.fvc_day[patient]), int(self.dlco_day[patient])
        return Baselines(
            fvc=None if np.isnan(fvc) else fvc,
            fvc_date=None if fvc_day < 0 else date.fromordinal(fvc_day),
            dlco=None if np.isnan(dlco) else dlco,
            dlco_date=None if dlco_day < 0 else date.fromordinal(dlco_day),
        )


def table_records(
    table: VisitTable, patients: Sequence[Patient], measures: Sequence[str]
) -> Callable[[int], PatientRecord]:
    """A function giving patient ``p``'s record, its visits built from ``table``.

    Parameters
    ----------
    table : VisitTable
        Every visit of the cohort.
    patients : sequence of Patient
        The patients, in ``table.patient_ids`` order.
    measures : sequence of str
        The measures the visits need (``criterion.measures``); the others are
        left out.

    Returns
    -------
    callable
        ``record(p)``: a :class:`PatientRecord` with the patient's visits
        sorted by date, record order kept within a day, as the loader sorts
        them; the table is sorted once, at the first record asked for, and
        each record is built when asked for.
    """
    names = [m for m in measures if m in Visit.model_fields and m in table.values]
    columns = [table.values[m] for m in names]

    @functools.cache
    def order() -> tuple[IntArray, IntArray]:  # sorted at the first record asked for
        rows = table.by_patient()
        bounds = np.searchsorted(table.patient[rows], np.arange(len(table.patient_ids) + 1))
        return rows, bounds

    blank = dict.fromkeys(Visit.model_fields)
    given: dict[tuple[str, ...], set[str]] = {}  # the fields a visit gives, one set per kind

    def visit(pid: str, day: int, values: dict[str, float]) -> Visit:
        kind = given.setdefault(tuple(values), {"patient_id", "date", *values})
        fields = {**blank, "patient_id": pid, "date": date.fromordinal(day), **values}
        return Visit.from_valid(fields, kind)  # the table's values are validated already

    def record(p: int) -> PatientRecord:
        pid = table.patient_ids[p]
        rows, bounds = order()
        mine = rows[bounds[p] : bounds[p + 1]]
        measured = [c[mine].tolist() for c in columns]
        visits = tuple(
            visit(pid, d, {n: x[i] for n, x in zip(names, measured, strict=True) if x[i] == x[i]})
            for i, d in enumerate(table.day[mine].tolist())
        )
        return PatientRecord(patients[p], visits)

    return record


def assess_table(
    criterion: IldCriterion,
    table: VisitTable,
    index_day: IntArray,
    baselines: BaselineTable,
    record: Callable[[int], PatientRecord] | None = None,
) -> Sequence[IldProgression | None]:
    """Every patient's ILD progression under ``criterion``, equal to its ``assess``.

    Parameters
    ----------
    criterion : IldCriterion
        Any criterion; :class:`IldProgressionRule` (``paper``,
        ``paper-absolute``, any threshold) is decided over the table, the
        others patient by patient on ``record(p)``.
    table : VisitTable
        Every visit of the cohort (with ``fvc_pct`` for the paper's rule).
    index_day : int array
        Each patient's index date as an ordinal day; -1: not analysed.
    baselines : BaselineTable
        Each patient's baselines, as the analysis derives them.
    record : callable, optional
        ``record(p)``, patient ``p``'s record (:func:`table_records`);
        required for the criteria not decided over the table.

    Returns
    -------
    sequence of IldProgression or None
        One per patient in ``table.patient_ids`` order: equal, field for
        field, to ``criterion.assess(record, index_date, baselines)``; None
        for a patient not analysed. For the paper's rule a
        :class:`PaperResults`, which words each result when it is read.
    """
    n = len(table.patient_ids)
    for name, column in (
        ("index_day", index_day),
        ("baselines.fvc", baselines.fvc),
        ("baselines.fvc_day", baselines.fvc_day),
        ("baselines.dlco", baselines.dlco),
        ("baselines.dlco_day", baselines.dlco_day),
    ):
        if len(column) != n:
            raise ValueError(f"{name} has {len(column)} entries for {n} patients")
    if isinstance(criterion, IldProgressionRule):
        return _paper(criterion, table, index_day, baselines)
    if record is None:
        raise ValueError(
            f"the ILD criterion {criterion.name!r} is assessed patient by patient: "
            "pass record (see table_records)"
        )
    return tuple(
        None if day < 0 else criterion.assess(record(p), date.fromordinal(day), baselines.of(p))
        for p, day in enumerate(index_day.tolist())
    )


def _paper(
    rule: IldProgressionRule, table: VisitTable, index_day: IntArray, baselines: BaselineTable
) -> PaperResults:
    """:func:`~myopathy_outcomes.rules.ild.paper.ild_progression` for every patient."""
    if "fvc_pct" not in table.values:
        raise ValueError("the visit table has no fvc_pct column, which the ILD rule reads")
    n = len(table.patient_ids)
    base, base_day = baselines.fvc, baselines.fvc_day
    after = np.where(base_day >= 0, np.maximum(index_day, base_day), index_day)
    wanted = (index_day >= 0) & ~np.isnan(base)

    # The follow-up: %FVC strictly after `after`, by patient, day and record order.
    fvc = table.values["fvc_pct"]
    kept = wanted[table.patient] & ~np.isnan(fvc) & (table.day > after[table.patient])
    rows = np.flatnonzero(kept)
    key = (table.patient[rows] << _DAY_BITS) | table.day[rows]
    if np.any(key[1:] < key[:-1]):
        rows = rows[np.argsort(key, kind="stable")]
    who, value, day = table.patient[rows], fvc[rows], table.day[rows]
    _check(rule, table.patient_ids, who, base[who], value)

    # Runs of one patient's visits.
    starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])[: len(who)]
    ends = np.r_[starts[1:], len(who)][: len(starts)]
    run_of = np.full(n, -1, dtype=np.int64)
    run_of[who[starts]] = np.arange(len(starts))
    run = np.repeat(np.arange(len(starts)), ends - starts)

    b = base[who]
    with np.errstate(over="ignore"):  # as Python floats, which overflow to inf silently
        decline = rule.float_decline(b, value)
    largest = np.maximum.reduceat(decline, starts)[run] if len(who) else decline
    worst = _first_in_run(decline == largest, run)
    threshold = rule.threshold
    far = np.abs(decline - threshold) > rule.exact_margin
    meets = decline > threshold
    for r in np.flatnonzero(~far).tolist():
        meets[r] = rule.is_progression(float(b[r]), float(value[r]))
    first = np.full(len(starts), -1, dtype=np.int64)
    hit = np.flatnonzero(meets)
    first_hit = _first_in_run(np.ones(len(hit), dtype=bool), run[hit])
    first[run[hit[first_hit]]] = hit[first_hit]

    # The declines a result reports, exactly: the worst and the first that met the rule.
    met = first >= 0
    shown = np.r_[worst, first[met]]
    exact = _exact_declines(rule, b[shown], value[shown])
    first_day = np.full(len(starts), -1, dtype=np.int64)
    first_day[met] = day[first[met]]
    first_value, first_decline = np.full(len(starts), np.nan), np.full(len(starts), np.nan)
    first_value[met], first_decline[met] = value[first[met]], exact[len(worst) :]

    def per_patient(by_run: NDArray[_G], fill: float) -> NDArray[_G]:
        out = np.full(n, fill, dtype=by_run.dtype)
        out[has_run] = by_run[run_of[has_run]]
        return out

    has_run = run_of >= 0
    facts = _PaperFacts(
        index_day=index_day,
        baseline=base,
        after=after,
        since_baseline=base_day >= 0,
        visits=per_patient(ends - starts, 0),
        last_day=per_patient(day[ends - 1], -1),
        max_decline=per_patient(exact[: len(worst)], np.nan),
        first_day=per_patient(first_day, -1),
        first_value=per_patient(first_value, np.nan),
        first_decline=per_patient(first_decline, np.nan),
    )
    return PaperResults(rule, tuple(table.patient_ids), facts)


@dataclass(frozen=True)
class _PaperFacts:
    """What the paper's rule found for each patient, as columns (one entry per patient)."""

    index_day: IntArray  # -1: not analysed
    baseline: FloatArray  # NaN: none
    after: IntArray  # the day after which %FVC was sought
    since_baseline: BoolArray  # ``after`` is the baseline visit's day
    visits: IntArray  # %FVC values compared with baseline
    last_day: IntArray  # the last of them; -1: none
    max_decline: FloatArray
    first_day: IntArray  # the first that met the rule; -1: none
    first_value: FloatArray
    first_decline: FloatArray

    def select(self, rows: IntArray) -> _PaperFacts:
        """The facts of the patients at ``rows``."""
        return _PaperFacts(
            **{name: getattr(self, name)[rows] for name in self.__dataclass_fields__}
        )


@dataclass(frozen=True)
class ProgressionColumns:
    """Each patient's ILD progression result as columns.

    Attributes
    ----------
    present : bool array
        Whether the patient has a result (False: not analysed).
    evaluable, progressed : bool array
        As :class:`~myopathy_outcomes.rules.ild.IldProgression`'s fields.
    first_day : int array
        The first date that met the criterion as an ordinal day; -1: none.
    """

    present: BoolArray
    evaluable: BoolArray
    progressed: BoolArray
    first_day: IntArray


class PaperResults(OnDemand[IldProgression | None]):
    """Every patient's result under the paper's rule: decided as columns, worded when asked.

    Each item equals ``ild_progression``'s result for the patient (None for
    a patient not analysed); :attr:`columns` holds the decisions the
    analysis counts, without building the results.
    """

    __slots__ = ("_facts", "_ids", "_rule", "columns")
    noun = "ILD progression results"

    def __init__(
        self, rule: IldProgressionRule, patient_ids: tuple[str, ...], facts: _PaperFacts
    ) -> None:
        self._rule, self._ids, self._facts = rule, patient_ids, facts
        present = facts.index_day >= 0
        evaluable = present & ~np.isnan(facts.baseline) & (facts.visits > 0)
        self.columns = ProgressionColumns(
            present=present,
            evaluable=evaluable,
            progressed=evaluable & (facts.first_day >= 0),
            first_day=np.where(evaluable, facts.first_day, -1),
        )

    def __len__(self) -> int:
        return len(self._ids)

    def select(self, rows: Sequence[int] | NDArray[np.intp]) -> PaperResults:
        """The results of the patients at ``rows``, in that order."""
        at = np.asarray(rows, dtype=np.intp)
        ids = tuple(self._ids[i] for i in at.tolist())
        return PaperResults(self._rule, ids, self._facts.select(at))

    def take(self, positions: Sequence[int]) -> list[IldProgression | None]:
        """The results at ``positions``, worded by ``paper_result`` as the reference's."""
        f, rule = self._facts, self._rule
        at = np.asarray(positions, dtype=np.intp)
        out: list[IldProgression | None] = []
        for p, day, base, after, since, count, last, worst, f_day, f_value, f_decline in zip(
            at.tolist(),
            *(
                column[at].tolist()
                for column in (
                    f.index_day,
                    f.baseline,
                    f.after,
                    f.since_baseline,
                    f.visits,
                    f.last_day,
                    f.max_decline,
                    f.first_day,
                    f.first_value,
                    f.first_decline,
                )
            ),
            strict=True,
        ):
            if day < 0:
                out.append(None)
                continue
            pid, baseline = self._ids[p], None if math.isnan(base) else base
            since_day = date.fromordinal(after)
            if baseline is None or count == 0:
                out.append(paper_result(rule, pid, baseline, since_day, since_baseline=since))
                continue
            out.append(
                paper_result(
                    rule,
                    pid,
                    baseline,
                    since_day,
                    visits=count,
                    last_date=date.fromordinal(last),
                    max_decline=worst,
                    first=None if f_day < 0 else (date.fromordinal(f_day), f_value, f_decline),
                )
            )
        return out


def results_at(
    results: Sequence[IldProgression | None], rows: NDArray[np.intp], patient_ids: Sequence[str]
) -> Sequence[IldProgression]:
    """The results of the patients at ``rows``, each of whom must have one.

    Raises ``ValueError`` naming the first patient (of ``patient_ids``) without.
    """
    missing = rows[~progression_columns(results).present[rows]]
    if missing.size:
        pid = patient_ids[int(missing[0])]
        raise ValueError(f"patient {pid}: analysed but has no ILD progression result")
    if isinstance(results, PaperResults):
        picked: Sequence[IldProgression | None] = results.select(rows)
    else:
        picked = items_at(results, rows.tolist())
    return cast(Sequence[IldProgression], picked)  # each present: no None


def progression_columns(results: Sequence[IldProgression | None]) -> ProgressionColumns:
    """The decisions of ``results`` as columns: read from :class:`PaperResults`, else built."""
    if isinstance(results, PaperResults):
        return results.columns
    return ProgressionColumns(
        present=np.array([r is not None for r in results], dtype=bool),
        evaluable=np.array([r is not None and r.evaluable for r in results], dtype=bool),
        progressed=np.array([r is not None and r.progressed for r in results], dtype=bool),
        first_day=np.array(
            [
                -1 if r is None or r.first_date is None else r.first_date.toordinal()
                for r in results
            ],
            dtype=np.int64,
        ),
    )


def _first_in_run(mask: BoolArray, run: IntArray) -> IntArray:
    """Position of the first ``True`` of each run that has one (runs in order)."""
    at = np.flatnonzero(mask)
    if len(at) == 0:
        return at
    runs = run[at]
    return at[np.r_[True, runs[1:] != runs[:-1]]]


def _check(
    rule: IldProgressionRule,
    patient_ids: Sequence[str],
    who: IntArray,
    baseline: FloatArray,
    value: FloatArray,
) -> None:
    """A clear error for a baseline that is not a positive number or a value not finite."""
    bad = np.flatnonzero(~((baseline > 0) & np.isfinite(baseline) & np.isfinite(value)))
    if len(bad):
        r = int(bad[0])
        what, got = (
            ("baseline %FVC", baseline[r])
            if not (baseline[r] > 0 and np.isfinite(baseline[r]))
            else ("%FVC", value[r])
        )
        raise ValueError(
            f"patient {patient_ids[int(who[r])]}: {what} must be a finite number > 0 for the "
            f"ILD rule {rule.name!r}, got {float(got)!r}"
        )


def _exact_declines(
    rule: IldProgressionRule, baseline: FloatArray, value: FloatArray
) -> FloatArray:
    """The exact decimal declines, each rounded once to a float (as ``rule.decline``).

    Each value is read back as its shortest decimal ``m / 10**k`` in
    integers; with both operands on ``K = max(k)`` places, the relative
    decline is ``(B - V) * 100 / B`` and the absolute ``(B - V) / 10**K``.
    Below 2**53 the integers are exact floats and one IEEE division rounds
    the quotient correctly, as ``float(Fraction)`` does. Rows whose decimals
    are too long fall back to the reference's Fractions.
    """
    mb, kb = _shortest_decimal(baseline)
    mv, kv = _shortest_decimal(value)
    places = np.maximum(kb, kv)
    ok = (kb >= 0) & (kv >= 0)
    scale_b = 10.0 ** (places - kb)
    scale_v = 10.0 ** (places - kv)
    ok &= (np.abs(mb) * scale_b < _OPERAND_LIMIT) & (np.abs(mv) * scale_v < _OPERAND_LIMIT)
    big = np.where(ok, mb * scale_b, 0).astype(np.int64)
    small = np.where(ok, mv * scale_v, 0).astype(np.int64)
    if rule.reading is FvcDeclineReading.RELATIVE:
        numerator, denominator = (big - small) * 100, np.where(ok, big, 1)
    else:
        numerator, denominator = big - small, 10 ** np.where(ok, places, 0)
    out = numerator.astype(np.float64) / denominator.astype(np.float64)
    for r in np.flatnonzero(~ok).tolist():
        out[r] = rule.decline(float(baseline[r]), float(value[r]))
    return out


def _shortest_decimal(x: FloatArray) -> tuple[IntArray, IntArray]:
    """Each float as ``m / 10**k``, the shortest decimal that reads back as it (its ``repr``).

    The fewest places ``k`` whose nearest integer ``m = rint(x * 10**k)``
    reads back as ``x``; ``k = -1`` where no ``k <= 9`` gives ``|m| < 2**50``.
    Below that bound ``rint`` finds the decimal whenever one exists, and a
    shorter decimal would have been found at fewer places.
    """
    mantissa = np.zeros(len(x), dtype=np.int64)
    places = np.full(len(x), -1, dtype=np.int64)
    todo = np.flatnonzero(np.isfinite(x))
    for k in range(_MAX_PLACES + 1):
        if len(todo) == 0:
            break
        scale = 10.0**k
        with np.errstate(over="ignore", invalid="ignore"):
            m = np.rint(x[todo] * scale)
            ok = (np.abs(m) < _MANTISSA_LIMIT) & (m / scale == x[todo])
        mantissa[todo[ok]] = m[ok].astype(np.int64)
        places[todo[ok]] = k
        todo = todo[~ok]
    return mantissa, places
