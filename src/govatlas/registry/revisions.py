"""Revising a published record: its next edition, and how editions chain.

A published record is not edited in place: whoever may submit it (its author or a
submitter of its organisation) drafts its next *edition*, a new record that starts as a
copy (its marking, whom it names, its attachments) and goes through the same workflow.
The earlier edition stays published, and readable, until the revision is published;
from then on it is *superseded* (the pages and the compliance view lead with the newest
edition a viewer may see). Only the newest edition is revised, and one revision at a
time. What changed between two editions is ``registry.editions``.

Editions are records, so each has its own marking: a revision made for fewer readers
leaves the public with the edition they may see, and nothing tells anyone of an edition
they may not see (not its id, not that it exists).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from govatlas.errors import ConflictError, NotFoundError, PermissionDeniedError
from govatlas.registry.records import Writer, grants_for, may_step, stored_record
from govatlas.registry.visibility import PUBLISHED, Viewer, can_see
from govatlas.store.models import utcnow
from govatlas.store.registry_attachments import attachments_of
from govatlas.store.registry_models import RegistryAccess, RegistryAttachment, RegistryRecord
from govatlas.store.registry_records import (
    records_by_id,
    revision_links,
    revision_of,
    revisions_in_status,
)


def _visible(session: Session, viewer: Viewer, record_id: int) -> RegistryRecord | None:
    record = stored_record(session, record_id)
    if record is None:
        return None
    grants = grants_for(session, [record_id])[record_id]
    return record if can_see(record, viewer, grants) else None


def revise_record(writer: Writer, record_id: int) -> RegistryRecord:
    """Draft the next edition of a published record (a copy to edit, then submit)."""
    session, actor = writer.session, writer.actor
    record = _visible(session, actor, record_id)
    if record is None:
        raise NotFoundError(f"no registry record {record_id}")
    if record.status != PUBLISHED:
        raise ConflictError(
            f"record {record_id} is {record.status}: only a published record is revised",
            "edit it instead" if record.status in ("draft", "returned") else None,
        )
    grants = grants_for(session, [record_id])[record_id]
    if not may_step(record, actor, "submit", grants):
        raise PermissionDeniedError(
            f"{writer.who} may not revise record {record_id}",
            "its author or a submitter of its organisation revises it",
        )
    later = revision_of(session, record.id)
    if later is not None:
        seen = _visible(session, actor, later.id) is not None
        raise ConflictError(
            f"record {record_id} already has a later edition"
            + (f" (record {later.id}, {later.status})" if seen else ""),
            "revise the newest edition; one revision at a time",
        )
    revision = RegistryRecord(
        kind=record.kind,
        party_id=record.party_id,
        status="draft",
        instrument_id=record.instrument_id,
        due_on=record.due_on,
        author=writer.who,
        title=record.title,
        body=record.body,
        tlp=record.tlp,
        theme=record.theme,
        answers_id=record.answers_id,
        nil_report=record.nil_report,
        concepts=list(record.concepts or []),
        provisions=list(record.provisions or []),
        revises_id=record.id,
        edition=record.edition + 1,
        updated_at=utcnow(),
    )
    session.add(revision)
    session.flush()
    for party in sorted(grants.parties):
        session.add(RegistryAccess(record_id=revision.id, party_id=party))
    for account in sorted(grants.accounts):
        session.add(RegistryAccess(record_id=revision.id, account_id=account))
    copied = 0
    for attachment in attachments_of(session, record.id):
        session.add(
            RegistryAttachment(
                record_id=revision.id,
                filename=attachment.filename,
                media_type=attachment.media_type,
                size=attachment.size,
                sha256=attachment.sha256,
                content=attachment.content,
                text=attachment.text,
                uploaded_by=attachment.uploaded_by,
            )
        )
        copied += 1
    session.flush()
    writer.log(
        "record.revise",
        f"record:{revision.id}",
        revises=record.id,
        edition=revision.edition,
        title=revision.title,
        tlp=revision.tlp,
        attachments=copied,
    )
    return revision


def superseded_ids(session: Session, viewer: Viewer, records: Iterable[RegistryRecord]) -> set[int]:
    """Which of ``records`` have a published later edition ``viewer`` may see."""
    ids = [r.id for r in records]
    if not ids:
        return set()
    later = revisions_in_status(session, ids, PUBLISHED)
    grants = grants_for(session, [r.id for r in later])
    return {r.revises_id for r in later if r.revises_id and can_see(r, viewer, grants[r.id])}


def visible_revises(
    session: Session, viewer: Viewer, records: Iterable[RegistryRecord]
) -> dict[int, int]:
    """record id -> the id of the edition it revises, where ``viewer`` may see that one."""
    wanted = {r.id: r.revises_id for r in records if r.revises_id is not None}
    if not wanted:
        return {}
    earlier = {r.id: r for r in records_by_id(session, set(wanted.values()))}
    grants = grants_for(session, earlier)
    return {
        rid: old
        for rid, old in wanted.items()
        if old in earlier and can_see(earlier[old], viewer, grants[old])
    }


def later_edition(
    session: Session, viewer: Viewer, record: RegistryRecord
) -> RegistryRecord | None:
    """The edition that revises ``record``, if ``viewer`` may see it (in any status)."""
    later = revision_of(session, record.id)
    if later is None:
        return None
    return later if can_see(later, viewer, grants_for(session, [later.id])[later.id]) else None


def lineage_roots(session: Session) -> dict[int, int]:
    """For every record that revises another, the first edition of its line (records
    that revise nothing are their own root and are left out)."""
    parents = {
        record_id: earlier for record_id, earlier in revision_links(session) if earlier is not None
    }
    roots: dict[int, int] = {}
    for record_id in parents:
        root, seen = record_id, {record_id}
        while root in parents and parents[root] not in seen:
            root = parents[root]
            seen.add(root)
        roots[record_id] = root
    return roots
