"""A local HTTP/1.0 server (one connection per request, so every request resolves its
host again) and a stand-in for the public internet: a resolver that says which address
a name has, and connections to the "public" address that land on the local server."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

import httpcore
import pytest

if TYPE_CHECKING:
    from govatlas.outbound.client import OutboundClient

PUBLIC_IP = "93.184.215.14"  # a public address; connections to it reach the local server


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/plain"})


@dataclass
class Server:
    port: int
    answers: dict[str, Answer] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

        def do_GET(self) -> None:
            server.hits[self.path] += 1
            answer = server.answers.get(self.path, Answer(404, b"not found"))
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(answer.body)

        def do_POST(self) -> None:
            self.do_GET()

    return Handler


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    served = Server(httpd.server_address[1])
    httpd.RequestHandlerClass = _handler(served)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served
    httpd.shutdown()
    httpd.server_close()


class Internet(httpcore.SyncBackend):
    """Connections the guard lets through: to ``PUBLIC_IP`` they reach the local server;
    every address asked for is recorded, so a test can show what was never connected."""

    def __init__(self) -> None:
        self.connected: list[str] = []

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        self.connected.append(host)
        target = "127.0.0.1" if host == PUBLIC_IP else host
        return super().connect_tcp(target, port, timeout, local_address, socket_options)


class Resolver:
    """Names to the addresses a test gives them, one answer per lookup (the last repeats)."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = answers
        self.lookups: Counter[str] = Counter()

    def __call__(self, host: str, port: int) -> list[str]:
        replies = self.answers.get(host)
        if replies is None:
            raise OSError(f"unknown name {host}")
        index = min(self.lookups[host], len(replies) - 1)
        self.lookups[host] += 1
        return replies[index]


def outbound(resolver: Resolver, internet: Internet) -> OutboundClient:
    """A client with the guard's default policy (no private addresses) on the stand-ins."""
    from govatlas.outbound.backend import GuardedBackend
    from govatlas.outbound.client import OutboundClient

    return OutboundClient(backend=GuardedBackend(False, resolver, internet))
