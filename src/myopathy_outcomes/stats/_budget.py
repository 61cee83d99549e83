"""Work budgets of the exact computations, in estimated seconds, and the error raised beyond them.

Every exact method takes ``budget_seconds`` (default
:data:`DEFAULT_BUDGET_SECONDS`) and refuses, with :class:`ExactBudgetError`
naming that argument, a computation estimated to take longer. The exact rank
tests know their work before they start (it is bounded by the size of their
dynamic programmes, which depends on the sample sizes only) and convert it to
seconds with :data:`RANK_WORK_PER_SECOND`; Fisher's 2 x 2 test knows the size
of its support, and the R x C network counts its work as it goes
(``_fisher.network``).
"""

from __future__ import annotations

from typing import Final

#: Former fixed budget of the exact rank tests, in units of
#: :func:`signed_rank_work` and :func:`rank_sum_work` (about 3 s here). No
#: longer consulted: the tests take ``budget_seconds``; kept importable.
RANK_EXACT_BUDGET: Final = 5_000_000_000

#: Work units of :func:`signed_rank_work` and :func:`rank_sum_work` done per
#: second on the development machine (2 cores, shared): measured on tied
#: data at the old budget's edge (180 + 180, 100 + 450, 10 + 4900 and 1356
#: pairs took 1.5 to 3.3 s for 4e9 to 5e9 units, 1.5e9 to 2.8e9 units/s) and
#: rounded down, so an estimate errs on the long side.
RANK_WORK_PER_SECOND: Final = 1.5e9

#: Default budget of every exact method, in estimated seconds on the
#: development machine: a refusal means "more than about this long here".
DEFAULT_BUDGET_SECONDS: Final = 10.0

#: Work units per cell of the signed-rank programme, whose arrays span the
#: whole support and outgrow the cache (a rank-sum cell is one unit).
_SIGNED_RANK_CELL: Final = 4


class ExactBudgetError(ValueError):
    """The exact computation would exceed its work budget; use an asymptotic method."""


def signed_rank_work(n: int) -> int:
    """Work units of an exact signed-rank test of ``n`` differences, interval included.

    The programme adds each of the ``n`` integer scores (twice the mid-ranks,
    at most ``2 n``) into counts over half the support, at most
    ``n (n + 1) / 2`` cells; a call runs a few such programmes, and a cell
    counts :data:`_SIGNED_RANK_CELL` units: ``2 n^2 (n + 1)`` in all.

    Examples
    --------
    >>> signed_rank_work(300)
    54180000
    """
    return _SIGNED_RANK_CELL * n * (n * (n + 1) // 2)


def rank_sum_work(n_x: int, n_y: int) -> int:
    """Work units of an exact rank-sum test of samples of ``n_x`` and ``n_y``, interval included.

    The programme adds each of the ``N = n_x + n_y`` integer scores into
    ``m = min(n_x, n_y)`` rows of counts, row ``j`` spanning at most the
    ``2 j (N - j) <= 2 m (N - m)`` attainable sums of ``j`` scores: at most
    ``2 N m^2 (N - m)`` cells, one unit each.

    Examples
    --------
    >>> rank_sum_work(50, 50)
    25000000
    """
    total, m = n_x + n_y, min(n_x, n_y)
    return 2 * total * m * m * (total - m)


def rank_seconds(work: int) -> float:
    """Estimated seconds of ``work`` units of an exact rank test (:data:`RANK_WORK_PER_SECOND`).

    Examples
    --------
    >>> rank_seconds(rank_sum_work(50, 50))
    0.016666666666666666
    """
    return work / RANK_WORK_PER_SECOND


def check_budget_seconds(budget_seconds: object) -> float:
    """Validate a ``budget_seconds`` argument: a positive number of seconds (``inf``: no limit).

    Examples
    --------
    >>> check_budget_seconds(30)
    30.0
    >>> check_budget_seconds(0)
    Traceback (most recent call last):
    ...
    ValueError: budget_seconds must be a positive number of seconds, got 0
    """
    if isinstance(budget_seconds, bool) or not isinstance(budget_seconds, int | float):
        raise TypeError(
            f"budget_seconds must be a positive number of seconds, got {budget_seconds!r}"
        )
    if not budget_seconds > 0:
        raise ValueError(
            f"budget_seconds must be a positive number of seconds, got {budget_seconds!r}"
        )
    return float(budget_seconds)


def check_seconds(
    estimate: float, budget_seconds: float, what: str, *, instead: str = "method='asymptotic'"
) -> None:
    """Refuse, before any work, an exact computation estimated to take longer than allowed.

    ``estimate`` is the predicted run time in seconds on the development
    machine; ``budget_seconds`` is the caller's budget (R's ``workspace`` is
    the precedent). The message names the argument to raise and, as
    ``instead``, what else to use.

    Examples
    --------
    >>> check_seconds(0.5, 10.0, "the exact test")
    >>> check_seconds(37.0, 10.0, "the exact rank-sum test of 600 + 600")
    Traceback (most recent call last):
    ...
    myopathy_outcomes.stats._budget.ExactBudgetError: the exact rank-sum test of 600 + 600 \
would take about 37 s here, more than budget_seconds=10; pass budget_seconds=74 (or more) to \
compute it, or use method='asymptotic'
    """
    if not budget_seconds > 0:
        raise ValueError(
            f"budget_seconds must be a positive number of seconds, got {budget_seconds!r}"
        )
    if estimate > budget_seconds:
        suggestion = max(2 * estimate, budget_seconds)
        raise ExactBudgetError(
            f"{what} would take about {estimate:.2g} s here, more than "
            f"budget_seconds={budget_seconds:g}; pass budget_seconds={suggestion:.2g} (or more) "
            f"to compute it, or use {instead}"
        )
