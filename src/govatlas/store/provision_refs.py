"""How a reader finds a provision: its instrument and path, its heading, and a name
that puts them together ("EU AI Act Art. 73"), for the provisions reports cite and
reviews list."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.models import Instrument, InstrumentVersion, Provision


def provision_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """ "Instrument name, path" of each provision in ``ids``: what a reader of a
    relationship or a label needs to find the text, beside the provision's number."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Provision.id, Provision.path, Instrument.short_name, Instrument.title)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .join(Instrument, Instrument.id == InstrumentVersion.instrument_id)
        .where(Provision.id.in_(wanted))
    )
    return {ident: f"{short or title} {path}" for ident, path, short, title in rows}


PLACES_BATCH = 500  # provision ids per query: a report may cite thousands


def provision_places(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Provision id -> (instrument id, path), for the ids the store holds."""
    where: dict[int, tuple[str, str]] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), PLACES_BATCH):
        query = (
            select(Provision.id, InstrumentVersion.instrument_id, Provision.path)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(Provision.id.in_(wanted[start : start + PLACES_BATCH]))
        )
        for provision, instrument, path in session.execute(query):
            where[provision] = (instrument, path)
    return where


def provision_headings(session: Session, ids: Collection[int]) -> dict[int, str | None]:
    """Provision id -> its heading (None where it has none)."""
    if not ids:
        return {}
    query = select(Provision.id, Provision.heading).where(Provision.id.in_(ids))
    return {provision: heading for provision, heading in session.execute(query)}
