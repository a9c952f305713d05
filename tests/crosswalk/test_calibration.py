"""Platt scaling of the crosswalk ranker and its check on tables left out."""

from __future__ import annotations

import numpy as np
import pytest

from govatlas.crosswalk.align import DenseCosines, PairFeatures
from govatlas.crosswalk.calibration import (
    calibrate,
    expected_calibration_error,
    fit_platt,
    leave_one_table_out,
    platt,
)


def _linked_by_a_known_curve(
    slope: float, intercept: float, n: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    scores = rng.normal(0, 2, n)
    linked = rng.random(n) < platt(scores, slope, intercept)
    return scores, linked


def _table(seed: int) -> tuple[PairFeatures, np.ndarray]:
    scores, linked = _linked_by_a_known_curve(1.0, -2.0, 40 * 50, seed)
    shape = (40, 50)
    signal = scores.reshape(shape).astype(np.float32)
    features = PairFeatures(
        {"e5_csls": signal},
        np.zeros(shape, np.float32),
        DenseCosines(np.zeros(shape, np.float32), np.eye(40, dtype=np.float32)),
    )
    return features, linked.reshape(shape).astype(np.int8)


def test_platt_scaling_recovers_the_curve_the_links_were_drawn_from() -> None:
    scores, linked = _linked_by_a_known_curve(0.8, -1.5, 20_000, seed=3)
    slope, intercept = fit_platt(scores, linked)
    assert slope == pytest.approx(0.8, abs=0.05)
    assert intercept == pytest.approx(-1.5, abs=0.08)


def test_calibration_needs_both_linked_and_unlinked_pairs() -> None:
    with pytest.raises(ValueError, match="linked and unlinked"):
        fit_platt(np.array([0.1, 0.2]), np.array([True, True]))


def test_expected_calibration_error_is_the_size_weighted_gap_per_bin() -> None:
    probabilities = np.array([0.15, 0.15, 0.85, 0.85])
    linked = np.array([False, False, True, True])
    # bin 0.1-0.2: predicted 0.15, observed 0; bin 0.8-0.9: predicted 0.85, observed 1
    assert expected_calibration_error(probabilities, linked) == pytest.approx(0.15)
    assert expected_calibration_error(np.array([0.5, 0.5]), np.array([True, False])) == 0.0
    assert expected_calibration_error(np.array([]), np.array([], dtype=bool)) == 0.0


def test_the_check_scores_each_table_by_a_calibration_fitted_without_it() -> None:
    tables = [_table(seed) for seed in range(3)]
    features, labels = [t[0] for t in tables], [t[1] for t in tables]
    weights = {"e5_csls": 1.0}
    slope, intercept = calibrate(features, labels, weights)
    assert slope == pytest.approx(1.0, abs=0.1) and intercept == pytest.approx(-2.0, abs=0.15)
    check = leave_one_table_out(features, labels, weights)
    assert check.pairs == 3 * 40 * 50 and check.linked == sum(int(x.sum()) for x in labels)
    assert check.expected_calibration_error < 0.03
    assert 0.5 < check.likely_precision <= 1.0 and 0.0 < check.likely_recall < 1.0
