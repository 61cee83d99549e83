"""A synthetic cohort with planted confounding, as DataFrames, for the adjusted comparison.

Every patient starts MMF on their index date; the chance of a tacrolimus
add-on the same day rises with age and with anti-MDA5 (a declared boolean
covariate), and CK falls more with tacrolimus. ``disease_months`` is a declared
number covariate and ``smoking`` a declared category.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from myopathy_outcomes.adjustment import Adjustment
from myopathy_outcomes.covariates import Covariate
from myopathy_outcomes.design import Arm, DrugSet, StudyDesign

COVARIATES = (
    Covariate("anti_mda5", "boolean", "Anti-MDA5 antibody"),
    Covariate("disease_months", "number", "Disease duration, months", minimum=0, maximum=600),
    Covariate("smoking", "category", "Smoking", levels=("never", "former", "current")),
)


def design(**adjustment: object) -> StudyDesign:
    """MMF with or without tacrolimus, adjusted as ``adjustment`` says (none when empty)."""
    return StudyDesign(
        title="MMF with or without tacrolimus",
        index=DrugSet(drugs=["mycophenolate mofetil"], label="MMF"),
        arms=(Arm("MMF + TAC", DrugSet(drugs=["tacrolimus"], label="tacrolimus")), Arm("MMF")),
        measures=("ck",),
        covariates=COVARIATES,
        adjustment=Adjustment(**adjustment) if adjustment else None,  # type: ignore[arg-type]
    )


def frames(n: int = 300, seed: int = 20261207) -> tuple[pd.DataFrame, ...]:
    """patients, visits and regimens of ``n`` patients."""
    rng = np.random.default_rng(seed)
    age = rng.integers(25, 80, n)
    female = rng.random(n) < 0.6
    mda5 = rng.random(n) < 0.25
    months = np.round(rng.exponential(24, n), 1)
    smoking = rng.choice(["never", "former", "current"], n, p=[0.6, 0.25, 0.15])
    lp = -0.8 + 0.04 * (age - 55) + 1.1 * mda5 - 0.01 * months
    tac = rng.random(n) < 1 / (1 + np.exp(-lp))
    index = dt.date(2015, 1, 1)
    patients, visits, regimens = [], [], []
    for i in range(n):
        pid = f"C{i:03d}"
        birth = dt.date(2015 - int(age[i]), 6, 1)
        died = rng.random() < 0.15 + 0.15 * mda5[i] + 0.1 * tac[i]
        death = index + dt.timedelta(days=int(rng.integers(60, 900)))
        seen = index + dt.timedelta(days=int(rng.integers(30, 720)))
        if died and seen >= death:
            seen = death - dt.timedelta(days=1)
        patients.append(
            {
                "patient_id": pid,
                "sex": "F" if female[i] else "M",
                "birth_date": birth.isoformat(),
                "diagnosis": rng.choice(["DM", "PM", "ASS"]),
                "ild": "yes" if rng.random() < 0.5 else "no",
                "death_date": death.isoformat() if died else "",
                "anti_mda5": "yes" if mda5[i] else "no",
                "disease_months": str(months[i]),
                "smoking": str(smoking[i]),
            }
        )
        ck = float(rng.integers(500, 5000))
        after = ck * (0.4 if tac[i] else 0.7) + rng.normal(0, 200) + 3 * (age[i] - 55)
        visits.append({"patient_id": pid, "date": "2015-01-01", "ck": str(ck)})
        visits.append(
            {"patient_id": pid, "date": seen.isoformat(), "ck": str(max(round(after), 10))}
        )
        regimens.append(
            {
                "patient_id": pid,
                "drug": "MMF",
                "start_date": index.isoformat(),
                "stop_date": "",
                "dose": "2000",
                "dose_unit": "mg/day",
            }
        )
        regimens.append(
            {
                "patient_id": pid,
                "drug": "prednisolone",
                "start_date": "2014-12-01",
                "stop_date": "",
                "dose": str(int(rng.integers(5, 60))),
                "dose_unit": "mg/day",
            }
        )
        if tac[i]:
            regimens.append(
                {
                    "patient_id": pid,
                    "drug": "tacrolimus",
                    "start_date": index.isoformat(),
                    "stop_date": "",
                    "dose": "3",
                    "dose_unit": "mg/day",
                }
            )
    return pd.DataFrame(patients), pd.DataFrame(visits), pd.DataFrame(regimens)
