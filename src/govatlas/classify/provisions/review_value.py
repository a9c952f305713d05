"""What reviews buy: the label review queue simulated on the project's gold.

A provision classifier is fitted on a reduced labelled pool: the gold's train
split less a share of its instruments, held out as the *unreviewed pool*. The
model labels the pool; a simulated reviewer then decides ``budget`` of its
(passage, concept) pairs, and a review reveals the gold label of that one pair
and nothing else. The decided pairs join training exactly as reviewed labels do
in ``govatlas gold train --reviewed`` (``reviewed_provisions.join_reviewed``: for
that concept only, the passage grouped with its instrument), every concept with
a new decision is refitted (weights, calibration and threshold, as ``gold
train`` does), and the model is measured on the dev split. The test split is
never read.

The simulated classifiers are the shipped kind: the dense features and the words
(a tf-idf regression stacked with the dense one, ``provision_training.fit_concept``),
the vocabulary fitted on the train and dev passages' readings as ``gold train`` fits
it. Prototype features are left out (``gold train`` adds them only where they raise
the out-of-fold average precision).

Pairs are chosen two ways: *uncertainty*, the smallest |logit(p) - logit(t)|
first (``classify.labels.uncertainty``, the queue's default order), and *random*. And
from two candidate sets: ``queue``, the pairs the model labels (probability at
or above the threshold on text the gate calls operative), which is all that
``/reviews/labels`` shows; and ``near``, every pair of a fitted concept, as if
the queue also offered the near misses below the threshold. Each seed draws
another unreviewed pool (so another starting model) and another random order;
the gain of a strategy is the dev macro-F1 after the reviews less before, and
the seeds give its spread. Labelling the whole pool (every pair) is reported
beside, as what the most reviewing could buy.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.metrics import average_precision_score
from threadpoolctl import threadpool_limits

from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.gold.project_gold import OPERATIVE_KINDS, GoldPassage
from govatlas.classify.labels.uncertainty import margin, most_uncertain
from govatlas.classify.provisions.lexical import Lexicon, fit_lexicon
from govatlas.classify.provisions.model import (
    GATE,
    MIN_POSITIVES,
    ConceptModel,
    Matrix,
    ProvisionModel,
)
from govatlas.classify.provisions.reviewed import REVIEWED_SPLIT, ReviewedPassage, join_reviewed
from govatlas.classify.provisions.training import features_of, fit_concept
from govatlas.taxonomy.schema import TaxonomyFile

BUDGETS = (50, 100, 200, 400)
POOL_SHARE = 1 / 3  # of the train split's instruments, held out as the unreviewed pool
STRATEGIES = ("uncertainty", "random")
CANDIDATES = ("queue", "near")
METRICS = ("macro_f1", "macro_average_precision")


@dataclass(frozen=True)
class GoldMatrix:
    """One taxonomy's train and dev gold as features and labels."""

    taxonomy: str
    concepts: list[str]  # the concepts fitted (parents are implied), in taxonomy order
    all_concepts: list[str]
    parents: dict[str, str]
    passages: list[GoldPassage]
    features: Matrix
    labels: np.ndarray  # passages x concepts, 0/1
    operative: np.ndarray  # 1 where the passage kind is operative or a definition
    lexicon: Lexicon | None = None  # the words vocabulary (train and dev readings); None:
    words: sparse.csr_matrix | None = None  # the passages' tf-idf rows   dense features only

    def rows(self, split: str) -> np.ndarray:
        return np.array([i for i, g in enumerate(self.passages) if g.split == split], dtype=int)


def gold_matrix(
    gold: Sequence[GoldPassage], taxonomy: TaxonomyFile, vectors: dict[str, np.ndarray]
) -> GoldMatrix:
    """The train and dev passages with the features ``gold train`` computes."""
    passages = [g for g in gold if g.split in ("train", "dev")]
    parents = {c.id: c.parent for c in taxonomy.concepts if c.parent}
    every = [c.id for c in taxonomy.concepts]
    concepts = [c for c in every if c not in parents.values()]
    keywords = KeywordClassifier(list(taxonomy.concepts))
    features = features_of(passages, vectors, keywords, [c.label for c in taxonomy.concepts])
    labels = np.array(
        [[int(c in g.of(taxonomy.id)) for c in concepts] for g in passages], dtype=int
    ).reshape(len(passages), len(concepts))
    operative = np.array([int(g.kind in OPERATIVE_KINDS) for g in passages], dtype=int)
    lexicon = fit_lexicon([g.reading for g in passages])
    words = lexicon.matrix([g.reading for g in passages])
    return GoldMatrix(
        taxonomy.id, concepts, every, parents, passages, features, labels, operative, lexicon, words
    )


