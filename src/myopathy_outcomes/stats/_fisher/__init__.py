"""The engines of Fisher's exact test (private to :mod:`myopathy_outcomes.stats`).

:func:`~myopathy_outcomes.stats.fisher.fisher_exact` uses them:

- :mod:`.two_by_two`: R's conditional computations for a 2 x 2 table (the
  noncentral hypergeometric distribution, the conditional maximum likelihood
  odds ratio and its exact interval);
- :mod:`.zeroin`: R's ``uniroot``, which finds that estimate and interval;
- :mod:`.network`: the exact two-sided p-value of an R x C table by a
  network algorithm.
"""
