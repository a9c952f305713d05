"""Benchmarks on the shared corpus: ingest throughput and search latency.

Run with ``make bench`` (or ``python -m benchmarks.run``). Writes
``benchmarks/results/ingest.json``, ``search.json``, ``embedding.json``,
``labelling.json``, ``crosswalk.json``, ``web.json``, ``horizon.json``,
``trackers.json`` (``benchmarks/trackers.py``), ``incidents.json`` (the incident pages'
reading and the playbook, ``benchmarks/incidents.py``), ``registry.json`` (audited writes,
reads by viewer, verification and exports, ``benchmarks/registry.py``), ``network.json``
(participation, the network, its picture and pages, ``benchmarks/network.py``),
``api-shapes.json`` (every API answer checked against its model, and what the check
costs, ``benchmarks/api_shapes.py``) and ``fuzz.json`` (the parsers fuzzed,
``benchmarks/fuzz.py``);
``python -m benchmarks.run crosswalk web`` runs ingest and only the benchmarks named.
The ingest benchmark builds a fresh SQLite database from scratch; the search
benchmark runs 200 varied queries (topics, sampled words, phrases, prefixes,
filters, CJK) against it.
"""

from __future__ import annotations

import json
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from benchmarks.api_shapes import bench_api_shapes
from benchmarks.crosswalk import bench_crosswalk
from benchmarks.embedding import bench_embedding
from benchmarks.fuzz import bench_fuzz
from benchmarks.horizon import bench_horizon
from benchmarks.incidents import bench_incidents
from benchmarks.network import bench_network
from benchmarks.registry import bench_registry
from benchmarks.trackers import bench_trackers
from benchmarks.web_load import bench_web
from govatlas.build import build_atlas
from govatlas.classify.agora import tasks as agora_tasks
from govatlas.classify.agora.tasks import evaluate_agora, label_docs
from govatlas.classify.encoders.embeddings import get_embedder
from govatlas.classify.labels.zero_shot import label_zero_shot
from govatlas.classify.risks.evaluation import MATCHER, evaluate_risk_labelling
from govatlas.classify.risks.model import risk_labeller, train_risk_model
from govatlas.config import load_settings
from govatlas.ingest.runner import Reporter, run_sources
from govatlas.ingest.segment import segment
from govatlas.ingest.segment_eval import article_boundary_score
from govatlas.sources import connectors
from govatlas.sources.tables import read_json
from govatlas.store.engine import make_engine
from govatlas.store.models import Provision
from govatlas.store.search import SearchFilters, search_provisions
from govatlas.store.session import transaction
from govatlas.store.units import unit_provisions

RESULTS = Path(__file__).parent / "results"
TOPICS = [
    "biometric identification",
    '"high-risk AI system"',
    "transparen*",
    "frontier model",
    "red teaming",
    "incident reporting",
    "deepfake",
    "algorithmic discrimination",
    "facial recognition -police",
    "impact assessment",
    '"general-purpose AI model"',
    "whistleblower",
    "watermark*",
    "human oversight",
    "critical infrastructure",
    "chatbot disclosure",
    "automated employment decision",
    "export control*",
    "training data",
    "national security",
    "生成式人工智能",
    "安全评估",
    "children online",
    "copyright",
    "autonomous weapons",
    "election",
    "healthcare diagnosis",
    "credit scoring",
    "sandbox",
    "penalt*",
]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_ingest(engine: Engine, mirror: Path) -> dict[str, Any]:
    started = time.perf_counter()
    build_atlas(engine)
    catalog_seconds = time.perf_counter() - started
    summaries = run_sources(engine, list(connectors().values()), mirror, Reporter())
    seconds = time.perf_counter() - started
    documents = sum(s.documents for s in summaries)
    provisions = sum(s.provisions for s in summaries)
    text = (mirror / "agora" / "fulltext" / "757.txt").read_text(encoding="utf-8")
    articles = read_json(mirror / "eu_ai_act" / "ai-act-articles.json")
    score = article_boundary_score(
        text, segment(text), {str(a["article"]): str(a["content"]) for a in articles}
    )
    return {
        "seconds_total": round(seconds, 2),
        "seconds_catalog_and_jurisdictions": round(catalog_seconds, 2),
        "documents": documents,
        "documents_per_second": round(documents / seconds, 1),
        "provisions": provisions,
        "provisions_per_second": round(provisions / seconds, 1),
        "labels": sum(s.labels for s in summaries),
        "records": sum(s.records for s in summaries),
        "failures": sum(len(s.failures) for s in summaries),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "per_source": {
            s.source: {"documents": s.documents, "provisions": s.provisions} for s in summaries
        },
        "eu_ai_act_article_boundaries": {
            "expected": score.expected,
            "predicted": score.predicted,
            "matched": score.matched,
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "f1": round(score.f1, 4),
        },
    }


