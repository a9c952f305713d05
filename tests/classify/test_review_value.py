"""The review simulation's mechanics on a tiny synthetic problem: which pairs uncertainty
sampling picks, what a review reveals, and that a run is deterministic."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from govatlas.classify.gold.project_gold import GoldPassage
from govatlas.classify.provisions.lexical import fit_lexicon
from govatlas.classify.provisions.model import GATE, ConceptModel, ProvisionModel
from govatlas.classify.provisions.review_value import (
    GoldMatrix,
    candidates,
    chosen,
    gold_matrix,
    pool_split,
    reviews_of,
    simulate,
    summarise,
)
from govatlas.taxonomy import load_taxonomies


def _passage(index: int, instrument: str, split: str, labels: set[str]) -> GoldPassage:
    return GoldPassage(
        id=f"p{index}",
        text=f"passage {index}",
        heading="",
        instrument=instrument,
        jurisdiction="XX",
        type="law",
        split=split,
        kind="operative",
        labels=frozenset(f"toy:{c}" for c in labels),
    )


def _matrix(
    features: np.ndarray, labels: np.ndarray, instruments: list[str], splits: list[str]
) -> GoldMatrix:
    concepts = ["a", "b"]
    passages = [
        _passage(i, instruments[i], splits[i], {c for j, c in enumerate(concepts) if labels[i, j]})
        for i in range(len(features))
    ]
    return GoldMatrix(
        taxonomy="toy",
        concepts=concepts,
        all_concepts=concepts,
        parents={},
        passages=passages,
        features=features.astype(np.float64),
        labels=labels.astype(int),
        operative=np.ones(len(features), dtype=int),
    )


def _hand_model() -> ProvisionModel:
    """p(a) = sigmoid(x0) with threshold 0.5, so the margin of a passage is |x0|; p(b) =
    sigmoid(x1) with threshold sigmoid(1), margin |x1 - 1|; every passage operative."""
    return ProvisionModel(
        taxonomy="toy",
        embedding_model="test",
        concepts=["a", "b"],
        keyword_names=[],
        models={
            "a": ConceptModel("a", [1.0, 0.0], 0.0, (1.0, 0.0), 0.5),
            "b": ConceptModel("b", [0.0, 1.0], 0.0, (1.0, 0.0), 1 / (1 + math.exp(-1.0))),
        },
        gate=ConceptModel(GATE, [0.0, 0.0], 10.0, (1.0, 0.0), 0.5),
    )


X0 = [-2.0, -0.1, 0.3, 1.5, 0.05, -0.6]
X1 = [0.0, 3.0, 1.2, 0.95, -1.0, 2.0]


def _pool_matrix() -> GoldMatrix:
    features = np.array([X0, X1]).T
    labels = np.array([[0, 0], [1, 1], [1, 0], [1, 1], [0, 0], [0, 1]])
    return _matrix(features, labels, [f"i{i}" for i in range(6)], ["train"] * 6)


def test_uncertainty_picks_the_pairs_nearest_the_threshold() -> None:
    matrix, model = _pool_matrix(), _hand_model()
    pool = np.arange(6)
    near = candidates(model, matrix, pool, "near")
    assert len(near) == 12  # every pair of a fitted concept
    picked = [(p.row, p.concept) for p in chosen(near, "uncertainty", 4, seed=0)]
    # margins: a -> |x0| (0.05 row 4, 0.1 row 1, 0.3 row 2), b -> |x1 - 1| (0.05 row 3)
    assert set(picked[:2]) == {(4, "a"), (3, "b")}  # both 0.05 log-odds away
    assert picked[2:] == [(1, "a"), (2, "b")] or picked[2:] == [(1, "a"), (2, "a")]
    margins = [p.margin for p in chosen(near, "uncertainty", 12, seed=0)]
    assert margins == sorted(margins)
    # the queue holds only what the model labels: p >= threshold on operative text
    queue = candidates(model, matrix, pool, "queue")
    assert {(p.row, p.concept) for p in queue} == {
        (2, "a"),
        (3, "a"),
        (4, "a"),
        (1, "b"),
        (2, "b"),
        (5, "b"),
    }
    assert [(p.row, p.concept) for p in chosen(queue, "uncertainty", 2, seed=0)] == [
        (4, "a"),
        (2, "b"),
    ]
    assert all(p.probability >= model.models[p.concept].threshold for p in queue)
    shuffled = chosen(queue, "random", 6, seed=3)
    assert sorted((p.row, p.concept) for p in shuffled) == sorted((p.row, p.concept) for p in queue)
    assert chosen(queue, "random", 6, seed=3) == shuffled  # the same seed, the same order


def test_a_review_reveals_one_pair_only() -> None:
    matrix, model = _pool_matrix(), _hand_model()
    near = candidates(model, matrix, np.arange(6), "near")
    picked = [p for p in near if (p.row, p.concept) in {(1, "a"), (4, "a"), (5, "b")}]
    reviews = reviews_of(matrix, picked)
    reviewed, features = reviews.passages, reviews.features
    assert [r.passage.id for r in reviewed] == ["p1", "p4", "p5"]
    # row 1 is gold for a and b, but only a was reviewed
    assert [dict(r.decided) for r in reviewed] == [
        {"toy:a": True},
        {"toy:a": False},
        {"toy:b": True},
    ]
    assert reviewed[0].passage.labels == frozenset({"toy:a"})
    assert {r.passage.split for r in reviewed} == {"reviewed"}
    assert features.shape == (3, 2) and features[0, 0] == pytest.approx(-0.1)


def _learnable(seed: int = 7) -> GoldMatrix:
    rng = np.random.default_rng(seed)
    n_train, n_dev = 300, 100
    features = rng.normal(size=(n_train + n_dev, 3))
    noise = rng.normal(scale=0.5, size=(n_train + n_dev, 2))
    labels = (features[:, :2] + noise > 1.0).astype(int)
    instruments = [f"t{i // 5}" for i in range(n_train)] + [f"d{i // 5}" for i in range(n_dev)]
    splits = ["train"] * n_train + ["dev"] * n_dev
    return _matrix(features, labels, instruments, splits)


def test_a_simulation_is_deterministic_and_never_reads_the_pool_into_the_start() -> None:
    matrix = _learnable()
    labelled, pool = pool_split(matrix, seed=0)
    held = {matrix.passages[i].instrument for i in pool}
    assert held and not held & {matrix.passages[i].instrument for i in labelled}
    assert len(held) == 20  # a third of the 60 train instruments
    first = simulate(matrix, seed=0, budgets=(10, 30))
    assert simulate(matrix, seed=0, budgets=(10, 30)) == first
    assert first["labelled_passages"] + first["pool_passages"] == 300
    for kind in ("queue", "near"):
        runs = first["runs"][kind]
        for strategy in ("uncertainty", "random"):
            assert runs[f"{strategy}@10"]["reviews"] == min(10, runs["candidates"])
            after = runs[f"{strategy}@30"]
            gain = after["after"]["macro_f1"] - first["before"]["macro_f1"]
            assert after["gain"]["macro_f1"] == pytest.approx(gain)
        assert runs["uncertainty@10"]["mean_margin"] <= runs["random@10"]["mean_margin"]
    assert 0.0 < first["before"]["macro_f1"] <= 1.0  # the toy problem is learnable
    summary = summarise([first, simulate(matrix, seed=1, budgets=(10, 30))], (10, 30))
    entry = summary["candidates"]["near"]["10"]
    difference = entry["uncertainty_minus_random"]["macro_f1"]["mean"]
    gains = (
        entry["uncertainty"]["gain"]["macro_f1"]["mean"]
        - entry["random"]["gain"]["macro_f1"]["mean"]
    )
    assert difference == pytest.approx(gains, abs=1e-3)
    assert summary["seeds"] == 2 and set(entry["uncertainty"]["concepts"]) == {"a", "b"}


def test_gold_matrix_keeps_train_and_dev_and_leaves_parents_out() -> None:
    oecd = load_taxonomies()["oecd"]
    child = next(c for c in oecd.concepts if c.parent)
    gold = [
        GoldPassage(
            "g1",
            "Risk management for AI systems.",
            "",
            "x",
            "XX",
            "law",
            "train",
            "operative",
            frozenset({f"oecd:{child.id}"}),
        ),
        GoldPassage(
            "g2",
            "Definitions for AI systems.",
            "",
            "y",
            "XX",
            "law",
            "dev",
            "definition",
            frozenset(),
        ),
        GoldPassage("g3", "Never read.", "", "z", "XX", "law", "test", "operative", frozenset()),
    ]
    vectors = {g.id: np.ones(4) for g in gold}
    matrix = gold_matrix(gold, oecd, vectors)
    assert [g.id for g in matrix.passages] == ["g1", "g2"]
    assert child.parent not in matrix.concepts and child.id in matrix.concepts
    assert matrix.labels[0, matrix.concepts.index(child.id)] == 1 and matrix.labels[1].sum() == 0
    assert list(matrix.rows("dev")) == [1]
    # the words vocabulary is fitted on train and dev only: "never" is the test split's
    assert matrix.lexicon is not None and matrix.words is not None
    assert "ai systems" in matrix.lexicon.terms and "never" not in matrix.lexicon.terms
    assert matrix.words.shape == (2, len(matrix.lexicon.terms))


def test_the_simulated_classifiers_read_the_words_as_the_shipped_ones_do() -> None:
    """Concept a is said only in words ("prohibited"): the embedding is noise. A model
    that reads the words finds it, before any review."""
    rng = np.random.default_rng(3)
    n_train, n_dev = 300, 100
    features = rng.normal(size=(n_train + n_dev, 3))
    said = rng.random(n_train + n_dev) < 0.2
    labels = np.column_stack([said, features[:, 1] > 1.0]).astype(int)
    instruments = [f"t{i // 5}" for i in range(n_train)] + [f"d{i // 5}" for i in range(n_dev)]
    splits = ["train"] * n_train + ["dev"] * n_dev
    dense = _matrix(features, labels, instruments, splits)
    texts = [
        f"{'such practices are prohibited' if s else 'the operator shall keep records'} {i % 7}"
        for i, s in enumerate(said)
    ]
    passages = [replace(g, text=t) for g, t in zip(dense.passages, texts, strict=True)]
    lexicon = fit_lexicon([g.reading for g in passages])
    read = replace(
        dense,
        passages=passages,
        lexicon=lexicon,
        words=lexicon.matrix([g.reading for g in passages]),
    )
    concept_a = {
        name: simulate(m, seed=0, budgets=(10,))["before"]["concepts"]["a"]
        for name, m in (("dense", dense), ("words", read))
    }
    assert concept_a["words"]["f1"] > 0.9 > concept_a["dense"]["f1"]
