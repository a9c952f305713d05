"""The watchlist: what horizon scanning re-checks, how often, and in which scope.

Four kinds of watch: ``url`` (one document, typically an instrument's official
URL from the catalog), ``feed`` (RSS or Atom; each new entry's link is fetched),
``dataset`` (a source's release file, e.g. AGORA's documents.csv, downloaded into
the mirror and read by that source's connector) and ``folder`` (a local mirror
folder, re-read by its connector when its files change). A watch has a schedule
(hourly, daily, weekly) and an optional scope: the jurisdiction new instruments
from it belong to, and a concept that feed entries must name to be followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.sources.discovery import get_connector
from govatlas.sources.files import is_url
from govatlas.store.horizon import watch_at
from govatlas.store.horizon_texts import catalog_instrument_urls
from govatlas.store.instruments import get_instrument
from govatlas.store.jurisdictions import unknown_jurisdiction
from govatlas.store.models import Concept, Jurisdiction, Watch, utcnow
from govatlas.store.taxonomies import unknown_concept
from govatlas.vocabulary import WatchKind, WatchSchedule

INTERVALS = {
    WatchSchedule.HOURLY: timedelta(hours=1),
    WatchSchedule.DAILY: timedelta(days=1),
    WatchSchedule.WEEKLY: timedelta(days=7),
}
# A cron job that runs at the same minute every day must find a daily watch due.
DUE_SLACK = timedelta(minutes=10)


@dataclass(frozen=True)
class WatchSpec:
    kind: WatchKind
    location: str
    schedule: WatchSchedule = WatchSchedule.DAILY
    title: str | None = None
    instrument: str | None = None
    connector: str | None = None
    jurisdiction: str | None = None
    concept: str | None = None


def _check(session: Session, spec: WatchSpec) -> None:
    if spec.kind in (WatchKind.URL, WatchKind.FEED, WatchKind.DATASET):
        if not is_url(spec.location):
            raise InvalidInputError(
                f"{spec.location!r} is not an http(s) URL", "a url, feed or dataset watch needs one"
            )
    elif not Path(spec.location).is_dir():
        raise InvalidInputError(
            f"{spec.location!r} is not a folder", "a folder watch needs an existing mirror folder"
        )
    if spec.kind in (WatchKind.DATASET, WatchKind.FOLDER):
        if spec.connector is None:
            raise InvalidInputError(
                f"a {spec.kind} watch needs --connector",
                "the source that reads it, e.g. --connector agora",
            )
        get_connector(spec.connector)
    if spec.instrument is not None:
        get_instrument(session, spec.instrument)
    if spec.jurisdiction is not None and session.get(Jurisdiction, spec.jurisdiction) is None:
        raise unknown_jurisdiction(session, spec.jurisdiction)
    if spec.concept is not None and session.get(Concept, spec.concept) is None:
        raise unknown_concept(session, spec.concept)


def add_watch(session: Session, spec: WatchSpec) -> Watch:
    _check(session, spec)
    existing = watch_at(session, spec.kind, spec.location)
    if existing is not None:
        raise InvalidInputError(
            f"{spec.location} is already watched (watch {existing.id})",
            f"remove it first with `govatlas watch remove {existing.id}`",
        )
    watch = Watch(
        kind=spec.kind,
        location=spec.location,
        schedule=spec.schedule,
        title=spec.title,
        instrument_id=spec.instrument,
        connector=spec.connector,
        jurisdiction_id=spec.jurisdiction,
        concept_id=spec.concept,
    )
    session.add(watch)
    session.flush()
    return watch


def watch_instrument(
    session: Session, instrument_id: str, schedule: WatchSchedule = WatchSchedule.DAILY
) -> list[Watch]:
    """A ``url`` watch on each official URL of a catalogued instrument not yet watched."""
    instrument = get_instrument(session, instrument_id)
    urls = [u for u in instrument.official_urls if is_url(u)]
    if not urls:
        raise InvalidInputError(
            f"{instrument_id} has no official http(s) URL to watch",
            "add its URL to the catalog, or watch a URL directly",
        )
    added = []
    for url in urls:
        known = watch_at(session, WatchKind.URL, url)
        if known is None:
            spec = WatchSpec(
                WatchKind.URL,
                url,
                schedule,
                title=instrument.short_name,
                instrument=instrument.id,
                jurisdiction=instrument.jurisdiction_id,
            )
            added.append(add_watch(session, spec))
    return added


def watch_catalog(session: Session, schedule: WatchSchedule = WatchSchedule.WEEKLY) -> list[Watch]:
    """``url`` watches on the official URLs of every catalogued instrument not yet watched."""
    added = []
    for instrument_id, urls in catalog_instrument_urls(session):
        if any(is_url(u) for u in urls or []):
            added += watch_instrument(session, instrument_id, schedule)
    return added


def get_watch(session: Session, watch_id: int) -> Watch:
    watch = session.get(Watch, watch_id)
    if watch is None:
        raise NotFoundError(f"no watch {watch_id}", "list them with `govatlas watch list`")
    return watch


def remove_watch(session: Session, watch_id: int) -> None:
    session.delete(get_watch(session, watch_id))
    session.flush()


def is_due(watch: Watch, now: datetime | None = None) -> bool:
    if watch.last_checked_at is None:
        return True
    checked = watch.last_checked_at
    now = now or utcnow()
    if checked.tzinfo is None:  # SQLite returns naive datetimes
        now = now.replace(tzinfo=None)
    return now - checked >= INTERVALS[watch.schedule] - DUE_SLACK
