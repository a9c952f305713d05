"""Reviewed provision labels become training passages for the provision classifiers:
accepted -> a positive of that concept, rejected -> a negative, other concepts unknown."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import pytest
from sqlalchemy import Engine, select

from govatlas.classify.encoders.embeddings import EmbeddingModel
from govatlas.classify.gold.project_gold import GoldPassage
from govatlas.classify.labels.instrument_labels import review
from govatlas.classify.measured.shipped import PROVISION_MODEL
from govatlas.classify.provisions.model import MIN_POSITIVES
from govatlas.classify.provisions.reviewed import (
    ReviewedPassage,
    decisions_on,
    join_reviewed,
    reviewed_passages,
)
from govatlas.classify.provisions.training import train_taxonomy
from govatlas.store.models import InstrumentVersion, Label, Provision
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies
from govatlas.vocabulary import LabelMethod


def _provisions(engine: Engine, instrument: str, count: int) -> list[Provision]:
    with transaction(engine) as session:
        found = session.scalars(
            select(Provision)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(InstrumentVersion.instrument_id == instrument)
            .order_by(Provision.id)
        ).all()
        long_enough = [p for p in found if len((p.search_text or p.text).strip()) >= 40]
        session.expunge_all()
        return long_enough[:count]


def _label(engine: Engine, concept: str, provision: int | None = None, **where: str) -> int:
    with transaction(engine) as session:
        label = Label(
            concept_id=concept,
            provision_id=provision,
            score=0.6,
            method=LabelMethod.MODEL,
            model_id=PROVISION_MODEL,
            **where,
        )
        session.add(label)
        session.flush()
        return label.id


def _decide(engine: Engine, label: int, accept: bool) -> None:
    with transaction(engine) as session:
        review(session, label, accept, "Tester")


@pytest.fixture
def reviewed_store(ingested: Engine) -> tuple[Engine, Provision, Provision]:
    first, waiting = _provisions(ingested, "eu-ai-act", 2)
    [other] = _provisions(ingested, "nist-ai-rmf-1-0", 1)
    _decide(ingested, _label(ingested, "fli-blocks:safety-standards", first.id), True)
    _decide(ingested, _label(ingested, "fli-blocks:red-lines", first.id), False)
    _decide(ingested, _label(ingested, "fli-risks:bias", first.id), True)
    _label(ingested, "fli-blocks:compliance-mechanisms", waiting.id)  # nobody decided
    _decide(ingested, _label(ingested, "fli-blocks:safety-standards", other.id), False)
    on_instrument = _label(ingested, "fli-blocks:red-lines", instrument_id="eu-ai-act")
    _decide(ingested, on_instrument, True)  # a whole instrument is no passage
    return ingested, first, other


def test_reviewed_labels_become_passages_of_their_concepts_only(
    reviewed_store: tuple[Engine, Provision, Provision],
) -> None:
    engine, first, other = reviewed_store
    taxonomies = load_taxonomies()
    with transaction(engine) as session:
        blocks = reviewed_passages(session, [taxonomies["fli-blocks"]])
        both = reviewed_passages(session, [taxonomies["fli-blocks"], taxonomies["fli-risks"]])
        kept = reviewed_passages(session, [taxonomies["fli-blocks"]], leave_out={"nist-ai-rmf-1-0"})
    assert [r.passage.id for r in blocks] == [f"provision:{first.id}", f"provision:{other.id}"]
    mine = blocks[0]
    assert dict(mine.decided) == {
        "fli-blocks:safety-standards": True,
        "fli-blocks:red-lines": False,
    }
    assert mine.passage.labels == frozenset({"fli-blocks:safety-standards"})
    assert mine.passage.instrument == "eu-ai-act" and mine.passage.split == "reviewed"
    assert mine.passage.text == (first.search_text or first.text).strip()
    assert mine.passage.heading == (first.heading or "")
    assert dict(blocks[1].decided) == {"fli-blocks:safety-standards": False}
    assert blocks[1].passage.labels == frozenset()
    assert dict(both[0].decided)["fli-risks:bias"] is True
    assert decisions_on(both, "fli-blocks") == 3 and decisions_on(both, "fli-risks") == 1
    assert [r.passage.instrument for r in kept] == ["eu-ai-act"]  # the test's instrument left out


def _reviewed(ident: str, instrument: str, decided: dict[str, bool]) -> ReviewedPassage:
    passage = GoldPassage(
        ident,
        "text",
        "",
        instrument,
        "",
        "",
        "reviewed",
        "operative",
        frozenset(k for k, v in decided.items() if v),
    )
    return ReviewedPassage(passage, decided)


def test_join_adds_only_the_passages_decided_on_the_concept() -> None:
    features = np.arange(6, dtype=np.float64).reshape(3, 2)
    labels = np.array([1, 0, 0])
    reviewed = [
        _reviewed("r1", "x", {"t:a": True}),
        _reviewed("r2", "y", {"t:b": False}),
        _reviewed("r3", "z", {"t:a": False, "t:b": True}),
    ]
    extra = np.array([[10.0, 10.0], [20.0, 20.0], [30.0, 30.0]])
    x, y, groups = join_reviewed("t:a", features, labels, ["g", "g", "h"], reviewed, extra)
    assert y.tolist() == [1, 0, 0, 1, 0]
    assert groups == ["g", "g", "h", "x", "z"]
    assert x[3:].tolist() == [[10.0, 10.0], [30.0, 30.0]]
    x, y, groups = join_reviewed("t:c", features, labels, ["g", "g", "h"], reviewed, extra)
    assert x is features and y.tolist() == [1, 0, 0] and groups == ["g", "g", "h"]


class HashEmbedder:
    """Deterministic pseudo-embeddings: enough to run training end to end, offline."""

    name = EmbeddingModel.MINILM
    model_id = "hash-test"
    dimension = 8

    def embed(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
            row = np.random.default_rng(seed).normal(size=self.dimension)
            rows.append(row / np.linalg.norm(row))
        return np.asarray(rows, dtype=np.float32)

    def embed_query(self, query: str) -> np.ndarray:
        return self.embed([query])


def test_gold_train_learns_a_concept_from_reviews() -> None:
    """Five gold positives of bias are too few for a model; one accepted review makes six.
    A rejected review of cybersecurity is a negative of cybersecurity only."""
    taxonomies = load_taxonomies()
    gold = []
    for i in range(40):
        labels = set()
        if i < MIN_POSITIVES - 1:
            labels.add("fli-risks:bias")
        if i % 3 == 0:
            labels.add("fli-risks:cybersecurity")
        split = "test" if i >= 34 else "train"
        kind = "operative" if i % 7 else "other"
        gold.append(
            GoldPassage(
                f"g{i}",
                f"gold passage number {i}",
                "",
                f"i{i % 8}",
                "XX",
                "law",
                split,
                kind,
                frozenset(labels),
            )
        )
    reviews = [
        _reviewed("provision:1", "i9", {"fli-risks:bias": True}),
        _reviewed("provision:2", "i9", {"fli-risks:cybersecurity": False}),
    ]
    embedder = HashEmbedder()
    plain = train_taxonomy(gold, taxonomies["fli-risks"], taxonomies, embedder)
    assert "bias" not in plain.model.models and "reviewed" not in plain.model.trained_on
    learnt = train_taxonomy(gold, taxonomies["fli-risks"], taxonomies, embedder, reviewed=reviews)
    assert "bias" in learnt.model.models
    assert learnt.report["concepts"]["bias"]["dev"]["positives"] == MIN_POSITIVES
    cyber = [r.report["concepts"]["cybersecurity"]["dev"]["positives"] for r in (plain, learnt)]
    assert cyber == [12, 12]  # a rejection adds a negative, no positive
    assert learnt.model.trained_on["reviewed"] == 2
    assert learnt.report["passages"] == plain.report["passages"]  # test untouched
