"""The search-relevance gold: every query has answers, and the held-out set's answers are
what its two passes agreed on or its readers decided (``scripts/gold/merge_search_set.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parents[1] / "eval" / "gold" / "search-relevance"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _twos(row: dict[str, Any]) -> set[tuple[str, str]]:
    return {(r["instrument"], r["path"]) for r in row["relevant"] if r["grade"] == 2}


def test_every_query_has_a_split_and_answers() -> None:
    queries = _lines(FOLDER / "queries.jsonl")
    gold = {row["id"]: row for row in _lines(FOLDER / "gold.jsonl")}
    assert len({q["id"] for q in queries}) == len(queries) == len(gold)
    assert {q["split"] for q in queries} == {"dev", "test", "held-out"}
    assert all(_twos(gold[q["id"]]) for q in queries)
    assert sum(q["split"] == "held-out" for q in queries) == 32


def test_the_held_out_answers_are_agreed_or_decided() -> None:
    a = {row["id"]: _twos(row) for row in _lines(FOLDER / "passes" / "set-2-pass-a.jsonl")}
    b = {row["id"]: _twos(row) for row in _lines(FOLDER / "passes" / "set-2-pass-b.jsonl")}
    decided = {
        (d["id"], d["instrument"], d["path"]): d["grade"]
        for d in _lines(FOLDER / "adjudication" / "decisions-set-2.jsonl")
    }
    gold = {row["id"]: _twos(row) for row in _lines(FOLDER / "gold.jsonl")}
    assert set(a) == set(b)
    for query in a:
        disputed = a[query] ^ b[query]
        assert {k for k in decided if k[0] == query} == {(query, *key) for key in disputed}
        expected = (a[query] & b[query]) | {k for k in disputed if decided[(query, *k)] == 2}
        assert gold[query] == expected, query
