"""The queries on horizon scanning's tables: subscriptions and their deliveries, the
changes detected (and the lifecycle events shown beside them), the watchlist and its
scan log, and the scan locks. The ``horizon`` package and the CLI's listings call
these; what is significant or due is decided in ``horizon``. What horizon reads of the
instruments and their texts is in ``store.horizon_texts``."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from govatlas.store.models import (
    Change,
    Delivery,
    HorizonLock,
    Instrument,
    LifecycleEvent,
    ScanEvent,
    Subscription,
    Watch,
)
from govatlas.vocabulary import DeliveryStatus, ScanOutcome, WatchKind

LISTED = 500  # the newest deliveries a listing shows
FEED_ITEMS = 50  # the newest alerted changes a subscription's feeds show


def subscriptions(session: Session) -> list[Subscription]:
    return list(session.scalars(select(Subscription).order_by(Subscription.id)))


def subscription_with_token(session: Session, token: str) -> Subscription | None:
    """The subscription whose feed token is ``token``, if any."""
    return session.scalar(select(Subscription).where(Subscription.token == token))


def delivery_statuses(session: Session, subscription_id: int) -> list[DeliveryStatus]:
    """The status of every delivery made to a subscription."""
    return list(
        session.scalars(select(Delivery.status).where(Delivery.subscription_id == subscription_id))
    )


def delivered_pairs(session: Session, change_ids: Collection[int]) -> set[tuple[int, int]]:
    """(subscription id, change id) of every delivery already recorded for these changes."""
    query = select(Delivery.subscription_id, Delivery.change_id).where(
        Delivery.change_id.in_(list(change_ids))
    )
    return {(subscription, change) for subscription, change in session.execute(query)}


def pending_deliveries(session: Session) -> list[tuple[int, datetime | None]]:
    """(id, when it may next be tried) of every delivery still pending, by id."""
    query = (
        select(Delivery.id, Delivery.next_attempt_at)
        .where(Delivery.status == DeliveryStatus.PENDING)
        .order_by(Delivery.id)
    )
    return [(delivery, next_attempt) for delivery, next_attempt in session.execute(query)]


def newest_deliveries(session: Session, status: DeliveryStatus | None = None) -> list[Delivery]:
    """The newest deliveries (in one status, if given), newest first."""
    query = select(Delivery).order_by(Delivery.id.desc()).limit(LISTED)
    if status is not None:
        query = query.where(Delivery.status == status)
    return list(session.scalars(query))


def changes_by_ids(session: Session, ids: Collection[int]) -> list[Change]:
    """The changes with these ids (unknown ids are left out)."""
    if not ids:
        return []
    return list(session.scalars(select(Change).where(Change.id.in_(list(ids)))))


def version_has_change(session: Session, version_id: int) -> bool:
    """Whether a change was already recorded for this (new) version."""
    query = select(Change.id).where(Change.new_version_id == version_id)
    return session.scalar(query) is not None


def alerted_changes(session: Session, subscription_id: int, limit: int) -> list[Change]:
    """The newest ``limit`` changes delivered to a subscription, newest first."""
    return list(
        session.scalars(
            select(Change)
            .join(Delivery, Delivery.change_id == Change.id)
            .where(Delivery.subscription_id == subscription_id)
            .order_by(Change.detected_at.desc(), Change.id.desc())
            .limit(limit)
        )
    )


def changes_since(
    session: Session, since: datetime, before: datetime | None = None
) -> list[Change]:
    """The changes detected since ``since`` (and before ``before``, if given), most
    significant first."""
    query = select(Change).where(Change.detected_at >= since)
    if before is not None:
        query = query.where(Change.detected_at < before)
    return list(session.scalars(query.order_by(Change.score.desc(), Change.id)))


def top_changes_since(session: Session, since: datetime, limit: int) -> list[Change]:
    """The ``limit`` most significant changes detected since ``since`` (newest first
    among equals), with their instruments loaded."""
    return list(
        session.scalars(
            select(Change)
            .options(selectinload(Change.instrument))
            .where(Change.detected_at >= since)
            .order_by(Change.score.desc(), Change.id.desc())
            .limit(limit)
        )
    )


def events_between(
    session: Session, first_day: date, last_day: date, limit: int
) -> list[tuple[LifecycleEvent, Instrument]]:
    """Up to ``limit`` lifecycle events dated to the day from ``first_day`` to
    ``last_day`` with their instruments, newest first, then by instrument. An event known
    to the month or the year (a bill "failed by 2024" at the latest) is no news of a
    given day and is left out."""
    query = (
        select(LifecycleEvent, Instrument)
        .join(Instrument, Instrument.id == LifecycleEvent.instrument_id)
        .where(LifecycleEvent.date >= first_day, LifecycleEvent.date <= last_day)
        .where(or_(LifecycleEvent.precision.is_(None), LifecycleEvent.precision == "day"))
        .order_by(LifecycleEvent.date.desc(), Instrument.id)
        .limit(limit)
    )
    return [(event, instrument) for event, instrument in session.execute(query)]


def watches(session: Session) -> list[Watch]:
    """Every watch, by id."""
    return list(session.scalars(select(Watch).order_by(Watch.id)))


def watch_at(session: Session, kind: WatchKind, location: str) -> Watch | None:
    """The watch of this kind on ``location``, if there is one."""
    return session.scalar(select(Watch).where(Watch.kind == kind, Watch.location == location))


def scan_log(session: Session, limit: int, watch_id: int | None = None) -> list[ScanEvent]:
    """The newest checks (of one watch, if given), newest first."""
    query = select(ScanEvent).order_by(ScanEvent.id.desc()).limit(limit)
    if watch_id is not None:
        query = query.where(ScanEvent.watch_id == watch_id)
    return list(session.scalars(query))


def failed_checks(
    session: Session, start: datetime, end: datetime
) -> list[tuple[ScanEvent, Watch]]:
    """The failed checks started from ``start`` until ``end``, each with its watch,
    newest first."""
    query = (
        select(ScanEvent, Watch)
        .join(Watch, Watch.id == ScanEvent.watch_id)
        .where(
            ScanEvent.started_at >= start,
            ScanEvent.started_at < end,
            ScanEvent.outcome == ScanOutcome.FAILED,
        )
        .order_by(ScanEvent.started_at.desc())
    )
    return [(event, watch) for event, watch in session.execute(query)]


def check_count(session: Session, start: datetime, end: datetime) -> int:
    """How many checks started from ``start`` until ``end``."""
    query = (
        select(func.count())
        .select_from(ScanEvent)
        .where(ScanEvent.started_at >= start, ScanEvent.started_at < end)
    )
    return session.scalar(query) or 0


def horizon_locks(session: Session) -> list[HorizonLock]:
    """Every lock held in the store, by name."""
    return list(session.scalars(select(HorizonLock).order_by(HorizonLock.name)))
