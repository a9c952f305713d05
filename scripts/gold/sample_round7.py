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

The model stratum depends on the classifiers shipped when the draw was made: with those
of commit 3184eab (before the retraining on rounds 6 and 7) and the gold as it stood
before this round, this script gives ``eval/gold/passages-7.jsonl`` exactly.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sample_round4 import Candidate, _gold_refs, pool
from sample_round6 import arguments, run_draw

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
    args = arguments(__doc__.split("\n\n")[0], cue=16, model=4, at_random=20)
    mirror = Path(os.environ.get("GOVATLAS_MIRROR", "../shared/corpus"))
    candidates = test_pool(mirror, args.gold)
    print(
        f"{len(candidates)} candidate passages from "
        f"{len({c.instrument for c in candidates})} test instruments",
        file=sys.stderr,
    )
    run_draw(candidates, TARGETS, random.Random(SEED), "7", args)


if __name__ == "__main__":
    main()
