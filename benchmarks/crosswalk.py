"""Crosswalk benchmarks on the shared corpus: import, evaluation, align, suggest, compare.

Figures: import time and counts; per-table recall@1/5/10 and MRR of the fused
ranker and of both baselines (leave-one-table-out); seconds for the
``crosswalk align`` contract on 200 x 200 provisions (AI 600-1 actions against
EU AI Act paragraphs, both in their own words); seconds for suggesting EU AI Act
articles against AI RMF subcategories; seconds for ``crosswalk train`` on every
published table; warm ``compare`` and ``interop`` timings.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.analytics.compare import compare_instruments
from govatlas.analytics.interop import interoperability
from govatlas.crosswalk.align import align
from govatlas.crosswalk.evaluate import evaluate_tables, gold_tables
from govatlas.crosswalk.importer import import_crosswalk
from govatlas.crosswalk.known_tables import crosswalk_keys, read_published
from govatlas.crosswalk.link_memory import packaged_memory
from govatlas.crosswalk.published import table_citation
from govatlas.crosswalk.suggest import suggest_crosswalk
from govatlas.crosswalk.training import train_ranker
from govatlas.records import Passage
from govatlas.store.instruments import reading_version
from govatlas.store.models import Provision
from govatlas.store.session import transaction


def _passages(session: Session, instrument: str, kind: str, count: int) -> list[Passage]:
    version = reading_version(session, instrument)
    assert version is not None, instrument
    rows = session.scalars(
        select(Provision)
        .where(Provision.version_id == version.id, Provision.kind == kind)
        .order_by(Provision.ordinal)
        .limit(count)
    )
    return [Passage(f"{instrument}:{p.path}", p.text) for p in rows]


def _timed(action: Any, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def bench_crosswalk(engine: Engine, mirror: Path) -> dict[str, Any]:
    started = time.perf_counter()
    tables = read_published(mirror / "crosswalks")
    pairs = relationships = 0
    for crosswalk in tables:
        with transaction(engine) as session:
            count = import_crosswalk(session, crosswalk)
        pairs += count.pairs
        relationships += count.relationships
    import_seconds = round(time.perf_counter() - started, 2)
    with Session(engine) as session:
        gold = gold_tables(session, [table_citation(k) for k in crosswalk_keys()])
    started = time.perf_counter()
    evaluation = evaluate_tables(gold)
    eval_seconds = round(time.perf_counter() - started, 1)
    with Session(engine) as session:
        sources = _passages(session, "nist-ai-600-1", "action", 200)
        targets = _passages(session, "eu-ai-act", "paragraph", 200)
    started = time.perf_counter()
    candidates = align(sources, targets, top=10, memory=packaged_memory())  # as the CLI aligns
    align_seconds = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    suggested = suggest_crosswalk(engine, "eu-ai-act", "nist-ai-rmf-1-0", top=3)
    suggest_seconds = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    with Session(engine) as session:
        trained = train_ranker(session)
    train_seconds = round(time.perf_counter() - started, 2)
    with Session(engine) as session:
        comparison = compare_instruments(session, "eu-ai-act", "nist-ai-rmf-1-0")
        compare_seconds = _timed(
            lambda: compare_instruments(session, "eu-ai-act", "nist-ai-rmf-1-0")
        )
        interop_seconds = _timed(lambda: interoperability(comparison), repeats=3)
        overall = interoperability(comparison).overall
    return {
        "tables": len(tables),
        "published_pairs": pairs,
        "relationships": relationships,
        "import_seconds": import_seconds,
        "eval_seconds": eval_seconds,
        "eval": [r.row("_") for r in evaluation],
        "align_200x200": {
            "sources": len(sources),
            "targets": len(targets),
            "candidates": len(candidates),
            "seconds": align_seconds,
        },
        "suggest_eu_ai_act_vs_ai_rmf": {
            "source_units": suggested.source_units,
            "target_units": suggested.target_units,
            "suggestions": suggested.suggestions,
            "seconds": suggest_seconds,
        },
        "train_ranker": {
            "tables": len(trained.tables),
            "pairs": trained.pairs(True) + trained.pairs(False),
            "seconds": train_seconds,
        },
        "compare_eu_ai_act_vs_ai_rmf_warm_seconds": compare_seconds,
        "interop_eu_ai_act_vs_ai_rmf_seconds": interop_seconds,
        "interop_eu_ai_act_vs_ai_rmf": overall.__dict__ if overall else None,
    }
