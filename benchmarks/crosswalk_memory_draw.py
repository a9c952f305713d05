"""Which links does the memory of published links find in the build's comparisons with the AI RMF?

The build's machine crosswalks rank each pair of major frameworks by the full-text
fusion; ``crosswalk align`` also reads the memory of published links
(``crosswalk.link_memory``). On the judged pairs with the AI RMF the memory raised ROC
AUC from 0.721 to 0.756 (``benchmarks/crosswalk_memory_variants.py``), but those pairs
were drawn from the ranker without it, so what it would add was never judged. This
script pools both readings:

``python -m benchmarks.crosswalk_memory_draw draw --batches DIR`` aligns every pair of
major frameworks whose one side is the AI RMF as the build does (final clauses left
out), with and without the memory (weight ``MEMORY_WEIGHT``; where the AI RMF is the
source, the memory recognises it there: ``LinkMemory.transposed_signal``), finds the
source units whose best ``TOP`` targets differ, draws ``UNITS`` of them at random (at
most ``PER_COMPARISON`` per comparison) and pools, per unit, the union of both readings'
best ``TOP``. Pairs the earlier draws judged (same units, same texts) keep their answer.
It writes the manifest ``eval/gold/crosswalk-links/draw-4/pairs.jsonl`` (units by
instrument, path and text hash; each reading's rank and the scores; no text),
``draw-4/pool.json`` and the annotators' batches in ``DIR`` (outside the project: they
hold the texts, cut as for the third draw).

``passes`` and ``gold`` merge the annotators' answers and the adjudicator's decisions as
for the third draw (``benchmarks/crosswalk_long_units.py``). ``measure`` reports, per
reading, the linked pairs its best ``TOP`` hold over the drawn units (pooled recall) and
how often its first candidate is linked, with 95% intervals from a bootstrap over units.
Writes ``benchmarks/results/crosswalk-memory-draw.json`` and
``eval/reports/crosswalk-memory-draw.md``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from benchmarks.crosswalk_link_sample import FOLDER, text_hash, write_jsonl
from benchmarks.crosswalk_long_units import (
    annotation_action,
    draw,
    draw_parser,
    judged_answers,
    manifest,
    pooled_recall,
    readings_table,
    write_batches,
)
from govatlas.config import load_settings
from govatlas.crosswalk.align import (
    FULL_TEXT_INTERCEPT,
    FULL_TEXT_SLOPE,
    VectorCache,
    pair_features,
)
from govatlas.crosswalk.calibration import expected_calibration_error, fit_platt, platt
from govatlas.crosswalk.final_clauses import is_final_clause
from govatlas.crosswalk.link_memory import MEMORY_WEIGHT, packaged_memory
from govatlas.crosswalk.machine import MIN_PROBABILITY, TOP, aligned_frameworks
from govatlas.crosswalk.scaling import Matrix
from govatlas.jsonl import read_jsonl
from govatlas.store.engine import make_engine
from govatlas.store.models import Provision
from govatlas.store.units import unit_passage, unit_provisions

DRAW = FOLDER / "draw-4"
EARLIER = (FOLDER, FOLDER / "draw-2", FOLDER / "draw-3")
RESULTS = Path(__file__).parent / "results" / "crosswalk-memory-draw.json"
CALIBRATION = Path(__file__).parent / "results" / "crosswalk-memory-calibration.json"
REPORT = Path(__file__).parents[1] / "eval" / "reports" / "crosswalk-memory-draw.md"
RMF = "nist-ai-rmf-1-0"
UNITS = 32
PER_COMPARISON = 5
SEED = 2026_12_07
READINGS = ("shipped", "with the memory")
CALIBRATION_WEIGHTS = (0.5, 1.0, 2.0)

Key = tuple[str, str, str, str]


def comparisons(session: Session) -> list[tuple[str, str]]:
    """The build's pairs of major frameworks whose one side is the AI RMF."""
    frameworks, _skipped = aligned_frameworks(session)
    return [pair for pair in combinations(frameworks, 2) if RMF in pair]


def aligned_units(session: Session, framework: str) -> list[Provision]:
    """A framework's units as the build aligns them (final clauses left out)."""
    return [
        p for p in unit_provisions(session, framework) if not is_final_clause(p.heading, p.text)
    ]


def readings(
    sources: Sequence[Provision], targets: Sequence[Provision], cache: VectorCache
) -> tuple[Matrix, Matrix]:
    """The shipped full-text fusion and the memory signal (zeros when it knows neither side)."""
    features = pair_features(
        [unit_passage(p) for p in sources],
        [unit_passage(p) for p in targets],
        cache=cache,
        dense=False,
        memory=packaged_memory(),
        memory_both_ways=True,
    )
    fused = features.fused()
    return fused, features.features.get("memory", np.zeros_like(fused))


def _top(scores: Matrix, row: int) -> list[int]:
    return [int(j) for j in np.argsort(-scores[row], kind="stable")[:TOP]]


