"""Storing one ``SourceDocument``: instrument, version, provisions, labels, records.

Called inside one transaction per document by the runner, so a failure stores
nothing of that document. Re-storing unchanged input changes nothing: versions
are keyed by content hash, labels and records are updated in place only when
different, and a label a person has reviewed keeps its decisions. Another
rendering of a text already stored (``ingest.renderings``) is not a new version:
the fuller of the two is the version, and replaces the other if it came later.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from govatlas.ingest.language import detect_language
from govatlas.ingest.linking import Linker
from govatlas.ingest.renderings import fuller, same_rendering
from govatlas.ingest.segment import segment
from govatlas.records import ProvisionDraft, SourceDocument
from govatlas.store.instruments import (
    add_version,
    get_instrument,
    text_versions,
)
from govatlas.store.label_rows import labels_from_source
from govatlas.store.models import (
    Instrument,
    InstrumentVersion,
    Label,
    Provision,
    SourceRecord,
    content_hash,
)
from govatlas.store.source_records import source_record
from govatlas.store.taxonomies import concept_id
from govatlas.store.versions import has_text, provision_ids_by_path
from govatlas.vocabulary import LabelMethod


@dataclass
class StoredDocument:
    instrument_id: str | None = None
    instrument_created: bool = False
    version_created: bool = False
    version_id: int | None = None
    rendering_of: int | None = None  # an earlier version whose text this document renders
    provisions: int = 0
    labels: int = 0
    records: int = 0


def _drafts_from_segmenter(text: str) -> list[ProvisionDraft]:
    return [
        ProvisionDraft(s.path, s.kind, s.heading, s.start, s.end, s.parent) for s in segment(text)
    ]


def parsed_document(document: SourceDocument) -> SourceDocument:
    """``document`` with its text cut into provisions and its language detected (unless
    the source gave them): the parsing ``store_document`` would do, done beforehand (by
    a batch worker), so that storing it only writes."""
    text = document.text
    if text is None or not text.strip():
        return document
    return replace(
        document,
        provisions=(
            document.provisions
            if document.provisions is not None
            else tuple(_drafts_from_segmenter(text))
        ),
        language=document.language or detect_language(text),
    )


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


def _depths(drafts: list[ProvisionDraft]) -> dict[str, int]:
    """How deep each draft sits (0 for a top-level one, or one whose parent is unknown)."""
    parents = {d.path: d.parent for d in drafts}
    depths: dict[str, int] = {}
    for draft in drafts:
        chain: list[str] = []
        path: str | None = draft.path
        while path is not None and path not in depths and path not in chain:
            chain.append(path)
            parent = parents.get(path)
            path = parent if parent in parents else None
        base = depths.get(path, -1) if path is not None else -1
        for offset, item in enumerate(reversed(chain), 1):
            depths[item] = base + offset
    return depths


def store_provisions(
    session: Session, version: InstrumentVersion, drafts: list[ProvisionDraft]
) -> int:
    """Insert provisions with their text, language and parent link.

    Provisions are immutable once stored (a database trigger refuses any UPDATE),
    so parents are inserted level by level and each child is written with its
    parent's id already known.
    """
    text = version.text
    own = own_texts(text, drafts)
    rows: list[tuple[int, str | None, dict[str, object]]] = []
    depths = _depths(drafts)
    for ordinal, draft in enumerate(drafts, 1):
        if not 0 <= draft.start <= draft.end <= len(text):
            raise ValueError(f"provision {draft.path} has offsets outside the text")
        body = text[draft.start : draft.end]
        language = detect_language(body) if len(body) >= 200 else None
        row: dict[str, object] = {
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
        rows.append((depths[draft.path], draft.parent, row))
    ids: dict[str, int] = {}
    for level in sorted({depth for depth, _, _ in rows}):
        batch = []
        for depth, parent, row in rows:
            if depth == level:
                row["parent_id"] = ids.get(parent) if parent is not None else None
                batch.append(row)
        session.execute(insert(Provision), batch)
        ids = provision_ids_by_path(session, version.id)
    return len(rows)


def _store_labels(session: Session, instrument: Instrument, document: SourceDocument) -> int:
    """Make the document's labels on the instrument match the source, in place.

    A label is matched by concept and method, so re-ingesting never replaces a row a
    person reviewed: its source fields (score, provenance) follow the source, its
    review status and decisions stay. A label the source no longer gives is removed
    only while nobody has decided on it. Returns how many labels changed.
    """
    prefix = f"{document.source}:{document.key} "
    existing = labels_from_source(session, instrument.id, prefix)
    by_key: dict[tuple[str, LabelMethod], list[Label]] = {}
    for label in existing:
        by_key.setdefault((label.concept_id, label.method), []).append(label)
    changed = 0
    for draft in sorted(document.labels, key=lambda d: (d.taxonomy, d.notation, d.method)):
        key = (concept_id(draft.taxonomy, draft.notation), draft.method)
        rows = by_key.pop(key, [])
        if not rows:
            session.add(
                Label(
                    concept_id=key[0],
                    instrument_id=instrument.id,
                    method=draft.method,
                    review_status=draft.review_status,
                    provenance=draft.provenance,
                    score=draft.score,
                    model_id=document.source,
                )
            )
            changed += 1
            continue
        keep, *duplicates = rows  # the most reviewed first
        for extra in duplicates:
            if extra.review_version == 0:
                session.delete(extra)
                changed += 1
        if (keep.provenance, keep.score) != (draft.provenance, draft.score):
            keep.provenance, keep.score = draft.provenance, draft.score
            changed += 1
        if keep.review_version == 0 and keep.review_status is not draft.review_status:
            keep.review_status = draft.review_status  # the source's, until a person decides
            changed += 1
    for rows in by_key.values():
        for label in rows:
            if label.review_version == 0:
                session.delete(label)
                changed += 1
    return changed


def _hash(data: Any) -> str:
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def _store_records(session: Session, document: SourceDocument, instrument_id: str | None) -> int:
    changed = 0
    for record in document.records:
        digest = _hash(record.data)
        row = source_record(session, document.source, record.kind, record.key)
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


def _earlier_rendering(session: Session, instrument_id: str, text: str) -> InstrumentVersion | None:
    """A stored version of the instrument whose text ``text`` renders again (the same law
    from another dataset, with or without its digest and headings); None for a new text
    or one stored already word for word."""
    if has_text(session, instrument_id, content_hash(text)):
        return None
    candidates = text_versions(session, instrument_id)
    return next((v for v in candidates if same_rendering(v.text, text)), None)


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
        rendering = _earlier_rendering(session, instrument.id, document.text)
        result.rendering_of = rendering.id if rendering is not None else None
        if rendering is not None and not fuller(document.text, rendering.text):
            version = rendering  # another rendering of a text stored already: not a version
        else:
            version, result.version_created = add_version(
                session,
                instrument.id,
                document.text,
                format=document.format,
                language=document.language or detect_language(document.text),
                source_url=document.source_url,
                retrieved_at=document.retrieved_at,
                source=document.source,
                source_key=document.key,
                replaces=rendering,  # a fuller rendering replaces the one stored
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
