"""Merge two independent relevance passes over a set of search queries into gold.

The search-relevance gold (``eval/gold/search-relevance/``, guideline
``docs/guidelines/search-relevance.md``) is made in three steps, each a sub-command:

``passes``: the annotators' parts (``pass-a-*.jsonl``, ``pass-b-*.jsonl`` in a folder
outside the project) become ``passes/<set>-pass-a.jsonl`` and ``-pass-b.jsonl``; the
provisions one pass marked 2 and the other did not (same instrument and path) are
written, both passes' grades hidden behind "annotator 1/2" in random order, for the
adjudicator (``--disputed FILE``, outside the project: the adjudicator reads texts).

``gold``: the adjudicator's decisions (one line per disputed provision: ``id``,
``instrument``, ``path``, ``grade`` 2/1/0, ``why``) become
``adjudication/decisions-<set>.jsonl``, and the queries' answers join ``gold.jsonl``:
the provisions both passes marked 2, the adjudicated 2s and the related ones (grade 1,
marked 1 by a pass or by the adjudicator). Queries already in ``gold.jsonl`` are
refused: a set is merged once.

``agreement``: per set, provisions marked, marked by both, covered by the other pass
under the benchmark's rule (same provision, a part of it, or the provision holding it),
and the mean per-query Jaccard overlap at provision and instrument level.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govatlas.jsonl import read_jsonl, write_jsonl

FOLDER = Path(__file__).parents[2] / "eval" / "gold" / "search-relevance"
PASSES = ("pass-a", "pass-b")
SEED = 2026_12_06
Key = tuple[str, str]  # instrument, path


def graded(row: dict[str, Any], grade: int) -> set[Key]:
    return {(r["instrument"], r["path"]) for r in row["relevant"] if int(r["grade"]) == grade}


def read_pass(parts: Path, name: str) -> dict[str, dict[str, Any]]:
    """One pass from its parts, by query id; a query answered twice is an error."""
    answers: dict[str, dict[str, Any]] = {}
    files = sorted(parts.glob(f"{name}-*.jsonl"))
    if not files:
        raise SystemExit(f"{parts}: no {name}-*.jsonl parts")
    for part in files:
        for row in read_jsonl(part):
            if row["id"] in answers:
                raise SystemExit(f"{part.name}: {row['id']} answered twice")
            answers[row["id"]] = row
    return answers


def merge_passes(parts: Path, label: str, disputed_file: Path, queries: Sequence[str]) -> str:
    passes = {name: read_pass(parts, name) for name in PASSES}
    for name, answers in passes.items():
        missing = [q for q in queries if q not in answers]
        if missing:
            raise SystemExit(f"{name}: no answer for {missing}")
        write_jsonl(FOLDER / "passes" / f"{label}-{name}.jsonl", [answers[q] for q in queries])
    generator = random.Random(SEED)
    disputed = []
    for query in queries:
        a, b = (passes[name][query] for name in PASSES)
        grades = {
            name: {(r["instrument"], r["path"]): int(r["grade"]) for r in row["relevant"]}
            for name, row in zip(PASSES, (a, b), strict=True)
        }
        for key in sorted(graded(a, 2) ^ graded(b, 2)):
            shown = [grades[name].get(key, 0) for name in PASSES]
            generator.shuffle(shown)
            disputed.append(
                {
                    "id": query,
                    "instrument": key[0],
                    "path": key[1],
                    "annotator_1": shown[0],
                    "annotator_2": shown[1],
                }
            )
    write_jsonl(disputed_file, disputed)
    return f"{len(queries)} queries; {len(disputed)} provisions disputed -> {disputed_file}"


def write_gold(label: str, decisions_file: Path, queries: Sequence[str]) -> str:
    passes = {name: read_jsonl(FOLDER / "passes" / f"{label}-{name}.jsonl") for name in PASSES}
    by_query = {name: {row["id"]: row for row in rows} for name, rows in passes.items()}
    gold_path = FOLDER / "gold.jsonl"
    gold = read_jsonl(gold_path)
    already = {row["id"] for row in gold} & set(queries)
    if already:
        raise SystemExit(f"gold.jsonl already holds {sorted(already)}: a set is merged once")
    decisions = read_jsonl(decisions_file)
    decided = {(d["id"], d["instrument"], d["path"]): int(d["grade"]) for d in decisions}
    added, twos = [], 0
    for query in queries:
        a, b = (by_query[name][query] for name in PASSES)
        answer: dict[Key, int] = {key: 1 for key in graded(a, 1) | graded(b, 1)}
        answer.update({key: 2 for key in graded(a, 2) & graded(b, 2)})
        for key in graded(a, 2) ^ graded(b, 2):
            grade = decided.get((query, *key))
            if grade is None:
                raise SystemExit(f"{query} {key[0]} {key[1]} is disputed and has no decision")
            if grade:
                answer[key] = grade
            else:
                answer.pop(key, None)
        relevant = [
            {"instrument": i, "path": p, "grade": g} for (i, p), g in sorted(answer.items())
        ]
        twos += sum(g == 2 for g in answer.values())
        added.append({"id": query, "relevant": relevant})
    write_jsonl(FOLDER / "adjudication" / f"decisions-{label}.jsonl", decisions)
    write_jsonl(gold_path, gold + added)
    return f"{len(added)} queries joined gold.jsonl with {twos} answers (grade 2)"


def _covered(key: Key, others: set[Key]) -> bool:
    """The benchmark's rule: the same provision, a part of it, or the one holding it."""
    path = key[1].split(".")
    for instrument, other in others:
        parts = other.split(".")
        if instrument == key[0] and (path[: len(parts)] == parts or parts[: len(path)] == path):
            return True
    return False


