"""Rendered pages kept on disk, shared by every worker process of the atlas.

Each worker keeps its own response cache in memory (``cache.py``); a page one worker
renders is unknown to the others, and every worker starts empty. The page store is
the tier behind it: an SQLite file beside the database (``atlas.db`` keeps its pages
in ``atlas-pages.db``) holding the pages of one store revision, compressed. A worker
that renders a page of the kinds listed in ``SHARED_PATHS`` writes it there; any
worker that misses in memory reads it from there (well under a millisecond, against
tens of milliseconds to render an instrument page). ``govatlas serve`` fills it
before it listens (``prerender.py``), so the first visitor of each instrument and
jurisdiction page gets it at once.

Pages are keyed by the revision's digest (``ResponseCache``) and the code that
rendered them (``code_stamp``): any write to the store changes the revision, and the
pages of an older revision are deleted when the first page of a newer one is stored.
The store is a cache: it never holds anything that cannot be rendered again, and an
error reading or writing it (a full disk, a damaged file) turns it off for the process
with one warning, never a failed page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from govatlas import __version__
from govatlas.i18n.languages import DEFAULT

log = logging.getLogger(__name__)

# Pages worth sharing: a bounded set (one per instrument, place, concept, taxonomy or
# compared pair that someone visits), costly to render. Searches are not: every query
# is a new URL, and keeping them would grow the file without bound.
SHARED_PATHS = ("/instruments/", "/jurisdictions/", "/concepts/", "/taxonomies/", "/compare")
BUSY_MS = 200  # how long a write waits for the other worker's write before giving up
SCHEMA = """
CREATE TABLE IF NOT EXISTS page (
    revision TEXT NOT NULL,
    key TEXT NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (revision, key)
)
"""


@cache
def code_stamp() -> str:
    """The govatlas version and the modification times of the templates, the static
    files, the message catalogs and the concept translations: a page rendered by other
    code or with other words is another page."""
    package = Path(__file__).parents[1]
    folders = ("web/templates", "web/static", "html", "i18n/locale", "taxonomy/translations")
    files = sorted(
        (str(p.relative_to(package)), p.stat().st_mtime_ns)
        for folder in folders
        for p in (package / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    return f"{__version__}:{hash_of(repr(files))}"


def hash_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class StoredPage:
    headers: list[tuple[bytes, bytes]]
    body: bytes


def shared(path: str) -> bool:
    """Whether pages at ``path`` are kept in the page store."""
    return path.startswith(SHARED_PATHS)


class PageStore:
    """One SQLite file of compressed pages; one connection per thread."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.enabled = path is not None
        self._local = threading.local()
        self._pruned: str | None = None

    def _connection(self) -> sqlite3.Connection:
        found: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if found is None:
            assert self.path is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            found = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
            found.execute("PRAGMA journal_mode=WAL")
            found.execute("PRAGMA synchronous=NORMAL")
            found.execute(SCHEMA)
            self._local.connection = found
        return found

    def _failed(self, exc: Exception) -> None:
        if self.enabled:
            log.warning("page store %s turned off for this process: %s", self.path, exc)
        self.enabled = False

    def get(self, revision: str, key: str) -> StoredPage | None:
        if not self.enabled:
            return None
        try:
            row = (
                self._connection()
                .execute(
                    "SELECT headers, body FROM page WHERE revision = ? AND key = ?", (revision, key)
                )
                .fetchone()
            )
            if row is None:
                return None
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in json.loads(row[0])]
            return StoredPage(headers, zlib.decompress(row[1]))
        except (sqlite3.Error, zlib.error, ValueError, OSError) as exc:
            self._failed(exc)
            return None

    def put(self, revision: str, key: str, page: StoredPage) -> None:
        """Keep ``page``; the first page of a new revision deletes the older ones. A write
        the other worker holds up for longer than ``BUSY_MS`` is skipped, not waited for."""
        if not self.enabled:
            return
        headers = json.dumps([(k.decode("latin-1"), v.decode("latin-1")) for k, v in page.headers])
        try:
            connection = self._connection()
            if self._pruned != revision:
                connection.execute("DELETE FROM page WHERE revision != ?", (revision,))
                self._pruned = revision
            connection.execute(
                "INSERT OR IGNORE INTO page (revision, key, headers, body) VALUES (?, ?, ?, ?)",
                (revision, key, headers, zlib.compress(page.body, 6)),
            )
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                self._failed(exc)
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)

    def keys(self, revision: str) -> set[str]:
        """The keys stored for ``revision``."""
        if not self.enabled:
            return set()
        try:
            rows = self._connection().execute(
                "SELECT key FROM page WHERE revision = ?", (revision,)
            )
            return {str(key) for (key,) in rows}
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
            return set()


def page_key(path: str, query: str, htmx: str | None, language: str = DEFAULT) -> str:
    """The store's key of a request: its language (English pages have none), path, query
    and whether htmx asked for a fragment."""
    prefix = "" if language == DEFAULT else f"/{language}"
    return f"{prefix}{path}?{query}" + (f"#hx={htmx}" if htmx else "")
