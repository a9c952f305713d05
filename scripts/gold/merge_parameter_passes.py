"""Merge the two passes of the parameter gold (``eval/gold/parameters/``; a later
round's folder with ``--round N`` before the action).

``disputes PASS_A PASS_B OUT``: every parameter one pass listed and the other did not
(matched as ``benchmarks/parameter_gold.py`` matches: family and value), one JSON line
each with the provision's id and the item, for a third reader who sees neither pass's
name nor the rules' output.

``merge PASS_A PASS_B DECISIONS BATCHES``: stores both passes in ``passes/`` and writes
``gold.jsonl``: what both passes listed, and each disputed item the reader accepted
(``{"dispute": "d001", "accept": true}`` per line of DECISIONS, stored in
``adjudication/decisions.jsonl``).

``kinds KINDS_A KINDS_B [DECISIONS]``: the deadline kinds (the guideline's last section).
Stores both passes in ``passes/kinds-a.jsonl`` and ``kinds-b.jsonl`` and writes
``kinds.jsonl``: each deadline with the kind both gave or, where they differ, the kind
the third reader chose (``{"id": "p017", "number": 72, "unit": "hours", "kind": ...}``
per line of DECISIONS, with ``"nth"`` when a provision has two deadlines of that
duration; stored in ``adjudication/kinds.jsonl``). When the passes agree on every kind no
DECISIONS file is needed; when they differ and there is none yet, the differences are
printed for the reader.

``kinds-from-passes OUT_A OUT_B``:
when the annotators gave each deadline its kind in their pass (round 2 on), the two
kind files ``kinds`` reads, one line per deadline of ``gold.jsonl`` with the kind that
pass gave it (``null`` when the pass did not list it: the third reader decides).

No text is stored: the words each item was read from
become character offsets into the provision's stored text (``start``, ``end``; the text
is the one whose hash ``sample.jsonl`` gives), found in the annotators' BATCHES.
"""

from __future__ import annotations

import json
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[2]))

from benchmarks.parameter_gold import ROUNDS, gold_key  # noqa: E402
from govatlas.jsonl import read_jsonl, write_jsonl  # noqa: E402


def _by_id(path: Path) -> dict[str, list[dict[str, Any]]]:
    return {row["id"]: list(row.get("parameters", [])) for row in read_jsonl(path)}


def disputed(
    a: dict[str, list[dict[str, Any]]], b: dict[str, list[dict[str, Any]]]
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """(what both listed per provision, the items only one listed). Items of the same
    family and value are paired by their words, so that of two "30 days" in a provision
    the one only one pass listed is the disputed one."""
    if set(a) != set(b):
        raise SystemExit("the passes cover different provisions")
    agreed: dict[str, list[dict[str, Any]]] = {}
    disputes: list[dict[str, Any]] = []
    for pid in sorted(a):
        left = [i for i in a[pid] if gold_key(i)]
        right = [i for i in b[pid] if gold_key(i)]
        pairs = sorted(
            (
                (-_similarity(x, y), n, m)
                for n, x in enumerate(left)
                for m, y in enumerate(right)
                if gold_key(x) == gold_key(y)
            ),
        )
        paired_left: set[int] = set()
        paired_right: set[int] = set()
        for _, n, m in pairs:
            if n not in paired_left and m not in paired_right:
                paired_left.add(n)
                paired_right.add(m)
        agreed[pid] = [x for n, x in enumerate(left) if n in paired_left]
        disputes += [{"id": pid, "item": x} for n, x in enumerate(left) if n not in paired_left]
        disputes += [{"id": pid, "item": y} for m, y in enumerate(right) if m not in paired_right]
    for number, row in enumerate(disputes, 1):
        row["dispute"] = f"d{number:03d}"
    return agreed, disputes


def _similarity(x: dict[str, Any], y: dict[str, Any]) -> float:
    words = [str(i.get("words", "")).lstrip("?").lower().split() for i in (x, y)]
    return SequenceMatcher(None, *words).ratio()


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


def merge_kinds(folder: Path, kinds_a: Path, kinds_b: Path, decisions_file: Path) -> int:
    a, b = read_jsonl(kinds_a), read_jsonl(kinds_b)
    if [(r["id"], r["number"], r["unit"]) for r in a] != [
        (r["id"], r["number"], r["unit"]) for r in b
    ]:
        raise SystemExit("the kind passes list different deadlines")
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x["kind"] != y["kind"]]
    if not decisions_file.exists() and differ:
        for x, y in differ:
            print(
                json.dumps(
                    {
                        "id": x["id"],
                        "number": x["number"],
                        "unit": x["unit"],
                        "kinds": sorted({x["kind"], y["kind"]} - {None}),
                    }
                )
            )
        print(f"{len(differ)} of {len(a)} deadlines differ", file=sys.stderr)
        return 0
    # a decision may name which of a provision's deadlines of the same duration it is
    # ("nth", 0 for the first, in the gold's order); without it, it decides them all
    # with no differences there is nothing for a third reader to decide
    decisions = read_jsonl(decisions_file) if decisions_file.exists() else []
    decided = {(d["id"], d["number"], d["unit"], d.get("nth")): d["kind"] for d in decisions}
    gold = []
    seen: dict[tuple[Any, ...], int] = {}
    for x, y in zip(a, b, strict=True):
        key = (x["id"], x["number"], x["unit"])
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        choice = decided.get((*key, nth), decided.get((*key, None)))
        if x["kind"] != y["kind"] and choice is None:
            raise SystemExit(f"no decision for {key}")
        gold.append(
            {
                "id": x["id"],
                "number": x["number"],
                "unit": x["unit"],
                "kind": x["kind"] if x["kind"] == y["kind"] else choice,
            }
        )
    write_jsonl(folder / "passes" / "kinds-a.jsonl", a)
    write_jsonl(folder / "passes" / "kinds-b.jsonl", b)
    write_jsonl(folder / "adjudication" / "kinds.jsonl", decisions)
    write_jsonl(folder / "kinds.jsonl", gold)
    print(f"kinds: {len(gold)} deadlines, {len(differ)} decided by the third reader")
    return 0


