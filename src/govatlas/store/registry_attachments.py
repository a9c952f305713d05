"""Files attached to registry records as the store holds them: how many a record holds,
a record's files with their bytes, and what is said about the files of a set of
records (never their bytes).

``registry.attachments``, ``registry.revisions`` (copying a record's files to its next
edition) and ``registry.editions`` (comparing two editions' files) call these. Checking
a file, and every write with its audit entry, stay in ``registry``.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.store.registry_models import RegistryAttachment

# (id, record, filename, media type, size, SHA-256, whether it has text)
AttachmentRow = tuple[int, int, str, str, int, str, bool]


def attachment_count(session: Session, record_id: int) -> int:
    """How many files the record holds."""
    held = session.scalar(
        select(func.count(RegistryAttachment.id)).where(RegistryAttachment.record_id == record_id)
    )
    return held or 0


def attachments_of(session: Session, record_id: int) -> list[RegistryAttachment]:
    """The record's files with their bytes and text, oldest first."""
    query = select(RegistryAttachment).where(RegistryAttachment.record_id == record_id)
    return list(session.scalars(query.order_by(RegistryAttachment.id)))


def attachment_rows(session: Session, record_ids: Collection[int]) -> list[AttachmentRow]:
    """What is said about the files of these records, oldest first, without their
    bytes."""
    query = (
        select(
            RegistryAttachment.id,
            RegistryAttachment.record_id,
            RegistryAttachment.filename,
            RegistryAttachment.media_type,
            RegistryAttachment.size,
            RegistryAttachment.sha256,
            func.length(RegistryAttachment.text) > 0,
        )
        .where(RegistryAttachment.record_id.in_(record_ids))
        .order_by(RegistryAttachment.id)
    )
    return [
        (aid, rid, name, media, size, digest, bool(has_text))
        for aid, rid, name, media, size, digest, has_text in session.execute(query).all()
    ]
