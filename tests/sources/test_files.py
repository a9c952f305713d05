"""Files and URLs as documents, against a misbehaving HTTP server on loopback."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from govatlas.ingest import formats
from govatlas.ingest.formats import DocumentError
from govatlas.sources import files
from govatlas.sources.files import DocumentOptions, document_from, fetch

pytestmark = pytest.mark.usefixtures("allow_private_urls")  # the server is on loopback

PAGE = (
    b"<html><head><title>Test Law</title></head><body><article><h1>Article 1</h1>"
    b"<p>Operators of automated systems shall keep records for five years.</p>"
    b"</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/law.html":
            self._send(200, PAGE, "text/html")
        elif self.path == "/missing":
            self._send(404, b"not here", "text/plain")
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, b"late", "text/plain")
        elif self.path == "/big":
            self._send(200, b"x" * 5000, "text/plain")
        elif self.path == "/error":
            self._send(500, b"boom", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # the client gave up (the timeout test)
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_document(server: str) -> None:
    doc = document_from(f"{server}/law.html", DocumentOptions(jurisdiction="FRA"))
    assert doc.instrument is not None
    assert (doc.instrument.title, doc.instrument.jurisdiction, doc.format) == (
        "Test Law",
        "FRA",
        "html",
    )
    assert "keep records for five years" in (doc.text or "")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "the server answered HTTP 404"),
        ("/error", "the server answered HTTP 500"),
        ("/loop", "too many redirects"),
    ],
)
def test_bad_urls_are_explained(server: str, path: str, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        fetch(f"{server}{path}")


def test_timeout(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "TIMEOUT_SECONDS", 0.3)
    with pytest.raises(DocumentError, match="timed out"):
        fetch(f"{server}/slow")


def test_oversized_body(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    with pytest.raises(DocumentError, match=r"over the size limit|over the 1,000-byte limit"):
        fetch(f"{server}/big")


def test_unreachable_host() -> None:
    with pytest.raises(DocumentError, match=r"http://127\.0\.0\.1:1/x: cannot fetch"):
        fetch("http://127.0.0.1:1/x")


def test_local_file_document(tmp_path: Path) -> None:
    path = tmp_path / "national_ai_strategy.md"
    path.write_text("# National AI Strategy\n\n## Goals\n\nGrow research capacity.\n")
    doc = document_from(str(path), DocumentOptions())
    assert doc.instrument is not None and doc.instrument.title == "national ai strategy"
    assert doc.format == "md"


def test_limits_are_shared_with_the_parser() -> None:
    assert files.MAX_BYTES == formats.MAX_BYTES


class FakeConnector:
    name = "fake"
    folder = "fake"

    def __init__(self, origin: tuple[tuple[str, str], ...]) -> None:
        self.origin = origin


def test_download_into_a_mirror(server: str, tmp_path: Path) -> None:
    from govatlas.sources.download import download

    connector = FakeConnector((("law.html", f"{server}/law.html"),))
    first = download(connector, tmp_path)  # type: ignore[arg-type]
    assert first.fetched == ["law.html"]
    assert (tmp_path / "fake" / "law.html").read_bytes() == PAGE
    again = download(connector, tmp_path)  # type: ignore[arg-type]
    assert again.skipped == ["law.html"]


def test_failed_download_leaves_no_file(server: str, tmp_path: Path) -> None:
    from govatlas.sources.download import download

    connector = FakeConnector((("gone.json", f"{server}/missing"),))
    with pytest.raises(DocumentError, match="HTTP 404"):
        download(connector, tmp_path)  # type: ignore[arg-type]
    assert list((tmp_path / "fake").iterdir()) == []


def test_sources_without_origin_explain_what_to_do(tmp_path: Path) -> None:
    from govatlas.errors import InvalidInputError
    from govatlas.sources import get_connector
    from govatlas.sources.download import download

    with pytest.raises(InvalidInputError, match="no per-file public download"):
        download(get_connector("agora"), tmp_path)


def test_real_origins_are_pinned() -> None:
    from govatlas.sources import get_connector
    from govatlas.sources.download import origin_files

    for name in ("eu-ai-act", "nist"):
        for relative, url in origin_files(get_connector(name)):
            assert url.startswith("https://") and url.endswith(relative)
            assert "7d418867b0650a0982683b90af1bd0a42357a227" in url
