"""People's judgements as ranking tasks, the trained ranker and its file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.crosswalk.align import FEATURES, SHIPPED_RANKER
from govatlas.crosswalk.evaluate import GoldTable, _learnt_from
from govatlas.crosswalk.review_queue import review_queue, review_suggestion
from govatlas.crosswalk.reviewed_tasks import judgement_count, reviewed_tables
from govatlas.crosswalk.training import (
    chosen_ranker,
    read_ranker,
    saved_ranker_path,
    train_ranker,
    unlearnt_judgements,
    write_ranker,
)
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.records import Passage
from govatlas.store.models import Relationship
from govatlas.store.session import transaction
from govatlas.store.units import unit_provisions
from govatlas.vocabulary import RelationshipType
from tests.judgements import record_judgement


@pytest.fixture
def reviewed(suggested: Engine) -> Engine:
    """Suggestions for the EU AI Act against the AI RMF: one accepted, one corrected to
    'no relationship', one rejected."""
    crosswalked = suggested
    with Session(crosswalked) as session:
        first, second, third = [q.id for q in review_queue(session)][:3]
    with transaction(crosswalked) as session:
        review_suggestion(session, first, "accept", "ana", RelationshipType.INTERSECTS)
        review_suggestion(session, second, "correct", "ana", RelationshipType.NONE)
        review_suggestion(session, third, "reject", "ana")
    return crosswalked


def _suggestion(engine: Engine, index: int) -> Relationship:
    with Session(engine) as session:
        item = session.get(Relationship, review_queue(session)[index].id)
        assert item is not None
        return item


def test_reviews_become_one_task_per_instrument_pair(reviewed: Engine) -> None:
    with Session(reviewed) as session:
        [table] = reviewed_tables(session)
        units = unit_provisions(session, "nist-ai-rmf-1-0")
        assert judgement_count(session) == 3  # accept, correct, reject: one decision each
    assert table.key == "reviewed:eu-ai-act->nist-ai-rmf-1-0"
    assert table.instruments == {"eu-ai-act", "nist-ai-rmf-1-0"} and not table.evaluated
    # only the accepted pair is related; 'no relationship' and the rejection are negatives
    assert table.pairs == 1 and len(table.sources) == 1
    assert [p.id for p in table.targets] == [str(p.id) for p in units]  # what suggest ranks


def test_the_last_judgement_of_a_pair_counts(reviewed: Engine) -> None:
    with Session(reviewed) as session:
        [table] = reviewed_tables(session)
    source = int(table.sources[0].id)
    [target] = [int(table.targets[j].id) for j in table.gold[0]]
    record_judgement(reviewed, source, target, RelationshipType.NONE)
    with Session(reviewed) as session:
        assert reviewed_tables(session) == []  # bo said no relationship after ana's accept
        assert judgement_count(session) == 4  # a relationship recorded directly counts too


def test_reviewed_tasks_are_learnt_from_but_never_about_the_evaluated_instruments() -> None:
    texts = [Passage("1", "a provision text long enough to count as a full text, " * 2)]

    def table(key: str, instruments: set[str], evaluated: bool = True) -> GoldTable:
        return GoldTable(key, texts, texts, {0: {0}}, frozenset(instruments), evaluated)

    tables = [
        table("bsa-rmf", {"bsa", "rmf"}),
        table("cltc-rmf", {"cltc", "rmf"}),
        table("reviewed:bsa->rmf", {"bsa", "rmf"}, evaluated=False),
        table("reviewed:eu->rmf", {"eu", "rmf"}, evaluated=False),
    ]
    assert _learnt_from(tables, 0) == [1, 3]
    assert _learnt_from(tables, 1) == [0, 2, 3]


def test_train_save_read_and_notice_new_decisions(
    reviewed: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_MODELS", str(tmp_path / "models"))
    assert chosen_ranker(None) == (SHIPPED_RANKER, None)
    with Session(reviewed) as session:
        trained = train_ranker(session)
    assert set(trained.ranker.weights) == set(FEATURES)
    assert [t.key for t in trained.tables if not t.published] == [
        "reviewed:eu-ai-act->nist-ai-rmf-1-0"
    ]
    assert trained.pairs(True) == 7 and trained.pairs(False) == 1
    assert trained.judgements == 3
    assert "2 published tables (7 pairs) and 1 reviewed pairs" in trained.describe()
    path = write_ranker(trained, saved_ranker_path())
    assert read_ranker(path) == trained
    ranker, found = chosen_ranker(None)
    assert found == trained and ranker == trained.ranker
    with Session(reviewed) as session:
        assert unlearnt_judgements(session, trained) == 0
        assert unlearnt_judgements(session, None) == 3
    with transaction(reviewed) as session:
        review_suggestion(session, _suggestion(reviewed, 0).id, "reject", "bo")
    with Session(reviewed) as session:
        assert unlearnt_judgements(session, trained) == 1


def test_training_needs_human_crosswalks(ingested: Engine) -> None:
    with Session(ingested) as session, pytest.raises(NotFoundError, match="no human crosswalks"):
        train_ranker(session)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read the ranker file"),
        ('{"format": "something-else"}', "is not a govatlas crosswalk ranker"),
        ('{"format": "govatlas-crosswalk-ranker", "weights": {"tfidf": 1}}', "features among"),
        (
            json.dumps(
                {
                    "format": "govatlas-crosswalk-ranker",
                    "weights": dict.fromkeys(FEATURES, 0.1),
                    "related_score": 0.5,
                    "learnt_from": 5,
                }
            ),
            "malformed 'learnt_from'",
        ),
    ],
)
def test_bad_ranker_files_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "ranker.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        read_ranker(path)


@pytest.mark.parametrize("threshold", [float("nan"), True, "0.5", None])
def test_a_ranker_needs_a_finite_threshold(tmp_path: Path, threshold: object) -> None:
    path = tmp_path / "ranker.json"
    document = {"format": "govatlas-crosswalk-ranker", "weights": dict.fromkeys(FEATURES, 0.1)}
    path.write_text(json.dumps(document | {"related_score": threshold}), encoding="utf-8")
    with pytest.raises(InvalidInputError, match="'related_score' is not a finite number"):
        read_ranker(path)


def test_a_ranker_file_from_before_a_feature_was_added_weighs_it_zero(tmp_path: Path) -> None:
    path = tmp_path / "ranker.json"
    older = ("bm25", "dense", "hub", "bm25_col", "dense_col", "chars")
    document = {"format": "govatlas-crosswalk-ranker", "weights": dict.fromkeys(older, 0.2)}
    path.write_text(json.dumps(document | {"related_score": 0.75}), encoding="utf-8")
    weights = read_ranker(path).ranker.weights
    assert set(weights) == set(FEATURES)
    assert weights["bm25"] == 0.2 and weights["e5_csls"] == 0.0 and weights["dense_csls"] == 0.0


def test_a_missing_ranker_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no ranker file"):
        read_ranker(tmp_path / "absent.json")
