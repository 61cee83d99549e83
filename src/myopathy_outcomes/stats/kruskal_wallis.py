"""Kruskal-Wallis rank-sum test of three or more samples (R ``kruskal.test``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.special import chdtrc

from myopathy_outcomes.stats._rank.input import as_sample, missing_text
from myopathy_outcomes.stats.results import TestResult

__all__ = ["KruskalWallisResult", "kruskal_wallis"]


@dataclass(frozen=True, kw_only=True, repr=False)
class KruskalWallisResult(TestResult):
    """Result of :func:`kruskal_wallis`.

    ``alternative``, ``estimate`` and ``conf_int`` are ``None``: the test is
    an omnibus test of k samples with no direction and no estimate, as in R.

    Attributes
    ----------
    df : int
        Degrees of freedom, the number of samples less one.
    sizes : tuple of int
        The size of each sample.
    """

    test: ClassVar[str] = "Kruskal-Wallis"
    _statistic_name: ClassVar[str] = "Kruskal-Wallis chi-squared"
    _data: ClassVar[str] = "the samples"

    df: int
    sizes: tuple[int, ...]

    def _title(self) -> str:
        return "Kruskal-Wallis rank sum test"

    def _statistic_parts(self) -> list[str]:
        return [*super()._statistic_parts(), f"df = {self.df}"]


def _as_samples(samples: tuple[object, ...]) -> tuple[list[str], list[object]]:
    """The samples and their names: given one by one, or as one list or dict of samples."""
    if len(samples) == 1:
        (only,) = samples
        if isinstance(only, Mapping):
            return [f"sample {key!r}" for key in only], list(only.values())
        if (
            isinstance(only, list | tuple)
            and only
            and all(isinstance(s, list | tuple | np.ndarray | pd.Series) for s in only)
        ):
            return [f"sample {i + 1}" for i in range(len(only))], list(only)
    return [f"sample {i + 1}" for i in range(len(samples))], list(samples)


def _kruskal_wallis_iv(samples: tuple[object, ...]) -> list[np.ndarray]:
    """Validate the samples of :func:`kruskal_wallis`; return them as float arrays."""
    names, given = _as_samples(samples)
    if len(given) < 2:
        raise ValueError(
            f"kruskal_wallis needs at least two samples, got {len(given)}: pass them one by "
            "one, kruskal_wallis(x, y, z), or as one list, kruskal_wallis([x, y, z])"
        )
    arrays = [as_sample(name, s) for name, s in zip(names, given, strict=True)]  # type: ignore[arg-type]
    for name, a in zip(names, arrays, strict=True):
        missing = int(np.isnan(a).sum())
        if missing:
            raise ValueError(f"{missing_text(missing, a.size, name)}; remove missing values first")
        if a.size == 0:
            raise ValueError(f"{name} is empty")
    if np.ptp(np.concatenate(arrays)) == 0:
        raise ValueError("every observation is equal; the test is undefined (R gives NaN)")
    return arrays


def kruskal_wallis(
    *samples: ArrayLike | Sequence[ArrayLike] | Mapping[str, ArrayLike],
) -> KruskalWallisResult:
    """Kruskal-Wallis rank-sum test that all samples come from one distribution.

    The statistic is corrected for ties and referred to the chi-square
    distribution with k - 1 degrees of freedom; this equals R's
    ``kruskal.test(list(x, y, z))``, which has no exact method.

    Parameters
    ----------
    *samples : array_like
        Two or more one-dimensional samples without missing values, one
        argument each (``kruskal_wallis(x, y, z)``), or all in one list or
        tuple as R's ``kruskal.test(list(x, y, z))`` takes them
        (``kruskal_wallis([x, y, z])``), or in one dict of samples by name
        (R's named list), whose names then appear in messages.

    Returns
    -------
    KruskalWallisResult
        ``statistic`` (R's "Kruskal-Wallis chi-squared"), ``df`` and ``pvalue``.

    Examples
    --------
    >>> x, y = [2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4]
    >>> r = kruskal_wallis(x, y, [2.8, 3.4, 3.7, 2.2, 2.0])
    >>> round(r.statistic, 4), r.df, round(r.pvalue, 4)
    (0.7714, 2, 0.68)
    >>> kruskal_wallis([x, y, [2.8, 3.4, 3.7, 2.2, 2.0]]) == r
    True
    """
    arrays = _kruskal_wallis_iv(samples)
    statistic = _statistic(arrays)
    return KruskalWallisResult(
        statistic=statistic,
        pvalue=float(chdtrc(len(arrays) - 1, statistic)),
        method="asymptotic",
        alternative=None,
        estimate=None,
        conf_int=None,
        conf_level=None,
        df=len(arrays) - 1,
        sizes=tuple(a.size for a in arrays),
    )


def _statistic(arrays: list[np.ndarray]) -> float:
    """The tie-corrected Kruskal-Wallis H of midranks (the values are not all equal)."""
    pooled = np.concatenate(arrays)
    n = pooled.size
    _, where, counts = np.unique(pooled, return_inverse=True, return_counts=True)
    midranks = (np.cumsum(counts) - (counts - 1) / 2.0)[where.ravel()]
    bounds = np.cumsum([0, *(a.size for a in arrays)])
    between = sum(
        midranks[lo:hi].sum() ** 2 / (hi - lo)
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
    )
    h = 12.0 / (n * (n + 1)) * between - 3 * (n + 1)
    ties = 1.0 - float((counts.astype(np.float64) ** 3 - counts).sum()) / (n**3 - n)
    return float(h / ties)
