"""Does reading long units whole find links the first 500 characters miss?

e5 reads a unit's first ``align.E5_MAX_CHARS`` characters; ``crosswalk.unit_pieces``
reads it whole (the best-matching pair of pieces). The pairs judged so far
(``eval/gold/crosswalk-links/``) were drawn from the first reading's top candidates, so
what the whole reading adds cannot be seen in them. This script pools both readings:

``python -m benchmarks.crosswalk_long_units draw --batches DIR`` aligns every pair of
major frameworks as the build does (``crosswalk.machine``), both ways of reading, and
finds the source units longer than one piece whose best ``TOP`` targets differ between
the two. It draws ``UNITS`` of them at random (at most ``PER_FRAMEWORK_PAIR`` per pair of
frameworks) and pools, per unit, the union of both readings' best ``TOP``. Pairs the
earlier draws judged (same units, same texts) keep their answer. It writes the manifest
``eval/gold/crosswalk-links/draw-3/pairs.jsonl`` (units by instrument, path and text
hash; each reading's rank; no text), ``draw-3/pool.json`` and the annotators' batches in
``DIR`` (outside the project: they hold the texts, up to ``SHOWN_CHARS`` characters), as
the earlier draws did.

``python -m benchmarks.crosswalk_long_units measure`` reads the adjudicated answers
(``draw-3/gold.jsonl`` and the earlier draws' for reused pairs) and reports, per reading,
how many linked pairs its best ``TOP`` hold over the drawn units (pooled recall), how
often its first candidate is linked, with 95% intervals from a bootstrap over units.
Writes ``benchmarks/results/crosswalk-long-units.json`` and
``eval/reports/crosswalk-long-units.md``.

Needs a built database (``make build``; ``GOVATLAS_DB`` or ``--database``) to draw;
measuring needs only the files.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from benchmarks.crosswalk_link_sample import FOLDER, text_hash, write_jsonl
from govatlas.classify.gold.pass_agreement import kappa
from govatlas.config import load_settings
from govatlas.crosswalk.align import E5_MAX_CHARS, VectorCache, align
from govatlas.crosswalk.machine import TOP, aligned_frameworks
from govatlas.crosswalk.unit_pieces import pieces
from govatlas.errors import GovatlasError
from govatlas.jsonl import read_jsonl
from govatlas.store.engine import make_engine
from govatlas.store.instruments import instruments_by_ids
from govatlas.store.models import Provision
from govatlas.store.units import unit_passage, unit_provisions

DRAW = FOLDER / "draw-3"
EARLIER = (FOLDER, FOLDER / "draw-2")
RESULTS = Path(__file__).parent / "results" / "crosswalk-long-units.json"
REPORT = Path(__file__).parents[1] / "eval" / "reports" / "crosswalk-long-units.md"
UNITS = 40
PER_FRAMEWORK_PAIR = 3
SHOWN_CHARS = 6000
SEED = 2026_12_06
READINGS = ("first 500 characters", "whole unit")
RESAMPLES = 2000

Key = tuple[str, str, str, str]  # source instrument, source text hash, target instrument, hash


def _key(source: dict[str, str], target: dict[str, str]) -> Key:
    return (source["instrument"], source["sha"], target["instrument"], target["sha"])


def judged_answers(folders: Sequence[Path], both_directions: bool = True) -> dict[Key, int]:
    """Adjudicated answers of these draws, by units and texts: as drawn (source, target),
    and also the other way round unless ``both_directions`` is false."""
    answers: dict[Key, int] = {}
    for folder in folders:
        gold = {row["id"]: int(row["link"]) for row in read_jsonl(folder / "gold.jsonl")}
        for row in read_jsonl(folder / "pairs.jsonl"):
            if row["id"] not in gold:
                continue
            source, target = row["source"], row["target"]
            answers[_key(source, target)] = gold[row["id"]]
            if both_directions:
                answers[_key(target, source)] = gold[row["id"]]
    return answers


def earlier_answers() -> dict[Key, int]:
    """Adjudicated answers of the earlier draws, by units and texts, either direction."""
    return judged_answers(EARLIER)


def _unit(provision: Provision, framework: str) -> dict[str, str]:
    return {"instrument": framework, "path": provision.path, "sha": text_hash(provision)}


def _shown(provision: Provision, title: str) -> dict[str, str]:
    text = unit_passage(provision).text
    if len(text) > SHOWN_CHARS:
        text = text[:SHOWN_CHARS] + " […]"
    return {"framework": title, "path": provision.path, "text": text}


def pooled_units(engine: Engine) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Per long source unit whose best targets differ between the readings: its pool."""
    with Session(engine) as session:
        frameworks, _skipped = aligned_frameworks(session)
        units = {f: unit_provisions(session, f) for f in frameworks}
    cache = VectorCache()
    found: list[dict[str, Any]] = []
    long_units = 0
    for source, target in combinations(frameworks, 2):
        print(f"aligning {source} -> {target}", file=sys.stderr)
        by_id = {str(p.id): p for p in units[source] + units[target]}
        source_passages = [unit_passage(p) for p in units[source]]
        target_passages = [unit_passage(p) for p in units[target]]
        ranks: dict[str, dict[str, dict[str, int]]] = {}
        for reading, whole in zip(READINGS, (False, True), strict=True):
            for c in align(source_passages, target_passages, TOP, cache=cache, whole_units=whole):
                ranks.setdefault(c.source_id, {}).setdefault(c.target_id, {})[reading] = c.rank
        for source_id, targets in ranks.items():
            unit = by_id[source_id]
            if len(pieces(unit_passage(unit).text, E5_MAX_CHARS)) < 2:
                continue
            long_units += 1
            tops = [{t for t, r in targets.items() if reading in r} for reading in READINGS]
            if tops[0] == tops[1]:
                continue
            found.append(
                {
                    "frameworks": (source, target),
                    "source": unit,
                    "targets": [(by_id[t], r) for t, r in sorted(targets.items())],
                }
            )
    return found, {"long_units": long_units, "differing": len(found)}


