"""Writes under contention: a lock another process keeps becomes one clear error.

SQLite lets one writer at a time; a connection that waits longer than its busy
timeout for the lock (or whose read snapshot went stale before it could write)
gets "database is locked". That is not a bug to show as a traceback or a 500:
``locked`` recognises it, ``busy_error`` says what happened and what to do, and
``retrying`` runs a short unit of work again a few times before giving up, which
is what the web app does for reviews.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from govatlas.errors import BusyError
from govatlas.store.session import transaction

T = TypeVar("T")
LOCK_WORDS = ("database is locked", "database table is locked", "database is busy")


def locked(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's "database is locked" (or PostgreSQL's lock timeout)."""
    original = getattr(exc, "orig", exc)
    if isinstance(original, sqlite3.OperationalError):
        return any(word in str(original).lower() for word in LOCK_WORDS)
    return getattr(original, "sqlstate", None) in ("55P03", "40P01")  # lock timeout, deadlock


def busy_error() -> BusyError:
    return BusyError(
        "the database is busy: another process keeps its write lock "
        "(a long build, ingest or `crosswalk suggest`, say)",
        "try again in a few seconds; nothing was stored",
    )


def retrying(
    engine: Engine, work: Callable[[Session], T], attempts: int = 3, pause: float = 0.2
) -> T:
    """Run ``work`` in its own transaction, again after a short pause if the store is
    locked; a lock that persists is a ``BusyError``."""
    for attempt in range(attempts):
        try:
            with transaction(engine) as session:
                return work(session)
        except DBAPIError as exc:
            if not locked(exc):
                raise
            if attempt == attempts - 1:
                raise busy_error() from exc
            time.sleep(pause * 2**attempt)
    raise AssertionError("unreachable")
