"""The words reading of the provision classifiers: the stored vocabulary gives the same
tf-idf as the fitted one, and a concept's words score is stacked with its dense score."""

from __future__ import annotations

import json

import numpy as np
import pytest

from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.provisions.lexical import Lexicon, fit_lexicon
from govatlas.classify.provisions.model import (
    ConceptModel,
    LexicalPart,
    ProvisionModel,
    half_precision,
)
from govatlas.classify.provisions.training import fit_concept, stack
from govatlas.errors import GovatlasError

READINGS = [
    "Incident reporting. The provider shall report a serious incident within 72 hours.",
    "Prohibited practices. Social scoring by public authorities is prohibited.",
    "Record keeping. The provider shall keep logs of each use.",
    "Incident reporting. Serious incidents shall be reported to the authority.",
]


def test_a_stored_lexicon_reads_text_as_the_fitted_one_did() -> None:
    lexicon = fit_lexicon(READINGS)
    assert "incident reporting" in lexicon.terms and "scoring" not in lexicon.terms  # once
    again = Lexicon.from_json(json.loads(json.dumps(lexicon.to_json())))
    first, second = lexicon.matrix(READINGS).toarray(), again.matrix(READINGS).toarray()
    assert first.shape == (4, len(lexicon.terms))
    assert np.allclose(first, second, atol=1e-4)
    norms = np.linalg.norm(first, axis=1)
    assert np.allclose(norms[[0, 2, 3]], 1.0) and norms[1] == 0  # L2 rows; no shared term
    assert again.matrix(["无关的文本"]).nnz == 0  # no term of the vocabulary: an empty row


def test_a_lexicon_refuses_mismatched_columns() -> None:
    with pytest.raises(ValueError, match="2 terms but 1"):
        Lexicon(["a", "b"], [1.0])


def _words_model() -> ProvisionModel:
    lexicon = fit_lexicon(READINGS)
    weights = np.zeros(len(lexicon.terms))
    weights[lexicon.terms.index("incident")] = 8.0
    incident = ConceptModel(
        "incident", [0.0], -1.0, (1.0, 0.0), 0.5, lexical=LexicalPart(weights, -2.0, 1.0)
    )
    plain = ConceptModel("logs", [4.0], -2.0, (1.0, 0.0), 0.5)
    return ProvisionModel(
        taxonomy="fli-blocks",
        embedding_model="test",
        concepts=["incident", "logs"],
        keyword_names=[],
        models={"incident": incident, "logs": plain},
        gate=None,
        lexicon=lexicon,
    )


def test_the_words_score_is_appended_and_read_by_its_concept_only() -> None:
    model = _words_model()
    dense = np.array([[0.0], [0.0], [1.0], [0.0]])
    features = model.with_words(dense, READINGS)
    assert features.shape == (4, 2)  # one dense column, one words score
    decided = model.decide(features)
    assert decided[0] == {"incident"} and decided[1] == set() and decided[2] == {"logs"}
    again = ProvisionModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again.decide(again.with_words(dense, READINGS)) == decided
    keywords = KeywordClassifier([])
    full = model.features(np.zeros((1, 0)), ["a serious incident occurred"], [""], keywords)
    assert full.shape[1] == 4 + 1  # four markers, one words score


def test_a_words_model_without_its_score_column_says_so() -> None:
    model = _words_model()
    with pytest.raises(GovatlasError, match="no words score"):
        model.models["incident"].probability(np.zeros((1, 1)))


def test_stored_word_weights_are_the_measured_ones() -> None:
    weights = np.array([0.123456789, -3.14159, 1e-3])
    part = LexicalPart(half_precision(weights), 0.5, 2.0)
    again = LexicalPart.from_json(json.loads(json.dumps(part.to_json())))
    assert np.array_equal(again.weights, part.weights)
    assert np.allclose(again.weights, weights, rtol=1e-3, atol=1e-4)


def test_stacking_weighs_the_score_that_separates_the_classes() -> None:
    rng = np.random.default_rng(3)
    labels = np.array([0, 1] * 40)
    informative = labels * 4.0 + rng.normal(0, 1, 80)
    noise = rng.normal(0, 1, 80)
    a, slope, _ = stack(noise, informative, labels)
    assert slope > 1.0 and abs(a) < slope


def test_a_concept_fitted_with_words_carries_its_words_model() -> None:
    rng = np.random.default_rng(5)
    readings = [
        f"Section {i}. " + ("The provider shall report the incident." if i % 3 == 0 else "Logs.")
        for i in range(60)
    ]
    labels = np.array([1 if i % 3 == 0 else 0 for i in range(60)])
    groups = [f"instrument-{i % 6}" for i in range(60)]
    dense = rng.normal(0, 1, (60, 3))
    lexicon = fit_lexicon(readings)
    model, dev = fit_concept("incident", dense, labels, groups, lexicon.matrix(readings))
    assert model.lexical is not None and model.lexical.slope > 0
    assert len(model.lexical.weights) == len(lexicon.terms)
    assert dev["precision"] >= 0.85 and dev["recall"] == 1.0 and dev["target_reached"]
    plain, _ = fit_concept("incident", dense, labels, groups)
    assert plain.lexical is None
