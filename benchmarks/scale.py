"""Cost growth from ten thousand to a million provisions (#32), on the synthetic corpus.

    python -m benchmarks.scale --sizes 3000,10000,100000,1000000 [--postgres URL]

For each size, a fresh store (SQLite files under ``--work``, or PostgreSQL databases made
from ``--postgres URL``) is filled with ``benchmarks.synthetic_corpus`` instruments and
each stage runs in a fresh process (spawned), so that its peak memory (``ru_maxrss``) is
its own:

- **ingest**: the instruments stored through the ingest pipeline (segmenting, provisions,
  the full-text index), one transaction per document, as ``govatlas ingest`` does;
- **full-text search**: ``SEARCH_QUERIES`` queries of one to three words drawn from the
  generator's phrases in the six languages, p50/p95/p99 of ``search_provisions`` (the
  first page with its count, as the search page asks);
- **embedding** (up to ``--embed-up-to``, 100,000 by default): every provision text with
  MiniLM, one process (every core) and ``govatlas batch embed`` on a local Dask cluster
  of two workers, on the same texts; above it, random unit vectors stand in, so that
  semantic search can be measured at every size;
- **semantic search**: the vectors loaded once (as the web app keeps them), then the
  query's embedding and the nearest provisions, p50/p95/p99;
- **labelling** (up to ``--label-up-to``, 10,000 by default: about ten minutes there on
  two cores): the six provision classifiers on every instrument, on the Dask cluster
  (``govatlas batch label``).

Each stage's growth is fitted as time ∝ size^b between the smallest and the largest size
it ran at (b = 1 is linear), with the cost per provision at both ends; "linear within
20%" holds when the larger size's cost per provision is within 20% of the smaller's.
Writes ``benchmarks/results/scale.json`` and the chart ``docs/scale-growth.svg``.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import random
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "scale.json"
CHART = Path(__file__).parents[1] / "docs" / "scale-growth.svg"
SEARCH_QUERIES = 200
SEMANTIC_QUERIES = 100
JURISDICTION_OF = {"en": "GBR", "fr": "FRA", "es": "ESP", "zh": "CHN", "ru": "RUS", "ar": "EGY"}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _in_fresh_process(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``function(*args)`` in a spawned process; its result with its peak memory."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def _percentiles(milliseconds: list[float]) -> dict[str, float]:
    ordered = sorted(milliseconds)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)], 1)

    return {"p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99), "queries": len(ordered)}


# --- stages (each runs in its own process) ------------------------------------------


def stage_prepare(url: str, key: str) -> dict[str, Any]:
    from sqlalchemy import create_engine

    from govatlas.build import build_atlas

    started = time.perf_counter()
    build_atlas(create_engine(url), registry_key=Path(key))
    return {"seconds": round(time.perf_counter() - started, 2), "peak_mb": _peak_mb()}


def stage_ingest(url: str, provisions: int, seed: int) -> dict[str, Any]:
    from sqlalchemy import create_engine, func, select

    from benchmarks.synthetic_corpus import SyntheticInstrument, generate
    from govatlas.ingest.runner import Reporter, SourceSummary, ingest_documents
    from govatlas.records import InstrumentDraft, SourceDocument
    from govatlas.store.models import Provision
    from govatlas.store.session import transaction
    from govatlas.vocabulary import Binding, InstrumentType

    engine = create_engine(url)
    instruments = list(generate(provisions, seed))

    def loader(item: SyntheticInstrument) -> Callable[[], SourceDocument]:
        def load() -> SourceDocument:
            draft = InstrumentDraft(
                key=item.key,
                title=item.title,
                short_name=item.key,
                type=InstrumentType.LAW,
                binding=Binding.BINDING,
                jurisdiction=JURISDICTION_OF[item.language],
                languages=(item.language,),
            )
            return SourceDocument(
                "synthetic", item.key, item.key, draft, item.text, "txt", item.language
            )

        return load

    summary = SourceSummary("synthetic")
    started = time.perf_counter()
    ingest_documents(
        engine,
        "synthetic",
        [loader(i) for i in instruments],
        [i.key for i in instruments],
        Reporter(),
        summary,
    )
    seconds = time.perf_counter() - started
    with transaction(engine) as session:
        stored = int(session.scalar(select(func.count()).select_from(Provision)) or 0)
    return {
        "seconds": round(seconds, 2),
        "peak_mb": _peak_mb(),
        "instruments": len(instruments),
        "planned_provisions": sum(i.planned_provisions for i in instruments),
        "provisions": stored,
        "failures": len(summary.failures),
    }


def _queries(seed: int, count: int) -> list[str]:
    from benchmarks.synthetic_corpus import PHRASES

    rng = random.Random(seed)
    words: list[str] = []
    for phrases in PHRASES.values():
        for part in (*phrases.actions, *phrases.objects, *phrases.qualifiers):
            words.extend(w for w in part.split() if len(w) > 3)
    words.extend(["提供者", "生物特征识别系统", "主管部门"])
    return [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(count)]


def stage_fulltext(url: str, seed: int) -> dict[str, Any]:
    """Search p50/p95/p99 through the product's engine. On PostgreSQL the champion lists
    are brought up to date first (as ``govatlas ingest`` does; timed), and every query is
    also ranked over every match (``exhaustive``), to measure how often the candidates'
    first 20 are the same (``agreement_at_20``)."""
    from govatlas.store.engine import make_engine
    from govatlas.store.search import refresh_champion_lists, search_provisions
    from govatlas.store.search_champions import champion_lists_in_use
    from govatlas.store.session import transaction

    engine = make_engine(url, create=False)
    result: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        started = time.perf_counter()
        with transaction(engine) as session:
            built = refresh_champion_lists(session)
        if built is not None:
            result["champion_lists"] = {
                "seconds": round(time.perf_counter() - started, 2),
                "words": built.words,
                "champions": built.champions,
            }
    timings, exhaustive, agreement, found, capped = [], [], [], 0, 0
    with transaction(engine) as session:
        search_provisions(session, "risk", limit=20)  # warm the caches once
        compare = champion_lists_in_use(session)
        for query in _queries(seed, SEARCH_QUERIES):
            started = time.perf_counter()
            answer = search_provisions(session, query, limit=20)
            timings.append((time.perf_counter() - started) * 1000)
            found += bool(answer.hits)
            capped += not answer.total_exact
            if compare:
                started = time.perf_counter()
                every = search_provisions(session, query, limit=20, exhaustive=True)
                exhaustive.append((time.perf_counter() - started) * 1000)
                best = {hit.provision_id for hit in every.hits}
                if best:
                    shown = {hit.provision_id for hit in answer.hits}
                    agreement.append(len(shown & best) / len(best))
    result |= {**_percentiles(timings), "answered": found, "counts_capped": capped}
    if agreement:
        result["exhaustive"] = _percentiles(exhaustive)
        result["agreement_at_20"] = {
            "mean": round(sum(agreement) / len(agreement), 4),
            "min": round(min(agreement), 4),
            "identical_queries": sum(share == 1.0 for share in agreement),
            "queries": len(agreement),
        }
    return {**result, "peak_mb": _peak_mb()}


def stage_embed_single(url: str) -> dict[str, Any]:
    from sqlalchemy import create_engine

    from govatlas.classify.encoders.embeddings import get_embedder
    from govatlas.classify.encoders.vectors import embed_provisions
    from govatlas.store.session import transaction

    engine = create_engine(url)
    embedder = get_embedder("minilm")
    started = time.perf_counter()
    with transaction(engine) as session:
        texts = embed_provisions(session, embedder)
    seconds = time.perf_counter() - started
    return {"texts": texts, "seconds": round(seconds, 2), "peak_mb": _peak_mb()}


def stage_embed_dask(url: str, workers: int) -> dict[str, Any]:
    from sqlalchemy import create_engine

    from govatlas.batch import dask_client
    from govatlas.batch.embedding import embed_on_cluster

    engine = create_engine(url)
    with dask_client(workers=workers) as client:
        client.wait_for_workers(workers, timeout=120)
        report = embed_on_cluster(engine, client)
    return {
        "texts": report.items,
        "seconds": round(report.seconds, 2),
        "partitions": report.partitions,
        "driver_peak_mb": _peak_mb(),
    }


def stage_forget_vectors(url: str) -> dict[str, Any]:
    from sqlalchemy import create_engine, delete

    from govatlas.store.models import Embedding
    from govatlas.store.session import transaction

    with transaction(create_engine(url)) as session:
        session.execute(delete(Embedding))
    return {}


def stage_random_vectors(url: str, seed: int) -> dict[str, Any]:
    """Random unit vectors for every text without a MiniLM vector (sizes beyond what
    these two cores embed in a session)."""
    import numpy as np
    from sqlalchemy import create_engine

    from govatlas.classify.encoders.embeddings import get_embedder
    from govatlas.classify.encoders.vectors import texts_to_embed
    from govatlas.store.embedding_cache import add_vectors
    from govatlas.store.session import transaction

    engine = create_engine(url)
    model_id = get_embedder("minilm").model_id
    rng = np.random.default_rng(seed)
    with transaction(engine) as session:
        todo = texts_to_embed(session, model_id)
    for start in range(0, len(todo), 20_000):
        chunk = todo[start : start + 20_000]
        vectors = rng.standard_normal((len(chunk), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        with transaction(engine) as session:
            add_vectors(
                session,
                model_id,
                [(d, v.tobytes()) for (d, _), v in zip(chunk, vectors, strict=True)],
            )
    return {"random_vectors": len(todo)}


def stage_semantic(url: str, seed: int) -> dict[str, Any]:
    from sqlalchemy import create_engine

    from govatlas.classify.encoders.embeddings import get_embedder
    from govatlas.classify.encoders.semantic_search import semantic_search
    from govatlas.classify.encoders.vectors import provision_matrix
    from govatlas.store.session import transaction

    engine = create_engine(url)
    embedder = get_embedder("minilm")
    with transaction(engine) as session:
        started = time.perf_counter()
        matrix = provision_matrix(session, embedder.model_id, embedder.dimension)
        load_seconds = time.perf_counter() - started
        timings = []
        for query in _queries(seed + 1, SEMANTIC_QUERIES):
            started = time.perf_counter()
            semantic_search(session, query, embedder, limit=20, matrix=matrix)
            timings.append((time.perf_counter() - started) * 1000)
    return {
        **_percentiles(timings),
        "vectors": len(matrix.ids),
        "load_seconds": round(load_seconds, 2),
        "peak_mb": _peak_mb(),
    }


def stage_label(url: str, workers: int) -> dict[str, Any]:
    from sqlalchemy import create_engine, func, select

    from govatlas.batch import dask_client
    from govatlas.batch.labelling import label_on_cluster
    from govatlas.store.models import Label
    from govatlas.store.session import transaction

    engine = create_engine(url)
    with dask_client(workers=workers) as client:
        client.wait_for_workers(workers, timeout=120)
        report = label_on_cluster(engine, client)
    with transaction(engine) as session:
        labels = int(session.scalar(select(func.count()).select_from(Label)) or 0)
    return {
        "instruments": report.items,
        "labels": labels,
        "seconds": round(report.seconds, 2),
        "driver_peak_mb": _peak_mb(),
    }


# --- the run ------------------------------------------------------------------------


def _store_url(work: Path, size: int, postgres: str | None, keep: bool = False) -> str:
    """The store of ``size``, emptied unless ``keep``."""
    if postgres is None:
        path = work / f"scale-{size}.db"
        if not keep:
            path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    from sqlalchemy import create_engine, text

    name = f"govatlas_scale_{size}"
    if keep:
        return postgres.rsplit("/", 1)[0] + f"/{name}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return postgres.rsplit("/", 1)[0] + f"/{name}"


STAGES = ("ingest", "fulltext", "embed", "semantic", "label")


def run_size(
    size: int,
    work: Path,
    postgres: str | None,
    embed_up_to: int,
    label_up_to: int,
    seed: int,
    stages: tuple[str, ...] = STAGES,
    reuse: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Every stage at ``size``; ``reuse``: the ingest figures of a store filled before,
    which is measured again without ingesting."""
    result: dict[str, Any] = {"size": size}
    if reuse is not None:  # a store this benchmark filled before, at the current schema
        url = _store_url(work, size, postgres, keep=True)
        result["prepare"] = _in_fresh_process(stage_prepare, url, str(work / "registry.key"))
        result["ingest"] = reuse
    else:
        url = _store_url(work, size, postgres)
        result["prepare"] = _in_fresh_process(stage_prepare, url, str(work / "registry.key"))
        result["ingest"] = _in_fresh_process(stage_ingest, url, size, seed)
    print(f"{size}: ingest {result['ingest']}", flush=True)
    if "fulltext" in stages:
        result["fulltext"] = _in_fresh_process(stage_fulltext, url, seed)
        print(f"{size}: full text {result['fulltext']}", flush=True)
    if "embed" in stages and size <= embed_up_to:
        if size <= embed_up_to // 10:  # the single process too, where it is quick enough
            result["embed_single"] = _in_fresh_process(stage_embed_single, url)
            print(f"{size}: embed, one process {result['embed_single']}", flush=True)
            _in_fresh_process(stage_forget_vectors, url)
        result["embed_dask"] = _in_fresh_process(stage_embed_dask, url, 2)
        print(f"{size}: embed, Dask {result['embed_dask']}", flush=True)
    elif "semantic" in stages:
        result["random_vectors"] = _in_fresh_process(stage_random_vectors, url, seed)
    if "semantic" in stages:
        result["semantic"] = _in_fresh_process(stage_semantic, url, seed)
        print(f"{size}: semantic {result['semantic']}", flush=True)
    if "label" in stages and size <= label_up_to:
        result["label_dask"] = _in_fresh_process(stage_label, url, 2)
        print(f"{size}: label {result['label_dask']}", flush=True)
    if postgres is None:
        result["store_mb"] = round(Path(url.removeprefix("sqlite:///")).stat().st_size / 2**20, 1)
    return result


