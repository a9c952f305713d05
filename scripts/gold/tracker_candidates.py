"""Would the measured provision classifiers find the facts the trackers' rules miss?

    python scripts/gold/tracker_candidates.py --mirror ../shared/corpus

Issue #29 asks for "the measured classifiers to find candidate provisions" beside the
rules. This measures that idea on the trackers' gold before building it: each tracker
is paired with the FLI building block its facts belong to (red lines; incident
reporting -> emergency response; penalties -> compliance mechanisms; thresholds ->
safety standards), the shipped fli-blocks model reads every gold passage, and a
passage the classifier flags where the rules read nothing is a candidate. It prints,
per split and tracker, how many passages hold a gold fact the rules read nothing in
and how many of those the classifier flags, and how many candidates there are and how many hold a gold fact
(the precision a review queue of candidates would have).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from govatlas.classify.encoders.embeddings import get_embedder
from govatlas.classify.provisions.labelling import decide_texts, shipped_model
from govatlas.trackers.gold import read_gold, rule_facts
from govatlas.trackers.quality import GOLD_KEYS

BLOCKS = {
    "red-lines": "red-lines",
    "incident-reporting": "emergency-response",
    "penalties": "compliance-mechanisms",
    "compute-thresholds": "safety-standards",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--gold", type=Path, default=Path("eval/gold/trackers"))
    args = parser.parse_args()
    passages, gold = read_gold(args.gold, args.mirror)
    rules = rule_facts(passages)
    decided, _ = decide_texts(
        shipped_model("fli-blocks"),
        [p.text for p in passages],
        [p.context.heading for p in passages],
        get_embedder("minilm"),
    )
    print("split\ttracker\tblock\trule misses\tflagged\tcandidates\twith a gold fact")
    for split in ("dev", "test", "all"):
        for tracker, block in BLOCKS.items():
            key = GOLD_KEYS[tracker]
            misses = flagged = candidates = right = 0
            for passage, concepts in zip(passages, decided, strict=True):
                if split != "all" and passage.split != split:
                    continue
                in_gold = bool(gold[passage.id].get(key))
                read = bool(rules[passage.id].get(key))
                flag = block in concepts
                if in_gold and not read:
                    misses += 1
                    flagged += flag
                if flag and not read:
                    candidates += 1
                    right += in_gold
            print(f"{split}\t{tracker}\t{block}\t{misses}\t{flagged}\t{candidates}\t{right}")


if __name__ == "__main__":
    main()
