"""How unsure a calibrated classifier is about one decision: the review queue's order.

A provision classifier decides a concept when its calibrated probability ``p``
reaches the concept's operating threshold ``t``. The decision is least sure where
``p`` is closest to ``t``, and "close" is measured on the log-odds scale, where
Platt scaling is linear in the classifier's score::

    margin(p, t) = |logit(p) - logit(t)|

so 0.55 against a threshold of 0.5 is as close as 0.108 against 0.09 (both about
0.2 log-odds away), while 0.99 against 0.95 is far. Probabilities are clipped to
[``EPS``, 1 - ``EPS``] so that 0 and 1 have a finite margin. Reviewing the smallest
margins first is meant to teach the next model most; ``provisions.review_value`` measures
whether it does (on the gold, not measurably better than reviewing at random). The
review queue sorts by ``odds_ratio_gap`` = exp(margin), which orders the same way
and needs no logarithm in SQL.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

EPS = 1e-6

Floats = npt.NDArray[np.float64]


def logit(p: npt.ArrayLike) -> Floats:
    clipped = np.clip(np.asarray(p, dtype=np.float64), EPS, 1.0 - EPS)
    return np.asarray(np.log(clipped / (1.0 - clipped)), dtype=np.float64)


def margin(p: npt.ArrayLike, threshold: npt.ArrayLike) -> Floats:
    """|logit(p) - logit(t)|, elementwise: 0 on the threshold, larger when surer."""
    return np.asarray(np.abs(logit(p) - logit(threshold)), dtype=np.float64)


def odds_ratio_gap(p: float, threshold: float) -> float:
    """exp(margin): max(r, 1/r) for r = odds(p) / odds(t); what the queue sorts by."""
    q = min(max(p, EPS), 1.0 - EPS)
    t = min(max(threshold, EPS), 1.0 - EPS)
    ratio = (q / (1.0 - q)) * ((1.0 - t) / t)
    return ratio if ratio >= 1.0 else 1.0 / ratio


# A probability below the threshold is a near miss when the threshold's odds are at most
# this many times its odds: 3 keeps 0.25 against 0.5, and 0.032 against 0.09.
NEAR_MISS_ODDS = 3.0


def is_near_miss(probability: float, threshold: float, odds: float = NEAR_MISS_ODDS) -> bool:
    """Below ``threshold``, but within a factor ``odds`` of it on the odds scale (the
    near misses that labelling keeps for review: ``classify.labels.near_misses``)."""
    if not 0.0 < threshold < 1.0 or probability >= threshold:
        return False
    return odds_ratio_gap(probability, threshold) <= odds


def most_uncertain(margins: npt.ArrayLike, count: int) -> list[int]:
    """Indices of the ``count`` smallest margins, smallest first (ties: lower index)."""
    values = np.asarray(margins, dtype=np.float64)
    order = np.argsort(values, kind="stable")
    return [int(i) for i in order[: max(0, count)]]
