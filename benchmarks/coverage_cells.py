"""Do the instrument-level FLI labels hold? A reading of cells against their evidence.

An instrument page shows a concept of the FLI taxonomies when the provision classifier
labels one of the instrument's provisions with it (``classify.provisions``); coverage
counts such a cell only when the concept's classifier is measured to the precision floor
on the test split, and shows it as "experimental" otherwise. The classifiers are
measured passage by passage; this reading checks the instrument-level cells users see,
the way the issue's own reading of 40 instrument-level FLI labels did (16 right, 19
wrong, 5 borderline, before the provision classifiers).

``python -m benchmarks.coverage_cells draw --batches DIR`` takes, from a built
database, every (instrument, concept) cell of the three FLI taxonomies that the
provision classifier labels and no person has reviewed, and draws ``PER_TAXONOMY`` per
taxonomy at random, at most ``PER_INSTRUMENT`` per instrument. It writes the manifest
``eval/gold/coverage-cells/cells.jsonl`` (instrument, concept, whether coverage counts
it, the shown evidence provisions by path and text hash; no text) and the readers'
batch in ``DIR`` (outside the project: the concept's definition and the cell's ``SHOWN``
highest-scoring labelled provisions, each cut at ``SHOWN_CHARS`` characters).

Two readers judge each cell independently from the passage guidelines
(``docs/guidelines/``): does at least one shown provision carry the concept? A third
reader decides where they differ. ``python -m benchmarks.coverage_cells measure``
reads ``eval/gold/coverage-cells/gold.jsonl`` and reports the share of cells whose
evidence supports them per taxonomy, with Wilson 95% intervals, beside the mean
passage-level test precision of the concepts' classifiers. Writes
``benchmarks/results/coverage-cells.json`` and ``eval/reports/coverage-cells.md``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from benchmarks.crosswalk_link_sample import text_hash, write_jsonl
from govatlas.classify.measured.shipped import PROVISION_MODEL, reaches_floor, shipped_quality
from govatlas.config import load_settings
from govatlas.incidents.trends import wilson
from govatlas.jsonl import read_jsonl
from govatlas.store.engine import make_engine
from govatlas.store.models import Instrument, InstrumentVersion, Label, Provision
from govatlas.taxonomy import load_taxonomies
from govatlas.vocabulary import ReviewStatus

ROOT = Path(__file__).parents[1]
FOLDER = ROOT / "eval" / "gold" / "coverage-cells"
RESULTS = Path(__file__).parent / "results" / "coverage-cells.json"
REPORT = ROOT / "eval" / "reports" / "coverage-cells.md"
TAXONOMIES = ("fli-blocks", "fli-risks", "fli-benefits")
PER_TAXONOMY = 25
PER_INSTRUMENT = 2
SHOWN = 3
SHOWN_CHARS = 1500
SEED = 2026_12_06


def labelled_cells(session: Session, taxonomy: str) -> dict[tuple[str, str], dict[int, float]]:
    """Every (instrument, concept) the provision classifier labels on at least one
    provision, with the labelled provisions and their scores, where no person has
    reviewed a label of the cell: what an instrument page shows for the concept."""
    rows = session.execute(
        select(InstrumentVersion.instrument_id, Label.concept_id, Label.provision_id, Label.score)
        .join(Provision, Provision.id == Label.provision_id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(Label.model_id == PROVISION_MODEL, Label.concept_id.like(f"{taxonomy}:%"))
        .where(Label.review_status == ReviewStatus.UNREVIEWED)
    ).all()
    cells: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for instrument, concept, provision, score in rows:
        if provision is not None:
            cells[(instrument, concept.split(":", 1)[1])][provision] = float(score or 0.0)
    return dict(cells)


def _provisions(session: Session, ids: Sequence[int]) -> list[Provision]:
    rows = session.scalars(select(Provision).where(Provision.id.in_(ids))).all()
    by_id = {p.id: p for p in rows}
    return [by_id[i] for i in ids if i in by_id]


def draw(database: str, batches: Path, seed: int = SEED) -> str:
    """Draw the cells, write the manifest and the readers' batch."""
    rng = random.Random(seed)
    taxonomies = load_taxonomies()
    manifest: list[dict[str, Any]] = []
    shown: list[dict[str, Any]] = []
    counts = {}
    with Session(make_engine(database)) as session:
        for taxonomy in TAXONOMIES:
            cells = labelled_cells(session, taxonomy)
            quality = shipped_quality(taxonomy)
            counts[taxonomy] = len(cells)
            keys = sorted(cells)
            rng.shuffle(keys)
            per_instrument: dict[str, int] = defaultdict(int)
            concepts = {c.id: c for c in taxonomies[taxonomy].concepts}
            chosen = 0
            for instrument_id, notation in keys:
                if chosen >= PER_TAXONOMY or per_instrument[instrument_id] >= PER_INSTRUMENT:
                    continue
                per_instrument[instrument_id] += 1
                chosen += 1
                scores = cells[(instrument_id, notation)]
                best = sorted(scores, key=lambda p: (-scores[p], p))
                provisions = _provisions(session, best)
                evidence = provisions[:SHOWN]
                instrument = session.get(Instrument, instrument_id)
                cell_id = f"c{len(manifest) + 1:03d}"
                manifest.append(
                    {
                        "id": cell_id,
                        "taxonomy": taxonomy,
                        "instrument": instrument_id,
                        "concept": f"{taxonomy}:{notation}",
                        "counted": reaches_floor(quality.get(notation)),
                        "evidence_provisions": len(provisions),
                        "shown": [{"path": p.path, "sha": text_hash(p)} for p in evidence],
                    }
                )
                concept = concepts[notation]
                shown.append(
                    {
                        "id": cell_id,
                        "instrument": instrument.title if instrument else instrument_id,
                        "type": instrument.type if instrument else "",
                        "jurisdiction": instrument.jurisdiction_id if instrument else "",
                        "concept": f"{taxonomy}:{notation}",
                        "concept_label": concept.label,
                        "concept_definition": concept.definition,
                        "provisions": [
                            {
                                "path": p.path,
                                "heading": p.heading or "",
                                "text": p.text[:SHOWN_CHARS]
                                + (" [...]" if len(p.text) > SHOWN_CHARS else ""),
                            }
                            for p in evidence
                        ],
                    }
                )
    write_jsonl(FOLDER / "cells.jsonl", manifest)
    (FOLDER / "pool.json").write_text(
        json.dumps({"labelled_cells": counts, "seed": seed}, indent=2) + "\n", encoding="utf-8"
    )
    rng.shuffle(shown)
    write_jsonl(batches / "cells.jsonl", shown)
    return (
        f"{len(manifest)} cells drawn from {sum(counts.values())} the provision classifier "
        f"labels ({counts}); batch in {batches / 'cells.jsonl'}"
    )


