"""What checking every API answer against its declared model costs, and whether the
real corpus's answers all match (``web.response_shapes``).

Over the built corpus store, asks the JSON API for answers drawn from the whole store:
every instrument, the first page of every instrument's provisions, every concept, a
sample of jurisdictions and provisions, every page of the label list, each taxonomy's
coverage, searches for the relevance benchmark's queries, comparisons of pairs of
instruments with text, and the trackers, incidents, convenings and follow-up lists. With
the check set to ``raise`` a mismatch is a 500, counted by URL. For each answer, times
the check alone (strict validation of the JSON bytes against the operation's model, as
``respond`` runs it) beside the whole request, and reports both with the body sizes.
``python -m benchmarks.api_shapes`` prints the figures for ``GOVATLAS_DB``; ``make
bench`` writes ``benchmarks/results/api-shapes.json``.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from benchmarks.trackers import latency_ms
from govatlas.config import load_settings
from govatlas.jsonl import read_jsonl
from govatlas.store.engine import make_engine
from govatlas.store.models import Concept, Instrument, Jurisdiction, Provision, Taxonomy
from govatlas.web import api_answers
from govatlas.web.app import create_app
from govatlas.web.response_shapes import ShapeCheck, checked

QUERIES = Path(__file__).parents[1] / "eval" / "gold" / "search-relevance" / "queries.jsonl"
SAMPLE = 300  # jurisdictions and provisions asked for, of each
PAIRS = 40  # comparisons


def _urls(session: Session, rng: random.Random) -> list[str]:
    instruments = sorted(session.scalars(select(Instrument.id)))
    jurisdictions = sorted(session.scalars(select(Jurisdiction.id)))
    provisions = sorted(session.scalars(select(Provision.id)))
    concepts = sorted(session.scalars(select(Concept.id)))
    taxonomies = sorted(session.scalars(select(Taxonomy.id)))
    queries = [row["query"] for row in read_jsonl(QUERIES)]
    urls = [f"/api/v1/instruments/{i}" for i in instruments]
    urls += [f"/api/v1/instruments/{i}/provisions?limit=100" for i in instruments]
    urls += [f"/api/v1/concepts/{c}" for c in concepts]
    urls += [f"/api/v1/taxonomies/{t}/concepts" for t in taxonomies]
    urls += [f"/api/v1/coverage?taxonomy={t}" for t in taxonomies]
    urls += [f"/api/v1/jurisdictions/{j}" for j in rng.sample(jurisdictions, SAMPLE)]
    urls += [f"/api/v1/provisions/{p}" for p in rng.sample(provisions, SAMPLE)]
    urls += [f"/api/v1/search?q={q}&limit=20" for q in queries]
    pairs = [rng.sample(instruments, 2) for _ in range(PAIRS)]
    urls += [f"/api/v1/compare?a={a}&b={b}" for a, b in pairs]
    urls += [
        "/api/v1/instruments?limit=500",
        "/api/v1/technologies",
        "/api/v1/taxonomies",
        "/api/v1/releases/current",
        "/api/v1/changes",
        "/api/v1/trackers",
        "/api/v1/commitments/summary",
        "/api/v1/incidents?limit=200",
        "/api/v1/incidents/trends",
        "/api/v1/playbook?deployer=DEU&developer=USA",
        "/api/v1/convenings",
        "/api/v1/follow-up",
        "/api/v1/network",
    ]
    return urls


def _label_pages(client: TestClient) -> list[str]:
    """Every page of the label list, by following its cursors."""
    urls, cursor = [], None
    while True:
        url = "/api/v1/labels?limit=500" + (f"&cursor={cursor}" if cursor else "")
        urls.append(url)
        cursor = client.get(url).json()["next_cursor"]
        if not cursor:
            return urls


def bench_api_shapes(engine: Engine, seed: int = 7) -> dict[str, Any]:
    app = create_app(engine)
    app.state.govatlas.api_shapes = "raise"
    with Session(engine) as session:
        urls = _urls(session, random.Random(seed))
    timed: list[tuple[int, float]] = []  # (body bytes, seconds) of each check

    def timing_check(model: type[BaseModel], body: bytes, mode: ShapeCheck, where: str) -> None:
        began = time.perf_counter()
        try:
            checked(model, body, mode, where)
        finally:
            timed.append((len(body), time.perf_counter() - began))

    statuses: Counter[int] = Counter()
    failures: Counter[str] = Counter()
    requests, shares, sizes, checks = [], [], [], []
    largest: dict[str, Any] = {"kb": 0.0}
    api_answers.__dict__["checked"] = timing_check  # what respond() calls
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            urls += _label_pages(client)
            for url in urls:
                before = len(timed)
                began = time.perf_counter()
                answer = client.get(url)
                took = time.perf_counter() - began
                statuses[answer.status_code] += 1
                if answer.status_code >= 500:
                    failures[url.split("?", 1)[0]] += 1
                if answer.status_code == 200 and len(timed) > before:
                    size, check = timed[-1]
                    requests.append(took)
                    checks.append(check)
                    sizes.append(size)
                    shares.append(check / took)
                    if size / 1000 > largest["kb"]:
                        largest = {
                            "url": url,
                            "kb": round(size / 1000, 1),
                            "request_ms": round(took * 1000, 1),
                            "check_ms": round(check * 1000, 1),
                        }
    finally:
        api_answers.__dict__["checked"] = checked
    large = [c for c, s in zip(checks, sizes, strict=True) if s >= 100_000]
    return {
        "answers": len(urls),
        "statuses": dict(sorted(statuses.items())),
        "server_errors": dict(failures),
        "checked": len(checks),
        "request": latency_ms(requests),
        "check": latency_ms(checks),
        "check_max_ms": round(max(checks) * 1000, 2),
        "check_share_of_request_median": round(statistics.median(shares), 4),
        "body_kb_median": round(statistics.median(sizes) / 1000, 1),
        "largest": largest,
        "answers_over_100kb": len(large),
        "check_over_100kb": latency_ms(large) if large else None,
    }


if __name__ == "__main__":
    print(json.dumps(bench_api_shapes(make_engine(load_settings().db_url)), indent=2))
