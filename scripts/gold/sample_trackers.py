"""Draw the passages of the trackers' gold (``docs/guidelines/trackers.md``).

Run once, by the maintainer (never by an annotator):

    GOVATLAS_MIRROR=../shared/corpus python scripts/gold/sample_trackers.py \
        --out eval/gold/trackers/passages.jsonl --batches /tmp/trackers

The pool is every leaf provision (80 to 2,000 characters, the segmenter's) of the
instruments the provision gold reads (one corpus file per instrument; Chinese
originals left out, the English reading is what the trackers read). Facts a tracker
shows are rare (a prohibition, a reporting deadline, a fine, a compute threshold in a
few hundred of 57,000 provisions), so most passages are drawn by broad cues written
from the guideline before any extraction rule was run on the pool: for each tracker,
``--per-cue`` passages among those whose words could state such a fact (at most 2 per
instrument), then ``--random`` at random from the whole pool, so that misses outside
the cues are measured too. The stratum is recorded in the manifest and never shown to
annotators.

Splits, by instrument: ``dev`` for the five texts the parameter rules were first
written on (EU AI Act, California SB 53, Colorado SB24-205, China's generative AI
measures, Brazil's PL 2338/2023) and ``test`` for every other; the test split never
chooses a rule.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sample_round4 import titles

from govatlas.ingest.segment import segment
from govatlas.jsonl import read_jsonl

SEED = 20261217
MIN_CHARS, MAX_CHARS = 80, 2000
DEV_INSTRUMENTS = frozenset(
    {
        "eu-ai-act",
        "california-sb-53",
        "colorado-sb24-205",
        "china-generative-ai-measures",
        "brazil-pl-2338-2023",
    }
)
MONEYISH = r"(?:\$|€|£|\beur\b|\busd\b|dollars?|euros?|yuan|pounds|won\b|\d{3})"
CUES = {
    "red-lines": re.compile(
        r"prohibit|shall not|must not|may not|no person shall|unlawful|\bbann?(?:ed|s)?\b",
        re.IGNORECASE,
    ),
    "incident-reporting": re.compile(
        r"(?=.*(?:incident|breach|malfunction))(?=.*(?:report|notif|inform))", re.I | re.S
    ),
    "penalties": re.compile(
        rf"(?=.*(?:\bfines?\b|penalt|sanction))(?=.*{MONEYISH})", re.IGNORECASE | re.DOTALL
    ),
    "thresholds": re.compile(
        r"FLOP|floating[- ]point|integer operations|10\s?\^|10[²³⁴⁵⁶⁷⁸⁹]|\bparameters\b"
        r"|computing (?:power|capacity)|(?:more|greater|fewer) than [\d,. ]+(?:million )?"
        r"(?:users|dollars|operations)|annual (?:gross )?revenues? (?:of|exceeding|in excess)",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class Passage:
    instrument: str
    jurisdiction: str
    type: str
    path: str
    start: int
    end: int
    heading: str
    lead: str  # for a list point: its parent's text before the first point
    text: str

    @property
    def split(self) -> str:
        return "dev" if self.instrument in DEV_INSTRUMENTS else "test"


def gold_files(gold: Path) -> dict[str, dict[str, str]]:
    """Corpus file -> the provision gold's record of its instrument (one file each)."""
    chosen: dict[str, dict[str, str]] = {}
    for name in sorted(gold.glob("passages-*.jsonl")):
        for ref in read_jsonl(name):
            if ref["path"].endswith(".zh.txt"):
                continue
            chosen.setdefault(ref["instrument"], ref)
    return {ref["path"]: ref for ref in chosen.values()}


