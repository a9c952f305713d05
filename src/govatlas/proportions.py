"""Score intervals for a proportion, for when resampling has nothing to resample.

A percentile bootstrap over units collapses to a point when every unit scores the
same (none aligned, or all): resampling identical values gives identical means.
Yet 0 of 20 is no proof that the true share is exactly 0. The Jeffreys interval,
the equal-tailed interval of the Beta(k + 1/2, n - k + 1/2) posterior (Jeffreys
prior), covers well at small n (Brown, Cai and DasGupta 2001) and, with their
boundary rule (lower end 0 when k = 0, upper end 1 when k = n), gives [0, u] with
u > 0 for 0/n and [l, 1] with l < 1 for n/n. ``k`` may be fractional: a weighted
count of matched units (each unit's match strength in [0, 1]).

The Beta quantile is computed here (continued fraction of the regularised
incomplete beta function, inverted by bisection) rather than taken from SciPy,
which govatlas does not depend on directly.
"""

from __future__ import annotations

import math

LEVEL = 0.95
_TINY = 1e-300


def _beta_fraction(x: float, a: float, b: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, 500):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            result *= d * c
        if abs(d * c - 1.0) < 1e-14:
            break
    return result


def regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b): the Beta(a, b) distribution function at ``x``."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(x, a, b) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(1.0 - x, b, a) / b


def beta_quantile(q: float, a: float, b: float) -> float:
    """The ``q`` quantile of Beta(a, b), by bisection (to about 1e-12)."""
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if regularized_beta(middle, a, b) < q:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def jeffreys_interval(k: float, n: float, level: float = LEVEL) -> tuple[float, float]:
    """Equal-tailed Jeffreys interval for ``k`` successes of ``n`` (see module docstring)."""
    if n <= 0:
        raise ValueError("a proportion needs at least one trial")
    k = min(max(k, 0.0), n)
    tail = (1.0 - level) / 2
    a, b = k + 0.5, n - k + 0.5
    low = 0.0 if k <= 0 else beta_quantile(tail, a, b)
    high = 1.0 if k >= n else beta_quantile(1.0 - tail, a, b)
    return low, high
