"""Near misses: kept below each threshold for review, never counted, and turned into
reviewed labels by a person's decision (SQLite here, PostgreSQL in CI)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.classify.labels.near_misses import (
    count_near_misses,
    decide_near_miss,
    near_miss_queue,
)
from govatlas.classify.labels.uncertainty import is_near_miss
from govatlas.classify.provisions.labelling import (
    ReadingPassage,
    _store_near_misses,
    label_model_id,
    reading_passages,
    shipped_model,
)
from govatlas.cli import app
from govatlas.errors import ExitCode, NotFoundError
from govatlas.store.instruments import reading_version
from govatlas.store.models import Label, NearMiss, ReviewDecision
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus, ReviewSubject

TAXONOMY = "fli-blocks"
CONCEPT = "red-lines"


@pytest.mark.parametrize(
    ("probability", "threshold", "near"),
    [
        (0.25, 0.5, True),  # odds 1/3 against 1: exactly 3 times
        (0.2, 0.5, False),  # 4 times
        (0.49, 0.5, True),
        (0.5, 0.5, False),  # on the threshold: a label, not a near miss
        (0.9, 0.5, False),
        (0.04, 0.09, True),
        (0.01, 0.09, False),
        (0.3, 0.0, False),  # no measured threshold
        (0.3, 1.0, False),
    ],
)
def test_a_near_miss_is_below_the_threshold_by_at_most_three_times_in_odds(
    probability: float, threshold: float, near: bool
) -> None:
    assert is_near_miss(probability, threshold) is near


def _below(threshold: float, times: float) -> float:
    """The probability whose odds are ``times`` smaller than the threshold's."""
    odds = threshold / (1 - threshold) / times
    return odds / (1 + odds)


def _planted(session: Session) -> tuple[list[ReadingPassage], dict[int, float]]:
    """Store near misses on the EU AI Act for one concept at known distances:
    rows 0-3 at 1.5x, 2.9x, 10x and 1.2x below; row 4 above (a label); row 5 near
    but not operative; row 6 near but already decided by a person."""
    model = shipped_model(TAXONOMY)
    threshold = model.models[CONCEPT].threshold
    version = reading_version(session, "eu-ai-act")
    assert version is not None
    passages = reading_passages(session, version.id)[:7]
    assert len(passages) == 7
    wanted = {0: 1.5, 1: 2.9, 2: 10.0, 3: 1.2, 5: 1.1, 6: 1.1}
    probs = {c: np.zeros(len(passages)) for c in model.concepts}
    for row, times in wanted.items():
        probs[CONCEPT][row] = _below(threshold, times)
    probs[CONCEPT][4] = min(0.99, threshold * 1.5)
    labels = [set() for _ in passages]
    labels[4] = {CONCEPT}
    operative = np.ones(len(passages), dtype=bool)
    operative[5] = False
    session.add(
        Label(
            concept_id=f"{TAXONOMY}:{CONCEPT}",
            provision_id=passages[6].provision,
            method=LabelMethod.HUMAN,
            review_status=ReviewStatus.REJECTED,
        )
    )
    session.flush()
    kept = _store_near_misses(session, model, version.id, passages, labels, probs, operative)
    assert kept == 3
    return passages, {passages[r].provision: probs[CONCEPT][r] for r in (0, 1, 3)}


def _relabel(session: Session, passages: list[ReadingPassage], row: int, score: float) -> int:
    """Label the EU AI Act again with one near probability, at ``row``, and nothing else."""
    model = shipped_model(TAXONOMY)
    version = reading_version(session, "eu-ai-act")
    assert version is not None
    probs = {c: np.zeros(len(passages)) for c in model.concepts}
    probs[CONCEPT][row] = score
    nothing: list[set[str]] = [set() for _ in passages]
    operative = np.ones(len(passages), dtype=bool)
    return _store_near_misses(session, model, version.id, passages, nothing, probs, operative)


def test_labelling_keeps_the_operative_undecided_near_misses_and_replaces_them(
    ingested: Engine,
) -> None:
    with transaction(ingested) as session:
        passages, expected = _planted(session)
    with transaction(ingested) as session:
        stored = {m.provision_id: m for m in session.scalars(select(NearMiss))}
        assert set(stored) == set(expected)
        model = shipped_model(TAXONOMY)
        for provision, miss in stored.items():
            assert miss.score == pytest.approx(expected[provision])
            assert miss.threshold == pytest.approx(model.models[CONCEPT].threshold)
            assert miss.model_id == label_model_id(model)
            assert miss.concept_id == f"{TAXONOMY}:{CONCEPT}"
        # a second run replaces them rather than adding more
        assert _relabel(session, passages, 0, next(iter(expected.values()))) == 1
        assert session.scalar(select(func.count(NearMiss.id))) == 1


