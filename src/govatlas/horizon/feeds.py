"""A subscription's changes as an Atom 1.0 feed (RFC 4287) or a JSON Feed 1.1.

Ids are ``tag:`` URIs (RFC 4151), stable for a change and a subscription, so a
feed reader never shows the same change twice; links go to the web atlas when a
base URL is given. Each entry's text says what changed in figures (provisions
added, removed, modified, moved), which concepts it touches, and the most
significant changes first.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from govatlas.horizon.alerts import change_url
from govatlas.store.models import Change, Subscription, utcnow

ATOM = "http://www.w3.org/2005/Atom"
TAG = "tag:govatlas.org,2026"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def _time(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)
    return aware.isoformat(timespec="seconds")


def change_title(change: Change) -> str:
    instrument = change.instrument
    if change.old_version_id is None:
        return f"New instrument: {instrument.title}"
    return f"New version of {instrument.title}"


def change_text(change: Change) -> str:
    counts = ", ".join(
        f"{n} {kind}" for kind, n in change.counts.items() if n and kind != "unchanged"
    )
    lines = [f"{change.instrument.jurisdiction_id} · provisions: {counts or 'no change'}"]
    if change.concepts:
        lines.append("Concepts touched: " + ", ".join(change.concepts))
    lines.extend(f"- {line}" for line in change.highlights)
    return "\n".join(lines)


def atom_feed(
    subscription: Subscription, changes: Sequence[Change], base_url: str | None = None
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
        if text is not None:
            element.text = text
        return element

    add(feed, "id", f"{TAG}:subscription/{subscription.token}")
    add(feed, "title", f"govatlas: {subscription.name}")
    updated = max((c.detected_at for c in changes), default=subscription.created_at)
    add(feed, "updated", _time(updated))
    author = add(feed, "author")
    add(author, "name", "govatlas horizon scanning")
    add(feed, "generator", "govatlas")
    if base_url:
        base = base_url.rstrip("/")
        add(feed, "link", rel="self", href=f"{base}/feeds/{subscription.token}.atom")
        add(feed, "link", rel="alternate", href=f"{base}/whats-new")
    for change in changes:
        entry = add(feed, "entry")
        add(entry, "id", f"{TAG}:change/{change.id}")
        add(entry, "title", change_title(change))
        add(entry, "updated", _time(change.detected_at))
        url = change_url(change, base_url)
        if url:
            add(entry, "link", rel="alternate", href=url)
        for concept in change.concepts:
            add(entry, "category", term=concept)
        add(entry, "summary", change_text(change), type="text")
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data


def json_feed(
    subscription: Subscription, changes: Sequence[Change], base_url: str | None = None
) -> str:
    items: list[dict[str, Any]] = []
    for change in changes:
        item: dict[str, Any] = {
            "id": f"{TAG}:change/{change.id}",
            "title": change_title(change),
            "content_text": change_text(change),
            "date_published": _time(change.detected_at),
            "tags": list(change.concepts),
            "_govatlas": {
                "kind": change.kind.value,
                "instrument": change.instrument_id,
                "old_version": change.old_version_id,
                "new_version": change.new_version_id,
                "counts": change.counts,
                "score": change.score,
            },
        }
        url = change_url(change, base_url)
        if url:
            item["url"] = url
        items.append(item)
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": f"govatlas: {subscription.name}",
        "items": items,
    }
    if base_url:
        feed["feed_url"] = f"{base_url.rstrip('/')}/feeds/{subscription.token}.json"
        feed["home_page_url"] = f"{base_url.rstrip('/')}/whats-new"
    return json.dumps(feed, indent=2, ensure_ascii=False)
