"""The queries on horizon scanning's tables: subscriptions and their deliveries, the
changes detected, the scan log. The ``horizon`` package and the CLI's listings call
these; what is significant or due is decided in ``horizon``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.models import Change, Delivery, ScanEvent, Subscription
from govatlas.vocabulary import DeliveryStatus

LISTED = 500  # the newest deliveries a listing shows


def subscriptions(session: Session) -> list[Subscription]:
    return list(session.scalars(select(Subscription).order_by(Subscription.id)))


def delivery_statuses(session: Session, subscription_id: int) -> list[DeliveryStatus]:
    """The status of every delivery made to a subscription."""
    return list(
        session.scalars(select(Delivery.status).where(Delivery.subscription_id == subscription_id))
    )


def newest_deliveries(session: Session, status: DeliveryStatus | None = None) -> list[Delivery]:
    """The newest deliveries (in one status, if given), newest first."""
    query = select(Delivery).order_by(Delivery.id.desc()).limit(LISTED)
    if status is not None:
        query = query.where(Delivery.status == status)
    return list(session.scalars(query))


def changes_since(session: Session, since: datetime) -> list[Change]:
    """The changes detected since ``since``, most significant first."""
    return list(
        session.scalars(
            select(Change)
            .where(Change.detected_at >= since)
            .order_by(Change.score.desc(), Change.id)
        )
    )


def scan_log(session: Session, limit: int, watch_id: int | None = None) -> list[ScanEvent]:
    """The newest checks (of one watch, if given), newest first."""
    query = select(ScanEvent).order_by(ScanEvent.id.desc()).limit(limit)
    if watch_id is not None:
        query = query.where(ScanEvent.watch_id == watch_id)
    return list(session.scalars(query))
