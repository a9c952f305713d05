"""From a fused ranker score to the probability that people would link the pair.

Platt scaling: one logistic regression of "linked in a published table" on the fused
score, fitted on every candidate pair of the published tables (each table's sources
against the targets it cites). ``leave_one_table_out`` checks it the way it is used,
on pairs it never saw: each table is scored by a calibration fitted without it, and
the expected calibration error (``expected_calibration_error``: the mean gap between
predicted and observed rates over ten equal-width probability bins, weighted by the
bins' sizes) and the precision and recall of the pairs called likely (p >= 0.5) are
measured over all tables together.

The shipped constants (``align.PLATT_SLOPE``, ``align.PLATT_INTERCEPT``) are what
``fit_platt`` gives for the shipped weights on the shared corpus; a corpus test
checks that they still are. The full-text calibration (``align.FULL_TEXT_SLOPE``,
``align.FULL_TEXT_INTERCEPT``) is fitted the same way on pairs of full comparisons that
people judged; ``full_text_quality.FULL_TEXT_QUALITY`` holds what it was measured to do,
and a test checks both against ``benchmarks/full_comparison_calibration.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from govatlas.crosswalk.align import PairFeatures

BINS = 10
LIKELY = 0.5


@dataclass(frozen=True)
class CalibrationCheck:
    """How a calibration fitted without each table fares on that table."""

    pairs: int
    linked: int
    expected_calibration_error: float
    likely_precision: float  # of the pairs with p >= LIKELY
    likely_recall: float


def fit_platt(
    scores: npt.NDArray[np.floating], linked: npt.NDArray[np.bool_]
) -> tuple[float, float]:
    """(slope, intercept) of P(linked | score); both classes must be present."""
    if linked.all() or not linked.any():
        raise ValueError("calibration needs linked and unlinked pairs")
    model = LogisticRegression(C=1e6, max_iter=1000).fit(scores.reshape(-1, 1), linked)
    return round(float(model.coef_[0][0]), 3), round(float(model.intercept_[0]), 3)


def platt(
    scores: npt.NDArray[np.floating], slope: float, intercept: float
) -> npt.NDArray[np.float64]:
    result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-(slope * scores + intercept)))
    return result


def expected_calibration_error(
    probabilities: npt.NDArray[np.floating], linked: npt.NDArray[np.bool_], bins: int = BINS
) -> float:
    """Mean |predicted - observed| over equal-width bins, weighted by bin size."""
    if len(probabilities) == 0:
        return 0.0
    which = np.minimum((probabilities * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            gap = abs(float(probabilities[members].mean()) - float(linked[members].mean()))
            error += gap * int(members.sum()) / len(probabilities)
    return error


def _pairs(
    features: Sequence[PairFeatures],
    labels: Sequence[npt.NDArray[np.int8]],
    weights: Mapping[str, float],
) -> tuple[list[npt.NDArray[np.float32]], list[npt.NDArray[np.bool_]]]:
    scores = [f.fused(weights).ravel() for f in features]
    return scores, [label.ravel().astype(bool) for label in labels]


def calibrate(
    features: Sequence[PairFeatures],
    labels: Sequence[npt.NDArray[np.int8]],
    weights: Mapping[str, float],
) -> tuple[float, float]:
    """Platt scaling of the ranker with ``weights`` on every table's candidate pairs."""
    scores, linked = _pairs(features, labels, weights)
    return fit_platt(np.concatenate(scores), np.concatenate(linked))


def leave_one_table_out(
    features: Sequence[PairFeatures],
    labels: Sequence[npt.NDArray[np.int8]],
    weights: Mapping[str, float],
) -> CalibrationCheck:
    """Every table's pairs scored by a calibration fitted on the other tables."""
    scores, linked = _pairs(features, labels, weights)
    predicted = []
    for index in range(len(scores)):
        others = [i for i in range(len(scores)) if i != index]
        slope, intercept = fit_platt(
            np.concatenate([scores[i] for i in others]), np.concatenate([linked[i] for i in others])
        )
        predicted.append(platt(scores[index], slope, intercept))
    p, y = np.concatenate(predicted), np.concatenate(linked)
    likely = p >= LIKELY
    found = int((likely & y).sum())
    return CalibrationCheck(
        pairs=len(y),
        linked=int(y.sum()),
        expected_calibration_error=round(expected_calibration_error(p, y), 4),
        likely_precision=round(found / int(likely.sum()), 3) if likely.any() else 0.0,
        likely_recall=round(found / int(y.sum()), 3) if y.any() else 0.0,
    )
