"""The engines of the rank tests (private to :mod:`myopathy_outcomes.stats`).

:func:`~myopathy_outcomes.stats.signed_rank.paired_wilcoxon` and
:func:`~myopathy_outcomes.stats.rank_sum.mann_whitney` share them:

- :mod:`.input`: the checks every sample goes through;
- :mod:`.scores`: mid-ranks, and the integer scores the exact programmes count over;
- :mod:`.counts`: the dynamic programmes that count sums of integer scores;
- :mod:`.null`: the exact conditional null distribution of a rank statistic;
- :mod:`.tails`: one-sided tails by programmes truncated at the observed sum;
- :mod:`.order_select`: order statistics of Walsh averages and pairwise differences;
- :mod:`.inference`: the normal approximation and intervals by test inversion.
"""
