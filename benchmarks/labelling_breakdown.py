"""Where provision labelling's time goes: the passages' vectors (embedding, then cached),
the six classifiers' reading, and storing, per provision, at several store sizes.

    GOVATLAS_THREADS=1 python -m benchmarks.labelling_breakdown --sizes 3000,10000

Each size gets a synthetic store (``benchmarks.synthetic_corpus``, as ``benchmarks.scale``
fills it) in ``--work``; the first ``--instruments`` instruments by id are labelled one
by one as ``govatlas label`` does (``labelling.label_instrument_provisions``, its steps
timed apart). JSON in ``benchmarks/results/labelling-breakdown.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "labelling-breakdown.json"


def _label_one(
    session: Any, instrument: str, models: Any, multilingual: Any, seconds: dict[str, float]
) -> int:
    """Label one instrument as ``label_instrument_provisions`` does, adding each step's
    time to ``seconds``; its provisions."""
    import numpy as np

    from govatlas.classify.encoders.embeddings import get_embedder
    from govatlas.classify.provisions import labelling
    from govatlas.store.instruments import reading_version

    embedder = get_embedder()
    version = reading_version(session, instrument)
    assert version is not None
    passages = labelling.reading_passages(session, version.id)
    readings = labelling.passage_readings(passages)
    vectors: dict[str, np.ndarray] = {}

    def vectors_of(reader: Any) -> np.ndarray:
        key = reader.embedding_model
        if key not in vectors:
            started = time.perf_counter()
            chosen = embedder if key == embedder.model_id else labelling.embedder_of(key)
            vectors[key] = labelling.cached_vectors(session, chosen, readings).astype(np.float64)
            seconds["vectors"] += time.perf_counter() - started
        return vectors[key]

    started, before = time.perf_counter(), seconds["vectors"]
    found = labelling.read_version(models, passages, version.language, vectors_of, multilingual)
    seconds["read"] += time.perf_counter() - started - (seconds["vectors"] - before)
    started = time.perf_counter()
    labelling.store_readings(session, version.id, passages, found, version.language)
    seconds["store"] += time.perf_counter() - started
    return len(passages)


def measure(url: str, size: int, count: int) -> dict[str, Any]:
    from sqlalchemy import create_engine, select

    from govatlas.classify.provisions import labelling
    from govatlas.store.instruments import reading_version
    from govatlas.store.models import Instrument
    from govatlas.store.session import transaction

    engine = create_engine(url)
    models = labelling.shipped_models()
    multilingual = labelling.multilingual_models([m.taxonomy for m in models])
    with transaction(engine) as session:
        ids = [
            iid
            for iid in session.scalars(select(Instrument.id).order_by(Instrument.id))
            if reading_version(session, iid) is not None
        ][:count]
    seconds = {"vectors": 0.0, "read": 0.0, "store": 0.0}
    provisions = 0
    for instrument in ids:
        with transaction(engine) as session:
            provisions += _label_one(session, instrument, models, multilingual, seconds)
    share = 1000 / max(provisions, 1)
    return {
        "size": size,
        "instruments": len(ids),
        "provisions": provisions,
        **{f"{k}_seconds": round(v, 2) for k, v in seconds.items()},
        **{f"{k}_ms_per_provision": round(v * share, 2) for k, v in seconds.items()},
    }


def main() -> None:
    from benchmarks.scale import stage_ingest, stage_prepare

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3000,10000")
    parser.add_argument("--instruments", type=int, default=40)
    parser.add_argument("--work", type=Path, default=Path("/tmp/govatlas-labelling"))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    runs = []
    for size in (int(s) for s in args.sizes.split(",")):
        store = args.work / f"labelling-{size}.db"
        url = f"sqlite:///{store}"
        if not store.exists():
            stage_prepare(url, str(args.work / "registry.key"))
            stage_ingest(url, size, 0)
        runs.append(measure(url, size, args.instruments))
        print(json.dumps(runs[-1]), flush=True)
    report = {
        "what": "provision labelling per provision, one process, the first instruments by "
        "id of each synthetic store, the passages embedded (not cached before)",
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
