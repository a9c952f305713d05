"""Alerts: subscriptions match the right changes once; feeds are valid Atom and JSON Feed;
webhooks are signed, retried and dead-lettered; the weekly digest leads with what matters."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from sqlalchemy import Engine, select

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.horizon.alerts import (
    MAX_ATTEMPTS,
    SIGNATURE_HEADER,
    SubscriptionSpec,
    deliver_webhooks,
    match_changes,
    sign,
    subscribe,
    verify_signature,
)
from govatlas.horizon.digest import build_digest, week_bounds
from govatlas.horizon.feeds import ATOM, atom_feed, json_feed
from govatlas.horizon.fetching import PoliteFetcher
from govatlas.horizon.scan import Scanner
from govatlas.horizon.significance import SignificanceModel
from govatlas.horizon.watchlist import WatchSpec, add_watch
from govatlas.store.horizon import FEED_ITEMS, alerted_changes
from govatlas.store.models import Change, Delivery, Subscription
from govatlas.store.session import transaction
from govatlas.vocabulary import DeliveryStatus, WatchKind
from tests.horizon.conftest import Site
from tests.horizon.test_scan import V1, V2


def _subscribe(engine: Engine, spec: SubscriptionSpec) -> Subscription:
    with transaction(engine) as session:
        return subscribe(session, spec)


def _scan_two_versions(
    engine: Engine, site: Site, fetcher: PoliteFetcher, model: SignificanceModel
) -> list[int]:
    """Scan V1 then V2 of the Alpha Act (France); the two change ids."""
    url = site.serve("/alpha", V1)
    with transaction(engine) as session:
        watch = add_watch(session, WatchSpec(WatchKind.URL, url, instrument="alpha-act")).id
    scanner = Scanner(engine, fetcher, model=lambda: model)
    first = scanner.scan([watch])[0].changes
    site.serve("/alpha", V2)
    return first + scanner.scan([watch])[0].changes


def _match(engine: Engine, change_ids: list[int]) -> int:
    with transaction(engine) as session:
        changes = session.scalars(select(Change).where(Change.id.in_(change_ids))).all()
        return match_changes(session, changes)


def _alerted(engine: Engine, subscription: Subscription) -> list[int]:
    with transaction(engine) as session:
        return sorted(
            session.scalars(
                select(Delivery.change_id).where(Delivery.subscription_id == subscription.id)
            )
        )


def test_subscriptions_get_matching_changes_once(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    france = _subscribe(built, SubscriptionSpec("France", jurisdiction="FRA"))
    germany = _subscribe(built, SubscriptionSpec("Germany", jurisdiction="DEU"))
    keyword = _subscribe(built, SubscriptionSpec("Plans", keyword="response plan"))
    concept = _subscribe(
        built, SubscriptionSpec("Emergencies", concept="fli-blocks:emergency-response")
    )
    other = _subscribe(built, SubscriptionSpec("Beta", instrument="beta-bill"))
    both = _subscribe(built, SubscriptionSpec("Both", jurisdiction="FRA", keyword="ten days"))
    first, second = _scan_two_versions(built, site, fetcher, significance)

    assert _match(built, [first, second]) == 6
    assert _alerted(built, france) == [first, second]
    assert _alerted(built, germany) == []
    assert _alerted(built, keyword) == [second]
    assert _alerted(built, concept) == [first, second]  # incident reporting, then a plan
    assert _alerted(built, other) == []
    assert _alerted(built, both) == [second]
    assert _match(built, [first, second]) == 0  # never twice

    late = _subscribe(built, SubscriptionSpec("Late", jurisdiction="FRA"))
    assert _match(built, [first, second]) == 0  # only changes detected after subscribing
    assert _alerted(built, late) == []


def test_subscription_validation(built: Engine) -> None:
    with transaction(built) as session:
        with pytest.raises(NotFoundError, match="no jurisdiction"):
            subscribe(session, SubscriptionSpec("x", jurisdiction="ATLANTIS"))
        with pytest.raises(NotFoundError, match="no instrument"):
            subscribe(session, SubscriptionSpec("x", instrument="nope"))
        with pytest.raises(InvalidInputError, match="not an http"):
            subscribe(session, SubscriptionSpec("x", webhook_url="file:///etc/passwd"))
        with pytest.raises(InvalidInputError, match="needs a name"):
            subscribe(session, SubscriptionSpec("  "))


def test_webhooks_are_signed_and_sent_once(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    hook = _subscribe(
        built, SubscriptionSpec("Hook", jurisdiction="FRA", webhook_url=site.url("/hook"))
    )
    changes = _scan_two_versions(built, site, fetcher, significance)
    _match(built, changes)
    report = deliver_webhooks(built, base_url="https://atlas.example.org")
    assert report.delivered == 2
    assert len(site.posts) == 2
    for path, headers, body in site.posts:
        assert path == "/hook"
        assert verify_signature(hook.secret, headers[SIGNATURE_HEADER], body)
        assert not verify_signature(hook.secret, headers[SIGNATURE_HEADER], body + b" ")
        assert not verify_signature("another secret", headers[SIGNATURE_HEADER], body)
    payloads = [json.loads(body) for _, _, body in site.posts]
    assert [p["change"] for p in payloads] == changes
    assert payloads[1]["url"] == (
        f"https://atlas.example.org/instruments/alpha-act/changes"
        f"?from={payloads[1]['old_version']}&to={payloads[1]['new_version']}"
    )
    assert payloads[1]["counts"]["modified"] == 1
    again = deliver_webhooks(built)
    assert again.delivered == 0 and len(site.posts) == 2


def test_signatures_expire() -> None:
    body = b'{"change": 1}'
    header = sign("s3cret", body, 1_000_000)
    assert verify_signature("s3cret", header, body, now=1_000_100)
    assert not verify_signature("s3cret", header, body, now=1_000_000 + 3600)
    assert not verify_signature("s3cret", "garbage", body)


def test_failed_webhooks_are_retried_then_dead_lettered(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    _subscribe(built, SubscriptionSpec("Hook", instrument="alpha-act", webhook_url=site.url("/h")))
    site.post_status = 500
    changes = _scan_two_versions(built, site, fetcher, significance)
    _match(built, changes[:1])
    now = datetime.now(UTC)
    assert deliver_webhooks(built, now=now).retrying == 1
    assert deliver_webhooks(built, now=now).retrying == 0  # not due yet
    for attempt in range(2, MAX_ATTEMPTS + 1):
        now += timedelta(days=1)
        report = deliver_webhooks(built, now=now)
        assert (report.dead, report.retrying) == ((1, 0) if attempt == MAX_ATTEMPTS else (0, 1))
    assert len(site.posts) == MAX_ATTEMPTS
    with transaction(built) as session:
        letter = session.scalars(select(Delivery)).one()
        assert letter.status is DeliveryStatus.DEAD
        assert letter.attempts == MAX_ATTEMPTS
        assert "HTTP 500" in (letter.last_error or "")
    assert deliver_webhooks(built, now=now + timedelta(days=30)).dead == 0


def test_feeds_are_valid_atom_and_json_feed(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    sub = _subscribe(built, SubscriptionSpec("France", jurisdiction="FRA"))
    changes = _scan_two_versions(built, site, fetcher, significance)
    _match(built, changes)
    with transaction(built) as session:
        sub = session.get_one(Subscription, sub.id)
        alerted = alerted_changes(session, sub.id, FEED_ITEMS)
        atom = atom_feed(sub, alerted, "https://atlas.example.org")
        feed_json = json.loads(json_feed(sub, alerted, "https://atlas.example.org"))

    parsed = feedparser.parse(atom)
    assert parsed.version == "atom10" and not parsed.bozo
    assert [e.id for e in parsed.entries] == [
        f"tag:govatlas.org,2026:change/{c}" for c in changes[::-1]
    ]
    assert "/instruments/alpha-act/changes?from=" in parsed.entries[0].link
    assert parsed.entries[1].link == "https://atlas.example.org/instruments/alpha-act"
    # RFC 4287: a feed has exactly one id, title and updated, and an author; so does each entry
    root = ET.fromstring(atom)
    assert root.tag == f"{{{ATOM}}}feed"
    for element in (root, *root.findall(f"{{{ATOM}}}entry")):
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{{{ATOM}}}{name}")) == 1, name
        updated = element.findtext(f"{{{ATOM}}}updated") or ""
        assert datetime.fromisoformat(updated).tzinfo is not None  # RFC 3339 with offset
    assert root.find(f"{{{ATOM}}}author/{{{ATOM}}}name") is not None
    assert "New version of Alpha Act" in parsed.entries[0].title
    assert "1 modified" in parsed.entries[0].summary

    assert feed_json["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["id"] for item in feed_json["items"]] == [e.id for e in parsed.entries]
    assert feed_json["items"][0]["url"].startswith(
        "https://atlas.example.org/instruments/alpha-act"
    )


def test_weekly_digest_leads_with_the_most_significant(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    first, second = _scan_two_versions(built, site, fetcher, significance)
    with transaction(built) as session:
        digest = build_digest(session)
        assert [c.id for c in digest.new_versions] == [second]
        assert [c.id for c in digest.new_instruments] == [first]
        assert digest.checks == 2
        assert build_digest(session, "2020-W01").new_versions == []
    label, start, end = week_bounds("2026-W48")
    assert (label, start.isoformat(), (end - start).days) == (
        "2026-W48",
        "2026-11-23T00:00:00+00:00",
        7,
    )
    with pytest.raises(InvalidInputError, match="not an ISO week"):
        week_bounds("2026-48")
    with pytest.raises(InvalidInputError):
        week_bounds("2026-W60")


def test_feed_tokens_can_be_typed_as_command_arguments(built: Engine) -> None:
    # a token starting with "-" would be read as an option by `govatlas alerts feed TOKEN`
    tokens = [_subscribe(built, SubscriptionSpec(f"s{i}")).token for i in range(40)]
    assert len(set(tokens)) == 40
    assert all(re.fullmatch(r"[0-9a-f]{48}", token) for token in tokens)