def pooled_units(engine: Engine) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Per source unit whose best ``TOP`` differ between the readings: its pool."""
    with Session(engine) as session:
        pairs = comparisons(session)
        units = {f: aligned_units(session, f) for pair in pairs for f in pair}
    cache = VectorCache()
    found: list[dict[str, Any]] = []
    counts: dict[str, Any] = {"comparisons": {}}
    for source, target in pairs:
        print(f"aligning {source} -> {target}", file=sys.stderr)
        fused, memory = readings(units[source], units[target], cache)
        with_memory = fused + MEMORY_WEIGHT * memory
        differing = 0
        for i, unit in enumerate(units[source]):
            tops = (_top(fused, i), _top(with_memory, i))
            if set(tops[0]) == set(tops[1]):
                continue
            differing += 1
            pool = sorted(set(tops[0]) | set(tops[1]))
            found.append(
                {
                    "frameworks": (source, target),
                    "source": unit,
                    "targets": [
                        (
                            units[target][j],
                            {
                                r: top.index(j) + 1
                                for r, top in zip(READINGS, tops, strict=True)
                                if j in top
                            },
                            {
                                "fused": round(float(fused[i, j]), 4),
                                "memory": round(float(memory[i, j]), 4),
                            },
                        )
                        for j in pool
                    ],
                }
            )
        counts["comparisons"][f"{source} -> {target}"] = {
            "source_units": len(units[source]),
            "differing": differing,
        }
    counts["differing"] = len(found)
    return found, counts


def run_draw(engine: Engine, batches: Path) -> str:
    pooled, counts = pooled_units(engine)
    drawn = draw(pooled, SEED, UNITS, PER_COMPARISON)
    rows, views, reused = manifest(engine, drawn, judged_answers(EARLIER), "m", READINGS)
    write_jsonl(DRAW / "pairs.jsonl", rows)
    pool = {**counts, "units_drawn": len(drawn), "pairs": len(rows), "reused": reused}
    (DRAW / "pool.json").write_text(json.dumps(pool, indent=1) + "\n", encoding="utf-8")
    write_batches(views, batches)
    return (
        f"{counts['differing']} source units whose best {TOP} differ with the memory; drew "
        f"{len(drawn)}, {len(rows)} pairs ({reused} judged before, {len(views)} to judge)"
    )


def answers_of_draw() -> dict[str, int]:
    """Each drawn pair's answer: this draw's gold, else the earlier draws' (-1: none)."""
    gold_file = DRAW / "gold.jsonl"
    gold = {r["id"]: int(r["link"]) for r in read_jsonl(gold_file)} if gold_file.is_file() else {}
    rows = read_jsonl(DRAW / "pairs.jsonl")
    return {r["id"]: gold.get(r["id"], r.get("earlier_answer", -1)) for r in rows}


def measure() -> dict[str, Any]:
    rows = read_jsonl(DRAW / "pairs.jsonl")
    answers = answers_of_draw()
    result = pooled_recall(rows, answers, READINGS)
    comparison = {
        r["unit"]: f"{r['source']['instrument']} -> {r['target']['instrument']}" for r in rows
    }
    for reading in READINGS:
        counts: dict[str, list[int]] = {}
        for r in rows:
            found, linked = counts.setdefault(comparison[r["unit"]], [0, 0])
            linked += answers[r["id"]]
            found += answers[r["id"]] if r["ranks"][reading] else 0
            counts[comparison[r["unit"]]] = [found, linked]
        result["readings"][reading]["by_comparison"] = {
            key: f"{found} of {linked}" for key, (found, linked) in sorted(counts.items())
        }
    return {
        "calibration": json.loads(CALIBRATION.read_text()) if CALIBRATION.is_file() else None,
        **result,
        "pool": json.loads((DRAW / "pool.json").read_text()),
    }


def judged_scores(engine: Engine) -> dict[str, Any]:
    """Every judged pair of the comparisons with the AI RMF whose units are still stored
    as judged (all four draws), with its fused score, memory signal and comparison."""
    answers = judged_answers((*EARLIER, DRAW), both_directions=False)
    with Session(engine) as session:
        pairs = comparisons(session)
        units = {f: aligned_units(session, f) for pair in pairs for f in pair}
    cache = VectorCache()
    linked: list[int] = []
    fused_scores: list[float] = []
    memory_scores: list[float] = []
    groups: list[str] = []
    for source, target in pairs:
        fused, memory = readings(units[source], units[target], cache)
        source_at = {text_hash(p): i for i, p in enumerate(units[source])}
        target_at = {text_hash(p): j for j, p in enumerate(units[target])}
        for (s, s_hash, t, t_hash), answer in answers.items():
            if (s, t) == (source, target) and s_hash in source_at and t_hash in target_at:
                i, j = source_at[s_hash], target_at[t_hash]
                linked.append(answer)
                fused_scores.append(float(fused[i, j]))
                memory_scores.append(float(memory[i, j]))
                groups.append(f"{source} -> {target}")
    return {
        "linked": np.array(linked, dtype=bool),
        "fused": np.array(fused_scores),
        "memory": np.array(memory_scores),
        "groups": np.array(groups),
    }