def growth(runs: list[dict[str, Any]], stage: str, seconds: str = "seconds") -> dict[str, Any]:
    """time ∝ size^b between the smallest and largest size the stage ran at."""
    points = [(r["ingest"]["provisions"], r[stage][seconds]) for r in runs if r.get(stage)]
    if len(points) < 2:
        return {"sizes": [p[0] for p in points]}
    (n1, t1), (n2, t2) = points[0], points[-1]
    exponent = math.log(t2 / t1) / math.log(n2 / n1)
    per_small, per_large = t1 / n1 * 1000, t2 / n2 * 1000
    return {
        "sizes": [p[0] for p in points],
        "seconds": [p[1] for p in points],
        "exponent": round(exponent, 3),
        "ms_per_provision": [round(per_small, 4), round(per_large, 4)],
        "linear_within_20_percent": abs(per_large / per_small - 1) <= 0.2,
    }


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "ingest": growth(runs, "ingest"),
        "embedding_dask": growth(runs, "embed_dask"),
        "labelling_dask": growth(runs, "label_dask"),
        "fulltext_p95_ms": {r["size"]: r["fulltext"]["p95_ms"] for r in runs if "fulltext" in r},
        "semantic_p95_ms": {r["size"]: r["semantic"]["p95_ms"] for r in runs if "semantic" in r},
    }
    speedups = [
        {
            "size": r["size"],
            "one_process_texts_per_second": round(
                r["embed_single"]["texts"] / r["embed_single"]["seconds"], 1
            ),
            "dask_two_workers_texts_per_second": round(
                r["embed_dask"]["texts"] / r["embed_dask"]["seconds"], 1
            ),
        }
        for r in runs
        if "embed_single" in r and "embed_dask" in r
    ]
    for row in speedups:
        row["speedup"] = round(
            row["dask_two_workers_texts_per_second"] / row["one_process_texts_per_second"], 2
        )
    summary["embedding_speedup"] = speedups
    return summary


