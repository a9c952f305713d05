"""Accounts and their signed-in sessions as the store holds them: an account by its
name, every account by name, the names of a set of accounts, and a session with the
account it belongs to.

``accounts.users`` and ``accounts.sessions`` call these (passwords, expiry and CSRF
stay there); the registry reads accounts by name through them too. Names are matched
exactly: a caller that trims a typed name trims it before asking.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.store.models import UserAccount, UserSession


def account_named(session: Session, name: str) -> UserAccount | None:
    """The account called exactly ``name``, or None."""
    return session.scalar(select(UserAccount).where(UserAccount.name == name))


def account_id_named(session: Session, name: str) -> int | None:
    """The id of the account called exactly ``name``, or None."""
    return session.scalar(select(UserAccount.id).where(UserAccount.name == name))


def account_count(session: Session) -> int:
    """How many accounts there are (disabled ones too)."""
    return session.scalar(select(func.count()).select_from(UserAccount)) or 0


def accounts_by_name(session: Session) -> list[UserAccount]:
    """Every account, by name."""
    return list(session.scalars(select(UserAccount).order_by(UserAccount.name)))


def account_names(session: Session, account_ids: Collection[int]) -> list[str]:
    """The names of the accounts with these ids (unknown ids are left out; no order)."""
    return list(session.scalars(select(UserAccount.name).where(UserAccount.id.in_(account_ids))))


def session_with_account(session: Session, digest: str) -> tuple[UserSession, UserAccount] | None:
    """The stored session whose token hashes to ``digest``, with its account, or None."""
    row = session.execute(
        select(UserSession, UserAccount)
        .join(UserAccount, UserAccount.id == UserSession.account_id)
        .where(UserSession.id == digest)
    ).first()
    if row is None:
        return None
    found, account = row
    return found, account
