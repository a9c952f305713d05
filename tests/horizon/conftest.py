"""A local HTTP server on loopback that serves changing documents and misbehaves on purpose.

Each path maps to a ``Route``: a body with its content type (changed by the test
between scans, answered with 304 when the client's ETag still matches), or a
misbehaviour: hang past the timeout, answer 500 or 503 a given number of times,
send fewer bytes than announced, redirect to itself, stream a 100 MB body.
Every request is counted per path, and POSTed bodies are kept (webhook tests).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.horizon.fetching import FetchPolicy, PoliteFetcher
from govatlas.horizon.significance import SignificanceModel

MB = 1024 * 1024


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    etag: bool = True  # answer 304 to a matching If-None-Match
    behaviour: str = "ok"  # ok, hang, fail, truncate, loop, huge, huge-declared, status
    failures: int = 0  # for "fail": answer `status` this many times, then behave
    status: int = 500


@dataclass
class Site:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    posts: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)
    post_status: int = 200

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def serve(self, path: str, body: str | bytes, content_type: str = "text/plain") -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(data, f"{content_type}; charset=utf-8")
        return self.url(path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            site.posts.append((self.path, dict(self.headers), self.rfile.read(length)))
            self._send(site.post_status, b"", {})

        def do_GET(self) -> None:
            site.hits[self.path] += 1
            if self.path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private/\n", {})
                return
            route = site.routes.get(self.path)
            if route is None:
                self._send(404, b"not found", {"Content-Type": "text/plain"})
                return
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._behave(route)  # the client may give up, as it should

        def _behave(self, route: Route) -> None:
            if route.behaviour == "hang":
                time.sleep(2)
                self._send(200, route.body, {"Content-Type": route.content_type})
            elif route.behaviour == "fail" and route.failures > 0:
                route.failures -= 1
                self._send(route.status, b"try later", {"Retry-After": "0"})
            elif route.behaviour == "status":
                self._send(route.status, b"no", {"Content-Type": "text/plain"})
            elif route.behaviour == "loop":
                self._send(302, b"", {"Location": self.path})
            elif route.behaviour == "truncate":
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body) * 10))
                self.end_headers()
                self.wfile.write(route.body)
                self.wfile.flush()
                self.close_connection = True
            elif route.behaviour in ("huge", "huge-declared"):
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                if route.behaviour == "huge-declared":
                    self.send_header("Content-Length", str(100 * MB))
                else:
                    self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"x" * MB
                for _ in range(100):
                    if route.behaviour == "huge":
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    else:
                        self.wfile.write(chunk)
                if route.behaviour == "huge":
                    self.wfile.write(b"0\r\n\r\n")
            else:
                tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                if route.etag and self.headers.get("If-None-Match") == tag:
                    self._send(304, b"", {"ETag": tag})
                    return
                headers = {"Content-Type": route.content_type}
                if route.etag:
                    headers["ETag"] = tag
                self._send(200, route.body, headers)

    return Handler


@pytest.fixture
def site(allow_private_urls: None) -> Iterator[Site]:
    """The local site, with the outbound guard told to allow loopback."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Site("")))
    site = Site(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetcher() -> Iterator[PoliteFetcher]:
    """Quick limits for tests: a timeout short of the 2 s a hanging route sleeps, yet long
    enough for a loaded CI machine to answer robots.txt (0.5 s was not: the robots.txt
    request timed out, the site counted as disallowed and nothing was scanned), two
    attempts, no pacing."""
    policy = FetchPolicy(timeout=1.5, attempts=2, backoff=0.01, host_interval=0.0)
    polite = PoliteFetcher(policy, jitter=lambda: 0.0)
    yield polite
    polite.close()


@pytest.fixture(scope="session")
def significance() -> SignificanceModel:
    """The concept matcher behind significance scores, loaded once for all tests."""
    return SignificanceModel()


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def scanned(built: Engine, env_db: str, site: Site) -> tuple[Engine, str]:
    """Through the CLI: a watch and a subscription, V1 scanned, then V2; the feed token."""
    from tests.horizon.test_scan import V1, V2  # the texts the scan tests plant

    url = site.serve("/alpha", V1)
    code, out = _invoke("watch", "add", url, "--instrument", "alpha-act", "--schedule", "weekly")
    assert code == 0, out
    code, out = _invoke("alerts", "subscribe", "France", "--jurisdiction", "FRA")
    assert code == 0, out
    token = out.split("/feeds/", 1)[1].split(".atom", 1)[0]
    code, out = _invoke("scan", "--host-interval", "0")
    assert code == 0, out
    assert "watch 1: changed" in out and "1 change(s)" in out and "1 alert(s)" in out
    code, out = _invoke("scan", "--host-interval", "0")
    assert "no watch is due" in out  # weekly: checked a moment ago
    site.serve("/alpha", V2)
    code, out = _invoke("scan", "--watch", "1", "--host-interval", "0")
    assert code == 0 and "1 change(s)" in out, out
    return built, token
