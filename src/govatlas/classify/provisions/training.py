"""Training and measuring the provision classifiers on the project's gold.

Train and dev together choose everything (weights by fitting; calibration and
thresholds on out-of-fold scores, five folds grouped by instrument); the test
split, whose instruments no fold ever saw, only measures the model as shipped,
beside the zero-shot matcher and the keyword baseline. Silver passages (one
annotation pass, ``eval/silver/``, of train instruments only) join the fits, in
the fold of their instrument, but never the calibration, a threshold or a figure:
those are chosen and measured on the adjudicated gold alone. Precision, recall and
F1 carry 95% bootstrap intervals (passages resampled 1,000 times, fixed seed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from threadpoolctl import threadpool_limits

from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.concepts.matching import taxonomy_matcher
from govatlas.classify.encoders.embeddings import Embedder
from govatlas.classify.gold.project_gold import OPERATIVE_KINDS, SILVER, GoldPassage
from govatlas.classify.provisions.lexical import fit_lexicon
from govatlas.classify.provisions.model import (
    ENGLISH,
    GATE,
    MIN_POSITIVES,
    MULTILINGUAL,
    TARGET_PRECISION,
    ConceptModel,
    LexicalPart,
    Matrix,
    ProvisionModel,
    assemble,
    half_precision,
)
from govatlas.classify.provisions.prototypes import Prototypes, build_prototypes
from govatlas.classify.provisions.reviewed import (
    ReviewedPassage,
    decisions_on,
    join_reviewed,
)
from govatlas.proportions import jeffreys_interval
from govatlas.store.taxonomies import concept_id
from govatlas.taxonomy.schema import TaxonomyFile

if TYPE_CHECKING:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

FOLDS = 5
REGULARISATION = 1.0
MIN_RECALL_AT_TARGET = 0.2
FALLBACK_BETA = 0.5
WORDS_REGULARISATION = 10.0  # tf-idf rows are sparse and L2-normalised: a weaker penalty
BOOTSTRAP = 1000
SEED = 20261202


def _fit(features: Matrix, labels: np.ndarray) -> LogisticRegression:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=2000)
    model.fit(features, labels)
    return model


def out_of_fold(features: Matrix, labels: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """Each passage's decision score from a model that never saw its instrument."""
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(labels))
    folds = GroupKFold(n_splits=min(FOLDS, len(set(groups))))
    for train, held in folds.split(features, labels, groups):
        if labels[train].sum() == 0 or labels[train].sum() == len(train):
            scores[held] = -10.0 if labels[train].sum() == 0 else 10.0
            continue
        scores[held] = _fit(features[train], labels[train]).decision_function(features[held])
    return scores


