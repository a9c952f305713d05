"""Machine crosswalks among the major frameworks: the build's single process against
``govatlas batch crosswalks`` on a local cluster, on a copy of a built SQLite store.

    GOVATLAS_THREADS=1 python -m benchmarks.crosswalk_batch sqlite:////path/atlas.db [--workers 2]

The copy's machine suggestions are removed, made again by ``build_machine_crosswalks``
(one process, each provision embedded once for all pairs), removed again and made by
``crosswalks_on_cluster`` (a pair per task; each worker embeds the pairs it gets). Both
must store the same suggestions. JSON in ``benchmarks/results/crosswalk-batch.json``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, func, select
from sqlalchemy.engine import make_url

RESULTS = Path(__file__).parent / "results" / "crosswalk-batch.json"


def _copy(url: str, folder: Path) -> Engine:
    source = make_url(url).database or ""
    target = folder / "copy.db"
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)
    return create_engine(f"sqlite:///{target}")


def _links(engine: Engine) -> set[tuple[int, int, str, float]]:
    from govatlas.crosswalk.machine import AUTHOR
    from govatlas.store.crosswalk_rows import links_by_author
    from govatlas.store.session import transaction

    with transaction(engine) as session:
        return links_by_author(session, AUTHOR)


def _forget(engine: Engine) -> int:
    from govatlas.crosswalk.machine import AUTHOR
    from govatlas.store.models import Relationship
    from govatlas.store.session import transaction

    with transaction(engine) as session:
        count = session.scalar(
            select(func.count()).select_from(Relationship).where(Relationship.author == AUTHOR)
        )
        session.execute(delete(Relationship).where(Relationship.author == AUTHOR))
    return int(count or 0)


def measure(url: str, workers: int) -> dict[str, Any]:
    from govatlas.batch import dask_client
    from govatlas.batch.crosswalks import crosswalks_on_cluster
    from govatlas.crosswalk.machine import build_machine_crosswalks, pairs_to_align

    with tempfile.TemporaryDirectory() as folder:
        engine = _copy(url, Path(folder))
        stored_before = _forget(engine)
        todo, skipped = pairs_to_align(engine)
        started = time.perf_counter()
        build_machine_crosswalks(engine)
        single = time.perf_counter() - started
        one_process = _links(engine)
        _forget(engine)
        with dask_client(workers=workers) as client:
            client.wait_for_workers(workers, timeout=60)
            started = time.perf_counter()
            report = crosswalks_on_cluster(engine, client)
            clustered = time.perf_counter() - started
        on_cluster = _links(engine)
    return {
        "pairs": len(todo),
        "frameworks_left_out": [f"{name} ({why})" for name, why in skipped],
        "suggestions": len(one_process),
        "suggestions_in_the_store_before": stored_before,
        "one_process_seconds": round(single, 1),
        "cluster_seconds": round(clustered, 1),
        "workers": workers,
        "speedup": round(single / clustered, 2) if clustered else None,
        "same_suggestions": one_process == on_cluster,
        "cluster_rows_reported": report.batch.written,
        "cores": multiprocessing.cpu_count(),
        "threads_per_process": os.environ.get("GOVATLAS_THREADS", "every core"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="a built SQLite store (it is copied, never changed)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    result = measure(args.url, args.workers)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
