"""A supervised model of the MIT risk domains, trained on texts people coded.

The zero-shot matcher is good at telling whether a text speaks to an AI risk
and poor at telling which one (pooled macro-F1 0.32 on coded texts). The store
holds about 2,000 texts people coded with the taxonomy (``risks.gold``), so a
model learns the naming:

- features: the text's MiniLM embedding (the one the matcher computes anyway);
- one multinomial logistic regression over the subdomains (classes weighted
  to balance, ``C`` = 4): the top subdomain and its probability; the domain
  follows from the taxonomy.

``RiskLabeller`` labels units with both: a unit the matcher finds speaking to
any MIT concept gets the model's subdomain instead of the matcher's. Measured
by 5-fold cross-fitting over the coded texts (``risks.evaluation``), this lifts pooled
macro-F1 from 0.32 to 0.53. Trained models are saved under the data folder
(``models/mit-risk/``) with the number of texts they learnt from, by source;
people's reviewed labels are one source (``risks.gold``), so ``govatlas label``
says when the store holds texts the model has not learnt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import Engine

from govatlas.classify.concepts.matching import ConceptMatch, ConceptMatcher, taxonomy_matcher
from govatlas.classify.encoders.embeddings import Embedder, Vectors
from govatlas.classify.gold.passages import LabelledPassage
from govatlas.classify.pickled import load_pickled, save_pickled
from govatlas.classify.risks.gold import TAXONOMY, risk_gold
from govatlas.config import models_dir
from govatlas.errors import GovatlasError
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies
from govatlas.taxonomy.loader import get_taxonomy
from govatlas.taxonomy.schema import TaxonomyFile

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

MODEL_ID = "mit-risk-logreg-minilm"
C = 4.0
FOLDS = 5
Progress = Callable[[str], None]


def subdomain_labels(taxonomy: TaxonomyFile) -> set[str]:
    """The preferred labels of the concepts that have a parent (the subdomains)."""
    return {c.label for c in taxonomy.concepts if c.parent is not None}


def _targets(passages: Sequence[LabelledPassage], subdomains: set[str]) -> np.ndarray:
    """Each coded text's one subdomain; too few texts to train and cross-fit are named."""
    if len(passages) < FOLDS:
        raise GovatlasError(
            f"{len(passages)} coded texts are too few to train on",
            "ingest the mit-risk and aiid sources",
        )
    targets = []
    for passage in passages:
        chosen = sorted(passage.labels & subdomains)
        if len(chosen) != 1:
            raise GovatlasError(
                f"coded text {passage.id} has {len(chosen)} subdomains", "code each with one"
            )
        targets.append(chosen[0])
    return np.array(targets)


def _classifier() -> LogisticRegression:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000)


@dataclass
class RiskDomainModel:
    """The fitted regression, the subdomain labels it predicts and its provenance."""

    classifier: LogisticRegression
    embedder_id: str
    trained_on: int
    version: str
    created_at: str
    model_id: str = MODEL_ID
    sources: dict[str, int] = field(default_factory=dict)  # coded texts learnt, by source

    def predict(self, vectors: Vectors) -> list[tuple[str, float]]:
        """Each row's most probable subdomain (preferred label) and its probability."""
        if len(vectors) == 0:
            return []
        probabilities = self.classifier.predict_proba(vectors)
        best = probabilities.argmax(axis=1)
        classes = self.classifier.classes_
        return [(str(classes[b]), float(probabilities[i, b])) for i, b in enumerate(best)]

    def save(self, folder: Path) -> Path:
        return save_pickled(self, folder / f"{self.model_id}.pkl")


def fit_risk_model(
    passages: Sequence[LabelledPassage],
    vectors: Vectors,
    subdomains: set[str],
    embedder_id: str,
) -> RiskDomainModel:
    """Fit on coded texts (``vectors``: their embeddings, one row each)."""
    targets = _targets(passages, subdomains)
    digest = hashlib.sha256()
    for passage, target in zip(passages, targets, strict=True):
        digest.update(f"{passage.id}\t{target}\t{passage.text}\n".encode())
    return RiskDomainModel(
        _classifier().fit(vectors, targets),
        embedder_id,
        len(passages),
        digest.hexdigest()[:12],
        datetime.now(UTC).isoformat(timespec="seconds"),
    )


