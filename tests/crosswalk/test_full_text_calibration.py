"""The full-text calibration: its gold is consistent, its constants are what the gold gives,
and suggestions between two stored texts use it while reference items keep the published one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.full_comparison_calibration import (
    FOLDER,
    JudgedPair,
    evaluate,
    frameworks,
    held_out,
    stored_share,
)
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.crosswalk.align import (
    FULL_TEXT_INTERCEPT,
    FULL_TEXT_JUDGED,
    FULL_TEXT_RANKER,
    FULL_TEXT_SLOPE,
    SHIPPED_RANKER,
    Ranker,
    for_full_texts,
)
from govatlas.crosswalk.full_text_quality import FULL_TEXT_QUALITY, FullTextQuality
from govatlas.crosswalk.suggest import suggest_crosswalk
from govatlas.store.models import Relationship
from govatlas.vocabulary import RelationshipMethod


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def test_the_gold_is_both_passes_agreed_or_adjudicated() -> None:
    manifest = _lines(FOLDER / "pairs.jsonl")
    ids = [str(r["id"]) for r in manifest]
    assert len(ids) == len(set(ids)) == FULL_TEXT_JUDGED
    a = {r["id"]: r["link"] for r in _lines(FOLDER / "passes" / "pass-a.jsonl")}
    b = {r["id"]: r["link"] for r in _lines(FOLDER / "passes" / "pass-b.jsonl")}
    decided = {r["id"]: r["link"] for r in _lines(FOLDER / "adjudication" / "decisions.jsonl")}
    gold = {r["id"]: r for r in _lines(FOLDER / "gold.jsonl")}
    assert set(a) == set(b) == set(gold) == set(ids)
    assert set(decided) == {i for i in ids if a[i] != b[i]}
    for i in ids:
        assert gold[i]["link"] == (decided[i] if i in decided else a[i])
        assert gold[i]["adjudicated"] == (i in decided)
    assert all("text" not in json.dumps(r) for r in manifest)  # texts stay in the corpus


def test_the_second_draw_is_both_passes_agreed_or_adjudicated_and_new() -> None:
    folder = FOLDER / "draw-2"
    manifest = _lines(folder / "pairs.jsonl")
    ids = [str(r["id"]) for r in manifest]
    a = {r["id"]: r["link"] for r in _lines(folder / "passes" / "pass-a.jsonl")}
    b = {r["id"]: r["link"] for r in _lines(folder / "passes" / "pass-b.jsonl")}
    decided = {r["id"]: r["link"] for r in _lines(folder / "adjudication" / "decisions.jsonl")}
    gold = {r["id"]: r for r in _lines(folder / "gold.jsonl")}
    assert len(ids) == len(set(ids)) and set(a) == set(b) == set(gold) == set(ids)
    assert set(decided) == {i for i in ids if a[i] != b[i]}
    for i in ids:
        assert gold[i]["link"] == (decided[i] if i in decided else a[i])

    def unit(side: object) -> tuple[str, str]:
        assert isinstance(side, dict)
        return str(side["instrument"]), str(side["sha"])

    first = {
        frozenset((unit(r["source"]), unit(r["target"]))) for r in _lines(FOLDER / "pairs.jsonl")
    }
    # no pair of the first draw is judged again: the second is a check no fit saw
    assert not [r for r in manifest if frozenset((unit(r["source"]), unit(r["target"]))) in first]
    assert all("text" not in json.dumps(r) for r in manifest)


@pytest.mark.parametrize("draw", ["draw-3", "draw-4"])
def test_pooled_draws_are_agreed_or_adjudicated_and_reuse_earlier_answers(draw: str) -> None:
    """Every pooled pair is judged twice and agreed or adjudicated, or keeps an earlier
    draw's answer; no text is stored."""
    folder = FOLDER / draw
    manifest = _lines(folder / "pairs.jsonl")
    ids = [str(r["id"]) for r in manifest]
    judged = {str(r["id"]) for r in manifest if "earlier_answer" not in r}
    a = {r["id"]: r["link"] for r in _lines(folder / "passes" / "pass-a.jsonl")}
    b = {r["id"]: r["link"] for r in _lines(folder / "passes" / "pass-b.jsonl")}
    decided = {r["id"]: r["link"] for r in _lines(folder / "adjudication" / "decisions.jsonl")}
    gold = {r["id"]: r for r in _lines(folder / "gold.jsonl")}
    assert len(ids) == len(set(ids)) and set(a) == set(b) == set(gold) == judged
    assert set(decided) == {i for i in judged if a[i] != b[i]}
    for i in judged:
        assert gold[i]["link"] == (decided[i] if i in decided else a[i])
    assert all("text" not in json.dumps(r) for r in manifest)