def platt(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    calibrator = LogisticRegression(C=1e4, max_iter=1000)
    calibrator.fit(scores.reshape(-1, 1), labels)
    return float(calibrator.coef_[0][0]), float(calibrator.intercept_[0])


def precision_curve(
    probs: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each distinct score as a threshold (highest first), with the true positives and
    the passages chosen at it (ties included)."""
    order = np.argsort(-probs, kind="stable")
    scores, truth = probs[order], labels[order]
    tp, chosen = np.cumsum(truth), np.arange(1, len(truth) + 1)
    last = np.r_[scores[1:] != scores[:-1], True]
    return scores[last], tp[last], chosen[last]


def pick_threshold(probs: np.ndarray, labels: np.ndarray) -> tuple[float, bool]:
    """The operating threshold, and whether it reaches the precision target.

    The lowest threshold whose precision reaches ``TARGET_PRECISION`` with at least 3
    true positives and ``MIN_RECALL_AT_TARGET`` of the positives (most recall), and
    True. Else the threshold that maximises F-beta with ``FALLBACK_BETA`` (precision
    weighted above recall), and False. A threshold that reaches the target only on the
    few highest scores is no operating point: on instruments no fit saw it labels
    almost nothing and its precision does not hold (``benchmarks.threshold_rules``)."""
    thresholds, tp, chosen = precision_curve(probs, labels)
    positives = max(1, int(labels.sum()))
    precision, recall = tp / chosen, tp / positives
    target = (precision >= TARGET_PRECISION) & (tp >= 3) & (recall >= MIN_RECALL_AT_TARGET)
    if target.any():
        return float(thresholds[target][np.argmax(tp[target])]), True
    beta2 = FALLBACK_BETA**2
    f_beta = (1 + beta2) * precision * recall / np.maximum(1e-12, beta2 * precision + recall)
    if not len(thresholds) or tp[-1] == 0:
        return 0.5, False
    return float(thresholds[np.argmax(f_beta)]), False


def _fit_words(words: sparse.csr_matrix, labels: np.ndarray) -> LogisticRegression:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=WORDS_REGULARISATION, class_weight="balanced", max_iter=3000)
    model.fit(words, labels)
    model.coef_ = half_precision(model.coef_)  # measured as it ships
    return model


def out_of_fold_words(
    words: sparse.csr_matrix, labels: np.ndarray, groups: Sequence[str]
) -> np.ndarray:
    """Each passage's words score from a model that never saw its instrument."""
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(labels))
    folds = GroupKFold(n_splits=min(FOLDS, len(set(groups))))
    for train, held in folds.split(words, labels, groups):
        if labels[train].sum() == 0 or labels[train].sum() == len(train):
            scores[held] = -10.0 if labels[train].sum() == 0 else 10.0
            continue
        scores[held] = _fit_words(words[train], labels[train]).decision_function(words[held])
    return scores


def stack(dense: np.ndarray, words: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    """The calibrated combination of the two out-of-fold scores: (a, slope, b) in
    ``p = sigmoid(a * dense + slope * words + b)``."""
    from sklearn.linear_model import LogisticRegression

    calibrator = LogisticRegression(C=1e4, max_iter=1000)
    calibrator.fit(np.column_stack([dense, words]), labels)
    a, slope = (float(v) for v in calibrator.coef_[0])
    return a, slope, float(calibrator.intercept_[0])


def out_of_fold_probabilities(
    features: Matrix,
    labels: np.ndarray,
    groups: Sequence[str],
    words: sparse.csr_matrix | None = None,
    chooses: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[float, float, float]]:
    """Calibrated out-of-fold probabilities, on which thresholds are chosen, and the
    calibration (a, slope, b): ``p = sigmoid(a * dense + slope * words + b)``; slope 0
    without words. With ``chooses`` (a mask of the rows that may choose: the gold, not
    the silver), every row trains the folds but the calibration is fitted on, and the
    probabilities returned for, the chosen rows only."""
    keep = np.ones(len(labels), dtype=bool) if chooses is None else chooses
    scores = out_of_fold(features, labels, groups)[keep]
    if words is None:
        a, b = platt(scores, labels[keep])
        slope, logits = 0.0, a * scores + b
    else:
        word_scores = out_of_fold_words(words, labels, groups)[keep]
        a, slope, b = stack(scores, word_scores, labels[keep])
        logits = a * scores + slope * word_scores + b
    return 1.0 / (1.0 + np.exp(-logits)), (a, slope, b)


def _ranking_quality(
    features: Matrix,
    labels: np.ndarray,
    groups: Sequence[str],
    probs: np.ndarray,
    chooses: np.ndarray,
) -> dict[str, float]:
    """Out-of-fold average precision of the dense reading alone and of the model as
    fitted (with its words, when it reads them): what the words add, on train and dev
    (the rows of ``chooses``; ``probs`` holds theirs only)."""
    from sklearn.metrics import average_precision_score

    gold = labels[chooses]
    if gold.sum() == 0:
        return {}
    dense = out_of_fold(features, labels, groups)[chooses]
    return {
        "average_precision_dense": round(float(average_precision_score(gold, dense)), 4),
        "average_precision": round(float(average_precision_score(gold, probs)), 4),
    }


def fit_concept(
    concept: str,
    features: Matrix,
    labels: np.ndarray,
    groups: Sequence[str],
    words: sparse.csr_matrix | None = None,
    chooses: np.ndarray | None = None,
) -> tuple[ConceptModel, dict[str, Any]]:
    """One concept's classifier, calibration and threshold, all chosen on out-of-fold
    scores. With ``words`` (the passages' tf-idf rows), a second regression reads the
    words and its score is stacked with the dense one. Every row trains; only the rows
    of ``chooses`` (default: all) calibrate, choose the threshold and are measured."""
    keep = np.ones(len(labels), dtype=bool) if chooses is None else chooses
    probs, (a, slope, b) = out_of_fold_probabilities(features, labels, groups, words, keep)
    gold = labels[keep]
    lexical: LexicalPart | None = None
    if words is not None:
        fitted = _fit_words(words, labels)
        lexical = LexicalPart(fitted.coef_[0].copy(), float(fitted.intercept_[0]), slope)
    threshold, reached = pick_threshold(probs, gold)
    final = _fit(features, labels)
    chosen = probs >= threshold
    tp = int((chosen & (gold == 1)).sum())
    dev = {
        "precision": tp / max(1, int(chosen.sum())),
        "recall": tp / max(1, int(gold.sum())),
        "positives": int(gold.sum()),
        **({"silver_positives": int(labels[~keep].sum())} if not keep.all() else {}),
        "target_reached": reached,
        **(_ranking_quality(features, labels, groups, probs, keep) if words is not None else {}),
    }
    model = ConceptModel(
        concept,
        [float(w) for w in final.coef_[0]],
        float(final.intercept_[0]),
        (a, b),
        threshold,
        lexical=lexical,
    )
    return model, dev


def _prf(predicted: np.ndarray, gold: np.ndarray) -> tuple[float | None, float | None, float]:
    tp = int((predicted & gold).sum())
    p = tp / int(predicted.sum()) if predicted.sum() else None
    r = tp / int(gold.sum()) if gold.sum() else None
    f = 2 * tp / (int(predicted.sum()) + int(gold.sum())) if predicted.sum() + gold.sum() else 0.0
    return p, r, f


def scores_with_intervals(predicted: np.ndarray, gold: np.ndarray) -> dict[str, Any]:
    p, r, f = _prf(predicted, gold)
    rng = np.random.default_rng(SEED)
    samples: dict[str, list[float]] = {"f1": []}
    n = len(gold)
    for _ in range(BOOTSTRAP):
        pick = rng.integers(0, n, n)
        samples["f1"].append(_prf(predicted[pick], gold[pick])[2])

    def ci(values: list[float]) -> list[float] | None:
        if not values:
            return None
        return [
            round(float(np.percentile(values, 2.5)), 3),
            round(float(np.percentile(values, 97.5)), 3),
        ]

    def proportion(hits: int, total: int) -> list[float] | None:
        # Jeffreys, not the bootstrap: resampling 5 right predictions of 5 gives [1, 1]
        if total <= 0:
            return None
        return [round(bound, 3) for bound in jeffreys_interval(hits, total)]

    true = int((predicted & gold).sum())
    return {
        "precision": None if p is None else round(p, 3),
        "recall": None if r is None else round(r, 3),
        "f1": round(f, 3),
        "positives": int(gold.sum()),
        "predicted": int(predicted.sum()),
        "precision_ci": proportion(true, int(predicted.sum())),
        "recall_ci": proportion(true, int(gold.sum())),
        "f1_ci": ci(samples["f1"]),
    }


def gold_vectors(passages: Sequence[GoldPassage], embedder: Embedder) -> dict[str, np.ndarray]:
    """Each gold passage's embedding (heading, then text), by passage id."""
    matrix = embedder.embed([g.reading for g in passages])
    return {g.id: row.astype(np.float64) for g, row in zip(passages, matrix, strict=True)}


def features_of(
    passages: Sequence[GoldPassage],
    vectors: dict[str, np.ndarray],
    keywords: KeywordClassifier,
    keyword_names: Sequence[str],
    prototypes: Prototypes | None = None,
) -> Matrix:
    """The same features ``provision_model.encode`` computes, from ready embeddings."""
    stacked = (
        np.vstack([vectors[g.id] for g in passages])
        if passages
        else np.zeros((0, len(next(iter(vectors.values()))) if vectors else 0))
    )
    return assemble(
        stacked,
        [g.text for g in passages],
        [g.heading for g in passages],
        keywords,
        keyword_names,
        prototypes,
    )


def out_of_fold_precision(
    features: Matrix, labels: Sequence[np.ndarray], groups: Sequence[str]
) -> float:
    """Mean out-of-fold average precision over concepts (one label vector each)."""
    from sklearn.metrics import average_precision_score

    values = [
        float(average_precision_score(y, out_of_fold(features, y, groups)))
        for y in labels
        if y.sum() >= MIN_POSITIVES
    ]
    return float(np.mean(values)) if values else 0.0


def choose_prototypes(
    fit_on: Sequence[GoldPassage],
    vectors: dict[str, np.ndarray],
    keywords: KeywordClassifier,
    keyword_names: Sequence[str],
    labels: Sequence[np.ndarray],
    prototypes: Prototypes,
) -> tuple[Prototypes | None, dict[str, float]]:
    """Prototype features when they raise the mean out-of-fold average precision on
    train and dev (the test split is never read), else None; and both figures."""
    groups = [g.instrument for g in fit_on]
    without = out_of_fold_precision(
        features_of(fit_on, vectors, keywords, keyword_names), labels, groups
    )
    with_them = out_of_fold_precision(
        features_of(fit_on, vectors, keywords, keyword_names, prototypes), labels, groups
    )
    figures = {"without_prototypes": round(without, 4), "with_prototypes": round(with_them, 4)}
    return (prototypes if with_them > without else None), figures


@dataclass
class TrainingResult:
    model: ProvisionModel
    report: dict[str, Any]


def train_taxonomy(
    gold: Sequence[GoldPassage],
    taxonomy: TaxonomyFile,
    taxonomies: dict[str, TaxonomyFile],
    embedder: Embedder,
    progress: Callable[[str], None] = lambda _: None,
    vectors: dict[str, np.ndarray] | None = None,
    reviewed: Sequence[ReviewedPassage] = (),
    multilingual: bool = False,
) -> TrainingResult:
    """Fit one taxonomy's classifiers on train+dev and measure them on test.

    ``vectors`` (passage id -> embedding) saves embedding the gold again when several
    taxonomies are trained in one run. ``reviewed`` passages (``provisions.reviewed``)
    join the fit of the concepts decided on them, never the test. Linear algebra runs
    on one thread: on two shared cores, threads that wait for each other made fits
    tens of times slower.

    ``multilingual`` fits the reading for texts in other languages
    (``provision_model.MULTILINGUAL``): the embedding (``embedder`` is then the
    multilingual model) and the structural markers only, no English names, words or
    prototypes; the zero-shot and keyword baselines, English-only, are left out."""
    with threadpool_limits(1):
        return _train_taxonomy(
            gold, taxonomy, taxonomies, embedder, progress, vectors, reviewed, multilingual
        )


def _train_taxonomy(
    gold: Sequence[GoldPassage],
    taxonomy: TaxonomyFile,
    taxonomies: dict[str, TaxonomyFile],
    embedder: Embedder,
    progress: Callable[[str], None],
    vectors: dict[str, np.ndarray] | None,
    reviewed: Sequence[ReviewedPassage],
    multilingual: bool = False,
) -> TrainingResult:
    concepts = [c.id for c in taxonomy.concepts]
    parents = {c.id: c.parent for c in taxonomy.concepts if c.parent}
    keywords = KeywordClassifier(list(taxonomy.concepts))
    baseline_names = [c.label for c in taxonomy.concepts]
    keyword_names = [] if multilingual else baseline_names  # the names the features count
    fit_on = [g for g in gold if g.split in ("train", "dev", SILVER)]
    chooses = np.array([g.split != SILVER for g in fit_on], dtype=bool)
    adjudicated = [g for g in fit_on if g.split != SILVER]
    test = [g for g in gold if g.split == "test"]
    if vectors is None:
        progress(f"embedding {len(fit_on) + len(test)} gold passages")
        vectors = gold_vectors([*fit_on, *test, *(r.passage for r in reviewed)], embedder)
    leaves = [c for c in concepts if c not in parents.values()]
    prototypes: Prototypes | None = None
    feature_choice: dict[str, float] = {}
    if not multilingual:
        progress(f"measuring {taxonomy.id} with and without concept prototypes")
        prototypes, feature_choice = choose_prototypes(
            adjudicated,
            vectors,
            keywords,
            keyword_names,
            [np.array([c in g.of(taxonomy.id) for g in adjudicated], dtype=int) for c in leaves],
            build_prototypes(list(taxonomy.concepts), embedder),
        )
    x_fit = features_of(fit_on, vectors, keywords, keyword_names, prototypes)
    x_test = features_of(test, vectors, keywords, keyword_names, prototypes)
    groups = [g.instrument for g in fit_on]
    x_reviewed = (
        features_of([r.passage for r in reviewed], vectors, keywords, keyword_names, prototypes)
        if reviewed
        else None
    )
    lexicon = None if multilingual else fit_lexicon([g.reading for g in fit_on])
    w_fit = lexicon.matrix([g.reading for g in fit_on]) if lexicon else None
    w_reviewed = (
        lexicon.matrix([r.passage.reading for r in reviewed]) if lexicon and reviewed else None
    )
    models: dict[str, ConceptModel] = {}
    per_concept: dict[str, Any] = {}
    gate_labels = np.array([g.kind in OPERATIVE_KINDS for g in fit_on], dtype=int)
    gate, gate_dev = fit_concept(GATE, x_fit, gate_labels, groups, chooses=chooses)
    gate.threshold = 0.5  # calibrated probability of operative text
    for concept in concepts:
        if concept in parents.values():
            continue  # parents are implied by their children, never labelled directly
        y = np.array([concept in g.of(taxonomy.id) for g in fit_on], dtype=int)
        key = f"{taxonomy.id}:{concept}"
        x_c, y_c, groups_c = join_reviewed(key, x_fit, y, groups, reviewed, x_reviewed)
        w_c = join_reviewed(key, w_fit, y, groups, reviewed, w_reviewed)[0] if lexicon else None
        # reviewed rows, appended after the passages, choose as the gold does
        chooses_c = np.concatenate([chooses, np.ones(len(y_c) - len(y), dtype=bool)])
        if y_c[chooses_c].sum() < MIN_POSITIVES:
            per_concept[concept] = {
                "dev": {"positives": int(y_c[chooses_c].sum()), "trained": False}
            }
            continue
        progress(f"fitting {taxonomy.id}:{concept} ({int(y_c.sum())} positives)")
        model, dev = fit_concept(concept, x_c, y_c, groups_c, w_c, chooses_c)
        models[concept] = model
        per_concept[concept] = {"dev": dev}
    provision_model = ProvisionModel(
        taxonomy=taxonomy.id,
        embedding_model=embedder.model_id,
        concepts=concepts,
        keyword_names=keyword_names,
        models=models,
        gate=gate,
        parents=parents,
        prototypes=prototypes,
        lexicon=lexicon,
        trained_on={
            "passages": len(adjudicated),
            **({"silver_passages": len(fit_on) - len(adjudicated)} if not chooses.all() else {}),
            "instruments": len(set(groups)),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "target_precision": TARGET_PRECISION,
            "reading": MULTILINGUAL if multilingual else ENGLISH,
            "lexicon_terms": len(lexicon.terms) if lexicon else 0,
            "out_of_fold_average_precision": feature_choice,
            **({"reviewed": decisions_on(reviewed, taxonomy.id)} if reviewed else {}),
        },
    )
    x_test = provision_model.with_words(x_test, [g.reading for g in test])
    decided = provision_model.decide(x_test)
    gate_test = scores_with_intervals(
        gate.probability(x_test) >= gate.threshold,
        np.array([g.kind in OPERATIVE_KINDS for g in test]),
    )
    matched = (
        []
        if multilingual
        # The baseline is the matcher `govatlas label` runs: on plain MiniLM, whatever
        # encoder the classifiers read through.
        else taxonomy_matcher(taxonomies, [taxonomy.id]).match([g.reading for g in test])
    )
    label_to_id = {c.label: c.id for c in taxonomy.concepts}
    keyword_hits = keywords.counts([g.reading for g in test], baseline_names) > 0
    for concept in concepts:
        if concept in parents.values():
            continue
        gold_y = np.array([concept in g.of(taxonomy.id) for g in test])
        entry = per_concept.setdefault(concept, {})
        entry["test"] = scores_with_intervals(np.array([concept in d for d in decided]), gold_y)
        if not multilingual:
            zero_shot = np.array(
                [
                    any(m.concept == concept_id(taxonomy.id, concept) for m in found)
                    for found in matched
                ]
            )
            entry["zero_shot"] = scores_with_intervals(zero_shot, gold_y)
            column = baseline_names.index(next(k for k, v in label_to_id.items() if v == concept))
            entry["keyword"] = scores_with_intervals(keyword_hits[:, column], gold_y)
        if concept in models:
            models[concept].quality = {"test": entry["test"], "dev": entry["dev"]}
    ranked = [e["dev"] for e in per_concept.values() if "average_precision" in e.get("dev", {})]
    words_figures = {
        "lexicon_terms": len(lexicon.terms) if lexicon else 0,
        **(
            {
                "mean_average_precision_dense": round(
                    float(np.mean([d["average_precision_dense"] for d in ranked])), 4
                ),
                "mean_average_precision_with_words": round(
                    float(np.mean([d["average_precision"] for d in ranked])), 4
                ),
            }
            if ranked
            else {}
        ),
    }
    report = {
        "taxonomy": taxonomy.id,
        "reading": MULTILINGUAL if multilingual else ENGLISH,
        "embedding_model": embedder.model_id,
        "passages": {
            "train+dev": len(adjudicated),
            **({"silver": len(fit_on) - len(adjudicated)} if not chooses.all() else {}),
            "test": len(test),
        },
        "gate": {"dev": gate_dev, "test": gate_test},
        "features": {
            "prototypes": prototypes is not None,
            **feature_choice,
            "words": words_figures,
        },
        "concepts": per_concept,
    }
    return TrainingResult(provision_model, report)
