"""Do silver labels help the provision classifiers? Measured on dev, before test is read.

Run with ``python -m benchmarks.silver_value`` (needs the mirror; about 10 minutes on
two cores). Silver passages (``eval/silver/``: other passages of the gold's train
instruments, labelled in one pass from the same guidelines) join the fits of
``provision_training`` and never its calibration or thresholds. Here the classifiers
are fitted twice on the gold's **train** split, without and with the silver, exactly as
``govatlas gold train`` fits them (folds by instrument, thresholds for precision 0.85
chosen out of fold), and both are measured on the **dev** split at their operating
thresholds. The test split is not read.

``--multilingual`` measures the multilingual readings instead (multilingual-e5-small and
the structural markers, as ``govatlas gold train --multilingual`` fits them).

Writes ``benchmarks/results/silver-value[-multilingual].json`` and
``eval/reports/silver-value[-multilingual].md``.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.encoders.embeddings import EmbeddingModel, get_embedder, provision_embedder
from govatlas.classify.gold.project_gold import GOLD_FOLDER, SILVER_FOLDER, GoldPassage, read_gold
from govatlas.classify.measured.shipped import PRECISION_FLOOR
from govatlas.classify.provisions.labelling import PROVISION_TAXONOMIES
from govatlas.classify.provisions.model import ProvisionModel
from govatlas.classify.provisions.training import gold_vectors, train_taxonomy
from govatlas.config import load_settings
from govatlas.taxonomy import load_taxonomies
from govatlas.taxonomy.schema import TaxonomyFile

ROOT = Path(__file__).parents[1]
RESULTS = Path(__file__).parent / "results"
REPORTS = ROOT / "eval" / "reports"
MEASURED = 10  # dev positives for a concept to enter the macro average


def dev_as_test(gold: list[GoldPassage]) -> list[GoldPassage]:
    """The train split to fit on and the dev split to measure on (as ``test``)."""
    return [
        replace(g, split="test") if g.split == "dev" else g
        for g in gold
        if g.split in ("train", "dev")
    ]


def average_precisions(
    model: ProvisionModel,
    taxonomy: TaxonomyFile,
    dev: list[GoldPassage],
    vectors: dict[str, np.ndarray],
) -> dict[str, float]:
    """Each fitted concept's average precision on dev, with the operative-text gate
    applied as the product applies it (a passage it stops scores 0)."""
    from sklearn.metrics import average_precision_score

    keywords = KeywordClassifier(list(taxonomy.concepts))
    features = model.features(
        np.vstack([vectors[g.id] for g in dev]),
        [g.text for g in dev],
        [g.heading for g in dev],
        keywords,
    )
    operative = model.operative(features)
    found = {}
    for concept, probs in model.probabilities(features).items():
        truth = np.array([concept in g.of(taxonomy.id) for g in dev])
        if truth.sum():
            found[concept] = float(average_precision_score(truth, probs * operative))
    return found


def summary(report: dict[str, Any], precisions: dict[str, float]) -> dict[str, Any]:
    rows = {c: e["test"] for c, e in report["concepts"].items() if "test" in e}
    measured = {c: r for c, r in rows.items() if r["positives"] >= MEASURED}
    return {
        "mean_average_precision": float(np.mean(list(precisions.values()))),
        # out of fold on the train split's gold passages (silver trains, never scored)
        "out_of_fold_average_precision": report["features"]["words"].get(
            "mean_average_precision_with_words"
        ),
        "macro_f1": float(np.mean([r["f1"] for r in measured.values()])) if measured else None,
        "macro_f1_all": float(np.mean([r["f1"] for r in rows.values() if r["positives"]])),
        "concepts_measured": len(measured),
        "at_precision_floor": sum(
            1 for r in measured.values() if (r.get("precision") or 0) >= PRECISION_FLOOR
        ),
        "per_concept": {
            c: {
                **{k: r.get(k) for k in ("positives", "precision", "recall", "f1")},
                "average_precision": precisions.get(c),
            }
            for c, r in rows.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--multilingual", action="store_true", help="measure the multilingual readings"
    )
    multilingual = parser.parse_args().multilingual
    mirror = load_settings().mirror_dir
    if mirror is None:
        raise SystemExit("set GOVATLAS_MIRROR: the gold's texts are read from the mirror")
    started = time.monotonic()
    gold = dev_as_test(read_gold(ROOT / GOLD_FOLDER, mirror))
    silver = read_gold(ROOT / SILVER_FOLDER, mirror)
    taxonomies = load_taxonomies()
    embedder = get_embedder(EmbeddingModel.E5_SMALL) if multilingual else provision_embedder()
    print(f"embedding {len(gold) + len(silver)} passages", flush=True)
    vectors = gold_vectors([*gold, *silver], embedder)
    result: dict[str, Any] = {
        "protocol": "fit on train (with and without silver), measured on dev; test not read",
        "passages": {
            "train": sum(g.split == "train" for g in gold),
            "dev": sum(g.split == "test" for g in gold),
            "silver": len(silver),
        },
        "taxonomies": {},
    }
    for name in PROVISION_TAXONOMIES:
        row = {}
        for arm, passages in (("gold", gold), ("gold+silver", [*gold, *silver])):
            print(f"{name}: training on {arm}", flush=True)
            trained = train_taxonomy(
                passages,
                taxonomies[name],
                taxonomies,
                embedder,
                vectors=vectors,
                multilingual=multilingual,
            )
            dev = [g for g in gold if g.split == "test"]
            precisions = average_precisions(trained.model, taxonomies[name], dev, vectors)
            row[arm] = summary(trained.report, precisions)
        result["taxonomies"][name] = row
        a, b = row["gold"], row["gold+silver"]
        print(
            f"{name}: macro-F1 (all concepts) {a['macro_f1_all']:.3f} -> "
            f"{b['macro_f1_all']:.3f}; mean AP {a['mean_average_precision']:.3f} -> "
            f"{b['mean_average_precision']:.3f}; out-of-fold AP on train "
            f"{a['out_of_fold_average_precision']} -> {b['out_of_fold_average_precision']}",
            flush=True,
        )
    result["seconds"] = round(time.monotonic() - started)
    result["reading"] = "multilingual" if multilingual else "english"
    name = "silver-value" + ("-multilingual" if multilingual else "")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (REPORTS / f"{name}.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


def markdown(result: dict[str, Any]) -> str:
    n = result["passages"]
    lines = [
        "# What the silver labels buy, measured on dev"
        + (" (multilingual reading)" if result.get("reading") == "multilingual" else ""),
        "",
        f"`python -m benchmarks.silver_value`: the provision classifiers fitted on the gold's "
        f"train split ({n['train']} passages) without and with the {n['silver']} silver "
        "passages (other passages of the train instruments, labelled in one pass from the "
        "same guidelines; they join the fits, never calibration or thresholds), measured "
        f"on the dev split ({n['dev']} passages) at the operating thresholds. The test split "
        f"is not read. *Mean AP*: average precision on dev of every fitted concept with a "
        "dev positive (the operative-text gate applied; no threshold sways it). *Out-of-fold "
        "AP on train*: the same, on the train split's gold passages scored by fits that "
        "never saw their instrument (five folds; silver passages train, never scored). "
        f"Macro-F1 over concepts with {MEASURED}+ dev positives; *at floor*: "
        f"those at precision {PRECISION_FLOOR} or more. Run time {result['seconds']} s.",
        "",
        "| taxonomy | concepts | out-of-fold AP on train, gold | out-of-fold AP on train, "
        "gold + silver | mean AP, gold | mean AP, gold + silver | macro-F1, gold | "
        "macro-F1, gold + silver | at floor, gold | at floor, gold + silver | "
        "macro-F1 (all), gold | macro-F1 (all), gold + silver |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in result["taxonomies"].items():
        a, b = row["gold"], row["gold+silver"]
        f1 = [f"{x['macro_f1']:.3f}" if x["macro_f1"] is not None else "–" for x in (a, b)]
        lines.append(
            f"| {name} | {a['concepts_measured']} | "
            f"{a['out_of_fold_average_precision'] or '–'} | "
            f"{b['out_of_fold_average_precision'] or '–'} | {a['mean_average_precision']:.3f} | "
            f"{b['mean_average_precision']:.3f} | {f1[0]} | {f1[1]} | "
            f"{a['at_precision_floor']} | {b['at_precision_floor']} | "
            f"{a['macro_f1_all']:.3f} | {b['macro_f1_all']:.3f} |"
        )
    lines += [
        "",
        "## Per concept (dev)",
        "",
        "| concept | dev positives | F1, gold | F1, gold + silver | precision, gold | "
        "precision, gold + silver |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in result["taxonomies"].items():
        for concept, a in row["gold"]["per_concept"].items():
            b = row["gold+silver"]["per_concept"][concept]

            def figure(value: float | None) -> str:
                return "–" if value is None else f"{value:.2f}"

            lines.append(
                f"| {name}:{concept} | {a['positives']} | {figure(a['f1'])} | "
                f"{figure(b['f1'])} | {figure(a['precision'])} | {figure(b['precision'])} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
