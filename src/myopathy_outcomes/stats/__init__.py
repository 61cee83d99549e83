"""The statistical tests, equal to R's numbers where R has the method.

- :func:`paired_wilcoxon`: Wilcoxon signed-rank test (R ``wilcox.test(paired = TRUE)``,
  exact with ties as ``exactRankTests::wilcox.exact`` / ``coin::wilcoxsign_test``).
- :func:`mann_whitney`: Wilcoxon-Mann-Whitney rank-sum test (R ``wilcox.test``,
  exact with ties as ``coin::wilcox_test``).
- :func:`fisher_exact`: Fisher's exact test for 2 x 2 and R x C tables (R ``fisher.test``).
- :func:`chi_square`: Pearson's chi-square test (R ``chisq.test``).
- :func:`categorical_test`: the rule for categories, Fisher's exact test while it is
  affordable and Pearson's chi-square beyond (module :mod:`.categorical`).
- :func:`kaplan_meier`: Kaplan-Meier estimate (R ``survival::survfit``).
- :func:`logrank`: log-rank and G-rho tests (R ``survival::survdiff``; exact as
  ``coin::logrank_test``).
- :func:`cox`: Cox proportional hazards model (R ``survival::coxph``).
- :func:`cumulative_incidence`: Aalen-Johansen cumulative incidence with competing
  risks (R ``survival::survfit`` on a multi-state status).

Every test returns a :class:`TestResult` (``statistic``, ``pvalue``,
``method``, ``alternative``, ``estimate``, ``conf_int``, ``conf_level``, then
the test's own fields); ``str(result)`` prints it as R prints a test, and a
notebook shows it as a small table, each number written alike
(:mod:`.formatting`).
"""

from myopathy_outcomes.stats._budget import RANK_EXACT_BUDGET
from myopathy_outcomes.stats.categorical import categorical_test
from myopathy_outcomes.stats.chi_square import chi_square
from myopathy_outcomes.stats.cox import CoxConvergenceWarning, cox
from myopathy_outcomes.stats.cumulative_incidence import cumulative_incidence
from myopathy_outcomes.stats.fisher import EXACT_BUDGET, ExactBudgetError, fisher_exact
from myopathy_outcomes.stats.kaplan_meier import kaplan_meier
from myopathy_outcomes.stats.kruskal_wallis import KruskalWallisResult, kruskal_wallis
from myopathy_outcomes.stats.logrank import (
    LOGRANK_AUTO_EXACT_MAX_TOTAL,
    LOGRANK_EXACT_BUDGET,
    logrank,
)
from myopathy_outcomes.stats.rank_sum import AUTO_EXACT_MAX_TOTAL, mann_whitney
from myopathy_outcomes.stats.results import (
    ChiSquareResult,
    FisherResult,
    MannWhitneyResult,
    TestResult,
    WilcoxonResult,
)
from myopathy_outcomes.stats.signed_rank import AUTO_EXACT_MAX_N, paired_wilcoxon
from myopathy_outcomes.stats.survival_results import (
    CoxResult,
    CumulativeIncidenceResult,
    KaplanMeierResult,
    LogrankResult,
    SurvivalAt,
)

__all__ = [
    "AUTO_EXACT_MAX_N",
    "AUTO_EXACT_MAX_TOTAL",
    "EXACT_BUDGET",
    "RANK_EXACT_BUDGET",
    "ChiSquareResult",
    "ExactBudgetError",
    "FisherResult",
    "MannWhitneyResult",
    "TestResult",
    "WilcoxonResult",
    "categorical_test",
    "chi_square",
    "fisher_exact",
    "mann_whitney",
    "paired_wilcoxon",
]

# Time-to-event statistics.
__all__ += [
    "LOGRANK_AUTO_EXACT_MAX_TOTAL",
    "LOGRANK_EXACT_BUDGET",
    "CoxConvergenceWarning",
    "CoxResult",
    "CumulativeIncidenceResult",
    "KaplanMeierResult",
    "KruskalWallisResult",
    "LogrankResult",
    "SurvivalAt",
    "cox",
    "cumulative_incidence",
    "kaplan_meier",
    "kruskal_wallis",
    "logrank",
]
