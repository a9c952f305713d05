"""The records sources gave, as stored (``SourceRecord``): the raw rows of AGORA, AIID,
the MIT risk repository and other sources, by source, kind and key; and the texts a
source's documents were stored as.

Ingest writes them (``ingest.pipeline``); classifiers read coded records as training
and evaluation data, the incidents package reads AIID's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.models import InstrumentVersion, SourceRecord


def source_record(session: Session, source: str, kind: str, key: str) -> SourceRecord | None:
    """The stored record of a source with this kind and key, if there is one."""
    query = select(SourceRecord).where(
        SourceRecord.source == source, SourceRecord.kind == kind, SourceRecord.key == key
    )
    return session.scalar(query)


def record_data(session: Session, source: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(key, data) of every record of one kind from a source, by key."""
    query = (
        select(SourceRecord.key, SourceRecord.data)
        .where(SourceRecord.source == source, SourceRecord.kind == kind)
        .order_by(SourceRecord.key)
    )
    return [(key, data) for key, data in session.execute(query)]


def has_records(session: Session, source: str, kind: str) -> bool:
    """Whether the store holds any record of this kind from the source."""
    query = select(SourceRecord.id).where(SourceRecord.source == source, SourceRecord.kind == kind)
    return session.execute(query.limit(1)).first() is not None


def source_texts(session: Session, source: str) -> list[tuple[str | None, str, str]]:
    """(source key, instrument, text) of every version stored from a source."""
    query = select(
        InstrumentVersion.source_key, InstrumentVersion.instrument_id, InstrumentVersion.text
    ).where(InstrumentVersion.source == source)
    return [(key, instrument, text) for key, instrument, text in session.execute(query)]
