"""Incidents and playbook benchmark: what the incident pages and the playbook cost.

Times reading every AIID incident with its domain (the domain model fitted for the
uncoded ones) and the rules that cover its FLI risks: what a server process does once
per store revision before the first ``/incidents`` page, three times; then the findings
(``gaps``) and the trends from those views; then the playbook for several hypothetical
incidents (places of different depth: a member state of the EU, a US state, a country),
each 20 times. Also runs on a full build's store: ``python -m benchmarks.incidents DB``.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from benchmarks.trackers import latency_ms
from govatlas.incidents.overview import gaps, incident_views
from govatlas.incidents.records import has_incidents
from govatlas.incidents.trends import trends
from govatlas.store.engine import make_engine
from govatlas.trackers.playbook import playbook

ROUNDS = 20
READS = 3
CASES = [("FRA", "US-CA", "7"), ("DEU", "USA", "1"), ("USA", None, None), ("CHN", None, "2")]


def bench_incidents(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        if not has_incidents(session):
            return {"skipped": "the store holds no AIID incidents"}
        reads = []
        for _ in range(READS):
            started = time.perf_counter()
            views = incident_views(session)
            reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = gaps(views)
        predicted = {v.incident.id: v.domain for v in views if v.domain_source == "model"}
        cells = trends([v.incident for v in views], {k: v for k, v in predicted.items() if v})
        summaries = time.perf_counter() - started
        cases: dict[str, Any] = {}
        for deployer, developer, harm in CASES:
            times = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                duties = playbook(session, deployer, developer, harm)
                times.append(time.perf_counter() - started)
            key = f"deployer {deployer}, developer {developer or '-'}, harm {harm or '-'}"
            cases[key] = {"duties": len(duties), **latency_ms(times)}
    return {
        "incidents": len(views),
        "predicted_domains": len(predicted),
        "read_views_s": [round(t, 2) for t in reads],
        "gaps_and_trends_ms": round(summaries * 1000, 1),
        "subdomains": len(found),
        "trend_cells": len(cells),
        "playbook": cases,
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m benchmarks.incidents sqlite:///path/to/atlas.db", file=sys.stderr)
        raise SystemExit(2)
    print(json.dumps(bench_incidents(make_engine(sys.argv[1])), indent=2))
