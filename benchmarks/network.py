"""Network benchmark: what participation, the network and its picture cost on the built
corpus store (the fifteen convenings and the catalog's adherence facts).

Times, over ``ROUNDS`` rounds each: every convening's participation, the network with its
measures and clusters, its SVG picture, its GraphML export, every follow-up action's
status (its evidence read from the store), and the ``/network``, ``/convenings`` and
``/follow-up`` pages through the app (uncached: a fresh store revision each round is
not needed, the page is built per request here). ``python -m benchmarks.network``
prints the figures for ``GOVATLAS_DB``; ``make bench`` writes
``benchmarks/results/network.json``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from benchmarks.trackers import latency_ms
from govatlas.config import load_settings
from govatlas.network.drawing import network_svg
from govatlas.network.graph import build_network, graphml
from govatlas.network.outcome_actions import all_follow_up
from govatlas.network.participation import all_participation
from govatlas.store.engine import make_engine
from govatlas.web.app import create_app

ROUNDS = 10


def _timed(work: Callable[[], object]) -> dict[str, float]:
    times = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return latency_ms(times)


def bench_network(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        found = all_participation(session)
        network = build_network(session)
        figures: dict[str, Any] = {
            "convenings": len(found),
            "participants": network.graph.number_of_nodes(),
            "links": network.graph.number_of_edges(),
            "participation_all": _timed(lambda: all_participation(session)),
            "network": _timed(lambda: build_network(session)),
            "svg": _timed(lambda: network_svg(network, "benchmark")),
            "graphml": _timed(lambda: graphml(network)),
            "follow_up_actions": len(all_follow_up(session)),
            "follow_up_all": _timed(lambda: all_follow_up(session)),
        }
    with TestClient(create_app(engine)) as client:
        for path in ("/network", "/convenings", "/api/v1/network", "/follow-up"):
            figures[f"page {path}"] = _timed(lambda path=path: client.get(path))  # type: ignore[misc]
    return figures


if __name__ == "__main__":
    print(json.dumps(bench_network(make_engine(load_settings().db_url)), indent=2))
