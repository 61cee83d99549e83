"""The engines of the rank tests (private to :mod:`myopathy_outcomes.stats`).

:func:`~myopathy_outcomes.stats.signed_rank.paired_wilcoxon` and
:func:`~myopathy_outcomes.stats.rank_sum.mann_whitney` share them:

- :mod:`.input`: the checks every sample goes through;
- :mod:`.exact`: mid-ranks, and the exact null distributions with their tails;
- :mod:`.order_select`: order statistics of Walsh averages and pairwise differences;
- :mod:`.inference`: the normal approximation and intervals by test inversion.
"""
