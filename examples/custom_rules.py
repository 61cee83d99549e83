"""Run the MMF +/- CNI study with other rules, through the Python API.

    python examples/custom_rules.py [DATA_DIR]

Without DATA_DIR it uses the bundled synthetic example. It shows the default
analysis, then a sensitivity analysis with a 6-month fixed follow-up, the
absolute reading of the ILD rule and a 14-day CNI window, and finally the
tests of `mo.stats` called on their own.
"""

from __future__ import annotations

import dataclasses
import sys

import myopathy_outcomes as mo
from myopathy_outcomes.rules.groups import assign_group
from myopathy_outcomes.schema import CK


def main(argv: list[str]) -> None:
    cohort = mo.load_cohort(argv[0]) if argv else mo.load_example()

    report = mo.analyze(cohort)
    print(report.attrition_table().to_text(), end="\n\n")
    print(report.within_table().to_text(), end="\n\n")

    sensitivity = mo.analyze(
        cohort,
        dataclasses.replace(mo.studies.HANAOKA_2019, add_on_window_days=14),
        outcome_rules=mo.OutcomeRules(follow_up="fixed", follow_up_days=182),
        ild_rule=mo.IldProgressionRule(reading=mo.FvcDeclineReading.ABSOLUTE),
    )
    print("Sensitivity analysis:", *sensitivity.methods(), sep="\n- ", end="\n\n")
    print(sensitivity.between_table().to_text(), end="\n\n")

    # One patient's assignment, with the reason in words.
    first = next(iter(cohort.records.values()))
    print(assign_group(first, mo.studies.HANAOKA_2019).reason, end="\n\n")

    # The tests on their own: CK before and after MMF in the CNI group.
    table = report.baseline_table().to_frame()
    print(table.head(3).to_string(index=False), end="\n\n")
    ck = [row for row in report.within_rows if row.measure is CK]
    for row in ck:
        result = row.result
        if result is not None:
            print(
                f"{row.group}: V = {result.statistic:g}, p = {result.pvalue:.4f} ({result.method})"
            )
    print(mo.stats.fisher_exact([[6, 1], [9, 3]]))


if __name__ == "__main__":
    main(sys.argv[1:])
