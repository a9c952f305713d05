"""Do the provision classifiers read a text in another language as they read English?

Run with ``python -m benchmarks.cross_lingual``. Reads the one parallel text of the
mirror (``GOVATLAS_MIRROR``): China's Interim Measures for generative AI services,
article by article in Chinese and in English (``laws/cn_genai_interim.articles_bilingual.csv``).
Every shipped provision classifier labels each article twice, once per language, at
the thresholds the product uses (as ``govatlas label-passages`` does). The English
labels are the reference: the classifiers were measured on English gold, and an article
means the same in both languages. Per taxonomy it reports the labels found in each
language, those found in both, and the share of the English labels the Chinese reading
finds (its recall against the English reading).

The multilingual reading (``provision_model.MULTILINGUAL``, on multilingual-e5-small),
which labels texts in other languages, reads both languages too. Its consistency is
the share of its labels on the English text that it also finds on the Chinese one
(and the reverse), and its agreement with the English reading on the English text.

This is a consistency check, not a gold measurement: the English labels carry the
classifiers' own errors. It decides one thing: whether a classifier's silence on a
text in a language it was not measured on can count as "assessed, not found". For the
English reading it cannot (it finds next to nothing on the Chinese text), so coverage
treats such texts as not assessed (``analytics.coverage``), and the multilingual
reading's labels there count in no coverage figure.

Writes ``benchmarks/results/cross-lingual.json``.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from govatlas.classify.encoders.embeddings import embedder_of
from govatlas.classify.provisions.labelling import (
    PROVISION_TAXONOMIES,
    decide_texts,
    multilingual_models,
    shipped_model,
)
from govatlas.classify.provisions.model import ENGLISH, MULTILINGUAL
from govatlas.config import load_settings

PARALLEL_TEXT = "laws/cn_genai_interim.articles_bilingual.csv"
LANGUAGES = ("en", "zh")
RESULTS = Path(__file__).parent / "results" / "cross-lingual.json"


def read_articles(mirror: Path) -> list[dict[str, str]]:
    """The articles of the parallel text: ``article``, ``content_en``, ``content_zh``."""
    path = mirror / PARALLEL_TEXT
    if not path.is_file():
        raise SystemExit(f"{path} not found: set GOVATLAS_MIRROR to the shared corpus")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _agreement(reference: list[set[str]], other: list[set[str]]) -> dict[str, Any]:
    """How many labels each side has, how many both, and the shares of each found by the
    other (None when a side has none)."""
    first = sum(len(labels) for labels in reference)
    second = sum(len(labels) for labels in other)
    both = sum(len(a & b) for a, b in zip(reference, other, strict=True))
    return {
        "labels": [first, second],
        "both": both,
        "share_of_first_found": round(both / first, 3) if first else None,
        "share_of_second_found": round(both / second, 3) if second else None,
    }


def compare_taxonomy(taxonomy: str, articles: list[dict[str, str]]) -> dict[str, Any]:
    """Labels per reading and language on the same articles, and how far they agree."""
    readings = {ENGLISH: shipped_model(taxonomy)}
    other = multilingual_models([taxonomy]).get(taxonomy)
    if other is not None:
        readings[MULTILINGUAL] = other
    found: dict[tuple[str, str], list[set[str]]] = {}
    for reading, model in readings.items():
        embedder = embedder_of(model.embedding_model)
        for language in LANGUAGES:
            texts = [a[f"content_{language}"] for a in articles]
            decided, _ = decide_texts(model, texts, [""] * len(texts), embedder, None)
            found[(reading, language)] = [set(labels) for labels in decided]
    english = sum(len(labels) for labels in found[(ENGLISH, "en")])
    chinese = sum(len(labels) for labels in found[(ENGLISH, "zh")])
    both = sum(
        len(e & z) for e, z in zip(found[(ENGLISH, "en")], found[(ENGLISH, "zh")], strict=True)
    )
    row: dict[str, Any] = {
        "taxonomy": taxonomy,
        "articles": len(articles),
        "labels_en": english,
        "labels_zh": chinese,
        "labels_both": both,
        "zh_recall_vs_en": round(both / english, 3) if english else None,
        "zh_precision_vs_en": round(both / chinese, 3) if chinese else None,
    }
    if MULTILINGUAL in readings:
        row["multilingual"] = {
            "zh_against_en": _agreement(found[(MULTILINGUAL, "en")], found[(MULTILINGUAL, "zh")]),
            "zh_against_english_reading_on_en": _agreement(
                found[(ENGLISH, "en")], found[(MULTILINGUAL, "zh")]
            ),
            "en_against_english_reading_on_en": _agreement(
                found[(ENGLISH, "en")], found[(MULTILINGUAL, "en")]
            ),
        }
    return row


def main() -> int:
    settings = load_settings()
    if settings.mirror_dir is None:
        print("set GOVATLAS_MIRROR to the shared corpus", file=sys.stderr)
        return 2
    articles = read_articles(settings.mirror_dir)
    started = time.perf_counter()
    with threadpool_limits(1):
        rows = [compare_taxonomy(t, articles) for t in PROVISION_TAXONOMIES]
    total: dict[str, Any] = {
        key: sum(r[key] for r in rows) for key in ("labels_en", "labels_zh", "labels_both")
    }
    multilingual = [r["multilingual"] for r in rows if "multilingual" in r]
    for key in ("zh_against_en", "zh_against_english_reading_on_en"):
        if multilingual:
            first = sum(m[key]["labels"][0] for m in multilingual)
            second = sum(m[key]["labels"][1] for m in multilingual)
            both = sum(m[key]["both"] for m in multilingual)
            total[f"multilingual_{key}"] = {
                "labels": [first, second],
                "both": both,
                "share_of_first_found": round(both / first, 3) if first else None,
                "share_of_second_found": round(both / second, 3) if second else None,
            }
    result = {
        "benchmark": "cross-lingual",
        "text": PARALLEL_TEXT,
        "taxonomies": rows,
        "total": total,
        "seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for row in rows:
        line = (
            f"{row['taxonomy']:<13} English reading: en {row['labels_en']:>3}  "
            f"zh {row['labels_zh']:>3}  both {row['labels_both']:>3}"
        )
        if "multilingual" in row:
            pair = row["multilingual"]["zh_against_en"]
            line += (
                f" | multilingual: en {pair['labels'][0]:>3}  zh {pair['labels'][1]:>3}  "
                f"both {pair['both']:>3}"
            )
        print(line)
    print(f"total: {total} -> {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
