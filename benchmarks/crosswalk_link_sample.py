"""Draw the pairs people judge to measure the machine crosswalks in full comparisons.

The shipped ranker's probabilities are fitted on the published crosswalk tables, whose
candidates are only the targets each table cites. In the build's machine crosswalks every
unit of one framework is aligned with every unit of another, so those probabilities may
not hold there (``docs/crosswalk-ranker.md``). This script draws the pairs on which that
is measured.

``python -m benchmarks.crosswalk_link_sample --batches DIR`` aligns every pair of the
major frameworks stored in the database (``crosswalk.machine``) exactly as the build does,
keeps each source unit's best ``TOP`` targets with a probability of at least
``FLOOR`` (below the build's ``MIN_PROBABILITY``, so that the threshold itself can be
checked), and draws up to ``PER_BIN`` pairs at random from each probability bin. It
writes:

* ``eval/gold/crosswalk-links/pairs.jsonl``: the manifest. Each pair names its two units
  by instrument id and path with a hash of the text the ranker read, and records the
  probability, rank and bin it was drawn with. Texts are never stored in the project.
* ``eval/gold/crosswalk-links/pool.json``: how many candidates each bin held, so that
  rates measured on the drawn pairs can be weighted back to all candidates.
* ``DIR/pass-a.jsonl`` and ``DIR/pass-b.jsonl``: the annotators' batches (outside the
  project: they hold the texts), the same pairs in two different random orders, with
  each unit's framework title, path and text and nothing the model said.

Needs a built database (``make build``; ``GOVATLAS_DB`` or ``--database``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.config import load_settings
from govatlas.crosswalk.align import Candidate, VectorCache, align
from govatlas.crosswalk.machine import TOP, aligned_frameworks
from govatlas.errors import GovatlasError
from govatlas.store.engine import make_engine
from govatlas.store.instruments import instruments_by_ids
from govatlas.store.models import Provision
from govatlas.store.units import unit_passage, unit_provisions

ROOT = Path(__file__).parents[1]
FOLDER = ROOT / "eval" / "gold" / "crosswalk-links"
MANIFEST = FOLDER / "pairs.jsonl"
POOL = FOLDER / "pool.json"  # how many candidates each bin held: weights for population rates
FLOOR = 0.15
BIN_EDGES = (0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 1.0)
PER_BIN = 50
SEED = 2026_12_05
SHOWN_CHARS = 3000


@dataclass(frozen=True)
class DrawnPair:
    source: Provision
    target: Provision
    source_framework: str
    target_framework: str
    candidate: Candidate


def text_hash(provision: Provision) -> str:
    """The first 16 hex digits of the SHA-256 of the text the ranker read."""
    return hashlib.sha256(unit_passage(provision).text.encode("utf-8")).hexdigest()[:16]


def probability_bin(probability: float) -> str:
    for low, high in pairwise(BIN_EDGES):
        if low <= probability < high or (high == BIN_EDGES[-1] and probability == high):
            return f"{low:.2f}-{high:.2f}"
    raise ValueError(f"probability {probability} below the floor {FLOOR}")


def candidate_pool(engine: Engine, progress: bool = True) -> list[DrawnPair]:
    """Every source unit's best ``TOP`` targets with p >= FLOOR, over all framework pairs."""
    with Session(engine) as session:
        frameworks, _skipped = aligned_frameworks(session)
        units = {f: unit_provisions(session, f) for f in frameworks}
    cache = VectorCache()
    pool: list[DrawnPair] = []
    todo = list(combinations(frameworks, 2))
    for done, (source, target) in enumerate(todo, 1):
        if progress:
            print(f"aligning {done}/{len(todo)}: {source} -> {target}", file=sys.stderr)
        by_id = {str(p.id): p for p in units[source] + units[target]}
        candidates = align(
            [unit_passage(p) for p in units[source]],
            [unit_passage(p) for p in units[target]],
            TOP,
            cache=cache,
        )
        pool.extend(
            DrawnPair(by_id[c.source_id], by_id[c.target_id], source, target, c)
            for c in candidates
            if (c.probability or 0.0) >= FLOOR
        )
    return pool


