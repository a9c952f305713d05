"""Reading a feed that another site wrote: entries with absolute http(s) links only, and
a clean refusal for anything that is not a feed (two cases found by the fuzz run)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from govatlas.errors import InvalidInputError
from govatlas.horizon.feed_entries import feed_entries
from govatlas.horizon.fetching import PoliteFetcher
from govatlas.horizon.scan import Scanner
from govatlas.horizon.watchlist import WatchSpec, add_watch
from govatlas.store.session import transaction
from govatlas.vocabulary import ScanOutcome, WatchKind
from tests.horizon.conftest import Site

LOCATION = "https://feeds.example.org/ai/bills.atom"


def _atom(*links: str, extra: str = "") -> bytes:
    entries = "".join(
        f"<entry><id>tag:x,2026:{n}</id><title>Bill {n}</title>"
        f'<link href="{link}"/><summary>s{extra}</summary></entry>'
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        f"{entries}</feed>"
    ).encode()


def test_links_are_resolved_against_the_feed_and_only_http_ones_are_kept() -> None:
    entries = feed_entries(
        _atom("/bills/1.html", "https://other.example/2", "javascript:alert(1)", "file:///etc/x"),
        LOCATION,
    )
    assert [e.link for e in entries] == [
        "https://feeds.example.org/bills/1.html",
        "https://other.example/2",
    ]
    assert [e.title for e in entries] == ["Bill 0", "Bill 1"]
    assert len({e.key for e in entries}) == 2


@pytest.mark.parametrize(
    "body",
    [
        b"",  # AttributeError from feedparser's missing "version"
        _atom("https://example.org/a", extra="&#xD800;").replace(b"<feed", b"\x00<feed"),
        b"<html><body>not a feed</body></html>",
    ],
)
def test_what_is_not_a_feed_is_refused_cleanly(body: bytes) -> None:
    """The first two were found by the fuzz run: they raised AttributeError and
    UnicodeEncodeError out of the scan."""
    with pytest.raises(InvalidInputError, match="not a readable RSS or Atom feed"):
        feed_entries(body, LOCATION)


def test_an_empty_feed_is_a_failed_check_not_a_crashed_scan(
    built: Engine, site: Site, fetcher: PoliteFetcher
) -> None:
    url = site.serve("/empty.atom", b"", "application/atom+xml")
    with transaction(built) as session:
        watch = add_watch(session, WatchSpec(WatchKind.FEED, url)).id
    result = Scanner(built, fetcher).scan([watch])[0]
    assert result.outcome is ScanOutcome.FAILED
    assert "not a readable RSS or Atom feed" in result.detail
