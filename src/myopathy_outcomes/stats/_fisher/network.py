"""Exact two-sided Fisher p-value for R x C tables by a network algorithm.

The probability of a table with row sums ``r``, column sums ``c`` and total
``N`` is ``prod(r_i!) prod(c_j!) / (N! prod(n_ij!))``. The tables with these
margins are paths through a network (Mehta and Patel 1983): the columns are
filled one at a time, and a node is the multiset of row totals still to be
filled (sorted, because the remaining problem is symmetric in the rows). An
edge fills one column and has weight ``-sum(log n_ij!)``.

Columns are taken largest first, and the table is transposed if needed so
that there are no more rows than columns (a node is then a short vector).

1. Bounds, over the network alone: for every node the longest and the
   shortest path to the end (the most and the least probable completion). For
   the nodes with two columns left these have a closed form
   (:func:`_two_column_bounds`); earlier nodes get them by dynamic
   programming over their edges. All bounds are exact.
2. Forward, over partial tables: each node keeps the distinct "past" weights
   of the partial tables that reach it, with their multiplicities. A partial
   table whose most probable completion is still at most as probable as the
   observed table contributes all its completions at once (their total has a
   closed form); one whose least probable completion is more probable than the
   observed table is dropped; only the rest move on.
3. Meet in the middle: at the last stage (two columns left, so filling one
   gives a complete table), or earlier for two-row tables once listing the
   completions is cheaper than another forward step, the completions of the
   nodes reached are listed, sorted, and their probabilities cumulated; every
   partial table is then settled by one binary search.

Weights are kept in fixed point (``int64`` multiples of ``2**-40``), so that
sums do not depend on the order of addition: equal partial tables merge
exactly and every comparison with the threshold is decided the same way
whichever path reaches it. The fixed-point error, below ``1e-11`` in the log
probability, is far inside R's tie tolerance of ``1e-7``.

The work is counted in units as it goes and checked against the budget
before any large array is built: a column filling (network edge) costs one
unit per row, a partial table extended by one column costs 2 units, a
completion listed in step 3 costs 8, and a binary-search step 1 unit. The
caller's ``budget_seconds`` allows ``budget_seconds *``
:data:`UNITS_PER_SECOND` units. That rate was measured on the development
machine (2 cores shared by several jobs, load about 7): 1.4e6 to 4e6 units a
second over 3 x 4 to 4 x 4 tables of 5 to 49 million units (a 2 x 6 table
4e6); an idle machine is faster. As the work is only known by doing it, a
refusal comes once the count passes the budget, after about that much time.
Clinical tables are far inside:
2 x 5 with a total of 200 uses some ten to twenty thousand units; the 3 x 3
and 3 x 4 tables of the R reference file (totals up to about 200) use at most
2 million.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln

from myopathy_outcomes.stats._budget import DEFAULT_BUDGET_SECONDS, ExactBudgetError

__all__ = ["EXACT_BUDGET", "UNITS_PER_SECOND", "ExactBudgetError", "two_sided_pvalue"]

#: Work units of the network done per second on the development machine (see
#: the module docstring for what a unit is and how this was measured).
UNITS_PER_SECOND = 4_000_000

#: Former fixed budget of the R x C computation, in work units: 5 s at
#: :data:`UNITS_PER_SECOND`, the budget of the Table 1 rule
#: (:func:`~myopathy_outcomes.stats.categorical.categorical_test`). Kept importable.
EXACT_BUDGET = 20_000_000

_CHUNK = 1 << 18
#: Work units per completion listed by :meth:`_Network._completions` (sorting
#: and merging cost several times a forward extension).
_LIST_COST = 8


class _Budget:
    def __init__(self, budget_seconds: float, shape: tuple[int, int], total: int) -> None:
        self.seconds = budget_seconds
        self.limit = budget_seconds * UNITS_PER_SECOND
        self.used = 0
        self._shape = shape
        self._total = total

    def spend(self, units: int) -> None:
        """Count ``units`` of work done; raise once the budget is exceeded."""
        self.check(units)
        self.used += units

    def check(self, units: int) -> None:
        """Raise if ``units`` more work (or memory, in array elements) would exceed the budget."""
        if self.used + units > self.limit:
            nrow, ncol = self._shape
            raise ExactBudgetError(
                f"the exact Fisher test for this {nrow} x {ncol} table (total {self._total}) "
                f"needs more than {self.limit:,.0f} work units, more than "
                f"budget_seconds={self.seconds:g} allows (about {UNITS_PER_SECOND:,} units a "
                "second here); pass a larger budget_seconds to compute it, or use "
                "chi_square(table) instead, or merge sparse categories"
            )


def _fillings(
    states: NDArray[np.int64], size: int, budget: _Budget
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return ``(parent, fill)``: every column ``fill`` of total ``size`` that fits a state.

    ``fill[e] <= states[parent[e]]`` elementwise; all states at once, generated
    row by row so that only feasible columns are ever built.
    """
    nstate, nrow = states.shape
    suffix = np.cumsum(states[:, ::-1], axis=1)[:, ::-1]  # suffix[:, i] = sum(states[:, i:])
    parent = np.arange(nstate)
    left = np.full(nstate, size, dtype=np.int64)
    cells: list[NDArray[np.int64]] = []
    for i in range(nrow - 1):
        low = np.maximum(0, left - suffix[parent, i + 1])
        high = np.minimum(states[parent, i], left)
        count = high - low + 1
        budget.check(int(count.sum()) * nrow)
        rep = np.repeat(np.arange(parent.size), count)
        value = low[rep] + _ragged_arange(count)
        cells = [c[rep] for c in cells]
        cells.append(value)
        parent = parent[rep]
        left = left[rep] - value
    cells.append(left)
    return parent, np.column_stack(cells)


