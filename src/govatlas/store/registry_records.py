"""The registry's records as the store holds them: whom records name, the records a
listing starts from, how editions chain (which record revises which), the
organisations' kinds and names, and the records the public-facts seed looks for
before it writes.

``registry.records``, ``registry.revisions``, ``registry.compliance`` and
``registry.seed`` call these. Only reads live here: who may see a record, and every
write with its audit entry, stay in ``registry``. Records come back as ORM objects
(the callers check, copy and change them); organisations as plain rows.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.registry_models import RegistryAccess, RegistryParty, RegistryRecord


def access_of(session: Session, record_ids: Collection[int]) -> list[RegistryAccess]:
    """Every grant (an organisation or an account named) on these records."""
    return list(
        session.scalars(select(RegistryAccess).where(RegistryAccess.record_id.in_(record_ids)))
    )


def access_of_record(session: Session, record_id: int) -> list[RegistryAccess]:
    """The grants on one record (to replace them when it is edited)."""
    return list(
        session.scalars(select(RegistryAccess).where(RegistryAccess.record_id == record_id))
    )


def records_newest_first(
    session: Session,
    kind: str | None = None,
    party_id: str | None = None,
    status: str | None = None,
) -> list[RegistryRecord]:
    """Every record, newest first; with ``kind``, ``party_id`` or ``status``, only those
    (visibility is the caller's to check)."""
    query = select(RegistryRecord).order_by(RegistryRecord.id.desc())
    if kind is not None:
        query = query.where(RegistryRecord.kind == kind)
    if party_id is not None:
        query = query.where(RegistryRecord.party_id == party_id)
    if status is not None:
        query = query.where(RegistryRecord.status == status)
    return list(session.scalars(query))


def records_by_id(session: Session, record_ids: Collection[int]) -> list[RegistryRecord]:
    """The records with these ids (unknown ids are left out; no order)."""
    return list(session.scalars(select(RegistryRecord).where(RegistryRecord.id.in_(record_ids))))


def revision_of(session: Session, record_id: int) -> RegistryRecord | None:
    """The edition that revises this record, in any status, or None."""
    return session.scalar(select(RegistryRecord).where(RegistryRecord.revises_id == record_id))


def has_revision(session: Session, record_id: int) -> bool:
    """Whether any edition revises this record."""
    later = select(RegistryRecord.id).where(RegistryRecord.revises_id == record_id)
    return session.scalar(later.limit(1)) is not None


def revisions_in_status(
    session: Session, record_ids: Collection[int], status: str
) -> list[RegistryRecord]:
    """The editions in ``status`` that revise any of these records."""
    query = select(RegistryRecord).where(
        RegistryRecord.revises_id.in_(record_ids), RegistryRecord.status == status
    )
    return list(session.scalars(query))


def revision_links(session: Session) -> list[tuple[int, int | None]]:
    """(record, the record it revises) for every record that revises another."""
    query = select(RegistryRecord.id, RegistryRecord.revises_id).where(
        RegistryRecord.revises_id.is_not(None)
    )
    return [(record_id, earlier) for record_id, earlier in session.execute(query).all()]


def party_kinds(session: Session) -> dict[str, str]:
    """Organisation id -> its kind, for every registered organisation."""
    query = select(RegistryParty.id, RegistryParty.kind)
    return {party: kind for party, kind in session.execute(query).all()}


def party_id_names(session: Session) -> list[tuple[str, str]]:
    """(id, name) of every registered organisation (no order)."""
    query = select(RegistryParty.id, RegistryParty.name)
    return [(party, name) for party, name in session.execute(query).all()]


def parties_by_name(session: Session) -> list[RegistryParty]:
    """Every registered organisation, by name."""
    return list(session.scalars(select(RegistryParty).order_by(RegistryParty.name)))


def titled_record_id(session: Session, party_id: str, instrument_id: str, title: str) -> int | None:
    """The id of an organisation's record with this title on this instrument, if any."""
    return session.scalar(
        select(RegistryRecord.id).where(
            RegistryRecord.party_id == party_id,
            RegistryRecord.instrument_id == instrument_id,
            RegistryRecord.title == title,
        )
    )


def commitment_id_on(session: Session, party_id: str, instrument_id: str) -> int | None:
    """The id of an organisation's commitment record on this instrument, if any."""
    return session.scalar(
        select(RegistryRecord.id).where(
            RegistryRecord.party_id == party_id,
            RegistryRecord.instrument_id == instrument_id,
            RegistryRecord.kind == "commitment",
        )
    )
