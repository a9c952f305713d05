"""Metrics against hand-computed cases."""

from __future__ import annotations

import pytest

from govatlas.classify.gold.metrics import evaluate
from govatlas.classify.gold.passages import LabelledPassage, Span


def p(pid: str, *labels: str) -> LabelledPassage:
    return LabelledPassage(pid, "", frozenset(labels))


GOLD = [p("1", "a", "b"), p("2", "a"), p("3", "b"), p("4")]
PRED = [p("1", "a"), p("2", "a", "b"), p("3"), p("4", "b")]


def test_per_concept_macro_and_micro() -> None:
    report = evaluate(GOLD, PRED, ["a", "b"], resamples=200)
    # a: tp 2, fp 0, fn 0 -> P 1, R 1, F1 1
    assert report.per_concept["a"].f1 == pytest.approx(1.0)
    # b: tp 0, fp 2, fn 2 -> F1 0
    assert report.per_concept["b"].precision == 0.0 and report.per_concept["b"].f1 == 0.0
    assert report.macro_f1 == pytest.approx(0.5)
    # micro: tp 2, fp 2, fn 2 -> P 0.5, R 0.5, F1 0.5
    assert report.micro_f1 == pytest.approx(0.5)
    assert report.per_concept["a"].support == 2


def test_intervals_contain_the_estimate_and_are_reproducible() -> None:
    first = evaluate(GOLD, PRED, ["a", "b"], resamples=300, seed=7)
    again = evaluate(GOLD, PRED, ["a", "b"], resamples=300, seed=7)
    assert first.macro_interval == again.macro_interval
    assert first.macro_interval.low <= first.macro_f1 <= first.macro_interval.high


def test_perfect_and_missing_predictions() -> None:
    assert evaluate(GOLD, GOLD, ["a", "b"], resamples=50).macro_f1 == 1.0
    with pytest.raises(ValueError, match="no prediction for passage"):
        evaluate(GOLD, PRED[:2], ["a"])


def test_spans_are_validated() -> None:
    assert Span("a", 2, 5).end == 5
    with pytest.raises(ValueError, match="bad span"):
        Span("a", 5, 2)
