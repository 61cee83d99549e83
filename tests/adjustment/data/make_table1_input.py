"""Write table1_input.csv: the values behind Table 1 of the confounded cohort, for R.

Run from the worktree: ``PYTHONPATH=src python tests/adjustment/data/make_table1_input.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent


def main() -> None:
    """Write table1_input.csv next to this file."""
    sys.path.insert(0, str(HERE.parent.parent))
    from adjustment._confounded import design  # noqa: PLC0415
    from adjustment._pipeline import cohort, run  # noqa: PLC0415

    from myopathy_outcomes.storage.patients import ages_on  # noqa: PLC0415

    data = cohort()
    derived, _ = run(data, design(covariates=("age",)))
    people = derived.people
    pd.DataFrame(
        {
            "treated": (np.array(derived.groups) == "MMF + TAC").astype(int),
            "age": ages_on(people.birth_day, derived.index_days),
            "female": (people.sex == "F").astype(int),
            "diagnosis": [d.label for d in people.diagnosis.tolist()],
            "ild": people.ild.astype(int),
            "ck": derived.baseline["ck"],
            "months": derived.observation_months,
        }
    ).to_csv(HERE / "table1_input.csv", index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
