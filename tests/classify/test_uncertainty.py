"""The margin that orders the review queue: distance to the threshold in log-odds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from govatlas.classify.labels.uncertainty import logit, margin, most_uncertain, odds_ratio_gap


def test_margin_is_the_distance_in_log_odds() -> None:
    assert margin(0.5, 0.5) == pytest.approx(0.0)
    assert margin(0.75, 0.5) == pytest.approx(math.log(3))
    assert margin(0.25, 0.5) == pytest.approx(math.log(3))  # the same distance below
    # 0.2 log-odds from a low threshold is as close as 0.2 from a middling one
    low = 1 / (1 + math.exp(-(float(logit(0.09)) + 0.2)))
    assert margin(low, 0.09) == pytest.approx(margin(0.549834, 0.5), abs=1e-5)
    assert np.isfinite(margin(1.0, 0.5)) and np.isfinite(margin(0.0, 0.5))


def test_the_queue_key_sorts_as_the_margin() -> None:
    pairs = [(0.99, 0.95), (0.12, 0.09), (0.55, 0.5), (0.7, 0.2), (0.04, 0.034), (1.0, 0.9)]
    by_margin = sorted(pairs, key=lambda pair: float(margin(*pair)))
    by_gap = sorted(pairs, key=lambda pair: odds_ratio_gap(*pair))
    assert by_gap == by_margin
    for p, t in pairs:
        assert odds_ratio_gap(p, t) == pytest.approx(math.exp(float(margin(p, t))))


def test_most_uncertain_takes_the_smallest_margins_first() -> None:
    assert most_uncertain([0.3, 0.1, 2.0, 0.1, 0.05], 3) == [4, 1, 3]  # ties: lower index
    assert most_uncertain([0.3], 5) == [0]
    assert most_uncertain([0.3, 0.2], 0) == []