@dataclass(frozen=True)
class Pair:
    """A (passage, concept) pair the model scored: what one review decides."""

    row: int
    concept: str
    probability: float
    margin: float


def fit_gate(matrix: GoldMatrix, rows: np.ndarray) -> ConceptModel | None:
    """The operative gate, as ``train_taxonomy`` fits it (None when every passage is of
    one kind: nothing to learn)."""
    kinds = matrix.operative[rows]
    if kinds.min() == kinds.max():
        return None
    groups = [matrix.passages[i].instrument for i in rows]
    gate, _ = fit_concept(GATE, matrix.features[rows], kinds, groups)
    gate.threshold = 0.5  # as ``train_taxonomy``: the calibrated probability of operative text
    return gate


@dataclass(frozen=True)
class Reviews:
    """Reviewed passages (the gold label revealed for the concepts decided), and their
    features and words, one row each."""

    passages: list[ReviewedPassage]
    features: Matrix
    words: sparse.csr_matrix | None


def reviews_of(matrix: GoldMatrix, pairs: Sequence[Pair]) -> Reviews:
    """The reviewed pairs as reviewed passages (the gold label revealed for that concept
    only), with their features and words."""
    decided: dict[int, dict[str, bool]] = {}
    for pair in pairs:
        j = matrix.concepts.index(pair.concept)
        key = f"{matrix.taxonomy}:{pair.concept}"
        decided.setdefault(pair.row, {})[key] = bool(matrix.labels[pair.row, j])
    rows = sorted(decided)
    reviewed = [
        ReviewedPassage(
            replace(
                matrix.passages[r],
                split=REVIEWED_SPLIT,
                labels=frozenset(key for key, yes in decided[r].items() if yes),
            ),
            decided[r],
        )
        for r in rows
    ]
    words = matrix.words[rows] if matrix.words is not None else None
    return Reviews(reviewed, matrix.features[rows], words)


def fit_concepts(
    matrix: GoldMatrix,
    rows: np.ndarray,
    reviews: Reviews | None = None,
    only: Collection[str] | None = None,
) -> dict[str, ConceptModel]:
    """Each concept (or those in ``only``) fitted on the labelled rows plus the reviews
    decided on it, on its features and its words; concepts with fewer than
    ``MIN_POSITIVES`` positives get no model."""
    groups = [matrix.passages[i].instrument for i in rows]
    reviewed = reviews.passages if reviews else []
    fitted: dict[str, ConceptModel] = {}
    for j, concept in enumerate(matrix.concepts):
        if only is not None and concept not in only:
            continue
        key = f"{matrix.taxonomy}:{concept}"
        labels = matrix.labels[rows, j]
        x, y, g = join_reviewed(
            key, matrix.features[rows], labels, groups, reviewed, reviews and reviews.features
        )
        words = (
            join_reviewed(
                key, matrix.words[rows], labels, groups, reviewed, reviews and reviews.words
            )[0]
            if matrix.words is not None
            else None
        )
        if y.sum() < MIN_POSITIVES:
            continue
        fitted[concept], _ = fit_concept(concept, x, y, g, words)
    return fitted


def assemble(
    matrix: GoldMatrix, models: dict[str, ConceptModel], gate: ConceptModel | None
) -> ProvisionModel:
    return ProvisionModel(
        taxonomy=matrix.taxonomy,
        embedding_model="simulation",
        concepts=matrix.all_concepts,
        keyword_names=[],
        models=models,
        gate=gate,
        parents=matrix.parents,
        lexicon=matrix.lexicon,
    )


def model_features(model: ProvisionModel, matrix: GoldMatrix, rows: np.ndarray) -> Matrix:
    """The rows' features as the model reads them: the dense ones, then the words scores."""
    return model.with_words(matrix.features[rows], [matrix.passages[i].reading for i in rows])