def _quality(probabilities: np.ndarray, linked: np.ndarray, scores: np.ndarray) -> dict[str, Any]:
    clipped = np.clip(probabilities, 1e-6, 1 - 1e-6)
    stored = probabilities >= MIN_PROBABILITY
    return {
        "auc": round(float(roc_auc_score(linked, scores)), 3),
        "ap": round(float(average_precision_score(linked, scores)), 3),
        "ece": round(expected_calibration_error(probabilities, linked), 3),
        "log_loss": round(
            float(-np.mean(linked * np.log(clipped) + (~linked) * np.log(1 - clipped))), 3
        ),
        "stored": int(stored.sum()),
        "stored_linked": int(linked[stored].sum()),
    }


def calibrate(engine: Engine) -> dict[str, Any]:
    """The full-text calibration with and without the memory, each fitted leaving every
    comparison out in turn and measured on the comparison left out; then fitted on all."""
    judged = judged_scores(engine)
    linked, groups = judged["linked"], judged["groups"]
    rows: dict[str, Any] = {
        "pairs": int(linked.size),
        "linked": int(linked.sum()),
        "per_comparison": {
            g: f"{int(linked[groups == g].sum())} of {int((groups == g).sum())}"
            for g in sorted(set(groups.tolist()))
        },
        "shipped calibration, no memory": _quality(
            platt(judged["fused"], FULL_TEXT_SLOPE, FULL_TEXT_INTERCEPT), linked, judged["fused"]
        ),
    }
    for weight in (0.0, *CALIBRATION_WEIGHTS):
        scores = judged["fused"] + weight * judged["memory"]
        held_out = np.zeros_like(scores)
        for group in sorted(set(groups.tolist())):
            inside = groups == group
            slope, intercept = fit_platt(scores[~inside], linked[~inside])
            held_out[inside] = platt(scores[inside], slope, intercept)
        name = "refitted, no memory" if weight == 0 else f"memory at {weight}"
        rows[name] = {
            **_quality(held_out, linked, scores),
            "fit on all (slope, intercept)": fit_platt(scores, linked),
        }
    return rows


def report(result: dict[str, Any]) -> str:
    pool = result["pool"]
    lines = [
        "# The memory of published links in the build's comparisons with the AI RMF",
        "",
        f"`python -m benchmarks.crosswalk_memory_draw`: of the source units of the "
        f"{len(pool['comparisons'])} comparisons with the AI RMF, {pool['differing']} get "
        f"different best {TOP} targets with the memory; {result['units']} of them drawn at "
        f"random (at most {PER_COMPARISON} per comparison), each with the union of both "
        f"readings' best {TOP} ({result['pairs']} pairs, {pool['reused']} judged in earlier "
        f"draws), judged by two annotators and adjudicated "
        f"(`eval/gold/crosswalk-links/draw-4/`). People link {result['linked']} pairs, in "
        f"{result['units_with_a_link']} of the units. 95% intervals: bootstrap over units.",
        "",
        *readings_table(result),
    ]
    lines += ["", "| comparison | " + " | ".join(READINGS) + " |", "|---|---|---|"]
    for key in result["readings"][READINGS[0]]["by_comparison"]:
        cells = [result["readings"][r]["by_comparison"][key] for r in READINGS]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    calibration = result.get("calibration")
    if calibration:
        lines += [
            "",
            "## Probabilities with the memory",
            "",
            f"Every judged pair of the comparisons with the AI RMF whose units are still "
            f"stored as judged (the four draws; `calibrate`): {calibration['pairs']} pairs, "
            f"{calibration['linked']} linked. Each Platt fit leaves one comparison out and "
            f"is measured on it; *stored*: pairs given p ≥ {MIN_PROBABILITY} that way, and "
            "how many people link. The shipped calibration was fitted on the first draw, "
            "which holds many of these pairs, so its row is partly in-sample.",
            "",
            "| score | ROC AUC | average precision | ECE | log loss | stored (linked) |",
            "|---|---|---|---|---|---|",
        ]
        for name, row in calibration.items():
            if isinstance(row, dict) and "auc" in row:
                lines.append(
                    f"| {name} | {row['auc']:.3f} | {row['ap']:.3f} | {row['ece']:.3f} | "
                    f"{row['log_loss']:.3f} | {row['stored']} ({row['stored_linked']}) |"
                )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = draw_parser(__doc__.splitlines()[0], extra=("calibrate",))
    args = parser.parse_args(argv)
    done = annotation_action(parser, args, DRAW, run_draw)
    if done is not None:
        return done
    if args.action == "calibrate":
        engine = make_engine(args.database or load_settings().db_url, create=False)
        calibration = calibrate(engine)
        CALIBRATION.write_text(json.dumps(calibration, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(calibration, indent=1))
        return 0
    result = measure()
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    REPORT.write_text(report(result), encoding="utf-8")
    print(report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
