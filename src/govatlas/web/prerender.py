"""Fill the page store before the atlas listens: every instrument and jurisdiction page.

An instrument page takes about 20 ms of one core to render from a full build, a
jurisdiction page about 30; under 20 concurrent visitors on two cores, rendering on
demand queues them for most of a second. Rendered once per store revision, ahead of
time, and kept in the page store (``page_store.py``) that every worker reads, the first
visit of any of them costs what a repeat does.

Pages are rendered by the app itself (the same middleware, templates and headers as a
visit), in ``processes`` worker processes, each an app of its own that keeps what it
renders in the store. Pages already stored for this revision are not rendered again,
so a second start on an unchanged store renders nothing.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from govatlas.config import pages_file
from govatlas.store.instruments import instrument_and_place_ids
from govatlas.web.app import create_app
from govatlas.web.cache import ResponseCache
from govatlas.web.page_store import PageStore, page_key

CHUNK = 16  # pages per task handed to a worker process


@dataclass(frozen=True)
class PrerenderResult:
    pages: int  # pages the atlas links to
    kept: int  # already stored for this revision
    rendered: int
    failed: list[str]
    seconds: float
    available: bool = True  # False: no page store could be opened; nothing was rendered


def page_paths(session: Session) -> list[str]:
    """The instrument pages and the pages of jurisdictions that have an instrument."""
    instruments, places = instrument_and_place_ids(session)
    return [f"/instruments/{i}" for i in instruments] + [f"/jurisdictions/{j}" for j in places]


def missing_paths(engine: Engine, paths: list[str]) -> list[str] | None:
    """``paths`` whose page the store does not hold for the current revision; None when
    there is no page store to fill (an in-memory database, a file that cannot be
    written)."""
    store = PageStore(pages_file(engine.url))
    if not store.enabled:
        return None
    revision = ResponseCache(pages=store).shared_revision(engine)
    held = store.keys(revision)
    if not store.enabled:
        return None
    return [p for p in paths if page_key(p, "", None) not in held]


_CLIENT: TestClient | None = None  # one app per worker process, made at its first task


def _render(paths: list[str]) -> list[tuple[str, int]]:
    """Request each of ``paths`` from this process's app, which stores the page."""
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = TestClient(create_app(), raise_server_exceptions=False)
    return [(path, _CLIENT.get(path).status_code) for path in paths]


def _chunks(paths: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(paths), CHUNK):
        yield paths[start : start + CHUNK]


def prerender(
    engine: Engine,
    processes: int,
    progress: Callable[[int, int], None] | None = None,
) -> PrerenderResult:
    """Render and store every page ``page_paths`` lists that the store lacks, in
    ``processes`` processes (each reads ``GOVATLAS_DB``, which must name ``engine``'s
    database, and needs ``GOVATLAS_PAGE_STORE`` set). ``progress(done, total)``."""
    started = time.monotonic()
    with Session(engine) as session:
        paths = page_paths(session)
    missing = missing_paths(engine, paths)
    if missing is None:
        return PrerenderResult(len(paths), 0, 0, [], time.monotonic() - started, False)
    wanted = missing
    failed: list[str] = []
    done = 0
    if wanted:
        context = multiprocessing.get_context("spawn")  # no forked engine or thread pool
        with context.Pool(max(1, processes)) as pool:
            for results in pool.imap_unordered(_render, _chunks(wanted)):
                failed += [path for path, status in results if status != 200]
                done += len(results)
                if progress is not None:
                    progress(done, len(wanted))
    return PrerenderResult(
        len(paths), len(paths) - len(wanted), done - len(failed), failed, time.monotonic() - started
    )
