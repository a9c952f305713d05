"""Other ways to read the memory of published links, measured and not shipped.

Run with ``python -m benchmarks.crosswalk_memory_variants`` against a database where the
published crosswalks are imported and the corpus ingested (``make atlas``;
``GOVATLAS_DB`` or ``--database``). Two questions:

1. **Pooling.** The shipped memory signal scores (s, t) by the *closest* of t's
   partners (``max``). The alternatives pool more of them: the mean of the closest two
   or three (``top2``, ``top3``), a soft maximum (log-sum-exp at temperature 0.02 or
   0.05), the maximum less its mean over sources (``max-centred``, as CSLS treats hubs),
   and a vote of the source's k nearest remembered passages for the targets they link
   (``knn5``, ``knn20``). Each at weights 0.5, 1 and 2 beside the shipped fusion,
   recall@10 on the seven published tables with more than 11 pairs (each scored with the
   other tables' links only) and on NIST AI 600-1's filed actions, which no table holds.
   A dual softmax over the fused scores (rows and columns, temperature 0.5-4) is scored
   the same way.
2. **Full comparisons.** Would the memory help the build's machine crosswalks with the
   AI RMF? On the judged pairs of ``eval/gold/crosswalk-links`` (three draws) whose one
   side is the AI RMF and whose units are still stored as judged, the full comparison's
   fused score without and with the memory (the AI RMF's units recognised on whichever
   side they are), as ROC AUC and average precision against people's answers.

Writes ``benchmarks/results/crosswalk-memory-variants.json`` and
``eval/reports/crosswalk-memory-variants.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score
from sqlalchemy.orm import Session

from benchmarks.crosswalk_link_sample import FOLDER as JUDGED
from benchmarks.crosswalk_link_sample import text_hash
from benchmarks.crosswalk_long_units import judged_answers
from benchmarks.crosswalk_memory import MIN_PAIRS, _excluded, published_and_unseen
from govatlas.config import load_settings
from govatlas.crosswalk.align import VectorCache, e5_vectors, pair_features
from govatlas.crosswalk.evaluate import GoldTable, ranking_scores, table_memory
from govatlas.crosswalk.link_memory import LinkMemory
from govatlas.crosswalk.scaling import Matrix, zscores
from govatlas.store.engine import make_engine
from govatlas.store.units import unit_passage, unit_provisions

RESULTS = Path(__file__).parent / "results" / "crosswalk-memory-variants.json"
REPORT = Path(__file__).parents[1] / "eval" / "reports" / "crosswalk-memory-variants.md"
RMF = "nist-ai-rmf-1-0"
WEIGHTS = (0.5, 1.0, 2.0)
DRAWS = (JUDGED, JUDGED / "draw-2", JUDGED / "draw-3")
Pool = Callable[[Matrix], Matrix]  # (sources, partners) cosines -> (sources,) scores


def _soft_max(tau: float) -> Pool:
    return lambda m: (tau * np.log(np.exp((m - 1.0) / tau).sum(axis=1)) + 1.0).astype(np.float32)


def _top(k: int) -> Pool:
    return lambda m: np.sort(m, axis=1)[:, -k:].mean(axis=1)


POOLS: dict[str, Pool] = {
    "max": lambda m: m.max(axis=1),
    "top2": _top(2),
    "top3": _top(3),
    "soft max 0.02": _soft_max(0.02),
    "soft max 0.05": _soft_max(0.05),
}


def _finish(scores: Matrix) -> Matrix | None:
    covered = ~np.isnan(scores)
    if not covered.any():
        return None
    row_mean = np.nanmean(np.where(covered, scores, np.nan), axis=1, keepdims=True)
    return zscores(np.where(covered, scores, row_mean).astype(np.float32), 1)


def variant_signals(
    memory: LinkMemory, queries: Matrix, target_texts: Sequence[str]
) -> dict[str, Matrix | None]:
    """Every pooling of the memory for these sources (query vectors) and targets."""
    partners = memory.partners()
    columns = [partners[k] if k is not None else [] for k in memory.recognise(target_texts)]
    cosines = queries @ memory.vectors.T
    shape = (queries.shape[0], len(target_texts))
    result: dict[str, Matrix | None] = {}
    pooled: dict[str, Matrix] = {}
    for name, pool in POOLS.items():
        scores = np.full(shape, np.nan, dtype=np.float32)
        for j, linked in enumerate(columns):
            if linked:
                scores[:, j] = pool(cosines[:, linked])
        pooled[name] = scores
        result[name] = _finish(scores)
    known = ~np.isnan(pooled["max"]).all(axis=0)
    centred = pooled["max"].copy()
    if known.any():
        centred[:, known] -= centred[:, known].mean(axis=0, keepdims=True)
    result["max-centred"] = _finish(centred)
    for k in (5, 20):
        nearest = np.argsort(-cosines, axis=1)[:, :k]
        scores = np.full(shape, np.nan, dtype=np.float32)
        for j, linked in enumerate(columns):
            if not linked:
                continue
            hit = np.isin(nearest, linked)
            votes = np.exp((np.take_along_axis(cosines, nearest, axis=1) - 1.0) / 0.05)
            scores[:, j] = (votes * hit).sum(axis=1)
        result[f"knn{k}"] = _finish(scores)
    return result


def dual_softmax(scores: Matrix, tau: float) -> Matrix:
    """log p(t | s) + log p(s | t) of the scores at temperature ``tau``."""
    a = scores / tau
    rows = a - a.max(axis=1, keepdims=True)
    rows -= np.log(np.exp(rows).sum(axis=1, keepdims=True))
    cols = a - a.max(axis=0, keepdims=True)
    cols -= np.log(np.exp(cols).sum(axis=0, keepdims=True))
    result: Matrix = (rows + cols).astype(np.float32)
    return result


def _recall(scores: Matrix, table: GoldTable) -> float:
    return round(ranking_scores(scores, table.gold).recall[10], 3)


def pooling(tables: list[GoldTable], actions: GoldTable | None) -> dict[str, Any]:
    """Recall@10 of every pooling and weight, per table and on the unseen actions."""
    cache = VectorCache()
    memory = table_memory(tables, cache)
    scored: list[tuple[GoldTable, Matrix, dict[str, Matrix | None]]] = []
    for index, table in enumerate(tables):
        if table.pairs < MIN_PAIRS or not table.evaluated:
            continue
        print(f"scoring {table.key}", file=sys.stderr)
        fused = pair_features(table.sources, table.targets, cache=cache, dense=False).fused()
        queries, _ = e5_vectors([p.text for p in table.sources], [], cache)
        own = memory.without(_excluded(tables, index, False))
        scored.append(
            (table, fused, variant_signals(own, queries, [p.text for p in table.targets]))
        )
    if actions is not None:
        fused = pair_features(actions.sources, actions.targets, cache=cache, dense=False).fused()
        queries, _ = e5_vectors([p.text for p in actions.sources], [], cache)
        signals = variant_signals(memory, queries, [p.text for p in actions.targets])
        scored.append((actions, fused, signals))
    rows: dict[str, dict[str, float]] = {"without": {}}
    for table, fused, _ in scored:
        rows["without"][table.key] = _recall(fused, table)
    for name in scored[0][2]:
        for w in WEIGHTS:
            rows[f"{name} at {w}"] = {
                table.key: _recall(fused if (s := signals[name]) is None else fused + w * s, table)
                for table, fused, signals in scored
            }
    for tau in (0.5, 1.0, 2.0, 4.0):
        rows[f"dual softmax {tau} (no memory)"] = {
            table.key: _recall(dual_softmax(fused, tau), table) for table, fused, _ in scored
        }
    published = [t.key for t, _, _ in scored if t.evaluated]
    return {
        "published": published,
        "unseen": actions.key if actions is not None else None,
        "rows": rows,
        "means": {
            name: round(float(np.mean([v[k] for k in published])), 3) for name, v in rows.items()
        },
    }


def full_comparisons(database: str, memory: LinkMemory) -> dict[str, Any]:
    """AUC and AP on the judged pairs with the AI RMF, without and with the memory."""
    answers = judged_answers(DRAWS, both_directions=False)
    pairs = sorted({(k[0], k[2]) for k in answers if RMF in (k[0], k[2])})
    engine = make_engine(database)
    cache = VectorCache()
    y: list[int] = []
    base: list[float] = []
    remembered: list[float] = []
    eu_ai_act: list[bool] = []
    per_pair: dict[str, dict[str, Any]] = {}
    for source, target in pairs:
        with Session(engine) as session:
            sources, targets = unit_provisions(session, source), unit_provisions(session, target)
            source_passages = [unit_passage(p) for p in sources]
            target_passages = [unit_passage(p) for p in targets]
            source_at = {text_hash(p): i for i, p in enumerate(sources)}
            target_at = {text_hash(p): i for i, p in enumerate(targets)}
        fused = pair_features(source_passages, target_passages, cache=cache, dense=False).fused()
        if target == RMF:
            queries, _ = e5_vectors([p.text for p in source_passages], [], cache)
            signal = memory.signal(queries, [p.text for p in target_passages])
        else:  # the AI RMF is the source: recognise it there, query with the targets
            queries, _ = e5_vectors([p.text for p in target_passages], [], cache)
            signal = memory.transposed_signal(queries, [p.text for p in source_passages])
        found = 0
        for (s, s_hash, t, t_hash), answer in answers.items():
            if (s, t) != (source, target) or s_hash not in source_at or t_hash not in target_at:
                continue
            i, j = source_at[s_hash], target_at[t_hash]
            y.append(answer)
            base.append(float(fused[i, j]))
            remembered.append(0.0 if signal is None else float(signal[i, j]))
            eu_ai_act.append(source == "eu-ai-act")
            found += 1
        per_pair[f"{source} -> {target}"] = {"judged": found}
    labels, without, memory_signal = np.array(y), np.array(base), np.array(remembered)
    rows = {}
    for w in (0.0, *WEIGHTS):
        scores = without + w * memory_signal
        rows[str(w)] = {
            "auc": round(float(roc_auc_score(labels, scores)), 3),
            "ap": round(float(average_precision_score(labels, scores)), 3),
        }
    return {
        "pairs": int(labels.size),
        "linked": int(labels.sum()),
        "weights": rows,
        "per_pair": per_pair,
        "eu_ai_act": _subset(labels, without, memory_signal, np.array(eu_ai_act)),
    }


def _subset(
    labels: np.ndarray, without: np.ndarray, signal: np.ndarray, chosen: np.ndarray
) -> dict[str, Any]:
    """AUC without and with the memory on the chosen pairs (empty when one class is)."""
    if chosen.size != labels.size or len(set(labels[chosen].tolist())) < 2:
        return {}
    return {
        "pairs": int(chosen.sum()),
        "linked": int(labels[chosen].sum()),
        "auc without": round(float(roc_auc_score(labels[chosen], without[chosen])), 3),
        "auc with": round(float(roc_auc_score(labels[chosen], (without + signal)[chosen])), 3),
    }


def report(result: dict[str, Any]) -> str:
    pool = result["pooling"]
    keys = [*pool["published"], *([pool["unseen"]] if pool["unseen"] else [])]
    lines = [
        "# Other ways to read the memory of published links (measured, not shipped)",
        "",
        "`python -m benchmarks.crosswalk_memory_variants`. Recall@10 beside the shipped "
        "fusion; each published table is scored with the other tables' links only; "
        f"`{pool['unseen']}` is NIST AI 600-1's filed actions, which no table holds. "
        "The shipped signal is `max at 1.0`.",
        "",
        "| reading | " + " | ".join(keys) + " | mean of the published |",
        "|---|" + "---|" * (len(keys) + 1),
    ]
    for name, values in pool["rows"].items():
        cells = " | ".join(f"{values[k]:.3f}" for k in keys)
        lines.append(f"| {name} | {cells} | {pool['means'][name]:.3f} |")
    full = result["full_comparisons"]
    lines += [
        "",
        "## The memory in full comparisons with the AI RMF",
        "",
        f"{full['pairs']} judged pairs of the build's full comparisons whose one side is the "
        f"AI RMF ({full['linked']} linked by people), scored by the shipped fusion and the "
        "memory signal at each weight:",
        "",
        "| memory weight | ROC AUC | average precision |",
        "|---|---|---|",
    ]
    for weight, row in full["weights"].items():
        lines.append(f"| {weight} | {row['auc']} | {row['ap']} |")
    eu = full.get("eu_ai_act") or {}
    if eu:
        lines += [
            "",
            f"EU AI Act → AI RMF alone: {eu['pairs']} pairs, {eu['linked']} linked; AUC "
            f"{eu['auc without']} without the memory, {eu['auc with']} with it.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=None, help="SQLAlchemy URL (default GOVATLAS_DB)")
    args = parser.parse_args(argv)
    database = args.database or load_settings().db_url
    tables, actions = published_and_unseen(database)
    result = {
        "pooling": pooling(tables, actions),
        "full_comparisons": full_comparisons(database, table_memory(tables, VectorCache())),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    REPORT.write_text(report(result), encoding="utf-8")
    print(report(result))


if __name__ == "__main__":
    main()
