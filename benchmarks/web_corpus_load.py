"""Load on the web atlas with URLs drawn from the whole corpus, cached and uncached apart.

``python -m benchmarks.web_corpus_load sqlite:////path/atlas.db`` starts ``govatlas serve
--workers 2`` on a built database and draws, with a fixed seed, URLs from everything the
store holds: instrument pages (any instrument), jurisdiction pages (any jurisdiction with
an instrument), searches (distinct queries of one to three words drawn from the
provisions' headings and texts) and compare pairs (two instruments with a stored text).

Uncached: a fresh server, each distinct URL requested once by 20 concurrent clients (so
every answer is rendered from the store). Cached: the same URLs twice more; the second
repeat is reported (by then both workers' response caches hold most of them). Per group:
requests, errors, p50, p95, p99 and max latency, and requests per second. The clients are
asyncio tasks on the same 2 cores as the server, which they slow a little; the figures
are an upper bound on what the server alone takes.

Writes ``benchmarks/results/web-corpus-load.json``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import socket
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.web_load import served
from govatlas.store.engine import make_engine
from govatlas.store.instruments import newest_version_ids
from govatlas.store.models import Instrument, InstrumentVersion, Provision

CLIENTS = 20
WORKERS = 2
SEED = 20261203
SIZES = {"instrument": 200, "jurisdiction": 100, "search": 200, "compare": 40}
RESULTS = Path(__file__).parent / "results" / "web-corpus-load.json"
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")
COMMON = {"shall", "with", "this", "that", "which", "such", "from", "have", "been", "their"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def draw_urls(session: Session, rng: random.Random) -> dict[str, list[str]]:
    """Distinct URLs per group, drawn from the whole store."""
    instruments = sorted(session.scalars(select(Instrument.id)))
    places = sorted(session.scalars(select(Instrument.jurisdiction_id).distinct()))
    with_text = sorted(
        session.scalars(
            select(InstrumentVersion.instrument_id).where(
                InstrumentVersion.id.in_(newest_version_ids())
            )
        )
    )
    sample = session.scalars(
        select(func.coalesce(Provision.heading, func.substr(Provision.text, 1, 200)))
        .where(Provision.version_id.in_(newest_version_ids()))
        .order_by(Provision.id)
    ).all()
    words = sorted({w.lower() for text in sample for w in _WORD.findall(text)} - COMMON)
    queries: set[str] = set()
    while len(queries) < SIZES["search"]:
        queries.add(" ".join(rng.sample(words, rng.choice((1, 2, 2, 3)))))
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < SIZES["compare"]:
        a, b = rng.sample(with_text, 2)
        pairs.add((a, b))
    return {
        "instrument": [f"/instruments/{i}" for i in rng.sample(instruments, SIZES["instrument"])],
        "jurisdiction": [
            f"/jurisdictions/{j}"
            for j in rng.sample(places, min(len(places), SIZES["jurisdiction"]))
        ],
        "search": [f"/search?{urlencode({'q': q})}" for q in sorted(queries)],
        "compare": [f"/compare?{urlencode({'a': a, 'b': b})}" for a, b in sorted(pairs)],
    }


def summary(times: Sequence[float], errors: int, seconds: float) -> dict[str, Any]:
    ordered = sorted(times)

    def at(share: float) -> float | None:
        return round(ordered[int(share * (len(ordered) - 1))] * 1000, 1) if ordered else None

    return {
        "requests": len(times) + errors,
        "errors": errors,
        "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
        "requests_per_second": round((len(times) + errors) / seconds, 1) if seconds else None,
    }


async def run_once(base: str, urls: Sequence[str]) -> dict[str, Any]:
    """Every URL once, ``CLIENTS`` at a time; latencies of the successful answers."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    times: list[float] = []
    errors = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            url = queue.get_nowait()
            started = time.perf_counter()
            try:
                response = await http.get(url)
                ok = response.status_code < 500
            except httpx.HTTPError:
                ok = False
            if ok:
                times.append(time.perf_counter() - started)
            else:
                errors += 1

    limits = httpx.Limits(max_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(CLIENTS)))
        seconds = time.perf_counter() - started
    return summary(times, errors, seconds)


def bench(db_url: str) -> dict[str, Any]:
    rng = random.Random(SEED)
    engine = make_engine(db_url, create=False)
    with Session(engine) as session:
        groups = draw_urls(session, rng)
    engine.dispose()
    with served(db_url, WORKERS) as base:
        result: dict[str, Any] = {
            "clients": CLIENTS,
            "server_workers": WORKERS,
            "cores": os.cpu_count(),
            "seed": SEED,
        }
        for name, urls in groups.items():
            uncached = asyncio.run(run_once(base, urls))
            asyncio.run(run_once(base, urls))
            cached = asyncio.run(run_once(base, urls))
            result[name] = {"distinct_urls": len(urls), "uncached": uncached, "cached": cached}
            print(name, json.dumps(result[name]), file=sys.stderr)
    return result


if __name__ == "__main__":
    figures = bench(sys.argv[1])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))
