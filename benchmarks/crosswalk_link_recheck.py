"""Draw pairs the full-text calibration never saw, to check it where the build uses it.

The full-text calibration (``align.FULL_TEXT_SLOPE``/``FULL_TEXT_INTERCEPT``) was fitted
on the 240 pairs of the first draw (``benchmarks/crosswalk_link_sample.py``), whose bins
were the published calibration's. Its own figures are cross-validated on those pairs. This
script draws a second set, judged in the same way, on which the shipped probabilities are
checked as they stand: nothing is fitted on it.

``python -m benchmarks.crosswalk_link_recheck --batches DIR`` aligns every pair of the
major frameworks stored in the database as the build does (each source unit's best
``TOP`` targets), leaves out the pairs the first draw judged (same units, same texts),
and draws at random by the **shipped** full-text probability: every remaining pair at or
above the build's floor (``machine.MIN_PROBABILITY``, what the build stores) and
``PER_BIN`` from each bin below it. It writes:

* ``eval/gold/crosswalk-links/draw-2/pairs.jsonl``: the manifest (units by instrument id,
  path and text hash; the fused score, the full-text probability and the bin drawn by);
* ``eval/gold/crosswalk-links/draw-2/pool.json``: how many candidates each bin held;
* ``DIR/pass-{a,b}-{1,2}.jsonl``: the annotators' batches (outside the project: they hold
  the texts), each pass split in two halves, every half in its own random order, with
  titles, paths and texts and nothing the model said.

Needs a built database (``make build``; ``GOVATLAS_DB`` or ``--database``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from benchmarks.crosswalk_link_sample import (
    FOLDER,
    DrawnPair,
    batch_rows,
    candidate_pool,
    text_hash,
    write_jsonl,
)
from govatlas.config import load_settings
from govatlas.crosswalk.align import FULL_TEXT_RANKER
from govatlas.crosswalk.machine import MIN_PROBABILITY, TOP
from govatlas.errors import GovatlasError
from govatlas.jsonl import read_jsonl
from govatlas.store.engine import make_engine
from govatlas.store.instruments import instruments_by_ids

DRAW = FOLDER / "draw-2"
FIRST_DRAW = FOLDER / "pairs.jsonl"
# bins of the shipped full-text probability; every pair at or above the build's floor
BIN_EDGES = (0.0, 0.05, 0.1, 0.2, MIN_PROBABILITY, 0.5, 1.0)
PER_BIN = {"0.00-0.05": 10, "0.05-0.10": 15, "0.10-0.20": 30, f"0.20-{MIN_PROBABILITY:.2f}": 40}
SEED = 2026_12_06

PairKey = tuple[str, str, str, str]


def full_text_probability(pair: DrawnPair) -> float:
    probability = FULL_TEXT_RANKER.probability(pair.candidate.score)
    assert probability is not None  # the full-text ranker is calibrated
    return probability


def probability_bin(probability: float) -> str:
    for low, high in pairwise(BIN_EDGES):
        if low <= probability < high or (high == BIN_EDGES[-1] and probability == high):
            return f"{low:.2f}-{high:.2f}"
    raise ValueError(f"probability {probability} outside [0, 1]")


def pair_key(pair: DrawnPair) -> PairKey:
    return (
        pair.source_framework,
        text_hash(pair.source),
        pair.target_framework,
        text_hash(pair.target),
    )


def judged_before(path: Path = FIRST_DRAW) -> dict[PairKey, str]:
    """The pairs of the first draw, by units and texts (either direction), with their ids."""
    keys: dict[PairKey, str] = {}
    for row in read_jsonl(path):
        source, target = row["source"], row["target"]
        keys[(source["instrument"], source["sha"], target["instrument"], target["sha"])] = row["id"]
        keys[(target["instrument"], target["sha"], source["instrument"], source["sha"])] = row["id"]
    return keys


def stored_judged_before(pool: Sequence[DrawnPair], seen: dict[PairKey, str]) -> list[str]:
    """The first draw's ids of the pairs the build stores now (p >= the floor)."""
    return sorted(
        seen[pair_key(pair)]
        for pair in pool
        if pair_key(pair) in seen and full_text_probability(pair) >= MIN_PROBABILITY
    )


