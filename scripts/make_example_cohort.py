"""Write the bundled synthetic example cohort (seeded, so the output never changes).

Run from the repository root::

    python scripts/make_example_cohort.py            # write, then check
    python scripts/make_example_cohort.py --no-check # write only

Nineteen invented patients are built to agree with the abstract of Hanaoka et
al., Clin Rheumatol 2019;38:585-590: 7 on MMF + CNI (5 cyclosporine, 2
tacrolimus) and 12 on MMF alone; ILD at baseline in 6/7 and 9/12; CK falls in
every patient of the CNI group and moves both ways without CNI; %FVC and HRCT
change little. Each patient's baseline and final values are written down
below; the seeded generator only adds dates and the visits in between. The
script then checks the promised properties with the library itself and fails
if any does not hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import myopathy_outcomes as mo
from myopathy_outcomes.schema import CK, FVC

SEED = 20190205
OUT = Path(__file__).resolve().parents[1] / "src" / "myopathy_outcomes" / "data" / "example"
VISIT_MONTHS = (1, 2, 3, 6, 9, 12, 18, 24, 30, 36)
DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class Plan:
    """One invented patient: who they are, their drugs, and baseline -> final values."""

    pid: str
    sex: str
    age: int
    diagnosis: str
    ild: bool
    prior: str  # spelling of the immunosuppressant that failed before MMF
    prior_continues: bool  # still taken at the index date (only for a CNI in the CNI group)
    cni: str | None  # spelling of the CNI started with MMF, if started after the index date
    cni_day: int | None  # days after the index date that CNI started
    ck: tuple[float, float]
    fvc: tuple[float, float] | None
    psl: tuple[float, float]
    hrct: tuple[float, float | None] | None
    months: int  # observation from index to the final visit
    dies: bool = False
    also_prior: str | None = None  # a second drug given with ``prior``, over the same days


# fmt: off
PLANS = (
    # MMF + CNI: five cyclosporine, two tacrolimus.
    Plan("SYN-01", "F", 54, "DM", True, "Neoral", True, None, None,
         (1850, 420), (68.2, 71.5), (30, 12.5), (18, 15), 24),
    Plan("SYN-02", "F", 61, "antisynthetase syndrome", True, "AZA", False, "CsA", 10,
         (920, 310), (72.4, 69.8), (25, 10), (22, 24), 18),
    Plan("SYN-03", "M", 47, "PM", False, "ciclosporin", True, None, None,
         (3400, 860), (88.1, 90.2), (40, 15), (0, 0), 30),
    Plan("SYN-04", "F", 66, "DM", True, "MTX", False, "cyclosporine", 21,
         (640, 450), (61.5, 54.0), (20, 10), (25, 31), 14, dies=True),
    Plan("SYN-05", "F", 39, "CADM", True, "Sandimmun", True, None, None,
         (410, 180), (75.0, 77.3), (35, 12.5), (15, 12), 36),
    Plan("SYN-06", "M", 58, "ASS", True, "Prograf", True, None, None,
         (1280, 530), (70.3, 68.9), (30, 15), (20, 20), 20),
    Plan("SYN-07", "F", 50, "dermatomyositis", True, "azathioprine", False, "FK506", 14,
         (2250, 700), (79.6, 80.1), (25, 7.5), (12, 10), 12),
    # MMF alone: twelve patients; three had a CNI that was stopped before MMF.
    Plan("SYN-08", "F", 63, "DM", True, "tacrolimus", False, None, None,
         (780, 520), (66.0, 64.1), (20, 12.5), (24, 26), 24),
    Plan("SYN-09", "M", 55, "polymyositis", True, "Imuran", False, None, None,
         (1500, 1900), (74.2, 76.0), (30, 20), (16, 16), 18),
    Plan("SYN-10", "F", 71, "ASS", True, "methotrexate", False, None, None,
         (350, 290), (58.4, 49.6), (15, 15), (30, 38), 10, dies=True),
    Plan("SYN-11", "F", 44, "DM", False, "MTX", False, None, None,
         (2600, 1100), (92.0, 91.1), (40, 17.5), None, 26),
    Plan("SYN-12", "F", 52, "CADM", True, "IVIG", False, None, None,
         (230, 260), (69.9, 71.2), (25, 10), (20, 18), 30, also_prior="MTX"),
    Plan("SYN-13", "M", 60, "ASS", True, "FK 506", False, None, None,
         (1100, 600), (63.7, 56.1), (30, 20), (26, 33), 16),
    Plan("SYN-14", "F", 48, "DM", True, "AZA", False, None, None,
         (540, 980), (77.5, 78.8), (20, 10), (14, 12), 22),
    Plan("SYN-15", "F", 67, "PM", False, "Rheumatrex", False, None, None,
         (4200, 2300), (85.3, 84.0), (35, 15), None, 26),
    Plan("SYN-16", "M", 38, "DM", True, "mtx", False, None, None,
         (880, 1020), (72.8, 74.9), (30, 15), (17, None), 12),
    Plan("SYN-17", "F", 74, "antisynthetase syndrome", True, "Azathioprine", False, None, None,
         (300, 210), (60.2, 58.0), (20, 15), (28, 30), 8, dies=True),
    Plan("SYN-18", "F", 57, "DM", False, "Methotrexate", False, None, None,
         (1650, 2100), None, (25, 12.5), None, 20),
    Plan("SYN-19", "M", 45, "ASS", True, "Graceptor", False, None, None,
         (690, 450), (68.8, 70.4), (30, 10), (21, 19), 28),
)
# fmt: on


def _days(months: float) -> int:
    return round(months * DAYS_PER_MONTH)


def _rows_for(plan: Plan, rng: np.random.Generator) -> tuple[dict, list[dict], list[dict]]:
    index = dt.date(2008, 1, 1) + dt.timedelta(days=int(rng.integers(0, 9 * 365)))
    birth = index - dt.timedelta(days=plan.age * 365 + int(rng.integers(0, 365)))
    final_day = _days(plan.months) + int(rng.integers(-7, 8))
    days = [-int(rng.integers(0, 22))]
    days += [_days(m) + int(rng.integers(-7, 8)) for m in VISIT_MONTHS if m < plan.months]
    days.append(final_day)
    visits = [_visit(plan, index, day, days[-1], rng) for day in days]
    death = ""
    if plan.dies:
        death = (index + dt.timedelta(days=final_day + int(rng.integers(10, 40)))).isoformat()
    patient = {
        "patient_id": plan.pid,
        "sex": plan.sex,
        "birth_date": birth.isoformat(),
        "diagnosis": plan.diagnosis,
        "ild": "yes" if plan.ild else "no",
        "death_date": death,
    }
    return patient, visits, _regimens(plan, index, rng)


def _visit(plan: Plan, index: dt.date, day: int, final_day: int, rng: np.random.Generator) -> dict:
    share = max(day, 0) / final_day
    first, last = day <= 0, day == final_day

    def path(start: float, end: float) -> float:
        return start + (end - start) * share

    ck = plan.ck[0] if first else plan.ck[1] if last else path(*plan.ck) * rng.uniform(0.9, 1.1)
    row: dict[str, object] = {
        "patient_id": plan.pid,
        "date": (index + dt.timedelta(days=day)).isoformat(),
        "ck": round(ck),
        "fvc_pct": "",
        "dlco_pct": "",
        "psl_mg": 2.5 * round(path(*plan.psl) / 2.5),
        "hrct_score": "",
    }
    if plan.fvc is not None:
        fvc = plan.fvc[0] if first else plan.fvc[1] if last else path(*plan.fvc) + rng.normal(0, 1)
        row["fvc_pct"] = f"{fvc:.1f}"
        if plan.ild and (first or last):
            row["dlco_pct"] = f"{0.8 * fvc + rng.normal(0, 3):.1f}"
    if plan.hrct is not None and (first or last):
        score = plan.hrct[0] if first else plan.hrct[1]
        row["hrct_score"] = "" if score is None else f"{score:g}"
    return row


def _regimens(plan: Plan, index: dt.date, rng: np.random.Generator) -> list[dict]:
    def on(day: int) -> str:
        return (index + dt.timedelta(days=day)).isoformat()

    psl_start = -_days(rng.integers(6, 30))
    prior_start = psl_start + int(rng.integers(14, 60))
    prior_stop = "" if plan.prior_continues else on(-int(rng.integers(30, 90)))
    prior_dose = ("2", "g/kg") if plan.prior.upper() == "IVIG" else ("", "")
    rows = [
        (
            plan.pid,
            "PSL" if rng.uniform() < 0.5 else "prednisolone",
            on(psl_start),
            "",
            f"{plan.psl[0]:g}",
            "mg/day",
        ),
        (plan.pid, plan.prior, on(prior_start), prior_stop, *prior_dose),
        *(
            [(plan.pid, plan.also_prior, on(prior_start), prior_stop, "", "")]
            if plan.also_prior
            else []
        ),
        (
            plan.pid,
            "MMF" if rng.uniform() < 0.5 else "CellCept",
            on(0),
            "",
            f"{int(rng.choice([1000, 1500, 2000]))}",
            "mg/day",
        ),
    ]
    if plan.cni is not None and plan.cni_day is not None:
        rows.append((plan.pid, plan.cni, on(plan.cni_day), "", "", ""))
    keys = ("patient_id", "drug", "start_date", "stop_date", "dose", "dose_unit")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _write(out: Path, name: str, rows: list[dict]) -> None:
    with (out / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_cohort(out: Path = OUT) -> None:
    """Write patients.csv, visits.csv and regimens.csv into ``out`` (the package's data folder)."""
    rng = np.random.default_rng(SEED)
    patients, visits, regimens = [], [], []
    for plan in PLANS:
        patient, patient_visits, patient_regimens = _rows_for(plan, rng)
        patients.append(patient)
        visits.extend(patient_visits)
        regimens.extend(patient_regimens)
    out.mkdir(parents=True, exist_ok=True)
    _write(out, "patients.csv", patients)
    _write(out, "visits.csv", visits)
    _write(out, "regimens.csv", regimens)


def check_cohort() -> None:
    """Fail unless the written cohort has every property the package promises."""
    report = mo.analyze(mo.load_example())
    sizes = {g: report.group_size(g) for g in report.design.group_labels}
    assert sizes == {"MMF + CNI": 7, "MMF alone": 12}, sizes
    cnis = sorted(str(a.add_on) for a in report.assignments if a.add_on is not None)
    assert cnis == ["cyclosporine"] * 5 + ["tacrolimus"] * 2, cnis
    within = {(r.group, r.measure): r.result for r in report.within_rows}
    ck_cni, ck_alone = within["MMF + CNI", CK], within["MMF alone", CK]
    assert ck_cni is not None and ck_cni.pvalue < 0.05, ck_cni
    assert ck_alone is not None and ck_alone.pvalue > 0.05, ck_alone
    for group in report.design.group_labels:
        fvc = within[group, FVC]
        assert fvc is not None and fvc.pvalue > 0.05, fvc
    print(report.to_text())


if __name__ == "__main__":
    write_cohort()
    if "--no-check" not in sys.argv:
        check_cohort()
