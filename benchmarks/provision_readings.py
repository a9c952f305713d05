"""Would another reading help the provision classifiers? Measured on train and dev only.

Run with ``python -m benchmarks.provision_readings`` (``--taxonomy``, repeatable;
``--neighbours K``). Reads the gold's texts from the mirror (``GOVATLAS_MIRROR``),
embeds them once with MiniLM and once with multilingual-e5-small (cached as
``benchmarks.review_value`` caches them), and never reads the test split.

For every concept the shipped classifiers fit (``MIN_POSITIVES`` or more positives
on train and dev), three stacks of out-of-fold scores (five folds grouped by
instrument, as ``gold train`` computes them) are compared:

- ``shipped``: the dense reading (MiniLM, names, structural markers) and the words
  reading, as ``provision_training.fit_concept`` stacks them (prototype features are
  left out on every side);
- ``+ e5``: the same with the e5 embedding beside MiniLM's in the dense reading;
- ``+ neighbours``: the shipped two scores and a third, how much nearer the passage
  is to the K most similar positives of the fold's training passages than to its K
  most similar negatives (MiniLM cosine).

The stacking regression is itself fitted out of fold (nested), so no variant is
scored by a calibration that saw the passage. For each: mean average precision over
concepts, and mean F1, precision and recall at the threshold the shipped rule picks
(``provision_training.pick_threshold``) on those probabilities. Also the seconds each
model takes to embed the gold, what labelling every provision would pay for a
second embedding.

Writes ``benchmarks/results/provision-readings.json`` and
``eval/reports/provision-readings.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from benchmarks.review_value import CACHE, cached_vectors
from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.encoders.embeddings import EmbeddingModel
from govatlas.classify.gold.project_gold import GOLD_FOLDER, GoldPassage, read_gold
from govatlas.classify.provisions.labelling import PROVISION_TAXONOMIES
from govatlas.classify.provisions.lexical import fit_lexicon
from govatlas.classify.provisions.model import MIN_POSITIVES
from govatlas.classify.provisions.training import (
    FOLDS,
    features_of,
    out_of_fold,
    out_of_fold_words,
    pick_threshold,
)
from govatlas.config import load_settings
from govatlas.taxonomy import load_taxonomies

ROOT = Path(__file__).parents[1]
RESULTS = Path(__file__).parent / "results" / "provision-readings.json"
REPORT = ROOT / "eval" / "reports" / "provision-readings.md"
NEIGHBOURS = 5
VARIANTS = ("shipped", "+ e5", "+ neighbours")


def neighbour_scores(
    vectors: np.ndarray, labels: np.ndarray, groups: Sequence[str], k: int
) -> np.ndarray:
    """Out of fold: mean cosine to the k nearest training positives less the mean cosine
    to the k nearest training negatives (rows of ``vectors`` are unit length)."""
    scores = np.zeros(len(labels))
    for train, held in GroupKFold(n_splits=FOLDS).split(vectors, labels, groups):
        positives = vectors[train][labels[train] == 1]
        negatives = vectors[train][labels[train] == 0]
        if not len(positives) or not len(negatives):
            continue
        near_positive = np.sort(vectors[held] @ positives.T, axis=1)[:, -k:].mean(axis=1)
        near_negative = np.sort(vectors[held] @ negatives.T, axis=1)[:, -k:].mean(axis=1)
        scores[held] = near_positive - near_negative
    return scores


def nested_stack(columns: Sequence[np.ndarray], labels: np.ndarray, groups: Sequence[str]) -> Any:
    """Probabilities from a stacking regression fitted without the passage's instrument."""
    stacked = np.column_stack(columns)
    probabilities = np.zeros(len(labels))
    for train, held in GroupKFold(n_splits=FOLDS).split(stacked, labels, groups):
        model = LogisticRegression(C=1e4, max_iter=1000).fit(stacked[train], labels[train])
        probabilities[held] = model.predict_proba(stacked[held])[:, 1]
    return probabilities