def measure(model: ProvisionModel, matrix: GoldMatrix, rows: np.ndarray) -> dict[str, Any]:
    """Per concept precision, recall and F1 of the model's decisions on ``rows``, and their
    mean over the concepts with a positive there (macro-F1; a concept with no model finds
    nothing: F1 0). Beside it the average precision of each concept's probabilities,
    which no threshold sways: how well the model ranks, not where it cuts."""
    features = model_features(model, matrix, rows)
    decided = model.decide(features)
    probabilities = model.probabilities(features)
    concepts: dict[str, dict[str, Any]] = {}
    for j, concept in enumerate(matrix.concepts):
        gold = matrix.labels[rows, j] == 1
        predicted = np.array([concept in found for found in decided], dtype=bool)
        tp = int((predicted & gold).sum())
        ranking = probabilities.get(concept, np.zeros(len(rows)))
        concepts[concept] = {
            "average_precision": float(average_precision_score(gold, ranking))
            if gold.any()
            else None,
            "positives": int(gold.sum()),
            "predicted": int(predicted.sum()),
            "precision": tp / int(predicted.sum()) if predicted.any() else None,
            "recall": tp / int(gold.sum()) if gold.any() else None,
            "f1": 2 * tp / (int(predicted.sum()) + int(gold.sum()))
            if predicted.any() or gold.any()
            else 0.0,
        }
    scored = [c for c in concepts.values() if c["positives"]]
    return {
        "macro_f1": float(np.mean([c["f1"] for c in scored])) if scored else 0.0,
        "macro_average_precision": float(np.mean([c["average_precision"] for c in scored]))
        if scored
        else 0.0,
        "concepts": concepts,
    }


def candidates(
    model: ProvisionModel, matrix: GoldMatrix, rows: np.ndarray, which: str
) -> list[Pair]:
    """The pairs a reviewer could be shown: ``queue``, those the model labels (as
    ``/reviews/labels`` holds them); ``near``, every pair of a fitted concept."""
    features = model_features(model, matrix, rows)
    probabilities = model.probabilities(features)
    operative = (
        model.gate.probability(features) >= model.gate.threshold
        if model.gate is not None
        else np.ones(len(rows), dtype=bool)
    )
    found = []
    for concept in matrix.concepts:
        if concept not in model.models:
            continue
        threshold = model.models[concept].threshold
        p = probabilities[concept]
        gaps = margin(p, threshold)
        for k, row in enumerate(rows):
            if which == "queue" and not (operative[k] and p[k] >= threshold):
                continue
            found.append(Pair(int(row), concept, float(p[k]), float(gaps[k])))
    return found


def chosen(pairs: Sequence[Pair], strategy: str, count: int, seed: int) -> list[Pair]:
    """``count`` pairs by uncertainty (smallest margin first) or at random."""
    if strategy == "uncertainty":
        return [pairs[i] for i in most_uncertain([p.margin for p in pairs], count)]
    order = np.random.default_rng([seed, 1]).permutation(len(pairs))
    return [pairs[int(i)] for i in order[:count]]


def pool_split(
    matrix: GoldMatrix, seed: int, share: float = POOL_SHARE
) -> tuple[np.ndarray, np.ndarray]:
    """(labelled rows, unreviewed pool rows) of the train split, by instrument."""
    train = matrix.rows("train")
    instruments = sorted({matrix.passages[i].instrument for i in train})
    rng = np.random.default_rng([seed, 0])
    held = set(rng.choice(instruments, size=round(len(instruments) * share), replace=False))
    in_pool = np.array([matrix.passages[i].instrument in held for i in train], dtype=bool)
    return train[~in_pool], train[in_pool]


def simulate(
    matrix: GoldMatrix,
    seed: int,
    budgets: Sequence[int] = BUDGETS,
    which: Sequence[str] = CANDIDATES,
    share: float = POOL_SHARE,
) -> dict[str, Any]:
    """One seed: the starting model, the ceiling and every (candidates, strategy, budget).

    The fits use one BLAS thread: these are small problems, and on two shared cores two
    threads make each fit some fifty times slower."""
    with threadpool_limits(1):
        return _simulate(matrix, seed, budgets, which, share)


