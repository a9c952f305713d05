"""Ranking metrics against hand-computed cases, and the leave-one-table-out harness."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.crosswalk.align import FEATURES, DenseCosines, PairFeatures
from govatlas.crosswalk.evaluate import (
    ScoredTables,
    evaluate_tables,
    gold_tables,
    ranking_scores,
    related_threshold,
)


def test_ranking_scores_by_hand() -> None:
    scores = np.array(
        [
            [0.9, 0.8, 0.1, 0.0],  # gold {1}: rank 2
            [0.1, 0.2, 0.3, 0.9],  # gold {3, 2}: ranks 1 and 2
        ],
        dtype=np.float32,
    )
    result = ranking_scores(scores, {0: {1}, 1: {2, 3}}, ks=(1, 2))
    assert result.recall[1] == pytest.approx((0 + 1) / 2)  # capped: 1 of min(2, 1) for row 2
    assert result.recall[2] == pytest.approx((1 + 1) / 2)
    assert result.mrr == pytest.approx((1 / 2 + 1) / 2)


def test_related_threshold_is_the_score_with_the_best_f1() -> None:
    scores = np.array([[3.0, 2.0, 1.0], [2.1, -1.0, 0.0]], dtype=np.float32)
    gold = np.array([[1, 1, 0], [1, 0, 0]], dtype=np.int8)
    sources = np.eye(2, dtype=np.float32)
    scored = ScoredTables(
        [], [PairFeatures({"bm25": scores}, scores, DenseCosines(scores, sources))], [gold]
    )
    # every gold pair scores 2.0 or more and the best non-gold 1.0: any cut in (1, 2] is perfect
    assert 1.0 < related_threshold(scored, {"bm25": 1.0}) <= 2.0


def test_capped_recall_lets_a_source_with_many_gold_targets_reach_one() -> None:
    scores = np.array([[5.0, 4.0, 3.0, 2.0, 1.0]], dtype=np.float32)
    result = ranking_scores(scores, {0: {0, 1, 2, 3}}, ks=(2,))
    assert result.recall[2] == 1.0


def test_tables_from_imported_crosswalks_evaluate_leaving_each_out(crosswalked: Engine) -> None:
    with Session(crosswalked) as session:
        tables = gold_tables(session, ["crosswalk:rmf-iso-42001", "crosswalk:cltc-rmf"])
    assert [t.key for t in tables] == ["rmf-iso-42001", "cltc-rmf"]
    assert tables[0].pairs == 4
    results = evaluate_tables(tables)
    assert len(results) == 2
    for result in results:
        assert set(result.weights) == set(FEATURES)
        assert 0 <= result.fused.recall[10] <= 1
        assert result.lexical.mrr > 0
    iso, cltc = results
    # ISO 42001 clauses are stored as titles; the CLTC fixture pairs texts on both sides
    assert [t.full_text for t in tables] == [result.full_text for result in results]
    assert iso.row()["full text"] == ("yes" if tables[0].full_text else "titles")
    assert list(cltc.row("_"))[:5] == ["table", "full text", "sources", "targets", "pairs"]
    assert "bm25_recall@10" in cltc.row("_") and "minilm mrr" in cltc.row()


def test_full_text_needs_more_than_titles_on_both_sides() -> None:
    from govatlas.crosswalk.evaluate import GoldTable
    from govatlas.records import Passage

    sentence = (
        "Organisations document the intended purposes of the AI system, "
        "its context of use and the people it affects."
    )
    texts = [Passage(str(i), sentence) for i in range(3)]
    titles = [Passage(str(i), f"A.{i}: Title") for i in range(3)]
    assert GoldTable("a", texts, texts, {0: {0}}).full_text
    assert not GoldTable("b", texts, titles, {0: {0}}).full_text
    assert not GoldTable("c", titles, texts, {0: {0}}).full_text
