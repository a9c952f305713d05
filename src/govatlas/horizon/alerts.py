"""Subscriptions and alerts: who hears about which change, exactly once.

A subscription filters changes by jurisdiction (the instrument's, or the
country a subnational instrument belongs to), instrument, concept (one the
change's words touch) and keyword (in the instrument's title or the changed
words); the filters it sets must all hold. It only hears about changes detected
after it was created. ``match_changes`` records one ``Delivery`` per
(subscription, change) - a unique key, so no change is alerted twice. Feed-only
subscriptions see it in their Atom and JSON feeds at once; webhook subscriptions
get it POSTed by ``deliver_webhooks``, signed with HMAC-SHA256, retried with
exponential backoff on failure, and after ``MAX_ATTEMPTS`` kept as a dead
letter (status ``dead`` with the last error) for a human to look at.

Signature scheme (what a receiver checks, see ``verify_signature``): the header
``X-Govatlas-Signature: t=<unix time>,v1=<hex>`` where ``hex`` is
HMAC-SHA256(secret, "<t>.<raw body>"); reject stale ``t`` to stop replays.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.sources.files import USER_AGENT, is_url
from govatlas.store.instruments import get_instrument
from govatlas.store.models import (
    Change,
    Concept,
    Delivery,
    Jurisdiction,
    Subscription,
    utcnow,
)
from govatlas.vocabulary import DeliveryStatus

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)
SIGNATURE_HEADER = "X-Govatlas-Signature"
SIGNATURE_TOLERANCE = 300  # seconds a receiver should accept between signing and checking
WEBHOOK_TIMEOUT = 10.0


@dataclass(frozen=True)
class SubscriptionSpec:
    name: str
    jurisdiction: str | None = None
    instrument: str | None = None
    concept: str | None = None
    keyword: str | None = None
    webhook_url: str | None = None


def subscribe(session: Session, spec: SubscriptionSpec) -> Subscription:
    """Store a subscription with a fresh feed token and webhook secret."""
    if not spec.name.strip():
        raise InvalidInputError("a subscription needs a name")
    if spec.jurisdiction is not None and session.get(Jurisdiction, spec.jurisdiction) is None:
        raise NotFoundError(f"no jurisdiction {spec.jurisdiction!r}", "e.g. USA, EU, GBR")
    if spec.instrument is not None:
        get_instrument(session, spec.instrument)
    if spec.concept is not None and session.get(Concept, spec.concept) is None:
        raise NotFoundError(
            f"no concept {spec.concept!r}", "concept ids look like fli-blocks:red-lines"
        )
    if spec.keyword is not None and not spec.keyword.strip():
        raise InvalidInputError("the keyword is empty")
    if spec.webhook_url is not None and not is_url(spec.webhook_url):
        raise InvalidInputError(f"{spec.webhook_url!r} is not an http(s) URL")
    subscription = Subscription(
        name=spec.name.strip(),
        jurisdiction_id=spec.jurisdiction,
        instrument_id=spec.instrument,
        concept_id=spec.concept,
        keyword=spec.keyword.strip() if spec.keyword else None,
        webhook_url=spec.webhook_url,
        secret=secrets.token_hex(32),
        token=secrets.token_hex(24),  # hex: never starts with "-", so a CLI argument
    )
    session.add(subscription)
    session.flush()
    return subscription


def get_subscription(session: Session, key: str) -> Subscription:
    """By id, or by feed token."""
    if key.isdigit():
        found = session.get(Subscription, int(key))
        if found is not None:
            return found
    return subscription_by_token(session, key)


def subscription_by_token(session: Session, token: str) -> Subscription:
    found = session.scalar(select(Subscription).where(Subscription.token == token))
    if found is None:
        raise NotFoundError(
            f"no subscription {token[:40]!r}", "list them with `govatlas alerts list`"
        )
    return found


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def matches(subscription: Subscription, change: Change) -> bool:
    if _aware(change.detected_at) < _aware(subscription.created_at):
        return False
    instrument = change.instrument
    if subscription.instrument_id and instrument.id != subscription.instrument_id:
        return False
    if subscription.jurisdiction_id:
        where = instrument.jurisdiction
        if subscription.jurisdiction_id not in (where.id, where.parent_id):
            return False
    if subscription.concept_id and subscription.concept_id not in change.concepts:
        return False
    if subscription.keyword:
        pattern = re.compile(rf"\b{re.escape(subscription.keyword)}\b", re.IGNORECASE)
        haystack = f"{instrument.title} {instrument.short_name} {change.changed_text}"
        if not pattern.search(haystack):
            return False
    return True


def match_changes(session: Session, changes: Iterable[Change]) -> int:
    """Record a delivery for every subscription each change matches; returns how many."""
    changes = list({c.id: c for c in changes}.values())
    if not changes:
        return 0
    subscriptions = list(session.scalars(select(Subscription)))
    known = {
        (subscription_id, change_id)
        for subscription_id, change_id in session.execute(
            select(Delivery.subscription_id, Delivery.change_id).where(
                Delivery.change_id.in_([c.id for c in changes])
            )
        )
    }
    now = utcnow()
    added = 0
    for change in changes:
        for subscription in subscriptions:
            if (subscription.id, change.id) in known or not matches(subscription, change):
                continue
            webhook = subscription.webhook_url is not None
            session.add(
                Delivery(
                    subscription_id=subscription.id,
                    change_id=change.id,
                    status=DeliveryStatus.PENDING if webhook else DeliveryStatus.DELIVERED,
                    next_attempt_at=now if webhook else None,
                    delivered_at=None if webhook else now,
                )
            )
            added += 1
    session.flush()
    return added


def sign(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify_signature(
    secret: str,
    header: str,
    body: bytes,
    now: float | None = None,
    tolerance: int = SIGNATURE_TOLERANCE,
) -> bool:
    """What a webhook receiver runs: the signature matches and is recent."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))


