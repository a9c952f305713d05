"""Merge the two passes of the parameter gold (``eval/gold/parameters/``).

``disputes PASS_A PASS_B OUT``: every parameter one pass listed and the other did not
(matched as ``benchmarks/parameter_gold.py`` matches: family and value), one JSON line
each with the provision's id and the item, for a third reader who sees neither pass's
name nor the rules' output.

``merge PASS_A PASS_B DECISIONS BATCHES``: stores both passes in ``passes/`` and writes
``gold.jsonl``: what both passes listed, and each disputed item the reader accepted
(``{"dispute": "d001", "accept": true}`` per line of DECISIONS, stored in
``adjudication/decisions.jsonl``). ``kinds KINDS_A KINDS_B DECISIONS``: the deadline kinds (the guideline's last section):
stores both passes in ``passes/kinds-a.jsonl`` and ``kinds-b.jsonl`` and writes
``kinds.jsonl``, each deadline with the kind both gave or, where they differ, the kind
the third reader chose (``{"id": "p017", "number": 72, "unit": "hours", "kind": ...}``
per line of DECISIONS, stored in ``adjudication/kinds.jsonl``; with no DECISIONS file
yet, the differences are printed for the reader).

No text is stored: the words each item was read from
become character offsets into the provision's stored text (``start``, ``end``; the text
is the one whose hash ``sample.jsonl`` gives), found in the annotators' BATCHES.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[2]))

from benchmarks.parameter_gold import FOLDER, gold_key, read_jsonl, write_jsonl  # noqa: E402


def _by_id(path: Path) -> dict[str, list[dict[str, Any]]]:
    return {row["id"]: list(row.get("parameters", [])) for row in read_jsonl(path)}


def disputed(
    a: dict[str, list[dict[str, Any]]], b: dict[str, list[dict[str, Any]]]
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """(what both listed per provision, the items only one listed)."""
    if set(a) != set(b):
        raise SystemExit("the passes cover different provisions")
    agreed: dict[str, list[dict[str, Any]]] = {}
    disputes: list[dict[str, Any]] = []
    for pid in sorted(a):
        left = Counter(k for k in map(gold_key, a[pid]) if k)
        right = Counter(k for k in map(gold_key, b[pid]) if k)
        both = left & right
        agreed[pid] = []
        taken: Counter[tuple[str, str]] = Counter()
        for item in a[pid]:
            key = gold_key(item)
            if key and taken[key] < both[key]:
                agreed[pid].append(item)
                taken[key] += 1
        for items, own, other in ((a[pid], left, right), (b[pid], right, left)):
            extra = own - other
            for item in items:
                key = gold_key(item)
                if key and extra[key] > 0:
                    extra[key] -= 1
                    disputes.append({"id": pid, "item": item})
    for number, row in enumerate(disputes, 1):
        row["dispute"] = f"d{number:03d}"
    return agreed, disputes


def _located(item: dict[str, Any], text: str) -> dict[str, Any]:
    """The item with its words replaced by their offsets in ``text`` (None when not found)."""
    words = str(item.get("words", "")).lstrip("?").strip()
    pattern = r"\s+".join(re.escape(w) for w in words.split())
    found = re.search(pattern, text) if pattern else None
    located = {k: v for k, v in item.items() if k != "words"}
    located["unsure"] = str(item.get("words", "")).startswith("?")
    located["start"], located["end"] = (found.start(), found.end()) if found else (None, None)
    return located


def _located_pass(path: Path, texts: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"id": row["id"], "parameters": [_located(i, texts[row["id"]]) for i in row["parameters"]]}
        for row in read_jsonl(path)
    ]


def merge_kinds(kinds_a: Path, kinds_b: Path, decisions_file: Path) -> int:
    a, b = read_jsonl(kinds_a), read_jsonl(kinds_b)
    if [(r["id"], r["number"], r["unit"]) for r in a] != [
        (r["id"], r["number"], r["unit"]) for r in b
    ]:
        raise SystemExit("the kind passes list different deadlines")
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x["kind"] != y["kind"]]
    if not decisions_file.exists():
        for x, y in differ:
            print(json.dumps({"id": x["id"], "number": x["number"], "unit": x["unit"],
                              "kinds": sorted({x["kind"], y["kind"]})}))
        print(f"{len(differ)} of {len(a)} deadlines differ", file=sys.stderr)
        return 0
    decided = {(d["id"], d["number"], d["unit"]): d["kind"] for d in read_jsonl(decisions_file)}
    gold = []
    for x, y in zip(a, b, strict=True):
        key = (x["id"], x["number"], x["unit"])
        if x["kind"] != y["kind"] and key not in decided:
            raise SystemExit(f"no decision for {key}")
        gold.append({"id": x["id"], "number": x["number"], "unit": x["unit"],
                     "kind": x["kind"] if x["kind"] == y["kind"] else decided[key]})
    write_jsonl(FOLDER / "passes" / "kinds-a.jsonl", a)
    write_jsonl(FOLDER / "passes" / "kinds-b.jsonl", b)
    write_jsonl(FOLDER / "adjudication" / "kinds.jsonl", read_jsonl(decisions_file))
    write_jsonl(FOLDER / "kinds.jsonl", gold)
    print(f"kinds: {len(gold)} deadlines, {len(differ)} decided by the third reader")
    return 0


def main(argv: list[str]) -> int:
    if argv[0] == "kinds":
        return merge_kinds(Path(argv[1]), Path(argv[2]), Path(argv[3]))
    action, pass_a, pass_b, third = argv[0], Path(argv[1]), Path(argv[2]), Path(argv[3])
    agreed, disputes = disputed(_by_id(pass_a), _by_id(pass_b))
    if action == "disputes":
        write_jsonl(third, disputes)
        print(f"{len(disputes)} disputed items, {sum(map(len, agreed.values()))} agreed")
        return 0
    decisions = {d["dispute"]: bool(d["accept"]) for d in read_jsonl(third)}
    missing = [d["dispute"] for d in disputes if d["dispute"] not in decisions]
    if missing:
        raise SystemExit(f"no decision for {len(missing)} disputes, e.g. {missing[0]}")
    texts = {
        row["id"]: row["text"]
        for batch in sorted(Path(argv[4]).glob("batch-*.jsonl"))
        for row in read_jsonl(batch)
    }
    for d in disputes:
        if decisions[d["dispute"]]:
            agreed[d["id"]].append(d["item"])
    write_jsonl(FOLDER / "passes" / "pass-a.jsonl", _located_pass(pass_a, texts))
    write_jsonl(FOLDER / "passes" / "pass-b.jsonl", _located_pass(pass_b, texts))
    write_jsonl(
        FOLDER / "adjudication" / "decisions.jsonl",
        ({"dispute": d["dispute"], "id": d["id"], "item": _located(d["item"], texts[d["id"]]),
          "accept": decisions[d["dispute"]]} for d in disputes),
    )
    order = [row["id"] for row in read_jsonl(FOLDER / "sample.jsonl")]
    write_jsonl(
        FOLDER / "gold.jsonl",
        ({"id": pid, "parameters": [_located(i, texts[pid]) for i in agreed[pid]]}
         for pid in order),
    )
    accepted = sum(decisions.values())
    print(f"gold: {sum(map(len, agreed.values()))} parameters ({accepted} of {len(disputes)} "
          "disputed accepted)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
