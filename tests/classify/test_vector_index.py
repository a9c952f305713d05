"""The approximate vector index: near-exact answers on clustered vectors, shards merged,
filters kept, saved and read back, brought up to date without a rebuild."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine

from govatlas.classify.encoders.vector_index import (
    ApproximateIndex,
    hnswlib_available,
    model_folder,
    synced_index,
)
from govatlas.classify.encoders.vectors import ProvisionMatrix

pytestmark = pytest.mark.skipif(not hnswlib_available(), reason="hnswlib is not installed")


def _clustered(count: int, seed: int = 0, dimension: int = 32) -> np.ndarray:
    """Unit vectors around 40 centres, as embeddings of texts on a few topics are."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((40, dimension))
    vectors = centres[rng.integers(0, 40, count)] + 0.4 * rng.standard_normal((count, dimension))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def _exact(vectors: np.ndarray, ids: list[int], query: np.ndarray, k: int) -> list[int]:
    return [pid for pid, _ in ProvisionMatrix(ids, vectors).nearest(query, None, k)]


def test_answers_match_exact_search_across_shards() -> None:
    vectors = _clustered(3000)
    ids = list(range(100, 3100))
    index = ApproximateIndex("test-model", 32, shard_size=1000)
    index.add(ids, vectors)
    assert len(index.shards) == 3 and len(index) == 3000
    queries = _clustered(50, seed=1)
    recall = np.mean(
        [
            len({p for p, _ in index.nearest(q, 10)} & set(_exact(vectors, ids, q, 10))) / 10
            for q in queries
        ]
    )
    assert recall >= 0.95
    hits = index.nearest(queries[0], 5)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert abs(hits[0][1] - float(vectors[ids.index(hits[0][0])] @ queries[0])) < 1e-4


def test_a_filter_keeps_only_allowed_provisions() -> None:
    vectors = _clustered(500)
    ids = list(range(500))
    index = ApproximateIndex("test-model", 32, shard_size=200)
    index.add(ids, vectors)
    allowed = set(range(0, 500, 7))
    hits = index.nearest(vectors[3], 10, allowed)
    assert len(hits) == 10 and {p for p, _ in hits} <= allowed
    assert index.nearest(vectors[3], 10, set()) == []


def test_saved_then_synced_without_a_rebuild(tmp_path: Path) -> None:
    folder = model_folder(tmp_path, "all-MiniLM/int8")
    assert folder.name == "all-MiniLM_int8"
    vectors = _clustered(1200)
    ids = list(range(1200))
    index, added, removed = synced_index(folder, "m", ids[:1000], vectors[:1000])
    assert (added, removed, len(index)) == (1000, 0, 1000)
    # the store changed: 200 provisions more, 100 gone (an older version replaced)
    kept = ids[100:]
    index, added, removed = synced_index(folder, "m", kept, vectors[100:])
    assert (added, removed, len(index)) == (200, 100, 1100)
    read = ApproximateIndex.load(folder, "m", 32)
    assert read is not None and read.ids() == set(kept)
    assert all(p >= 100 for p, _ in read.nearest(vectors[5], 20))  # the removed stay out
    assert read.nearest(vectors[1150], 1)[0][0] == 1150
    # nothing changed: nothing written again
    stamp = (folder / "manifest.json").stat().st_mtime_ns
    assert synced_index(folder, "m", kept, vectors[100:])[1:] == (0, 0)
    assert (folder / "manifest.json").stat().st_mtime_ns == stamp
    # another model or dimension is not read
    assert ApproximateIndex.load(folder, "other", 32) is None
    assert ApproximateIndex.load(folder, "m", 64) is None


def test_an_id_that_comes_back_is_found_again(tmp_path: Path) -> None:
    vectors = _clustered(300)
    ids = list(range(300))
    synced_index(tmp_path, "m", ids, vectors)
    synced_index(tmp_path, "m", ids[:-1], vectors[:-1])  # 299 gone
    index, added, _ = synced_index(tmp_path, "m", ids, vectors)  # and back (a reused row id)
    assert added == 1 and index.nearest(vectors[299], 1)[0][0] == 299


def test_the_matrix_answers_through_its_index(tmp_path: Path) -> None:
    vectors = _clustered(400)
    ids = list(range(400))
    index, _, _ = synced_index(tmp_path, "m", ids, vectors)
    matrix = ProvisionMatrix(ids, vectors, index)
    exact = ProvisionMatrix(ids, vectors)
    assert [p for p, _ in matrix.nearest(vectors[7], None, 3)] == [
        p for p, _ in exact.nearest(vectors[7], None, 3)
    ]


def test_the_store_s_vectors_get_an_index_that_search_uses(
    ingested: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.classify.encoders import vectors as vectors_module
    from govatlas.classify.encoders.embeddings import get_embedder
    from govatlas.classify.encoders.semantic_search import semantic_search
    from govatlas.store.session import transaction

    embedder = get_embedder()
    with transaction(ingested) as session:
        embedded = vectors_module.embed_provisions(session, embedder)
        # below the size the index starts at, nothing is built
        assert (
            vectors_module.refresh_vector_index(
                session, embedder.model_id, embedder.dimension, tmp_path
            )
            is None
        )
    monkeypatch.setattr(vectors_module, "APPROXIMATE_FROM", 10)
    with transaction(ingested) as session:
        first = vectors_module.refresh_vector_index(
            session, embedder.model_id, embedder.dimension, tmp_path
        )
        assert first is not None and first.added == first.vectors >= min(embedded, 10)
        again = vectors_module.refresh_vector_index(
            session, embedder.model_id, embedder.dimension, tmp_path
        )
        assert again is not None and (again.added, again.removed) == (0, 0)
        indexed = vectors_module.provision_matrix(
            session, embedder.model_id, embedder.dimension, tmp_path, approximate_from=10
        )
        exact = vectors_module.provision_matrix(session, embedder.model_id, embedder.dimension)
        assert indexed.index is not None and exact.index is None
        query = "unfair treatment of job applicants by software"
        with_index = semantic_search(session, query, embedder, limit=3, matrix=indexed)
        without = semantic_search(session, query, embedder, limit=3, matrix=exact)
        assert [h.provision_id for h in with_index.hits] == [h.provision_id for h in without.hits]
