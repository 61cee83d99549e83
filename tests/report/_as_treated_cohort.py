"""A synthetic head-to-head cohort whose as-treated follow-up ends in every way.

Forty patients start azathioprine or methotrexate; some stop (some restart
within or after the grace), some switch to the other drug, some die, and
%FVC is measured every three months. Built from a fixed seed, so the event
times R reads (``r/as_treated_event_times.csv``) are the same every run.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import numpy as np

import myopathy_outcomes as mo
from myopathy_outcomes.models import Patient, Regimen, Visit

START = date(2014, 1, 1)

DESIGN = mo.StudyDesign(
    title="Azathioprine vs methotrexate, as treated",
    index=None,
    arms=(
        mo.Arm("methotrexate", index=mo.DrugSet(drugs=["methotrexate"])),
        mo.Arm("azathioprine", index=mo.DrugSet(drugs=["azathioprine"])),
    ),
    measures=("fvc_pct",),
    outcome_rules=mo.OutcomeRules(follow_up_analysis="as-treated", grace_days=30),
)


def cohort(n: int = 40, seed: int = 20261207) -> mo.Cohort:
    """The cohort: ``n`` patients from ``seed``."""
    rng = np.random.default_rng(seed)
    patients, visits, regimens = [], [], []
    for k in range(n):
        pid = f"AT-{k:02d}"
        index = START + timedelta(days=int(rng.integers(0, 365)))
        drug, other = (
            ("azathioprine", "methotrexate") if k % 2 else ("methotrexate", "azathioprine")
        )
        death = (
            index + timedelta(days=int(rng.integers(100, 1500))) if rng.random() < 0.3 else None
        )
        patients.append(
            Patient(
                patient_id=pid,
                sex="F",
                birth_date="1960-01-01",
                diagnosis="DM",
                ild=True,
                death_date=death,
            )
        )
        course = int(rng.integers(60, 900))
        stop = index + timedelta(days=course) if rng.random() < 0.7 else None
        regimens.append(Regimen(patient_id=pid, drug=drug, start_date=index, stop_date=stop))
        if stop is not None and rng.random() < 0.4:
            gap = int(rng.integers(1, 90))
            regimens.append(
                Regimen(patient_id=pid, drug=drug, start_date=stop + timedelta(days=gap))
            )
        if rng.random() < 0.25:
            switch = index + timedelta(days=int(rng.integers(30, 700)))
            regimens.append(Regimen(patient_id=pid, drug=other, start_date=switch))
        fvc = 80.0
        for month in range(0, 49, 3):
            when = index + timedelta(days=round(month * 30.44))
            if death is not None and when > death:
                break
            fvc = round(fvc - float(rng.normal(0.8, 2.5)), 1)
            visits.append(Visit(patient_id=pid, date=when, fvc_pct=fvc))
    return mo.Cohort(patients=tuple(patients), visits=tuple(visits), regimens=tuple(regimens))


def report() -> mo.StudyReport:
    """The as-treated analysis of :func:`cohort` under :data:`DESIGN`."""
    return mo.analyze(cohort(), DESIGN)


def intention_to_treat() -> mo.StudyReport:
    """The same cohort by intention to treat, for comparison."""
    return mo.analyze(cohort(), dataclasses.replace(DESIGN, outcome_rules=mo.OutcomeRules()))