def cross_fit_predictions(
    passages: Sequence[LabelledPassage], vectors: Vectors, subdomains: set[str]
) -> list[tuple[str, float]]:
    """Each text's prediction by a model trained on the other folds only."""
    from sklearn.model_selection import KFold

    targets = _targets(passages, subdomains)
    predicted: list[tuple[str, float]] = [("", 0.0)] * len(passages)
    for train, test in KFold(FOLDS, shuffle=True, random_state=0).split(vectors):
        model = RiskDomainModel(_classifier().fit(vectors[train], targets[train]), "", 0, "", "")
        for index, prediction in zip(test, model.predict(vectors[test]), strict=True):
            predicted[index] = prediction
    return predicted


def model_folder() -> Path:
    return models_dir() / TAXONOMY


def load_risk_model(folder: Path) -> RiskDomainModel | None:
    """The saved model, or ``None`` before any training."""
    path = folder / f"{MODEL_ID}.pkl"
    if not path.exists():
        return None
    return load_pickled(path, RiskDomainModel, "a govatlas risk-domain model")


@dataclass(frozen=True)
class CodedTexts:
    """The store's coded texts by source, embedded once."""

    by_source: dict[str, list[LabelledPassage]]
    vectors: dict[str, Vectors]
    subdomains: set[str]

    def counts(self) -> dict[str, int]:
        return {source: len(passages) for source, passages in self.by_source.items()}

    def pooled(self) -> tuple[list[LabelledPassage], Vectors]:
        passages = [p for source in self.by_source.values() for p in source]
        return passages, np.vstack(list(self.vectors.values()))


def coded_texts(engine: Engine, embedder: Embedder, progress: Progress) -> CodedTexts:
    taxonomy = get_taxonomy(load_taxonomies(), TAXONOMY)
    with transaction(engine) as session:
        gold = risk_gold(session, taxonomy)
    vectors = {}
    for source, passages in gold.items():
        progress(f"Embedding {len(passages)} coded texts of {source}")
        vectors[source] = embedder.embed([p.text for p in passages])
    return CodedTexts(gold, vectors, subdomain_labels(taxonomy))


def train_risk_model(
    engine: Engine, embedder: Embedder, progress: Progress = lambda _: None
) -> RiskDomainModel:
    """Train on every coded text in the store."""
    texts = coded_texts(engine, embedder, progress)
    passages, vectors = texts.pooled()
    progress(f"Training on {len(passages)} coded texts")
    model = fit_risk_model(passages, vectors, texts.subdomains, embedder.model_id)
    model.sources = texts.counts()
    return model


def stored_counts(engine: Engine) -> dict[str, int]:
    """How many coded texts each source holds in the store now (reviews included)."""
    with transaction(engine) as session:
        gold = risk_gold(session, get_taxonomy(load_taxonomies(), TAXONOMY))
    return {source: len(passages) for source, passages in gold.items()}


class RiskLabeller:
    """Units about a risk (any MIT match of the matcher) named by the model."""

    provenance = "model"

    def __init__(self, matcher: ConceptMatcher, model: RiskDomainModel) -> None:
        self.matcher = matcher
        self.model = model
        self.ids = matcher.ids
        self.model_id = model.model_id
        self.model_version = model.version
        self.global_ids = {label: global_id for global_id, label in matcher.labels.items()}
        unknown = sorted(set(map(str, model.classifier.classes_)) - set(self.global_ids))
        if unknown:
            raise GovatlasError(
                f"the risk-domain model names concepts the taxonomy lacks: {unknown[:3]}",
                "retrain it: `govatlas train --taxonomy mit-risk`",
            )

    def match(self, texts: Sequence[str]) -> list[list[ConceptMatch]]:
        if not texts:
            return []
        vectors = self.matcher.embedder.embed(list(texts))
        about_a_risk = self.matcher.match_embedded(texts, vectors)
        named = self.model.predict(vectors)
        return [
            [ConceptMatch(self.global_ids[label], probability, "model")] if matches else []
            for matches, (label, probability) in zip(about_a_risk, named, strict=True)
        ]

    def with_ancestors(self, concept: str) -> list[str]:
        return self.matcher.with_ancestors(concept)


def risk_labeller(model: RiskDomainModel) -> RiskLabeller:
    return RiskLabeller(taxonomy_matcher(load_taxonomies(), [TAXONOMY]), model)
