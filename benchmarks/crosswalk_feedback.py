"""Two more ways to rank a crosswalk's candidates, measured and not shipped.

Run with ``python -m benchmarks.crosswalk_feedback`` against a database where the published
crosswalks are imported and the corpus ingested (``make atlas``; ``GOVATLAS_DB`` or
``--database``). Beside the shipped ranker (e5 after CSLS, character n-grams and the memory
of the other tables' links), on the seven published tables with more than 11 pairs (each
scored with the other tables' links only) and on NIST AI 600-1's filed actions, which no
table holds:

1. **Pseudo-relevance feedback on the targets.** A source's best k candidates (k = 3, 5,
   10) vote for the targets close to them: each target gains gamma (0.25, 0.5, 1) times the
   standardised mean e5 cosine (passage to passage) between it and those k candidates.
   Targets of one category of a framework sit together, so a source whose first
   candidates are right should lift their neighbours.
2. **Reciprocal rank fusion** (Cormack et al. 2009) in place of summed z-scores: each
   signal contributes weight / (k + rank), k = 10, 30, 60, with the shipped weights.
   Rank fusion ignores how far apart the scores are, which is said to transfer better
   across collections.

Writes ``benchmarks/results/crosswalk-feedback.json`` and
``eval/reports/crosswalk-feedback.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.crosswalk_memory import MIN_PAIRS, _excluded, published_and_unseen
from govatlas.config import load_settings
from govatlas.crosswalk.align import DEFAULT_WEIGHTS, VectorCache, e5_vectors, pair_features
from govatlas.crosswalk.evaluate import GoldTable, ranking_scores, table_memory
from govatlas.crosswalk.link_memory import MEMORY_WEIGHT, LinkMemory
from govatlas.crosswalk.scaling import Matrix, zscores

RESULTS = Path(__file__).parent / "results" / "crosswalk-feedback.json"
REPORT = Path(__file__).parents[1] / "eval" / "reports" / "crosswalk-feedback.md"
FEEDBACK_DEPTHS = (3, 5, 10)
FEEDBACK_WEIGHTS = (0.25, 0.5, 1.0)
FUSION_CONSTANTS = (10, 30, 60)


def target_neighbours(table: GoldTable, cache: VectorCache) -> Matrix:
    """The e5 cosine of every target with every other (passage to passage), NaN on the
    diagonal so that a target does not vote for itself."""
    _, passages = e5_vectors([], [p.text for p in table.targets], cache)
    unit = passages / np.linalg.norm(passages, axis=1, keepdims=True)
    similar: Matrix = (unit @ unit.T).astype(np.float32)
    np.fill_diagonal(similar, np.nan)
    return similar


def feedback(ranked: Matrix, neighbours: Matrix, depth: int) -> Matrix:
    """Per source, the standardised mean similarity of each target to its best ``depth``."""
    best = np.argsort(-ranked, axis=1)[:, :depth]
    votes = np.nanmean(neighbours[best], axis=1)
    votes = np.nan_to_num(votes, nan=float(np.nanmean(votes)))
    return zscores(votes.astype(np.float32), 1)


def rank_fusion(signals: dict[str, Matrix], weights: dict[str, float], constant: int) -> Matrix:
    total = np.zeros_like(next(iter(signals.values())))
    for name, scores in signals.items():
        ranks = np.argsort(np.argsort(-scores, axis=1), axis=1)
        total += weights[name] / (constant + ranks)
    return total


def score_table(table: GoldTable, memory: LinkMemory, cache: VectorCache) -> dict[str, float]:
    """Recall@10 of the shipped ranker and of every variant on one table."""
    features = pair_features(table.sources, table.targets, cache=cache, dense=False)
    queries, _ = e5_vectors([p.text for p in table.sources], [], cache)
    remembered = memory.signal(queries, [p.text for p in table.targets])
    ranked = features.fused()
    signals = {name: features.features[name] for name, w in DEFAULT_WEIGHTS.items() if w}
    weights = {name: w for name, w in DEFAULT_WEIGHTS.items() if w}
    if remembered is not None:
        ranked = ranked + MEMORY_WEIGHT * remembered
        signals["memory"], weights["memory"] = remembered, MEMORY_WEIGHT

    def recall(scores: Matrix) -> float:
        return round(float(ranking_scores(scores, table.gold).recall[10]), 3)

    result = {"shipped": recall(ranked)}
    neighbours = target_neighbours(table, cache)
    for depth in FEEDBACK_DEPTHS:
        votes = feedback(ranked, neighbours, depth)
        for weight in FEEDBACK_WEIGHTS:
            result[f"feedback k={depth} gamma={weight}"] = recall(ranked + weight * votes)
    for constant in FUSION_CONSTANTS:
        result[f"rank fusion k={constant}"] = recall(rank_fusion(signals, weights, constant))
    return result


def measure(database: str) -> dict[str, Any]:
    tables, actions = published_and_unseen(database)
    cache = VectorCache()
    memory = table_memory(tables, cache)
    scores: dict[str, dict[str, float]] = {}
    for index, table in enumerate(tables):
        if table.pairs < MIN_PAIRS or not table.evaluated:
            continue
        print(f"scoring {table.key}", file=sys.stderr)
        scores[table.key] = score_table(
            table, memory.without(_excluded(tables, index, False)), cache
        )
    published = list(scores)
    if actions is not None:
        print(f"scoring {actions.key}", file=sys.stderr)
        scores[actions.key] = score_table(actions, memory, cache)
    variants = list(next(iter(scores.values())))
    means = {v: round(float(np.mean([scores[t][v] for t in published])), 3) for v in variants}
    return {
        "published": published,
        "unseen": actions.key if actions is not None else None,
        "scores": scores,
        "means": means,
    }


def report(result: dict[str, Any]) -> str:
    keys = [*result["published"], *([result["unseen"]] if result["unseen"] else [])]
    lines = [
        "# Feedback from the best candidates, and rank fusion (measured, not shipped)",
        "",
        "`python -m benchmarks.crosswalk_feedback`. Recall@10; each published table is scored "
        "with the other tables' links only; "
        f"`{result['unseen']}` is NIST AI 600-1's filed actions, which no table holds.",
        "",
        "| ranking | " + " | ".join(keys) + " | mean of the published |",
        "|---|" + "---|" * (len(keys) + 1),
    ]
    for variant, mean in result["means"].items():
        row = [f"{result['scores'][k][variant]:.3f}" for k in keys]
        lines.append(f"| {variant} | " + " | ".join(row) + f" | {mean:.3f} |")
    best = max(result["means"], key=lambda v: result["means"][v])
    lines += [
        "",
        f"Best mean: `{best}` ({result['means'][best]:.3f}; shipped "
        f"{result['means']['shipped']:.3f}).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=None, help="SQLAlchemy URL (default GOVATLAS_DB)")
    args = parser.parse_args(argv)
    result = measure(args.database or load_settings().db_url)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    REPORT.write_text(report(result), encoding="utf-8")
    print(report(result))


if __name__ == "__main__":
    main()
