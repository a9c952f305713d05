"""Engines for SQLite (embedded default) and PostgreSQL, with clear errors.

SQLite gets WAL journaling, foreign keys, a busy timeout and memory-mapped reads
(``SQLITE_MMAP_BYTES``) on every connection; ``postgresql://`` URLs are routed to
psycopg 3 with server-side prepared statements off (``POSTGRES_CONNECT``). A bad URL
or an unreachable server becomes a ``StoreUnavailableError``
naming the URL (without its password) and what to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from govatlas.errors import StoreUnavailableError

URL_HINT = (
    "set GOVATLAS_DB to an SQLAlchemy URL such as sqlite:////path/to/govatlas.db "
    "or postgresql://user:password@host:5432/dbname"
)


def parse_db_url(raw: str) -> URL:
    """Parse and normalise a database URL, or explain why it is wrong."""
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise StoreUnavailableError(f"invalid database URL {raw!r}: {exc}", URL_HINT) from exc
    backend = url.get_backend_name()
    if backend == "postgresql" and url.drivername != "postgresql+psycopg":
        url = url.set(drivername="postgresql+psycopg")
    elif backend not in ("sqlite", "postgresql"):
        raise StoreUnavailableError(
            f"unsupported database {backend!r} in {url.render_as_string(hide_password=True)}",
            "govatlas supports SQLite and PostgreSQL; " + URL_HINT,
        )
    return url


# Reads through a memory map instead of a read() call per page: a full-text search
# looks up every matching provision's row, and the store (hundreds of MB) is far larger
# than SQLite's default 2 MB page cache. Mapped pages are the operating system's page
# cache, shared by every process (both web workers) that reads the file; on a full
# build a search's ranked query takes 3.3 ms instead of 8.1.
SQLITE_MMAP_BYTES = 1024 * 1024 * 1024


def _sqlite_setup(busy_timeout: float) -> Any:
    def configure(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.close()

    return configure


# A web server runs up to 40 requests at once in its thread pool (AnyIO's default),
# each holding a connection: the pool must not make them queue behind each other.
SERVER_POOL = {"pool_size": 10, "max_overflow": 30}
# psycopg prepares a statement on the server after its fifth run, and PostgreSQL then
# plans it once for any parameters: a full-text search planned for a rare word scans
# every provision for a common one (20-40x slower at 100k provisions, measured in
# benchmarks/scale.py). Unprepared statements are planned for their own words, and work
# behind PgBouncer in transaction mode (docs/scale-out.md).
POSTGRES_CONNECT = {"connect_timeout": 5, "prepare_threshold": None}


def make_engine(
    raw_url: str,
    create: bool = True,
    busy_timeout: float = 10.0,
    server: bool = False,
    pool: Mapping[str, int] | None = None,
) -> Engine:
    """Create an engine for ``raw_url``.

    ``create``: an SQLite file (and its folder) may be created; commands that only
    read pass False, so a mistyped ``GOVATLAS_DB`` is one clear error instead of a
    new empty database. ``busy_timeout``: seconds a statement waits for another
    connection's write lock on SQLite before failing. ``server``: a connection pool
    for a web server's concurrent requests (``pool``: its ``pool_size`` and
    ``max_overflow``, by default ``SERVER_POOL``).
    """
    pool = dict(pool or SERVER_POOL) if server else {}
    url = parse_db_url(raw_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            path = Path(url.database).expanduser()
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            elif not path.is_file():
                raise StoreUnavailableError(
                    f"no database at {path}",
                    "check GOVATLAS_DB, or create the database with `govatlas build` "
                    "(or `govatlas db upgrade`)",
                )
        engine = create_engine(url, connect_args={"timeout": busy_timeout}, **pool)
        event.listen(engine, "connect", _sqlite_setup(busy_timeout))
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=POSTGRES_CONNECT, **pool)
    except NoSuchModuleError as exc:
        raise StoreUnavailableError(
            f"no driver for {url.drivername}", "use postgresql+psycopg:// (psycopg 3)"
        ) from exc


def describe(engine: Engine) -> str:
    """The engine's URL with the password hidden, for messages."""
    return engine.url.render_as_string(hide_password=True)


def check_connection(engine: Engine) -> None:
    """Open a connection or raise a one-line explanation."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (DBAPIError, sqlite3.Error) as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise StoreUnavailableError(
            f"cannot reach the database at {describe(engine)}: {reason}",
            "check that the server is running and the URL is right; " + URL_HINT,
        ) from exc
