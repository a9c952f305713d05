"""Supervised per-concept models: tf-idf features, one logistic regression per
concept, stacked with the concept's keyword count, and a decision threshold per
concept tuned on cross-validated predictions of the training data (never on the
data being evaluated).

Stacking: the tf-idf model's out-of-fold probability and ``log(1 + keyword
hits)`` (whole-word matches of the concept's names, ``concepts/keyword.py``) feed a
two-feature logistic regression per concept. It learns, from the training
documents only, how far to trust the wording of the taxonomy for that concept:
on AGORA it lifts macro-F1 on the dev gold from 0.50 to 0.56.

Training documents may carry weights (``fit(..., weights=)``): each one counts that
many times in the logistic regressions, the stack and the F1 that picks the
threshold. AGORA's validated documents are weighted up this way (``agora.tasks``),
because the documents to label resemble them more than the other annotated ones.

A predicted concept also implies its ancestors (AGORA's ``Strategies:
Disclosure: About inputs`` implies ``Strategies: Disclosure``), as the
annotation scheme does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.gold.passages import LabelledPassage
from govatlas.classify.pickled import load_pickled, save_pickled
from govatlas.errors import GovatlasError

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

MAX_CHARS = 100_000  # of a document, for features; the rest adds little but time
MIN_POSITIVES = 2
THRESHOLDS = np.round(np.arange(0.10, 0.91, 0.05), 2)


@dataclass(frozen=True)
class ModelSettings:
    c: float = 10.0
    max_features: int = 150_000
    folds: int = 4
    jobs: int = 2
    stack_c: float = 1.0


def _f1(y: np.ndarray, p: np.ndarray, weights: np.ndarray) -> float:
    tp = float(weights[y & p].sum())
    denominator = float(weights[y].sum() + weights[p].sum())
    return 2 * tp / denominator if denominator else 0.0


def _best_threshold(y: np.ndarray, scores: np.ndarray, weights: np.ndarray) -> float:
    truth = y.astype(bool)
    return float(max(THRESHOLDS, key=lambda t: (_f1(truth, scores >= t, weights), -t)))


def _folds(y: np.ndarray, settings: ModelSettings) -> int:
    positives = int(y.sum())
    return min(settings.folds, positives, len(y) - positives)


def _out_of_fold(
    model: LogisticRegression, x: Any, y: np.ndarray, weights: np.ndarray, folds: int, seed: int
) -> Any:
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    fitting = {"sample_weight": weights}
    return cross_val_predict(model, x, y, cv=cv, method="predict_proba", params=fitting)[:, 1]


def _stack_features(probability: np.ndarray, keyword_hits: np.ndarray) -> np.ndarray:
    return np.column_stack([probability, np.log1p(keyword_hits)])


@dataclass
class ConceptClassifier:
    """One concept's tf-idf model, its keyword stacker and its decision threshold."""

    model: LogisticRegression
    stacker: LogisticRegression | None
    threshold: float

    def scores(self, x: Any, keyword_hits: np.ndarray) -> np.ndarray:
        probability = positive_probability(self.model, x)
        if self.stacker is None:
            return probability
        return positive_probability(self.stacker, _stack_features(probability, keyword_hits))


def positive_probability(model: LogisticRegression, x: Any) -> np.ndarray:
    """P(positive) of a fitted binary logistic regression: ``predict_proba(x)[:, 1]``,
    computed as sklearn does (the logistic of ``x @ coef + intercept``) without its
    input checks, which took half the build's labelling time (77 concepts, two models
    each, per instrument)."""
    from scipy.special import expit

    decision = x @ model.coef_[0] + model.intercept_[0]
    return np.asarray(expit(np.asarray(decision, dtype=np.float64).ravel()))


def _fit_one(
    x: Any, y: np.ndarray, keyword_hits: np.ndarray, weights: np.ndarray, settings: ModelSettings
) -> ConceptClassifier | None:
    from sklearn.linear_model import LogisticRegression

    positives = int(y.sum())
    if positives < MIN_POSITIVES or positives == len(y):
        return None
    model = LogisticRegression(
        C=settings.c, class_weight="balanced", solver="liblinear", max_iter=1000
    )
    folds = _folds(y, settings)
    if folds < 2:
        return ConceptClassifier(model.fit(x, y, sample_weight=weights), None, 0.5)
    probability = _out_of_fold(model, x, y, weights, folds, seed=0)
    stacker = LogisticRegression(C=settings.stack_c, class_weight="balanced", max_iter=1000)
    features = _stack_features(probability, keyword_hits)
    stacked = _out_of_fold(stacker, features, y, weights, folds, seed=1)
    return ConceptClassifier(
        model.fit(x, y, sample_weight=weights),
        stacker.fit(features, y, sample_weight=weights),
        _best_threshold(y, stacked, weights),
    )


