"""Supervised provision classifiers for the concepts the product reports on.

One model per taxonomy (FLI blocks, risks and benefits, OECD principles, UN
themes, technologies), trained on the project's gold (``classify.gold.project_gold``):

* **Features**: the MiniLM embedding of the passage (heading, then text), the
  counts of each concept's names in it (the keyword baseline's matcher), and
  markers of text that is never evidence (findings, purposes, short titles,
  severability, effective dates, tables of contents); for the taxonomies where
  they measurably help, each concept's prototype (``classify.provisions.prototypes``).
* **Words**: the passage's tf-idf over a vocabulary fitted on the training
  passages (``classify.provisions.lexical``), read by a second logistic regression per
  concept.
* **Per concept**: a balanced logistic regression on the features above, and one
  on the words; their out-of-fold scores (five folds over train and dev, grouped
  by instrument) are stacked and calibrated to a probability by one logistic
  regression, ``p = sigmoid(a * dense + c * words + b)``, and the operating threshold is
  the lowest at which the out-of-fold precision reaches ``TARGET_PRECISION`` while
  keeping a fifth of the positives (if none does, the threshold that maximises
  F0.5; see ``provision_training.pick_threshold``). The test split chooses
  nothing: it only measures the shipped model, and a concept whose measured
  precision stays under the floor is experimental.
* **Operative gate**: a second logistic regression, trained on the passage
  kinds people gave, says whether a passage is operative text or a definition;
  other passages carry no label, whatever the concept scores.

A model is plain JSON (weights, calibration, thresholds, figures): running it
needs numpy and the bundled embedding model, no scikit-learn pickle and no
database.

Each taxonomy also ships a **multilingual reading** (``MULTILINGUAL``) for texts in
languages the gold does not hold: the same fit on multilingual-e5-small embeddings
and the structural markers only (no English names, words or prototypes), so that
its features mean the same in Chinese or French. It is trained and measured on the
English gold like the English reading; how far its labels carry to another
language is measured on parallel texts (``benchmarks/cross_lingual.py``), never on
gold in that language, so its labels count in no coverage figure.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.encoders.embeddings import Embedder
from govatlas.classify.provisions.lexical import Lexicon
from govatlas.classify.provisions.prototypes import Prototypes
from govatlas.errors import GovatlasError

Matrix = npt.NDArray[np.float64]
ENGLISH = "english"  # MiniLM, English names, words and prototypes
MULTILINGUAL = "multilingual"  # multilingual-e5-small and the markers only
TARGET_PRECISION = 0.85
MIN_POSITIVES = 6  # below this many train+dev positives a concept gets no model
GATE = "operative"
NON_OPERATIVE = re.compile(
    r"\b(?:findings?|purposes?|short title|severability|effective date|table of contents|"
    r"whereas|recitals?|entry into force|depositary|signature|ratification|authori[sz]ation "
    r"of appropriations|sense of (?:congress|the senate)|definitions?)\b",
    re.IGNORECASE,
)
LIST_LEAD = re.compile(r"^\s*(?:\(?[a-z0-9]{1,4}[.)]|[-•*])\s", re.IGNORECASE)


def markers(texts: Sequence[str], headings: Sequence[str]) -> Matrix:
    """Structural markers: non-operative words in the heading or first line, a list item,
    a very short passage."""
    rows = []
    for text, heading in zip(texts, headings, strict=True):
        first = text.strip().split("\n", 1)[0][:200]
        rows.append(
            [
                1.0 if NON_OPERATIVE.search(heading or "") else 0.0,
                1.0 if NON_OPERATIVE.search(first) else 0.0,
                1.0 if LIST_LEAD.match(text) else 0.0,
                1.0 if len(text) < 120 else 0.0,
            ]
        )
    return np.asarray(rows, dtype=np.float64)


def half_precision(weights: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Weights as the model file stores them (16-bit floats), so that what is measured
    is what ships."""
    return np.asarray(weights, dtype=np.float16).astype(np.float64)