def pool_summary(pool: Sequence[DrawnPair], seen: dict[PairKey, str]) -> dict[str, Any]:
    """How many unjudged candidates each bin holds, and which stored ones were judged."""
    population: dict[str, int] = {}
    for pair in pool:
        if pair_key(pair) not in seen:
            name = probability_bin(full_text_probability(pair))
            population[name] = population.get(name, 0) + 1
    return {
        "top": TOP,
        "unjudged_candidates": dict(sorted(population.items())),
        "stored_judged_in_first_draw": stored_judged_before(pool, seen),
    }


def draw(pool: Sequence[DrawnPair], seen: dict[PairKey, str], seed: int = SEED) -> list[DrawnPair]:
    """Every unseen pair at or above the floor; ``PER_BIN`` unseen pairs from each bin
    below it, at random."""
    generator = random.Random(seed)
    by_bin: dict[str, list[DrawnPair]] = {}
    for pair in pool:
        if pair_key(pair) not in seen:
            by_bin.setdefault(probability_bin(full_text_probability(pair)), []).append(pair)
    drawn: list[DrawnPair] = []
    for name in sorted(by_bin):
        members = by_bin[name]
        wanted = PER_BIN.get(name, len(members))
        drawn.extend(generator.sample(members, min(wanted, len(members))))
    generator.shuffle(drawn)
    return drawn


def manifest_rows(drawn: Sequence[DrawnPair]) -> list[dict[str, Any]]:
    rows = []
    for index, pair in enumerate(drawn, 1):
        probability = full_text_probability(pair)
        rows.append(
            {
                "id": f"r{index:04d}",
                "source": {
                    "instrument": pair.source_framework,
                    "path": pair.source.path,
                    "sha": text_hash(pair.source),
                },
                "target": {
                    "instrument": pair.target_framework,
                    "path": pair.target.path,
                    "sha": text_hash(pair.target),
                },
                "probability": probability,
                "score": round(pair.candidate.score, 4),
                "rank": pair.candidate.rank,
                "bin": probability_bin(probability),
            }
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: GOVATLAS_DB)")
    parser.add_argument(
        "--batches", type=Path, required=True, help="folder for the annotators' batches"
    )
    args = parser.parse_args(argv)
    try:
        engine = make_engine(args.database or load_settings().db_url, create=False)
        pool = candidate_pool(engine)
        seen = judged_before()
        drawn = draw(pool, seen)
        with Session(engine) as session:
            frameworks = {p.source_framework for p in drawn} | {p.target_framework for p in drawn}
            titles = {i.id: i.title for i in instruments_by_ids(session, sorted(frameworks))}
            rows = manifest_rows(drawn)
            shown = batch_rows(drawn, titles, seed=0)
    except GovatlasError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for row, view in zip(rows, sorted(shown, key=lambda r: r["id"]), strict=True):
        view["id"] = row["id"]  # batch_rows numbers its pairs p0001…; the manifest r0001…
    write_jsonl(DRAW / "pairs.jsonl", rows)
    half = len(shown) // 2
    ordered = sorted(shown, key=lambda r: r["id"])
    for name, seed in (("pass-a", 1), ("pass-b", 2)):
        views = list(ordered)
        random.Random(seed).shuffle(views)
        first, second = sorted(views[:half], key=lambda r: r["id"]), views[half:]
        for number, part in ((1, first), (2, second)):
            random.Random(seed * 10 + number).shuffle(part)
            write_jsonl(args.batches / f"{name}-{number}.jsonl", part)
    (DRAW / "pool.json").write_text(json.dumps(pool_summary(pool, seen)) + "\n", encoding="utf-8")
    bins: dict[str, int] = {}
    for row in rows:
        bins[row["bin"]] = bins.get(row["bin"], 0) + 1
    print(f"{len(pool)} candidate pairs; drew {len(rows)} unjudged: {dict(sorted(bins.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
