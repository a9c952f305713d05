"""The entries of an RSS or Atom feed that a scan follows: their keys, links and words.

A feed is data from another site, so nothing in it is trusted: links are resolved
against the feed's own URL (a relative link is common in Atom), anything that does
not end up an http(s) URL is left out (``javascript:``, ``file:``, ``data:``), and
texts are cut to what a scan needs. Where each link may point is for the outbound
guard to decide when it is fetched. The parser is fuzzed (``benchmarks/fuzz.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from govatlas.errors import InvalidInputError

MAX_LINK = 2000  # characters: longer links are not documents a scan should follow
MAX_TEXT = 10_000


@dataclass(frozen=True)
class FeedEntry:
    key: str  # SHA-256 of the entry's id, else of its link: seen once per watch
    link: str
    title: str | None
    summary: str


def _text(value: object, limit: int = MAX_TEXT) -> str:
    text = value if isinstance(value, str) else ""
    return text.encode("utf-8", "replace").decode("utf-8")[:limit]


def _absolute(link: object, location: str) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        resolved = urljoin(location, _text(link.strip(), MAX_LINK + 1))
        parts = urlsplit(resolved)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc or len(resolved) > MAX_LINK:
        return None
    return resolved


def feed_entries(body: bytes, location: str) -> list[FeedEntry]:
    """The entries of the feed at ``location`` that link to a document, in feed order."""
    import feedparser  # loads slowly; only scanning a feed needs it

    try:
        feed = feedparser.parse(body)
    except (UnicodeError, ValueError) as exc:  # e.g. "&#xD800;", found by the fuzz run
        raise InvalidInputError(
            f"{location}: not a readable RSS or Atom feed ({exc})",
            "check the feed's address in a feed reader",
        ) from exc
    entries = []
    for entry in feed.entries:
        link = _absolute(entry.get("link"), location)
        if link is None:
            continue
        ident = _text(entry.get("id")) or link
        entries.append(
            FeedEntry(
                hashlib.sha256(ident.encode()).hexdigest(),
                link,
                _text(entry.get("title"), 500) or None,
                _text(entry.get("summary")),
            )
        )
    if (feed.get("bozo") and not entries) or not feed.get("version"):
        reason = feed.get("bozo_exception", "no entries")
        raise InvalidInputError(
            f"{location}: not a readable RSS or Atom feed ({_text(str(reason), 300)})",
            "check the feed's address in a feed reader",
        )
    return entries
