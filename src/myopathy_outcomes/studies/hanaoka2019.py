"""Hanaoka et al. (2019): MMF with or without a calcineurin inhibitor in resistant myositis.

Hanaoka H, Iida H, Kiyokawa T, Takakuwa Y, Kaneko Y. Mycophenolate mofetil
treatment with or without a calcineurin inhibitor in resistant inflammatory
myopathy. Clin Rheumatol. 2019;38:585-590.

The population: patients with inflammatory myopathy on prednisolone,
refractory to at least one immunosuppressant, who were then given
mycophenolate mofetil (MMF); they are split by a calcineurin inhibitor (CNI:
cyclosporine or tacrolimus) given with MMF. Outcomes: CK, %FVC, prednisolone
dose and the HRCT extent score; ILD progression is a decline of %FVC of more
than 10% from baseline. The paper gives no time frame for "MMF with a CNI";
the 30-day window is this library's choice (docs/rules.md).
"""

from __future__ import annotations

from myopathy_outcomes.design import Arm, DrugSet, StudyDesign
from myopathy_outcomes.drugs import Drug, DrugClass

__all__ = ["HANAOKA_2019"]

HANAOKA_2019 = StudyDesign(
    name="hanaoka2019",
    title="MMF with or without a calcineurin inhibitor",
    reference=(
        "Hanaoka H, Iida H, Kiyokawa T, Takakuwa Y, Kaneko Y. Mycophenolate mofetil "
        "treatment with or without a calcineurin inhibitor in resistant inflammatory "
        "myopathy. Clin Rheumatol. 2019;38:585-590."
    ),
    index=DrugSet(drugs=frozenset({Drug.MYCOPHENOLATE_MOFETIL}), label="MMF"),
    background=DrugSet(drugs=frozenset({Drug.PREDNISOLONE}), label="prednisolone"),
    prior=DrugSet(
        classes=frozenset(
            {
                DrugClass.CALCINEURIN_INHIBITOR,
                DrugClass.ANTIMETABOLITE,
                DrugClass.BIOLOGIC,
                DrugClass.ALKYLATING_AGENT,
            }
        ),
        excluding=frozenset({Drug.MYCOPHENOLIC_ACID}),
        label="immunosuppressant",
    ),
    arms=(
        Arm(
            "MMF + CNI",
            DrugSet(classes=frozenset({DrugClass.CALCINEURIN_INHIBITOR}), label="CNI"),
        ),
        Arm("MMF alone"),
    ),
    add_on_window_days=30,
    measures=("ck", "fvc_pct", "psl_mg", "hrct_score"),
)
"""The paper's design; ``mo.analyze(cohort)`` uses it by default."""
