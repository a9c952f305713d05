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
HMAC-SHA256(secret, "<t>.<raw body>"); reject stale ``t`` to stop replays. ``t``
is taken when each delivery is sent, so a long run of slow receivers never sends
a signature that is already stale.

One bad subscriber never holds up the others: a webhook URL is checked when the
subscription is made (a URL, http or https, a host, no refused address), matching
is committed before any delivery starts, each delivery is its own short
transaction (the POST happens outside any transaction), and whatever a delivery
meets (a malformed URL stored before these checks, a refused address, a timeout)
becomes a failed attempt and, if it can never succeed or after ``MAX_ATTEMPTS``,
a dead letter. Webhooks go through the outbound guard and never follow redirects.
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
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.errors import GovatlasError, InvalidInputError, NotFoundError
from govatlas.outbound import OutboundClient, OutboundPolicy, OutboundRefusedError, check_url
from govatlas.store.horizon import (
    changes_by_ids,
    delivered_pairs,
    pending_deliveries,
    subscription_with_token,
    subscriptions,
)
from govatlas.store.instruments import get_instrument
from govatlas.store.jurisdictions import unknown_jurisdiction
from govatlas.store.models import (
    Change,
    Concept,
    Delivery,
    Jurisdiction,
    Subscription,
    utcnow,
)
from govatlas.store.session import transaction
from govatlas.store.taxonomies import unknown_concept
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
        raise unknown_jurisdiction(session, spec.jurisdiction)
    if spec.instrument is not None:
        get_instrument(session, spec.instrument)
    if spec.concept is not None and session.get(Concept, spec.concept) is None:
        raise unknown_concept(session, spec.concept)
    if spec.keyword is not None and not spec.keyword.strip():
        raise InvalidInputError("the keyword is empty")
    if spec.webhook_url is not None:
        check_webhook_url(spec.webhook_url)
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


def check_webhook_url(url: str) -> str:
    """``url`` if alerts can be POSTed to it: a valid http(s) URL with a host and no
    refused address (``govatlas.outbound``); else an ``InvalidInputError`` saying why."""
    try:
        return check_url(url, OutboundPolicy().private_allowed)
    except OutboundRefusedError as exc:
        raise InvalidInputError(f"webhook {exc.message}", exc.hint) from exc


def get_subscription(session: Session, key: str) -> Subscription:
    """By id, or by feed token."""
    if key.isdigit():
        found = session.get(Subscription, int(key))
        if found is not None:
            return found
    return subscription_by_token(session, key)


def subscription_by_token(session: Session, token: str) -> Subscription:
    found = subscription_with_token(session, token)
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
    listeners = subscriptions(session)
    known = delivered_pairs(session, [c.id for c in changes])
    now = utcnow()
    added = 0
    for change in changes:
        for subscription in listeners:
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


Sender = Callable[[str, bytes, dict[str, str]], int]


def alert_changes(
    engine: Engine,
    change_ids: Iterable[int],
    base_url: str | None = None,
    post: Sender | None = None,
) -> tuple[int, DeliveryReport]:
    """Match the changes to subscriptions (committed at once), then deliver the webhooks
    that are due; the number of alerts recorded and the delivery report."""
    ids = list(change_ids)
    with transaction(engine) as session:
        changes = changes_by_ids(session, ids)
        added = match_changes(session, changes)
    return added, deliver_webhooks(engine, post, base_url)


@dataclass(frozen=True)
class _Outgoing:
    url: str | None
    body: bytes
    secret: str


def deliver_webhooks(
    engine: Engine,
    post: Sender | None = None,
    base_url: str | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """POST every due webhook delivery once; failures wait (backoff) or become dead letters.

    ``now`` decides which deliveries are due; each signature is timestamped when its
    delivery is sent. Each outcome is committed as soon as it is known, so an
    interrupted run never sends an alert it already sent again.
    """
    now = now or utcnow()
    report = DeliveryReport()
    with transaction(engine) as session:
        due = [
            delivery_id
            for delivery_id, next_attempt_at in pending_deliveries(session)
            if next_attempt_at is None or _aware(next_attempt_at) <= now
        ]
    if not due:
        return report
    client = None
    if post is None:
        client = OutboundClient(OutboundPolicy(timeout=WEBHOOK_TIMEOUT, max_redirects=0))
        post = client.post
    try:
        for delivery_id in due:
            outgoing = _outgoing(engine, delivery_id, base_url)
            if outgoing is None:
                continue
            error, permanent = _send(post, outgoing)
            _record(engine, delivery_id, error, permanent, now, report)
    finally:
        if client is not None:
            client.close()
    return report


def _outgoing(engine: Engine, delivery_id: int, base_url: str | None) -> _Outgoing | None:
    """What to send for a delivery, read in its own short transaction."""
    with transaction(engine) as session:
        delivery = session.get(Delivery, delivery_id)
        if delivery is None or delivery.status is not DeliveryStatus.PENDING:
            return None  # removed, or sent by another run meanwhile
        subscription = session.get_one(Subscription, delivery.subscription_id)
        data = payload(delivery.change, delivery.id, base_url)
        return _Outgoing(
            subscription.webhook_url, json.dumps(data, sort_keys=True).encode(), subscription.secret
        )


def _send(post: Sender, outgoing: _Outgoing) -> tuple[str | None, bool]:
    """POST one alert, signed now; the error (None when delivered) and whether it is
    permanent (the URL itself is unusable: retrying cannot help)."""
    if outgoing.url is None:
        return "the subscription has no webhook any more", True
    try:
        check_webhook_url(outgoing.url)
    except InvalidInputError as exc:
        return exc.message, True
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(outgoing.secret, outgoing.body, int(utcnow().timestamp())),
    }
    try:
        status = post(outgoing.url, outgoing.body, headers)
    except GovatlasError as exc:
        return exc.message, False
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return f"{type(exc).__name__}: {exc}", False
    return (None if 200 <= status < 300 else f"the receiver answered HTTP {status}"), False


def _record(
    engine: Engine,
    delivery_id: int,
    error: str | None,
    permanent: bool,
    now: datetime,
    report: DeliveryReport,
) -> None:
    with transaction(engine) as session:
        delivery = session.get(Delivery, delivery_id)
        if delivery is None:
            return
        delivery.attempts += 1
        if error is None:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = utcnow()
            delivery.last_error = None
            report.delivered += 1
        elif permanent or delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.DEAD
            delivery.last_error = error[:2000]
            report.dead += 1
        else:
            wait = FIRST_RETRY * 2 ** (delivery.attempts - 1) * (1 + random.random() / 2)
            delivery.next_attempt_at = now + wait
            delivery.last_error = error[:2000]
            report.retrying += 1
