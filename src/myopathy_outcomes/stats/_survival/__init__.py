"""The engines of the time-to-event statistics (private to :mod:`myopathy_outcomes.stats`).

- :mod:`.data`: the checks of times, events and groups, and the table of
  distinct times that Kaplan-Meier, the log-rank test, Cox and the cumulative
  incidence share, and the checks of weights and clusters;
- :mod:`.confidence`: pointwise confidence limits of a curve and of its
  quantiles, as R's survival computes them;
- :mod:`.logrank_exact`: the exact permutation distribution of the two-sample
  log-rank statistic;
- :mod:`.jackknife`: the infinitesimal jackknife (robust) error of a weighted
  Kaplan-Meier curve;
- :mod:`.cox_residuals`: the score residuals of a weighted Cox model, summed
  by cluster for its robust covariance.
"""
