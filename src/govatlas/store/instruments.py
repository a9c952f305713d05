"""Instruments in the store: syncing catalog entries and adding versions.

Catalog sync is an upsert keyed by the catalog id; lifecycle events, issuers
and the external ids the catalog asserted are replaced by what the catalog says
(ids a source's document brought are left to that source, so a re-run of the
build does not remove them only for the ingest to add them back). Versions are added by
content hash: the same text twice is one version, changed text a new one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from govatlas.catalog.schema import Actor as CatalogActor
from govatlas.catalog.schema import CatalogEntry
from govatlas.errors import NotFoundError
from govatlas.near_names import unknown
from govatlas.store.models import (
    Actor,
    Change,
    Concept,
    ExternalId,
    Instrument,
    InstrumentVersion,
    Jurisdiction,
    LifecycleEvent,
    content_hash,
)
from govatlas.vocabulary import Binding, LifecycleKind, Status

CATALOG_ORIGIN = "catalog"


@dataclass
class CatalogSyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # (catalog instrument, scheme, value, the instrument holding it): an id the catalog
    # names that a source's document brought to another instrument before the catalog
    # named it; left where it is (moving it would orphan that instrument's versions,
    # labels and reviews), and reported
    held_elsewhere: list[tuple[str, str, str, str]] = field(default_factory=list)


def sync_actors(session: Session, actors: Iterable[CatalogActor]) -> None:
    for actor in actors:
        row = session.get(Actor, actor.id) or Actor(id=actor.id)
        row.name, row.kind, row.jurisdiction_id = actor.name, actor.kind, actor.jurisdiction
        session.add(row)
    session.flush()


EventSpec = tuple[LifecycleKind, date, str | None, str]  # kind, date, note, precision


def set_events(instrument: Instrument, wanted: Iterable[EventSpec]) -> None:
    """Make the instrument's lifecycle events equal to ``wanted``, changing rows in place.

    Rows are matched on (kind, date), the unique key, so a changed note or
    precision updates the row instead of inserting a duplicate before the old
    one is deleted.
    """
    target = {(kind, day): (note, precision) for kind, day, note, precision in wanted}
    for event in list(instrument.events):
        key = (event.kind, event.date)
        if key not in target:
            instrument.events.remove(event)
            continue
        note, precision = target[key]
        if event.note != note:
            event.note = note
        if event.precision != precision:
            event.precision = precision
    present = {(e.kind, e.date) for e in instrument.events}
    for (kind, day), (note, precision) in target.items():
        if (kind, day) not in present:
            instrument.events.append(
                LifecycleEvent(kind=kind, date=day, note=note, precision=precision)
            )


def _apply_entry(
    instrument: Instrument,
    entry: CatalogEntry,
    session: Session,
    today: date,
    held_elsewhere: list[tuple[str, str, str, str]],
) -> None:
    instrument.title = entry.title
    instrument.original_title = entry.original_title
    instrument.short_name = entry.short_name
    instrument.type = entry.type
    instrument.binding = entry.binding
    instrument.topic = entry.topic
    instrument.public_authority = entry.issued_by_public_authority
    instrument.status = entry.status(today)
    instrument.jurisdiction_id = entry.jurisdiction
    instrument.languages = list(entry.languages)
    instrument.official_urls = list(entry.urls)
    instrument.summary = entry.summary
    instrument.origin = "catalog"
    wanted_issuers = [session.get_one(Actor, actor_id) for actor_id in entry.issuers]
    if [a.id for a in instrument.issuers] != [a.id for a in wanted_issuers]:
        instrument.issuers = wanted_issuers
    set_events(instrument, ((e.kind, e.date, e.note, e.precision) for e in entry.events))
    wanted_ids = {(scheme, value) for scheme, values in entry.ids.items() for value in values}
    for external in list(instrument.external_ids):
        # only the catalog's own ids: one a source's document brought stays (finding 11)
        if (
            external.origin == CATALOG_ORIGIN
            and (external.scheme, external.value) not in wanted_ids
        ):
            instrument.external_ids.remove(external)
    present = {(x.scheme, x.value) for x in instrument.external_ids}
    for scheme, value in sorted(wanted_ids - present):
        holder = session.scalar(
            select(ExternalId.instrument_id).where(
                ExternalId.scheme == scheme, ExternalId.value == value
            )
        )
        if holder is not None and holder != entry.id:
            held_elsewhere.append((entry.id, scheme, value, holder))
            continue
        instrument.external_ids.append(
            ExternalId(scheme=scheme, value=value, origin=CATALOG_ORIGIN)
        )


def sync_catalog(
    session: Session, entries: Iterable[CatalogEntry], today: date | None = None
) -> CatalogSyncResult:
    """Upsert catalog entries as instruments; statuses are computed for ``today``."""
    result = CatalogSyncResult()
    day = today or date.today()
    for entry in entries:
        instrument = session.get(Instrument, entry.id)
        if instrument is None:
            instrument = Instrument(id=entry.id)
            with session.no_autoflush:
                _apply_entry(instrument, entry, session, day, result.held_elsewhere)
            session.add(instrument)
            result.created += 1
            continue
        with session.no_autoflush:  # keep the changes pending so is_modified can see them
            _apply_entry(instrument, entry, session, day, result.held_elsewhere)
        if session.is_modified(instrument) or any(
            session.is_modified(child) for child in (*instrument.events, *instrument.external_ids)
        ):
            result.updated += 1
        else:
            result.unchanged += 1
    session.flush()
    return result


# Versions holding only the ids and titles a crosswalk cites for a framework whose
# text is not public; they are never an instrument's reading text.
REFERENCE_FORMAT = "reference"


def replaced_version_ids() -> Select[int | None]:
    """Subquery: versions that a fuller rendering of the same text replaces (no longer
    versions of their own: lists, diffs and change records leave them out)."""
    return select(InstrumentVersion.replaces_id).where(InstrumentVersion.replaces_id.is_not(None))


def newest_version_ids() -> Select[int]:
    """Subquery: the id of each instrument's most recently stored full-text version."""
    return (
        select(func.max(InstrumentVersion.id))
        .where(InstrumentVersion.format != REFERENCE_FORMAT)
        .group_by(InstrumentVersion.instrument_id)
    )


