"""R's ``uniroot()``: Brent's root finder with R's default tolerance and step rules.

R's ``fisher.test`` finds the conditional odds ratio and its interval with
``uniroot(f, interval)`` at the default ``tol = .Machine$double.eps^0.25``
(about 1.2e-4). The root it reports is therefore only accurate to that
tolerance; to report the same numbers as R the same iteration must be run.
This module follows R's ``R_zeroin2`` (``src/library/stats/src/zeroin.c``),
which is Brent's (1973) algorithm: bisection safeguarded by secant and inverse
quadratic interpolation.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

DOUBLE_EPS = sys.float_info.epsilon
R_UNIROOT_TOL = DOUBLE_EPS**0.25


def r_uniroot(
    f: Callable[[float], float],
    lower: float,
    upper: float,
    *,
    tol: float = R_UNIROOT_TOL,
    maxiter: int = 1000,
) -> float:
    """Return the root R's ``uniroot(f, c(lower, upper))$root`` reports.

    ``f(lower)`` and ``f(upper)`` must not have the same sign.

    Examples
    --------
    >>> round(r_uniroot(lambda t: t * t - 2.0, 0.0, 2.0), 4)
    1.4142
    """
    fa = f(lower)
    fb = f(upper)
    if fa * fb > 0.0:
        raise ValueError(f"f() values at the end points {lower!r}, {upper!r} have the same sign")
    a, b = lower, upper
    c, fc = a, fa
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    for _ in range(maxiter + 1):
        prev_step = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2.0 * DOUBLE_EPS * abs(b) + tol / 2.0
        new_step = (c - b) / 2.0
        if abs(new_step) <= tol_act or fb == 0.0:
            return b
        if abs(prev_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:
                q = fa / fc
                t1 = fb / fc
                t2 = fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0.0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2.0) and p < abs(prev_step * q / 2.0):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0.0 else -tol_act
        a, fa = b, fb
        b += new_step
        fb = f(b)
        if (fb > 0.0 and fc > 0.0) or (fb < 0.0 and fc < 0.0):
            c, fc = a, fa
    return b