def test_shipped_constants_are_what_the_gold_gives() -> None:
    result = evaluate()
    assert result["fitted"] == {"slope": FULL_TEXT_SLOPE, "intercept": FULL_TEXT_INTERCEPT}
    held_out_framework = result["held_out_framework"]
    assert (
        FullTextQuality(
            judged=FULL_TEXT_JUDGED,
            kappa=result["agreement"]["kappa"],
            published_stated=result["stored_suggestions"]["stated"],
            published_observed=result["stored_suggestions"]["observed"],
            held_out_ece=held_out_framework["expected_calibration_error"],
            likely=held_out_framework["likely"],
            likely_right=held_out_framework["likely_right"],
            below_floor_linked=result["below_floor_linked"],
            rechecked=result["recheck"]["agreement"]["pairs"],
            recheck_ece=result["recheck"]["shipped"]["expected_calibration_error"],
            stored=result["recheck"]["stored"]["suggestions"],
            stored_linked=result["recheck"]["stored"]["linked"],
        )
        == FULL_TEXT_QUALITY
    )
    # held out by framework, the full-text probabilities are better calibrated than the
    # published ones on these pairs
    assert (
        result["held_out_framework"]["expected_calibration_error"]
        < result["published_calibration"]["expected_calibration_error"]
    )


def _pair(index: int, score: float, linked: bool, frames: tuple[str, str]) -> JudgedPair:
    return JudgedPair(f"p{index}", *frames, score, 0.5, "0.45-0.55", linked, linked, linked)


def test_held_out_fits_never_see_the_pairs_they_score() -> None:
    # framework "x" pairs are all linked at a low score; fitted without them, a low score
    # predicts "not linked", so their held-out probability stays low
    pairs = [
        _pair(i, float(i % 10), i % 10 >= 5, ("a", "b") if i < 20 else ("c", "d"))
        for i in range(40)
    ]
    pairs += [_pair(100 + i, 1.0, True, ("x", "y")) for i in range(5)]
    check = held_out(pairs, frameworks, (0.0, 0.0))
    # 25 linked pairs: the 20 with high scores are found, framework x's 5 are not
    assert check["likely_recall"] == 0.8


def test_stored_share_weights_bins_by_population() -> None:
    rows = [
        {"bin": "0.25-0.35", "observed": 0.0, "stated": 0.3, "candidates": 1000},
        {"bin": "0.35-0.45", "observed": 0.1, "stated": 0.4, "candidates": 300},
        {"bin": "0.45-0.55", "observed": 0.5, "stated": 0.5, "candidates": 100},
    ]
    share = stored_share(rows, floor=0.35)
    assert share == {"candidates": 400, "observed": 0.2, "stated": 0.425}


def test_only_the_shipped_ranking_takes_the_full_text_calibration() -> None:
    assert for_full_texts(SHIPPED_RANKER) is FULL_TEXT_RANKER
    trained = Ranker({**SHIPPED_RANKER.weights, "bm25": 1.0}, 2.0)
    assert for_full_texts(trained) is trained
    full, published = FULL_TEXT_RANKER.probability(8.0), SHIPPED_RANKER.probability(8.0)
    assert full is not None and published is not None and full < published


def _rationales(engine: Engine, author: str) -> list[str]:
    with Session(engine) as session:
        return [
            r.rationale or ""
            for r in session.scalars(
                select(Relationship).where(
                    Relationship.method == RelationshipMethod.AUTOMATED,
                    Relationship.author == author,
                )
            )
        ]


@pytest.mark.parametrize(
    ("target", "basis"),
    [
        ("nist-ai-rmf-1-0", "full comparisons of two texts"),
        ("iso-iec-42001", "the published crosswalks"),
    ],
)
def test_suggestions_say_which_calibration_gave_their_probability(
    crosswalked: Engine, target: str, basis: str
) -> None:
    result = suggest_crosswalk(crosswalked, "eu-ai-act", target, top=2)
    assert result.suggestions > 0
    rationales = _rationales(crosswalked, "govatlas crosswalk suggest")
    assert rationales and all(basis in r for r in rationales)
