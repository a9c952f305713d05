"""Draw a fresh test round of the trackers' gold for the rules as frozen (rounds 2, 3...).

    python scripts/gold/sample_trackers_round2.py \
        --out eval/gold/trackers/passages-2.jsonl --batches /tmp/trackers-2
    python scripts/gold/sample_trackers_round2.py --prefix v --seed 20261205 \
        --exclude eval/gold/trackers/passages.jsonl eval/gold/trackers/passages-2.jsonl \
        --out eval/gold/trackers/passages-3.jsonl --batches /tmp/trackers-3

Round 1 (``passages.jsonl``) was read to improve the rules after its first scoring, so
it is development data now. Round 2 measures the rules as they stand: its pool is the
same kind of passage (leaf provisions of the provision gold's instruments, 80 to 2,000
characters) but of instruments no earlier round (``--exclude``) drew from, and none of the five texts the
parameter rules were first written on. Strata, recorded in the manifest and never shown
to annotators: for each tracker, ``--per-rule`` passages in which the frozen rules read a
fact of that tracker (``rules:<tracker>``: they measure precision), ``--per-cue`` passages
matching round 1's broad cues (``cue:<tracker>``) and ``--random`` at random; recall is
measured on the passages the rules did not choose (cue and random strata). At most two
passages per instrument and stratum.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sample_round4 import titles
from sample_trackers import CUES, DEV_INSTRUMENTS, Passage, gold_files, pool, write_round

from govatlas.jsonl import read_jsonl
from govatlas.trackers.extract import passage_facts
from govatlas.trackers.facts import TRACKERS, Context

SEED = 20261218
ROUND_ONE = Path("eval/gold/trackers/passages.jsonl")


def _take(
    candidates: list[int], found: list[Passage], quota: int, chosen: dict[int, str], why: str
) -> None:
    per_instrument: dict[str, int] = {}
    taken = 0
    for i in candidates:
        if taken >= quota:
            break
        if i in chosen or per_instrument.get(found[i].instrument, 0) >= 2:
            continue
        per_instrument[found[i].instrument] = per_instrument.get(found[i].instrument, 0) + 1
        chosen[i] = why
        taken += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=Path, required=True)
    parser.add_argument("--per-rule", type=int, default=30)
    parser.add_argument("--per-cue", type=int, default=25)
    parser.add_argument("--random", type=int, default=40)
    parser.add_argument("--prefix", default="u", help="first letter of the round's passage ids")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--exclude", type=Path, nargs="+", default=[ROUND_ONE], help="earlier rounds' manifests"
    )
    args = parser.parse_args()
    used = {ref["instrument"] for manifest in args.exclude for ref in read_jsonl(manifest)}
    files = {
        path: ref
        for path, ref in gold_files(args.gold).items()
        if ref["instrument"] not in used and ref["instrument"] not in DEV_INSTRUMENTS
    }
    found = pool(args.mirror, files)
    rng = random.Random(args.seed)
    order = list(range(len(found)))
    rng.shuffle(order)
    read: dict[str, list[int]] = {t: [] for t in TRACKERS}
    for i in order:
        p = found[i]
        facts = passage_facts(p.text, Context(p.heading, p.lead, p.jurisdiction))
        for tracker, got in facts.items():
            if got:
                read[tracker].append(i)
    chosen: dict[int, str] = {}
    for tracker in TRACKERS:
        _take(read[tracker], found, args.per_rule, chosen, f"rules:{tracker}")
    for tracker, cue in CUES.items():
        matches = [i for i in order if cue.search(found[i].text)]
        _take(matches, found, args.per_cue, chosen, f"cue:{tracker}")
    rest = [i for i in order if i not in chosen]
    for i in rest[: args.random]:
        chosen[i] = "random"
    ids = sorted(chosen)
    random.Random(args.seed + 1).shuffle(ids)
    records = write_round(
        [(found[i], chosen[i], "test") for i in ids],
        args.prefix,
        titles(args.mirror),
        args.out,
        args.batches,
        args.seed,
    )
    strata: dict[str, int] = {}
    for r in records:
        strata[str(r["drawn"])] = strata.get(str(r["drawn"]), 0) + 1
    print(
        f"{len(records)} passages of {len({r['instrument'] for r in records})} instruments; "
        f"pool {len(found)}; strata {strata}"
    )


if __name__ == "__main__":
    main()
