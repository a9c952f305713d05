"""Provision vectors: computed once per (model, text) and cached in the store.

``embed_provisions`` fills the cache for the newest version of every
instrument; ``provision_matrix`` loads the cached vectors as one numpy matrix
for semantic search (numpy is plenty up to ~1e5 provisions, see DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import BACKENDS, Embedder, Vectors
from govatlas.store.instruments import newest_version_ids
from govatlas.store.models import Embedding, Provision, content_hash

CHUNK = 256


def _provision_texts(session: Session) -> list[tuple[int, str]]:
    body = func.coalesce(Provision.search_text, Provision.text)
    rows = session.execute(
        select(Provision.id, body).where(Provision.version_id.in_(newest_version_ids()))
    )
    return [(pid, text) for pid, text in rows]


def embed_provisions(
    session: Session,
    embedder: Embedder,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    limit: int | None = None,
) -> int:
    """Embed provision texts that have no cached vector yet; returns how many."""
    cached = set(
        session.scalars(select(Embedding.text_hash).where(Embedding.model_id == embedder.model_id))
    )
    todo: dict[str, str] = {}
    for _, text in _provision_texts(session):
        digest = content_hash(text)
        if digest not in cached:
            todo.setdefault(digest, text)
    items = list(todo.items())[:limit] if limit is not None else list(todo.items())
    done = 0
    for start in range(0, len(items), CHUNK):
        batch = items[start : start + CHUNK]
        vectors = embedder.embed([text for _, text in batch])
        session.execute(
            insert(Embedding),
            [
                {"model_id": embedder.model_id, "text_hash": digest, "vector": vector.tobytes()}
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

    def nearest(self, query: Vectors, allowed: set[int] | None, k: int) -> list[tuple[int, float]]:
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


def provision_matrix(session: Session, model_id: str, dimension: int) -> ProvisionMatrix:
    vectors_by_hash = {
        digest: np.frombuffer(blob, dtype=np.float32)
        for digest, blob in session.execute(
            select(Embedding.text_hash, Embedding.vector).where(Embedding.model_id == model_id)
        )
    }
    ids, rows = [], []
    for pid, text in _provision_texts(session):
        vector = vectors_by_hash.get(content_hash(text))
        if vector is not None and vector.shape == (dimension,):
            ids.append(pid)
            rows.append(vector)
    matrix = np.vstack(rows) if rows else np.zeros((0, dimension), dtype=np.float32)
    return ProvisionMatrix(ids, matrix.astype(np.float32))


def embedded_models(session: Session) -> dict[str, int]:
    """Embedding model name (``minilm``, ``e5-small``) -> texts it has vectors for; models
    with none are left out. Semantic and hybrid search need vectors of their model."""
    counts = dict(
        session.execute(select(Embedding.model_id, func.count()).group_by(Embedding.model_id)).all()
    )
    found = {}
    for name, backend in BACKENDS.items():
        model_id = getattr(backend, "model_id", "")
        if counts.get(model_id):
            found[str(name)] = int(counts[model_id])
    return found
