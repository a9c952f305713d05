"""How long the ``crosswalk align`` contract takes as a user runs it, and how long the
command line takes to start.

``crosswalk align`` is timed as a separate process, start to finish (loading the
command line, reading the CSVs, embedding, ranking, writing), on 200 x 200
provisions: the first 200 actions of NIST AI 600-1 against the first 200 paragraphs of
the EU AI Act, both in their own words, written to a temporary folder from a built
database (``make atlas``; ``GOVATLAS_DB`` or ``--database``). The issue's target is
30 s on 2 cores. ``govatlas --version`` is timed the same way: every command pays that
start.

Run with ``python -m benchmarks.align_contract``; writes
``benchmarks/results/align-contract.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.config import load_settings
from govatlas.store.engine import make_engine
from govatlas.store.instruments import reading_version
from govatlas.store.models import Provision

RESULTS = Path(__file__).parent / "results" / "align-contract.json"
PAIRS = (("nist-ai-600-1", "action"), ("eu-ai-act", "paragraph"))
COUNT = 200
GOVATLAS = [str(Path(sys.executable).parent / "govatlas")]  # the installed command


def _write_side(session: Session, instrument: str, kind: str, path: Path) -> int:
    version = reading_version(session, instrument)
    if version is None:
        raise SystemExit(f"{instrument} has no text in that database: run `make atlas` first")
    rows = session.scalars(
        select(Provision)
        .where(Provision.version_id == version.id, Provision.kind == kind)
        .order_by(Provision.ordinal)
        .limit(COUNT)
    ).all()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows((f"{instrument}:{p.path}", p.text) for p in rows)
    return len(rows)


def _timed(command: Sequence[str], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        times.append(round(time.perf_counter() - started, 2))
    return times


def measure(database: str, repeats: int) -> dict[str, Any]:
    engine = make_engine(database)
    with tempfile.TemporaryDirectory() as folder:
        source, target, out = (Path(folder) / n for n in ("source.csv", "target.csv", "o.csv"))
        with Session(engine) as session:
            sizes = [
                _write_side(session, instrument, kind, path)
                for (instrument, kind), path in zip(PAIRS, (source, target), strict=True)
            ]
        align = [*GOVATLAS, "crosswalk", "align", str(source), str(target), "--out", str(out)]
        align_times = _timed([*align, "--top", "10"], repeats)
        with out.open(encoding="utf-8") as handle:
            rows = sum(1 for _ in handle) - 1
    start_times = _timed([*GOVATLAS, "--version"], repeats)
    return {
        "sources": sizes[0],
        "targets": sizes[1],
        "candidates": rows,
        "align_seconds": align_times,
        "align_median_seconds": statistics.median(align_times),
        "align_target_seconds": 30,
        "cli_start_seconds": start_times,
        "cli_start_median_seconds": statistics.median(start_times),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database", help="database URL (default: GOVATLAS_DB, as `govatlas` uses)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs of each command")
    args = parser.parse_args(argv)
    figures = measure(args.database or load_settings().db_url, args.repeats)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
