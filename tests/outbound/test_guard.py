"""The outbound guard (issue 26, finding 1): no request reaches a non-public address
unless GOVATLAS_ALLOW_PRIVATE_URLS says so - not by a literal address, not by a name
that resolves to one, not by a redirect, not by DNS rebinding."""

from __future__ import annotations

import ipaddress

import pytest
from typer.testing import CliRunner

from govatlas.horizon.fetching import FetchError, FetchPolicy, PoliteFetcher
from govatlas.ingest.formats import DocumentError
from govatlas.outbound.addresses import OutboundRefusedError, address_problem, check_url
from govatlas.sources.files import fetch
from tests.outbound.conftest import PUBLIC_IP, Answer, Internet, Resolver, Server, outbound

pytestmark = pytest.mark.engine_neutral  # the same on every database engine

runner = CliRunner(env={"COLUMNS": "400"})
SECRET = b"root password: hunter2"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://127.0.0.1/x", "loopback"),
        ("http://127.1.2.3:8080/x", "loopback"),
        ("http://[::1]/x", "loopback"),
        ("http://10.1.2.3/x", "private"),
        ("http://192.168.0.1/x", "private"),
        ("http://172.16.5.4/x", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/x", "link-local"),
        ("http://100.64.0.1/x", "carrier-grade NAT"),
        ("http://[fd00::1]/x", "private"),
        ("http://[::ffff:127.0.0.1]/x", "embedded"),
        ("http://[64:ff9b::a00:1]/x", "embedded"),
        ("http://[2002:7f00:1::]/x", "embedded"),
        ("http://0.0.0.0/x", "unspecified"),
        ("http://[::]/x", "unspecified"),
        ("http://224.0.0.1/x", "multicast"),
        ("http://240.0.0.1/x", "reserved"),
        ("http://255.255.255.255/x", "address"),
    ],
)
def test_non_public_literal_addresses_are_refused(url: str, kind: str) -> None:
    with pytest.raises(OutboundRefusedError, match=kind) as refused:
        check_url(url)
    assert "GOVATLAS_ALLOW_PRIVATE_URLS" in refused.value.message
    assert "\n" not in refused.value.message


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x/", "http://[::1/hook", "x"]
)
def test_only_valid_http_urls_pass(url: str) -> None:
    with pytest.raises(OutboundRefusedError, match=r"not an http|not a valid URL|no host"):
        check_url(url)