def text_versions(session: Session, instrument_id: str) -> list[InstrumentVersion]:
    """The instrument's full-text versions, oldest first, without those a fuller
    rendering replaced."""
    query = (
        select(InstrumentVersion)
        .where(
            InstrumentVersion.instrument_id == instrument_id,
            InstrumentVersion.format != REFERENCE_FORMAT,
            InstrumentVersion.id.not_in(replaced_version_ids()),
        )
        .order_by(InstrumentVersion.id)
    )
    return list(session.scalars(query))


def reading_version(
    session: Session, instrument_id: str, language: str | None = "en"
) -> InstrumentVersion | None:
    """The newest full-text version, in ``language`` when one exists."""
    versions = text_versions(session, instrument_id)[::-1]
    preferred = [v for v in versions if language is None or v.language == language]
    chosen = preferred or versions
    return chosen[0] if chosen else None


def instruments_with_text(session: Session) -> list[str]:
    """Every instrument with a stored text (not only a reference), by id."""
    return list(
        session.scalars(
            select(InstrumentVersion.instrument_id)
            .where(InstrumentVersion.format != REFERENCE_FORMAT)
            .distinct()
            .order_by(InstrumentVersion.instrument_id)
        )
    )


def instruments_holding_documents(session: Session, urls: Collection[str]) -> list[str]:
    """The instruments with a stored text read from one of ``urls`` (the document's own
    address), by id: where a source filed a catalogued document as an instrument of its
    own, the text is there."""
    if not urls:
        return []
    return list(
        session.scalars(
            select(InstrumentVersion.instrument_id)
            .where(InstrumentVersion.source_url.in_(list(urls)))
            .where(InstrumentVersion.format != REFERENCE_FORMAT)
            .distinct()
            .order_by(InstrumentVersion.instrument_id)
        )
    )


def catalog_instruments_with_text(session: Session) -> list[str]:
    """The catalog's instruments (not every AGORA document) that have a text to read."""
    return [
        i.id
        for i in session.scalars(
            select(Instrument).where(Instrument.origin == "catalog").order_by(Instrument.id)
        )
        if reading_version(session, i.id) is not None
    ]