def draw(
    pooled: Sequence[dict[str, Any]],
    seed: int = SEED,
    units: int = UNITS,
    per_pair: int = PER_FRAMEWORK_PAIR,
) -> list[dict[str, Any]]:
    """``units`` units at random, at most ``per_pair`` per pair of frameworks."""
    order = list(pooled)
    random.Random(seed).shuffle(order)
    taken: dict[tuple[str, str], int] = {}
    drawn = []
    for unit in order:
        pair = unit["frameworks"]
        if taken.get(pair, 0) < per_pair:
            taken[pair] = taken.get(pair, 0) + 1
            drawn.append(unit)
        if len(drawn) == units:
            break
    return drawn


def write_batches(views: Sequence[dict[str, Any]], batches: Path) -> None:
    """The pairs to judge, for two passes each split in two parts
    (``pass-a-part1.jsonl`` …), each pass in an order of its own."""
    half = len(views) // 2
    batches.mkdir(parents=True, exist_ok=True)
    for name, seed in (("pass-a", 1), ("pass-b", 2)):
        shuffled = list(views)
        random.Random(seed).shuffle(shuffled)
        for part, chunk in ((1, shuffled[:half]), (2, shuffled[half:])):
            write_jsonl(batches / f"{name}-part{part}.jsonl", chunk)