def _simulate(
    matrix: GoldMatrix, seed: int, budgets: Sequence[int], which: Sequence[str], share: float
) -> dict[str, Any]:
    labelled, pool = pool_split(matrix, seed, share)
    dev = matrix.rows("dev")
    gate = fit_gate(matrix, labelled)
    start = fit_concepts(matrix, labelled)
    model = assemble(matrix, start, gate)
    before = measure(model, matrix, dev)
    everything = np.concatenate([labelled, pool])
    result: dict[str, Any] = {
        "seed": seed,
        "labelled_passages": len(labelled),
        "pool_passages": len(pool),
        "before": before,
        "pool_fully_labelled": measure(
            assemble(matrix, fit_concepts(matrix, everything), gate), matrix, dev
        ),
        "runs": {},
    }
    for kind in which:
        pairs = candidates(model, matrix, pool, kind)
        runs: dict[str, Any] = {"candidates": len(pairs)}
        for strategy in STRATEGIES:
            ordered = chosen(pairs, strategy, max(budgets, default=0), seed)
            for budget in budgets:
                picked = ordered[:budget]
                reviews = reviews_of(matrix, picked)
                touched = {p.concept for p in picked}
                models = start | fit_concepts(matrix, labelled, reviews, touched)
                after = measure(assemble(matrix, models, gate), matrix, dev)
                runs[f"{strategy}@{budget}"] = {
                    "reviews": len(picked),
                    "accepted": sum(len(r.passage.labels) for r in reviews.passages),
                    "mean_margin": statistics.fmean(p.margin for p in picked) if picked else None,
                    "after": after,
                    "gain": {m: after[m] - before[m] for m in METRICS},
                }
        result["runs"][kind] = runs
    return result


def _spread(values: Sequence[float]) -> dict[str, float]:
    return {
        "mean": round(statistics.fmean(values), 4),
        "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def summarise(runs: Sequence[dict[str, Any]], budgets: Sequence[int] = BUDGETS) -> dict[str, Any]:
    """Across seeds, for each measure: its value before and with the pool fully labelled,
    each strategy's gain per budget (mean, sd, min, max), uncertainty's gain less
    random's on the same pool; and per concept the mean precision and recall after."""
    summary: dict[str, Any] = {
        "seeds": len(runs),
        "before": {m: _spread([r["before"][m] for r in runs]) for m in METRICS},
        "pool_fully_labelled": {
            m: _spread([r["pool_fully_labelled"][m] for r in runs]) for m in METRICS
        },
        "concepts_before": _concepts(runs, [r["before"] for r in runs]),
        "candidates": {},
    }
    for kind in runs[0]["runs"] if runs else ():
        table: dict[str, Any] = {"pairs": _spread([r["runs"][kind]["candidates"] for r in runs])}
        for budget in budgets:
            done = {s: [r["runs"][kind][f"{s}@{budget}"] for r in runs] for s in STRATEGIES}
            entry: dict[str, Any] = {
                strategy: {
                    "gain": {m: _spread([d["gain"][m] for d in items]) for m in METRICS},
                    "reviews": _spread([d["reviews"] for d in items]),
                    "accepted": _spread([d["accepted"] for d in items]),
                    "concepts": _concepts(runs, [d["after"] for d in items]),
                }
                for strategy, items in done.items()
            }
            entry["uncertainty_minus_random"] = {}
            for m in METRICS:
                gaps = [
                    u["gain"][m] - r["gain"][m]
                    for u, r in zip(done["uncertainty"], done["random"], strict=True)
                ]
                entry["uncertainty_minus_random"][m] = _spread(gaps) | {
                    "seeds_uncertainty_better": sum(g > 0 for g in gaps),
                    "seeds_random_better": sum(g < 0 for g in gaps),
                }
            table[str(budget)] = entry
        summary["candidates"][kind] = table
    return summary


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.fmean(known), 3) if known else None


def _concepts(runs: Sequence[dict[str, Any]], measured: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per concept, the mean over seeds of its precision and recall."""
    return {
        concept: {
            "dev_positives": first["positives"],
            "precision": _mean([m["concepts"][concept]["precision"] for m in measured]),
            "recall": _mean([m["concepts"][concept]["recall"] for m in measured]),
        }
        for concept, first in runs[0]["before"]["concepts"].items()
    }
