"""Suggestions that learn from what people already decided between the same two lists.

Once some sources of a crosswalk are reviewed, their links say more about how the
two frameworks correspond than any general ranker: neighbouring sources tend to
map to the same targets. For every source, each reviewed *other* source votes for
the targets people linked to it, weighted by how close the two sources are (a
softmax over their MiniLM cosine, temperature ``NEIGHBOUR_TEMPERATURE``); the
votes, standardised per source, are added to the fused score with weight
``ASSIST_WEIGHT``. Decided pairs (linked, judged unrelated, or a rejected
suggestion) are never proposed again.

The two constants were chosen on the published NIST tables by simulating review
(10-30% of a table's sources reviewed; see ``evaluate.simulated_review``):
recall@10 on the other sources rises on BSA, CLTC, Japan and ISO 42001 alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field

import numpy as np

from govatlas.crosswalk.scaling import Matrix, zscores

ASSIST_WEIGHT = 0.5
NEIGHBOUR_TEMPERATURE = 0.1
# The sum of the absolute ranker weights ASSIST_WEIGHT was chosen with; a ranker whose
# weights sum to more scores on a wider scale, and the votes are scaled to match it.
ASSIST_REFERENCE_SCALE = 1.39


def assist_weight(weights: Mapping[str, float]) -> float:
    """ASSIST_WEIGHT on the scale of a ranker with these weights."""
    total = sum(abs(w) for w in weights.values())
    return ASSIST_WEIGHT * (total / ASSIST_REFERENCE_SCALE if total > 0 else 1.0)


@dataclass(frozen=True)
class Reviewed:
    """People's decisions between two lists of passages, by source and target index."""

    linked: Mapping[int, Set[int]] = field(default_factory=dict)  # related (any type but none)
    decided: Mapping[int, Set[int]] = field(default_factory=dict)  # any decision, linked included

    @property
    def sources(self) -> int:
        """How many sources have at least one linked target (the neighbours that vote)."""
        return sum(1 for targets in self.linked.values() if targets)


def neighbour_votes(source_cosine: Matrix, linked: Mapping[int, Set[int]], targets: int) -> Matrix:
    """For every source, the targets its reviewed neighbours are linked to, weighted by
    closeness; a source never votes for itself, so its own links do not echo back."""
    voters = sorted(i for i, linked_targets in linked.items() if linked_targets)
    if not voters:
        return np.zeros((source_cosine.shape[0], targets), dtype=np.float32)
    ballots = np.zeros((len(voters), targets), dtype=np.float32)
    for row, voter in enumerate(voters):
        ballots[row, sorted(linked[voter])] = 1.0
    closeness = source_cosine[:, voters] / NEIGHBOUR_TEMPERATURE
    closeness[voters, np.arange(len(voters))] = -np.inf  # no self-votes
    closeness -= closeness.max(axis=1, keepdims=True, initial=-1e9)
    weights = np.exp(closeness)
    totals = weights.sum(axis=1, keepdims=True)
    weights = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    result: Matrix = (weights @ ballots).astype(np.float32)
    return result


def assisted(
    scores: Matrix,
    source_cosine: Matrix,
    linked: Mapping[int, Set[int]],
    weight: float = ASSIST_WEIGHT,
) -> Matrix:
    """``scores`` with the reviewed neighbours' votes added (unchanged without reviews)."""
    if not any(linked.values()):
        return scores
    votes = neighbour_votes(source_cosine, linked, scores.shape[1])
    result: Matrix = (scores + weight * zscores(votes, 1)).astype(np.float32)
    return result
