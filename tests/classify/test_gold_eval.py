"""One's own gold: the JSON Lines format, span overlap, and scoring files or the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from govatlas.classify.agora import tasks as agora_tasks
from govatlas.classify.agora.gold_eval import evaluate_gold, write_gold_evaluation
from govatlas.classify.agora.tfidf_model import TfidfLinearModel
from govatlas.classify.gold.files import read_passages, write_passages
from govatlas.classify.gold.metrics import span_scores
from govatlas.classify.gold.passages import LabelledPassage, Span
from govatlas.errors import InvalidInputError, NotFoundError

pytestmark = pytest.mark.engine_neutral  # the same on every database engine


def _write(path: Path, records: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOLD = [
    {"id": "p1", "text": "Violators pay a fine.", "labels": ["A"],
     "spans": [{"concept": "A", "start": 0, "end": 10}]},
    {"id": "p2", "text": "Grants for research.", "labels": ["B"]},
    {"id": "p3", "text": "Fines and grants.", "labels": ["A", "B"]},
    {"id": "p4", "text": "Definitions.", "labels": []},
]  # fmt: skip
SPANNED = (
    '{{"id": "q", "text": "abc", "labels": [], '
    '"spans": [{{"concept": "A", "start": {start}, "end": {end}}}]}}'
)
PREDICTED = [
    {"id": "p1", "labels": ["A"], "spans": [{"concept": "A", "start": 5, "end": 15}]},
    {"id": "p2", "labels": ["A"]},
    {"id": "p3", "labels": ["A", "B"]},
    {"id": "p4", "labels": ["B"]},
]


def test_passages_round_trip(tmp_path: Path) -> None:
    gold = read_passages(_write(tmp_path / "gold.jsonl", [*GOLD, ""]))
    assert [g.id for g in gold] == ["p1", "p2", "p3", "p4"]
    assert gold[0].spans == (Span("A", 0, 10),) and gold[2].labels == {"A", "B"}
    write_passages(tmp_path / "again.jsonl", gold)
    again = read_passages(tmp_path / "again.jsonl", need_text=False)
    assert [(a.id, a.labels, a.spans) for a in again] == [(g.id, g.labels, g.spans) for g in gold]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("{not json", "line 2: not JSON"),
        ("[1, 2]", "line 2: not a JSON object"),
        ('{"text": "x", "labels": []}', 'line 2: no "id"'),
        ('{"id": "q", "labels": []}', 'line 2: no "text"'),
        ('{"id": "q", "text": "x", "labels": "A"}', '"labels" must be a list'),
        ('{"id": "p1", "text": "x", "labels": []}', "id 'p1' appears twice"),
        (SPANNED.format(start=1, end=9), "span 1-9 runs past the text (3 chars)"),
        (SPANNED.format(start=2, end=1), "is not 0 <= start <= end"),
        ('{"id": "q", "text": "abc", "labels": [], "spans": [{"start": 0}]}', "each span needs"),
    ],
)
def test_bad_lines_are_named(tmp_path: Path, line: str, says: str) -> None:
    path = _write(tmp_path / "gold.jsonl", [GOLD[0], line])
    with pytest.raises(InvalidInputError, match=r"gold\.jsonl") as raised:
        read_passages(path)
    assert says in raised.value.message


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="is not a file"):
        read_passages(tmp_path / "absent.jsonl")
    with pytest.raises(InvalidInputError, match="has no passages"):
        read_passages(_write(tmp_path / "empty.jsonl", ["", "  "]))


def test_span_overlap_by_hand() -> None:
    gold = [LabelledPassage("p", "x" * 20, frozenset({"A"}), spans=(Span("A", 0, 10),))]
    predicted = [LabelledPassage("p", "", frozenset({"A"}), spans=(Span("A", 5, 15),))]
    score = span_scores(gold, predicted, ["A"])["A"]
    # 5 characters shared of 10 gold and 10 predicted: P = R = F1 = 0.5.
    assert (score.precision, score.recall, score.f1, score.support) == (0.5, 0.5, 0.5, 10)


def test_a_predictions_file_is_scored_by_hand(tmp_path: Path, built: Engine) -> None:
    gold = _write(tmp_path / "gold.jsonl", GOLD)
    predicted = _write(tmp_path / "pred.jsonl", PREDICTED)
    evaluation = evaluate_gold(built, gold, predicted)
    a, b = evaluation.report.per_concept["A"], evaluation.report.per_concept["B"]
    # A: gold p1 p3, predicted p1 p2 p3 -> P 2/3, R 1. B: gold p2 p3, predicted p3 p4 -> 1/2, 1/2.
    assert (round(a.precision, 4), a.recall, a.support) == (0.6667, 1.0, 2)
    assert (b.precision, b.recall, b.f1) == (0.5, 0.5, 0.5)
    assert evaluation.report.macro_f1 == pytest.approx((0.8 + 0.5) / 2)
    assert evaluation.report.micro_f1 == pytest.approx(2 * 3 / (2 * 3 + 2 + 1))
    assert evaluation.keyword is None and evaluation.spans is not None
    assert evaluation.spans["A"].f1 == 0.5
    json_path, md_path = write_gold_evaluation(evaluation, tmp_path / "reports")
    data = json.loads(json_path.read_text())
    assert data["per_concept"]["A"]["span_f1"] == 0.5 and data["predicted_by"] == "pred.jsonl"
    assert md_path.read_text().startswith("# Evaluation against gold.jsonl")
    only_two = _write(tmp_path / "two.jsonl", PREDICTED[:2])
    with pytest.raises(InvalidInputError, match="no prediction for 2 gold passage"):
        evaluate_gold(built, gold, only_two)
    with pytest.raises(InvalidInputError, match="no concept has 3 or more gold passages"):
        evaluate_gold(built, gold, predicted, min_positives=3)


def test_the_model_labels_a_gold_file_it_never_trained_on(
    ingested: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(agora_tasks, "model_dir", lambda: tmp_path / "models")
    gold = _write(
        tmp_path / "gold.jsonl",
        [
            {
                "id": "2",
                "text": "The developer shall disclose bias.",
                "labels": ["Harms: Discrimination"],
            },
            {"id": "g2", "text": "Fines for violations.", "labels": ["Incentives: Fines"]},
        ],
    )
    evaluation = evaluate_gold(ingested, gold)
    assert evaluation.keyword is not None and evaluation.predicted_by.startswith("tfidf")
    assert evaluation.concepts == ["Harms: Discrimination", "Incentives: Fines"]
    [saved] = (tmp_path / "models").glob("*.pkl")
    assert "2" not in TfidfLinearModel.load(saved).trained_on  # by id, as label-docs
    bad = _write(tmp_path / "bad.jsonl", [{"id": "x", "text": "t", "labels": ["Harms: Boredom"]}])
    with pytest.raises(InvalidInputError, match="labels that are not AGORA tags: 'Harms: Boredom'"):
        evaluate_gold(ingested, bad)
