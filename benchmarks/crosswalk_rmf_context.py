"""Two more sources of context for AI RMF targets, measured on tables they were not tuned on.

A new framework mapped onto the NIST AI RMF is what the hidden table of the crosswalk
issue is, and the tables that map something onto the AI RMF (BSA's framework, CLTC's
taxonomy, NIST AI 600-1's filed actions) are its closest analogues. Two ideas for
telling the ranker more about each AI RMF subcategory, neither shipped
(``docs/crosswalk-ranker.md``, "Tried and not shipped"):

- **AI 600-1's actions in the memory.** Each suggested action becomes a remembered
  partner of the subcategory NIST files it under (``crosswalk.link_memory``). Scored on
  BSA and CLTC leaving the table out, with and without the actions; and on AI 600-1
  itself in two halves (the memory holds one half's actions, the other half is scored).
- **The category as context.** A target recognised as a subcategory is given its
  category's statement (from ``nist/ai-rmf-1.0-subcategories.csv`` in the corpus mirror),
  either as a separate signal (e5 cosine of the source with the statement, standardised
  per source) or prefixed to the subcategory's text before e5 reads it.

Run with ``python -m benchmarks.crosswalk_rmf_context`` against a database where the
published crosswalks are imported (``make atlas``; ``GOVATLAS_DB`` or ``--database``)
and with the corpus mirror (``GOVATLAS_MIRROR``). Writes
``benchmarks/results/crosswalk-rmf-context.json`` and
``eval/reports/crosswalk-rmf-context.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.crosswalk_memory import published_and_unseen
from govatlas.config import load_settings
from govatlas.crosswalk.align import VectorCache, e5_passages, e5_vectors, pair_features
from govatlas.crosswalk.evaluate import GoldTable, linked_table, ranking_scores
from govatlas.crosswalk.link_memory import LinkedTable, LinkMemory, build_memory, normalised
from govatlas.crosswalk.scaling import Matrix, zscores

RESULTS = Path(__file__).parent / "results" / "crosswalk-rmf-context.json"
REPORT = Path(__file__).parents[1] / "eval" / "reports" / "crosswalk-rmf-context.md"
SUBCATEGORIES = Path("nist") / "ai-rmf-1.0-subcategories.csv"
ONTO_RMF = ("bsa-rmf", "cltc-rmf")
MEMORY_WEIGHTS = (0.5, 1.0, 2.0)
CATEGORY_WEIGHTS = (0.25, 0.5, 1.0, 2.0)
HALVES_SEED = 0


def _recall(scores: Matrix, table: GoldTable) -> float:
    return round(ranking_scores(scores, table.gold).recall[10], 3)


def _with_memory(base: Matrix, signal: Matrix | None, table: GoldTable) -> dict[str, float]:
    return {
        str(w): _recall(base if signal is None else base + w * signal, table)
        for w in MEMORY_WEIGHTS
    }


def _signal(memory: LinkMemory, table: GoldTable, cache: VectorCache) -> Matrix | None:
    queries, _ = e5_vectors([p.text for p in table.sources], [], cache)
    return memory.signal(queries, [p.text for p in table.targets])


def actions_in_memory(
    tables: Sequence[GoldTable], actions: GoldTable, cache: VectorCache
) -> dict[str, Any]:
    """Recall@10 with the memory of the other tables, without and with the actions."""
    published = [linked_table(t) for t in tables if t.evaluated]

    def embed(texts: Sequence[str]) -> Matrix:
        return e5_passages(texts, cache)

    without_actions = build_memory(published, embed)
    with_actions = build_memory([*published, linked_table(actions)], embed)
    rows: dict[str, Any] = {}
    for table in (t for t in tables if t.key in ONTO_RMF):
        base = pair_features(table.sources, table.targets, cache=cache, dense=False).fused()
        rows[table.key] = {
            "memory of the other tables": _with_memory(
                base, _signal(without_actions.without({table.key}), table, cache), table
            ),
            "and AI 600-1's actions": _with_memory(
                base, _signal(with_actions.without({table.key}), table, cache), table
            ),
        }
    order = np.random.default_rng(HALVES_SEED).permutation(len(actions.sources))
    halves = (order[: len(order) // 2], order[len(order) // 2 :])
    per_half = []
    for remembered, scored in (halves, halves[::-1]):
        pairs = [
            (actions.sources[i].text, actions.targets[t].text)
            for i in sorted(remembered)
            for t in sorted(actions.gold[i])
        ]
        memory = build_memory([*published, LinkedTable("actions-half", pairs)], embed)
        half = GoldTable(
            "actions-half",
            [actions.sources[i] for i in sorted(scored)],
            actions.targets,
            {k: actions.gold[i] for k, i in enumerate(sorted(scored))},
            evaluated=False,
        )
        base = pair_features(half.sources, half.targets, cache=cache, dense=False).fused()
        per_half.append(
            {
                "memory of the other tables": _with_memory(
                    base, _signal(without_actions, half, cache), half
                ),
                "and AI 600-1's actions": _with_memory(base, _signal(memory, half, cache), half),
            }
        )
    rows["AI 600-1 actions, one half remembered (mean of both halves)"] = {
        name: {
            str(w): round(float(np.mean([h[name][str(w)] for h in per_half])), 3)
            for w in MEMORY_WEIGHTS
        }
        for name in per_half[0]
    }
    return rows


def categories(mirror: Path) -> dict[str, tuple[str, str]]:
    """Subcategory text (normalised) -> (category id, category statement)."""
    path = mirror / SUBCATEGORIES
    if not path.is_file():
        raise SystemExit(f"{path}: not found; set GOVATLAS_MIRROR to the corpus")
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            normalised(row["description"]): (row["category_id"], row["category_text"])
            for row in csv.DictReader(handle)
        }


def _category_of(text: str, known: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    words = normalised(text)
    return next((c for k, c in known.items() if k and (k in words or words in k)), None)


def category_context(
    tables: Sequence[GoldTable], actions: GoldTable, mirror: Path, cache: VectorCache
) -> dict[str, Any]:
    """Recall@10 of the shipped ranker (with the memory) and with the category added."""
    known = categories(mirror)
    published = [linked_table(t) for t in tables if t.evaluated]
    memory = build_memory(published, lambda texts: e5_passages(texts, cache))
    rows: dict[str, Any] = {}
    for table in [t for t in tables if t.key in ONTO_RMF] + [actions]:
        found = [_category_of(p.text, known) for p in table.targets]
        features = pair_features(
            table.sources,
            table.targets,
            cache=cache,
            dense=False,
            memory=memory.without({table.key}),
        )
        base = features.ranked()
        queries, _ = e5_vectors([p.text for p in table.sources], [], cache)
        statements = [
            f"{c[0]}: {c[1]}" if c else p.text for c, p in zip(found, table.targets, strict=True)
        ]
        prefixed = [
            f"{c[1]}. {p.text}" if c else p.text for c, p in zip(found, table.targets, strict=True)
        ]
        signal = zscores((queries @ e5_passages(statements, cache).T).astype(np.float32), 1)
        enriched = zscores((queries @ e5_passages(prefixed, cache).T).astype(np.float32), 1)
        rows[table.key] = {
            "targets recognised": f"{sum(c is not None for c in found)} of {len(found)}",
            "shipped": _recall(base, table),
            "category signal": {
                str(w): _recall(base + w * signal, table) for w in CATEGORY_WEIGHTS
            },
            "category prefixed": {
                str(w): _recall(base + w * enriched, table) for w in CATEGORY_WEIGHTS
            },
        }
    return rows


def report(result: dict[str, Any]) -> str:
    lines = [
        "# More context for AI RMF targets (not shipped)",
        "",
        "`python -m benchmarks.crosswalk_rmf_context`; recall@10. What each row means: "
        '`docs/crosswalk-ranker.md`, "Tried and not shipped".',
        "",
        "## AI 600-1's filed actions in the memory",
        "",
        "| table | memory of the other tables, at "
        + " / ".join(map(str, MEMORY_WEIGHTS))
        + " | and AI 600-1's actions |",
        "|---|---|---|",
    ]
    for key, row in result["actions"].items():
        cells = [
            " / ".join(f"{v:.3f}" for v in row[name].values())
            for name in ("memory of the other tables", "and AI 600-1's actions")
        ]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## The category's statement as context",
        "",
        "| table | targets recognised | shipped (with the memory) | category signal at "
        + " / ".join(map(str, CATEGORY_WEIGHTS))
        + " | category prefixed |",
        "|---|---|---|---|---|",
    ]
    for key, row in result["categories"].items():
        signal = " / ".join(f"{v:.3f}" for v in row["category signal"].values())
        prefixed = " / ".join(f"{v:.3f}" for v in row["category prefixed"].values())
        lines.append(
            f"| {key} | {row['targets recognised']} | {row['shipped']:.3f} | "
            f"{signal} | {prefixed} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=None, help="SQLAlchemy URL (default GOVATLAS_DB)")
    args = parser.parse_args(argv)
    settings = load_settings()
    mirror = settings.mirror_dir
    if mirror is None:
        raise SystemExit("no corpus mirror: set GOVATLAS_MIRROR")
    tables, actions = published_and_unseen(args.database or settings.db_url)
    if actions is None:
        raise SystemExit("NIST AI 600-1's actions are not in that database: run `make atlas`")
    cache = VectorCache()
    print("scoring the actions in the memory", file=sys.stderr)
    result = {"actions": actions_in_memory(tables, actions, cache)}
    print("scoring the categories as context", file=sys.stderr)
    result["categories"] = category_context(tables, actions, mirror, cache)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    REPORT.write_text(report(result), encoding="utf-8")
    print(report(result))


if __name__ == "__main__":
    main()
