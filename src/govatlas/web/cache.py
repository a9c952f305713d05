"""A response cache for GET requests, keyed by URL and the store's revision.

The atlas is read-mostly: pages and API answers change only when the store does
(a build, an import, a review) or a model's saved figures do. The *revision*
is one cheap query over the tables writes touch (ids, counts, review-status
counts and the newest timestamps), plus the modification times of the JSON
files beside the trained models (quality figures behind the experimental flags,
the crosswalk ranker behind "not learnt yet"); any write changes it. The
revision is re-read at most every ``REVISION_TTL`` seconds, and at once after a
write made through this server, so a write from the CLI shows within a second
and one from the web at once.
Concurrent misses for the same URL wait for the first one instead of all
rendering it. Entries are kept least-recently-used, bounded in count and bytes.
Behind this per-process cache sits the page store (``page_store.py``), shared by
every worker and filled before the server listens: a miss here for an instrument,
jurisdiction, concept, taxonomy or comparison page is looked up there before it is
rendered, and what is rendered is kept there.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.config import models_dir
from govatlas.i18n.languages import DEFAULT
from govatlas.store.revision import store_revision
from govatlas.web.page_store import (
    PageStore,
    StoredPage,
    code_stamp,
    hash_of,
    page_key,
    shared,
)

MAX_ENTRIES = 512
MAX_BYTES = 96 * 1024 * 1024
MAX_ENTRY_BYTES = 4 * 1024 * 1024
REVISION_TTL = 1.0
Key = tuple[object, ...]


def model_files_revision(folder: Path) -> tuple[tuple[str, int], ...]:
    """Each JSON file under the models folder with its modification time."""
    if not folder.is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*.json")))


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def _response(cached: CachedResponse) -> Response:
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in cached.headers}
    return Response(cached.body, status_code=cached.status, headers=headers)


@dataclass
class ResponseCache:
    entries: OrderedDict[Key, CachedResponse] = field(default_factory=OrderedDict)
    size: int = 0
    hits: int = 0
    misses: int = 0
    writes: int = 0
    pages: PageStore = field(default_factory=lambda: PageStore(None))
    _revision: tuple[float, Key, str] | None = None
    _inflight: dict[Key, asyncio.Future[None]] = field(default_factory=dict)
    _lock: Lock = field(default_factory=Lock)
    _refreshing: Lock = field(default_factory=Lock)

    def written(self) -> None:
        """A write went through this server: forget the revision now."""
        self.writes += 1
        self._revision = None

    async def revision(self, engine: Engine) -> Key:
        return await run_in_threadpool(self.current_revision, engine)

    def shared_revision(self, engine: Engine, session: Session | None = None) -> str:
        """A digest of the revision that every process computes alike (it leaves out this
        process's own count of writes): the page store's key."""
        self.current_revision(engine, session)
        found = self._revision
        return found[2] if found is not None else ""

    def current_revision(self, engine: Engine, session: Session | None = None) -> Key:
        """The store's and the models' revision, read at most once every REVISION_TTL
        seconds (reading it scans a few tables: tens of milliseconds on a full build),
        and at once after a write through this server. Caches of computed figures (the
        coverage of every jurisdiction, which embedding models have vectors) key on it."""
        now = time.monotonic()
        found = self._revision
        if found is not None and now - found[0] <= REVISION_TTL:
            return found[1]
        # One request re-reads it; the others go on with the value a second old instead
        # of all reading it at once (under load, that was a sixth of a worker's time).
        if found is not None and not self._refreshing.acquire(blocking=False):
            return found[1]
        if found is None:
            self._refreshing.acquire()
        try:
            found = self._revision
            if found is None or time.monotonic() - found[0] > REVISION_TTL:
                writes = self.writes
                store = store_revision(engine, session)
                files = model_files_revision(models_dir())
                digest = hash_of(repr((code_stamp(), files, *store)))
                found = (time.monotonic(), (writes, files, *store), digest)
                if self.writes == writes:  # a write during the read makes it stale at once
                    self._revision = found
            return found[1]
        finally:
            self._refreshing.release()

    def get(self, key: Key) -> CachedResponse | None:
        with self._lock:
            found = self.entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Key, response: CachedResponse) -> None:
        if len(response.body) > MAX_ENTRY_BYTES:
            return
        with self._lock:
            if key in self.entries:
                return
            self.entries[key] = response
            self.size += len(response.body)
            while len(self.entries) > MAX_ENTRIES or self.size > MAX_BYTES:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped.body)

    async def serve(
        self,
        request: Request,
        engine: Engine,
        call_next: Callable[[Request], Awaitable[Response]],
    ) -> Response:
        """The cached answer to a GET, or the app's answer (kept when it is a 200)."""
        key = (
            request.url.path,
            request.url.query,
            request.headers.get("if-none-match"),
            request.headers.get("hx-request"),
            await self.revision(engine),
            getattr(request.state, "language", DEFAULT),
        )
        waiting = self._inflight.get(key)
        if waiting is not None:
            await asyncio.shield(waiting)
        cached = self.get(key)
        if cached is not None:
            return _response(cached)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._inflight[key] = done
        try:
            in_store = None
            if self.pages.enabled and shared(request.url.path) and key[2] is None:
                # every language's pages are kept (English ones are rendered before the
                # server listens, the others when first asked for)
                revision = self._revision[2] if self._revision is not None else ""
                in_store = (
                    revision,
                    page_key(request.url.path, request.url.query, key[3], key[5]),
                )
                page = await run_in_threadpool(self.pages.get, *in_store)
                if page is not None:
                    stored = CachedResponse(200, page.headers, page.body)
                    self.put(key, stored)
                    return _response(stored)
            response = await call_next(request)
            private = "no-store" in response.headers.get("cache-control", "")
            if response.status_code != 200 or "set-cookie" in response.headers or private:
                return response  # a cookie is one visitor's (the sign-in form's CSRF value)
            chunks = [chunk async for chunk in response.body_iterator]  # type: ignore[attr-defined]
            headers = [(k, v) for k, v in response.headers.raw if k.lower() != b"content-length"]
            stored = CachedResponse(200, headers, b"".join(chunks))
            self.put(key, stored)
            if in_store is not None and in_store[0]:
                page = StoredPage(headers, stored.body)
                await run_in_threadpool(self.pages.put, *in_store, page)
            return _response(stored)
        finally:
            self._inflight.pop(key, None)
            done.set_result(None)