def manifest(
    engine: Engine,
    drawn: Sequence[dict[str, Any]],
    answers: dict[Key, int],
    prefix: str,
    readings: Sequence[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """The drawn units' pairs as manifest rows (no text; each reading's rank, any extra
    fields a target carries, and an earlier draw's answer where there is one), the pairs
    to judge as the annotators see them, and how many earlier answers were reused. Each
    unit's ``targets`` are (provision, ranks by reading) or (provision, ranks, extra)."""
    with Session(engine) as session:
        names = sorted({f for u in drawn for f in u["frameworks"]})
        titles = {i.id: i.title for i in instruments_by_ids(session, names)}
    rows: list[dict[str, Any]] = []
    views: list[dict[str, Any]] = []
    reused = 0
    for number, unit in enumerate(drawn, 1):
        source_framework, target_framework = unit["frameworks"]
        for target, ranks, *extra in unit["targets"]:
            source_ref = _unit(unit["source"], source_framework)
            target_ref = _unit(target, target_framework)
            row: dict[str, Any] = {
                "id": f"{prefix}{len(rows) + 1:04d}",
                "unit": f"u{number:02d}",
                "source": source_ref,
                "target": target_ref,
                "ranks": {reading: ranks.get(reading) for reading in readings},
                **(extra[0] if extra else {}),
            }
            earlier = answers.get(_key(source_ref, target_ref))
            if earlier is not None:
                row["earlier_answer"] = earlier
                reused += 1
            else:
                views.append(
                    {
                        "id": row["id"],
                        "source": _shown(unit["source"], titles[source_framework]),
                        "target": _shown(target, titles[target_framework]),
                    }
                )
            rows.append(row)
    return rows, views, reused


def run_draw(engine: Engine, batches: Path) -> str:
    pooled, counts = pooled_units(engine)
    drawn = draw(pooled)
    rows, views, reused = manifest(engine, drawn, earlier_answers(), "q", READINGS)
    write_jsonl(DRAW / "pairs.jsonl", rows)
    pool = {**counts, "units_drawn": len(drawn), "pairs": len(rows), "reused": reused}
    (DRAW / "pool.json").write_text(json.dumps(pool) + "\n", encoding="utf-8")
    write_batches(views, batches)
    return (
        f"{counts['long_units']} long source units, {counts['differing']} whose best {TOP} "
        f"differ; drew {len(drawn)} units, {len(rows)} pairs ({reused} judged before, "
        f"{len(views)} to judge)"
    )


def _read_parts(folder: Path, name: str) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {}
    for part in sorted(folder.glob(f"{name}-part*.jsonl")):
        for row in read_jsonl(part):
            if row["id"] in answers:
                raise SystemExit(f"{part.name}: {row['id']} answered twice")
            answers[row["id"]] = {k: row[k] for k in ("id", "link", "sure", "note")}
    return answers


def merge_passes(folder: Path, batches: Path, draw: Path = DRAW) -> str:
    """The annotators' parts as the two passes (``draw/passes``), their agreement, and
    the disputed pairs with their texts for the adjudicator (``folder/disputed.jsonl``,
    the two answers as annotator 1 and 2 in random order)."""
    wanted = [r["id"] for r in read_jsonl(draw / "pairs.jsonl")]
    to_judge = {
        row["id"]: row
        for part in sorted(batches.glob("pass-a-part*.jsonl"))
        for row in read_jsonl(part)
    }
    passes = {name: _read_parts(folder, name) for name in ("pass-a", "pass-b")}
    for name, answers in passes.items():
        missing = sorted(set(to_judge) - set(answers))
        if missing:
            raise SystemExit(f"{name}: no answer for {len(missing)} pairs, e.g. {missing[:3]}")
        write_jsonl(draw / "passes" / f"{name}.jsonl", [answers[i] for i in wanted if i in answers])
    a = [int(passes["pass-a"][i]["link"]) for i in sorted(to_judge)]
    b = [int(passes["pass-b"][i]["link"]) for i in sorted(to_judge)]
    disputed = []
    generator = random.Random(SEED)
    for pair_id in sorted(to_judge):
        first, second = passes["pass-a"][pair_id], passes["pass-b"][pair_id]
        if int(first["link"]) == int(second["link"]):
            continue
        shown = [first, second]
        generator.shuffle(shown)
        disputed.append(
            {
                **to_judge[pair_id],
                "annotator_1": {k: shown[0][k] for k in ("link", "note")},
                "annotator_2": {k: shown[1][k] for k in ("link", "note")},
            }
        )
    write_jsonl(folder / "disputed.jsonl", disputed)
    agreed = kappa([x == 1 for x in a], [y == 1 for y in b])
    return (
        f"{len(a)} pairs judged twice: raw agreement {agreement(a, b):.3f}, Cohen's kappa "
        f"{agreed if agreed is None else round(agreed, 3)}; {sum(a)} and {sum(b)} linked; "
        f"{len(disputed)} disputed"
    )


def agreement(a: Sequence[int], b: Sequence[int]) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / max(len(a), 1)


def write_gold(decisions: Path, draw: Path = DRAW) -> str:
    """``draw/gold.jsonl`` from the agreed answers and the adjudicator's decisions
    (``draw/adjudication/decisions.jsonl`` is written from ``decisions``)."""
    passes = {
        name: {r["id"]: int(r["link"]) for r in read_jsonl(draw / "passes" / f"{name}.jsonl")}
        for name in ("pass-a", "pass-b")
    }
    decided = {r["id"]: r for r in read_jsonl(decisions)}
    rows, records = [], []
    for pair_id, first in passes["pass-a"].items():
        second = passes["pass-b"][pair_id]
        if first == second:
            rows.append({"id": pair_id, "link": first, "adjudicated": False})
            continue
        if pair_id not in decided:
            raise SystemExit(f"{pair_id} is disputed and has no decision")
        decision = decided[pair_id]
        records.append(
            {
                "id": pair_id,
                "pass_a": first,
                "pass_b": second,
                "link": int(decision["link"]),
                "reason": decision["reason"],
            }
        )
        rows.append({"id": pair_id, "link": int(decision["link"]), "adjudicated": True})
    write_jsonl(draw / "adjudication" / "decisions.jsonl", records)
    write_jsonl(draw / "gold.jsonl", rows)
    return f"{len(rows)} answers, {len(records)} adjudicated, {sum(r['link'] for r in rows)} linked"


def _answers() -> dict[str, int]:
    gold = {row["id"]: int(row["link"]) for row in read_jsonl(DRAW / "gold.jsonl")}
    rows = read_jsonl(DRAW / "pairs.jsonl")
    return {r["id"]: gold.get(r["id"], r.get("earlier_answer", -1)) for r in rows}


def measure() -> dict[str, Any]:
    rows = read_jsonl(DRAW / "pairs.jsonl")
    return {
        **pooled_recall(rows, _answers(), READINGS),
        "pool": json.loads((DRAW / "pool.json").read_text()),
    }


def pooled_recall(
    rows: Sequence[dict[str, Any]], answers: dict[str, int], readings: Sequence[str]
) -> dict[str, Any]:
    """Per reading, the linked pairs its best candidates hold over the drawn units and how
    often its first candidate is linked, with 95% intervals from a bootstrap over units."""
    unanswered = sorted(i for i, a in answers.items() if a < 0)
    if unanswered:
        raise SystemExit(f"no answer for {len(unanswered)} pairs, e.g. {unanswered[:3]}")
    units = sorted({r["unit"] for r in rows})
    linked = np.array([sum(answers[r["id"]] for r in rows if r["unit"] == u) for u in units])
    per_reading: dict[str, Any] = {}
    rng = np.random.default_rng(7)
    picks = rng.integers(0, len(units), size=(RESAMPLES, len(units)))
    for reading in readings:
        found = np.array(
            [
                sum(answers[r["id"]] for r in rows if r["unit"] == u and r["ranks"][reading])
                for u in units
            ]
        )
        first = np.array(
            [
                sum(answers[r["id"]] for r in rows if r["unit"] == u and r["ranks"][reading] == 1)
                for u in units
            ]
        )
        recall = found[picks].sum(axis=1) / np.maximum(linked[picks].sum(axis=1), 1)
        precision = first[picks].mean(axis=1)
        per_reading[reading] = {
            "linked_in_top": int(found.sum()),
            "pooled_recall": round(float(found.sum() / max(int(linked.sum()), 1)), 3),
            "pooled_recall_ci": [round(float(np.quantile(recall, q)), 3) for q in (0.025, 0.975)],
            "first_linked": round(float(first.mean()), 3),
            "first_linked_ci": [round(float(np.quantile(precision, q)), 3) for q in (0.025, 0.975)],
        }
    return {
        "units": len(units),
        "pairs": len(rows),
        "linked": int(linked.sum()),
        "units_with_a_link": int((linked > 0).sum()),
        "readings": per_reading,
    }


def readings_table(result: dict[str, Any]) -> list[str]:
    """Per reading, the linked pairs its best candidates hold, pooled recall and first
    candidate linked, with their intervals, as Markdown table lines."""
    lines = [
        f"| reading | linked pairs in its best {TOP} | pooled recall | first candidate linked |",
        "|---|---|---|---|",
    ]
    for reading, r in result["readings"].items():
        lines.append(
            f"| {reading} | {r['linked_in_top']} | {r['pooled_recall']:.3f} "
            f"({r['pooled_recall_ci'][0]:.2f}–{r['pooled_recall_ci'][1]:.2f}) | "
            f"{r['first_linked']:.3f} "
            f"({r['first_linked_ci'][0]:.2f}–{r['first_linked_ci'][1]:.2f}) |"
        )
    return lines


def report(result: dict[str, Any]) -> str:
    pool = result["pool"]
    lines = [
        "# Reading long units whole, measured on pooled judgments",
        "",
        f"`python -m benchmarks.crosswalk_long_units`: of {pool['long_units']} source units "
        f"longer than one e5 piece in the build's full comparisons, {pool['differing']} get "
        f"different best {TOP} targets when read whole; {result['units']} of them drawn at "
        f"random, each with the union of both readings' best {TOP} ({result['pairs']} pairs, "
        f"{pool['reused']} judged in earlier draws), judged by two annotators and adjudicated "
        f"(`eval/gold/crosswalk-links/draw-3/`). People link {result['linked']} pairs, in "
        f"{result['units_with_a_link']} of the units. 95% intervals: bootstrap over units.",
        "",
        *readings_table(result),
    ]
    return "\n".join(lines) + "\n"


DRAW_ACTIONS = ("draw", "passes", "gold", "measure")


def draw_parser(description: str, extra: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The command line of a judged draw: draw, merge the passes, write the gold, measure
    (and ``extra`` actions)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("action", choices=(*DRAW_ACTIONS, *extra))
    parser.add_argument("--passes", type=Path, help="folder of the annotators' answers (passes)")
    parser.add_argument("--decisions", type=Path, help="the adjudicator's decisions (gold)")
    parser.add_argument("--database", help="SQLAlchemy URL (default: GOVATLAS_DB)")
    parser.add_argument("--batches", type=Path, help="folder for the annotators' batches (draw)")
    return parser


def annotation_action(
    parser: argparse.ArgumentParser,
    args: argparse.Namespace,
    draw_folder: Path,
    drawing: Callable[[Engine, Path], str],
) -> int | None:
    """Run ``draw``, ``passes`` or ``gold`` for the draw in ``draw_folder``; None for
    any other action (the caller's)."""
    if args.action == "draw":
        if args.batches is None:
            parser.error("draw needs --batches DIR (outside the project: the batches hold texts)")
        try:
            engine = make_engine(args.database or load_settings().db_url, create=False)
            print(drawing(engine, args.batches))
        except GovatlasError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        return 0
    if args.action == "passes":
        if args.passes is None or args.batches is None:
            parser.error("passes needs --passes DIR and --batches DIR")
        print(merge_passes(args.passes, args.batches, draw_folder))
        return 0
    if args.action == "gold":
        if args.decisions is None:
            parser.error("gold needs --decisions FILE")
        print(write_gold(args.decisions, draw_folder))
        return 0
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = draw_parser(__doc__.splitlines()[0])
    args = parser.parse_args(argv)
    done = annotation_action(parser, args, DRAW, run_draw)
    if done is not None:
        return done
    result = measure()
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    REPORT.write_text(report(result), encoding="utf-8")
    print(report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
