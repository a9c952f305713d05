"""Fourth draw of gold passages: the concepts that still have fewer than 40 gold positives.

Run once, by the maintainer (never by an annotator), with the mirror at hand:

    GOVATLAS_MIRROR=../shared/corpus python scripts/gold/sample_round4.py \
        --out eval/gold/passages-4.jsonl --batches /tmp/round4

Passages come from the corpus files of instruments already in the gold, so each
joins its instrument's split. Each file is cut into provisions by the ingest
segmenter (``govatlas.ingest.segment``); leaf provisions of 80 to 2,000 characters
that overlap no earlier gold passage are the pool. For each target concept, up to
``--cue`` passages drawn at random among those matching the concept's inclusion cues
(round 2's patterns, ``enrich4-cue:``) and up to ``--model`` passages that the shipped
provision classifier scores highest among a random 6,000 of the pool
(``enrich4-model:``), at most 3 per instrument and concept; plus ``--random`` passages
at random (``random4``). The stratum is recorded in the manifest and never shown to
annotators.

With ``--batches``, the annotators' files are written there, outside the project:
``pass-a.jsonl`` and ``pass-b.jsonl``, the same passages in two different random orders,
each with the context the procedure allows (heading, instrument title, type,
jurisdiction) and nothing else.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

sys.path.insert(0, str(Path(__file__).parent))
from sample_round2 import PATTERNS

from govatlas.ingest.segment import segment

SEED = 20261204
MIN_CHARS, MAX_CHARS = 80, 2000
PER_INSTRUMENT = 3
MODEL_POOL = 6000
TARGETS = {
    "un:tcbm": "un:tcbm",
    "fli-risks:great-power-conflict": "great-power-conflict",
    "fli-benefits:education": "education",
    "fli-benefits:health": "health",
    "fli-benefits:scientific-progress": "scientific-progress",
    "technology:critical-infrastructure": "critical-infrastructure",
    "technology:recommender-and-ranking-systems": "recommender-and-ranking-systems",
    "fli-benefits:reduced-inequality-and-poverty": "reduced-inequality-and-poverty",
    "fli-risks:weapons-of-mass-destruction": "weapons-of-mass-destruction",
    "technology:open-weight-models": "open-weight-models",
    "fli-risks:loss-of-control": "loss-of-control",
    "fli-risks:social-instability": "social-instability",
    "fli-blocks:red-lines": "red-lines",
    "fli-blocks:benefit-sharing": "benefit-sharing",
}


class Scorable(Protocol):
    """What scoring and the annotators' batches read of a candidate passage."""

    @property
    def instrument(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def jurisdiction(self) -> str: ...
    @property
    def heading(self) -> str: ...
    @property
    def text(self) -> str: ...


class Located(Scorable, Protocol):
    """A candidate with its place in a corpus file."""

    @property
    def path(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class Candidate:
    instrument: str
    jurisdiction: str
    type: str
    split: str
    path: str
    start: int
    end: int
    heading: str
    text: str


def _gold_refs(folder: Path) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for path in sorted(folder.glob("passages-*.jsonl"))
        for line in path.open(encoding="utf-8")
        if line.strip()
    ]


def pool(mirror: Path, refs: list[dict[str, object]]) -> list[Candidate]:
    """Leaf provisions of the gold's instruments that overlap no gold passage."""
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    meta: dict[str, dict[str, object]] = {}
    for ref in refs:
        taken[str(ref["path"])].append((int(str(ref["start"])), int(str(ref["end"]))))
        meta.setdefault(str(ref["path"]), ref)
    found = []
    for rel, ref in sorted(meta.items()):
        text = (mirror / rel).read_text(encoding="utf-8")
        segments = segment(text)
        parents = {s.parent for s in segments if s.parent}
        for s in segments:
            if s.path in parents:
                continue
            body = text[s.start : s.end]
            if not MIN_CHARS <= len(body.strip()) <= MAX_CHARS:
                continue
            if any(s.start < end and start < s.end for start, end in taken[rel]):
                continue
            found.append(
                Candidate(
                    str(ref["instrument"]),
                    str(ref["jurisdiction"]),
                    str(ref["type"]),
                    str(ref["split"]),
                    rel,
                    s.start,
                    s.end,
                    s.heading or "",
                    body,
                )
            )
    return found


def model_scores(
    candidates: Sequence[Scorable],
    rng: random.Random,
    targets: Mapping[str, str] = TARGETS,
) -> dict[str, dict[int, float]]:
    """The shipped classifiers' probability of each target concept, on a random part of
    the pool (index into ``candidates`` -> probability)."""
    from govatlas.classify.concepts.keyword import KeywordClassifier
    from govatlas.classify.encoders.embeddings import get_embedder
    from govatlas.classify.provisions.labelling import shipped_model
    from govatlas.taxonomy import load_taxonomies

    picked = rng.sample(range(len(candidates)), min(MODEL_POOL, len(candidates)))
    texts = [candidates[i].text for i in picked]
    headings = [""] * len(texts)  # as the gold's passages are read
    vectors = get_embedder().embed(texts).astype("float64")
    every = load_taxonomies()
    scores: dict[str, dict[int, float]] = {}
    for taxonomy in sorted({t.split(":")[0] for t in targets}):
        model = shipped_model(taxonomy)
        keywords = KeywordClassifier(list(every[taxonomy].concepts))
        probabilities = model.probabilities(model.features(vectors, texts, headings, keywords))
        for key in targets:
            concept = key.split(":", 1)[1]
            if key.startswith(f"{taxonomy}:") and concept in probabilities:
                scores[key] = {
                    i: float(p) for i, p in zip(picked, probabilities[concept], strict=True)
                }
        print(f"{taxonomy}: scored {len(texts)} passages", file=sys.stderr)
    return scores


@dataclass(frozen=True)
class Strata:
    """How many passages each target concept gets: by cue, by model score, per instrument."""

    cue: int
    model: int
    per_instrument: int
    prefix: str  # the stratum's name in the manifest ("enrich4" gives "enrich4-cue:...")


def enrich(
    candidates: Sequence[Scorable],
    targets: Mapping[str, str],
    scores: Mapping[str, Mapping[int, float]],
    strata: Strata,
    rng: random.Random,
) -> dict[int, str]:
    """For each target, passages at random among those matching its cues, then those
    the classifier scores highest (index into ``candidates`` -> stratum)."""
    chosen: dict[int, str] = {}

    def take(order: list[int], limit: int, why: str, per_instrument: dict[str, int]) -> None:
        got = 0
        for i in order:
            if got >= limit:
                return
            c = candidates[i]
            if i in chosen or per_instrument[c.instrument] >= strata.per_instrument:
                continue
            per_instrument[c.instrument] += 1
            chosen[i] = why
            got += 1

    for key, short in targets.items():
        per_instrument: dict[str, int] = defaultdict(int)
        pattern = PATTERNS.get(short) or PATTERNS.get(key)
        if pattern:
            rx = re.compile(pattern, re.IGNORECASE | re.S)
            hits = [i for i, c in enumerate(candidates) if rx.search(c.text)]
            rng.shuffle(hits)
            take(hits, strata.cue, f"{strata.prefix}-cue:{key}", per_instrument)
        ranked = sorted(scores.get(key, {}).items(), key=lambda kv: -kv[1])
        take([i for i, _ in ranked], strata.model, f"{strata.prefix}-model:{key}", per_instrument)
    return chosen


def titles(mirror: Path) -> dict[str, str]:
    with (mirror / "agora" / "documents.csv").open(encoding="utf-8-sig") as handle:
        return {f"agora-{r['AGORA ID']}": r["Official name"] for r in csv.DictReader(handle)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=Path)
    parser.add_argument("--cue", type=int, default=10)
    parser.add_argument("--model", type=int, default=8)
    parser.add_argument("--random", type=int, default=24)
    args = parser.parse_args()
    mirror = Path(os.environ.get("GOVATLAS_MIRROR", "../shared/corpus"))
    refs = _gold_refs(args.gold)
    rng = random.Random(SEED)
    candidates = pool(mirror, refs)
    print(f"{len(candidates)} candidate passages", file=sys.stderr)
    scores = model_scores(candidates, rng) if args.model else {}
    chosen = enrich(
        candidates, TARGETS, scores, Strata(args.cue, args.model, PER_INSTRUMENT, "enrich4"), rng
    )
    rest = [i for i in range(len(candidates)) if i not in chosen]
    for i in rng.sample(rest, args.random):
        chosen[i] = "random4"
    order = list(chosen)
    rng.shuffle(order)
    first = max(int(str(r["id"])[1:]) for r in refs) + 1
    split = {c.instrument: c.split for c in candidates}
    manifest = manifest_records(candidates, order, chosen, split, first)
    with args.out.open("w", encoding="utf-8") as out:
        for record in manifest:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    splits = defaultdict(int)
    for record in manifest:
        splits[record["split"]] += 1
    print(f"{len(manifest)} passages drawn ({dict(splits)}) -> {args.out}", file=sys.stderr)
    if args.batches:
        by_id = {r["id"]: candidates[i] for r, i in zip(manifest, order, strict=True)}
        write_batches(args.batches, manifest, by_id, titles(mirror))


def manifest_records(
    candidates: Sequence[Located],
    order: Sequence[int],
    chosen: Mapping[int, str],
    split: Mapping[str, str],
    first: int,
) -> list[dict[str, object]]:
    """The round's manifest: ids from ``first`` in ``order``, each passage located in its
    corpus file (path, offsets, a hash of its text), its instrument and split, its stratum."""
    records: list[dict[str, object]] = []
    for n, i in enumerate(order, first):
        c = candidates[i]
        records.append(
            {
                "id": f"g{n:04d}",
                "path": c.path,
                "start": c.start,
                "end": c.end,
                "sha": hashlib.sha256(c.text.encode()).hexdigest()[:16],
                "instrument": c.instrument,
                "jurisdiction": c.jurisdiction,
                "type": c.type,
                "split": split[c.instrument],
                "drawn": chosen[i],
            }
        )
    return records


def write_batches(
    folder: Path,
    manifest: Sequence[Mapping[str, object]],
    by_id: Mapping[str, Scorable],
    names: Mapping[str, str],
) -> None:
    """``pass-a.jsonl`` and ``pass-b.jsonl``: the same passages in two random orders, with
    the context the procedure allows (heading, instrument title, type, jurisdiction)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, seed in (("pass-a", 1), ("pass-b", 2)):
        ids = [str(r["id"]) for r in manifest]
        random.Random(SEED + seed).shuffle(ids)
        with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for ident in ids:
                c = by_id[ident]
                out.write(
                    json.dumps(
                        {
                            "id": ident,
                            "instrument": names.get(c.instrument, c.instrument),
                            "type": c.type,
                            "jurisdiction": c.jurisdiction,
                            "heading": c.heading,
                            "text": c.text,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )


if __name__ == "__main__":
    main()