def operating_point(probabilities: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 at the threshold the shipped rule picks."""
    threshold, _ = pick_threshold(probabilities, labels)
    chosen = probabilities >= threshold
    tp = int((chosen & (labels == 1)).sum())
    precision = tp / max(1, int(chosen.sum()))
    recall = tp / max(1, int(labels.sum()))
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def measure_taxonomy(
    passages: Sequence[GoldPassage],
    taxonomy: Any,
    minilm: dict[str, np.ndarray],
    e5: dict[str, np.ndarray],
    k: int,
) -> dict[str, Any]:
    """Per concept and on average, each variant's figures."""
    groups = [g.instrument for g in passages]
    parents = {c.parent for c in taxonomy.concepts if c.parent}
    keywords = KeywordClassifier(list(taxonomy.concepts))
    names = [c.label for c in taxonomy.concepts]
    both = {key: np.concatenate([minilm[key], e5[key]]) for key in minilm}
    dense = {
        "minilm": features_of(passages, minilm, keywords, names),
        "both": features_of(passages, both, keywords, names),
    }
    unit = np.vstack([minilm[g.id] for g in passages])
    unit = unit / np.linalg.norm(unit, axis=1, keepdims=True)
    words = fit_lexicon([g.reading for g in passages]).matrix([g.reading for g in passages])
    concepts: dict[str, Any] = {}
    for concept in taxonomy.concepts:
        labels = np.array([concept.id in g.of(taxonomy.id) for g in passages], dtype=int)
        if concept.id in parents or labels.sum() < MIN_POSITIVES:
            continue
        word_scores = out_of_fold_words(words, labels, groups)
        shipped = out_of_fold(dense["minilm"], labels, groups)
        columns = {
            "shipped": [shipped, word_scores],
            "+ e5": [out_of_fold(dense["both"], labels, groups), word_scores],
            "+ neighbours": [shipped, word_scores, neighbour_scores(unit, labels, groups, k)],
        }
        concepts[concept.id] = {"positives": int(labels.sum())}
        for variant, scores in columns.items():
            probabilities = nested_stack(scores, labels, groups)
            concepts[concept.id][variant] = {
                "average_precision": float(average_precision_score(labels, probabilities)),
                **operating_point(probabilities, labels),
            }
    mean = {
        variant: {
            measure: round(float(np.mean([c[variant][measure] for c in concepts.values()])), 4)
            for measure in ("average_precision", "f1", "precision", "recall")
        }
        for variant in VARIANTS
    }
    return {"concepts": concepts, "mean": mean}


def run(taxonomies: Sequence[str], k: int, mirror: Path) -> dict[str, Any]:
    started = time.perf_counter()
    gold = read_gold(ROOT / GOLD_FOLDER, mirror)
    passages = [g for g in gold if g.split in ("train", "dev")]
    seconds: dict[str, float] = {}
    vectors = {}
    for model in (EmbeddingModel.MINILM, EmbeddingModel.E5_SMALL):
        began = time.perf_counter()
        vectors[model] = cached_vectors(passages, CACHE, model)
        seconds[str(model)] = round(time.perf_counter() - began, 1)
    files = load_taxonomies()
    report: dict[str, Any] = {
        "passages": len(passages),
        "instruments": len({g.instrument for g in passages}),
        "neighbours": k,
        "embedding_seconds": seconds,
        "taxonomies": {},
    }
    with threadpool_limits(1):
        for name in taxonomies:
            report["taxonomies"][name] = measure_taxonomy(
                passages,
                files[name],
                vectors[EmbeddingModel.MINILM],
                vectors[EmbeddingModel.E5_SMALL],
                k,
            )
            print(name, report["taxonomies"][name]["mean"], flush=True)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def markdown(report: dict[str, Any]) -> str:
    """The summary kept in ``eval/reports/provision-readings.md``."""
    seconds = report["embedding_seconds"]
    lines = [
        "# Other readings for the provision classifiers",
        "",
        f"Out of fold on the gold's train and dev splits ({report['passages']:,} passages, "
        f"{report['instruments']} instruments; five folds grouped by instrument, the "
        "stacking regression nested), by `python -m benchmarks.provision_readings`; the "
        "test split is not read. Mean over the concepts each taxonomy fits: average "
        "precision (AP), and F1 / precision / recall at the threshold the shipped rule "
        f"picks. Neighbours: K = {report['neighbours']}. Embedding the passages (0 s when "
        f"cached): MiniLM {seconds.get('minilm', 0):.0f} s, e5 {seconds.get('e5-small', 0):.0f} s.",
        "",
        "| taxonomy | concepts | AP shipped | AP + e5 | AP + neighbours "
        "| F1 shipped | F1 + e5 | F1 + neighbours |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, entry in report["taxonomies"].items():
        mean = entry["mean"]
        cells = [f"{mean[v]['average_precision']:.3f}" for v in VARIANTS]
        cells += [f"{mean[v]['f1']:.3f}" for v in VARIANTS]
        lines.append(f"| {name} | {len(entry['concepts'])} | {' | '.join(cells)} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--taxonomy", action="append", help="repeatable; default all six")
    parser.add_argument("--neighbours", type=int, default=NEIGHBOURS, help="K (default 5)")
    args = parser.parse_args(argv)
    mirror = load_settings().mirror_dir
    if mirror is None or not mirror.is_dir():
        print("the gold's texts are read from the mirror: set GOVATLAS_MIRROR", file=sys.stderr)
        return 2
    report = run(args.taxonomy or PROVISION_TAXONOMIES, args.neighbours, mirror)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    REPORT.write_text(markdown(report), encoding="utf-8")
    print(f"{report['seconds']} s: {RESULTS}, {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