def instruments_with_text_in(session: Session, jurisdiction_id: str) -> list[str]:
    """A jurisdiction's own instruments that have a text to read, by id."""
    ids = session.scalars(
        select(Instrument.id)
        .where(Instrument.jurisdiction_id == jurisdiction_id)
        .order_by(Instrument.id)
    )
    return [i for i in ids if reading_version(session, i) is not None]


def lifecycle_events(
    session: Session, instrument_id: str, kind: LifecycleKind | None = None
) -> list[LifecycleEvent]:
    """An instrument's lifecycle events (only one kind, if given), oldest first."""
    query = select(LifecycleEvent).where(LifecycleEvent.instrument_id == instrument_id)
    if kind is not None:
        query = query.where(LifecycleEvent.kind == kind)
    return list(session.scalars(query.order_by(LifecycleEvent.date)))


def changes_of(session: Session, instrument_id: str) -> list[Change]:
    """The changes horizon scanning detected on an instrument, oldest first."""
    return list(
        session.scalars(
            select(Change).where(Change.instrument_id == instrument_id).order_by(Change.detected_at)
        )
    )


def get_instrument(session: Session, instrument_id: str) -> Instrument:
    instrument = session.get(Instrument, instrument_id)
    if instrument is None:
        raise unknown_instrument(session, instrument_id)
    return instrument


def unknown_instrument(session: Session, instrument_id: str) -> NotFoundError:
    """The error for an instrument id the store does not hold, with the closest ids."""
    return unknown(
        "instrument",
        instrument_id,
        session.scalars(select(Instrument.id)),
        message=f"no instrument with id {instrument_id!r} in the store",
        listing="`govatlas catalog list` shows the ids",
        empty="the store holds no instruments yet: run `govatlas build` first",
    )


def add_version(
    session: Session,
    instrument_id: str,
    text: str,
    *,
    format: str,
    language: str | None = None,
    source_url: str | None = None,
    retrieved_at: datetime | None = None,
    source: str | None = None,
    source_key: str | None = None,
    replaces: InstrumentVersion | None = None,
) -> tuple[InstrumentVersion, bool]:
    """Store ``text`` as a version of the instrument; ``created`` is False if known.

    ``replaces``: an earlier rendering of the same text that this fuller one replaces."""
    get_instrument(session, instrument_id)
    digest = content_hash(text)
    existing = session.scalar(
        select(InstrumentVersion).where(
            InstrumentVersion.instrument_id == instrument_id,
            InstrumentVersion.content_hash == digest,
        )
    )
    if existing is not None:
        return existing, False
    version = InstrumentVersion(
        instrument_id=instrument_id,
        content_hash=digest,
        text=text,
        format=format,
        language=language,
        source_url=source_url,
        retrieved_at=retrieved_at,
        source=source,
        source_key=source_key,
        replaces_id=replaces.id if replaces is not None else None,
    )
    session.add(version)
    session.flush()
    return version, True


def instrument_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Short name of each instrument in ``ids`` (ids not in the store are left out):
    what tables and CSV files show a reader, beside the ids machines use."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Instrument.id, Instrument.short_name, Instrument.title).where(
            Instrument.id.in_(wanted)
        )
    )
    return {i: short or title for i, short, title in rows}


