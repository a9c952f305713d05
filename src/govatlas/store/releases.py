"""Dataset releases: a frozen, content-hashed state of the data that outputs cite.

The hash covers every instrument version (by content hash) and every label, so
two releases of the same data have the same hash and creating a release twice
without changes returns the existing one.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from govatlas.store.models import (
    DatasetRelease,
    Instrument,
    InstrumentVersion,
    Label,
    Provision,
    SourceRecord,
)


def data_hash(session: Session) -> str:
    digest = hashlib.sha256()
    for instrument_id, version_hash in session.execute(
        select(InstrumentVersion.instrument_id, InstrumentVersion.content_hash).order_by(
            InstrumentVersion.instrument_id, InstrumentVersion.content_hash
        )
    ):
        digest.update(f"v\t{instrument_id}\t{version_hash}\n".encode())
    labels = session.execute(
        select(
            Label.concept_id,
            Label.instrument_id,
            Label.provision_id,
            Label.method,
            Label.review_status,
            Label.provenance,
            Label.score,
        )
    ).all()
    for row in sorted(labels, key=lambda r: tuple(str(x) for x in r)):
        digest.update(("l\t" + "\t".join(str(x) for x in row) + "\n").encode())
    for source, kind, key, record_hash in session.execute(
        select(
            SourceRecord.source, SourceRecord.kind, SourceRecord.key, SourceRecord.content_hash
        ).order_by(SourceRecord.source, SourceRecord.kind, SourceRecord.key)
    ):
        digest.update(f"r\t{source}\t{kind}\t{key}\t{record_hash}\n".encode())
    return digest.hexdigest()


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def create_release(
    session: Session, tag: str | None = None, note: str | None = None
) -> tuple[DatasetRelease, bool]:
    """Freeze the current data; returns (release, created)."""
    content = data_hash(session)
    existing = release_of_data(session, content)
    if existing is not None:
        return existing, False
    now = datetime.now(UTC)
    release = DatasetRelease(
        id=content[:16],
        tag=tag or f"{now:%Y-%m-%d}-{content[:8]}",
        content_hash=content,
        note=note,
        counts={
            "instruments": _count(session, Instrument),
            "versions": _count(session, InstrumentVersion),
            "provisions": _count(session, Provision),
            "labels": _count(session, Label),
            "records": _count(session, SourceRecord),
        },
        created_at=now,
    )
    session.add(release)
    session.flush()
    return release, True


def list_releases(session: Session) -> list[DatasetRelease]:
    return list(session.scalars(select(DatasetRelease).order_by(DatasetRelease.created_at.desc())))


def newest_release(session: Session) -> DatasetRelease | None:
    return session.scalars(
        select(DatasetRelease).order_by(DatasetRelease.created_at.desc()).limit(1)
    ).first()


def release_of_data(session: Session, content_hash: str) -> DatasetRelease | None:
    """The release whose data has this content hash, if one was made."""
    return session.scalar(select(DatasetRelease).where(DatasetRelease.content_hash == content_hash))


def release_named(session: Session, wanted: str) -> DatasetRelease | None:
    """The release with this id or this tag."""
    query = select(DatasetRelease).where(
        or_(DatasetRelease.id == wanted, DatasetRelease.tag == wanted)
    )
    return session.scalar(query)
