"""Signed exports: the records a viewer may see, as one JSON document anyone can check
with the registry's public key alone.

The document names its format, when it was made, for whom (the public, or a role and
organisation: an export never holds more than its viewer may see), the records, and the
audit log's head at that moment; ``signature`` is the registry's Ed25519 signature of
the canonical JSON of everything else (sorted keys, no spaces, UTF-8), and ``key_id``
names the key. ``verify_export`` recomputes it: a changed, added or removed record, or
any other edit, fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError
from govatlas.registry.attachments import AttachmentInfo, attachment_index
from govatlas.registry.audit import HEAD_ID, instant
from govatlas.registry.records import records_for
from govatlas.registry.revisions import visible_revises
from govatlas.registry.signing import PublicKey, SigningKey
from govatlas.registry.visibility import Viewer
from govatlas.store.models import utcnow
from govatlas.store.registry_models import AuditHead, RegistryRecord
from govatlas.store.registry_records import party_id_names

FORMAT = "govatlas-registry-export/1"


def record_document(
    record: RegistryRecord,
    names: dict[str, str],
    viewer: Viewer,
    attachments: list[AttachmentInfo] | None = None,
    revises: int | None = None,
) -> dict[str, Any]:
    """A record as the API and exports give it; its author's account name and an
    officer's comment only to registry members; ``revises`` only when the viewer may see
    that edition; each attachment by name, size and SHA-256 (so a signed export vouches
    for the files too)."""
    found: dict[str, Any] = {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "body": record.body,
        "organisation": {"id": record.party_id, "name": names.get(record.party_id)},
        "tlp": record.tlp,
        "status": record.status,
        "answers": record.answers_id,
        "theme": record.theme,
        "nil_report": record.nil_report,
        "concepts": list(record.concepts or []),
        "provisions": list(record.provisions or []),
        "published_at": instant(record.published_at) if record.published_at else None,
        "version": record.version,
        "edition": record.edition,
        "revises": revises,
        "attachments": [a.as_dict() for a in attachments or []],
    }
    if viewer.member:
        found["author"] = record.author
        found["comment"] = record.comment
    return found


def record_documents(
    session: Session, records: list[RegistryRecord], viewer: Viewer
) -> list[dict[str, Any]]:
    """``record_document`` for many records, with their attachments and the editions
    they revise read in one query each (the caller has filtered them for ``viewer``)."""
    names = party_names(session)
    files = attachment_index(session, [r.id for r in records])
    earlier = visible_revises(session, viewer, records)
    return [record_document(r, names, viewer, files[r.id], earlier.get(r.id)) for r in records]


def party_names(session: Session) -> dict[str, str]:
    return dict(party_id_names(session))


def canonical(document: dict[str, Any]) -> bytes:
    """What the signature covers: the document without its signature, canonical JSON."""
    body = {k: v for k, v in document.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def export_document(session: Session, viewer: Viewer, signer: SigningKey) -> dict[str, Any]:
    """The records ``viewer`` may see, signed."""
    head = session.get(AuditHead, HEAD_ID)
    document: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": instant(utcnow()),
        "viewer": {"role": viewer.role, "organisation": viewer.party_id}
        if viewer.member
        else "public",
        "records": record_documents(session, records_for(session, viewer), viewer),
        "audit_head": {"last_id": head.last_id, "last_hash": head.last_hash} if head else None,
        "key_id": signer.public.key_id,
    }
    document["signature"] = signer.sign(canonical(document))
    return document


@dataclass(frozen=True)
class ExportCheck:
    ok: bool
    records: int
    reason: str = ""


def verify_export(document: object, public: PublicKey) -> ExportCheck:
    """Whether ``document`` is an export this key signed, unchanged."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInputError(f"not a registry export (format {FORMAT})")
    records = document.get("records")
    count = len(records) if isinstance(records, list) else 0
    if document.get("key_id") != public.key_id:
        return ExportCheck(False, count, "signed with another key than the one given")
    signature = document.get("signature")
    if not isinstance(signature, str) or not public.verifies(signature, canonical(document)):
        return ExportCheck(False, count, "the signature does not match: the file was changed")
    return ExportCheck(True, count)
