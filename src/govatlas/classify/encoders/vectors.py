"""Provision vectors: computed once per (model, text) and cached in the store.

``embed_provisions`` fills the cache for the newest version of every
instrument; ``provision_matrix`` loads the cached vectors as one numpy matrix
for semantic search. numpy is plenty up to about 1e5 provisions (DESIGN.md); from
``APPROXIMATE_FROM`` vectors on, given a folder for it, the matrix also carries an
approximate index (``vector_index``: hnswlib shards, kept up to date, saved there) that
answers its queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import BACKENDS, Embedder, Vectors
from govatlas.classify.encoders.vector_index import (
    ApproximateIndex,
    hnswlib_available,
    model_folder,
    synced_index,
)
from govatlas.store.embedding_cache import (
    add_vectors,
    cached_hashes,
    provision_texts,
    stored_vectors,
    vector_counts,
)
from govatlas.store.models import content_hash

CHUNK = 256
APPROXIMATE_FROM = 100_000  # vectors from which search goes through the approximate index


def texts_to_embed(
    session: Session, model_id: str, limit: int | None = None
) -> list[tuple[str, str]]:
    """(text hash, text) of the provision texts ``model_id`` has no vector for yet, each
    text once, at most ``limit``."""
    cached = cached_hashes(session, model_id)
    todo: dict[str, str] = {}
    for _, text in provision_texts(session):
        digest = content_hash(text)
        if digest not in cached:
            todo.setdefault(digest, text)
    items = list(todo.items())
    return items[:limit] if limit is not None else items


def embed_provisions(
    session: Session,
    embedder: Embedder,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    limit: int | None = None,
) -> int:
    """Embed provision texts that have no cached vector yet; returns how many."""
    items = texts_to_embed(session, embedder.model_id, limit)
    done = 0
    for start in range(0, len(items), CHUNK):
        batch = items[start : start + CHUNK]
        vectors = embedder.embed([text for _, text in batch])
        add_vectors(
            session,
            embedder.model_id,
            [
                (digest, vector.tobytes())
                for (digest, _), vector in zip(batch, vectors, strict=True)
            ],
        )
        session.commit()  # keep finished batches if the run is interrupted
        done += len(batch)
        progress(done, len(items))
    return done


@dataclass(frozen=True)
class ProvisionMatrix:
    ids: list[int]
    vectors: Vectors
    index: ApproximateIndex | None = None

    def nearest(self, query: Vectors, allowed: set[int] | None, k: int) -> list[tuple[int, float]]:
        if self.index is not None:
            return self.index.nearest(query, k, allowed)
        scores = self.vectors @ query
        order = np.argsort(-scores)
        hits: list[tuple[int, float]] = []
        for index in order:
            pid = self.ids[int(index)]
            if allowed is None or pid in allowed:
                hits.append((pid, float(scores[index])))
                if len(hits) == k:
                    break
        return hits


def provision_matrix(
    session: Session,
    model_id: str,
    dimension: int,
    index_folder: Path | None = None,
    approximate_from: int = APPROXIMATE_FROM,
) -> ProvisionMatrix:
    """The cached vectors of every newest text's provisions; with ``index_folder`` and at
    least ``approximate_from`` of them (and hnswlib installed), with the approximate
    index saved there, brought up to date first."""
    vectors_by_hash = {
        digest: np.frombuffer(blob, dtype=np.float32)
        for digest, blob in stored_vectors(session, model_id)
    }
    ids, rows = [], []
    for pid, text in provision_texts(session):
        vector = vectors_by_hash.get(content_hash(text))
        if vector is not None and vector.shape == (dimension,):
            ids.append(pid)
            rows.append(vector)
    matrix = np.vstack(rows) if rows else np.zeros((0, dimension), dtype=np.float32)
    index = None
    if index_folder is not None and len(ids) >= approximate_from and hnswlib_available():
        index, _, _ = synced_index(model_folder(index_folder, model_id), model_id, ids, matrix)
    return ProvisionMatrix(ids, matrix.astype(np.float32), index)


@dataclass(frozen=True)
class IndexRefresh:
    vectors: int
    added: int
    removed: int


def refresh_vector_index(
    session: Session, model_id: str, dimension: int, folder: Path
) -> IndexRefresh | None:
    """Bring the model's approximate index in ``folder`` up to date with the store (built
    the first time), so that no search has to; None below ``APPROXIMATE_FROM`` vectors or
    without hnswlib (search is exact then)."""
    if not hnswlib_available():
        return None
    counts = vector_counts(session)
    if counts.get(model_id, 0) < APPROXIMATE_FROM:
        return None
    matrix = provision_matrix(session, model_id, dimension)
    if len(matrix.ids) < APPROXIMATE_FROM:
        return None
    _, added, removed = synced_index(
        model_folder(folder, model_id), model_id, matrix.ids, matrix.vectors
    )
    return IndexRefresh(len(matrix.ids), added, removed)


def embedded_models(session: Session) -> dict[str, int]:
    """Embedding model name (``minilm``, ``e5-small``) -> texts it has vectors for; models
    with none are left out. Semantic and hybrid search need vectors of their model."""
    counts = vector_counts(session)
    found = {}
    for name, backend in BACKENDS.items():
        model_id = getattr(backend, "model_id", "")
        if counts.get(model_id):
            found[str(name)] = int(counts[model_id])
    return found
