"""What the web app keeps for its lifetime: the engine, the machine token, the cookie
settings, the write limiter, caches.

The provision-vector matrix of each embedding model is loaded once per process and
reloaded only when the number of cached vectors changes, so a query costs one
embedding and one matrix product instead of a reload of every vector.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from threading import Lock
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.analytics.commitments import AdherenceFacts, load_adherence
from govatlas.analytics.places import MemberStateKnowledge, member_state_knowledge
from govatlas.classify.encoders.embeddings import Embedder
from govatlas.classify.encoders.vectors import ProvisionMatrix, embedded_models, provision_matrix
from govatlas.config import vector_index_dir
from govatlas.store.instruments import every_jurisdiction_name
from govatlas.store.ranking_table import RankingTable, ranking_table
from govatlas.store.search import embedded_count
from govatlas.web.cache import ResponseCache
from govatlas.web.limits import WriteLimiter
from govatlas.web.response_shapes import ShapeCheck
from govatlas.web.translation_sync import CorrectionSync

T = TypeVar("T")


@dataclass
class AppState:
    engine: Engine
    api_token: str
    secure_cookies: bool = False
    trusted_proxies: frozenset[str] = frozenset()
    api_shapes: ShapeCheck = "log"
    responses: ResponseCache = field(default_factory=ResponseCache)
    writes: WriteLimiter = field(default_factory=WriteLimiter)
    translations: CorrectionSync = field(default_factory=CorrectionSync)
    _matrices: dict[str, tuple[int, ProvisionMatrix]] = field(default_factory=dict)
    _memo: dict[str, tuple[Hashable, Any]] = field(default_factory=dict)
    _computing: dict[str, Lock] = field(default_factory=dict)
    _lock: Lock = field(default_factory=Lock)

    def revision(self, session: Session | None = None) -> Hashable:
        """The store's revision as the response cache last read it (at most a second old);
        read through ``session`` when it must be read again."""
        return self.responses.current_revision(self.engine, session)

    def per_revision(self, name: str, compute: Callable[[], T], session: Session) -> T:
        """``compute()``, computed once per store revision under ``name``: for figures
        every page of a kind needs and that read whole tables (which embedding models
        have vectors, every adherence fact, what is known of the Member States)."""
        revision = self.revision(session)
        with self._lock:
            found = self._memo.get(name)
            computing = self._computing.setdefault(name, Lock())
        if found is None or found[0] != revision:
            with computing:  # concurrent requests wait for one computation
                with self._lock:
                    found = self._memo.get(name)
                if found is None or found[0] != revision:
                    found = (revision, compute())
                    with self._lock:
                        self._memo[name] = found
        value: T = found[1]
        return value

    def embedded(self, session: Session) -> dict[str, int]:
        """``classify.encoders.vectors.embedded_models`` of this revision (counting the vectors
        scans their table)."""
        return self.per_revision("embedded", lambda: embedded_models(session), session)

    def ranking(self, session: Session) -> RankingTable | None:
        """What full-text ranking adds to each provision's BM25, once per revision (an
        SQLite store; PostgreSQL ranks in the database)."""
        if self.engine.dialect.name != "sqlite":
            return None
        return self.per_revision("ranking", lambda: ranking_table(session), session)

    def place_names(self, session: Session, codes: Iterable[str]) -> dict[str, str]:
        """``store.instruments.jurisdiction_names`` from every name, read once per revision
        (a search page names the places of its 200 best hits)."""
        names = self.per_revision("place names", lambda: every_jurisdiction_name(session), session)
        return {code: names[code] for code in codes if code in names}

    def adherence(self, session: Session) -> AdherenceFacts:
        return self.per_revision("adherence", lambda: load_adherence(session), session)

    def knowledge(self, session: Session) -> MemberStateKnowledge:
        return self.per_revision("knowledge", lambda: member_state_knowledge(session), session)

    def token_ok(self, offered: str | None) -> bool:
        return (
            bool(self.api_token)
            and offered is not None
            and hmac.compare_digest(offered.encode(), self.api_token.encode())
        )

    def matrix(self, session: Session, embedder: Embedder) -> ProvisionMatrix:
        count = embedded_count(session, embedder.model_id)
        with self._lock:
            cached = self._matrices.get(embedder.model_id)
            if cached is None or cached[0] != count:
                matrix = provision_matrix(
                    session, embedder.model_id, embedder.dimension, vector_index_dir()
                )
                cached = (count, matrix)
                self._matrices[embedder.model_id] = cached
            return cached[1]


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.govatlas
    return state


def db_session(request: Request) -> Iterator[Session]:
    """A read-mostly session per request; writes commit explicitly."""
    with Session(app_state(request).engine, expire_on_commit=False) as session:
        yield session
