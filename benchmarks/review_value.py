"""What 100 reviews buy: the label review queue simulated on the project's gold.

Run with ``python -m benchmarks.review_value`` (``--taxonomy``, repeatable; ``--seeds``;
``--budgets``). Reads the gold's texts from the mirror (``GOVATLAS_MIRROR``), embeds
them once with MiniLM and keeps the vectors in ``/tmp/govatlas-review-value/`` (keyed
by the model and the passages' readings), so a second run starts at once. Writes
``benchmarks/results/review-value.json`` (every seed's figures) and
``eval/reports/review-value.md`` (the summary). ``govatlas.classify.provisions.review_value``
says what is simulated.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from govatlas.classify.encoders.embeddings import EmbeddingModel, get_embedder
from govatlas.classify.gold.project_gold import GOLD_FOLDER, GoldPassage, read_gold
from govatlas.classify.provisions.review_value import (
    BUDGETS,
    CANDIDATES,
    POOL_SHARE,
    gold_matrix,
    simulate,
    summarise,
)
from govatlas.classify.provisions.training import gold_vectors
from govatlas.config import load_settings
from govatlas.taxonomy import load_taxonomies

ROOT = Path(__file__).parents[1]
RESULTS = Path(__file__).parent / "results"
REPORT = ROOT / "eval" / "reports" / "review-value.md"
CACHE = Path("/tmp/govatlas-review-value")
TAXONOMIES = ("fli-blocks", "fli-risks")
SEEDS = 10


def cached_vectors(
    gold: Sequence[GoldPassage], folder: Path = CACHE, model: str = EmbeddingModel.MINILM
) -> dict[str, np.ndarray]:
    """The gold's embeddings by ``model``, computed once per model and set of readings."""
    embedder = get_embedder(model)
    digest = hashlib.sha256(embedder.model_id.encode())
    for passage in gold:
        digest.update(f"{passage.id}\0{passage.reading}\0".encode())
    path = folder / f"vectors-{digest.hexdigest()[:16]}.npz"
    if path.is_file():
        saved = np.load(path)
        pairs = zip(saved["ids"], saved["vectors"], strict=True)
        return {str(i): row.astype(np.float64) for i, row in pairs}
    started = time.perf_counter()
    print(
        f"embedding {len(gold)} gold passages with {model} (once; cached in {folder})", flush=True
    )
    vectors = gold_vectors(gold, embedder)
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    np.savez(partial, ids=np.array(list(vectors)), vectors=np.vstack(list(vectors.values())))
    partial.replace(path)
    print(f"embedded in {time.perf_counter() - started:.0f} s", flush=True)
    return vectors


