"""Parties' adherence to international instruments, and research notes on states.

Both come from the catalog (``adherence-*.yaml``, ``research-*.yaml``) and are
reconciled like the catalog itself: what the files say replaces what is stored,
and a second run over unchanged files changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.catalog.schema import Adherence as AdherenceRecord
from govatlas.catalog.schema import ResearchNote
from govatlas.store.models import Adherence, Jurisdiction
from govatlas.vocabulary import AdherenceAct


@dataclass
class AdherenceSyncResult:
    added: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.removed


def sync_adherence(session: Session, records: Iterable[AdherenceRecord]) -> AdherenceSyncResult:
    """Make the stored adherence rows equal to the catalog's records."""
    wanted: dict[tuple[str, str, str], tuple[AdherenceRecord, str]] = {}
    for record in records:
        for party in record.parties:
            wanted[(record.instrument, party, record.act.value)] = (record, party)
    result = AdherenceSyncResult()
    stored = {
        (a.instrument_id, a.party, a.act.value): a for a in session.scalars(select(Adherence))
    }
    for key, row in stored.items():
        if key not in wanted:
            session.delete(row)
            result.removed += 1
    for key, (record, party) in wanted.items():
        values = {
            "date": record.date,
            "precision": record.precision,
            "source_url": record.source,
            "note": record.note,
        }
        existing = stored.get(key)
        if existing is None:
            session.add(
                Adherence(instrument_id=record.instrument, party=party, act=record.act, **values)
            )
            result.added += 1
        elif any(getattr(existing, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(existing, field, value)
            result.updated += 1
    session.flush()
    return result


def sync_research(session: Session, notes: Iterable[ResearchNote]) -> int:
    """Record on each UN Member State what research found; returns the states changed."""
    by_state = {n.jurisdiction: n for n in notes}
    changed = 0
    for state in session.scalars(select(Jurisdiction).where(Jurisdiction.un_member.is_(True))):
        note = by_state.get(state.id)
        values = {
            "research_finding": note.finding if note else None,
            "research_checked": note.checked if note else None,
            "research_note": note.note if note else None,
            "research_sources": list(note.sources) if note else [],
        }
        if any(getattr(state, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(state, field, value)
            changed += 1
    session.flush()
    return changed


def acts_on(
    session: Session, instrument_id: str, act: AdherenceAct | None = None
) -> list[Adherence]:
    """The recorded acts on an instrument (only one kind, if given), by party."""
    query = select(Adherence).where(Adherence.instrument_id == instrument_id)
    if act is not None:
        query = query.where(Adherence.act == act)
    return list(session.scalars(query.order_by(Adherence.party)))


def adherence_sources(session: Session, instrument_id: str) -> list[str]:
    """The distinct source URLs of the adherence facts on an instrument, sorted."""
    query = select(Adherence.source_url).where(Adherence.instrument_id == instrument_id)
    return sorted(set(session.scalars(query)))


def adherence_facts(session: Session) -> list[Adherence]:
    """Every adherence fact, by instrument, party and act."""
    query = select(Adherence).order_by(Adherence.instrument_id, Adherence.party, Adherence.act)
    return list(session.scalars(query))