def pool(mirror: Path, files: dict[str, dict[str, str]]) -> list[Passage]:
    found = []
    for rel, ref in sorted(files.items()):
        text = (mirror / rel).read_text(encoding="utf-8")
        segments = segment(text)
        by_path = {s.path: s for s in segments}
        first_child: dict[str, int] = {}
        for s in segments:
            if s.parent and s.parent not in first_child:
                first_child[s.parent] = s.start
        for s in segments:
            if s.path in first_child:
                continue
            body = text[s.start : s.end]
            if not MIN_CHARS <= len(body.strip()) <= MAX_CHARS:
                continue
            lead = ""
            if s.parent and s.parent in by_path:
                parent = by_path[s.parent]
                lead = " ".join(text[parent.start : first_child[s.parent]].split())[-400:]
            found.append(
                Passage(
                    ref["instrument"],
                    ref["jurisdiction"],
                    ref["type"],
                    rel,
                    s.start,
                    s.end,
                    s.heading or "",
                    lead,
                    body,
                )
            )
    return found


def draw(found: list[Passage], per_cue: int, dev_per_cue: int, at_random: int) -> dict[int, str]:
    rng = random.Random(SEED)
    chosen: dict[int, str] = {}
    for split, quota in (("test", per_cue), ("dev", dev_per_cue)):
        for tracker, cue in CUES.items():
            matches = [i for i, p in enumerate(found) if p.split == split and cue.search(p.text)]
            rng.shuffle(matches)
            per_instrument: dict[str, int] = {}
            taken = 0
            for i in matches:
                if taken >= quota:
                    break
                if i in chosen or per_instrument.get(found[i].instrument, 0) >= 2:
                    continue
                per_instrument[found[i].instrument] = per_instrument.get(found[i].instrument, 0) + 1
                chosen[i] = f"cue:{tracker}"
                taken += 1
    rest = [i for i in range(len(found)) if i not in chosen]
    for i in rng.sample(rest, at_random):
        chosen[i] = "random"
    return chosen


def write_round(
    drawn: list[tuple[Passage, str, str]],
    prefix: str,
    names: dict[str, str],
    out: Path,
    batches: Path,
    seed: int,
) -> list[dict[str, object]]:
    """Write a round's manifest (``out``: each passage located in its corpus file, its
    instrument, split and stratum) and its two halves for two annotators each
    (``batches/batch{1,2}-{a,b}.jsonl``: the same passages in two random orders, with
    what the guideline lets an annotator see); return the manifest's records."""
    records, shown = [], []
    for n, (p, stratum, split) in enumerate(drawn, 1):
        ident = f"{prefix}{n:04d}"
        records.append(
            {
                "id": ident,
                "path": p.path,
                "start": p.start,
                "end": p.end,
                "sha": hashlib.sha256(p.text.encode()).hexdigest()[:16],
                "instrument": p.instrument,
                "jurisdiction": p.jurisdiction,
                "type": p.type,
                "split": split,
                "drawn": stratum,
            }
        )
        shown.append(
            {
                "id": ident,
                "instrument": names.get(p.instrument, p.instrument),
                "type": p.type,
                "jurisdiction": p.jurisdiction,
                "heading": p.heading,
                "introducing_sentence": p.lead,
                "text": p.text,
            }
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    batches.mkdir(parents=True, exist_ok=True)
    half = (len(shown) + 1) // 2
    for b, part in enumerate((shown[:half], shown[half:]), 1):
        for name, offset in (("a", 1), ("b", 2)):
            copy = list(part)
            random.Random(seed + 10 * b + offset).shuffle(copy)
            (batches / f"batch{b}-{name}.jsonl").write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in copy), encoding="utf-8"
            )
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=Path, required=True)
    parser.add_argument("--per-cue", type=int, default=45)
    parser.add_argument("--dev-per-cue", type=int, default=15)
    parser.add_argument("--random", type=int, default=50)
    args = parser.parse_args()
    found = pool(args.mirror, gold_files(args.gold))
    chosen = draw(found, args.per_cue, args.dev_per_cue, args.random)
    order = sorted(chosen)
    random.Random(SEED + 1).shuffle(order)
    records = write_round(
        [(found[i], chosen[i], found[i].split) for i in order],
        "t",
        titles(args.mirror),
        args.out,
        args.batches,
        SEED,
    )
    splits = {s: sum(1 for r in records if r["split"] == s) for s in ("dev", "test")}
    print(
        f"{len(records)} passages of {len({r['instrument'] for r in records})} instruments "
        f"({splits}); pool {len(found)}; batches in {args.batches}"
    )


if __name__ == "__main__":
    main()
