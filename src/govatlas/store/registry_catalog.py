"""The catalog facts the registry reads: who committed to which instrument (with the
actor and the instrument), and the dated lifecycle events of an instrument that
answers a commitment.

``registry.seed`` (recording the catalog's commitments in the registry) and
``registry.evidence`` (what an organisation published outside it) call these; which
actor kinds and which lifecycle kinds count is theirs to say.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.models import Actor, Adherence, Instrument, LifecycleEvent
from govatlas.vocabulary import AdherenceAct, LifecycleKind


def commitments_made(session: Session) -> list[tuple[Adherence, Actor, Instrument]]:
    """Every ``committed`` adherence fact with its actor and instrument, oldest first
    (then by instrument and actor name)."""
    query = (
        select(Adherence, Actor, Instrument)
        .join(Actor, Actor.id == Adherence.party)
        .join(Instrument, Instrument.id == Adherence.instrument_id)
        .where(Adherence.act == AdherenceAct.COMMITTED)
        .order_by(Adherence.date, Instrument.id, Actor.name)
    )
    return [
        (adherence, actor, instrument) for adherence, actor, instrument in session.execute(query)
    ]


def dated_events(
    session: Session, instrument_id: str, kinds: Collection[LifecycleKind]
) -> list[tuple[date, str | None]]:
    """(date, note) of the instrument's lifecycle events of these kinds, oldest first."""
    query = (
        select(LifecycleEvent.date, LifecycleEvent.note)
        .where(LifecycleEvent.instrument_id == instrument_id, LifecycleEvent.kind.in_(kinds))
        .order_by(LifecycleEvent.date)
    )
    return [(day, note) for day, note in session.execute(query)]
