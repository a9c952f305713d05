"""The embedding cache: a vector per (model, text hash), computed once and kept.

Semantic search keys its provision vectors by the model id; the provision classifiers
key their heading-and-text readings by the model id plus a suffix of their own. The
vectors are stored as raw float32 bytes; turning them into arrays is the caller's
(``classify.encoders``). ``provision_texts`` are the texts semantic search embeds: each
instrument's newest text, a provision's searchable rendering where it has one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from govatlas.store.instruments import newest_version_ids
from govatlas.store.models import Embedding, Provision

LOOKUP_BATCH = 900  # text hashes per query (SQLite's bound-parameter limit is 999)


def provision_texts(session: Session) -> list[tuple[int, str]]:
    """(provision id, its searchable text) of every provision of each newest text."""
    body = func.coalesce(Provision.search_text, Provision.text)
    query = select(Provision.id, body).where(Provision.version_id.in_(newest_version_ids()))
    return [(provision, text) for provision, text in session.execute(query)]


def cached_hashes(session: Session, model_id: str) -> set[str]:
    """The text hashes ``model_id`` has a vector for."""
    return set(session.scalars(select(Embedding.text_hash).where(Embedding.model_id == model_id)))


def cached_among(session: Session, model_id: str, hashes: Collection[str]) -> set[str]:
    """Those of ``hashes`` that ``model_id`` has a vector for (looked up in batches)."""
    wanted = sorted(set(hashes))
    found: set[str] = set()
    for start in range(0, len(wanted), LOOKUP_BATCH):
        query = select(Embedding.text_hash).where(
            Embedding.model_id == model_id,
            Embedding.text_hash.in_(wanted[start : start + LOOKUP_BATCH]),
        )
        found.update(session.scalars(query))
    return found


def stored_vectors(
    session: Session, model_id: str, hashes: Collection[str] | None = None
) -> Iterator[tuple[str, bytes]]:
    """(text hash, vector bytes) of ``model_id``'s vectors: all of them, or only those of
    ``hashes`` (looked up in batches)."""
    if hashes is None:
        query = select(Embedding.text_hash, Embedding.vector).where(Embedding.model_id == model_id)
        yield from session.execute(query)
        return
    wanted = sorted(set(hashes))
    for start in range(0, len(wanted), LOOKUP_BATCH):
        query = select(Embedding.text_hash, Embedding.vector).where(
            Embedding.model_id == model_id,
            Embedding.text_hash.in_(wanted[start : start + LOOKUP_BATCH]),
        )
        yield from session.execute(query)


def add_vectors(session: Session, model_id: str, vectors: Sequence[tuple[str, bytes]]) -> None:
    """Cache these (text hash, vector bytes) under ``model_id``."""
    if vectors:
        session.execute(
            insert(Embedding),
            [
                {"model_id": model_id, "text_hash": digest, "vector": vector}
                for digest, vector in vectors
            ],
        )


def add_missing_vectors(
    session: Session, model_id: str, vectors: Sequence[tuple[str, bytes]]
) -> int:
    """Cache those of these (text hash, vector bytes) that ``model_id`` has no vector for
    yet; how many were added. Adding the same rows twice adds them once (a batch
    partition retried or written again)."""
    have = cached_among(session, model_id, [digest for digest, _ in vectors])
    fresh: dict[str, bytes] = {}
    for digest, vector in vectors:
        if digest not in have:
            fresh.setdefault(digest, vector)
    add_vectors(session, model_id, list(fresh.items()))
    return len(fresh)


def vector_counts(session: Session) -> dict[str, int]:
    """Model id -> how many texts it has vectors for."""
    query = select(Embedding.model_id, func.count()).group_by(Embedding.model_id)
    return {model: int(count) for model, count in session.execute(query)}