def _training_scope(
    size: int,
    concepts: Sequence[str],
    weights: Sequence[float] | None,
    known: Sequence[frozenset[str] | None] | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each passage's weight, and (passages x concepts) which concepts it speaks for."""
    counts = np.ones(size) if weights is None else np.asarray(weights, dtype=float)
    if counts.shape != (size,) or not (counts > 0).all():
        raise GovatlasError(
            f"{counts.size} weights for {size} training documents",
            "give one positive weight per document",
        )
    spoken_for = list(known) if known is not None else [None] * size
    if len(spoken_for) != size:
        raise GovatlasError(
            f"{len(spoken_for)} known-concept sets for {size} training documents",
            "give one set (or None) per document",
        )
    decided = np.array(
        [[spoken is None or c in spoken for c in concepts] for spoken in spoken_for], dtype=bool
    ).reshape(size, len(concepts))
    return counts, decided


@dataclass
class TfidfLinearModel:
    """Trained per-concept classifiers with their thresholds and provenance.

    ``keywords`` gives each concept's names for the keyword stack; without it
    every keyword count is zero and the stack rests on the tf-idf model alone.
    """

    concepts: list[str]
    parents: dict[str, str]
    settings: ModelSettings = field(default_factory=ModelSettings)
    keywords: KeywordClassifier | None = None
    vectorizer: TfidfVectorizer | None = None
    classifiers: dict[str, ConceptClassifier | None] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    trained_on: list[str] = field(default_factory=list)
    trained_hashes: set[str] = field(default_factory=set)
    version: str = ""
    created_at: str = ""
    model_id: str = "tfidf-logreg-kw"
    decisions_learnt: int = 0  # people's review decisions in the store when it was trained

    def fit(
        self,
        passages: Sequence[LabelledPassage],
        hashes: Sequence[str] = (),
        weights: Sequence[float] | None = None,
        known: Sequence[frozenset[str] | None] | None = None,
    ) -> TfidfLinearModel:
        """Train every concept's classifier.

        ``weights``: how much each passage counts. ``known``: for each passage, the
        concepts its labels speak for (None: all); a concept's classifier learns only
        from the passages that speak for it, so an undecided concept is no negative.
        """
        from joblib import Parallel, delayed
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not passages:
            raise GovatlasError("no training documents", "ingest the AGORA source first")
        counts, decided = _training_scope(len(passages), self.concepts, weights, known)
        self.vectorizer = TfidfVectorizer(
            sublinear_tf=True,
            ngram_range=(1, 2),
            min_df=2,
            max_features=self.settings.max_features,
            stop_words="english",
            dtype=np.float32,
        )
        texts = [p.text[:MAX_CHARS] for p in passages]
        x = self.vectorizer.fit_transform(texts)
        hits = self._keyword_hits(texts)
        labels = np.array([[c in p.labels for c in self.concepts] for p in passages], dtype=int)
        rows = [
            decided[:, j] if not decided[:, j].all() else slice(None)
            for j in range(len(self.concepts))
        ]
        fitted = Parallel(n_jobs=self.settings.jobs, max_nbytes=None)(
            delayed(_fit_one)(x[r], labels[r, j], hits[r, j], counts[r], self.settings)
            for j, r in enumerate(rows)
        )
        for concept, classifier in zip(self.concepts, fitted, strict=True):
            self.classifiers[concept] = classifier
            self.thresholds[concept] = classifier.threshold if classifier else 1.0
        self.trained_on = [p.id for p in passages]
        self.trained_hashes = set(hashes)
        digest = hashlib.sha256()
        for passage, count, scope in zip(passages, counts, decided, strict=True):
            line = f"{passage.id}\t{sorted(passage.labels)}\t{count:g}\t"
            digest.update(line.encode() + np.packbits(scope).tobytes() + b"\n")
        digest.update(repr(self.settings).encode())
        self.version = digest.hexdigest()[:12]
        self.created_at = datetime.now(UTC).isoformat(timespec="seconds")
        return self

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        if self.vectorizer is None:
            raise GovatlasError("the model is not trained", "run `govatlas eval` or train it first")
        clipped = [t[:MAX_CHARS] for t in texts]
        x = self.vectorizer.transform(clipped)
        hits = self._keyword_hits(clipped)
        columns = []
        for j, concept in enumerate(self.concepts):
            classifier = self.classifiers.get(concept)
            columns.append(
                classifier.scores(x, hits[:, j]) if classifier is not None else np.zeros(len(texts))
            )
        return np.stack(columns, axis=1) if columns else np.zeros((len(texts), 0))

    def _keyword_hits(self, texts: Sequence[str]) -> np.ndarray:
        if self.keywords is None:
            return np.zeros((len(texts), len(self.concepts)))
        return self.keywords.counts(texts, self.concepts)

    def predict(self, passages: Sequence[LabelledPassage]) -> list[LabelledPassage]:
        scores = self.scores([p.text for p in passages])
        results = []
        for row, passage in enumerate(scores):
            chosen = {
                c
                for j, c in enumerate(self.concepts)
                if self.classifiers.get(c) is not None and passage[j] >= self.thresholds[c]
            }
            results.append(
                passages[row].with_labels(
                    frozenset(self._with_ancestors(chosen)),
                    {c: float(passage[j]) for j, c in enumerate(self.concepts)},
                )
            )
        return results

    def _with_ancestors(self, chosen: set[str]) -> set[str]:
        result = set(chosen)
        for concept in chosen:
            parent = self.parents.get(concept)
            while parent is not None and parent in self.concepts:
                result.add(parent)
                parent = self.parents.get(parent)
        return result

    def save(self, folder: Path) -> Path:
        return save_pickled(self, folder / f"{self.model_id}-{self.version}.pkl")

    @staticmethod
    def load(path: Path) -> TfidfLinearModel:
        return load_pickled(path, TfidfLinearModel, "a govatlas model")


def parent_map(concepts: Mapping[str, str | None]) -> dict[str, str]:
    return {child: parent for child, parent in concepts.items() if parent is not None}
