"""Seventh draw of gold passages: test positives for the concepts still measured on too few.

Run once, by the maintainer (never by an annotator), after round 6 is merged:

    GOVATLAS_MIRROR=../shared/corpus python scripts/gold/sample_round7.py \
        --out /tmp/round7/passages-7.jsonl --batches /tmp/round7

Round 6 brought red lines to 9 test positives, health to 9, benefit sharing, other SDGs,
reduced inequality and social instability to 8: one or two short of the 10 a concept
needs to be measured. This round draws as round 6 does (``sample_round6``), from the
corpus files of the **test** instruments only (leaf provisions of 80 to 2,000
characters overlapping no gold passage, each joining the test split), for the concepts
with fewer than 10 test positives that the corpus may still hold (``TARGETS``). The
cue stratum is larger and the model stratum smaller than in round 6 (``--cue 16
--model 4``), so that the test split's recall is measured mostly on passages the
shipped classifier did not choose. Strata are recorded in the manifest
(``enrich7-cue:``, ``enrich7-model:``, ``random7``) and never shown to annotators.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sample_round4 import (
    Candidate,
    Strata,
    _gold_refs,
    enrich,
    manifest_records,
    model_scores,
    pool,
    titles,
    write_batches,
)

SEED = 20261207
PER_INSTRUMENT = 2
TARGETS = {
    "fli-blocks:red-lines": "red-lines",
    "fli-blocks:benefit-sharing": "benefit-sharing",
    "fli-risks:labour-displacement": "labour-displacement",
    "fli-risks:loss-of-control": "loss-of-control",
    "fli-risks:power-concentration-and-inequality": "power-concentration-and-inequality",
    "fli-risks:social-instability": "social-instability",
    "fli-benefits:education": "education",
    "fli-benefits:health": "health",
    "fli-benefits:other-sdgs": "other-sdgs",
    "fli-benefits:reduced-inequality-and-poverty": "reduced-inequality-and-poverty",
    "fli-benefits:scientific-progress": "scientific-progress",
    "technology:critical-infrastructure": "critical-infrastructure",
    "technology:recommender-and-ranking-systems": "recommender-and-ranking-systems",
    "technology:open-weight-models": "open-weight-models",
    "un:interoperability": "un:interoperability",
    "un:trustworthiness": "un:trustworthiness",
}


def test_pool(mirror: Path, gold: Path) -> list[Candidate]:
    """Leaf provisions of the test instruments that overlap no gold passage."""
    return [c for c in pool(mirror, _gold_refs(gold)) if c.split == "test"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=Path)
    parser.add_argument("--cue", type=int, default=16)
    parser.add_argument("--model", type=int, default=4)
    parser.add_argument("--random", type=int, default=20)
    args = parser.parse_args()
    mirror = Path(os.environ.get("GOVATLAS_MIRROR", "../shared/corpus"))
    rng = random.Random(SEED)
    candidates = test_pool(mirror, args.gold)
    print(
        f"{len(candidates)} candidate passages from "
        f"{len({c.instrument for c in candidates})} test instruments",
        file=sys.stderr,
    )
    scores = model_scores(candidates, rng, TARGETS) if args.model else {}
    chosen = enrich(
        candidates, TARGETS, scores, Strata(args.cue, args.model, PER_INSTRUMENT, "enrich7"), rng
    )
    rest = [i for i in range(len(candidates)) if i not in chosen]
    for i in rng.sample(rest, min(args.random, len(rest))):
        chosen[i] = "random7"
    order = list(chosen)
    rng.shuffle(order)
    split = {c.instrument: c.split for c in candidates}
    first = max(int(str(r["id"])[1:]) for r in _gold_refs(args.gold)) + 1
    manifest = manifest_records(candidates, order, chosen, split, first)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for record in manifest:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for record in manifest:
        counts[str(record["drawn"]).split(":")[0]] += 1
    print(
        f"{len(manifest)} passages drawn from "
        f"{len({str(r['instrument']) for r in manifest})} test instruments ({dict(counts)}) "
        f"-> {args.out}",
        file=sys.stderr,
    )
    if args.batches:
        by_id = {str(r["id"]): candidates[i] for r, i in zip(manifest, order, strict=True)}
        write_batches(args.batches, manifest, by_id, titles(mirror))


if __name__ == "__main__":
    main()