def _queries(engine: Engine, count: int) -> list[tuple[str, SearchFilters]]:
    rng = random.Random(8477)
    with transaction(engine) as session:
        sample = session.scalars(select(Provision.text).order_by(func.random()).limit(400)).all()
    words = [w for text in sample for w in re.findall(r"[A-Za-z]{5,}", text)]
    queries: list[tuple[str, SearchFilters]] = [(t, SearchFilters()) for t in TOPICS]
    filters = [
        SearchFilters(jurisdiction="USA"),
        SearchFilters(jurisdiction="EU"),
        SearchFilters(jurisdiction="CHN"),
        SearchFilters(concept="agora:harms-discrimination"),
    ]
    while len(queries) < count:
        kind = len(queries) % 5
        if kind == 0:
            query = rng.choice(words)
        elif kind == 1:
            query = f"{rng.choice(words)} {rng.choice(words)}"
        elif kind == 2:
            text = rng.choice(sample).split()
            start = rng.randrange(max(1, len(text) - 3))
            query = '"' + " ".join(text[start : start + 3]) + '"'
        elif kind == 3:
            query = rng.choice(words)[:4] + "*"
        else:
            query = rng.choice(words)
        queries.append((query, rng.choice(filters) if kind == 4 else SearchFilters()))
    return queries[:count]


