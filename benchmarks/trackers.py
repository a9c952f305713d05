"""Trackers benchmark: reading every ingested text for the four trackers, and serving them.

Times the build step on the ingested corpus store (every reading text read for all four
trackers and stored; then a second read, which must change nothing), then the rows each
tracker's page and API answer need (``tracker_rows``: every stored fact joined to its
instrument), each tracker 20 times; and the rules alone on one instrument's provisions.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.store.session import transaction
from govatlas.trackers.facts import TRACKERS
from govatlas.trackers.refresh import refresh_tracker_facts
from govatlas.trackers.table import tracker_rows

ROUNDS = 20


def latency_ms(values: list[float]) -> dict[str, float]:
    """p50 and p95 of timings in seconds, in milliseconds."""
    ordered = sorted(values)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000, 1),
    }


def bench_trackers(engine: Engine) -> dict[str, Any]:
    with transaction(engine) as session:
        first = refresh_tracker_facts(session)
    with transaction(engine) as session:
        again = refresh_tracker_facts(session)
    reading: dict[str, Any] = {}
    with Session(engine) as session:
        for name in TRACKERS:
            times = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                rows = tracker_rows(session, name, read_if_empty=False)
                times.append(time.perf_counter() - started)
            reading[name] = {"rows": len(rows), **latency_ms(times)}
    return {
        "texts": first.instruments,
        "facts": first.counts,
        "first_read_s": round(first.seconds, 1),
        "second_read_s": round(again.seconds, 1),
        "second_read_changed": again.sync.added + again.sync.removed + again.sync.updated,
        "rows_per_tracker": reading,
    }
