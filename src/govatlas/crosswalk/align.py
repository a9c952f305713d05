"""Candidate alignment between the provisions of two frameworks.

For every source passage, every target passage is scored from six signals, each
standardised per row or per column (z-scores) so that scales are comparable:

- ``bm25``: lexical overlap (source as query, ``lexical.bm25_matrix``), per source;
- ``chars``: shared character n-grams (``lexical.character_ngram_matrix``), per
  source; catches word forms that stemming keeps apart;
- ``dense``: MiniLM cosine similarity, per source;
- ``bm25_col`` / ``dense_col``: the same, standardised per target, so a target
  that suits this source better than it suits the other sources gains;
- ``hub``: how similar the target is to *all* sources; generic targets
  ("policies are in place") otherwise crowd every top-k, so this weighs against.

The shipped weights (``SHIPPED_RANKER``) are a logistic regression fitted on the
published NIST crosswalks (``govatlas crosswalk eval`` refits them leaving each
table out and reports the held-out figures); ``govatlas crosswalk train`` fits a
``Ranker`` of one's own that also learns from reviewed suggestions
(``crosswalk.training``). The relationship type is then suggested from the fused
score, the cosine and the length ratio (see ``suggest_relationship``). Given
people's decisions between the two lists, the ranking also learns from them and
never proposes a decided pair again (``assist``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

import numpy as np

from govatlas.classify.embeddings import Embedder, get_embedder
from govatlas.crosswalk.assist import Reviewed, assisted
from govatlas.crosswalk.lexical import bm25_matrix, character_ngram_matrix
from govatlas.crosswalk.scaling import Matrix, zscores
from govatlas.vocabulary import RelationshipType

FEATURES = ("bm25", "dense", "hub", "bm25_col", "dense_col", "chars")
# Fitted on all published crosswalks by `govatlas crosswalk train --out FILE` on a store
# holding no reviews (rounded).
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "bm25": 0.10,
    "dense": 0.42,
    "hub": -0.25,
    "bm25_col": 0.12,
    "dense_col": 0.12,
    "chars": 0.38,
}
EQUAL_COSINE = 0.85
# The fused score with the best F1 against all published pairs (`train` gives it too):
# 0.34 precision and 0.44 recall over the 46,530 candidate pairs of the nine tables.
RELATED_SCORE = 0.75
LENGTH_RATIO = 2.0


@dataclass(frozen=True)
class Passage:
    """A provision to align: a stable id and its text."""

    id: str
    text: str


@dataclass(frozen=True)
class Ranker:
    """How the signals are fused: a weight per feature, and the fused score from
    which a pair is called related rather than ``no relationship``."""

    weights: Mapping[str, float]
    related_score: float


SHIPPED_RANKER = Ranker(DEFAULT_WEIGHTS, RELATED_SCORE)


@dataclass(frozen=True)
class Candidate:
    source_id: str
    target_id: str
    rank: int
    score: float
    relationship: RelationshipType
    cosine: float


@dataclass
class PairFeatures:
    """Every signal for every (source, target) pair, plus the raw cosine (and the
    sources' cosine with each other, which reviewed neighbours are found by)."""

    features: dict[str, Matrix]
    cosine: Matrix
    source_cosine: Matrix

    def fused(self, weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> Matrix:
        total = np.zeros_like(self.cosine)
        for name, weight in weights.items():
            total += weight * self.features[name]
        return total

    def stacked(self) -> Matrix:
        """Shape (sources, targets, features), in ``FEATURES`` order."""
        return np.stack([self.features[name] for name in FEATURES], axis=-1)


def pair_features(
    sources: Sequence[Passage], targets: Sequence[Passage], embedder: Embedder | None = None
) -> PairFeatures:
    model = embedder or get_embedder()
    source_texts, target_texts = [p.text for p in sources], [p.text for p in targets]
    lexical = bm25_matrix(source_texts, target_texts)
    source_vectors = model.embed(source_texts)
    cosine = source_vectors @ model.embed(target_texts).T
    z_lexical, z_dense = zscores(lexical, 1), zscores(cosine, 1)
    hub = zscores((z_lexical + z_dense).mean(axis=0, keepdims=True), 1)
    features = {
        "bm25": z_lexical,
        "dense": z_dense,
        "hub": np.broadcast_to(hub, cosine.shape).astype(np.float32),
        "bm25_col": zscores(lexical, 0),
        "dense_col": zscores(cosine, 0),
        "chars": zscores(character_ngram_matrix(source_texts, target_texts), 1),
    }
    return PairFeatures(
        features, cosine.astype(np.float32), (source_vectors @ source_vectors.T).astype(np.float32)
    )


def suggest_relationship(
    score: float,
    cosine: float,
    source_length: int,
    target_length: int,
    related_score: float = RELATED_SCORE,
) -> RelationshipType:
    """IR 8477 type from the evidence a machine has: closeness and relative scope.

    Near-identical wording of similar length is ``equal``; a strong match where
    one side is much longer is read as that side covering more (``superset`` when
    the source is longer); other strong matches (fused score at least
    ``related_score``) ``intersect``; weak ones ``none``.
    ``contrary`` is never suggested: incompatibility needs a human reading.
    """
    ratio = max(source_length, 1) / max(target_length, 1)
    if cosine >= EQUAL_COSINE and 1 / 1.5 <= ratio <= 1.5:
        return RelationshipType.EQUAL
    if score < related_score:
        return RelationshipType.NONE
    if ratio >= LENGTH_RATIO:
        return RelationshipType.SUPERSET
    if ratio <= 1 / LENGTH_RATIO:
        return RelationshipType.SUBSET
    return RelationshipType.INTERSECTS


def align(
    sources: Sequence[Passage],
    targets: Sequence[Passage],
    top: int = 10,
    embedder: Embedder | None = None,
    ranker: Ranker = SHIPPED_RANKER,
    reviewed: Reviewed | None = None,
) -> list[Candidate]:
    """The ``top`` best targets for every source, best first.

    With ``reviewed`` (people's decisions between the two lists) the ranking also
    learns from the reviewed neighbours (``assist``) and decided pairs are left out.
    """
    if not sources or not targets:
        return []
    pairs = pair_features(sources, targets, embedder)
    scores = pairs.fused(ranker.weights)
    decided: Mapping[int, Set[int]] = {}
    if reviewed is not None:
        scores = assisted(scores, pairs.source_cosine, reviewed.linked)
        decided = reviewed.decided
    result = []
    for i, source in enumerate(sources):
        order = [j for j in np.argsort(-scores[i], kind="stable") if j not in decided.get(i, ())]
        for rank, j in enumerate(order[:top], 1):
            score, cosine = float(scores[i, j]), float(pairs.cosine[i, j])
            result.append(
                Candidate(
                    source.id,
                    targets[j].id,
                    rank,
                    score,
                    suggest_relationship(
                        score,
                        cosine,
                        len(source.text),
                        len(targets[j].text),
                        ranker.related_score,
                    ),
                    cosine,
                )
            )
    return result
