"""Concept prototypes: their features, their JSON form inside a provision model, and the
choice that keeps them only when they help out of fold."""

from __future__ import annotations

import numpy as np

from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.gold.project_gold import GoldPassage
from govatlas.classify.provisions.model import ConceptModel, ProvisionModel
from govatlas.classify.provisions.prototypes import SCALE, Prototypes
from govatlas.classify.provisions.training import choose_prototypes, features_of
from govatlas.taxonomy.schema import ConceptSpec


def _prototypes() -> Prototypes:
    return Prototypes(
        np.array([[1.0, 0.0], [0.0, 1.0]]),
        [["red lines", "prohibited practices"], ["emergency response"]],
    )


def test_features_are_scaled_cosines_then_name_flags() -> None:
    vectors = np.array([[1.0, 0.0], [0.6, 0.8]])
    texts = ["These practices are prohibited practices.", "Nothing here."]
    features = _prototypes().features(vectors, texts)
    assert features.shape == (2, 4)
    assert features[0, :2].tolist() == [SCALE * 1.0, 0.0]
    assert np.allclose(features[1, :2], [SCALE * 0.6, SCALE * 0.8])
    assert features[0, 2:].tolist() == [1.0, 0.0]  # "prohibited practices" names red lines
    assert features[1, 2:].tolist() == [0.0, 0.0]
    assert _prototypes().features(np.zeros((0, 2)), []).shape == (0, 4)


def test_a_model_with_prototypes_round_trips_through_json() -> None:
    model = ProvisionModel(
        taxonomy="fli-blocks",
        embedding_model="test",
        concepts=["red-lines"],
        keyword_names=["red lines"],
        models={"red-lines": ConceptModel("red-lines", [0.0] * 9, 0.0, (1.0, 0.0), 0.5)},
        gate=None,
        prototypes=_prototypes(),
    )
    again = ProvisionModel.from_json(model.to_json())
    assert again.prototypes is not None
    assert again.prototypes.names == _prototypes().names
    assert np.allclose(again.prototypes.vectors, _prototypes().vectors)
    keywords = KeywordClassifier([ConceptSpec(id="red-lines", label="red lines")])
    features = again.features(np.array([[1.0, 0.0]]), ["a ban"], [""], keywords)
    assert features.shape == (1, 2 + 1 + 4 + 4)  # embedding, count, markers, prototypes
    plain = ProvisionModel.from_json({**model.to_json(), "prototypes": None})
    assert plain.prototypes is None
    assert plain.features(np.array([[1.0, 0.0]]), ["a ban"], [""], keywords).shape == (1, 7)


def _passage(n: int, positive: bool) -> GoldPassage:
    return GoldPassage(
        id=f"p{n}",
        text=f"passage {n}",
        heading="",
        instrument=f"i{n % 10}",
        jurisdiction="XX",
        type="law",
        split="train",
        kind="operative",
        labels=frozenset({"fli-blocks:red-lines"} if positive else set()),
    )


def test_prototypes_are_kept_only_when_they_raise_out_of_fold_precision() -> None:
    rng = np.random.default_rng(3)
    labels = np.array([n % 4 == 0 for n in range(80)], dtype=int)
    passages = [_passage(n, bool(labels[n])) for n in range(80)]
    noise = {p.id: rng.normal(0, 1, 2) for p in passages}  # embeddings say nothing
    keywords = KeywordClassifier([ConceptSpec(id="red-lines", label="red lines")])
    # a prototype that points at the positives: kept
    signal = {
        p.id: np.array([1.0 if labels[n] else 0.0, 0.0]) + 0.1 * noise[p.id]
        for n, p in enumerate(passages)
    }
    helpful = Prototypes(np.array([[1.0, 0.0]]), [["red lines"]])
    kept, figures = choose_prototypes(passages, signal, keywords, ["red lines"], [labels], helpful)
    assert figures["with_prototypes"] >= figures["without_prototypes"]
    assert (kept is not None) == (figures["with_prototypes"] > figures["without_prototypes"])
    # features computed for a model without prototypes stay as they were
    assert features_of(passages, noise, keywords, ["red lines"]).shape == (80, 2 + 1 + 4)
