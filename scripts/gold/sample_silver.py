"""Draw the silver passages: one annotation pass, for training only.

Run once, by the maintainer (never by an annotator):

    GOVATLAS_MIRROR=../shared/corpus python scripts/gold/sample_silver.py \
        --out eval/silver/passages-1.jsonl --batches /tmp/silver

The gold set (two independent passes, adjudicated) is what measures the provision
classifiers; its train split is also most of what trains them, and the rarer concepts
have 30 to 60 positives in all. Silver passages add training data at a lower cost: each
is labelled once, from the same guidelines and under the same blindness rules
(``docs/guidelines/procedure.md`` §4), and is never used to choose or to measure
anything (``docs/guidelines/procedure.md`` §11).

The gold already reads almost every instrument the store locates in the corpus (908), so
the pool is the other leaf provisions of the gold's **train** instruments (no passage of
a dev or test instrument can train), minus any passage whose wording is close to a dev or
test gold passage's (8-word shingles, Jaccard 0.5 or more, or one contained in the other),
so that nothing measured reaches training through a near-copy (a reintroduced bill, a
consolidated text).
Strata, recorded in the manifest and never shown to annotators: for each target concept
(every concept of the five reported taxonomies with fewer than ``RARE`` gold positives),
up to ``--cue`` passages at random among those matching its cues (``silver-cue:``) and
up to ``--model`` that the shipped classifiers score highest among a random 6,000
(``silver-model:``), at most 3 per instrument and concept; then ``--random`` at random
(``silver-random``). Every silver passage has the split ``silver``. ``merge_silver.py`` then drops the
near-copies of train gold passages too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sample_round4 import (
    Candidate,
    Strata,
    _gold_refs,
    enrich,
    manifest_records,
    model_scores,
    titles,
)
from sample_round4 import (
    pool as gold_instrument_pool,
)

SEED = 20261206
RARE = 120
SHINGLE = 8
REPORTED = ("fli-blocks", "fli-risks", "fli-benefits", "oecd", "un")


def shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(" ".join(words[i : i + SHINGLE])) for i in range(max(1, len(words) - SHINGLE + 1))}


def gold_texts(mirror: Path, refs: list[dict[str, object]]) -> list[str]:
    cache: dict[str, str] = {}
    texts = []
    for ref in refs:
        rel = str(ref["path"])
        if rel not in cache:
            cache[rel] = (mirror / rel).read_text(encoding="utf-8")
        texts.append(cache[rel][int(str(ref["start"])) : int(str(ref["end"]))])
    return texts


def near_gold(pool: list[Candidate], gold: list[str]) -> set[int]:
    """Indexes of pool passages whose wording is close to some gold passage."""
    index: dict[int, list[int]] = defaultdict(list)
    gold_sets = [shingles(t) for t in gold]
    for g, grams in enumerate(gold_sets):
        for gram in grams:
            index[gram].append(g)
    close = set()
    for i, c in enumerate(pool):
        grams = shingles(c.text)
        shared: dict[int, int] = defaultdict(int)
        for gram in grams:
            for g in index.get(gram, ()):
                shared[g] += 1
        for g, n in shared.items():
            union = len(grams) + len(gold_sets[g]) - n
            if n / union >= 0.5 or n >= 0.9 * min(len(grams), len(gold_sets[g])):
                close.add(i)
                break
    return close


def targets(gold_folder: Path) -> dict[str, str]:
    counts: dict[str, int] = defaultdict(int)
    for line in (gold_folder / "labels.jsonl").open(encoding="utf-8"):
        for label in json.loads(line)["labels"]:
            counts[label] += 1
    from govatlas.taxonomy import load_taxonomies

    every = load_taxonomies()
    found = {}
    for taxonomy in REPORTED:
        for concept in every[taxonomy].concepts:
            key = f"{taxonomy}:{concept.id}"
            if counts[key] < RARE:
                found[key] = concept.id if taxonomy.startswith("fli-") else key
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=Path)
    parser.add_argument("--batch-size", type=int, default=150)
    parser.add_argument("--cue", type=int, default=30)
    parser.add_argument("--model", type=int, default=30)
    parser.add_argument("--random", type=int, default=900)
    args = parser.parse_args()
    mirror = Path(os.environ.get("GOVATLAS_MIRROR", "../shared/corpus"))
    rng = random.Random(SEED)
    refs = _gold_refs(args.gold)
    pool = [c for c in gold_instrument_pool(mirror, refs) if c.split == "train"]
    measured = [r for r in refs if r["split"] in ("dev", "test")]
    close = near_gold(pool, gold_texts(mirror, measured))
    pool = [c for i, c in enumerate(pool) if i not in close]
    print(
        f"{len(pool)} candidate passages of {len({c.instrument for c in pool})} train "
        f"instruments ({len(close)} left out as near-copies of dev or test passages)",
        file=sys.stderr,
    )
    wanted = targets(args.gold)
    print(f"{len(wanted)} target concepts: {', '.join(wanted)}", file=sys.stderr)
    scores = model_scores(pool, rng, wanted) if args.model else {}
    chosen = enrich(pool, wanted, scores, Strata(args.cue, args.model, 3, "silver"), rng)
    rest = [i for i in range(len(pool)) if i not in chosen]
    for i in rng.sample(rest, min(args.random, len(rest))):
        chosen[i] = "silver-random"
    order = list(chosen)
    rng.shuffle(order)
    manifest = manifest_records(pool, order, chosen, {c.instrument: "silver" for c in pool}, 1)
    for record in manifest:
        record["id"] = "s" + str(record["id"])[1:]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for record in manifest:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(
        f"{len(manifest)} passages from {len({str(r['instrument']) for r in manifest})} "
        f"instruments -> {args.out}",
        file=sys.stderr,
    )
    if args.batches:
        by_id = {str(r["id"]): pool[i] for r, i in zip(manifest, order, strict=True)}
        write_batches(args.batches, manifest, by_id, titles(mirror), args.batch_size)


def write_batches(
    folder: Path,
    manifest: list[dict[str, object]],
    by_id: dict[str, Candidate],
    names: dict[str, str],
    size: int,
) -> None:
    """``batch-NN.jsonl``: the passages in the manifest's (shuffled) order, ``size`` a
    batch, with the context the procedure allows (heading, instrument title, type,
    jurisdiction) and nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, first in enumerate(range(0, len(manifest), size), 1):
        with (folder / f"batch-{n:02d}.jsonl").open("w", encoding="utf-8") as out:
            for record in manifest[first : first + size]:
                c = by_id[str(record["id"])]
                shown = {
                    "id": record["id"],
                    "instrument": names.get(c.instrument, c.instrument),
                    "type": c.type,
                    "jurisdiction": c.jurisdiction,
                    "heading": c.heading,
                    "text": c.text,
                }
                out.write(json.dumps(shown, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