def _gold() -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in read_jsonl(FOLDER / "gold.jsonl")}


def measure() -> dict[str, Any]:
    """Supported cells per taxonomy, beside the classifiers' measured test precision."""
    cells = read_jsonl(FOLDER / "cells.jsonl")
    gold = _gold()
    missing = [c["id"] for c in cells if c["id"] not in gold]
    if missing:
        raise SystemExit(f"no decision for {len(missing)} cells, e.g. {missing[:3]}")
    quality = {
        f"{taxonomy}:{concept}": measured
        for taxonomy in TAXONOMIES
        for concept, measured in shipped_quality(taxonomy).items()
    }
    result: dict[str, Any] = {"cells": len(cells), "taxonomies": {}}
    for taxonomy in (*TAXONOMIES, "all"):
        chosen = [c for c in cells if taxonomy in ("all", c["taxonomy"])]
        supported = sum(1 for c in chosen if gold[c["id"]]["supported"])
        stated = [
            q.precision
            for c in chosen
            if (q := quality.get(c["concept"])) is not None and q.precision is not None
        ]
        result["taxonomies"][taxonomy] = {
            "cells": len(chosen),
            "supported": supported,
            "share": round(supported / len(chosen), 3) if chosen else None,
            "interval": wilson(supported, len(chosen)),
            "test precision": round(sum(stated) / len(stated), 3) if stated else None,
        }
    by_concept: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in cells:
        by_concept[c["concept"]][0] += int(bool(gold[c["id"]]["supported"]))
        by_concept[c["concept"]][1] += 1
    result["concepts"] = {
        k: {"supported": v[0], "cells": v[1]} for k, v in sorted(by_concept.items())
    }
    agreement = FOLDER / "agreement.json"
    if agreement.exists():
        result["agreement"] = json.loads(agreement.read_text())
    return result


def report(result: dict[str, Any]) -> str:
    lines = [
        "# Coverage cells read against their evidence",
        "",
        "`python -m benchmarks.coverage_cells`: (instrument, concept) cells of the FLI "
        "taxonomies that the provision classifier labels and no person reviewed, drawn at "
        "random (`eval/gold/coverage-cells/`), each read by two readers independently from "
        "the passage guidelines and adjudicated: does at least one of the cell's evidence "
        "provisions (its three highest-scoring) carry the concept? 95% Wilson intervals. "
        "The last column is the mean precision the concepts' classifiers reach passage by "
        "passage on the gold's test split.",
        "",
        "| taxonomy | cells | supported | share (95% interval) | passage-level test precision "
        "(mean) |",
        "|---|---|---|---|---|",
    ]
    for taxonomy, row in result["taxonomies"].items():
        low, high = row["interval"] or (None, None)
        lines.append(
            f"| {taxonomy} | {row['cells']} | {row['supported']} | {row['share']} "
            f"({low:.2f}–{high:.2f}) | {row['test precision']} |"
        )
    lines += ["", "| concept | supported / cells |", "|---|---|"]
    for concept, row in result["concepts"].items():
        lines.append(f"| {concept} | {row['supported']} / {row['cells']} |")
    if "agreement" in result:
        a = result["agreement"]
        lines += [
            "",
            f"Readers agreed on {a['agreed']} of {a['cells']} cells (Cohen's kappa "
            f"{a['kappa']}); a third reader decided the others.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    drawing = sub.add_parser("draw", help="draw the cells and write the readers' batch")
    drawing.add_argument("--database", default=None, help="SQLAlchemy URL (default GOVATLAS_DB)")
    drawing.add_argument("--batches", type=Path, required=True, help="folder outside the project")
    sub.add_parser("measure", help="report the share of supported cells")
    args = parser.parse_args(argv)
    if args.command == "draw":
        print(draw(args.database or load_settings().db_url, args.batches))
        return 0
    result = measure()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    REPORT.write_text(report(result), encoding="utf-8")
    print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
