"""API tokens for registry members: a machine acting for an organisation in a role.

An administrator issues a token for an account (``govatlas registry token``), scoped to
a role no higher than the account's (a submitter's reporting pipeline can be given a
participant's read-only token) and to the account's organisation. The token is shown
once; the store keeps its SHA-256. It stops working when revoked, when its account is
disabled, and when the account's role or organisation changes so that the scope no
longer holds. Issuing and revoking are in the audit log (never the token itself).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.registry.records import Writer, require_administrator, viewer_named
from govatlas.registry.visibility import Viewer
from govatlas.store.models import UserAccount, utcnow
from govatlas.store.registry_audit import token_by_hash
from govatlas.store.registry_models import ROLES, RegistryMember, RegistryToken

PREFIX = "gar_"  # govatlas registry: tells a registry token from other secrets at a glance
RANK = {role: n for n, role in enumerate(reversed(ROLES))}  # participant 0 … administrator 3


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Issued:
    token: str  # shown once
    id: int
    role: str
    party_id: str | None


def issue_token(
    writer: Writer, account: str, role: str | None = None, label: str | None = None
) -> Issued:
    """A new token for ``account``, in ``role`` (default: the account's own)."""
    require_administrator(writer)
    session = writer.session
    viewer = viewer_named(session, account)
    if not viewer.member or viewer.role is None or viewer.account_id is None:
        raise InvalidInputError(
            f"{account} is not a registry member", "give it a role first: govatlas registry member"
        )
    chosen = role or viewer.role
    if chosen not in RANK:
        raise InvalidInputError(f"no role {chosen!r}", f"one of: {', '.join(ROLES)}")
    if RANK[chosen] > RANK[viewer.role]:
        raise InvalidInputError(
            f"a token cannot be {chosen}: {account} is a {viewer.role}",
            "a token's role is at most its account's",
        )
    if label is not None and len(label) > 200:
        raise InvalidInputError("a token's label is at most 200 characters")
    token = PREFIX + secrets.token_urlsafe(32)
    row = RegistryToken(
        token_hash=token_hash(token),
        account_id=viewer.account_id,
        role=chosen,
        party_id=viewer.party_id,
        label=label,
    )
    session.add(row)
    session.flush()
    writer.log(
        "token.issue",
        f"token:{row.id}",
        account=account,
        role=chosen,
        party=viewer.party_id,
        label=label or "",
    )
    return Issued(token, row.id, chosen, viewer.party_id)


def revoke_token(writer: Writer, token_id: int) -> RegistryToken:
    require_administrator(writer)
    row = writer.session.get(RegistryToken, token_id)
    if row is None:
        raise NotFoundError(f"no registry token {token_id}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        writer.session.flush()
        writer.log("token.revoke", f"token:{token_id}")
    return row


def token_viewer(session: Session, token: str) -> Viewer | None:
    """Who a token acts as, or None when it is unknown, revoked, its account disabled,
    or its scope no longer within the account's role and organisation."""
    if not token.startswith(PREFIX):
        return None
    row = token_by_hash(session, token_hash(token))
    if row is None or row.revoked_at is not None:
        return None
    account = session.get(UserAccount, row.account_id)
    member = session.get(RegistryMember, row.account_id)
    if account is None or account.disabled_at is not None or member is None:
        return None
    if member.party_id != row.party_id or RANK[member.role] < RANK[row.role]:
        return None
    return Viewer(account.id, account.name, row.role, row.party_id)
