"""Precision, recall and F1 per concept, macro and micro, with bootstrap intervals.

Intervals resample passages (documents) with replacement, the unit that was
annotated, and report the 2.5th and 97.5th percentiles over the resamples.
``span_scores`` compares evidence spans character by character; ``write_report``
saves an evaluation as JSON beside its Markdown reading.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from govatlas.classify.gold.passages import LabelledPassage


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _matrices(
    gold: Sequence[LabelledPassage], predicted: Sequence[LabelledPassage], concepts: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    by_id = {p.id: p for p in predicted}
    missing = [g.id for g in gold if g.id not in by_id]
    if missing:
        raise ValueError(f"no prediction for passage(s) {missing[:5]}")
    y = np.array([[c in g.labels for c in concepts] for g in gold], dtype=bool)
    p = np.array([[c in by_id[g.id].labels for c in concepts] for g in gold], dtype=bool)
    return y, p


def _scores(y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, float]:
    """Per-concept F1 array and micro F1."""
    tp = (y & p).sum(axis=0)
    fp = (~y & p).sum(axis=0)
    fn = (y & ~p).sum(axis=0)
    f1 = np.array([_prf(int(a), int(b), int(c))[2] for a, b, c in zip(tp, fp, fn, strict=True)])
    return f1, _prf(int(tp.sum()), int(fp.sum()), int(fn.sum()))[2]


@dataclass(frozen=True)
class Report:
    per_concept: dict[str, Score]
    macro_f1: float
    micro_f1: float
    macro_interval: Interval
    micro_interval: Interval
    concept_intervals: dict[str, Interval]


def evaluate(
    gold: Sequence[LabelledPassage],
    predicted: Sequence[LabelledPassage],
    concepts: Sequence[str],
    *,
    resamples: int = 1000,
    seed: int = 0,
) -> Report:
    """Scores over ``concepts`` (macro averages over exactly those concepts)."""
    y, p = _matrices(gold, predicted, concepts)
    per_concept = {}
    for j, concept in enumerate(concepts):
        tp = int((y[:, j] & p[:, j]).sum())
        fp = int((~y[:, j] & p[:, j]).sum())
        fn = int((y[:, j] & ~p[:, j]).sum())
        precision, recall, f1 = _prf(tp, fp, fn)
        per_concept[concept] = Score(precision, recall, f1, int(y[:, j].sum()))
    f1s, micro = _scores(y, p)
    rng = np.random.default_rng(seed)
    macro_samples, micro_samples, concept_samples = [], [], []
    for _ in range(resamples):
        rows = rng.integers(0, len(gold), len(gold))
        sample_f1, sample_micro = _scores(y[rows], p[rows])
        macro_samples.append(sample_f1.mean() if len(concepts) else 0.0)
        micro_samples.append(sample_micro)
        concept_samples.append(sample_f1)
    stacked = np.array(concept_samples) if concept_samples else np.zeros((0, len(concepts)))

    def interval(values: np.ndarray) -> Interval:
        if len(values) == 0:
            return Interval(0.0, 0.0)
        low, high = np.percentile(values, [2.5, 97.5])
        return Interval(float(low), float(high))

    return Report(
        per_concept=per_concept,
        macro_f1=float(f1s.mean()) if len(concepts) else 0.0,
        micro_f1=micro,
        macro_interval=interval(np.array(macro_samples)),
        micro_interval=interval(np.array(micro_samples)),
        concept_intervals={c: interval(stacked[:, j]) for j, c in enumerate(concepts)},
    )


def summary(report: Report) -> dict[str, object]:
    """Macro and micro F1 with their intervals, rounded, for JSON reports."""
    return {
        "macro_f1": round(report.macro_f1, 4),
        "macro_f1_95ci": [
            round(report.macro_interval.low, 4),
            round(report.macro_interval.high, 4),
        ],
        "micro_f1": round(report.micro_f1, 4),
        "micro_f1_95ci": [
            round(report.micro_interval.low, 4),
            round(report.micro_interval.high, 4),
        ],
    }


def concept_row(report: Report, concept: str) -> dict[str, object]:
    """One concept's support, precision, recall, F1 and F1 interval, rounded."""
    score, interval = report.per_concept[concept], report.concept_intervals[concept]
    return {
        "support": score.support,
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
        "f1_95ci": [round(interval.low, 4), round(interval.high, 4)],
    }


def _characters(passage: LabelledPassage, concept: str) -> set[int]:
    return {
        i for span in passage.spans if span.concept == concept for i in range(span.start, span.end)
    }


def span_scores(
    gold: Sequence[LabelledPassage], predicted: Sequence[LabelledPassage], concepts: Sequence[str]
) -> dict[str, Score]:
    """Per concept, how the predicted evidence characters overlap the gold ones, summed
    over passages (support: gold evidence characters)."""
    by_id = {p.id: p for p in predicted}
    scores = {}
    for concept in concepts:
        tp = fp = fn = 0
        for passage in gold:
            truth = _characters(passage, concept)
            found = _characters(by_id[passage.id], concept) if passage.id in by_id else set()
            tp, fp, fn = tp + len(truth & found), fp + len(found - truth), fn + len(truth - found)
        scores[concept] = Score(*_prf(tp, fp, fn), tp + fn)
    return scores


def write_report(
    out_dir: Path, name: str, data: dict[str, object], markdown: str
) -> tuple[Path, Path]:
    """``out_dir/name.json`` (``data``) and ``out_dir/name.md`` (``markdown``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown, encoding="utf-8")
    return json_path, md_path