def chart(runs: list[dict[str, Any]], out: Path) -> None:
    """Seconds against provisions, both on log scales, one line per stage (SVG)."""
    series = {
        "ingest": [(r["ingest"]["provisions"], r["ingest"]["seconds"]) for r in runs],
        "embedding (Dask, 2 workers)": [
            (r["ingest"]["provisions"], r["embed_dask"]["seconds"])
            for r in runs
            if "embed_dask" in r
        ],
        "labelling, six taxonomies (Dask, 2 workers)": [
            (r["ingest"]["provisions"], r["label_dask"]["seconds"])
            for r in runs
            if "label_dask" in r
        ],
        "one full-text search, p95": [
            (r["ingest"]["provisions"], r["fulltext"]["p95_ms"] / 1000)
            for r in runs
            if "fulltext" in r
        ],
    }
    points = [p for line in series.values() for p in line]
    if not points:
        return
    width, height, left, bottom, top, right = 700, 400, 70, 50, 20, 290
    xs = [math.log10(p[0]) for p in points]
    ys = [math.log10(max(p[1], 0.01)) for p in points]
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs))
    y0, y1 = math.floor(min(ys)), math.ceil(max(ys))
    x1 = max(x1, x0 + 1)
    y1 = max(y1, y0 + 1)

    def sx(n: float) -> float:
        return left + (math.log10(n) - x0) / (x1 - x0) * (width - left - right)

    def sy(t: float) -> float:
        span = height - top - bottom
        return top + span - (math.log10(max(t, 0.01)) - y0) / (y1 - y0) * span

    colours = ["#1b5e9c", "#b5480f", "#2e7d32", "#6a1b9a"]  # one per series, in order
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="title"><title id="title">Time of each batch stage '
        "against the number of provisions, log scales</title>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]
    for exponent in range(x0, x1 + 1):
        x = sx(10**exponent)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}" stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 18}" font-size="12" text-anchor="middle">'
            f"{10**exponent:,}</text>"
        )
    for exponent in range(y0, y1 + 1):
        y = sy(10**exponent)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        label = f"{10**exponent:g} s"
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="12" text-anchor="end">{label}</text>'
        )
    parts.append(
        f'<text x="{(left + width - right) / 2}" y="{height - 10}" font-size="12" '
        'text-anchor="middle">provisions</text>'
    )
    first = series["ingest"][0] if series["ingest"] else None
    if first is not None:  # where linear growth from the first ingest point would go
        n0, t0 = first
        n1 = 10**x1
        parts.append(
            f'<line x1="{sx(n0):.1f}" y1="{sy(t0):.1f}" x2="{sx(n1):.1f}" '
            f'y2="{sy(t0 * n1 / n0):.1f}" stroke="#888" stroke-dasharray="5 4"/>'
        )
        y = top + 20 + sum(bool(line) for line in series.values()) * 22
        parts.append(
            f'<line x1="{width - right + 14}" y1="{y - 3}" x2="{width - right + 26}" '
            f'y2="{y - 3}" stroke="#888" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{width - right + 32}" y="{y + 1}" font-size="12">linear growth from '
            "the first ingest</text>"
        )
    shown = [(index, name, line) for index, (name, line) in enumerate(series.items()) if line]
    for place, (index, name, line) in enumerate(shown):
        colour = colours[index % len(colours)]
        path = " ".join(f"{sx(n):.1f},{sy(t):.1f}" for n, t in line)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for n, t in line:
            parts.append(f'<circle cx="{sx(n):.1f}" cy="{sy(t):.1f}" r="3.5" fill="{colour}"/>')
        y = top + 20 + place * 22
        parts.append(
            f'<rect x="{width - right + 14}" y="{y - 9}" width="12" height="12" fill="{colour}"/>'
        )
        parts.append(f'<text x="{width - right + 32}" y="{y + 1}" font-size="12">{name}</text>')
    parts.append("</svg>")
    out.write_text("\n".join(parts) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3000,10000,100000,1000000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/govatlas-scale"))
    parser.add_argument("--postgres", help="an admin URL of a PostgreSQL server (its databases)")
    parser.add_argument("--embed-up-to", type=int, default=100_000)
    parser.add_argument("--label-up-to", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        help=f"which stages after ingest (default all: {','.join(STAGES)})",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again the stores the run written to --out filled, without ingesting "
        "(its ingest figures are kept)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--chart", type=Path, default=CHART)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    runs = []
    earlier: dict[int, dict[str, Any]] = {}
    if args.reuse:
        if not args.out.is_file():
            parser.error(f"--reuse needs the results of the run that filled the stores: {args.out}")
        earlier = {
            run["size"]: run["ingest"]
            for run in json.loads(args.out.read_text(encoding="utf-8"))["runs"]
        }
    for size in (int(s) for s in args.sizes.split(",")):
        if args.reuse and size not in earlier:
            parser.error(f"--reuse: {args.out} has no run of {size} provisions")
        stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
        runs.append(
            run_size(
                size,
                args.work,
                args.postgres,
                args.embed_up_to,
                args.label_up_to,
                args.seed,
                stages,
                earlier.get(size),
            )
        )
        report = {
            "store": "postgresql" if args.postgres else "sqlite",
            "cores": multiprocessing.cpu_count(),
            "runs": runs,
            "summary": summarise(runs),
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    chart(runs, args.chart)
    print(json.dumps(summarise(runs), indent=1))


if __name__ == "__main__":
    main()
