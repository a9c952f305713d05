"""Show people again pairs judged before the store read a side differently.

A pair of the definition gold is judged from what the annotators were shown. When the
store comes to read one of its sides otherwise (round 13's reading of definitions that
point to a stored text as that text's: ``analytics.definition_pointers``), people's
verdict on the old view does not speak for the new one: a side that only pointed
elsewhere was "cannot tell" (rule 5), and now shows the definition pointed to. This
script writes those pairs again, as the store reads them now, for two new passes and
an adjudication like any round's; the benchmark reads their gold in place of the old
when it reads the store the new way (``benchmarks.definition_pairs``).

Run once, by the maintainer, against a store built from the shared corpus:

    GOVATLAS_DB=sqlite:////tmp/atlas.db python scripts/gold/rejudge_definition_pairs.py \
        --ids d112 d115 ... --out eval/gold/definition-pairs/rejudged/pointers/pairs.jsonl \
        --batch /tmp/defs/rejudge.jsonl

The manifest keeps each pair's id, half and stratum (so it is scored where it was drawn)
and gives each side's wording digest as read now; the batch (outside the project) holds
the texts, in the order of ``SEED``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_definition_pairs import SEED, batch_entry, side

from govatlas.analytics.definitions import extract_definitions
from govatlas.commands.common import open_engine
from govatlas.jsonl import read_jsonl, write_jsonl
from govatlas.store.models import Instrument
from govatlas.store.session import transaction

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold" / "definition-pairs"


def drawn_pairs() -> dict[str, dict[str, Any]]:
    """Every pair of every round's manifest, by id."""
    paths = [GOLD / "pairs.jsonl", *sorted(GOLD.glob("round-*/pairs.jsonl"))]
    return {str(m["id"]): m for path in paths for m in read_jsonl(path)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", nargs="+", required=True, help="the pairs to show again")
    parser.add_argument("--out", type=Path, required=True, help="the manifest (no texts)")
    parser.add_argument("--batch", type=Path, required=True, help="the annotators' batch")
    args = parser.parse_args()
    drawn = drawn_pairs()
    unknown = [i for i in args.ids if i not in drawn]
    if unknown:
        parser.error(f"no drawn pair has the id(s) {', '.join(unknown)}")
    manifest, batch = [], []
    with transaction(open_engine()) as session:
        titles = {i.id: i.title for i in session.scalars(select(Instrument))}
        for pair_id in args.ids:
            pair = drawn[pair_id]
            sides = []
            for key in ("a", "b"):
                found = {
                    d.term: d
                    for d in extract_definitions(session, pair[key]["instrument"], resolve=True)
                }
                definition = found.get(pair[key]["term"])
                if definition is None:
                    parser.error(f"{pair_id}: the store no longer reads side {key}")
                sides.append(definition)
            a, b = sides
            manifest.append({**pair, "a": side(a), "b": side(b)})
            batch.append(batch_entry(session, titles, pair_id, str(pair["term"]), a, b))
    random.Random(SEED + 2).shuffle(batch)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.batch.parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out, manifest)
    write_jsonl(args.batch, batch)
    print(f"{len(manifest)} pairs written to show again", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
