"""The time-to-event numbers of a report: Kaplan-Meier by group, log-rank and Cox.

For each endpoint of :mod:`myopathy_outcomes.outcomes.events`, each group
gets its Kaplan-Meier curve (``survfit``, log intervals), its median with
interval and its survival at 1, 2 and 3 years; the groups are compared by
the asymptotic log-rank test (``survdiff``), the exact conditional log-rank
test for two groups (``coin::logrank_test``, while it fits the exact budget),
and a Cox model of the group (Efron ties; each group against the last one,
which in the paper's design is MMF alone). The Cox model is fitted whenever
two groups have patients and there are events, also where ``survdiff``
stops (a singular variance): R's ``coxph`` fits there too.

:class:`EndpointSummary` and :class:`GroupSurvival` hold these numbers, and
:data:`SURVIVAL_YEARS` the years they are read at; the report's display and
figures read them here. This module imports nothing of the report.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from myopathy_outcomes.columnar.events import EndpointColumns, endpoint_columns
from myopathy_outcomes.outcomes.events import Endpoint, EventTime
from myopathy_outcomes.stats import (
    CoxConvergenceWarning,
    CoxResult,
    ExactBudgetError,
    KaplanMeierResult,
    LogrankResult,
    cox,
    kaplan_meier,
    logrank,
)
from myopathy_outcomes.stats.display import Displayed, table
from myopathy_outcomes.stats.formatting import format_number, format_pval

__all__ = [
    "SURVIVAL_YEARS",
    "EndpointSummary",
    "GroupSurvival",
    "summarise_endpoints",
]

#: Years at which each group's survival is reported.
SURVIVAL_YEARS = (1, 2, 3)
_DAYS_PER_YEAR = 365.25
EXACT_LOGRANK_MAX_PATIENTS = 1000
"""The report tries the exact log-rank test up to this many patients in an endpoint.

The exact distribution is for small samples: below this size
:func:`~myopathy_outcomes.stats.logrank` refuses, in milliseconds, what it
estimates to take longer than its default ``budget_seconds`` (reached with a
few dozen patients with distinct times); far beyond it even the exact scores
would take longer than the rest of a registry's analysis, and the asymptotic
test is what such a sample calls for.
"""


@dataclass(frozen=True, repr=False)
class GroupSurvival(Displayed):
    """Kaplan-Meier summary of one endpoint in one group (times in days).

    Attributes
    ----------
    group : str
        The group's label.
    n, events : int
        Patients in the endpoint, and events among them.
    curve : KaplanMeierResult or None
        The estimate (``None`` when the group has no patient), for figures.
    median : float or None
        Median time to the event; ``None`` where R's ``quantile`` gives NA.
    median_conf_int : tuple of (float or None)
        Its interval.
    survival : tuple of (years, estimate, low, high)
        Survival at 1, 2 and 3 years (``None`` past the last time).
    """

    group: str
    n: int
    events: int
    curve: KaplanMeierResult | None
    median: float | None
    median_conf_int: tuple[float | None, float | None]
    survival: tuple[tuple[int, float | None, float | None, float | None], ...]


@dataclass(frozen=True, repr=False)
class EndpointSummary(Displayed):
    """One time-to-event endpoint: each group's curve and the comparison between them.

    Attributes
    ----------
    endpoint : str
        ``"ild_progression"``, ``"death"`` or ``"progression_or_death"``.
    label : str
        The endpoint in words.
    groups : tuple of GroupSurvival
        One per group, in the design's order.
    logrank : LogrankResult or None
        The asymptotic log-rank test (``survdiff``); ``None`` with ``note``.
    logrank_exact : LogrankResult or None
        The exact conditional log-rank test (``coin``), two groups only.
    cox : CoxResult or None
        Cox model of the group (each group against the last one).
    note : str or None
        Why a test is missing or a hazard ratio is not estimable.
    """

    endpoint: str
    label: str
    groups: tuple[GroupSurvival, ...]
    logrank: LogrankResult | None
    logrank_exact: LogrankResult | None
    cox: CoxResult | None
    note: str | None = None

    def to_frame(self) -> pd.DataFrame:
        """Every group's curve as one tidy DataFrame: one row per time per group, times in days.

        The first column is ``group``; the others are those of
        :meth:`KaplanMeierResult.to_frame() <myopathy_outcomes.stats.KaplanMeierResult.to_frame>`.
        """
        frames = [
            g.curve.to_frame().assign(group=g.group) for g in self.groups if g.curve is not None
        ]
        if not frames:
            return pd.DataFrame(columns=["group"])
        frame = pd.concat(frames, ignore_index=True)
        return frame[["group", *(c for c in frame.columns if c != "group")]]

    def _repr_html_(self) -> str:
        """Each group's n, events, median with its interval and hazard ratio, then the tests."""
        ratios = self._hazard_ratios()
        rows = [
            [
                g.group,
                str(g.n),
                str(g.events),
                _shown(g.median),
                f"{_shown(g.median_conf_int[0])} to {_shown(g.median_conf_int[1])}",
                ratios.get(k, "-"),
            ]
            for k, g in enumerate(self.groups)
        ]
        notes = [
            f"{test.label}: P = {format_pval(test.pvalue)}"
            for test in (self.logrank, self.logrank_exact)
            if test is not None
        ]
        if self.note is not None:
            notes.append(self.note)
        header = ["group", "n", "events", "median (days)", "95% CI", "hazard ratio (95% CI)"]
        return "\n".join(
            [
                table(self.label, header, rows),
                table(None, ["comparison"], [[note] for note in notes]),
            ]
        )

    def _hazard_ratios(self) -> dict[int, str]:
        """Each group's hazard ratio against the last group with patients, by group position."""
        present = [k for k, g in enumerate(self.groups) if g.curve is not None]
        if self.cox is None or len(self.cox.names) != len(present) - 1:
            return {}
        ratios = {present[-1]: "1 (reference)"}
        for k, ratio, (low, high) in zip(
            present,
            self.cox.hazard_ratio.tolist(),
            self.cox.hazard_ratio_conf_int.tolist(),
            strict=False,
        ):
            ratios[k] = f"{_shown(ratio)} ({_shown(low)} to {_shown(high)})"
        return ratios

    def plot(self, ax: Any = None, *, conf_int: bool = True) -> Any:
        """Each group's Kaplan-Meier curve on one axes, labelled with the group (times in days).

        Needs matplotlib (the ``plot`` extra); see
        :meth:`KaplanMeierResult.plot() <myopathy_outcomes.stats.KaplanMeierResult.plot>`.
        Returns the axes.
        """
        for g in self.groups:
            if g.curve is not None:
                ax = g.curve.plot(ax, label=g.group, conf_int=conf_int)
        if ax is None:
            raise ValueError(
                f"endpoint {self.endpoint!r} has no curve to draw: no group has patients"
            )
        ax.set_title(self.label)
        ax.set_xlabel("Days from the index date")
        return ax


