"""Backoff after failed sign-ins, per account name and per client address.

After ``FREE_FAILURES`` failures in a row a key is locked for 2, 4, 8 ...
seconds, up to ``MAX_LOCK``; a success clears the account's and the client's
counts. Locks are checked before any password is hashed, so guessing costs the
guesser time and the server nothing. The counts live in the store, so every
worker process and restart sees them.
"""

from __future__ import annotations

import math
from datetime import UTC, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.errors import TooManyRequestsError
from govatlas.store.models import SignInThrottle, utcnow

FREE_FAILURES = 5
MAX_LOCK = 15 * 60  # seconds


def keys(name: str, client: str) -> list[str]:
    return [f"account:{name.strip().lower()[:150]}", f"client:{client[:150]}"]


def check_throttle(session: Session, name: str, client: str) -> None:
    """Refuse a sign-in while the account or the client is locked."""
    now = utcnow()
    for key in keys(name, client):
        row = session.get(SignInThrottle, key)
        until = row.locked_until if row else None
        if until is not None:
            until = until if until.tzinfo else until.replace(tzinfo=UTC)
            if until > now:
                wait = math.ceil((until - now).total_seconds())
                raise TooManyRequestsError(
                    "too many failed sign-ins; signing in is paused",
                    f"try again in {wait} s",
                    retry_after=wait,
                )


def record_failure(session: Session, name: str, client: str) -> None:
    now = utcnow()
    for key in keys(name, client):
        row = session.get(SignInThrottle, key) or SignInThrottle(key=key, failures=0)
        row.failures += 1
        if row.failures >= FREE_FAILURES:
            lock = min(MAX_LOCK, 2 ** (row.failures - FREE_FAILURES + 1))
            row.locked_until = now + timedelta(seconds=lock)
        session.add(row)
    session.flush()


def record_success(session: Session, name: str, client: str) -> None:
    session.execute(delete(SignInThrottle).where(SignInThrottle.key.in_(keys(name, client))))
