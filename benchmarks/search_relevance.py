"""Does search put the provisions that answer a query at the top?

``python -m benchmarks.search_relevance`` runs the queries of
``eval/gold/search-relevance/queries.jsonl`` through the atlas's three search modes
(full text, semantic, hybrid) and scores each ranking against the known answers in
``gold.jsonl`` beside it: the provisions that answer each query, marked by two annotators
working independently from ``docs/guidelines/search-relevance.md`` (reading the texts,
never this search) and adjudicated.

A hit counts as relevant when its instrument is the answer's and its path is the answer's,
a part of it (``art.43.1`` for ``art.43``) or the article or section that holds it (its
text contains the answer's). Only grade-2 answers count. Per mode and split: MRR@10 (the
mean of 1/rank of the first relevant hit, 0 when none is in the top 10) and hits@3 (the
share of queries with a relevant hit in the top 3), with 95% bootstrap intervals over
queries. The first 64 queries were split in halves before any ranking change; rankings
are tuned on ``dev`` and reported on ``test``. A third set (``held-out``, 32 queries) was
written and judged after the last ranking change, by annotators who never saw a ranking;
``unseen`` is ``test`` and ``held-out`` together.

Needs a database where the corpus is ingested (``make atlas``; ``GOVATLAS_DB`` or
``--database``) and, for the semantic modes, provision vectors (``govatlas embed``).
Writes ``benchmarks/results/search-relevance.json`` and ``eval/reports/search-relevance.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import Embedder, get_embedder
from govatlas.classify.encoders.semantic_search import hybrid_search, semantic_search
from govatlas.classify.encoders.vectors import ProvisionMatrix, provision_matrix
from govatlas.config import load_settings
from govatlas.errors import GovatlasError
from govatlas.jsonl import read_jsonl
from govatlas.store.engine import make_engine
from govatlas.store.models import Provision
from govatlas.store.search import SearchFilters, SearchResult, search_provisions
from govatlas.store.session import transaction

ROOT = Path(__file__).parents[1]
FOLDER = ROOT / "eval" / "gold" / "search-relevance"
QUERIES = FOLDER / "queries.jsonl"
GOLD = FOLDER / "gold.jsonl"
RESULTS = Path(__file__).parent / "results" / "search-relevance.json"
REPORT = ROOT / "eval" / "reports" / "search-relevance.md"
DEPTH = 10
RESAMPLES = 2000
GOAL_MRR = 0.85
MODES = ("fulltext", "semantic", "hybrid")


@dataclass(frozen=True)
class Answer:
    instrument: str
    path: str


def answers_of(gold: Sequence[Mapping[str, Any]]) -> dict[str, list[Answer]]:
    """Query id -> its grade-2 answers."""
    return {
        row["id"]: [
            Answer(r["instrument"], r["path"]) for r in row["relevant"] if r.get("grade", 2) == 2
        ]
        for row in gold
    }


def segments(path: str) -> list[str]:
    return path.split(".")


def relevant(instrument: str, path: str, answers: Sequence[Answer]) -> bool:
    """The hit is an answer, a part of one, or the provision that holds one."""
    for answer in answers:
        if answer.instrument != instrument:
            continue
        hit, wanted = segments(path), segments(answer.path)
        if hit[: len(wanted)] == wanted or wanted[: len(hit)] == hit:
            return True
    return False


def first_relevant(hits: Sequence[tuple[str, str]], answers: Sequence[Answer]) -> int | None:
    """1-based rank of the first relevant hit in the top ``DEPTH``."""
    for rank, (instrument, path) in enumerate(hits[:DEPTH], 1):
        if relevant(instrument, path, answers):
            return rank
    return None


def scores(ranks: Sequence[int | None]) -> dict[str, Any]:
    rr = np.array([1.0 / r if r else 0.0 for r in ranks])
    top3 = np.array([1.0 if r and r <= 3 else 0.0 for r in ranks])
    rng = np.random.default_rng(7)
    picks = rng.integers(0, len(ranks), size=(RESAMPLES, len(ranks)))
    mrr_boot, hit_boot = rr[picks].mean(axis=1), top3[picks].mean(axis=1)
    return {
        "queries": len(ranks),
        "mrr@10": round(float(rr.mean()), 3),
        "mrr@10_ci": [round(float(np.quantile(mrr_boot, q)), 3) for q in (0.025, 0.975)],
        "hits@3": round(float(top3.mean()), 3),
        "hits@3_ci": [round(float(np.quantile(hit_boot, q)), 3) for q in (0.025, 0.975)],
    }


Searcher = Callable[[Session, str], SearchResult]
# ``dev``: what rankings were tuned on; ``test``: the other half of the first 64 queries,
# never tuned on; ``held-out``: 32 queries written and judged after every ranking change
# (2026-12-06); ``unseen``: test and held-out together.
SPLITS = ("dev", "test", "held-out", "unseen", "all")


def in_split(query: Mapping[str, Any], split: str | None) -> bool:
    """Whether ``query`` belongs to ``split`` (None: every query)."""
    if split in (None, "all"):
        return True
    if split == "unseen":
        return bool(query["split"] != "dev")
    return bool(query["split"] == split)


def searchers(session: Session, models: Sequence[str]) -> dict[str, Searcher]:
    """The modes to measure; the semantic ones for each model the store has vectors of
    (named ``semantic`` and ``hybrid`` for MiniLM, the default, else after the model)."""
    modes: dict[str, Searcher] = {
        "fulltext": lambda s, q: search_provisions(s, q, SearchFilters(), limit=DEPTH)
    }
    for model in models:
        embedder = get_embedder(model)
        matrix = provision_matrix(session, embedder.model_id, embedder.dimension)
        if not matrix.ids:
            continue
        suffix = "" if model == "minilm" else f" ({model})"
        modes["semantic" + suffix] = partial(_semantic, embedder=embedder, matrix=matrix)
        modes["hybrid" + suffix] = partial(_hybrid, embedder=embedder, matrix=matrix)
    return modes


def _semantic(
    session: Session, query: str, embedder: Embedder, matrix: ProvisionMatrix
) -> SearchResult:
    return semantic_search(session, query, embedder, SearchFilters(), DEPTH, matrix)


def _hybrid(
    session: Session, query: str, embedder: Embedder, matrix: ProvisionMatrix
) -> SearchResult:
    return hybrid_search(session, query, embedder, SearchFilters(), DEPTH, matrix)


def run(
    session: Session,
    queries: Sequence[Mapping[str, Any]],
    models: str | Sequence[str],
    gold: Path = GOLD,
    modes: Sequence[str] = MODES,
) -> dict[str, Any]:
    answers = answers_of(read_jsonl(gold))
    answered = [q for q in queries if answers.get(q["id"])]
    per_query: dict[str, dict[str, Any]] = {q["id"]: {"query": q["query"]} for q in answered}
    summary: dict[str, Any] = {}
    timings: dict[str, float] = {}
    chosen = [models] if isinstance(models, str) else list(models)
    for mode, search in searchers(session, chosen).items():
        if mode.split(" ")[0] not in modes:
            continue
        ranks: dict[str, int | None] = {}
        started = time.perf_counter()
        for query in answered:
            try:
                result = search(session, query["query"])
            except GovatlasError as exc:
                print(f"{mode} {query['id']}: {exc.message}", file=sys.stderr)
                ranks[query["id"]] = None
                continue
            hits = [(h.instrument_id, h.path) for h in result.hits]
            ranks[query["id"]] = first_relevant(hits, answers[query["id"]])
            per_query[query["id"]][mode] = {
                "rank": ranks[query["id"]],
                "top3": [f"{i} {p}" for i, p in hits[:3]],
            }
        timings[mode] = round((time.perf_counter() - started) / max(1, len(answered)) * 1000, 1)
        summary[mode] = {
            split: scores([ranks[q["id"]] for q in answered if in_split(q, split)])
            for split in SPLITS
            if any(in_split(q, split) for q in answered)
        }
    return {
        "queries": len(queries),
        "answered": len(answered),
        "unanswered": sorted(q["id"] for q in queries if not answers.get(q["id"])),
        "goal_mrr@10": GOAL_MRR,
        "modes": summary,
        "ms_per_query": timings,
        "per_query": per_query,
        "provisions": session.scalar(select(func.count()).select_from(Provision)) or 0,
    }


def report(result: Mapping[str, Any]) -> str:
    lines = [
        "# Search relevance",
        "",
        f"{result['answered']} of {result['queries']} queries have known answers "
        "(`eval/gold/search-relevance/`, guideline `docs/guidelines/search-relevance.md`); "
        f"goal: MRR@10 ≥ {GOAL_MRR} in the default mode (full text). Rankings were tuned on "
        "`dev`; `test` (the other half of the first 64 queries) was never tuned on; "
        "`held-out` was written and judged after the last ranking change; `unseen` is test "
        "and held-out together. 95% bootstrap intervals over queries.",
        "",
        "| Mode | Split | Queries | MRR@10 | 95% CI | hits@3 | 95% CI | ms/query |",
        "|---|---|---:|---:|---|---:|---|---:|",
    ]
    for mode, splits in result["modes"].items():
        for split, s in splits.items():
            lines.append(
                f"| {mode} | {split} | {s['queries']} | {s['mrr@10']:.3f} | "
                f"{s['mrr@10_ci'][0]:.2f}–{s['mrr@10_ci'][1]:.2f} | {s['hits@3']:.3f} | "
                f"{s['hits@3_ci'][0]:.2f}–{s['hits@3_ci'][1]:.2f} | "
                f"{result['ms_per_query'][mode]} |"
            )
    misses = [
        f"- {qid} “{row['query']}”: "
        + ", ".join(f"{m} {row[m]['rank'] or '—'}" for m in result["modes"] if m in row)
        for qid, row in result["per_query"].items()
        if any(m in row and not row[m]["rank"] for m in result["modes"])
    ]
    if misses:
        lines += ["", "Queries with no relevant hit in the top 10 in some mode (rank by mode):", ""]
        lines += misses
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: GOVATLAS_DB)")
    parser.add_argument(
        "--models",
        nargs="+",
        default=["minilm"],
        help="embedding models of the semantic modes (each needs `govatlas embed --model M`)",
    )
    parser.add_argument("--gold", type=Path, default=GOLD, help="answers (default: %(default)s)")
    parser.add_argument("--split", choices=SPLITS, help="score only these queries (tuning: dev)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=MODES, help="modes to run")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    url = args.database or load_settings().db_url
    engine = make_engine(url, create=False)
    with transaction(engine) as session:
        queries = [q for q in read_jsonl(QUERIES) if in_split(q, args.split)]
        result = run(session, queries, args.models, args.gold, args.modes)
    text = report(result)
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        REPORT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