def short_names(session: Session, ids: Iterable[str]) -> dict[str, str | None]:
    """Each instrument's short name as stored (None where it has none)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Instrument.id, Instrument.short_name).where(Instrument.id.in_(wanted))
    )
    return {i: short for i, short in rows}


def instruments_by_ids(session: Session, ids: Iterable[str]) -> list[Instrument]:
    """The stored instruments among ``ids`` (in the store's order)."""
    return list(session.scalars(select(Instrument).where(Instrument.id.in_(list(ids)))))


def catalog_instruments(session: Session) -> list[Instrument]:
    """The catalog's instruments (not every AGORA document), by short name."""
    return list(
        session.scalars(
            select(Instrument).where(Instrument.origin == "catalog").order_by(Instrument.short_name)
        )
    )


def landscape_counts(session: Session) -> dict[str, int]:
    """How many instruments and jurisdictions are stored, and how many jurisdictions have
    an instrument."""
    return {
        "instruments": session.scalar(select(func.count()).select_from(Instrument)) or 0,
        "jurisdictions": session.scalar(select(func.count()).select_from(Jurisdiction)) or 0,
        "with_instruments": session.scalar(
            select(func.count(func.distinct(Instrument.jurisdiction_id)))
        )
        or 0,
    }


def instrument_and_place_ids(session: Session) -> tuple[list[str], list[str]]:
    """Every instrument id, and every jurisdiction that has an instrument, sorted."""
    instruments = sorted(session.scalars(select(Instrument.id)))
    places = sorted(session.scalars(select(Instrument.jurisdiction_id).distinct()))
    return instruments, places


def jurisdiction_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Name of each jurisdiction in ``ids`` (codes not in the store are left out)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Jurisdiction.id, Jurisdiction.name).where(Jurisdiction.id.in_(wanted))
    )
    return {code: name for code, name in rows}


def every_jurisdiction_name(session: Session) -> dict[str, str]:
    """Name of every jurisdiction in the store, by code."""
    return {
        code: name for code, name in session.execute(select(Jurisdiction.id, Jurisdiction.name))
    }


def concept_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Preferred label of each concept in ``ids`` (ids not in the store are left out)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(Concept.id, Concept.pref_label).where(Concept.id.in_(wanted)))
    return {ident: label for ident, label in rows}


def instruments_in_order(session: Session, only: Collection[str] | None = None) -> list[Instrument]:
    """Every instrument (or only those in ``only``), by id."""
    query = select(Instrument).order_by(Instrument.id)
    if only is not None:
        query = query.where(Instrument.id.in_(only))
    return list(session.scalars(query))


def instruments_with_versions(session: Session, ids: Collection[str]) -> set[str]:
    """The instruments of ``ids`` that have any stored version (a text or references)."""
    if not ids:
        return set()
    query = select(InstrumentVersion.instrument_id).where(InstrumentVersion.instrument_id.in_(ids))
    return set(session.scalars(query))


def events_of(session: Session, ids: Collection[str]) -> list[LifecycleEvent]:
    """The lifecycle events of these instruments, by date and then instrument."""
    if not ids:
        return []
    query = (
        select(LifecycleEvent)
        .where(LifecycleEvent.instrument_id.in_(ids))
        .order_by(LifecycleEvent.date, LifecycleEvent.instrument_id)
    )
    return list(session.scalars(query))


def instrument_place_names(session: Session, ids: Collection[str]) -> dict[str, str]:
    """Instrument id -> the name of its jurisdiction."""
    if not ids:
        return {}
    query = (
        select(Instrument.id, Jurisdiction.name)
        .join(Jurisdiction, Jurisdiction.id == Instrument.jurisdiction_id)
        .where(Instrument.id.in_(ids))
    )
    return {instrument: name for instrument, name in session.execute(query)}


def instruments_with_events(session: Session) -> set[str]:
    """The instruments with at least one lifecycle event (a known stage)."""
    return set(session.scalars(select(LifecycleEvent.instrument_id).distinct()))


def instrument_titles(session: Session) -> list[tuple[str, str, str]]:
    """(id, title, jurisdiction) of every instrument, by id."""
    query = select(Instrument.id, Instrument.title, Instrument.jurisdiction_id)
    return [(i, title, place) for i, title, place in session.execute(query.order_by(Instrument.id))]


def instrument_standing_rows(session: Session) -> list[tuple[str, str, Binding, Status, str]]:
    """(id, jurisdiction, binding, status, short name) of every instrument."""
    query = select(
        Instrument.id,
        Instrument.jurisdiction_id,
        Instrument.binding,
        Instrument.status,
        Instrument.short_name,
    )
    return [
        (i, place, binding, status, name)
        for i, place, binding, status, name in session.execute(query)
    ]


def instrument_name_rows(session: Session) -> list[tuple[str, str, str, str]]:
    """(id, title, short name, jurisdiction) of every instrument."""
    query = select(
        Instrument.id, Instrument.title, Instrument.short_name, Instrument.jurisdiction_id
    )
    return [(i, title, short, place) for i, title, short, place in session.execute(query)]