def run(
    taxonomies: Sequence[str], seeds: int, budgets: Sequence[int], mirror: Path
) -> dict[str, Any]:
    started = time.perf_counter()
    gold = read_gold(ROOT / GOLD_FOLDER, mirror)
    vectors = cached_vectors(gold)
    files = load_taxonomies()
    report: dict[str, Any] = {
        "settings": {
            "seeds": seeds,
            "budgets": list(budgets),
            "pool_share": POOL_SHARE,
            "candidates": list(CANDIDATES),
            "measured_on": "dev",
        },
        "taxonomies": {},
    }
    for name in taxonomies:
        matrix = gold_matrix(gold, files[name], vectors)
        runs = []
        for seed in range(seeds):
            runs.append(simulate(matrix, seed, budgets))
            print(
                f"{name} seed {seed}: before {runs[-1]['before']['macro_f1']:.3f} "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
        report["taxonomies"][name] = {
            "concepts": len(matrix.concepts),
            "dev_passages": len(matrix.rows("dev")),
            "pool_passages": round(float(np.mean([r["pool_passages"] for r in runs]))),
            "labelled_passages": round(float(np.mean([r["labelled_passages"] for r in runs]))),
            "summary": summarise(runs, budgets),
            "runs": runs,
        }
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def _pm(spread: dict[str, float]) -> str:
    return f"{spread['mean']:+.3f} ± {spread['sd']:.3f}"


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


INTRO = """# What reviews buy

Simulated on the project's gold by `benchmarks/review_value.py` (the mechanics are
`govatlas.classify.provisions.review_value`). For each seed, {share:.0%} of the train split's
instruments are held out as the *unreviewed pool*; the provision classifiers are fitted
on the rest and label the pool, and a simulated reviewer decides (passage, concept)
pairs: a review reveals the gold label of that one pair, which joins training as a
reviewed label does in `govatlas gold train --reviewed` (for that concept only).
Every concept with a new decision is refitted (weights, calibration, threshold) and
measured on the dev split; the test split is never read. The classifiers are the shipped
kind, reading the embedding, the names, the structural markers and the words (the
stacked tf-idf regression); only the prototype features are left out.

*Uncertainty* reviews the smallest |logit(p) − logit(t)| first (the queue's default
order), *random* draws pairs at random. *queue* candidates are the pairs the model
labels (probability at or above the threshold on operative text: what
`/reviews/labels` shows); *near* candidates are every pair of a fitted concept, as
if the queue also offered the near misses below the threshold. Gains are the dev
figure after the reviews less before, mean ± sd over {seeds} seeds (each seed another
pool, so another starting model, and another random order); "better" counts the
seeds where uncertainty's gain beat random's on the same pool. Macro-F1 is at the
product's operating thresholds (set for precision 0.85); macro average precision
(AP) ranks by probability and no threshold sways it. Run time {seconds:.0f} s.
"""


def markdown(report: dict[str, Any]) -> str:
    """The summary kept in ``eval/reports/review-value.md``."""
    settings = report["settings"]
    lines = [
        INTRO.format(
            share=settings["pool_share"], seeds=settings["seeds"], seconds=report["seconds"]
        )
    ]
    for taxonomy, entry in report["taxonomies"].items():
        summary = entry["summary"]
        before, full = summary["before"], summary["pool_fully_labelled"]
        decisions = entry["pool_passages"] * entry["concepts"]
        lines += [
            f"## {taxonomy}",
            "",
            f"{entry['labelled_passages']} labelled passages, a pool of "
            f"{entry['pool_passages']} ({decisions:,} pairs over {entry['concepts']} concepts), "
            f"{entry['dev_passages']} dev passages. Before reviews: macro-F1 "
            f"{before['macro_f1']['mean']:.3f} ± {before['macro_f1']['sd']:.3f}, AP "
            f"{before['macro_average_precision']['mean']:.3f} ± "
            f"{before['macro_average_precision']['sd']:.3f}. The whole pool labelled (every "
            f"pair): macro-F1 {full['macro_f1']['mean']:.3f}, AP "
            f"{full['macro_average_precision']['mean']:.3f}.",
            "",
            "| candidates | reviews | F1 gain, uncertainty | F1 gain, random | AP gain, "
            "uncertainty | AP gain, random | better F1 / AP | accepted (unc. / random) |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for kind, table in summary["candidates"].items():
            for budget in settings["budgets"]:
                row = table[str(budget)]
                unc, rnd = row["uncertainty"], row["random"]
                diff = row["uncertainty_minus_random"]
                lines.append(
                    f"| {kind} ({table['pairs']['mean']:.0f} pairs) | {budget} | "
                    f"{_pm(unc['gain']['macro_f1'])} | {_pm(rnd['gain']['macro_f1'])} | "
                    f"{_pm(unc['gain']['macro_average_precision'])} | "
                    f"{_pm(rnd['gain']['macro_average_precision'])} | "
                    f"{diff['macro_f1']['seeds_uncertainty_better']} / "
                    f"{diff['macro_average_precision']['seeds_uncertainty_better']} of "
                    f"{summary['seeds']} | "
                    f"{unc['accepted']['mean']:.0f} / {rnd['accepted']['mean']:.0f} |"
                )
        budget = "100" if 100 in settings["budgets"] else str(settings["budgets"][0])
        lines += [
            "",
            f"Per concept, {budget} reviews (mean dev precision / recall over the seeds):",
            "",
            "| concept | dev positives | before | queue, uncertainty | queue, random "
            "| near, uncertainty | near, random |",
            "|---|---|---|---|---|---|---|",
        ]
        after = {k: t[budget] for k, t in summary["candidates"].items()}
        for concept, first in summary["concepts_before"].items():
            cells = [f"{_figure(first['precision'])} / {_figure(first['recall'])}"]
            for kind in ("queue", "near"):
                for strategy in ("uncertainty", "random"):
                    found = after.get(kind, {}).get(strategy, {}).get("concepts", {})
                    one = found.get(concept, {})
                    cells.append(f"{_figure(one.get('precision'))} / {_figure(one.get('recall'))}")
            lines.append(f"| {concept} | {first['dev_positives']} | {' | '.join(cells)} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--taxonomy", action="append", help="repeatable; default fli-blocks, fli-risks"
    )
    parser.add_argument("--seeds", type=int, default=SEEDS)
    parser.add_argument("--budgets", type=int, nargs="+", default=list(BUDGETS))
    args = parser.parse_args(argv)
    mirror = load_settings().mirror_dir
    if mirror is None or not mirror.is_dir():
        print("the gold's texts are read from the mirror: set GOVATLAS_MIRROR", file=sys.stderr)
        return 2
    report = run(args.taxonomy or TAXONOMIES, args.seeds, args.budgets, mirror)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "review-value.json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    REPORT.write_text(markdown(report), encoding="utf-8")
    print(f"{report['seconds']} s: {RESULTS / 'review-value.json'}, {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