def _shown(value: float | None) -> str:
    """A number to 4 significant digits, or R's ``NA``."""
    return "NA" if value is None else format_number(value, 4)


def summarise_endpoints(
    times: Sequence[EventTime], groups: dict[str, str], labels: Sequence[str]
) -> tuple[EndpointSummary, ...]:
    """Summarise every endpoint by group.

    Parameters
    ----------
    times : sequence of EventTime
        Every analysed patient's endpoints.
    groups : dict
        Each patient's group label.
    labels : sequence of str
        The groups in the design's order; the last is the Cox reference.

    Returns
    -------
    tuple of EndpointSummary
        One per endpoint, in :class:`Endpoint` order.
    """
    rank = {label: g for g, label in enumerate(labels)}
    return tuple(
        _summarise(endpoint, endpoint_columns(times, endpoint), groups, rank)
        for endpoint in Endpoint
    )


def _summarise(
    endpoint: Endpoint, times: EndpointColumns, groups: dict[str, str], rank: dict[str, int]
) -> EndpointSummary:
    labels = list(rank)
    days = times.days.astype(np.float64)
    event = times.event.astype(np.int64)
    group = np.array([rank[groups[pid]] for pid in times.patient_ids], dtype=np.int64)
    summaries = tuple(
        _group(label, days[group == g], event[group == g]) for g, label in enumerate(labels)
    )
    present = [g for g in range(len(labels)) if (group == g).any()]
    note: str | None = None
    asymptotic = exact = None
    fit: CoxResult | None = None
    if len(present) < 2:
        note = "not compared: fewer than two groups have patients"
    elif not event.any():
        note = "not compared: no events"
    else:
        untested = None
        try:
            asymptotic = logrank(days, event, group, method="asymptotic")
        except ValueError as error:  # no event while two groups are at risk; a singular variance
            untested = str(error)
        else:
            if len(labels) == 2:
                exact, note = _exact_logrank(days, event, group)
        fit, cox_note = _cox(days, event, group, present)
        if untested is not None:
            note = f"not compared: {untested}" if fit is None else f"log-rank: {untested}"
        note = "; ".join(n for n in (note, cox_note) if n) or None
    return EndpointSummary(endpoint.value, endpoint.label, summaries, asymptotic, exact, fit, note)


def _group(label: str, days: np.ndarray, event: np.ndarray) -> GroupSurvival:
    if days.size == 0:
        return GroupSurvival(label, 0, 0, None, None, (None, None), ())
    curve = kaplan_meier(days, event)
    at = curve.survival_at([y * _DAYS_PER_YEAR for y in SURVIVAL_YEARS])
    last = float(days.max())
    survival = tuple(
        (
            years,
            *(
                (None, None, None)
                if years * _DAYS_PER_YEAR > last
                else (float(at.survival[i]), float(at.conf_low[i]), float(at.conf_high[i]))
            ),
        )
        for i, years in enumerate(SURVIVAL_YEARS)
    )
    return GroupSurvival(
        label,
        int(days.size),
        int(event.sum()),
        curve,
        curve.median,
        curve.median_conf_int,
        survival,
    )


def _exact_logrank(
    days: np.ndarray, event: np.ndarray, group: np.ndarray
) -> tuple[LogrankResult | None, str | None]:
    if days.size > EXACT_LOGRANK_MAX_PATIENTS:
        return None, (
            f"exact log-rank not tried above {EXACT_LOGRANK_MAX_PATIENTS} patients: "
            "asymptotic only"
        )
    try:
        return logrank(days, event, group, method="exact"), None
    except ExactBudgetError:
        return None, "exact log-rank beyond its budget: asymptotic only"


def _cox(
    days: np.ndarray, event: np.ndarray, group: np.ndarray, present: list[int]
) -> tuple[CoxResult | None, str | None]:
    """Cox model of group indicators against the last group present."""
    x = np.column_stack([(group == g).astype(np.float64) for g in present[:-1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", CoxConvergenceWarning)
        try:
            return cox(days, event, x), None
        except CoxConvergenceWarning:
            return None, "hazard ratio not estimable (monotone likelihood: no events in a group)"
        except ValueError as error:
            return None, f"hazard ratio not estimable ({error})"
