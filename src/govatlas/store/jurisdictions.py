"""Writing the world's jurisdictions and their group memberships to the store.

Synchronisation is idempotent and set-based: one query reads what is stored,
new rows are bulk-inserted, changed rows updated, and memberships reconciled,
so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from govatlas.catalog.jurisdictions import JurisdictionRecord
from govatlas.errors import NotFoundError
from govatlas.near_names import unknown
from govatlas.store.models import (
    Instrument,
    Jurisdiction,
    JurisdictionMembership,
    LifecycleEvent,
)
from govatlas.vocabulary import JurisdictionKind

FIELDS = ("name", "kind", "iso_alpha2", "iso_numeric", "parent_id", "un_member")


@dataclass
class JurisdictionSyncResult:
    created: int = 0
    updated: int = 0
    memberships_added: int = 0
    memberships_removed: int = 0


def sync_jurisdictions(
    session: Session, records: Iterable[JurisdictionRecord]
) -> JurisdictionSyncResult:
    """Make the stored jurisdictions equal to ``records`` (parents listed first)."""
    records = list(records)
    result = JurisdictionSyncResult()
    stored = {j.id: j for j in session.scalars(select(Jurisdiction))}
    new_rows = []
    for record in records:
        row = {k: v for k, v in asdict(record).items() if k != "members"}
        existing = stored.get(record.id)
        if existing is None:
            new_rows.append(row)
        elif any(getattr(existing, f) != row[f] for f in FIELDS):
            for f in FIELDS:
                setattr(existing, f, row[f])
            result.updated += 1
    if new_rows:
        session.execute(insert(Jurisdiction), new_rows)
        result.created = len(new_rows)

    wanted = {(r.id, m) for r in records for m in r.members}
    have = {
        (group_id, member_id)
        for group_id, member_id in session.execute(
            select(JurisdictionMembership.group_id, JurisdictionMembership.member_id)
        )
    }
    to_add = wanted - have
    if to_add:
        session.execute(
            insert(JurisdictionMembership),
            [{"group_id": g, "member_id": m} for g, m in sorted(to_add)],
        )
    for group_id, member_id in have - wanted:
        session.execute(
            delete(JurisdictionMembership).where(
                JurisdictionMembership.group_id == group_id,
                JurisdictionMembership.member_id == member_id,
            )
        )
    result.memberships_added = len(to_add)
    result.memberships_removed = len(have - wanted)
    session.flush()
    return result


def unknown_jurisdiction(session: Session, jurisdiction_id: str) -> NotFoundError:
    """The error for a jurisdiction id the store does not hold, with the closest ids
    (a name, "France", finds FRA)."""
    rows = session.execute(select(Jurisdiction.id, Jurisdiction.name)).all()
    return unknown(
        "jurisdiction",
        jurisdiction_id,
        sorted(jid for jid, _ in rows),
        listing="use an ISO 3166 code such as FRA or US-CA, or EU",
        empty="the store holds no jurisdictions yet: run `govatlas build` first",
        aliases={name: jid for jid, name in rows},
    )


def laws_reaching(session: Session, jurisdiction_id: str) -> list[tuple[str, str]]:
    """The places whose law reaches a company in ``jurisdiction_id``, with why: the place
    itself, the places above it (a US state's country), and the supranational bodies it
    is a member of (EU law applies in every member state). Treaties reach a place only
    through its ratification, which binds the state, not a company, and are left out."""
    found = session.get(Jurisdiction, jurisdiction_id)
    if found is None:
        raise unknown_jurisdiction(session, jurisdiction_id)
    reached: list[tuple[str, str]] = [(found.id, "its own law")]
    node = found
    while node.parent_id is not None:
        parent = session.get(Jurisdiction, node.parent_id)
        if parent is None:
            break
        reached.append((parent.id, f"{found.id} is part of {parent.id}"))
        node = parent
    groups = session.execute(
        select(Jurisdiction.id)
        .join(JurisdictionMembership, JurisdictionMembership.group_id == Jurisdiction.id)
        .where(
            JurisdictionMembership.member_id.in_([place for place, _ in reached]),
            Jurisdiction.kind == "supranational",
        )
    ).scalars()
    for group in sorted(set(groups)):
        reached.append((group, f"{found.id} is a member of {group}"))
    return reached


def count_jurisdictions(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Jurisdiction)) or 0


def jurisdiction_facts(
    session: Session,
) -> list[tuple[str, str, JurisdictionKind, str | None, str | None]]:
    """(id, name, kind, ISO numeric code, parent) of every jurisdiction."""
    rows = session.execute(
        select(
            Jurisdiction.id,
            Jurisdiction.name,
            Jurisdiction.kind,
            Jurisdiction.iso_numeric,
            Jurisdiction.parent_id,
        )
    ).all()
    return [(i, name, kind, numeric, parent) for i, name, kind, numeric, parent in rows]


def memberships(session: Session) -> list[tuple[str, str]]:
    """(group, member) for every membership of one jurisdiction in another."""
    query = select(JurisdictionMembership.group_id, JurisdictionMembership.member_id)
    return [(group, member) for group, member in session.execute(query)]


def groups_with_instruments(session: Session, member_id: str) -> list[tuple[str, str, int]]:
    """(id, name, how many instruments) of each body the jurisdiction belongs to that has
    instruments, the most first."""
    rows = session.execute(
        select(JurisdictionMembership.group_id, Jurisdiction.name, func.count(Instrument.id))
        .join(Jurisdiction, Jurisdiction.id == JurisdictionMembership.group_id)
        .join(Instrument, Instrument.jurisdiction_id == JurisdictionMembership.group_id)
        .where(JurisdictionMembership.member_id == member_id)
        .group_by(JurisdictionMembership.group_id, Jurisdiction.name)
        .order_by(func.count(Instrument.id).desc())
    ).all()
    return [(g, name, n) for g, name, n in rows]


def events_in(
    session: Session, places: Iterable[str], newest: int | None = None
) -> tuple[list[tuple[LifecycleEvent, str | None]], int]:
    """The lifecycle events of the instruments of ``places`` with each instrument's short
    name, oldest first (with ``newest``, only that many of the latest); and how many in
    all."""
    query = (
        select(LifecycleEvent, Instrument.short_name)
        .join(Instrument, Instrument.id == LifecycleEvent.instrument_id)
        .where(Instrument.jurisdiction_id.in_(list(places)))
    )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if newest is not None:
        query = query.order_by(LifecycleEvent.date.desc(), LifecycleEvent.id.desc()).limit(newest)
    rows = sorted(session.execute(query).all(), key=lambda row: (row[0].date, row[0].id))
    return [(event, short) for event, short in rows], total


STATE_LIKE_KINDS = (
    JurisdictionKind.COUNTRY,
    JurisdictionKind.SUPRANATIONAL,
    JurisdictionKind.INTERGOVERNMENTAL,
    JurisdictionKind.FORUM,
)


def states_named(session: Session, name: str) -> list[Jurisdiction]:
    """Countries and bodies of states whose name is ``name`` in any case (no wildcards:
    ``%``, ``_`` and backslashes in ``name`` are dropped)."""
    plain = name.replace("\\", "").replace("%", "").replace("_", "")
    query = select(Jurisdiction).where(
        Jurisdiction.name.ilike(plain, escape="\\"), Jurisdiction.kind.in_(STATE_LIKE_KINDS)
    )
    return list(session.scalars(query))


def top_regions(session: Session, leaving_out: Collection[str] = ()) -> dict[str, str]:
    """Id -> name of the regions at the top of the UN M49 tree (the continents)."""
    query = select(Jurisdiction.id, Jurisdiction.name).where(
        Jurisdiction.kind == JurisdictionKind.REGION,
        Jurisdiction.parent_id.is_(None),
        Jurisdiction.id.not_in(leaving_out),
    )
    return {region: name for region, name in session.execute(query)}
