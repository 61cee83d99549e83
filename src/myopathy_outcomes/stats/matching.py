"""1:1 nearest-neighbour matching without replacement, as R's ``MatchIt`` does it.

:func:`nearest_neighbor_match` equals ``MatchIt::matchit(method = "nearest",
ratio = 1, replace = FALSE, caliper = c, std.caliper = TRUE, m.order =
"largest")`` (version 4.5.4 or later) given the same distance: with
``distance = "glm"`` the propensity score; with ``distance = "glm", link =
"linear.logit"`` its logit, the scale Austin (2011) recommends for a
caliper of 0.2 standard deviations.

MatchIt 4.5.1 to 4.5.3 (the version Debian 12 ships) compare distances
with the C library's integer ``abs()`` on some systems (MatchIt issue #163,
fixed in 4.5.4): differences below 1 count as 0, so the caliper has no
effect on propensity scores and the control below the treated patient on
the distance axis always wins. ``integer_distances=True`` reproduces those
versions' pairs, for checking results made with them; it is not a
matching to report.

The algorithm, step by step as ``MatchIt`` 4.5's ``nn_matchC_vec``: every
patient is placed on the distance axis (a stable sort, so equal distances
keep the data's order); the treated are taken in decreasing order of their
distance (ties in the data's order); each takes the nearest control not yet
matched, looking left and right along the axis, the left one winning a tie;
a control farther than the caliper is not taken (the caliper is ``c``
times the standard deviation of the distance over all patients). A treated
patient with no control within the caliper stays unmatched.

References
----------
Austin PC. Optimal caliper widths for propensity-score matching when
estimating differences in means and differences in proportions in
observational studies. Pharm Stat 2011;10:150-161.
Ho DE, Imai K, King G, Stuart EA. MatchIt: nonparametric preprocessing for
parametric causal inference. J Stat Softw 2011;42(8):1-28.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from myopathy_outcomes.stats._arrays import FloatArray, IntArray
from myopathy_outcomes.stats.display import Displayed

__all__ = ["Matching", "nearest_neighbor_match"]


@dataclass(frozen=True)
class Matching(Displayed):
    """The pairs of a 1:1 matching.

    Attributes
    ----------
    pairs : tuple of (int, int)
        ``(treated, control)`` positions, the treated in the data's order
        (``matchit``'s ``match.matrix``, row by row).
    caliper : float or None
        The caliper in distance units (None: no caliper).
    n : int
        Patients matched on.
    """

    pairs: tuple[tuple[int, int], ...]
    caliper: float | None
    n: int

    @property
    def weights(self) -> FloatArray:
        """1 for a matched patient, 0 otherwise (``matchit``'s ``weights``)."""
        out = np.zeros(self.n)
        for a, b in self.pairs:
            out[a] = out[b] = 1.0
        return out

    @property
    def pair_of(self) -> IntArray:
        """Each patient's pair number (``subclass``), from 0; -1 for the unmatched."""
        out = np.full(self.n, -1, dtype=np.int64)
        for k, (a, b) in enumerate(self.pairs):
            out[a] = out[b] = k
        return out

    def __repr__(self) -> str:
        return f"Matching({len(self.pairs)} pairs of {self.n} patients, caliper={self.caliper})"


def nearest_neighbor_match(
    distance: ArrayLike,
    treated: ArrayLike,
    *,
    caliper: float | None = 0.2,
    integer_distances: bool = False,
) -> Matching:
    """Match each treated patient to the nearest unmatched control (see the module notes).

    Parameters
    ----------
    distance : array_like
        Each patient's distance measure: the propensity score or its logit.
    treated : array_like of bool or 0/1
        Each patient's group.
    caliper : float or None, default 0.2
        In standard deviations of ``distance`` (``std.caliper = TRUE``);
        None: no caliper.
    integer_distances : bool, default False
        Compare distances truncated to integers, as MatchIt 4.5.1 to 4.5.3
        do on some systems (see the module notes).

    Returns
    -------
    Matching

    Examples
    --------
    >>> m = nearest_neighbor_match([0.9, 0.1, 0.85, 0.2, 0.5], [1, 1, 0, 0, 0], caliper=None)
    >>> m.pairs
    ((0, 2), (1, 3))
    """
    d = np.asarray(distance, dtype=np.float64)
    group = np.asarray(treated)
    if d.ndim != 1 or group.shape != d.shape:
        raise ValueError("distance and treated must be vectors of one length")
    if not np.isfinite(d).all():
        raise ValueError("distance must be finite")
    if not np.isin(group, (0, 1, True, False)).all():
        raise ValueError("treated must be 0/1 or True/False")
    t = group.astype(bool)
    if caliper is not None and (not np.isfinite(caliper) or caliper <= 0):
        raise ValueError(f"caliper must be a positive number or None; got {caliper!r}")
    width = None if caliper is None else float(caliper * np.std(d, ddof=1))
    axis = np.argsort(d, kind="stable")  # patient at each axis position
    position = np.empty(d.size, dtype=np.int64)
    position[axis] = np.arange(d.size)
    free = _FreeControls(t[axis])
    treated_order = np.flatnonzero(t)[np.argsort(-d[t], kind="stable")]
    matched: dict[int, int] = {}
    for patient in treated_order.tolist():
        here = int(position[patient])
        best = _nearest(d, axis, here, free, width=width, integer_distances=integer_distances)
        if best is not None:
            free.take(best)
            matched[patient] = int(axis[best])
    pairs = tuple((a, matched[a]) for a in sorted(matched))
    return Matching(pairs=pairs, caliper=width, n=int(d.size))


def _nearest(
    d: FloatArray,
    axis: IntArray,
    here: int,
    free: _FreeControls,
    *,
    width: float | None,
    integer_distances: bool,
) -> int | None:
    """The axis position of the control to take for the treated patient at ``here``."""
    target = d[axis[here]]

    def gap(position: int) -> float:
        difference = abs(float(d[axis[position]] - target))
        return float(int(difference)) if integer_distances else difference

    left, right = free.before(here), free.after(here)
    if width is not None:
        if left is not None and gap(left) > width:
            left = None
        if right is not None and gap(right) > width:
            right = None
    if left is None:
        return right
    if right is None:
        return left
    return left if gap(left) <= gap(right) else right


class _FreeControls:
    """The unmatched controls along the axis: the nearest one on either side, taken one by one.

    Two union-find arrays skip matched controls and treated patients, so a
    lookup costs almost nothing however many have been taken.
    """

    def __init__(self, is_treated: NDArray[np.bool_]) -> None:
        n = is_treated.size
        self._n = n
        self._right = np.arange(n + 1)  # a root is available; index n: none
        self._left = np.arange(n + 1)  # index k stands for position k - 1; index 0: none
        for p in np.flatnonzero(is_treated).tolist():
            self.take(p)

    @staticmethod
    def _root(parent: IntArray, i: int) -> int:
        root = i
        while parent[root] != root:
            root = int(parent[root])
        while parent[i] != root:
            parent[i], i = root, int(parent[i])
        return root

    def after(self, here: int) -> int | None:
        """The first available position after ``here``."""
        found = self._root(self._right, here + 1)
        return None if found >= self._n else found

    def before(self, here: int) -> int | None:
        """The last available position before ``here``."""
        found = self._root(self._left, here)
        return None if found == 0 else found - 1

    def take(self, position: int) -> None:
        """Make ``position`` unavailable."""
        self._right[position] = position + 1
        self._left[position + 1] = position