def _ragged_arange(count: NDArray[np.int64]) -> NDArray[np.int64]:
    """Concatenate ``arange(c)`` for each ``c`` in ``count``."""
    return np.arange(int(count.sum()), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)


class _Stage:
    """The nodes of one stage (remaining sorted row totals) and the edges that leave them."""

    def __init__(self, states: NDArray[np.int64]) -> None:
        self.states = states
        self.edge_ptr = np.zeros(states.shape[0] + 1, dtype=np.int64)
        self.edge_weight = np.empty(0, dtype=np.int64)  # the column just filled
        self.edge_child = np.empty(0, dtype=np.int64)
        self.longest = np.zeros(states.shape[0], dtype=np.int64)
        self.shortest = np.zeros(states.shape[0], dtype=np.int64)
        self.log_total = np.zeros(states.shape[0], dtype=np.float64)
        self.paths = np.full(states.shape[0], np.inf)  # complete tables from here


def two_sided_pvalue(
    table: NDArray[np.int64], budget_seconds: float = DEFAULT_BUDGET_SECONDS
) -> float:
    """Return R's two-sided Fisher p-value for a table of counts with no empty row or column.

    Sums the null probabilities of all tables with the margins of ``table``
    whose probability is at most the observed one's times ``1 + 1e-7``.
    Raises :class:`ExactBudgetError` when the work would exceed
    ``budget_seconds`` times :data:`UNITS_PER_SECOND` units.

    Examples
    --------
    >>> round(two_sided_pvalue(np.array([[0, 1], [4, 1], [2, 1]])), 6)
    0.642857
    """
    counts = table if table.shape[0] <= table.shape[1] else table.T
    spent = _Budget(budget_seconds, (table.shape[0], table.shape[1]), int(table.sum()))
    rows = np.sort(counts.sum(axis=1))
    cols = np.sort(counts.sum(axis=0))[::-1]
    total = int(rows.sum())
    spent.check(total)  # the table of log-factorials below has total + 1 entries

    log_fact = np.asarray(gammaln(np.arange(total + 1, dtype=np.float64) + 1.0))
    scale = 2.0 ** min(40, math.floor(61 - math.log2(max(float(log_fact[-1]), 1.0))))
    fixed = -np.rint(log_fact * scale).astype(np.int64)  # log-weight of a cell holding n
    threshold = int(fixed[counts].sum()) + round(math.log1p(1e-7) * scale)
    log_const = float(log_fact[rows].sum() + log_fact[cols].sum() - log_fact[total])

    network = _Network(rows, cols, fixed=fixed, log_fact=log_fact, scale=scale, budget=spent)
    return network.pvalue(threshold, log_const)


