"""The registry's audit log: append-only, each entry chained to the one before by hash.

Every write to the registry appends one ``audit_event`` in the same transaction: who,
what, on which subject, with what (``payload``), when, and the previous entry's hash.
An entry's ``hash`` is the SHA-256 of its canonical JSON (sorted keys, no spaces, UTC
time to the microsecond) including ``prev_hash``, so changing any field of any entry,
removing one or swapping two breaks the chain from there on. The log's newest entry is
also named, signed with the registry's Ed25519 key, in ``audit_head``: removing the last
entries (which leaves an intact but shorter chain) is found because the signed head
names an entry that is no longer there, and a rewritten log because its head no longer
verifies. ``checkpoint`` gives the signed head as JSON to keep outside the database,
which also finds a log rolled back to an older signed head.

Entries get consecutive ids from the head, which is read for update: two writers never
both extend the same entry (on SQLite the database lock, on PostgreSQL the row lock).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from govatlas.errors import ConflictError, InvalidInputError
from govatlas.registry.signing import PublicKey, SigningKey
from govatlas.store.models import utcnow
from govatlas.store.registry_audit import audit_entries, audit_has_entries
from govatlas.store.registry_models import AuditEvent, AuditHead

GENESIS = "0" * 64  # the previous hash of the first entry
HEAD_ID = 1


def instant(at: datetime) -> str:
    """A time as the hash reads it: UTC, to the microsecond (a naive time is UTC, as
    SQLite gives it back)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    entry_id: int,
    prev_hash: str,
    actor: str,
    action: str,
    subject: str,
    payload: dict[str, Any],
    at: datetime,
) -> str:
    document = {
        "id": entry_id,
        "prev_hash": prev_hash,
        "actor": actor,
        "action": action,
        "subject": subject,
        "payload": payload,
        "at": instant(at),
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def head_message(last_id: int, last_hash: str) -> bytes:
    """What the head's signature covers."""
    return f"govatlas-audit-head:{last_id}:{last_hash}".encode("ascii")


def append(
    session: Session,
    signer: SigningKey,
    actor: str,
    action: str,
    subject: str,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one entry after the newest and sign the new head (in the caller's
    transaction: the write and its record stand or fall together)."""
    if not actor.strip() or not action.strip():
        raise InvalidInputError("an audit entry needs its actor and action")
    head = session.get(AuditHead, HEAD_ID, with_for_update=True)
    if head is None:
        if audit_has_entries(session):
            raise ConflictError(
                "the audit log has entries but no signed head",
                "run `govatlas registry verify`: the log was changed outside govatlas",
            )
        last_id, last_hash = 0, GENESIS
    else:
        last_id, last_hash = head.last_id, head.last_hash
    at = datetime.strptime(instant(utcnow()), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    body = dict(payload or {})
    entry = AuditEvent(
        id=last_id + 1,
        prev_hash=last_hash,
        actor=actor,
        action=action,
        subject=subject,
        payload=body,
        at=at,
        hash=entry_hash(last_id + 1, last_hash, actor, action, subject, body, at),
    )
    session.add(entry)
    public = signer.public
    signature = signer.sign(head_message(entry.id, entry.hash))
    if head is None:
        session.add(
            AuditHead(
                id=HEAD_ID,
                last_id=entry.id,
                last_hash=entry.hash,
                key_id=public.key_id,
                signature=signature,
                signed_at=at,
            )
        )
    else:
        head.last_id, head.last_hash = entry.id, entry.hash
        head.key_id, head.signature, head.signed_at = public.key_id, signature, at
    session.flush()
    return entry


@dataclass(frozen=True)
class Verdict:
    """What ``verify`` found: ``ok``, how many entries it checked, and the first bad
    entry with the reason (``bad_entry`` 0 when the fault is the head's)."""

    ok: bool
    checked: int
    bad_entry: int | None = None
    reason: str = ""


def verify(
    session: Session, public: PublicKey | None, checkpoint: dict[str, Any] | None = None
) -> Verdict:
    """Walk the log from its first entry: ids consecutive from 1, each entry's
    ``prev_hash`` the hash of the one before, each hash recomputed; then the signed head
    names the last entry and (given the public key) its signature verifies; then (given
    a checkpoint kept elsewhere) the log still holds the entry it names, unchanged."""
    expected_prev, expected_id, checked = GENESIS, 1, 0
    hashes: dict[int, str] = {}
    for entry in audit_entries(session):
        if entry.id != expected_id:
            return Verdict(
                False, checked, expected_id, f"entry {expected_id} is missing (next is {entry.id})"
            )
        if entry.prev_hash != expected_prev:
            return Verdict(
                False, checked, entry.id, f"entry {entry.id} does not follow entry {entry.id - 1}"
            )
        recomputed = entry_hash(
            entry.id,
            entry.prev_hash,
            entry.actor,
            entry.action,
            entry.subject,
            dict(entry.payload or {}),
            entry.at,
        )
        if recomputed != entry.hash:
            return Verdict(False, checked, entry.id, f"entry {entry.id} was changed")
        expected_prev, expected_id = entry.hash, entry.id + 1
        checked += 1
        if checkpoint is not None and entry.id == checkpoint.get("last_id"):
            hashes[entry.id] = entry.hash
    last_id = expected_id - 1
    head = session.get(AuditHead, HEAD_ID)
    if head is None:
        if checked:
            return Verdict(False, checked, 0, "the signed head of the log is missing")
    else:
        if head.last_id != last_id or head.last_hash != expected_prev:
            return Verdict(
                False,
                checked,
                min(head.last_id, last_id + 1),
                f"the log ends at entry {last_id} but its signed head names entry "
                f"{head.last_id}: entries were removed or added outside govatlas",
            )
        if public is not None:
            if head.key_id != public.key_id:
                return Verdict(False, checked, 0, "the head is signed with another key")
            if not public.verifies(head.signature, head_message(head.last_id, head.last_hash)):
                return Verdict(False, checked, 0, "the head's signature does not verify")
    if checkpoint is not None:
        kept_id = int(checkpoint.get("last_id", 0))
        if kept_id > last_id:
            return Verdict(
                False,
                checked,
                last_id + 1,
                f"the kept checkpoint names entry {kept_id}; the log ends at {last_id}",
            )
        if hashes.get(kept_id) != checkpoint.get("last_hash"):
            return Verdict(
                False, checked, kept_id, f"entry {kept_id} differs from the kept checkpoint"
            )
    return Verdict(True, checked)


def checkpoint(session: Session) -> dict[str, Any]:
    """The signed head as JSON, to keep outside the database (``verify --checkpoint``)."""
    head = session.get(AuditHead, HEAD_ID)
    if head is None:
        raise InvalidInputError("the audit log is empty: nothing to checkpoint")
    return {
        "last_id": head.last_id,
        "last_hash": head.last_hash,
        "key_id": head.key_id,
        "signature": head.signature,
        "signed_at": instant(head.signed_at),
    }