def kinds_from_passes(folder: Path, out_a: Path, out_b: Path) -> int:
    """Each gold deadline with the kind each pass gave it (None where a pass missed it)."""
    passes = [_by_id(folder / "passes" / name) for name in ("pass-a.jsonl", "pass-b.jsonl")]
    for own, out in zip(passes, (out_a, out_b), strict=True):
        rows = []
        for gold in read_jsonl(folder / "gold.jsonl"):
            left = [i for i in own.get(gold["id"], []) if i.get("family") == "deadline"]
            for item in gold["parameters"]:
                if item.get("family") != "deadline":
                    continue
                key = gold_key(item)
                same = max(
                    (i for i in left if gold_key(i) == key),
                    key=lambda i: _overlap(i, item),  # of two "45 days", the same words
                    default=None,
                )
                if same is not None:
                    left.remove(same)
                rows.append(
                    {
                        "id": gold["id"],
                        "number": item["number"],
                        "unit": item["unit"],
                        "kind": None if same is None else same.get("kind"),
                    }
                )
        write_jsonl(out, rows)
    print(f"kinds of {len(rows)} gold deadlines written to {out_a} and {out_b}")
    return 0


def _overlap(x: dict[str, Any], y: dict[str, Any]) -> int:
    if None in (x.get("start"), y.get("start")):
        return 0
    return min(x["end"], y["end"]) - max(x["start"], y["start"])


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    folder = ROUNDS[1].folder
    if argv[0] == "--round":
        folder, argv = ROUNDS[int(argv[1])].folder, argv[2:]
    wanted = {"disputes": (4, 4), "merge": (5, 5), "kinds": (3, 4), "kinds-from-passes": (3, 3)}
    if argv[0] not in wanted:
        raise SystemExit(f"unknown action {argv[0]!r}: one of {', '.join(wanted)} (see --help)")
    low, high = wanted[argv[0]]
    if not low <= len(argv) <= high:
        raise SystemExit(f"{argv[0]} takes {low - 1} to {high - 1} paths (see --help)")
    if argv[0] == "kinds":
        # no DECISIONS file: the passes must agree on every kind (or the differences print)
        decisions = Path(argv[3]) if len(argv) > 3 else Path("/nonexistent/decisions.jsonl")
        return merge_kinds(folder, Path(argv[1]), Path(argv[2]), decisions)
    if argv[0] == "kinds-from-passes":
        return kinds_from_passes(folder, Path(argv[1]), Path(argv[2]))
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
    write_jsonl(folder / "passes" / "pass-a.jsonl", _located_pass(pass_a, texts))
    write_jsonl(folder / "passes" / "pass-b.jsonl", _located_pass(pass_b, texts))
    write_jsonl(
        folder / "adjudication" / "decisions.jsonl",
        (
            {
                "dispute": d["dispute"],
                "id": d["id"],
                "item": _located(d["item"], texts[d["id"]]),
                "accept": decisions[d["dispute"]],
            }
            for d in disputes
        ),
    )
    order = [row["id"] for row in read_jsonl(folder / "sample.jsonl")]
    write_jsonl(
        folder / "gold.jsonl",
        (
            {"id": pid, "parameters": [_located(i, texts[pid]) for i in agreed[pid]]}
            for pid in order
        ),
    )
    accepted = sum(decisions.values())
    print(
        f"gold: {sum(map(len, agreed.values()))} parameters ({accepted} of {len(disputes)} "
        "disputed accepted)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