def payload(change: Change, delivery_id: int, base_url: str | None) -> dict[str, Any]:
    """The JSON an alert carries; ``delivery`` lets a receiver drop a repeat."""
    instrument = change.instrument
    return {
        "delivery": delivery_id,
        "change": change.id,
        "kind": change.kind.value,
        "detected_at": _aware(change.detected_at).isoformat(),
        "instrument": {
            "id": instrument.id,
            "title": instrument.title,
            "jurisdiction": instrument.jurisdiction_id,
        },
        "old_version": change.old_version_id,
        "new_version": change.new_version_id,
        "counts": change.counts,
        "concepts": change.concepts,
        "score": change.score,
        "highlights": change.highlights,
        "url": change_url(change, base_url),
    }


def change_url(change: Change, base_url: str | None) -> str | None:
    """The web atlas page that shows the change: the diff, or the new instrument."""
    if not base_url:
        return None
    base = base_url.rstrip("/")
    if change.old_version_id is None:
        return f"{base}/instruments/{change.instrument_id}"
    return (
        f"{base}/instruments/{change.instrument_id}/changes"
        f"?from={change.old_version_id}&to={change.new_version_id}"
    )


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    dead: int = 0


def deliver_webhooks(
    session: Session,
    post: Callable[[str, bytes, dict[str, str]], int] | None = None,
    base_url: str | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """POST every due webhook delivery once; failures wait (backoff) or become dead letters.

    Each outcome is committed as soon as it is known, so an interrupted run never
    sends an alert it already sent again.
    """
    now = now or utcnow()
    report = DeliveryReport()
    due = session.scalars(
        select(Delivery).where(Delivery.status == DeliveryStatus.PENDING).order_by(Delivery.id)
    ).all()
    with httpx.Client(timeout=WEBHOOK_TIMEOUT, headers={"User-Agent": USER_AGENT}) as client:

        def http_post(url: str, body: bytes, headers: dict[str, str]) -> int:
            return client.post(url, content=body, headers=headers).status_code

        send = post or http_post
        for delivery in due:
            if delivery.next_attempt_at is not None and _aware(delivery.next_attempt_at) > now:
                continue
            _attempt(session, delivery, send, base_url, now, report)
            session.commit()
    return report


def _attempt(
    session: Session,
    delivery: Delivery,
    send: Callable[[str, bytes, dict[str, str]], int],
    base_url: str | None,
    now: datetime,
    report: DeliveryReport,
) -> None:
    subscription = session.get_one(Subscription, delivery.subscription_id)
    assert subscription.webhook_url is not None
    body = json.dumps(payload(delivery.change, delivery.id, base_url), sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(subscription.secret, body, int(now.timestamp())),
    }
    delivery.attempts += 1
    try:
        status = send(subscription.webhook_url, body, headers)
        error = None if 200 <= status < 300 else f"the receiver answered HTTP {status}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"
    if error is None:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.last_error = None
        report.delivered += 1
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.DEAD
        delivery.last_error = error
        report.dead += 1
    else:
        wait = FIRST_RETRY * 2 ** (delivery.attempts - 1) * (1 + random.random() / 2)
        delivery.next_attempt_at = now + wait
        delivery.last_error = error
        report.retrying += 1


def subscription_changes(
    session: Session, subscription: Subscription, limit: int = 50
) -> list[Change]:
    """The changes alerted to a subscription, newest first (what its feeds show)."""
    return list(
        session.scalars(
            select(Change)
            .join(Delivery, Delivery.change_id == Change.id)
            .where(Delivery.subscription_id == subscription.id)
            .order_by(Change.detected_at.desc(), Change.id.desc())
            .limit(limit)
        )
    )
