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

Confounding adjustment (each equal to the R function it names):

- :func:`propensity_score`, :func:`design_matrix`: the score by logistic regression
  (R ``glm(family = binomial)``; ``model.matrix`` for categories).
- :func:`propensity_weights`, :func:`trim_by_percentile`, :func:`trim_crump`,
  :func:`crump_alpha`: ATE, ATT, ATO weights and trimming (``WeightIt``).
- :func:`nearest_neighbor_match`: 1:1 greedy matching on the logit with a caliper
  (``MatchIt::matchit(method = "nearest")``).
- :func:`smd`, :func:`smd_categories`, :func:`weighted_smd`, :func:`variance_ratio`,
  :func:`effective_sample_size`: balance (``tableone``, ``cobalt::bal.tab``).
- :func:`risk_difference`, :func:`odds_ratio`, :func:`mean_difference`: weighted
  estimates with sandwich errors (``lm``/``glm`` with ``sandwich::vcovHC(type = "HC0")``).
- :func:`logistic_regression`, :func:`linear_regression`: the regression engines.

Every test returns a :class:`TestResult` (``statistic``, ``pvalue``,
``method``, ``alternative``, ``estimate``, ``conf_int``, ``conf_level``, then
the test's own fields); ``str(result)`` prints it as R prints a test, and a
notebook shows it as a small table, each number written alike
(:mod:`.formatting`).
"""

from myopathy_outcomes.stats._budget import RANK_EXACT_BUDGET
from myopathy_outcomes.stats.adjusted import (
    AdjustedEstimate,
    mean_difference,
    odds_ratio,
    risk_difference,
)
from myopathy_outcomes.stats.balance import (
    effective_sample_size,
    smd,
    smd_categories,
    variance_ratio,
    weighted_smd,
)
from myopathy_outcomes.stats.categorical import categorical_test
from myopathy_outcomes.stats.chi_square import chi_square
from myopathy_outcomes.stats.cox import CoxConvergenceWarning, cox
from myopathy_outcomes.stats.cumulative_incidence import cumulative_incidence
from myopathy_outcomes.stats.fisher import EXACT_BUDGET, ExactBudgetError, fisher_exact
from myopathy_outcomes.stats.kaplan_meier import kaplan_meier
from myopathy_outcomes.stats.kruskal_wallis import KruskalWallisResult, kruskal_wallis
from myopathy_outcomes.stats.logrank import (
    LOGRANK_AUTO_EXACT_MAX_TOTAL,
    logrank,
)
from myopathy_outcomes.stats.matching import Matching, nearest_neighbor_match
from myopathy_outcomes.stats.propensity import (
    PropensityError,
    PropensityScore,
    design_matrix,
    propensity_score,
)
from myopathy_outcomes.stats.rank_sum import AUTO_EXACT_MAX_TOTAL, mann_whitney
from myopathy_outcomes.stats.regression import (
    LinearFit,
    LogisticFit,
    RegressionError,
    linear_regression,
    logistic_regression,
)
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
from myopathy_outcomes.stats.weights import (
    crump_alpha,
    propensity_weights,
    trim_by_percentile,
    trim_crump,
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

# Confounding adjustment.
__all__ += [
    "AdjustedEstimate",
    "LinearFit",
    "LogisticFit",
    "Matching",
    "PropensityError",
    "PropensityScore",
    "RegressionError",
    "crump_alpha",
    "design_matrix",
    "effective_sample_size",
    "linear_regression",
    "logistic_regression",
    "mean_difference",
    "nearest_neighbor_match",
    "odds_ratio",
    "propensity_score",
    "propensity_weights",
    "risk_difference",
    "smd",
    "smd_categories",
    "trim_by_percentile",
    "trim_crump",
    "variance_ratio",
    "weighted_smd",
]
