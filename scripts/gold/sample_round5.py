"""Fifth draw of gold passages: the rarest concepts, from instruments the gold has not read.

Run once, by the maintainer (never by an annotator), against a store built from the
shared corpus:

    GOVATLAS_MIRROR=../shared/corpus python scripts/gold/sample_round5.py \
        --db /tmp/atlas.db --out /tmp/round5/passages-5.jsonl --batches /tmp/round5

Round 4 drew from the corpus files of instruments already in the gold and found few
new positives. This round draws from the other instruments: leaf provisions of 80 to
2,000 characters located in their corpus files (``sample_passages.candidates``). For
each target concept (``TARGETS``: the concepts with fewer than 36 gold positives),
up to ``--cue`` passages at random among those matching the concept's inclusion cues
(``enrich5-cue:``) and up to ``--model`` passages the shipped provision classifier
scores highest among a random 6,000 of the pool (``enrich5-model:``), at most 2 per
instrument and concept; plus ``--random`` passages at random (``random5``). The new
instruments are split into train, dev and test by the passages drawn (about 60/20/20,
``sample_passages.split_instruments``). The stratum is recorded in the manifest and
never shown to annotators.

The model stratum depends on the classifiers shipped when the draw was made: with those
of commit bfdde9b and the store built from the shared corpus before the linking fix,
this script gives ``eval/gold/passages-5.jsonl`` exactly, except that the 29 passages
drawn as Botswana's data-protection act were then recorded as the US bill they are
(``agora-1690``; see the procedure's round 5).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sample_passages import Candidate, candidates, split_instruments
from sample_round4 import (
    Strata,
    _gold_refs,
    enrich,
    manifest_records,
    model_scores,
    titles,
    write_batches,
)

SEED = 20261205
PER_INSTRUMENT = 2
TARGETS = {
    "un:tcbm": "un:tcbm",
    "fli-risks:great-power-conflict": "great-power-conflict",
    "fli-benefits:education": "education",
    "fli-benefits:health": "health",
    "fli-benefits:scientific-progress": "scientific-progress",
    "technology:recommender-and-ranking-systems": "recommender-and-ranking-systems",
    "technology:critical-infrastructure": "critical-infrastructure",
    "fli-benefits:reduced-inequality-and-poverty": "reduced-inequality-and-poverty",
    "fli-risks:loss-of-control": "loss-of-control",
    "technology:open-weight-models": "open-weight-models",
    "fli-risks:weapons-of-mass-destruction": "weapons-of-mass-destruction",
}


def fresh_pool(db: Path, mirror: Path, gold: Path) -> list[Candidate]:
    """Located leaf provisions of instruments no gold passage comes from."""
    refs = _gold_refs(gold)
    known = {str(r["instrument"]) for r in refs}
    return candidates(sqlite3.connect(db), mirror, frozenset(known))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the built SQLite store")
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=Path)
    parser.add_argument("--cue", type=int, default=9)
    parser.add_argument("--model", type=int, default=7)
    parser.add_argument("--random", type=int, default=24)
    args = parser.parse_args()
    mirror = Path(os.environ.get("GOVATLAS_MIRROR", "../shared/corpus"))
    rng = random.Random(SEED)
    pool = fresh_pool(args.db, mirror, args.gold)
    print(
        f"{len(pool)} candidate passages from {len({c.instrument for c in pool})} instruments "
        "not in the gold",
        file=sys.stderr,
    )
    scores = model_scores(pool, rng, TARGETS) if args.model else {}
    chosen = enrich(
        pool, TARGETS, scores, Strata(args.cue, args.model, PER_INSTRUMENT, "enrich5"), rng
    )
    rest = [i for i in range(len(pool)) if i not in chosen]
    for i in rng.sample(rest, min(args.random, len(rest))):
        chosen[i] = "random5"
    order = list(chosen)
    rng.shuffle(order)
    split = split_instruments([(pool[i], chosen[i]) for i in order])
    first = max(int(str(r["id"])[1:]) for r in _gold_refs(args.gold)) + 1
    manifest = manifest_records(pool, order, chosen, split, first)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for record in manifest:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for record in manifest:
        counts[str(record["split"])] += 1
    print(
        f"{len(manifest)} passages drawn from {len(split)} instruments ({dict(counts)}) "
        f"-> {args.out}",
        file=sys.stderr,
    )
    if args.batches:
        by_id = {str(r["id"]): pool[i] for r, i in zip(manifest, order, strict=True)}
        names = titles(mirror)
        names.update({c.instrument: c.title for c in pool})
        write_batches(args.batches, manifest, by_id, names)


if __name__ == "__main__":
    main()