def test_the_queue_shows_the_closest_first_and_counts_no_label(ingested: Engine) -> None:
    with transaction(ingested) as session:
        labels_before = session.scalar(select(func.count(Label.id)))
        _, expected = _planted(session)
    with transaction(ingested) as session:
        waiting = near_miss_queue(session, TAXONOMY)
        # 1.2x, then 1.5x, then 2.9x below the threshold
        gaps = [w.odds_gap for w in waiting]
        assert gaps == sorted(gaps) and gaps[0] == pytest.approx(1.2, rel=1e-3)
        assert [w.near_miss.provision_id for w in waiting] == sorted(
            expected, key=lambda p: -expected[p]
        )
        assert all(w.instrument_id == "eu-ai-act" and w.excerpt for w in waiting)
        assert count_near_misses(session, TAXONOMY) == 3
        assert count_near_misses(session, "fli-risks") == 0
        assert count_near_misses(session, None, "nist-ai-rmf-1-0") == 0
        assert near_miss_queue(session, TAXONOMY, limit=1)[0].odds_gap == pytest.approx(1.2, 1e-3)
        # only the person's rejection planted beside them is a label: near misses are not
        assert session.scalar(select(func.count(Label.id))) == labels_before + 1


def test_a_decision_turns_a_near_miss_into_a_reviewed_label(ingested: Engine) -> None:
    with transaction(ingested) as session:
        _planted(session)
    with transaction(ingested) as session:
        first, second = near_miss_queue(session, TAXONOMY)[:2]
        ids = (first.near_miss.id, second.near_miss.id)
        provisions = (first.near_miss.provision_id, second.near_miss.provision_id)
        scores = (first.near_miss.score, second.near_miss.score)
    with transaction(ingested) as session:
        accepted = decide_near_miss(session, ids[0], True, "A. Analyst", "it does prohibit")
        rejected = decide_near_miss(session, ids[1], False, "A. Analyst")
        assert accepted.review_status is ReviewStatus.ACCEPTED
        assert rejected.review_status is ReviewStatus.REJECTED
        assert accepted.provision_id == provisions[0] and accepted.score == scores[0]
        assert accepted.method is LabelMethod.MODEL
        assert "near miss" in (accepted.provenance or "")
        assert [e.provision_id for e in accepted.evidence] == [provisions[0]]
        accepted_id = accepted.id
    with transaction(ingested) as session:
        assert session.get(NearMiss, ids[0]) is None and session.get(NearMiss, ids[1]) is None
        assert count_near_misses(session) == 1
        decisions = session.scalars(
            select(ReviewDecision).where(
                ReviewDecision.subject == ReviewSubject.LABEL,
                ReviewDecision.subject_id == accepted_id,
            )
        ).all()
        assert len(decisions) == 1 and decisions[0].note == "it does prohibit"
        with pytest.raises(NotFoundError, match="no near miss"):
            decide_near_miss(session, ids[0], True, "A. Analyst")


def test_a_decided_pair_is_not_offered_again_by_the_next_labelling(ingested: Engine) -> None:
    with transaction(ingested) as session:
        passages, _ = _planted(session)
    with transaction(ingested) as session:
        closest = near_miss_queue(session, TAXONOMY)[0].near_miss
        provision, score = closest.provision_id, closest.score
        decide_near_miss(session, closest.id, False, "A. Analyst")
    with transaction(ingested) as session:
        row = [p.provision for p in passages].index(provision)
        assert _relabel(session, passages, row, score) == 0


def test_the_command_lists_and_decides(ingested: Engine, env_db: str) -> None:
    with transaction(ingested) as session:
        _planted(session)
    runner = CliRunner()
    listed = runner.invoke(app, ["near-misses", "--taxonomy", TAXONOMY, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert len(rows) == 3
    assert rows[0]["probability"] < rows[0]["threshold"]
    assert math.isclose(
        rows[0]["threshold"] / (1 - rows[0]["threshold"]),
        1.2 * rows[0]["probability"] / (1 - rows[0]["probability"]),
        rel_tol=0.02,
    )
    nameless = runner.invoke(app, ["near-misses", str(rows[0]["id"]), "--decision", "accept"])
    assert nameless.exit_code == ExitCode.INVALID_INPUT
    assert "a review needs a decision and a name" in nameless.output
    decided = runner.invoke(
        app, ["near-misses", str(rows[0]["id"]), "--decision", "accept", "--by", "A. Analyst"]
    )
    assert decided.exit_code == 0, decided.output
    assert "accepted as label" in decided.output
    missing = runner.invoke(
        app, ["near-misses", str(rows[0]["id"]), "--decision", "accept", "--by", "A. Analyst"]
    )
    assert missing.exit_code == ExitCode.NOT_FOUND and "no near miss" in missing.output
    table = runner.invoke(app, ["near-misses", "--taxonomy", "fli-risks"])
    assert table.exit_code == 0 and "None waiting" in table.output
