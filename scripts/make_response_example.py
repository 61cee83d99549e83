"""Write the synthetic example with the IMACS core set (seeded, so the output never changes).

Run from the repository root::

    python scripts/make_response_example.py

The bundled example cohort (``src/myopathy_outcomes/data/example``) with the
core set measures added to every visit: physician, patient and
extramuscular global activity (0-10 cm), MMT-8 on both sides
(``mmt8_bilateral``, 0-150, a measure the design declares), HAQ-DI, and
aldolase and AST beside CK. Activity falls from the first visit to the last
by a random fraction per patient, drawn larger in the MMF + CNI group (the
visits are not aligned to the index date, so the groups need not differ).
Two patients have an incomplete core set on purpose: SYN-04 has no HAQ-DI
after the first visit, SYN-11 no MMT-8 at its first visits. The patients
and regimens files are copied as they are. The files are synthetic: they
describe no real person.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "myopathy_outcomes" / "data" / "example"
OUT = ROOT / "examples" / "response_cohort"
SEED = 20231023
ADDED = (
    "physician_global",
    "patient_global",
    "extramuscular_global",
    "mmt8_bilateral",
    "haq_di",
    "aldolase",
    "ast",
)


def _cni_patients() -> set[str]:
    with (SOURCE / "regimens.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {r["patient_id"] for r in rows if r["drug"] in {"cyclosporine", "tacrolimus"}}


def main() -> None:
    """Write patients.csv, regimens.csv and visits.csv into examples/response_cohort."""
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("patients.csv", "regimens.csv"):
        shutil.copyfile(SOURCE / name, OUT / name)
    with (SOURCE / "visits.csv").open(newline="", encoding="utf-8") as handle:
        visits = list(csv.DictReader(handle))
    cni = _cni_patients()
    by_patient: dict[str, list[dict[str, str]]] = {}
    for row in visits:
        by_patient.setdefault(row["patient_id"], []).append(row)
    for patient, rows in by_patient.items():
        gain = rng.uniform(0.45, 0.8) if patient in cni else rng.uniform(0.0, 0.45)
        start = {
            "physician_global": rng.uniform(4, 8),
            "patient_global": rng.uniform(4, 9),
            "extramuscular_global": rng.uniform(1, 6),
            "haq_di": rng.uniform(0.75, 2.25),
            "aldolase": rng.uniform(10, 40),
            "ast": rng.uniform(40, 160),
        }
        strength = rng.uniform(80, 125)
        for k, row in enumerate(rows):
            fraction = gain * k / max(len(rows) - 1, 1)
            noise = rng.normal(0, 0.03)
            for name, value in start.items():
                level = max(value * (1 - fraction + noise), 0)
                if name == "haq_di":
                    row[name] = f"{min(round(level * 8) / 8, 3):.3f}"
                elif name in ("aldolase",):
                    row[name] = f"{level:.1f}"
                elif name == "ast":
                    row[name] = f"{level:.0f}"
                else:
                    row[name] = f"{min(level, 10):.1f}"
            row["mmt8_bilateral"] = f"{min(strength + (150 - strength) * fraction, 150):.0f}"
            if patient == "SYN-04" and k > 0:
                row["haq_di"] = ""
            if patient == "SYN-11" and k < 3:
                row["mmt8_bilateral"] = ""
    fields = [*visits[0].keys()]
    with (OUT / "visits.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(visits)


if __name__ == "__main__":
    main()
