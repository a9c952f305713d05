"""The threshold rules of ``benchmarks.threshold_rules`` on small known cases."""

from __future__ import annotations

import numpy as np
from benchmarks.threshold_rules import COMPLETE, RULES, compare, compare_complete, shipped, stable

from govatlas.classify.provisions.training import pick_threshold

# Scores from high to low; 1 marks a gold positive.
PROBS = np.array([0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
LABELS = np.array([1, 1, 1, 0, 1, 1, 1, 0, 0, 1])


def test_the_shipped_rule_is_the_training_rule() -> None:
    threshold, reached = pick_threshold(PROBS, LABELS)
    assert reached
    assert shipped(PROBS, LABELS) == threshold == 0.5  # 6 of 7 at 0.5: precision 0.857


def test_the_stable_rule_stops_at_the_first_dip_below_the_target() -> None:
    assert stable(PROBS, LABELS) == 0.85  # at 0.8 precision is 3 of 4


def test_no_threshold_when_precision_never_reaches_the_target() -> None:
    labels = np.array([0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
    assert all(rule(PROBS, labels) is None for rule in RULES.values())


def test_compare_measures_each_rule_on_the_other_half() -> None:
    rng = np.random.default_rng(0)
    groups = [f"i{n % 20}" for n in range(400)]
    labels = rng.integers(0, 2, 400)
    scores = np.clip(labels * 0.6 + rng.random(400) * 0.5, 0, 1)
    figures = compare(groups, {"t:c": (scores, labels)}, repeats=3)
    assert set(figures) == set(RULES)
    assert figures["shipped"]["tries"] == 6
    assert 0 < figures["shipped"]["precision_kept"] <= 1


def test_a_target_reached_only_on_a_sliver_of_the_positives_is_no_operating_point() -> None:
    # 3 positives on top, then 27 positives mixed evenly with 27 negatives
    probs = np.linspace(1.0, 0.0, 57)
    labels = np.array([1, 1, 1] + [1, 0] * 27)
    assert shipped(probs, labels, min_recall=0.0) is not None  # the rule shipped before
    threshold, reached = pick_threshold(probs, labels)
    assert not reached  # 3 of 30 positives is under a fifth
    chosen = probs >= threshold
    assert chosen.sum() > 3  # the F0.5-best threshold labels more than the sliver


def test_complete_rules_always_give_a_threshold() -> None:
    rng = np.random.default_rng(1)
    groups = [f"i{n % 20}" for n in range(400)]
    labels = rng.integers(0, 2, 400)
    scores = np.clip(labels * 0.4 + rng.random(400) * 0.7, 0, 1)
    figures = compare_complete(groups, {"t:c": (scores, labels)}, repeats=2)
    assert set(figures) == set(COMPLETE)
    for f in figures.values():
        assert f["tries"] == 4 and 0 < f["mean_f1"] <= 1 and 0 < f["mean_recall"] <= 1