def test_public_addresses_pass_and_the_setting_opens_only_private_ranges() -> None:
    assert check_url("https://eur-lex.europa.eu/eli/reg/2024/1689/oj")
    assert check_url(f"http://{PUBLIC_IP}/x")
    assert check_url("http://[2606:4700::1111]/x")
    for allowed in ("127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "fd00::1"):
        assert address_problem(ipaddress.ip_address(allowed), allow_private=True) is None
    for never in ("0.0.0.0", "224.0.0.1", "ff02::1", "::"):
        assert address_problem(ipaddress.ip_address(never), allow_private=True) is not None


def test_a_redirect_from_a_public_host_to_a_private_one_is_refused(server: Server) -> None:
    server.answers["/moved"] = Answer(302, headers={"Location": server.url("/secret.txt")})
    server.answers["/secret.txt"] = Answer(body=SECRET)
    internet = Internet()
    resolver = Resolver({"docs.example": [[PUBLIC_IP]]})
    with pytest.raises(DocumentError, match=r"refused, 127\.0\.0\.1 is a loopback address"):
        fetch(server.url("/moved", "docs.example"), outbound(resolver, internet))
    assert server.hits["/moved"] == 1 and server.hits["/secret.txt"] == 0
    assert internet.connected == [PUBLIC_IP]
    # the same through a name: the hop's host resolves to loopback at connect time
    server.answers["/moved"] = Answer(302, headers={"Location": server.url("/secret.txt", "db")})
    resolver.answers["db"] = [["127.0.0.1"]]
    with pytest.raises(DocumentError, match=r"db \(resolved to 127\.0\.0\.1\)"):
        fetch(server.url("/moved", "docs.example"), outbound(resolver, internet))
    assert server.hits["/secret.txt"] == 0 and "127.0.0.1" not in internet.connected


def test_dns_rebinding_cannot_switch_the_address_after_the_check(server: Server) -> None:
    """The name answers a public address first and loopback afterwards: each connection
    is judged on the address it actually uses, so the second one is refused."""
    server.answers["/robots.txt"] = Answer(404)
    server.answers["/doc.txt"] = Answer(body=SECRET)
    internet = Internet()
    resolver = Resolver({"rebind.example": [[PUBLIC_IP], ["127.0.0.1"]]})
    fetcher = PoliteFetcher(
        FetchPolicy(attempts=1, host_interval=0), _client=outbound(resolver, internet)
    )
    with pytest.raises(FetchError, match=r"rebind\.example \(resolved to 127\.0\.0\.1\)"):
        fetcher.get(server.url("/doc.txt", "rebind.example"))
    assert resolver.lookups["rebind.example"] == 2  # robots.txt, then the document
    assert server.hits["/robots.txt"] == 1 and server.hits["/doc.txt"] == 0
    assert internet.connected == [PUBLIC_IP]
    fetcher.close()


def test_a_name_with_one_private_address_among_public_ones_is_refused(server: Server) -> None:
    internet = Internet()
    resolver = Resolver({"mixed.example": [[PUBLIC_IP, "10.0.0.7"]]})
    with pytest.raises(DocumentError, match=r"10\.0\.0\.7 is a private address"):
        fetch(server.url("/doc.txt", "mixed.example"), outbound(resolver, internet))
    assert internet.connected == []


def test_feed_entries_pointing_inside_are_refused_and_never_served(
    server: Server, built: object
) -> None:
    """Issue 26's probe: a feed listing an internal URL got that URL fetched, ingested
    and served by the search API."""
    from fastapi.testclient import TestClient
    from sqlalchemy import Engine

    from govatlas.horizon.scan import Scanner
    from govatlas.horizon.watchlist import WatchSpec, add_watch
    from govatlas.store.session import transaction
    from govatlas.vocabulary import ScanOutcome, WatchKind
    from govatlas.web import create_app

    assert isinstance(built, Engine)
    secret = server.url("/secret.txt")
    server.answers["/secret.txt"] = Answer(body=b"Article 1. The root password is hunter2.")
    server.answers["/robots.txt"] = Answer(404)
    server.answers["/feed.atom"] = Answer(
        body=(
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>x</id>'
            "<title>bills</title><updated>2026-01-01T00:00:00Z</updated><entry><id>e1</id>"
            f'<title>Secret</title><updated>2026-01-01T00:00:00Z</updated><link href="{secret}"/>'
            "</entry></feed>"
        ).encode(),
        headers={"Content-Type": "application/atom+xml"},
    )
    internet = Internet()
    resolver = Resolver({"feeds.example": [[PUBLIC_IP]]})
    fetcher = PoliteFetcher(FetchPolicy(host_interval=0), _client=outbound(resolver, internet))
    with transaction(built) as session:
        feed = server.url("/feed.atom", "feeds.example")
        watch = add_watch(session, WatchSpec(WatchKind.FEED, feed)).id
    result = Scanner(built, fetcher).scan([watch])[0]
    fetcher.close()
    assert result.outcome is ScanOutcome.FAILED
    assert "loopback" in result.detail and "GOVATLAS_ALLOW_PRIVATE_URLS" in result.detail
    assert server.hits["/feed.atom"] == 1 and server.hits["/secret.txt"] == 0
    answer = TestClient(create_app(built)).get("/api/v1/search", params={"q": "hunter2"})
    assert answer.json()["total"] == 0
