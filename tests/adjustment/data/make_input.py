"""Write input.csv: the confounded cohort's covariates, arm and outcomes, for make_reference.R.

Run from the worktree: ``PYTHONPATH=src python tests/adjustment/data/make_input.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent


def main() -> None:
    """Write input.csv next to this file."""
    sys.path.insert(0, str(HERE.parent.parent))
    from adjustment._confounded import design  # noqa: PLC0415
    from adjustment._pipeline import R_COVARIATES, cohort, run  # noqa: PLC0415

    from myopathy_outcomes.adjusted_comparison import covariate_frame  # noqa: PLC0415
    from myopathy_outcomes.outcomes.events import Endpoint  # noqa: PLC0415

    data = cohort()
    chosen = design(covariates=R_COVARIATES)
    derived, _ = run(data, chosen)
    frame, _ = covariate_frame(data, derived, chosen, R_COVARIATES)
    frame["treated"] = (np.array(derived.groups) == "MMF + TAC").astype(int)
    death = derived.people.death_day
    frame["died"] = ((death >= 0) & (death >= derived.index_days)).astype(int)
    frame["ck_change"] = np.round(derived.follow_up["ck"] - derived.baseline["ck"], 10)
    death_times = derived.events.columns(Endpoint.DEATH)
    if death_times.patient_ids != tuple(derived.people.patient_ids):
        raise SystemExit("every analysed patient is in the death endpoint")
    frame["death_days"] = death_times.days
    frame["death_event"] = death_times.event.astype(int)
    frame.to_csv(HERE / "input.csv", index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
