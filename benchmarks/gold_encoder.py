"""Does fine-tuning MiniLM on the gold help the provision classifiers? Measured on dev.

Run with ``python -m benchmarks.gold_encoder`` (needs the ``train`` extra and the
mirror; about 20 minutes on two cores). The encoder is tuned with the recipe of
``govatlas gold encoder`` (``classify.encoders.tuning``) on the **train** split
only; then, for every concept with 5+ train positives and 3+ dev positives, one
balanced logistic regression is fitted on the train embeddings (frozen MiniLM,
then the tuned encoder) and scored on dev by average precision. The test split is
not read here; ``docs/gold-encoder.md`` gives what classifiers built on a tuned
encoder scored on it.

Writes ``benchmarks/results/gold-encoder.json`` and ``eval/reports/gold-encoder.md``.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from govatlas.classify.encoders.embeddings import Embedder, MiniLMEmbedder, get_embedder
from govatlas.classify.encoders.tuning import (
    TuningSettings,
    label_matrix,
    tune_encoder,
    tuning_concepts,
)
from govatlas.classify.gold.project_gold import GOLD_FOLDER, GoldPassage, read_gold
from govatlas.config import load_settings

RESULTS = Path(__file__).parent / "results" / "gold-encoder.json"
REPORT = Path(__file__).parents[1] / "eval" / "reports" / "gold-encoder.md"
MIN_DEV_POSITIVES = 3


def average_precisions(
    embedder: Embedder,
    train: Sequence[GoldPassage],
    dev: Sequence[GoldPassage],
    concepts: Sequence[str],
) -> dict[str, float]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score

    x_train = embedder.embed([p.reading for p in train])
    x_dev = embedder.embed([p.reading for p in dev])
    y_train, y_dev = label_matrix(train, concepts), label_matrix(dev, concepts)
    found = {}
    for index, concept in enumerate(concepts):
        if y_dev[:, index].sum() < MIN_DEV_POSITIVES:
            continue
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
        model.fit(x_train, y_train[:, index])
        found[concept] = float(
            average_precision_score(y_dev[:, index], model.predict_proba(x_dev)[:, 1])
        )
    return found


def by_taxonomy(frozen: dict[str, float], tuned: dict[str, float]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for concept in frozen:
        taxonomy = concept.split(":", 1)[0]
        row = rows.setdefault(taxonomy, {"concepts": 0, "frozen": [], "tuned": []})
        row["concepts"] += 1
        row["frozen"].append(frozen[concept])
        row["tuned"].append(tuned[concept])
    return {
        t: {
            "concepts": r["concepts"],
            "frozen": float(np.mean(r["frozen"])),
            "tuned": float(np.mean(r["tuned"])),
        }
        for t, r in sorted(rows.items())
    }


def main() -> None:
    mirror = load_settings().mirror_dir
    if mirror is None:
        raise SystemExit("set GOVATLAS_MIRROR: the gold's texts are read from the mirror")
    gold = read_gold(Path(GOLD_FOLDER), mirror)
    train = [p for p in gold if p.split == "train"]
    dev = [p for p in gold if p.split == "dev"]
    settings = TuningSettings(splits=("train",))
    concepts = tuning_concepts(train, settings.min_positives)
    frozen = average_precisions(get_embedder(), train, dev, concepts)
    with tempfile.TemporaryDirectory() as folder:
        card = tune_encoder(gold, Path(folder), settings, print, name="minilm-gold-train")
        tuned_embedder = MiniLMEmbedder(
            model=(card["model_id"], Path(folder) / "minilm-gold-train.onnx")
        )
        tuned = average_precisions(tuned_embedder, train, dev, concepts)
    result = {
        "protocol": "tuned on train; per concept a balanced logistic regression, AP on dev",
        "card": card,
        "mean_ap": {
            "frozen": float(np.mean(list(frozen.values()))),
            "tuned": float(np.mean(list(tuned.values()))),
        },
        "concepts_measured": len(frozen),
        "by_taxonomy": by_taxonomy(frozen, tuned),
        "per_concept": {c: {"frozen": frozen[c], "tuned": tuned[c]} for c in frozen},
    }
    mean = result["mean_ap"]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# The gold-tuned encoder, measured on dev",
        "",
        "`python -m benchmarks.gold_encoder`: MiniLM tuned with the recipe of "
        "`govatlas gold encoder` on the train split only; per concept a balanced logistic "
        "regression on the train embeddings, "
        f"scored on dev by average precision ({len(frozen)} concepts with "
        f"{settings.min_positives}+ train and {MIN_DEV_POSITIVES}+ dev positives). The test "
        "split is not read.",
        "",
        "| taxonomy | concepts | frozen MiniLM | tuned |",
        "|---|---|---|---|",
        *(
            f"| {t} | {r['concepts']} | {r['frozen']:.3f} | {r['tuned']:.3f} |"
            for t, r in result["by_taxonomy"].items()
        ),
        f"| **all** | {len(frozen)} | {mean['frozen']:.3f} | {mean['tuned']:.3f} |",
        "",
        f"Tuned in {card['trained_on']['steps']} steps on "
        f"{card['trained_on']['passages']} passages; "
        f"int8 cosine to the float model {card['int8_cosine_to_float']}.",
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
