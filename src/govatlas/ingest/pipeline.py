"""Storing one ``SourceDocument``: instrument, version, provisions, labels, records.

Called inside one transaction per document by the runner, so a failure stores
nothing of that document. Re-storing unchanged input changes nothing: versions
are keyed by content hash, labels and records are replaced only when different.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from govatlas.ingest.language import detect_language
from govatlas.ingest.linking import Linker
from govatlas.ingest.segment import segment
from govatlas.sources.records import ProvisionDraft, SourceDocument
from govatlas.store.instruments import add_version, get_instrument
from govatlas.store.models import Instrument, InstrumentVersion, Label, Provision, SourceRecord
from govatlas.store.taxonomies import concept_id


@dataclass
class StoredDocument:
    instrument_id: str | None = None
    instrument_created: bool = False
    version_created: bool = False
    version_id: int | None = None
    provisions: int = 0
    labels: int = 0
    records: int = 0


def _drafts_from_segmenter(text: str) -> list[ProvisionDraft]:
    return [
        ProvisionDraft(s.path, s.kind, s.heading, s.start, s.end, s.parent) for s in segment(text)
    ]


def own_texts(text: str, drafts: list[ProvisionDraft]) -> dict[str, str]:
    """For provisions with children: their text without the children's spans."""
    children: dict[str, list[ProvisionDraft]] = {}
    for draft in drafts:
        if draft.parent is not None:
            children.setdefault(draft.parent, []).append(draft)
    own: dict[str, str] = {}
    for draft in drafts:
        kids = sorted(children.get(draft.path, []), key=lambda d: d.start)
        if not kids:
            continue
        pieces, cursor = [], draft.start
        for kid in kids:
            pieces.append(text[cursor : max(cursor, kid.start)])
            cursor = max(cursor, kid.end)
        pieces.append(text[cursor : draft.end])
        own[draft.path] = "\n".join(p.strip() for p in pieces if p.strip())
    return own


def store_provisions(
    session: Session, version: InstrumentVersion, drafts: list[ProvisionDraft]
) -> int:
    """Insert provisions (parents before children) with their text and language."""
    text = version.text
    own = own_texts(text, drafts)
    rows = []
    for ordinal, draft in enumerate(drafts, 1):
        if not 0 <= draft.start <= draft.end <= len(text):
            raise ValueError(f"provision {draft.path} has offsets outside the text")
        body = text[draft.start : draft.end]
        language = detect_language(body) if len(body) >= 200 else None
        rows.append(
            {
                "version_id": version.id,
                "path": draft.path,
                "kind": draft.kind,
                "heading": draft.heading,
                "start_offset": draft.start,
                "end_offset": draft.end,
                "ordinal": ordinal,
                "language": language or version.language,
                "text": body,
                "search_text": own.get(draft.path),
                "parent_id": None,
            }
        )
    if not rows:
        return 0
    session.execute(insert(Provision), rows)
    ids = {
        path: pid
        for path, pid in session.execute(
            select(Provision.path, Provision.id).where(Provision.version_id == version.id)
        )
    }
    parent_links = [
        {"id": ids[d.path], "parent_id": ids[d.parent]}
        for d in drafts
        if d.parent is not None and d.parent in ids
    ]
    if parent_links:
        session.execute(update(Provision), parent_links)  # bulk UPDATE by primary key
    return len(rows)


def _store_labels(session: Session, instrument: Instrument, document: SourceDocument) -> int:
    prefix = f"{document.source}:{document.key} "
    existing = session.scalars(
        select(Label).where(
            Label.instrument_id == instrument.id,
            Label.provenance.startswith(prefix, autoescape=True),
        )
    ).all()
    wanted = {
        (concept_id(d.taxonomy, d.notation), d.method, d.review_status, d.provenance, d.score)
        for d in document.labels
    }
    have = {(x.concept_id, x.method, x.review_status, x.provenance, x.score) for x in existing}
    if wanted == have:
        return 0
    if existing:
        session.execute(delete(Label).where(Label.id.in_([x.id for x in existing])))
    for cid, method, status, provenance, score in sorted(wanted, key=str):
        session.add(
            Label(
                concept_id=cid,
                instrument_id=instrument.id,
                method=method,
                review_status=status,
                provenance=provenance,
                score=score,
                model_id=document.source,
            )
        )
    return len(wanted)


def _hash(data: Any) -> str:
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def _store_records(session: Session, document: SourceDocument, instrument_id: str | None) -> int:
    changed = 0
    for record in document.records:
        digest = _hash(record.data)
        row = session.scalar(
            select(SourceRecord).where(
                SourceRecord.source == document.source,
                SourceRecord.kind == record.kind,
                SourceRecord.key == record.key,
            )
        )
        if row is not None and row.content_hash == digest and row.instrument_id == instrument_id:
            continue
        if row is None:
            row = SourceRecord(source=document.source, kind=record.kind, key=record.key)
            session.add(row)
        row.data = dict(record.data)
        row.content_hash = digest
        row.instrument_id = instrument_id
        changed += 1
    return changed


def store_document(session: Session, linker: Linker, document: SourceDocument) -> StoredDocument:
    """Write ``document``; the caller owns the transaction."""
    result = StoredDocument()
    instrument = None
    if document.known_instrument is not None:
        instrument = get_instrument(session, document.known_instrument)
        result.instrument_id = instrument.id
    elif document.instrument is not None:
        instrument, result.instrument_created = linker.link(
            session, document.instrument, document.source
        )
        result.instrument_id = instrument.id
    if instrument is not None and document.text is not None and document.text.strip():
        version, result.version_created = add_version(
            session,
            instrument.id,
            document.text,
            format=document.format,
            language=document.language or detect_language(document.text),
            source_url=document.source_url,
            source=document.source,
            source_key=document.key,
        )
        result.version_id = version.id
        if result.version_created:
            drafts = (
                list(document.provisions)
                if document.provisions is not None
                else _drafts_from_segmenter(document.text)
            )
            result.provisions = store_provisions(session, version, drafts)
    if instrument is not None and document.labels:
        result.labels = _store_labels(session, instrument, document)
    result.records = _store_records(session, document, result.instrument_id)
    session.flush()
    return result
