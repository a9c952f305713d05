"""A content digest of the whole store, blind to surrogate ids and timestamps.

Two stores that hold the same instruments, versions, provisions, labels,
relationships, records, taxonomies, industry data, tracker facts, registry organisations
and records, and decisions have the same digest, whatever order the rows were written
in (the registry's audit log, which records when, is left out). The build uses it to say when
a re-run changed nothing, and the tests to check that a build interrupted and
resumed ends exactly where a clean build does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.models import (
    Assessment,
    Concept,
    ExternalId,
    IndicatorMapping,
    Instrument,
    InstrumentIssuer,
    InstrumentVersion,
    Label,
    LabelEvidence,
    LifecycleEvent,
    Provision,
    Relationship,
    ReviewDecision,
    SourceRecord,
    Taxonomy,
    TrackerFact,
)
from govatlas.store.registry_models import RegistryParty, RegistryRecord


def _section(digest: Any, name: str, rows: Iterable[tuple[Any, ...]]) -> None:
    for line in sorted("\t".join(str(value) for value in row) for row in rows):
        digest.update(f"{name}\t{line}\n".encode())


def store_digest(session: Session) -> str:
    """SHA-256 over the store's content (module docstring)."""
    digest = hashlib.sha256()
    versions = {
        vid: (instrument, content)
        for vid, instrument, content in session.execute(
            select(
                InstrumentVersion.id,
                InstrumentVersion.instrument_id,
                InstrumentVersion.content_hash,
            )
        )
    }
    paths: dict[int, tuple[Any, ...]] = {}
    parents: dict[int, int | None] = {}
    provision_rows = []
    for row in session.execute(
        select(
            Provision.id,
            Provision.version_id,
            Provision.path,
            Provision.kind,
            Provision.heading,
            Provision.start_offset,
            Provision.end_offset,
            Provision.ordinal,
            Provision.parent_id,
            Provision.language,
        )
    ):
        paths[row.id] = (*versions[row.version_id], row.path)
        parents[row.id] = row.parent_id
        provision_rows.append(row)

    def where(provision: int | None) -> tuple[Any, ...] | None:
        return paths.get(provision) if provision is not None else None

    _section(
        digest,
        "instrument",
        session.execute(
            select(
                Instrument.id,
                Instrument.title,
                Instrument.short_name,
                Instrument.type,
                Instrument.binding,
                Instrument.status,
                Instrument.jurisdiction_id,
                Instrument.languages,
                Instrument.official_urls,
                Instrument.summary,
                Instrument.origin,
            )
        ),
    )
    _section(digest, "external", session.execute(select(ExternalId.__table__)))
    _section(
        digest,
        "event",
        session.execute(
            select(
                LifecycleEvent.instrument_id,
                LifecycleEvent.kind,
                LifecycleEvent.date,
                LifecycleEvent.note,
            )
        ),
    )
    _section(digest, "issuer", session.execute(select(InstrumentIssuer.__table__)))
    _section(
        digest,
        "version",
        session.execute(
            select(
                InstrumentVersion.instrument_id,
                InstrumentVersion.content_hash,
                InstrumentVersion.format,
                InstrumentVersion.language,
                InstrumentVersion.source_url,
                InstrumentVersion.source,
                InstrumentVersion.source_key,
            )
        ),
    )
    _section(
        digest,
        "provision",
        (
            (
                *paths[r.id],
                r.kind,
                r.heading,
                r.start_offset,
                r.end_offset,
                r.ordinal,
                r.language,
                where(parents[r.id]),
            )
            for r in provision_rows
        ),
    )
    labels = {}
    label_rows = []
    for label in session.scalars(select(Label)):
        key = (
            label.concept_id,
            label.instrument_id,
            where(label.provision_id),
            label.method,
            label.model_id,
            label.model_version,
            label.review_status,
            label.review_version,
            label.provenance,
            label.score,
        )
        labels[label.id] = key
        label_rows.append(key)
    _section(digest, "label", label_rows)
    _section(
        digest,
        "evidence",
        (
            (labels.get(e.label_id), where(e.provision_id), e.start_offset, e.end_offset, e.score)
            for e in session.scalars(select(LabelEvidence))
        ),
    )
    _section(
        digest,
        "relationship",
        (
            (
                where(r.source_provision_id),
                r.source_concept_id,
                where(r.target_provision_id),
                r.target_concept_id,
                r.type,
                r.rationale_kind,
                r.rationale,
                r.confidence,
                r.method,
                r.author,
                r.review_status,
                r.citation,
            )
            for r in session.scalars(select(Relationship))
        ),
    )
    _section(
        digest,
        "record",
        session.execute(
            select(
                SourceRecord.source,
                SourceRecord.kind,
                SourceRecord.key,
                SourceRecord.instrument_id,
                SourceRecord.content_hash,
            )
        ),
    )
    _section(digest, "taxonomy", session.execute(select(Taxonomy.__table__)))
    _section(digest, "concept", session.execute(select(Concept.__table__)))
    _section(
        digest,
        "assessment",
        session.execute(
            select(
                Assessment.organisation_id,
                Assessment.indicator_id,
                Assessment.method,
                Assessment.score,
                Assessment.confidence,
                Assessment.justification,
                Assessment.assessor,
                Assessment.review_status,
            )
        ),
    )
    _section(
        digest,
        "mapping",
        (
            (
                m.indicator_id,
                m.target_indicator_id,
                m.concept_id,
                where(m.provision_id),
                m.type,
                m.method,
                m.review_status,
                m.confidence,
                m.rationale,
            )
            for m in session.scalars(select(IndicatorMapping))
        ),
    )
    _section(
        digest,
        "decision",
        session.execute(
            select(
                ReviewDecision.subject,
                ReviewDecision.decision,
                ReviewDecision.reviewer,
                ReviewDecision.version,
            )
        ),
    )
    _section(
        digest,
        "tracker",
        (
            (
                f.tracker,
                where(f.provision_id),
                f.fact_key,
                sorted(f.fields.items()),
                f.start_offset,
                f.end_offset,
                f.status,
                f.reviewer,
            )
            for f in session.scalars(select(TrackerFact))
        ),
    )
    _section(
        digest,
        "registry-party",
        session.execute(
            select(
                RegistryParty.id,
                RegistryParty.name,
                RegistryParty.kind,
                RegistryParty.jurisdiction_id,
                RegistryParty.contact_point,
            )
        ),
    )
    _section(
        digest,
        "registry-record",
        session.execute(
            select(
                RegistryRecord.kind,
                RegistryRecord.title,
                RegistryRecord.body,
                RegistryRecord.party_id,
                RegistryRecord.tlp,
                RegistryRecord.status,
                RegistryRecord.instrument_id,
                RegistryRecord.due_on,
            )
        ),
    )
    return digest.hexdigest()