def _jaccard(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def agreement(label: str) -> dict[str, Any]:
    a, b = (read_jsonl(FOLDER / "passes" / f"{label}-{name}.jsonl") for name in PASSES)
    marked = {"pass-a": 0, "pass-b": 0}
    covered = {"pass-a": 0, "pass-b": 0}
    both = 0
    provision_level, instrument_level = [], []
    for row_a, row_b in zip(a, b, strict=True):
        twos = {"pass-a": graded(row_a, 2), "pass-b": graded(row_b, 2)}
        both += len(twos["pass-a"] & twos["pass-b"])
        for name, other in (("pass-a", "pass-b"), ("pass-b", "pass-a")):
            marked[name] += len(twos[name])
            covered[name] += sum(_covered(k, twos[other]) for k in twos[name])
        provision_level.append(_jaccard(twos["pass-a"], twos["pass-b"]))
        instrument_level.append(
            _jaccard({i for i, _ in twos["pass-a"]}, {i for i, _ in twos["pass-b"]})
        )
    return {
        "queries": len(a),
        "marked": marked,
        "marked_by_both": both,
        "covered_by_the_other": covered,
        "jaccard_provisions": round(sum(provision_level) / max(len(a), 1), 2),
        "jaccard_instruments": round(sum(instrument_level) / max(len(a), 1), 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("passes", "gold", "agreement"))
    parser.add_argument("--set", required=True, help="the set's label, e.g. set-2")
    parser.add_argument("--queries", type=Path, help="the set's queries (JSON lines with id)")
    parser.add_argument("--parts", type=Path, help="folder of the annotators' parts (passes)")
    parser.add_argument("--disputed", type=Path, help="where to write the disputed provisions")
    parser.add_argument("--decisions", type=Path, help="the adjudicator's decisions (gold)")
    args = parser.parse_args(argv)
    if args.action == "agreement":
        print(json.dumps(agreement(args.set), indent=2))
        return 0
    if args.queries is None:
        parser.error(f"{args.action} needs --queries FILE")
    queries = [row["id"] for row in read_jsonl(args.queries)]
    if args.action == "passes":
        if args.parts is None or args.disputed is None:
            parser.error("passes needs --parts DIR and --disputed FILE")
        print(merge_passes(args.parts, args.set, args.disputed, queries))
    else:
        if args.decisions is None:
            parser.error("gold needs --decisions FILE")
        print(write_gold(args.set, args.decisions, queries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
