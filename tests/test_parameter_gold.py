"""The parameter gold's matching (``benchmarks/parameter_gold.py``) and the gold itself:
every drawn provision is listed, and the gold holds what both passes listed or the
third reader accepted (``scripts/gold/merge_parameter_passes.py``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from benchmarks.parameter_gold import (
    ROUNDS,
    gold_key,
    gold_lists,
    kind_agreement,
    machine_keys,
    measure,
    pooled,
)
from benchmarks.parameter_gold import scores as gold_scores

from govatlas.analytics.parameter_quality import (
    ALL_PARAMETERS,
    DEADLINE_KINDS_COMPARED,
    DEADLINE_KINDS_SAME,
    DEADLINES,
    GOLD_PROVISIONS,
    HELD_OUT_ROUNDS,
    KEY_DEFINITIONS,
    KINDS_HELD_OUT_ROUNDS,
    PENALTIES,
    THRESHOLDS,
    THRESHOLDS_HELD_OUT_FROM,
)
from govatlas.analytics.parameters import extract_parameters
from govatlas.jsonl import read_jsonl
from govatlas.store.session import transaction
from tests.conftest import CorpusStore


def test_people_and_rules_are_compared_by_family_and_value() -> None:
    assert gold_key({"family": "deadline", "number": 3, "unit": "days"}) == ("deadline", "72")
    assert gold_key({"family": "deadline", "number": 1, "unit": "years"}) == ("deadline", "8760")
    assert gold_key({"family": "deadline", "number": 2, "unit": "fortnights"}) is None
    assert gold_key({"family": "threshold", "number": 1e26, "unit": "operations"}) == (
        "threshold",
        "1e+26",
    )
    assert gold_key({"family": "definition", "term": "The Frontier Model"}) == (
        "definition",
        "frontier model",
    )
    # defined terms as the definitions table reads them: "AI" is "artificial intelligence"
    assert gold_key({"family": "definition", "term": "Artificial Intelligence"}) == gold_key(
        {"family": "definition", "term": "AI"}
    )
    text = (
        "A provider shall report the incident not later than 15 days after becoming aware "
        "of it. Non-compliance is subject to administrative fines of up to EUR 35 000 000 "
        "or, if the offender is an undertaking, up to 7 % of its total worldwide annual "
        "turnover, whichever is higher."
    )
    found = Counter(key for p in extract_parameters(text) for key in machine_keys(p))
    assert found == Counter(
        {("deadline", "360"): 1, ("penalty", "3.5e+07"): 1, ("penalty", "7"): 1}
    )


def test_precision_and_recall_count_each_listed_parameter_once() -> None:
    answers = {"p1": [("deadline", "72"), ("deadline", "72")], "p2": [("penalty", "5000")]}
    found = {"p1": [("deadline", "72")], "p2": [("penalty", "5000"), ("penalty", "10000")]}
    overall = gold_scores(found, answers, None)
    assert (overall["right"], overall["reported"], overall["listed"]) == (2, 3, 3)
    assert gold_scores(found, answers, "deadline")["recall"] == 0.5
    assert gold_scores(found, answers, "threshold")["precision"] is None


FOLDERS = pytest.mark.parametrize(
    "folder", [r.folder for r in ROUNDS.values()], ids=[f"round-{n}" for n in ROUNDS]
)


@FOLDERS
def test_the_gold_lists_every_drawn_provision_from_the_passes(folder: Path) -> None:
    sample = [row["id"] for row in read_jsonl(folder / "sample.jsonl")]
    gold = gold_lists(read_jsonl(folder / "gold.jsonl"))
    a = gold_lists(read_jsonl(folder / "passes" / "pass-a.jsonl"))
    b = gold_lists(read_jsonl(folder / "passes" / "pass-b.jsonl"))
    accepted = Counter(
        (d["id"], gold_key(d["item"]))
        for d in read_jsonl(folder / "adjudication" / "decisions.jsonl")
        if d["accept"]
    )
    assert sorted(gold) == sorted(sample) == sorted(a) == sorted(b)
    for pid in sample:
        agreed = Counter(a[pid]) & Counter(b[pid])
        decided = Counter({key: n for (who, key), n in accepted.items() if who == pid})
        assert Counter(gold[pid]) == agreed + decided, pid


@FOLDERS
def test_each_gold_deadline_has_the_kind_both_passes_gave_or_the_reader_chose(
    folder: Path,
) -> None:
    a = read_jsonl(folder / "passes" / "kinds-a.jsonl")
    b = read_jsonl(folder / "passes" / "kinds-b.jsonl")
    gold = read_jsonl(folder / "kinds.jsonl")
    # a decision names which of a provision's deadlines of one duration it is ("nth", in
    # the gold's order) when they differ in kind; without it, it decides them all
    decided = {
        (d["id"], d["number"], d["unit"], d.get("nth")): d["kind"]
        for d in read_jsonl(folder / "adjudication" / "kinds.jsonl")
    }
    seen: Counter[tuple[str, float, str]] = Counter()
    listed = Counter(
        (pid, key[1])
        for pid, keys in gold_lists(read_jsonl(folder / "gold.jsonl")).items()
        for key in keys
        if key[0] == "deadline"
    )
    keys = [(r["id"], gold_key(r | {"family": "deadline"})) for r in gold]
    assert Counter((pid, key[1]) for pid, key in keys if key) == listed
    for x, y, g in zip(a, b, gold, strict=True):
        key = (g["id"], g["number"], g["unit"])
        nth = seen[key]
        seen[key] += 1
        chosen = decided.get((*key, nth), decided.get((*key, None)))
        assert g["kind"] == (x["kind"] if x["kind"] == y["kind"] else chosen), key


def test_no_text_is_stored_with_the_gold() -> None:
    """Words are offsets into the stored text whose hash the manifest gives, never copies."""
    for path in ROUNDS[1].folder.rglob("*.jsonl"):
        for row in read_jsonl(path):
            items = row.get("parameters", []) + ([row["item"]] if "item" in row else [])
            assert "text" not in row and all("words" not in i for i in items), path
            assert all(i["start"] is not None and i["end"] > i["start"] for i in items), path


def test_deadline_kinds_are_compared_where_both_read_the_same_deadline() -> None:
    gold = {"p1": [("72", "incident-reporting"), ("2160", "other")], "p2": [("24", "response")]}
    found = {"p1": [("72", "notification"), ("2160", "other")], "p2": []}
    agreement = kind_agreement(found, gold)
    assert (agreement["compared"], agreement["same_kind"]) == (2, 1)
    assert agreement["confusions"] == {"incident-reporting read as notification": 1}
    # three "30 days" listed, two read: each read one is paired once
    gold = {"p1": [("720", "notification"), ("720", "notification"), ("720", "other")]}
    found = {"p1": [("720", "notification"), ("720", "assessment")]}
    agreement = kind_agreement(found, gold)
    assert (agreement["compared"], agreement["same_kind"]) == (2, 1)
    assert sum(agreement["confusions"].values()) == 1


def test_rounds_measured_with_the_same_rules_are_counted_together() -> None:
    def result(
        n: int, right: int, reported: int, listed: int, same: int, compared: int
    ) -> dict[str, Any]:
        counts = {"right": right, "reported": reported, "listed": listed}
        return {
            "round": n,
            "provisions": 10,
            "instruments": [f"i{n}"],
            "rules": {"deadline": counts, "None": counts},
            "deadline_kinds": {"rules": {"same_kind": same, "compared": compared}},
        }

    together = pooled([result(3, 9, 10, 12, 4, 5), result(4, 5, 5, 8, 2, 5)])
    assert together["provisions"] == 20 and together["rounds"] == [3, 4]
    assert together["rules"]["None"]["right"] == 14 and together["rules"]["None"]["listed"] == 20
    assert together["rules"]["None"]["recall"] == 0.7
    low, high = together["rules"]["None"]["recall_ci"]
    assert low < 0.7 < high  # an interval, never a point
    assert (together["deadline_kinds"]["same_kind"], together["deadline_kinds"]["compared"]) == (
        6,
        10,
    )


def test_thresholds_count_only_from_the_rounds_that_hold_them_out() -> None:
    """Thresholds were changed on rounds 21, 26 and 29: rounds drawn before the change give
    none to the pooled figures, and their "all" leaves them out, while every other family
    pools as before."""

    def result(n: int) -> dict[str, Any]:
        deadlines = {"right": 8, "reported": 9, "listed": 10}
        thresholds = {"right": 1, "reported": 3, "listed": 2}
        every = {k: deadlines[k] + thresholds[k] for k in deadlines}
        return {
            "round": n,
            "provisions": 10,
            "instruments": [f"i{n}"],
            "rules": {"deadline": deadlines, "threshold": thresholds, "None": every},
            "deadline_kinds": {"rules": {"same_kind": 1, "compared": 1}},
        }

    before, after = THRESHOLDS_HELD_OUT_FROM - 1, THRESHOLDS_HELD_OUT_FROM
    together = pooled([result(before), result(after)])["rules"]
    assert (together["threshold"]["right"], together["threshold"]["reported"]) == (1, 3)
    assert (together["deadline"]["right"], together["deadline"]["listed"]) == (16, 20)
    assert (together["None"]["right"], together["None"]["reported"]) == (17, 21)
    assert together["None"]["listed"] == 22


@pytest.mark.corpus
def test_the_figures_reports_print_hold_on_the_corpus(
    corpus_store: CorpusStore, corpus_dir: Path
) -> None:
    """What the white paper and briefs say of the rules (``analytics.parameter_quality``)
    is what they score on the gold over the real corpus."""
    with transaction(corpus_store.engine) as session:
        result = pooled([measure(session, ROUNDS[n], corpus_dir) for n in HELD_OUT_ROUNDS])
    assert result["provisions"] == GOLD_PROVISIONS
    for family, shipped in (
        ("None", ALL_PARAMETERS),
        ("deadline", DEADLINES),
        ("definition", KEY_DEFINITIONS),
        ("penalty", PENALTIES),
        ("threshold", THRESHOLDS),
    ):
        found = result["rules"][family]
        assert (found["listed"], found["reported"], found["right"]) == (
            shipped.listed,
            shipped.reported,
            shipped.right,
        ), family
    with transaction(corpus_store.engine) as session:
        kinds_rounds = pooled(
            [measure(session, ROUNDS[n], corpus_dir) for n in KINDS_HELD_OUT_ROUNDS]
        )
    kinds = kinds_rounds["deadline_kinds"]
    assert (kinds["compared"], kinds["same_kind"]) == (DEADLINE_KINDS_COMPARED, DEADLINE_KINDS_SAME)
