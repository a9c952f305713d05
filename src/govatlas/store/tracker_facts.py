"""Tracker facts in the store: replacing the machine's, keeping people's, reading them back.

A build re-reads every reading text; ``sync_version_facts`` then makes the machine's
facts of one version exactly what the rules read now, touching nothing that did not
change (so a re-run over unchanged inputs changes nothing), and never overwriting or
re-adding a fact a person reviewed or rejected. ``review_fact`` records a person's
decision (accept, reject, or correct some fields) with who and when; the rules' own
reading stays in ``machine_fields``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.store.models import (
    Instrument,
    InstrumentVersion,
    Provision,
    TrackerFact,
    utcnow,
)

MACHINE, REVIEWED, REJECTED = "machine", "reviewed", "rejected"
DECISIONS = {"accept": REVIEWED, "reject": REJECTED}


@dataclass(frozen=True)
class NewFact:
    """What the rules read: the fact of ``tracker`` named ``key`` in a provision."""

    tracker: str
    provision_id: int
    key: str
    fields: dict[str, Any]
    start: int
    end: int
    evidence: str
    method: str = "rules"


@dataclass(frozen=True)
class SyncResult:
    added: int = 0
    removed: int = 0
    updated: int = 0
    kept: int = 0

    def __add__(self, other: SyncResult) -> SyncResult:
        return SyncResult(
            self.added + other.added,
            self.removed + other.removed,
            self.updated + other.updated,
            self.kept + other.kept,
        )


def sync_version_facts(
    session: Session, provision_ids: Sequence[int], facts: Iterable[NewFact]
) -> SyncResult:
    """Make the machine facts of these provisions exactly ``facts``; people's stay."""
    stored = (
        {
            (f.tracker, f.provision_id, f.fact_key): f
            for f in session.scalars(
                select(TrackerFact).where(TrackerFact.provision_id.in_(provision_ids))
            )
        }
        if provision_ids
        else {}
    )
    wanted = {(f.tracker, f.provision_id, f.key): f for f in facts}
    added = removed = updated = kept = 0
    for key, fact in wanted.items():
        held = stored.get(key)
        if held is None:
            session.add(
                TrackerFact(
                    tracker=fact.tracker,
                    provision_id=fact.provision_id,
                    fact_key=fact.key,
                    fields=fact.fields,
                    machine_fields=fact.fields,
                    start_offset=fact.start,
                    end_offset=fact.end,
                    evidence=fact.evidence,
                    method=fact.method,
                    status=MACHINE,
                )
            )
            added += 1
        elif held.status != MACHINE:
            kept += 1  # a person's decision: the rules neither change nor re-add it
        elif (held.fields, held.start_offset, held.end_offset, held.evidence) != (
            fact.fields,
            fact.start,
            fact.end,
            fact.evidence,
        ):
            held.fields = held.machine_fields = fact.fields
            held.start_offset, held.end_offset, held.evidence = fact.start, fact.end, fact.evidence
            updated += 1
    for key, held in stored.items():
        if key not in wanted and held.status == MACHINE:
            session.delete(held)
            removed += 1
    session.flush()
    return SyncResult(added, removed, updated, kept)


def count_facts(session: Session) -> dict[str, int]:
    """Facts shown per tracker (rejected ones left out)."""
    query = (
        select(TrackerFact.tracker, func.count())
        .where(TrackerFact.status != REJECTED)
        .group_by(TrackerFact.tracker)
    )
    return {tracker: count for tracker, count in session.execute(query)}


@dataclass(frozen=True)
class StoredFact:
    id: int
    tracker: str
    provision_id: int
    path: str
    heading: str | None
    text: str
    fields: dict[str, Any]
    start: int
    end: int
    evidence: str
    method: str
    status: str
    reviewer: str | None
    instrument_id: str
    version_id: int


def stored_facts(
    session: Session, tracker: str, version_ids: Sequence[int], with_rejected: bool = False
) -> list[StoredFact]:
    """The facts of ``tracker`` in these versions, with their provisions."""
    if not version_ids:
        return []
    query = (
        select(
            TrackerFact.id,
            TrackerFact.tracker,
            TrackerFact.provision_id,
            Provision.path,
            Provision.heading,
            Provision.text,
            TrackerFact.fields,
            TrackerFact.start_offset,
            TrackerFact.end_offset,
            TrackerFact.evidence,
            TrackerFact.method,
            TrackerFact.status,
            TrackerFact.reviewer,
            InstrumentVersion.instrument_id,
            InstrumentVersion.id,
        )
        .join(Provision, Provision.id == TrackerFact.provision_id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .join(Instrument, Instrument.id == InstrumentVersion.instrument_id)
        .where(TrackerFact.tracker == tracker, Provision.version_id.in_(version_ids))
        .order_by(Provision.version_id, Provision.start_offset, TrackerFact.start_offset)
    )
    if not with_rejected:
        query = query.where(TrackerFact.status != REJECTED)
    return [StoredFact(*row) for row in session.execute(query)]


def stored_fact(session: Session, fact_id: int) -> TrackerFact:
    """One stored fact by its id."""
    fact = session.get(TrackerFact, fact_id)
    if fact is None:
        raise NotFoundError(
            f"no tracker fact with id {fact_id}", "`govatlas tracker NAME --format json` shows ids"
        )
    return fact


def review_fact(
    session: Session,
    fact_id: int,
    decision: str,
    reviewer: str,
    corrections: dict[str, Any] | None = None,
    note: str | None = None,
) -> TrackerFact:
    """Accept, reject or correct one fact; the rules' reading stays in machine_fields."""
    if decision not in DECISIONS:
        raise InvalidInputError(f"no decision {decision!r}", "accept or reject")
    if not reviewer.strip():
        raise InvalidInputError("a review needs the reviewer's name", "give --by NAME")
    fact = stored_fact(session, fact_id)
    if corrections:
        if decision != "accept":
            raise InvalidInputError("a rejected fact takes no corrections", "drop --set")
        unknown = sorted(set(corrections) - set(fact.machine_fields))
        if unknown:
            raise InvalidInputError(
                f"fact {fact_id} has no field {unknown[0]!r}",
                f"its fields: {', '.join(sorted(fact.machine_fields))}",
            )
        fact.fields = {**fact.fields, **corrections}
    fact.status = DECISIONS[decision]
    fact.reviewer = reviewer.strip()
    fact.reviewed_at = utcnow()
    fact.note = note
    session.flush()
    return fact
