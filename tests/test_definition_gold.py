"""The definition-pair gold (``eval/gold/definition-pairs/``) and its scoring
(``benchmarks/definition_pairs.py``): the gold holds what both passes said or the third
reader decided, no text is stored with it, and the figures reports print
(``analytics.definition_quality``) are what the frozen verdicts score on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.definition_pairs import (
    GOLD,
    Judged,
    gold_judgements,
    judge,
    machine_readings,
    manifest_of,
    rejudged_folders,
    rounds,
    scores,
)
from benchmarks.definition_pairs import Compared as Read

from govatlas.analytics import definition_quality
from govatlas.analytics.definition_quality import differ_reliable, measured
from govatlas.jsonl import read_jsonl
from govatlas.store.session import transaction
from tests.conftest import CorpusStore

FIELDS = ("verdict", "extract_complete_first", "extract_complete_second")


@pytest.mark.parametrize("folder", [*rounds(), *rejudged_folders()], ids=lambda p: p.name)
def test_the_gold_is_what_both_passes_said_or_the_third_reader_decided(folder: Path) -> None:
    drawn = {m["id"] for m in read_jsonl(folder / "pairs.jsonl")}
    a = {r["id"]: r for r in read_jsonl(folder / "passes" / "A.jsonl")}
    b = {r["id"]: r for r in read_jsonl(folder / "passes" / "B.jsonl")}
    decided = {r["id"]: r for r in read_jsonl(folder / "adjudication" / "decisions.jsonl")}
    gold = {r["id"]: r for r in read_jsonl(folder / "gold.jsonl")}
    assert set(gold) == set(a) == set(b) == drawn
    for pair_id, entry in gold.items():
        answer = {f: entry[f] for f in FIELDS}
        if all(a[pair_id][f] == b[pair_id][f] for f in FIELDS):
            assert answer == {f: a[pair_id][f] for f in FIELDS}
            assert pair_id not in decided
        else:
            assert answer == {f: decided[pair_id][f] for f in FIELDS}


def test_no_text_is_stored_with_the_gold() -> None:
    for path in GOLD.rglob("pairs.jsonl"):
        for pair in read_jsonl(path):
            assert set(pair["a"]) == {"instrument", "term", "path", "wording_sha"}
            assert "wording" not in json.dumps(pair).replace("wording_sha", "")


def _pair(pair_id: str, half: str = "test") -> dict[str, object]:
    return {"id": pair_id, "half": half, "stratum": "s"}


def test_a_verdict_is_right_when_people_say_the_same() -> None:
    manifest = [_pair("p1"), _pair("p2"), _pair("p3"), _pair("p4")]
    gold = {
        "p1": {"verdict": "same"},
        "p2": {"verdict": "partly"},  # "differ" means in part or in whole
        "p3": {"verdict": "partly"},  # "agree" is then wrong
        "p4": {"verdict": "cannot-tell"},
    }
    own = "a machine-based system that infers outputs from its input"
    readings = {
        "p1": Read(own, own, 0.99),
        "p2": Read(own, "software that makes predictions", 0.40),
        "p3": Read(own, own, 0.95),
        "p4": Read("given the term in section 5002 of the Act", own, 0.50),
    }
    judged = judge(manifest, gold, readings)
    assert [j.machine for j in judged] == ["agree", "differ", "agree", "not comparable"]
    result = scores(judged)
    agree = result["by_rule_verdict"]["agree"]
    assert (agree["right"], agree["of"]) == (1, 2)
    assert (result["by_rule_verdict"]["differ"]["right"], result["verdicts"]["of"]) == (1, 3)
    assert result["exact"]["right"] == 3  # not comparable is right where people cannot tell


def test_a_pair_the_rules_no_longer_read_is_counted_apart() -> None:
    judged = judge([_pair("p1")], {"p1": {"verdict": "same"}}, {"p1": None})
    assert judged == [Judged("p1", "test", "s", None, "not found", "same")]
    assert scores(judged)["not_found"] == 1


def test_what_reports_say_of_the_verdicts_names_the_measured_counts() -> None:
    said = measured()
    for figure in (
        definition_quality.HELD_OUT_PAIRS,
        definition_quality.AGREE_RIGHT,
        definition_quality.DIFFER_SHOWN,
        definition_quality.NOT_COMPARABLE,
    ):
        assert str(figure) in said


def test_differ_headlines_only_at_the_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(definition_quality, "DIFFER_SHOWN", 14)
    monkeypatch.setattr(definition_quality, "DIFFER_RIGHT", 14)
    assert not differ_reliable()  # 14 of 14: 0.84 at the lower end
    monkeypatch.setattr(definition_quality, "DIFFER_SHOWN", 34)
    monkeypatch.setattr(definition_quality, "DIFFER_RIGHT", 34)
    assert differ_reliable()
    monkeypatch.setattr(definition_quality, "DIFFER_SHOWN", 0)
    assert not differ_reliable()  # never measured


@pytest.mark.corpus
def test_the_figures_reports_print_hold_on_the_corpus(corpus_store: CorpusStore) -> None:
    """What reports say of the definition verdicts is what the frozen rule scores on the
    pairs it was not set on (round 1's test half and the later rounds but 3, 6 and 9)."""
    folders = rounds()
    manifest = manifest_of(folders)
    gold = gold_judgements(folders)
    with transaction(corpus_store.engine) as session:
        readings = machine_readings(session, manifest)
    held_out = [j for j in judge(manifest, gold, readings) if j.half == "test"]
    result = scores(held_out)
    by_rule = result["by_rule_verdict"]
    assert len(held_out) == definition_quality.HELD_OUT_PAIRS
    assert (by_rule["agree"]["of"], by_rule["agree"]["right"]) == (
        definition_quality.AGREE_SHOWN,
        definition_quality.AGREE_RIGHT,
    )
    assert (by_rule["differ"]["of"], by_rule["differ"]["right"]) == (
        definition_quality.DIFFER_SHOWN,
        definition_quality.DIFFER_RIGHT,
    )
    assert by_rule["not comparable"]["of"] == definition_quality.NOT_COMPARABLE


def test_a_pair_judged_again_counts_only_where_the_store_reads_it_the_new_way() -> None:
    folders = rounds()
    first, new = gold_judgements(folders, resolve=False), gold_judgements(folders, resolve=True)
    again = {r["id"]: r for f in rejudged_folders() for r in read_jsonl(f / "gold.jsonl")}
    assert again, "the pointer pairs were judged again"
    for pair_id, entry in again.items():
        assert new[pair_id] == entry
    # the pointer pairs had been "cannot tell" from the pointer alone; the statute pairs
    # were judged again once the guideline described section 7223
    pointers = [f for f in rejudged_folders() if f.name == "pointers"]
    for entry in read_jsonl(pointers[0] / "gold.jsonl"):
        assert first[entry["id"]]["verdict"] == "cannot-tell" != entry["verdict"]
    assert {k: v for k, v in new.items() if k not in again} == {
        k: v for k, v in first.items() if k not in again
    }
