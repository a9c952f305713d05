"""Benchmark of the provision classifiers: the label-passages contract on real passages.

Writes 400 gold test passages (texts read from the mirror) to a CSV and times
``label_passages_csv`` for each of the six taxonomies, as the outside check runs it
(model loading included, no database). The contract asks for 400 passages in under
two minutes on two cores.
"""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path
from typing import Any

from govatlas.classify.encoders.embeddings import get_embedder
from govatlas.classify.gold.project_gold import GOLD_FOLDER, read_gold
from govatlas.classify.provisions.labelling import PROVISION_TAXONOMIES, label_passages_csv

PASSAGES = 400


def bench_provisions(mirror: Path, root: Path) -> dict[str, Any]:
    gold = [g for g in read_gold(root / GOLD_FOLDER, mirror) if g.split == "test"][:PASSAGES]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "text"])
            for passage in gold:
                writer.writerow([passage.id, passage.text])
        timings = {}
        for taxonomy in PROVISION_TAXONOMIES:
            start = time.perf_counter()
            label_passages_csv(taxonomy, source, Path(folder) / f"{taxonomy}.csv", get_embedder())
            timings[taxonomy] = round(time.perf_counter() - start, 2)
    return {"passages": len(gold), "seconds_per_taxonomy": timings, "limit_seconds": 120}
