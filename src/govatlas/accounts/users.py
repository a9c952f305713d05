"""Accounts and their passwords: argon2id hashes (``argon2-cffi``), never the password.

Passwords reach this module from a prompt or standard input (``govatlas users
add``), never from the command line, where other users of the machine could read
them. Verifying an unknown name still costs one hash, so the time of an answer
does not tell which names exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.store.accounts import account_id_named, account_named, accounts_by_name
from govatlas.store.models import UserAccount, UserSession, utcnow

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._@-]{0,98}[A-Za-z0-9.]?")
HASHER = PasswordHasher()  # argon2id with the library's current parameters


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the name is unknown, so that both cost the same
    (computed on first use: hashing at import would slow every command's start)."""
    return HASHER.hash("govatlas: a password nobody has")


@dataclass(frozen=True)
class UserView:
    id: int
    name: str
    created_at: datetime
    disabled_at: datetime | None


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(
            f"the password has {len(password)} characters; at least {MIN_PASSWORD} are needed",
            "choose a longer passphrase",
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInputError(f"the password is over {MAX_PASSWORD} characters")


def add_user(session: Session, name: str, password: str) -> UserAccount:
    """Create an account; the name is what decisions will be recorded under."""
    clean = name.strip()
    if not NAME.fullmatch(clean):
        raise InvalidInputError(
            f"{name!r} is not a usable account name",
            "use 1-100 letters, digits, spaces and . _ @ -, starting with a letter or digit",
        )
    if account_id_named(session, clean) is not None:
        raise InvalidInputError(f"an account named {clean!r} exists", "choose another name")
    check_password(password)
    account = UserAccount(name=clean, password_hash=HASHER.hash(password))
    session.add(account)
    session.flush()
    return account


def get_user(session: Session, name: str) -> UserAccount:
    account = account_named(session, name.strip())
    if account is None:
        raise NotFoundError(f"no account named {name!r}", "`govatlas users list` shows them")
    return account


def list_users(session: Session) -> list[UserView]:
    return [UserView(a.id, a.name, a.created_at, a.disabled_at) for a in accounts_by_name(session)]


def disable_user(session: Session, name: str) -> UserAccount:
    """Disable an account and end its sessions; its past decisions keep its name."""
    account = get_user(session, name)
    if account.disabled_at is None:
        account.disabled_at = utcnow()
    session.execute(delete(UserSession).where(UserSession.account_id == account.id))
    session.flush()
    return account


def verify(session: Session, name: str, password: str) -> UserAccount | None:
    """The enabled account with this name and password, else None (same cost either way)."""
    account = account_named(session, name.strip())
    try:
        HASHER.verify(account.password_hash if account else _dummy_hash(), password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if account is None or account.disabled_at is not None:
        return None
    if HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = HASHER.hash(password)
    return account
