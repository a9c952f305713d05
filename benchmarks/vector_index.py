"""The approximate vector index against exact search, on real provision vectors.

    python -m benchmarks.vector_index sqlite:////path/atlas.db [--synthetic 1000000]

Reads the MiniLM vectors of a built and embedded store (``govatlas build`` then
``govatlas embed``: the shared corpus's newest texts), holds out ``QUERIES`` provisions
at random as queries, indexes the rest (``vector_index.ApproximateIndex``: one shard,
then shards of a quarter of the vectors each, to measure the merge), and compares each
query's ten nearest with exact search: recall@10 at several ``ef`` settings (by id, and
with ties counted: a hit as near as exact search's tenth is found), query
p50/p95 in ms, build seconds, the size of the saved files. ``--synthetic N`` also
builds an index of N random unit vectors (no structure: the hard case for a graph
index) to time building and querying at that size. Writes
``benchmarks/results/vector-index.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).parent / "results" / "vector-index.json"
QUERIES = 500
EF_SETTINGS = (32, 64, 128, 256)
# Many provisions have the same words (and so the same vector): among equally near
# ones, exact search and the index may keep different ids. "ties counted" also counts
# a hit as found when it is as near as exact search's tenth (within this cosine).
TIE = 1e-5


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)], 3)


def _measure(
    ids: list[int], vectors: np.ndarray, queries: np.ndarray, shard_size: int
) -> dict[str, Any]:
    from govatlas.classify.encoders.vector_index import ApproximateIndex
    from govatlas.classify.encoders.vectors import ProvisionMatrix

    exact = ProvisionMatrix(ids, vectors)
    truth, tenth, exact_ms = [], [], []
    for query in queries:
        started = time.perf_counter()
        hits = exact.nearest(query, None, 10)
        exact_ms.append((time.perf_counter() - started) * 1000)
        truth.append({p for p, _ in hits})
        tenth.append(hits[-1][1])
    index = ApproximateIndex("benchmark", vectors.shape[1], shard_size=shard_size)
    started = time.perf_counter()
    index.add(ids, vectors)
    build = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        index.save(Path(folder))
        size = sum(f.stat().st_size for f in Path(folder).iterdir())
    by_ef = {}
    for ef in EF_SETTINGS:
        index.ef = ef
        found, near_enough, timings = [], [], []
        for query, expected, floor in zip(queries, truth, tenth, strict=True):
            started = time.perf_counter()
            hits = index.nearest(query, 10)
            timings.append((time.perf_counter() - started) * 1000)
            found.append(len({p for p, _ in hits} & expected) / 10)
            near_enough.append(sum(score >= floor - TIE for _, score in hits) / 10)
        by_ef[ef] = {
            "recall@10": round(float(np.mean(found)), 4),
            "recall@10_ties_counted": round(float(np.mean(near_enough)), 4),
            "p50_ms": _p(timings, 0.5),
            "p95_ms": _p(timings, 0.95),
        }
    return {
        "vectors": len(ids),
        "shards": len(index.shards),
        "build_seconds": round(build, 2),
        "saved_mb": round(size / 2**20, 1),
        "exact_p95_ms": _p(exact_ms, 0.95),
        "by_ef": by_ef,
    }


def real_vectors(url: str) -> tuple[list[int], np.ndarray]:
    from sqlalchemy import create_engine

    from govatlas.classify.encoders.embeddings import get_embedder
    from govatlas.classify.encoders.vectors import provision_matrix
    from govatlas.store.session import transaction

    embedder = get_embedder("minilm")
    with transaction(create_engine(url)) as session:
        matrix = provision_matrix(session, embedder.model_id, embedder.dimension)
    return matrix.ids, matrix.vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db_url", help="a built store with MiniLM vectors (govatlas embed)")
    parser.add_argument("--synthetic", type=int, default=0, help="also N random vectors")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    ids, vectors = real_vectors(args.db_url)
    if len(ids) <= QUERIES * 2:
        raise SystemExit(f"only {len(ids)} vectors in the store: embed the corpus first")
    rng = np.random.default_rng(0)
    held = set(rng.choice(len(ids), QUERIES, replace=False).tolist())
    kept = [row for row in range(len(ids)) if row not in held]
    queries = vectors[sorted(held)]
    indexed_ids = [ids[row] for row in kept]
    indexed = vectors[kept]
    report: dict[str, Any] = {
        "real": {
            "source": "MiniLM vectors of the store's newest provision texts",
            "queries": QUERIES,
            "one_shard": _measure(indexed_ids, indexed, queries, len(indexed_ids)),
            "four_shards": _measure(indexed_ids, indexed, queries, math.ceil(len(indexed_ids) / 4)),
        }
    }
    print(json.dumps(report, indent=1), flush=True)
    if args.synthetic:
        noise = rng.standard_normal((args.synthetic, vectors.shape[1])).astype(np.float32)
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        probe = rng.standard_normal((100, vectors.shape[1])).astype(np.float32)
        probe /= np.linalg.norm(probe, axis=1, keepdims=True)
        report["synthetic"] = {
            "source": "random unit vectors",
            "queries": 100,
            **_measure(list(range(args.synthetic)), noise, probe, 250_000),
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report.get("synthetic", {}), indent=1))


if __name__ == "__main__":
    main()
