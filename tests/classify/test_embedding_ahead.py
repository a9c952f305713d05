"""Passages embedded a group of instruments at a time, ahead of labelling: labelling
then embeds nothing, and stores what labelling instrument by instrument stores."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Engine, delete, select

from govatlas.classify.encoders.embeddings import Embedder, Vectors, provision_embedder
from govatlas.classify.provisions.embedding_ahead import embed_ahead, groups
from govatlas.classify.provisions.labelling import (
    instruments_to_label,
    label_instrument_provisions,
    shipped_models,
)
from govatlas.store.models import Embedding, Label, LabelEvidence
from govatlas.store.session import transaction


class Counting:
    """An embedder that counts the texts it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.model_id, self.dimension = inner.name, inner.model_id, inner.dimension
        self.texts = 0

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        self.texts += len(texts)
        return self.inner.embed(texts, progress)

    def embed_query(self, query: str) -> Vectors:
        return self.inner.embed_query(query)


def _labels(engine: Engine) -> list[tuple[str, int]]:
    with transaction(engine) as session:
        rows = session.execute(
            select(Label.concept_id, LabelEvidence.provision_id).join(
                LabelEvidence, LabelEvidence.label_id == Label.id
            )
        )
        return sorted((concept, provision) for concept, provision in rows)


def test_labelling_after_embedding_ahead_embeds_nothing(ingested: Engine) -> None:
    models = shipped_models(["fli-blocks", "fli-risks"])
    with transaction(ingested) as session:
        todo = instruments_to_label(session, models)
    assert len(todo) >= 2
    ahead = Counting(provision_embedder())
    with transaction(ingested) as session:
        asked = embed_ahead(session, models, todo, ahead)
    assert asked > 0 and 0 < ahead.texts <= asked  # each distinct reading once
    embedded = ahead.texts
    for instrument in todo:
        with transaction(ingested) as session:
            label_instrument_provisions(session, models, instrument, ahead)
    assert ahead.texts == embedded  # every vector was cached ahead
    with transaction(ingested) as session:  # a second pass finds everything cached
        embed_ahead(session, models, todo, ahead)
    assert ahead.texts == embedded


def test_one_instrument_at_a_time_stores_the_same_labels(ingested: Engine) -> None:
    """The same instruments labelled after embedding ahead, then again with the vector
    cache emptied (each instrument embedded on its own): the same labels."""
    models = shipped_models(["fli-blocks", "fli-risks", "oecd"])
    embedder = provision_embedder()
    with transaction(ingested) as session:
        todo = instruments_to_label(session, models)
        embed_ahead(session, models, todo, embedder)
    for instrument in todo:
        with transaction(ingested) as session:
            label_instrument_provisions(session, models, instrument, embedder)
    ahead = _labels(ingested)
    assert ahead
    with transaction(ingested) as session:
        session.execute(delete(Embedding))
    for instrument in todo:
        with transaction(ingested) as session:
            label_instrument_provisions(session, models, instrument, embedder)
    assert _labels(ingested) == ahead


def test_groups_keep_the_order_and_every_instrument() -> None:
    ids = [f"i{n}" for n in range(7)]
    assert groups(ids, 3) == [["i0", "i1", "i2"], ["i3", "i4", "i5"], ["i6"]]
    assert groups([], 3) == []
