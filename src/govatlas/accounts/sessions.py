"""Signed-in browsers: a random token in the cookie, its SHA-256 in the store.

A session lasts ``SESSION_HOURS`` and is replaced at every sign-in (a token
planted before sign-in is worthless after it). Each session has its own CSRF
value, which every form that writes (logout included) must send back. Disabling
an account ends its sessions at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.store.accounts import session_with_account
from govatlas.store.models import UserAccount, UserSession, utcnow

SESSION_HOURS = 8


@dataclass(frozen=True)
class SignedIn:
    """The account behind a request's session cookie."""

    account_id: int
    name: str
    csrf: str
    session_id: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sign_in(session: Session, account: UserAccount, previous_token: str | None = None) -> str:
    """A new session for ``account`` (ending ``previous_token``'s and any expired ones);
    returns the token for the cookie."""
    now = utcnow()
    stale = UserSession.expires_at < now
    if previous_token:
        stale = stale | (UserSession.id == _digest(previous_token))
    session.execute(delete(UserSession).where(stale))
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            id=_digest(token),
            account_id=account.id,
            csrf=secrets.token_hex(32),
            created_at=now,
            expires_at=now + timedelta(hours=SESSION_HOURS),
        )
    )
    session.flush()
    return token


def find_session(session: Session, token: str | None) -> SignedIn | None:
    """The live session of an enabled account that ``token`` names, else None."""
    if not token or len(token) > 200:
        return None
    row = session_with_account(session, _digest(token))
    if row is None:
        return None
    found, account = row
    if _aware(found.expires_at) <= utcnow() or account.disabled_at is not None:
        return None
    return SignedIn(account.id, account.name, found.csrf, found.id)


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(UserSession).where(UserSession.id == _digest(token)))