def draw(pool: Sequence[DrawnPair], per_bin: int = PER_BIN, seed: int = SEED) -> list[DrawnPair]:
    """Up to ``per_bin`` pairs from each probability bin, at random."""
    generator = random.Random(seed)
    by_bin: dict[str, list[DrawnPair]] = {}
    for pair in pool:
        by_bin.setdefault(probability_bin(pair.candidate.probability or 0.0), []).append(pair)
    drawn = []
    for name in sorted(by_bin):
        members = by_bin[name]
        drawn.extend(generator.sample(members, min(per_bin, len(members))))
    generator.shuffle(drawn)
    return drawn


def _unit(provision: Provision, framework: str) -> dict[str, str]:
    return {"instrument": framework, "path": provision.path, "sha": text_hash(provision)}


def manifest_rows(drawn: Sequence[DrawnPair]) -> list[dict[str, Any]]:
    return [
        {
            "id": f"p{index:04d}",
            "source": _unit(pair.source, pair.source_framework),
            "target": _unit(pair.target, pair.target_framework),
            "probability": pair.candidate.probability,
            "score": round(pair.candidate.score, 4),
            "rank": pair.candidate.rank,
            "bin": probability_bin(pair.candidate.probability or 0.0),
        }
        for index, pair in enumerate(drawn, 1)
    ]


def _shown(provision: Provision, title: str) -> dict[str, str]:
    text = unit_passage(provision).text
    if len(text) > SHOWN_CHARS:
        text = text[:SHOWN_CHARS] + " […]"
    return {"framework": title, "path": provision.path, "text": text}


def batch_rows(
    drawn: Sequence[DrawnPair], titles: dict[str, str], seed: int
) -> list[dict[str, Any]]:
    """The annotators' view: ids, titles, paths and texts, in an order of their own."""
    rows = [
        {
            "id": f"p{index:04d}",
            "source": _shown(pair.source, titles[pair.source_framework]),
            "target": _shown(pair.target, titles[pair.target_framework]),
        }
        for index, pair in enumerate(drawn, 1)
    ]
    random.Random(seed).shuffle(rows)
    return rows


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: GOVATLAS_DB)")
    parser.add_argument(
        "--batches", type=Path, required=True, help="folder for the annotators' batches"
    )
    parser.add_argument("--per-bin", type=int, default=PER_BIN)
    args = parser.parse_args(argv)
    try:
        engine = make_engine(args.database or load_settings().db_url, create=False)
        pool = candidate_pool(engine)
        drawn = draw(pool, args.per_bin)
        with Session(engine) as session:
            frameworks = {p.source_framework for p in drawn} | {p.target_framework for p in drawn}
            titles = {i.id: i.title for i in instruments_by_ids(session, sorted(frameworks))}
            rows = manifest_rows(drawn)
            write_jsonl(MANIFEST, rows)
            for name, seed in (("pass-a", 1), ("pass-b", 2)):
                write_jsonl(args.batches / f"{name}.jsonl", batch_rows(drawn, titles, seed))
    except GovatlasError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    bins: dict[str, int] = {}
    for row in rows:
        bins[row["bin"]] = bins.get(row["bin"], 0) + 1
    population: dict[str, int] = {}
    for pair in pool:
        name = probability_bin(pair.candidate.probability or 0.0)
        population[name] = population.get(name, 0) + 1
    POOL.write_text(
        json.dumps({"floor": FLOOR, "top": TOP, "candidates": dict(sorted(population.items()))})
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(pool)} candidate pairs with p >= {FLOOR}; drew {len(rows)}: {bins}")
    print(f"manifest {MANIFEST.relative_to(ROOT)}; batches in {args.batches}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