class _Network:
    """Stages ``0 .. C-2`` of the network; the edges of stage ``C-2`` are built on demand.

    From a node of the last stage, two columns remain and filling the first
    fixes the second. The bounds of these nodes come in closed form (see
    :func:`_two_column_bounds`), so their many edges are only built for the
    nodes that partial tables actually reach (:meth:`_finish`).
    """

    def __init__(
        self,
        rows: NDArray[np.int64],
        cols: NDArray[np.int64],
        *,
        fixed: NDArray[np.int64],
        log_fact: NDArray[np.float64],
        scale: float,
        budget: _Budget,
    ) -> None:
        self.scale = scale
        self.budget = budget
        self.fixed = fixed
        self.cols = cols
        base = int(rows.max()) + 1
        use_codes = rows.size * math.log2(base) < 62
        radix = base ** np.arange(rows.size, dtype=np.int64) if use_codes else None
        self.stages = [_Stage(rows[np.newaxis, :])]
        for k in range(cols.size - 2):
            stage = self.stages[-1]
            parent, fill = _fillings(stage.states, int(cols[k]), budget)
            budget.spend(fill.size)
            stage.edge_weight = fixed[fill].sum(axis=1)
            stage.edge_ptr = np.concatenate(
                [[0], np.cumsum(np.bincount(parent, minlength=stage.states.shape[0]))]
            )
            rest = np.sort(stage.states[parent] - fill, axis=1)
            if radix is not None:
                _, first, child = np.unique(rest @ radix, return_index=True, return_inverse=True)
                children = rest[first]
            else:
                children, child = np.unique(rest, axis=0, return_inverse=True)
            stage.edge_child = child.reshape(-1)
            self.stages.append(_Stage(children))
        self._bounds(log_fact)

    def _bounds(self, log_fact: NDArray[np.float64]) -> None:
        """Longest and shortest completions, and the log of the total completion weight."""
        cols_from = np.cumsum(log_fact[self.cols][::-1])[::-1]  # sum of log c_j! for j >= k
        last = len(self.stages) - 1
        for k in range(last, -1, -1):
            stage = self.stages[k]
            if k == last:
                stage.longest, stage.shortest = _two_column_bounds(
                    stage.states, int(self.cols[k]), self.fixed
                )
                if stage.states.shape[1] == 2:
                    size = int(self.cols[k])
                    low = np.maximum(0, size - stage.states[:, 1])
                    stage.paths = (np.minimum(stage.states[:, 0], size) - low + 1).astype(float)
            else:
                nxt = self.stages[k + 1]
                starts = stage.edge_ptr[:-1]
                stage.longest = np.maximum.reduceat(
                    stage.edge_weight + nxt.longest[stage.edge_child], starts
                )
                stage.shortest = np.minimum.reduceat(
                    stage.edge_weight + nxt.shortest[stage.edge_child], starts
                )
                stage.paths = np.add.reduceat(nxt.paths[stage.edge_child], starts)
            stage.log_total = (
                log_fact[stage.states.sum(axis=1)]
                - log_fact[stage.states].sum(axis=1)
                - cols_from[k]
            )

    def pvalue(self, threshold: int, log_const: float) -> float:
        """Sum the probabilities of the tables whose log-weight is at most ``threshold``."""
        node = np.zeros(1, dtype=np.int64)
        past = np.zeros(1, dtype=np.int64)
        log_mult = np.zeros(1, dtype=np.float64)
        log_terms: list[NDArray[np.float64]] = []
        for k in range(len(self.stages)):
            if k == len(self.stages) - 1 or self._cheaper_to_finish(k, node):
                log_terms.append(self._finish(k, node, past, log_mult, threshold))
                break
            node, past, log_mult, terms = self._advance(k, node, past, log_mult, threshold)
            log_terms.extend(terms)
            if node.size == 0:
                break
        terms_ = np.concatenate(log_terms) + log_const if log_terms else np.empty(0)
        if terms_.size == 0:
            return 0.0
        top = float(terms_.max())
        return min(1.0, math.exp(top) * float(np.exp(terms_ - top).sum()))

    def _cheaper_to_finish(self, k: int, node: NDArray[np.int64]) -> bool:
        """Whether listing every completion of the nodes reached costs less than one more step.

        (Meet in the middle: the partial tables then meet the sorted completions
        by binary search.) Only used with two rows, where completions are
        counted cheaply; otherwise partial tables advance to the last stage.
        """
        stage = self.stages[k]
        completions = float(stage.paths[np.unique(node)].sum())
        step = 2 * int((stage.edge_ptr[node + 1] - stage.edge_ptr[node]).sum())
        return _LIST_COST * completions <= step

    def _advance(
        self,
        k: int,
        node: NDArray[np.int64],
        past: NDArray[np.int64],
        log_mult: NDArray[np.float64],
        threshold: int,
    ) -> tuple[
        NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], list[NDArray[np.float64]]
    ]:
        """Extend the partial tables at stage ``k`` by one column; settle what the bounds allow."""
        stage, nxt = self.stages[k], self.stages[k + 1]
        degree = stage.edge_ptr[node + 1] - stage.edge_ptr[node]
        self.budget.spend(2 * int(degree.sum()))
        terms: list[NDArray[np.float64]] = []
        kept: list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]] = []
        step = max(1, _CHUNK // max(1, int(degree.max(initial=1))))
        for lo in range(0, node.size, step):
            sl = slice(lo, lo + step)
            deg = degree[sl]
            src = np.repeat(np.arange(deg.size), deg)
            edge = stage.edge_ptr[node[sl]][src] + _ragged_arange(deg)
            child = stage.edge_child[edge]
            weight = past[sl][src] + stage.edge_weight[edge]
            mult = log_mult[sl][src]
            all_in = weight + nxt.longest[child] <= threshold
            if all_in.any():
                terms.append(
                    mult[all_in] + weight[all_in] / self.scale + nxt.log_total[child[all_in]]
                )
            undecided = ~all_in & (weight + nxt.shortest[child] <= threshold)
            kept.append((child[undecided], weight[undecided], mult[undecided]))
        node, past, log_mult = _merge(kept)
        return node, past, log_mult, terms

    def _finish(
        self,
        k: int,
        node: NDArray[np.int64],
        past: NDArray[np.int64],
        log_mult: NDArray[np.float64],
        threshold: int,
    ) -> NDArray[np.float64]:
        """Log-contributions of the partial tables at stage ``k``, met with their completions.

        Every completion of each node reached is listed (distinct weights, with
        multiplicities), sorted, and its log-weights cumulated; a binary search
        then settles each partial table in ``log(completions)`` steps.
        """
        reached, origin = np.unique(node, return_inverse=True)
        ptr, weight, log_cum = self._completions(k, reached)
        self.budget.spend(origin.size * max(1, int(np.diff(ptr).max()).bit_length()))
        pos = ptr[origin].copy()
        end = ptr[origin + 1].copy()
        target = threshold - past
        while True:
            active = pos < end
            if not active.any():
                break
            mid = (pos + end) // 2
            right = active & (weight[np.minimum(mid, weight.size - 1)] <= target)
            pos = np.where(right, mid + 1, pos)
            end = np.where(active & ~right, mid, end)
        hit = pos > ptr[origin]
        return np.asarray(
            log_mult[hit] + past[hit] / self.scale + log_cum[pos[hit] - 1], dtype=np.float64
        )

    def _completions(
        self, k: int, reached: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
        """List the completions of stage-``k`` nodes ``reached``, grouped by node.

        Returns ``ptr`` (node ``i`` owns entries ``ptr[i]:ptr[i + 1]``), the
        distinct complete weights sorted within each node, and the running
        log of the summed probability weights (multiplicity times
        ``exp(weight)``) within each node.
        """
        origin = np.arange(reached.size)
        node = reached
        weight = np.zeros(reached.size, dtype=np.int64)
        log_mult = np.zeros(reached.size, dtype=np.float64)
        for j in range(k, len(self.stages) - 1):  # through the stored network
            stage = self.stages[j]
            degree = stage.edge_ptr[node + 1] - stage.edge_ptr[node]
            self.budget.spend(_LIST_COST * int(degree.sum()))
            src = np.repeat(np.arange(node.size), degree)
            edge = stage.edge_ptr[node][src] + _ragged_arange(degree)
            child = stage.edge_child[edge]
            key = origin[src] * self.stages[j + 1].states.shape[0] + child
            key, weight, log_mult = _merge(
                [(key, weight[src] + stage.edge_weight[edge], log_mult[src])]
            )
            origin, node = np.divmod(key, self.stages[j + 1].states.shape[0])
        last, at = np.unique(node, return_inverse=True)  # last-stage nodes, built on demand
        states = self.stages[-1].states[last]
        parent, fill = _fillings(states, int(self.cols[-2]), self.budget)
        self.budget.spend(fill.size)
        fill_weight = self.fixed[fill].sum(axis=1) + self.fixed[states[parent] - fill].sum(axis=1)
        fill_ptr = np.concatenate([[0], np.cumsum(np.bincount(parent, minlength=last.size))])
        degree = np.diff(fill_ptr)[at]
        self.budget.spend(_LIST_COST * int(degree.sum()))
        src = np.repeat(np.arange(at.size), degree)
        fills = fill_ptr[at][src] + _ragged_arange(degree)
        origin, weight, log_mult = _merge(
            [(origin[src], weight[src] + fill_weight[fills], log_mult[src])]
        )
        ptr = np.concatenate([[0], np.cumsum(np.bincount(origin, minlength=reached.size))])
        log_cum = _segmented_logcumsumexp(log_mult + weight / self.scale, origin)
        return ptr, weight, log_cum


def _segmented_logcumsumexp(
    values: NDArray[np.float64], segment: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Running ``log(sum(exp(values)))`` restarting at each new ``segment`` (sorted)."""
    starts = np.flatnonzero(np.concatenate([[True], segment[1:] != segment[:-1]]))
    if starts.size <= 4096:  # few long segments: accumulate each in one pass
        cum = np.empty_like(values)
        for lo, hi in zip(starts, np.append(starts[1:], values.size), strict=True):
            cum[lo:hi] = np.logaddexp.accumulate(values[lo:hi])
        return cum
    cum = values.copy()
    step = 1
    while step < cum.size:
        same = segment[step:] == segment[:-step]
        if not same.any():
            break
        cum[step:] = np.where(same, np.logaddexp(cum[step:], cum[:-step]), cum[step:])
        step *= 2
    return cum


def _two_column_bounds(
    states: NDArray[np.int64], size: int, fixed: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Most and least probable completions when two columns remain, the first of ``size``.

    The log-weight of a completion ``x`` (the first of the two columns) is
    ``sum_i h_i(x_i)`` with ``h_i(x) = w(x) + w(s_i - x)``, ``w(n) = -log n!``:
    separable and concave. Its maximum under ``sum(x) = size`` is found from
    the proportional split by exchanging single units between rows while that
    gains (for separable concave functions no gaining exchange means optimal).
    Its minimum lies at a vertex of the polytope ``0 <= x <= s``,
    ``sum(x) = size``: rows filled to capacity in some order, so every order
    of the rows is tried (at most 5 rows after orientation; beyond that the
    weaker bound ``-sum(log s_i!)`` is used).
    """
    nstate, nrow = states.shape
    idx = np.arange(nstate)
    lowest, highest = np.iinfo(np.int64).min, np.iinfo(np.int64).max

    def h(x: NDArray[np.int64]) -> NDArray[np.int64]:
        return np.asarray(fixed[np.clip(x, 0, states)] + fixed[np.clip(states - x, 0, states)])

    x = states * size // np.maximum(states.sum(axis=1, keepdims=True), 1)
    for _ in range(nrow):
        short = x.sum(axis=1) < size
        if not short.any():
            break
        gain = np.where(x < states, h(x + 1) - h(x), lowest)
        best = np.argmax(gain, axis=1)
        x[idx[short], best[short]] += 1
    while True:
        gain = np.where(x < states, h(x + 1) - h(x), lowest)
        loss = np.where(x > 0, h(x) - h(x - 1), highest)
        give, take = np.argmax(gain, axis=1), np.argmin(loss, axis=1)
        better = gain[idx, give] > loss[idx, take]
        if not better.any():
            break
        x[idx[better], give[better]] += 1
        x[idx[better], take[better]] -= 1
    longest = h(x).sum(axis=1)
    if nrow > 5:
        return longest, fixed[states].sum(axis=1)
    shortest = np.full(nstate, highest)
    for order in itertools.permutations(range(nrow)):
        left = np.full(nstate, size, dtype=np.int64)
        x = np.zeros_like(states)
        for i in order:
            x[:, i] = np.minimum(states[:, i], left)
            left -= x[:, i]
        shortest = np.minimum(shortest, h(x).sum(axis=1))
    return longest, shortest


def _merge(
    kept: list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]],
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Merge partial tables that reach the same node with the same past weight."""
    node = np.concatenate([k[0] for k in kept])
    past = np.concatenate([k[1] for k in kept])
    log_mult = np.concatenate([k[2] for k in kept])
    if node.size == 0:
        return node, past, log_mult
    order = np.lexsort((past, node))
    node, past, log_mult = node[order], past[order], log_mult[order]
    start = np.flatnonzero(
        np.concatenate([[True], (node[1:] != node[:-1]) | (past[1:] != past[:-1])])
    )
    top = np.maximum.reduceat(log_mult, start)
    size = np.diff(np.append(start, node.size))
    summed = np.add.reduceat(np.exp(log_mult - np.repeat(top, size)), start)
    return node[start], past[start], top + np.log(summed)
