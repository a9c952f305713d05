"""Sixth draw of gold passages: dev and test positives for the concepts measured on too few.

Run once, by the maintainer (never by an annotator), against a store built from the
shared corpus:

    GOVATLAS_MIRROR=../shared/corpus python scripts/gold/sample_round6.py \
        --out /tmp/round6/passages-6.jsonl --batches /tmp/round6

After five rounds, 15 concepts have fewer than 10 positives on the test split (red
lines 4, loss of control 4, education 1), so their classifiers cannot be measured and
coverage reports them as "not assessed" (`classify/measured/shipped.py`). Instruments no
gold passage comes from are used up (24 located passages in 8 instruments are left), so
this round draws, like round 4, from the corpus files of the instruments already in the
dev and test splits: leaf provisions of 80 to 2,000 characters that overlap no gold
passage, each joining its instrument's split. For each target concept
(``TARGETS``) up to ``--cue`` passages at random among those matching its inclusion cues
(``enrich6-cue:``) and up to ``--model`` passages the shipped provision classifier
scores highest among a random 6,000 of the pool (``enrich6-model:``), at most 2 per
instrument and concept; plus ``--random`` passages at random (``random6``).

Only dev and test instruments are drawn from: the procedure (§8) asks for at least 10
positives of each concept in dev and in test where possible, and train already holds
more than dev and test together for every target. The stratum is recorded in the
manifest and never shown to annotators; the figures on test report recall over a
sample enriched by cues and by the model (docs/guidelines/procedure.md, round 6).

The model stratum depends on the classifiers shipped when the draw was made: with those
of commit 3184eab (before the retraining on rounds 6 and 7) and the gold as it stood
before this round, this script gives ``eval/gold/passages-6.jsonl`` exactly.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import defaultdict
from collections.abc import Mapping
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

SEED = 20261206
PER_INSTRUMENT = 2
TARGETS = {
    "fli-blocks:red-lines": "red-lines",
    "fli-blocks:benefit-sharing": "benefit-sharing",
    "fli-risks:great-power-conflict": "great-power-conflict",
    "fli-risks:labour-displacement": "labour-displacement",
    "fli-risks:loss-of-control": "loss-of-control",
    "fli-risks:power-concentration-and-inequality": "power-concentration-and-inequality",
    "fli-risks:social-instability": "social-instability",
    "fli-risks:weapons-of-mass-destruction": "weapons-of-mass-destruction",
    "fli-benefits:education": "education",
    "fli-benefits:health": "health",
    "fli-benefits:other-sdgs": "other-sdgs",
    "fli-benefits:reduced-inequality-and-poverty": "reduced-inequality-and-poverty",
    "fli-benefits:scientific-progress": "scientific-progress",
    "technology:critical-infrastructure": "critical-infrastructure",
    "technology:recommender-and-ranking-systems": "recommender-and-ranking-systems",
}


def dev_test_pool(mirror: Path, gold: Path) -> list[Candidate]:
    """Leaf provisions of the dev and test instruments that overlap no gold passage."""
    return [c for c in pool(mirror, _gold_refs(gold)) if c.split in ("dev", "test")]


def arguments(description: str, cue: int, model: int, at_random: int) -> argparse.Namespace:
    """The command line of a round's draw, with that round's stratum sizes as defaults."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=Path)
    parser.add_argument("--cue", type=int, default=cue)
    parser.add_argument("--model", type=int, default=model)
    parser.add_argument("--random", type=int, default=at_random)
    return parser.parse_args()


def run_draw(
    candidates: list[Candidate],
    targets: Mapping[str, str],
    rng: random.Random,
    stratum: str,
    args: argparse.Namespace,
) -> None:
    """Draw a round from ``candidates`` (strata named ``stratum``: "enrich6-cue:",
    "random6"), write its manifest to ``args.out`` and, with ``--batches``, the
    annotators' files; each passage joins its instrument's split."""
    mirror = Path(os.environ.get("GOVATLAS_MIRROR", "../shared/corpus"))
    scores = model_scores(candidates, rng, targets) if args.model else {}
    strata = Strata(args.cue, args.model, PER_INSTRUMENT, f"enrich{stratum}")
    chosen = enrich(candidates, targets, scores, strata, rng)
    rest = [i for i in range(len(candidates)) if i not in chosen]
    for i in rng.sample(rest, min(args.random, len(rest))):
        chosen[i] = f"random{stratum}"
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
        counts[f"{record['split']} {str(record['drawn']).split(':')[0]}"] += 1
    print(
        f"{len(manifest)} passages drawn from "
        f"{len({str(r['instrument']) for r in manifest})} instruments ({dict(counts)}) "
        f"-> {args.out}",
        file=sys.stderr,
    )
    if args.batches:
        by_id = {str(r["id"]): candidates[i] for r, i in zip(manifest, order, strict=True)}
        write_batches(args.batches, manifest, by_id, titles(mirror))


def main() -> None:
    args = arguments(__doc__.split("\n\n")[0], cue=14, model=8, at_random=30)
    mirror = Path(os.environ.get("GOVATLAS_MIRROR", "../shared/corpus"))
    candidates = dev_test_pool(mirror, args.gold)
    print(
        f"{len(candidates)} candidate passages from "
        f"{len({c.instrument for c in candidates})} dev and test instruments",
        file=sys.stderr,
    )
    run_draw(candidates, TARGETS, random.Random(SEED), "6", args)


if __name__ == "__main__":
    main()