@dataclass
class LexicalPart:
    """A concept's logistic regression on the words (one weight per lexicon term), and
    the weight its score gets beside the dense score."""

    weights: npt.NDArray[np.float64]
    bias: float
    slope: float

    def to_json(self) -> dict[str, Any]:
        packed = base64.b64encode(np.asarray(self.weights, dtype="<f2").tobytes()).decode("ascii")
        return {"weights_f16": packed, "bias": round(self.bias, 6), "slope": round(self.slope, 6)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LexicalPart:
        raw = np.frombuffer(base64.b64decode(str(data["weights_f16"])), dtype="<f2")
        return cls(raw.astype(np.float64), float(data["bias"]), float(data["slope"]))


@dataclass
class ConceptModel:
    concept: str  # id within the taxonomy
    weights: list[float]
    bias: float
    platt: tuple[float, float]  # p = sigmoid(a * score + b [+ slope * words score])
    threshold: float
    quality: dict[str, Any] = field(default_factory=dict)
    lexical: LexicalPart | None = None

    def probability(
        self, features: Matrix, lexical_column: int | None = None
    ) -> npt.NDArray[np.float64]:
        """Calibrated probabilities. ``features`` may carry more columns than the dense
        weights (the words scores ``ProvisionModel.features`` appends); a model with a
        lexical part reads its words score from ``lexical_column``."""
        scores = features[:, : len(self.weights)] @ np.asarray(self.weights) + self.bias
        a, b = self.platt
        logits = a * scores + b
        if self.lexical is not None:
            if lexical_column is None:
                raise GovatlasError(f"{self.concept}: the features carry no words score")
            logits = logits + self.lexical.slope * features[:, lexical_column]
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)