def bench_search(engine: Engine, count: int = 200) -> dict[str, Any]:
    queries = _queries(engine, count)
    timings = []
    hits = 0
    with transaction(engine) as session:
        search_provisions(session, "warm up")
        for query, filters in queries:
            started = time.perf_counter()
            result = search_provisions(session, query, filters, limit=20)
            timings.append((time.perf_counter() - started) * 1000)
            hits += bool(result.hits)
    ordered = sorted(timings)
    return {
        "queries": len(timings),
        "queries_with_hits": hits,
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "max_ms": round(ordered[-1], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
    }


def bench_labelling(engine: Engine, mirror: Path, folder: Path) -> dict[str, Any]:
    """The label-docs contract on 100 AGORA texts, training on demand, then evaluation."""
    texts = sorted((mirror / "agora" / "fulltext").glob("*.txt"))[:100]
    source = folder / "texts"
    source.mkdir()
    for path in texts:
        (source / path.name).write_bytes(path.read_bytes())
    started = time.perf_counter()
    label_docs(engine, source, folder / "labels.csv")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    label_docs(engine, source, folder / "labels-again.csv")
    warm = time.perf_counter() - started
    started = time.perf_counter()
    evaluation = evaluate_agora(engine, cross_fit_folds=5)
    assert evaluation.shipped is not None
    return {
        "label_docs_100_seconds_with_training": round(cold, 1),
        "label_docs_100_seconds_with_saved_model": round(warm, 1),
        "eval_seconds_with_5_fold_cross_fit": round(time.perf_counter() - started, 1),
        "dev_documents": evaluation.dev_size,
        "train_documents": evaluation.train_size,
        "tags_evaluated": len(evaluation.concepts),
        "model_macro_f1": round(evaluation.model.macro_f1, 4),
        "model_macro_f1_95ci": [
            round(evaluation.model.macro_interval.low, 4),
            round(evaluation.model.macro_interval.high, 4),
        ],
        "model_micro_f1": round(evaluation.model.micro_f1, 4),
        "keyword_macro_f1": round(evaluation.keyword.macro_f1, 4),
        "keyword_micro_f1": round(evaluation.keyword.micro_f1, 4),
        "shipped_model_5_fold_macro_f1": round(evaluation.shipped.macro_f1, 4),
        "shipped_model_5_fold_micro_f1": round(evaluation.shipped.micro_f1, 4),
        "gold_agreement": evaluation.agreement.as_dict(),
    } | bench_risk_domains(engine)


def bench_risk_domains(engine: Engine) -> dict[str, Any]:
    """The MIT risk-domain model: training, cross-fitted evaluation, labelling one law."""
    started = time.perf_counter()
    model = train_risk_model(engine, get_embedder())
    trained = time.perf_counter() - started
    started = time.perf_counter()
    evaluation = evaluate_risk_labelling(engine)
    evaluated = time.perf_counter() - started
    started = time.perf_counter()
    with transaction(engine) as session:
        units = len(unit_provisions(session, "eu-ai-act"))
        labels = label_zero_shot(session, risk_labeller(model), "eu-ai-act")
    labelled = time.perf_counter() - started
    sources = {
        e.gold_file: {
            "coded_texts": e.passages,
            "macro_f1": round(e.report.macro_f1, 4),
            "micro_f1": round(e.report.micro_f1, 4),
            "matcher_macro_f1": round(e.baselines[MATCHER].macro_f1, 4),
            "matcher_micro_f1": round(e.baselines[MATCHER].micro_f1, 4),
        }
        for e in evaluation.sources
    }
    return {
        "risk_model_train_seconds": round(trained, 1),
        "risk_model_coded_texts": model.trained_on,
        "risk_eval_seconds_with_5_fold_cross_fit": round(evaluated, 1),
        "risk_eval_pooled_macro_f1": round(evaluation.pooled.macro_f1, 4),
        "risk_eval_pooled_micro_f1": round(evaluation.pooled.micro_f1, 4),
        "risk_eval_by_source": sources,
        "risk_label_eu_ai_act_seconds": round(labelled, 1),
        "risk_label_eu_ai_act_units": units,
        "risk_label_eu_ai_act_labels": labels,
    }


def _write(name: str, figures: dict[str, Any]) -> None:
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2, default=str) + "\n")
    print(json.dumps(figures, indent=2, default=str))


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark, or only those named (``ingest`` always runs first)."""
    chosen = set(argv if argv is not None else sys.argv[1:]) or {
        "search",
        "embedding",
        "labelling",
        "crosswalk",
        "web",
        "horizon",
        "trackers",
        "incidents",
        "registry",
        "network",
        "api-shapes",
        "fuzz",
    }
    mirror = load_settings().mirror_dir
    if mirror is None:
        print("no mirror: set GOVATLAS_MIRROR to the shared corpus", file=sys.stderr)
        return 1
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        ingest = bench_ingest(engine, mirror)
        _write("ingest", ingest)
        if "search" in chosen:
            _write("search", bench_search(engine))
        if "embedding" in chosen:
            _write("embedding", bench_embedding(engine, mirror))
        if "labelling" in chosen:
            agora_tasks.model_dir = lambda: Path(folder) / "models"  # keep benchmark models apart
            _write("labelling", bench_labelling(engine, mirror, Path(folder)))
        if "crosswalk" in chosen:
            _write("crosswalk", bench_crosswalk(engine, mirror))
        if "web" in chosen:
            _write("web", bench_web(f"sqlite:///{folder}/bench.db"))
        if "horizon" in chosen:
            _write("horizon", bench_horizon(engine, mirror, Path(folder)))
        if "trackers" in chosen:
            _write("trackers", bench_trackers(engine))
        if "incidents" in chosen:
            _write("incidents", bench_incidents(engine))
        if "registry" in chosen:
            _write("registry", bench_registry())
        if "network" in chosen:
            _write("network", bench_network(engine))
        if "api-shapes" in chosen:
            _write("api-shapes", bench_api_shapes(engine))
        if "fuzz" in chosen:
            _write("fuzz", bench_fuzz())
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
