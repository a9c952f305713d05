"""Load on the web atlas with URLs drawn from the whole corpus, first visits and repeats apart.

``python -m benchmarks.web_corpus_load sqlite:////path/atlas.db`` draws, with a fixed
seed, URLs from everything the store holds: instrument pages (any instrument),
jurisdiction pages (any jurisdiction with an instrument), searches (distinct queries of
one to three words drawn from the provisions' headings and texts) and compare pairs
(two instruments with a stored text). ``wrk`` (C, from Debian) drives 20 connections
on loopback against ``govatlas serve --workers 2``, started twice on the same database:

- ``on_demand``: ``--no-pages``; every page is rendered from the store when asked for;
- ``page_store``: the default; the page store is emptied first, then the server renders
  every instrument and jurisdiction page into it before it listens (``start_seconds``),
  and keeps what else it renders there for both workers.

Per server and group, ``each_once``: a fresh server, every URL requested exactly once
(no answer comes from a worker's memory; each of the two wrk threads takes every
other URL and stops after its last answer; up to 9 requests per thread for a static
file fill the connections at the very end, which wrk also times). ``repeated``:
the same URLs cycled for ``REPEAT_SECONDS``, with requests per second. p50, p95, p99
and max latency in ms, errors (HTTP errors, failed or timed-out connections).

Writes ``benchmarks/results/web-corpus-load.json``.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import func, make_url, select
from sqlalchemy.orm import Session

from benchmarks.web_load import WRK_DONE, served
from govatlas.config import pages_file
from govatlas.store.engine import make_engine
from govatlas.store.instruments import newest_version_ids
from govatlas.store.models import Instrument, InstrumentVersion, Provision

CLIENTS = 20
WORKERS = 2
SEED = 20261203
SIZES = {"instrument": 400, "jurisdiction": 150, "search": 400, "compare": 40}
REPEAT_SECONDS = 5
# A worker's first page of each kind compiles templates and computes what every page of
# that kind shares (once per revision); these URLs warm both workers and are never drawn.
WARM_INSTRUMENTS = ("eu-ai-act", "nist-ai-rmf-1-0")
WARM_UP = (
    "/",
    "/instruments/eu-ai-act",
    "/jurisdictions/USA",
    "/search?q=incident+reporting",
    "/compare?a=eu-ai-act&b=nist-ai-rmf-1-0",
)
RESULTS = Path(__file__).parent / "results" / "web-corpus-load.json"
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")
COMMON = {"shall", "with", "this", "that", "which", "such", "from", "have", "been", "their"}


def draw_urls(session: Session, rng: random.Random) -> dict[str, list[str]]:
    """Distinct URLs per group, drawn from the whole store."""
    instruments = sorted(set(session.scalars(select(Instrument.id))) - set(WARM_INSTRUMENTS))
    places = sorted(set(session.scalars(select(Instrument.jurisdiction_id))) - {"USA"})
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
        if (a, b) != WARM_INSTRUMENTS:
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


def _wrk(base: str, urls: Sequence[str], mode: str) -> dict[str, Any]:
    """``CLIENTS`` connections on 2 threads: each URL once, or all cycled for a while."""
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "urls.txt"
        listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
        script = Path(folder) / "load.lua"
        script.write_text(EACH_ONCE if mode == "each_once" else CYCLE, encoding="utf-8")
        seconds = max(15, len(urls) // 15) if mode == "each_once" else REPEAT_SECONDS
        load = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "30s"]
        result = subprocess.run(
            [*load, "-s", str(script), base, "--", str(listing), "2"],
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(x for x in result.stdout.splitlines() if x.startswith("JSON "))
    figures: dict[str, Any] = json.loads(line[5:])
    wall = figures.pop("seconds")
    if mode == "each_once":
        figures["complete"] = figures["requests"] >= len(urls)
    else:
        figures["requests_per_second"] = round(figures["requests"] / wall, 1)
    return figures


REPORT = WRK_DONE
SHARE = """
local counter = 0
setup = function(thread) thread:set("id", counter); counter = counter + 1 end
init = function(args)
  paths, i, got = {}, 0, 0
  local k, n = 0, tonumber(args[2])
  for line in io.lines(args[1]) do
    if k % n == id then table.insert(paths, line) end
    k = k + 1
  end
end
"""
EACH_ONCE = (
    SHARE
    + """
request = function()
  i = i + 1
  if i > #paths then return wrk.format("GET", "/static/favicon.svg") end
  return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
  got = got + 1
  if got >= #paths then wrk.thread:stop() end
end
"""
    + REPORT
)
CYCLE = (
    SHARE
    + """
request = function() i = i + 1; return wrk.format("GET", paths[((i - 1) % #paths) + 1]) end
"""
    + REPORT
)


def run_server(db_url: str, groups: dict[str, list[str]], pages: bool) -> dict[str, Any]:
    started = time.monotonic()
    extra = [] if pages else ["--no-pages"]
    with served(db_url, WORKERS, extra) as base:
        result: dict[str, Any] = {"start_seconds": round(time.monotonic() - started, 1)}
        for _ in range(2 * WORKERS):  # each worker's first request of a kind, not measured
            for url in WARM_UP:
                httpx.get(base + url, timeout=120)
        for name, urls in groups.items():
            result[name] = {
                "distinct_urls": len(urls),
                "each_once": _wrk(base, urls, "each_once"),
                "repeated": _wrk(base, urls, "repeated"),
            }
            print(
                name, "pages" if pages else "on demand", json.dumps(result[name]), file=sys.stderr
            )
    return result


def _empty_page_store(db_url: str) -> None:
    """Remove the database's page store, so that the pages a run renders on demand
    (comparisons) are first visits there too, not what an earlier run left."""
    found = pages_file(make_url(db_url))
    if found is not None:
        for path in (found, *(found.with_name(found.name + end) for end in ("-wal", "-shm"))):
            path.unlink(missing_ok=True)


def bench(db_url: str) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (Debian: apt install wrk)"}
    rng = random.Random(SEED)
    engine = make_engine(db_url, create=False)
    with Session(engine) as session:
        groups = draw_urls(session, rng)
    engine.dispose()
    on_demand = run_server(db_url, groups, pages=False)
    _empty_page_store(db_url)
    return {
        "clients": CLIENTS,
        "server_workers": WORKERS,
        "cores": os.cpu_count(),
        "seed": SEED,
        "load_generator": "wrk 4 (2 threads)",
        "on_demand": on_demand,
        "page_store": run_server(db_url, groups, pages=True),
    }


if __name__ == "__main__":
    figures = bench(sys.argv[1])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))
