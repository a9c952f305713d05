"""Merge the two passes over the definition pairs into gold (docs/guidelines/definition-pairs.md).

    python scripts/gold/merge_definition_pairs.py disputes A.jsonl B.jsonl BATCH OUT
    python scripts/gold/merge_definition_pairs.py merge A.jsonl B.jsonl DECISIONS OUT

``disputes`` writes, for the adjudicator, every pair where the passes differ in the
verdict or in either extract's completeness: the pair as annotators saw it and the two
annotations as "annotator 1" and "annotator 2" in an order drawn per pair (``pass_a_is``
in a key file beside OUT says which was pass A; the adjudicator is not shown it). ``merge``
writes the gold: the agreed answer where the passes agree, the adjudicator's decision
where they differ (a decision has ``id``, ``verdict``, ``extract_complete_first``,
``extract_complete_second`` and ``reason``). Pairs agreed by both passes are never
changed by a decision; a decision for a pair that is not in dispute is an error.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

from govatlas.jsonl import read_jsonl, write_jsonl

FIELDS = ("verdict", "extract_complete_first", "extract_complete_second")
SEED = 20261208


def _by_id(path: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in read_jsonl(path)}


def _differ(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return any(a[f] != b[f] for f in FIELDS)


def disputes(pass_a: Path, pass_b: Path, batch: Path, out: Path) -> int:
    a, b = _by_id(pass_a), _by_id(pass_b)
    rng = random.Random(SEED)
    rows, keys = [], []
    for pair in read_jsonl(batch):
        first, second = a[pair["id"]], b[pair["id"]]
        if not _differ(first, second):
            continue
        a_first = rng.random() < 0.5
        one, two = (first, second) if a_first else (second, first)
        rows.append(
            {
                **pair,
                "annotator 1": {k: one.get(k) for k in (*FIELDS, "note")},
                "annotator 2": {k: two.get(k) for k in (*FIELDS, "note")},
            }
        )
        keys.append({"id": pair["id"], "pass_a_is": 1 if a_first else 2})
    write_jsonl(out, rows)
    write_jsonl(out.with_suffix(".key.jsonl"), keys)
    print(f"{len(rows)} of {len(a)} pairs in dispute", file=sys.stderr)
    return 0


def merge(pass_a: Path, pass_b: Path, decisions: Path, out: Path) -> int:
    a, b = _by_id(pass_a), _by_id(pass_b)
    decided = _by_id(decisions) if decisions.exists() else {}
    gold = []
    for pair_id in sorted(a):
        first, second = a[pair_id], b[pair_id]
        if not _differ(first, second):
            if pair_id in decided:
                raise SystemExit(f"{pair_id}: both passes agree; a decision cannot change it")
            gold.append({"id": pair_id, **{f: first[f] for f in FIELDS}, "by": "both passes"})
            continue
        if pair_id not in decided:
            raise SystemExit(f"{pair_id}: the passes differ and no decision is recorded")
        decision = decided[pair_id]
        gold.append(
            {
                "id": pair_id,
                **{f: decision[f] for f in FIELDS},
                "by": "adjudicated",
                "reason": decision.get("reason", ""),
            }
        )
    write_jsonl(out, gold)
    print(f"{len(gold)} pairs, {len(decided)} adjudicated", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 5 and argv[0] == "disputes":
        return disputes(*(Path(p) for p in argv[1:]))
    if len(argv) == 5 and argv[0] == "merge":
        return merge(*(Path(p) for p in argv[1:]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
