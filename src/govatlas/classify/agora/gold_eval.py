"""Evaluation against a gold file of one's own: passages labelled by people, in the
JSON Lines format of ``gold.files``, scored against a predictions file in the same
format, or against the AGORA model and the keyword baseline.

Scores are those of ``gold.metrics``: per concept precision, recall and F1, macro and
micro, with 95% bootstrap intervals over passages; and, where both sides carry
evidence spans, their character overlap per concept. The model never trains on
the gold passages (by id or text), as in ``label-docs``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from govatlas.classify.agora.tasks import Progress, agora_keywords, agora_tags, model_blind_to
from govatlas.classify.gold.files import read_passages
from govatlas.classify.gold.metrics import (
    Report,
    Score,
    concept_row,
    evaluate,
    span_scores,
    summary,
    write_report,
)
from govatlas.classify.gold.passages import LabelledPassage
from govatlas.errors import InvalidInputError


@dataclass(frozen=True)
class GoldEvaluation:
    gold_file: str
    passages: int
    concepts: list[str]
    predicted_by: str  # a predictions file, or the model's id and version
    report: Report
    keyword: Report | None = None  # with the model only
    spans: dict[str, Score] | None = None  # when gold and predictions both carry spans
    baselines: dict[str, Report] = field(default_factory=dict)  # other labellers, by name


def _check_tags(gold: list[LabelledPassage]) -> None:
    tags = set(agora_tags()[0])
    unknown = sorted({label for g in gold for label in g.labels} - tags)
    if unknown:
        raise InvalidInputError(
            f"labels that are not AGORA tags: {', '.join(repr(u) for u in unknown[:5])}",
            "name tags as in AGORA's documents.csv (e.g. 'Harms: Discrimination'), or give "
            "--predictions to score labels of another taxonomy",
        )


def evaluate_gold(
    engine: Engine,
    gold_path: Path,
    predictions_path: Path | None = None,
    min_positives: int = 1,
    progress: Progress = lambda _: None,
) -> GoldEvaluation:
    """Score predictions (a file, or the AGORA model's) against ``gold_path``, over the
    concepts with at least ``min_positives`` gold passages."""
    gold = read_passages(gold_path)
    keyword: Report | None = None
    if predictions_path is not None:
        predicted = read_passages(predictions_path, need_text=False)
        missing = sorted({g.id for g in gold} - {p.id for p in predicted})
        if missing:
            raise InvalidInputError(
                f"{predictions_path.name} has no prediction for {len(missing)} gold passage(s), "
                f"e.g. {', '.join(missing[:3])}",
                "predict every gold passage (same ids)",
            )
        predicted_by = predictions_path.name
    else:
        _check_tags(gold)
        model = model_blind_to(engine, gold, progress)
        progress(f"Labelling {len(gold)} passages")
        predicted = model.predict(gold)
        predicted_by = f"{model.model_id} {model.version}"
    positives = Counter(label for g in gold for label in g.labels)
    concepts = sorted(c for c, n in positives.items() if n >= min_positives)
    if not concepts:
        raise InvalidInputError(
            f"no concept has {min_positives} or more gold passages", "lower --min-positives"
        )
    if predictions_path is None:
        keyword = evaluate(gold, agora_keywords().predict(gold), concepts)
    with_spans = any(g.spans for g in gold) and any(p.spans for p in predicted)
    return GoldEvaluation(
        gold_path.name,
        len(gold),
        concepts,
        predicted_by,
        evaluate(gold, predicted, concepts),
        keyword,
        span_scores(gold, predicted, concepts) if with_spans else None,
    )


def _as_json(evaluation: GoldEvaluation) -> dict[str, object]:
    rows: dict[str, dict[str, object]] = {}
    for concept in evaluation.concepts:
        row = concept_row(evaluation.report, concept)
        if evaluation.keyword is not None:
            row["keyword_f1"] = round(evaluation.keyword.per_concept[concept].f1, 4)
        if evaluation.spans is not None:
            span = evaluation.spans[concept]
            row["span_precision"] = round(span.precision, 4)
            row["span_recall"] = round(span.recall, 4)
            row["span_f1"] = round(span.f1, 4)
        rows[concept] = row
    return {
        "gold_file": evaluation.gold_file,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "passages": evaluation.passages,
        "predicted_by": evaluation.predicted_by,
        "concepts_evaluated": len(evaluation.concepts),
        "predictions": summary(evaluation.report),
        "keyword_baseline": summary(evaluation.keyword) if evaluation.keyword else None,
        "baselines": {name: summary(report) for name, report in evaluation.baselines.items()},
        "per_concept": rows,
    }


def _as_markdown(data: dict[str, object]) -> str:
    lines = [
        f"# Evaluation against {data['gold_file']}",
        "",
        f"{data['passages']} gold passages, {data['concepts_evaluated']} concepts; predictions "
        f"by {data['predicted_by']}. Intervals: 95% bootstrap over passages.",
        "",
        "| predictions | macro-F1 | 95% CI | micro-F1 | 95% CI |",
        "|---|---|---|---|---|",
    ]
    baselines = data["baselines"]
    assert isinstance(baselines, dict)
    named = [("predictions", data["predictions"]), ("keyword baseline", data["keyword_baseline"])]
    for name, scores in named + list(baselines.items()):
        if isinstance(scores, dict):
            macro, micro = scores["macro_f1_95ci"], scores["micro_f1_95ci"]
            lines.append(
                f"| {name} | {scores['macro_f1']:.3f} | {macro[0]:.3f}-"
                f"{macro[1]:.3f} | {scores['micro_f1']:.3f} | {micro[0]:.3f}-{micro[1]:.3f} |"
            )
    lines += ["", "| concept | support | P | R | F1 | 95% CI | keyword F1 | span F1 |"]
    lines.append("|---|---|---|---|---|---|---|---|")
    per_concept = data["per_concept"]
    assert isinstance(per_concept, dict)
    for concept, row in per_concept.items():
        low, high = row["f1_95ci"]
        keyword = f"{row['keyword_f1']:.2f}" if "keyword_f1" in row else ""
        span = f"{row['span_f1']:.2f}" if "span_f1" in row else ""
        lines.append(
            f"| {concept} | {row['support']} | {row['precision']:.2f} | {row['recall']:.2f} | "
            f"{row['f1']:.2f} | {low:.2f}-{high:.2f} | {keyword} | {span} |"
        )
    return "\n".join(lines) + "\n"


def write_gold_evaluation(evaluation: GoldEvaluation, out_dir: Path) -> tuple[Path, Path]:
    """``eval-<gold file stem>.json`` and ``.md`` in ``out_dir``."""
    data = _as_json(evaluation)
    name = f"eval-{Path(evaluation.gold_file).stem}"
    return write_report(out_dir, name, data, _as_markdown(data))
