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

This is a consistency check, not a gold measurement: the English labels carry the
classifiers' own errors. It decides one thing: whether a classifier's silence on a
text in a language it was not measured on can count as "assessed, not found". It cannot
(2 of 17 labels are found on the Chinese text), so coverage treats such texts as not
assessed (``analytics.coverage``).

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

from govatlas.classify.embeddings import get_embedder
from govatlas.classify.provision_labelling import PROVISION_TAXONOMIES, decide_texts, shipped_model
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


def compare_taxonomy(taxonomy: str, articles: list[dict[str, str]]) -> dict[str, Any]:
    """Labels per language on the same articles, and how many the two readings share."""
    model = shipped_model(taxonomy)
    embedder = get_embedder()
    found: dict[str, list[set[str]]] = {}
    for language in LANGUAGES:
        texts = [a[f"content_{language}"] for a in articles]
        decided, _ = decide_texts(model, texts, [""] * len(texts), embedder, None)
        found[language] = [set(labels) for labels in decided]
    english = sum(len(labels) for labels in found["en"])
    chinese = sum(len(labels) for labels in found["zh"])
    both = sum(len(e & z) for e, z in zip(found["en"], found["zh"], strict=True))
    return {
        "taxonomy": taxonomy,
        "articles": len(articles),
        "labels_en": english,
        "labels_zh": chinese,
        "labels_both": both,
        "zh_recall_vs_en": round(both / english, 3) if english else None,
        "zh_precision_vs_en": round(both / chinese, 3) if chinese else None,
    }


def main() -> int:
    settings = load_settings()
    if settings.mirror_dir is None:
        print("set GOVATLAS_MIRROR to the shared corpus", file=sys.stderr)
        return 2
    articles = read_articles(settings.mirror_dir)
    started = time.perf_counter()
    with threadpool_limits(1):
        rows = [compare_taxonomy(t, articles) for t in PROVISION_TAXONOMIES]
    total = {key: sum(r[key] for r in rows) for key in ("labels_en", "labels_zh", "labels_both")}
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
        print(
            f"{row['taxonomy']:<13} en {row['labels_en']:>3}  zh {row['labels_zh']:>3}  "
            f"both {row['labels_both']:>3}"
        )
    print(f"total: {total} -> {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
