"""Review assist: reviewed neighbours vote for their targets; decided pairs stay out."""

from __future__ import annotations

import numpy as np
import pytest

from govatlas.crosswalk.align import Candidate, align
from govatlas.crosswalk.evaluate import ranking_scores, simulated_review
from govatlas.crosswalk.neighbour_votes import (
    ASSIST_WEIGHT,
    NEIGHBOUR_TEMPERATURE,
    Reviewed,
    assisted,
    neighbour_votes,
)
from govatlas.records import Passage

# Sources 0 and 1 are near each other, source 2 is far from both.
SOURCE_COSINE = np.array([[1.0, 0.9, 0.1], [0.9, 1.0, 0.2], [0.1, 0.2, 1.0]], dtype=np.float32)


def test_votes_by_hand_weigh_neighbours_by_closeness_and_skip_oneself() -> None:
    votes = neighbour_votes(SOURCE_COSINE, {0: {1}, 2: {3}}, targets=4)
    # source 0 may not vote for itself: its only voter is source 2
    assert votes[0].tolist() == [0.0, 0.0, 0.0, 1.0]
    # source 1 hears both voters, source 0 (cosine 0.9) far louder than source 2 (0.2)
    near, far = np.exp(0.9 / NEIGHBOUR_TEMPERATURE), np.exp(0.2 / NEIGHBOUR_TEMPERATURE)
    assert votes[1, 1] == pytest.approx(near / (near + far))
    assert votes[1, 3] == pytest.approx(far / (near + far))
    assert votes[1].sum() == pytest.approx(1.0)
    assert votes[2].tolist() == [0.0, 1.0, 0.0, 0.0]


def test_a_lone_reviewed_source_gets_no_votes_and_no_reviews_change_nothing() -> None:
    scores = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert not neighbour_votes(SOURCE_COSINE, {0: {1}}, 4)[0].any()
    assert assisted(scores, SOURCE_COSINE, {}) is scores
    assert assisted(scores, SOURCE_COSINE, {0: set()}) is scores


def test_the_neighbours_links_lift_a_target_the_ranker_ranked_low() -> None:
    scores = np.array([[0.0, 0.0, 0.0], [0.3, 0.2, 0.1], [0.0, 0.0, 0.0]], dtype=np.float32)
    lifted = assisted(scores, SOURCE_COSINE, {0: {2}})
    assert int(np.argmax(lifted[1])) == 2  # source 0, its close neighbour, is linked to target 2
    # the lift is ASSIST_WEIGHT standard deviations of the votes above their mean
    assert lifted[1, 2] - scores[1, 2] == pytest.approx(ASSIST_WEIGHT * np.sqrt(2), rel=1e-3)


def test_align_learns_from_reviews_and_never_proposes_a_decided_pair() -> None:
    sources = [
        Passage("a", "Providers shall keep logs of the system's operation."),
        Passage("b", "Operators keep records of how the system operated."),
    ]
    targets = [
        Passage("t1", "Users are told when they talk to an automated agent."),
        Passage("t2", "Events are recorded automatically over the system's lifetime."),
        Passage("t3", "The organisation budgets for staff training."),
    ]
    plain = align(sources, targets, top=3)
    assert next(c.target_id for c in plain if c.source_id == "a") == "t2"
    # people linked a -> t3 (a budget duty, against the texts) and rejected a -> t2
    reviewed = Reviewed(linked={0: {2}}, decided={0: {1, 2}})
    guided = align(sources, targets, top=3, reviewed=reviewed)
    assert [(c.target_id, c.rank) for c in guided if c.source_id == "a"] == [("t1", 1)]

    def lead_of_t3(candidates: list[Candidate]) -> float:
        scores = {c.target_id: c.score for c in candidates if c.source_id == "b"}
        return scores["t3"] - max(v for k, v in scores.items() if k != "t3")

    assert lead_of_t3(guided) > lead_of_t3(plain) + 1.0  # b's close neighbour a is linked to t3


def _clustered_table() -> tuple[np.ndarray, np.ndarray, dict[int, set[int]]]:
    """Sources in two groups; each group maps to two targets the texts rank poorly."""
    rng = np.random.default_rng(1)
    group = np.array([0] * 10 + [1] * 10)
    cosine = np.where(group[:, None] == group[None, :], 0.8, 0.1).astype(np.float32)
    np.fill_diagonal(cosine, 1.0)
    scores = rng.normal(size=(20, 12)).astype(np.float32)
    gold = {i: ({0, 1} if group[i] == 0 else {2, 3}) for i in range(20)}
    return scores, cosine, gold


def test_simulated_review_shows_what_reviewing_a_fifth_buys() -> None:
    scores, cosine, gold = _clustered_table()
    before = ranking_scores(scores, gold)
    after = simulated_review(scores, cosine, gold, share=0.2, draws=5)
    assert after is not None
    # a draw may review one group only, which leaves the other as it was
    assert after.recall[5] > before.recall[5] + 0.3
    assert after.mrr > before.mrr + 0.3
    assert simulated_review(scores[:2], cosine[:2, :2], {0: {0}, 1: {1}}, share=0.2) is None
