"""Horizon-scanning benchmark: scans of real texts served on loopback, and webhook delivery.

Serves 40 AGORA full texts from a temporary folder with Python's file server
(which answers ``If-Modified-Since`` with 304), watches each URL, and times three
scans over the ingested corpus store: the first (40 new instruments, each
matched against every stored instrument, stored and scored for significance),
the second (40 conditional GETs answered 304), and the third after 10 texts
gained a paragraph (10 new versions diffed and scored). Then the alerts of a
subscription to everything (one per change) are signed and POSTed to a local
receiver.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from govatlas.horizon.alerts import SubscriptionSpec, deliver_webhooks, match_changes, subscribe
from govatlas.horizon.fetching import FetchPolicy, PoliteFetcher
from govatlas.horizon.scan import Scanner
from govatlas.horizon.watchlist import WatchSpec, add_watch
from govatlas.store.models import Change
from govatlas.store.session import transaction
from govatlas.vocabulary import ScanOutcome, WatchKind

DOCUMENTS = 40
AMENDED = 10


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Receiver(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()


def _serve(handler: Any) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _timed_scan(scanner: Scanner, ids: list[int]) -> tuple[float, dict[str, int]]:
    start = time.perf_counter()
    results = scanner.scan(ids)
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result.outcome.value] = outcomes.get(result.outcome.value, 0) + 1
    return time.perf_counter() - start, outcomes


def bench_horizon(engine: Engine, mirror: Path, folder: Path) -> dict[str, Any]:
    site = folder / "site"
    site.mkdir()
    texts = sorted((mirror / "agora" / "fulltext").glob("*.txt"))[:DOCUMENTS]
    for text in texts:
        shutil.copy(text, site / text.name)
    server, base = _serve(functools.partial(_Quiet, directory=str(site)))
    receiver, hook = _serve(_Receiver)
    os.environ["GOVATLAS_ALLOW_PRIVATE_URLS"] = "1"  # the site and the receiver are on loopback
    fetcher = PoliteFetcher(FetchPolicy(host_interval=0.0))
    try:
        with transaction(engine) as session:
            ids = [
                add_watch(session, WatchSpec(WatchKind.URL, f"{base}/{t.name}")).id for t in texts
            ]
            subscribe(session, SubscriptionSpec("everything", webhook_url=hook))
        scanner = Scanner(engine, fetcher)
        start = time.perf_counter()
        scanner.model  # noqa: B018 - load the significance model outside the timings
        model_seconds = time.perf_counter() - start
        first, first_outcomes = _timed_scan(scanner, ids)
        second, second_outcomes = _timed_scan(scanner, ids)
        for text in texts[:AMENDED]:
            served = site / text.name
            with served.open("a", encoding="utf-8") as handle:
                handle.write(
                    "\n\nSection 99. Review\nThe authority shall review this act yearly.\n"
                )
            later = time.time() + 5  # Last-Modified has one-second resolution
            os.utime(served, (later, later))
        third, third_outcomes = _timed_scan(scanner, ids)
        with transaction(engine) as session:
            changes = session.scalars(select(Change).order_by(Change.id)).all()
            alerts = match_changes(session, changes)
        start = time.perf_counter()
        report = deliver_webhooks(engine)
        delivery = time.perf_counter() - start
    finally:
        fetcher.close()
        server.shutdown()
        receiver.shutdown()
    assert first_outcomes.get(ScanOutcome.CHANGED.value) == len(texts), first_outcomes
    return {
        "documents": len(texts),
        "significance_model_load_seconds": round(model_seconds, 2),
        "first_scan": {"seconds": round(first, 2), "outcomes": first_outcomes},
        "unchanged_scan": {"seconds": round(second, 2), "outcomes": second_outcomes},
        "amended_scan": {"seconds": round(third, 2), "outcomes": third_outcomes},
        "changes": len(changes),
        "webhooks": {
            "alerts": alerts,
            "delivered": report.delivered,
            "seconds": round(delivery, 2),
            "per_second": round(report.delivered / delivery, 1) if delivery else None,
        },
    }
