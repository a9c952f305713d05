"""The registry's audit log and API tokens as the store holds them: whether the log has
any entry, every entry in order, and a token by its hash.

``registry.audit`` (appending and verifying the hash chain) and ``registry.tokens``
call these. The head is read for update with ``session.get`` where it is appended;
hashing, signing and every write stay in ``registry``.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.registry_models import AuditEvent, RegistryToken

ENTRY_BATCH = 1000  # entries read at a time while the log is walked


def audit_has_entries(session: Session) -> bool:
    """Whether the audit log holds any entry."""
    return session.scalar(select(AuditEvent.id).limit(1)) is not None


def audit_entries(session: Session) -> Iterator[AuditEvent]:
    """Every entry of the audit log, by id, read in batches."""
    yield from session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(ENTRY_BATCH)


def token_by_hash(session: Session, digest: str) -> RegistryToken | None:
    """The API token whose SHA-256 is ``digest`` (revoked or not), or None."""
    return session.scalar(select(RegistryToken).where(RegistryToken.token_hash == digest))