@dataclass
class ProvisionModel:
    """A taxonomy's classifiers and gate, ready to label passages."""

    taxonomy: str
    embedding_model: str
    concepts: list[str]  # every concept of the taxonomy, in its order
    keyword_names: list[str]  # concept labels the keyword features count, in order
    models: dict[str, ConceptModel]
    gate: ConceptModel | None
    parents: dict[str, str] = field(default_factory=dict)  # child -> parent (implied)
    trained_on: dict[str, Any] = field(default_factory=dict)
    prototypes: Prototypes | None = None  # None: the model reads no prototype features
    lexicon: Lexicon | None = None  # None: the model reads no words

    @property
    def reading(self) -> str:
        """``ENGLISH``, or ``MULTILINGUAL`` for the reading of texts in other languages."""
        return str(self.trained_on.get("reading", ENGLISH))

    def features(
        self,
        vectors: Matrix,
        texts: Sequence[str],
        headings: Sequence[str],
        keywords: KeywordClassifier,
    ) -> Matrix:
        """The model's features of passages whose embeddings are ``vectors``: the dense
        features, then one words score per concept that reads words."""
        dense = assemble(vectors, texts, headings, keywords, self.keyword_names, self.prototypes)
        return self.with_words(dense, readings(texts, headings))

    def word_concepts(self) -> list[str]:
        """The concepts with a lexical part, in the order of their score columns."""
        return [c for c, m in self.models.items() if m.lexical is not None]

    def with_words(self, dense: Matrix, passage_readings: Sequence[str]) -> Matrix:
        """``dense`` with each words score appended (unchanged when none is read)."""
        concepts = self.word_concepts()
        if not concepts:
            return dense
        if self.lexicon is None:
            raise GovatlasError(f"the {self.taxonomy} model has word weights but no lexicon")
        words = self.lexicon.matrix(passage_readings)
        parts = [self.models[c].lexical for c in concepts]
        weights = np.column_stack([p.weights for p in parts if p is not None])
        biases = np.array([p.bias for p in parts if p is not None])
        return np.hstack([dense, np.asarray(words @ weights) + biases])

    def probabilities(self, features: Matrix) -> dict[str, npt.NDArray[np.float64]]:
        concepts = self.word_concepts()
        first = features.shape[1] - len(concepts)
        columns = {c: first + i for i, c in enumerate(concepts)}
        return {c: m.probability(features, columns.get(c)) for c, m in self.models.items()}

    def operative(self, features: Matrix) -> npt.NDArray[np.bool_]:
        """Which passages the operative-text gate lets through (all without a gate)."""
        if self.gate is None:
            return np.ones(len(features), dtype=bool)
        return np.asarray(self.gate.probability(features) >= self.gate.threshold, dtype=bool)

    def decide(self, features: Matrix) -> list[set[str]]:
        """The concepts of each passage at the product's thresholds (parents implied)."""
        probs = self.probabilities(features)
        operative = self.operative(features)
        found: list[set[str]] = []
        for row in range(len(features)):
            labels: set[str] = set()
            if operative[row]:
                for concept, model in self.models.items():
                    if probs[concept][row] >= model.threshold:
                        labels.add(concept)
            for concept in list(labels):
                parent = self.parents.get(concept)
                while parent:
                    labels.add(parent)
                    parent = self.parents.get(parent)
            found.append(labels)
        return found

    def to_json(self) -> dict[str, Any]:
        def model_json(m: ConceptModel) -> dict[str, Any]:
            return {
                "weights": [round(w, 6) for w in m.weights],
                "bias": round(m.bias, 6),
                "platt": [round(m.platt[0], 6), round(m.platt[1], 6)],
                "threshold": round(m.threshold, 6),
                **({"lexical": m.lexical.to_json()} if m.lexical else {}),
                "quality": m.quality,
            }

        return {
            "format": "govatlas-provision-model/1",
            "taxonomy": self.taxonomy,
            "embedding_model": self.embedding_model,
            "concept_order": self.concepts,
            "keyword_names": self.keyword_names,
            "parents": self.parents,
            "trained_on": self.trained_on,
            "gate": model_json(self.gate) if self.gate else None,
            **({"prototypes": self.prototypes.to_json()} if self.prototypes else {}),
            **({"lexicon": self.lexicon.to_json()} if self.lexicon else {}),
            "models": {c: model_json(m) for c, m in self.models.items()},
            "quality": {
                "concepts": {
                    c: {"threshold": m.threshold, **m.quality} for c, m in self.models.items()
                }
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProvisionModel:
        if data.get("format") != "govatlas-provision-model/1":
            raise GovatlasError(f"not a govatlas provision model: {data.get('format')!r}")

        def model(concept: str, raw: dict[str, Any]) -> ConceptModel:
            a, b = raw["platt"]
            return ConceptModel(
                concept,
                [float(w) for w in raw["weights"]],
                float(raw["bias"]),
                (float(a), float(b)),
                float(raw["threshold"]),
                dict(raw.get("quality", {})),
                LexicalPart.from_json(raw["lexical"]) if raw.get("lexical") else None,
            )

        gate = data.get("gate")
        prototypes = data.get("prototypes")
        lexicon = data.get("lexicon")
        return cls(
            taxonomy=str(data["taxonomy"]),
            embedding_model=str(data["embedding_model"]),
            concepts=[str(c) for c in data["concept_order"]],
            keyword_names=[str(n) for n in data["keyword_names"]],
            models={c: model(c, raw) for c, raw in data["models"].items()},
            gate=model(GATE, gate) if gate else None,
            parents={str(k): str(v) for k, v in data.get("parents", {}).items()},
            trained_on=dict(data.get("trained_on", {})),
            prototypes=Prototypes.from_json(prototypes) if prototypes else None,
            lexicon=Lexicon.from_json(lexicon) if lexicon else None,
        )


def save_model(model: ProvisionModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    partial.replace(path)


def load_model(path: Path) -> ProvisionModel:
    try:
        return ProvisionModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GovatlasError(f"cannot read the provision model {path}: {exc}") from exc


def readings(texts: Sequence[str], headings: Sequence[str]) -> list[str]:
    """What a classifier reads of each passage: the heading, then the text."""
    return [f"{h}. {t}" if h else t for t, h in zip(texts, headings, strict=True)]


def assemble(
    vectors: Matrix,
    texts: Sequence[str],
    headings: Sequence[str],
    keywords: KeywordClassifier,
    keyword_names: Sequence[str],
    prototypes: Prototypes | None = None,
) -> Matrix:
    """Embeddings, name counts, structural markers and (optionally) prototype features."""
    if not len(texts):
        width = vectors.shape[1] + len(keyword_names) + 4
        return np.zeros((0, width + (2 * len(prototypes.names) if prototypes else 0)))
    counts = np.log1p(keywords.counts(list(texts), list(keyword_names)).astype(np.float64))
    parts = [vectors.astype(np.float64), counts, markers(texts, headings)]
    if prototypes is not None:
        parts.append(prototypes.features(vectors.astype(np.float64), texts))
    return np.hstack(parts)


def encode(
    model: ProvisionModel,
    texts: Sequence[str],
    headings: Sequence[str],
    embedder: Embedder,
    keywords: KeywordClassifier,
    progress: Callable[[int], None] | None = None,
) -> Matrix:
    """Embed passages (heading, then text) and compute ``model``'s features."""
    vectors = embedder.embed(readings(texts, headings), progress).astype(np.float64)
    return model.features(vectors, texts, headings, keywords)
