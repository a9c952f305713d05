"""What horizon scanning reads of the instruments and their texts: the versions a scan
stored and the earlier text a new one is diffed against, the URLs and titles a fetched
document is matched by, the catalogued instruments to watch or to download texts for,
and the raw-response cache a resumed download reads. The ``horizon`` package calls
these; the provisions a diff compares come from ``store.versions.shown_provisions``, a
download's outcome record from ``store.source_records``."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from govatlas.store.instruments import CATALOG_ORIGIN, REFERENCE_FORMAT, replaced_version_ids
from govatlas.store.models import Instrument, InstrumentVersion, RawResponse

# (instrument id, short name, official URLs, catalog languages, whether a text is stored)
TextCandidateRow = tuple[str, str, list[str], list[str], bool]


def newest_version_id(session: Session) -> int:
    """The highest version id so far (0 for none): versions above it were stored later."""
    return session.scalar(select(InstrumentVersion.id).order_by(InstrumentVersion.id.desc())) or 0


def version_ids_after(session: Session, mark: int) -> list[int]:
    """The ids of the versions stored after version ``mark``, in order."""
    return list(
        session.scalars(
            select(InstrumentVersion.id)
            .where(InstrumentVersion.id > mark)
            .order_by(InstrumentVersion.id)
        )
    )


def earlier_text_version(session: Session, instrument_id: str, before: int) -> int | None:
    """The instrument's newest full-text version older than version ``before`` (reference
    stubs and replaced renderings aside), if any."""
    return session.scalar(
        select(InstrumentVersion.id)
        .where(
            InstrumentVersion.instrument_id == instrument_id,
            InstrumentVersion.id < before,
            InstrumentVersion.format != REFERENCE_FORMAT,
            InstrumentVersion.id.not_in(replaced_version_ids()),
        )
        .order_by(InstrumentVersion.id.desc())
    )


def instrument_titles_and_urls(session: Session) -> Iterator[tuple[str, str, str, list[str]]]:
    """(id, title, short name, official URLs) of every instrument."""
    yield from session.execute(
        select(Instrument.id, Instrument.title, Instrument.short_name, Instrument.official_urls)
    )


def version_source_urls(session: Session) -> Iterator[tuple[str, str | None]]:
    """(instrument id, URL) of every version fetched from a URL."""
    yield from session.execute(
        select(InstrumentVersion.instrument_id, InstrumentVersion.source_url).where(
            InstrumentVersion.source_url.is_not(None)
        )
    )


def catalog_instrument_urls(session: Session) -> list[tuple[str, list[str]]]:
    """(id, official URLs) of every catalogued instrument, by id."""
    query = (
        select(Instrument.id, Instrument.official_urls)
        .where(Instrument.origin == CATALOG_ORIGIN)
        .order_by(Instrument.id)
    )
    return [(instrument, urls) for instrument, urls in session.execute(query)]


def catalog_text_candidates(
    session: Session, only: Sequence[str] = (), places: Collection[str] | None = None
) -> list[TextCandidateRow]:
    """The catalogued instruments (only those in ``only``, if given; only those of
    ``places``, if given), by id, each with whether a full text is stored."""
    has_text = exists().where(
        InstrumentVersion.instrument_id == Instrument.id,
        InstrumentVersion.format != REFERENCE_FORMAT,
    )
    query = select(
        Instrument.id,
        Instrument.short_name,
        Instrument.official_urls,
        Instrument.languages,
        has_text,
    ).where(Instrument.origin == CATALOG_ORIGIN)
    if only:
        query = query.where(Instrument.id.in_(list(only)))
    if places is not None:
        query = query.where(Instrument.jurisdiction_id.in_(places))
    return [
        (ident, name, urls, languages, text)
        for ident, name, urls, languages, text in session.execute(query.order_by(Instrument.id))
    ]


def newest_raw_response(session: Session, url: str) -> RawResponse | None:
    """The body most recently fetched from ``url`` and kept in the raw-response cache."""
    return session.scalars(
        select(RawResponse)
        .where(RawResponse.url == url)
        .order_by(RawResponse.fetched_at.desc())
        .limit(1)
    ).first()
