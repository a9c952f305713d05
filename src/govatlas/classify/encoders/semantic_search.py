"""Semantic and hybrid search over provisions.

Semantic: the query's embedding against cached provision vectors (cosine), operative
text first: a bare heading, a recital, a preamble or a whole chapter loses
``COSINE_STANDING`` of its cosine, as it loses BM25 in full-text search.
Hybrid: reciprocal rank fusion (k = 60) of the BM25 ranking and the semantic
ranking, so a provision that both find ranks first and either alone still counts.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import Embedder
from govatlas.classify.encoders.vectors import ProvisionMatrix, provision_matrix
from govatlas.errors import GovatlasError
from govatlas.store.search import (
    COSINE_STANDING,
    SearchFilters,
    SearchResult,
    filtered_provision_ids,
    lower_standing,
    parse_query,
    provision_hits,
    search_provisions,
)

RRF_K = 60
CANDIDATES = 100
RESCORED = 2  # nearest vectors read per candidate, so that operative text below headings rises


def _semantic_ranking(
    session: Session,
    query: str,
    embedder: Embedder,
    filters: SearchFilters,
    k: int,
    matrix: ProvisionMatrix | None = None,
) -> list[tuple[int, float]]:
    matrix = matrix or provision_matrix(session, embedder.model_id, embedder.dimension)
    if not matrix.ids:
        raise GovatlasError(
            f"no provision vectors for {embedder.model_id} yet",
            f"run `govatlas embed --model {embedder.name}` first",
        )
    vector = embedder.embed_query(query)
    allowed = filtered_provision_ids(session, filters)
    nearest = matrix.nearest(vector, allowed, RESCORED * max(k, CANDIDATES))
    lower = lower_standing(session, [pid for pid, _ in nearest])
    scored = [(pid, cosine - COSINE_STANDING * (pid in lower)) for pid, cosine in nearest]
    return sorted(scored, key=lambda hit: -hit[1])[:k]


def semantic_search(
    session: Session,
    query: str,
    embedder: Embedder,
    filters: SearchFilters | None = None,
    limit: int = 20,
    matrix: ProvisionMatrix | None = None,
) -> SearchResult:
    """``matrix``: vectors already loaded (the web app keeps them); else loaded here."""
    parse_query(query)  # the same length and shape limits as text search
    chosen = filters or SearchFilters()
    ranking = _semantic_ranking(session, query, embedder, chosen, limit, matrix)
    return SearchResult(query, provision_hits(session, ranking), len(ranking))


def hybrid_search(
    session: Session,
    query: str,
    embedder: Embedder,
    filters: SearchFilters | None = None,
    limit: int = 20,
    matrix: ProvisionMatrix | None = None,
) -> SearchResult:
    chosen = filters or SearchFilters()
    lexical = search_provisions(session, query, chosen, limit=min(CANDIDATES, 200))
    semantic = _semantic_ranking(session, query, embedder, chosen, max(CANDIDATES, limit), matrix)
    fused: dict[int, float] = {}
    for ranking in ([h.provision_id for h in lexical.hits], [pid for pid, _ in semantic]):
        for rank, pid in enumerate(ranking, 1):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank)
    best = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    snippets = {h.provision_id: (h.snippet, h.highlights) for h in lexical.hits}
    return SearchResult(query, provision_hits(session, best, snippets), len(fused))
