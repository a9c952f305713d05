"""Silver passages train the provision classifiers and never choose or measure anything."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from govatlas.classify.gold.project_gold import SILVER, GoldPassage
from govatlas.classify.provisions.model import MIN_POSITIVES
from govatlas.classify.provisions.training import (
    fit_concept,
    out_of_fold_probabilities,
    train_taxonomy,
)
from govatlas.commands.provisions import _gold_passages
from govatlas.errors import InvalidInputError
from govatlas.taxonomy import load_taxonomies
from tests.classify.test_reviewed_provisions import HashEmbedder


def _rows(rng: np.random.Generator, n: int, positive: bool) -> np.ndarray:
    centre = np.array([1.5, 0.0]) if positive else np.array([-1.5, 0.0])
    return centre + rng.normal(size=(n, 2))


def test_silver_rows_train_but_only_the_gold_calibrates_and_is_measured() -> None:
    rng = np.random.default_rng(7)
    gold = np.vstack([_rows(rng, 20, True), _rows(rng, 40, False)])
    gold_y = np.array([1] * 20 + [0] * 40)
    # silver leans the other way: positives on the negative side
    silver = np.vstack([_rows(rng, 30, False), _rows(rng, 30, False)])
    silver_y = np.array([1] * 30 + [0] * 30)
    features = np.vstack([gold, silver])
    labels = np.concatenate([gold_y, silver_y])
    groups = [f"i{i % 10}" for i in range(len(labels))]
    chooses = np.array([True] * len(gold_y) + [False] * len(silver_y))

    probs, _ = out_of_fold_probabilities(features, labels, groups, chooses=chooses)
    assert probs.shape == (len(gold_y),)  # one probability per gold row

    alone, alone_dev = fit_concept("c", gold, gold_y, groups[: len(gold_y)])
    joined, joined_dev = fit_concept("c", features, labels, groups, chooses=chooses)
    assert joined_dev["positives"] == alone_dev["positives"] == 20
    assert joined_dev["silver_positives"] == 30
    assert "silver_positives" not in alone_dev
    assert joined.weights != alone.weights  # silver moved the fit


def _passage(i: int, split: str, labels: set[str]) -> GoldPassage:
    kind = "other" if i % 7 == 5 else "operative"
    return GoldPassage(
        f"{split[0]}{i}",
        f"{split} passage number {i}",
        "",
        f"i{i % 6}" if split != "test" else f"t{i % 3}",
        "XX",
        "law",
        split,
        kind,
        frozenset(labels) if kind == "operative" else frozenset(),
    )


def test_silver_joins_the_fit_and_leaves_the_figures_to_the_gold() -> None:
    taxonomies = load_taxonomies()
    gold = [
        _passage(i, "test" if i >= 34 else "train", {"fli-risks:bias"} if i % 4 == 0 else set())
        for i in range(40)
    ]
    silver = [_passage(i, SILVER, {"fli-risks:bias"} if i % 2 else set()) for i in range(30)]
    embedder = HashEmbedder()
    plain = train_taxonomy(gold, taxonomies["fli-risks"], taxonomies, embedder)
    joined = train_taxonomy([*gold, *silver], taxonomies["fli-risks"], taxonomies, embedder)
    assert joined.report["passages"] == {"train+dev": 34, "silver": 30, "test": 6}
    assert joined.model.trained_on["passages"] == 34
    assert joined.model.trained_on["silver_passages"] == 30
    bias = joined.report["concepts"]["bias"]["dev"]
    assert bias["positives"] == plain.report["concepts"]["bias"]["dev"]["positives"] == 8
    assert bias["silver_positives"] == 13
    assert [r.report["concepts"]["bias"]["test"]["positives"] for r in (plain, joined)] == [1, 1]


def test_silver_alone_never_makes_a_concept_trainable() -> None:
    taxonomies = load_taxonomies()
    gold = [
        _passage(
            i,
            "test" if i >= 26 else "train",
            {"fli-risks:cybersecurity"} if i < MIN_POSITIVES - 1 else set(),
        )
        for i in range(30)
    ]
    silver = [_passage(i, SILVER, {"fli-risks:cybersecurity"}) for i in range(20)]
    joined = train_taxonomy([*gold, *silver], taxonomies["fli-risks"], taxonomies, HashEmbedder())
    assert "cybersecurity" not in joined.model.models
    assert joined.report["concepts"]["cybersecurity"]["dev"]["trained"] is False


def _write(folder: Path, mirror: Path, rows: list[tuple[str, str, str]]) -> None:
    """A gold-format folder: (id, instrument, split) per passage, texts in the mirror."""
    folder.mkdir(parents=True)
    refs, labels = [], []
    for ident, instrument, split in rows:
        text = f"Passage {ident} of {instrument}: the provider shall keep records."
        (mirror / f"{ident}.txt").write_text(text, encoding="utf-8")
        refs.append(
            {
                "id": ident,
                "path": f"{ident}.txt",
                "start": 0,
                "end": len(text),
                "sha": hashlib.sha256(text.encode()).hexdigest()[:16],
                "instrument": instrument,
                "jurisdiction": "XX",
                "type": "law",
                "split": split,
            }
        )
        labels.append({"id": ident, "kind": "operative", "labels": []})
    for name, records in (("passages-1.jsonl", refs), ("labels.jsonl", labels)):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_silver_is_read_beside_the_gold_and_must_be_of_train_instruments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    monkeypatch.setenv("GOVATLAS_MIRROR", str(mirror))
    _write(tmp_path / "eval" / "gold", mirror, [("g1", "a", "train"), ("g2", "b", "test")])
    _write(tmp_path / "eval" / "silver", mirror, [("s1", "a", SILVER)])
    gold_folder = tmp_path / "eval" / "gold"
    assert [p.id for p in _gold_passages(gold_folder, silver=True)] == ["g1", "g2", "s1"]
    assert [p.id for p in _gold_passages(gold_folder, silver=False)] == ["g1", "g2"]

    (tmp_path / "eval" / "silver" / "passages-1.jsonl").unlink()
    _write(tmp_path / "eval" / "silver2", mirror, [("s2", "b", SILVER)])
    for name in ("passages-1.jsonl", "labels.jsonl"):
        (tmp_path / "eval" / "silver2" / name).replace(tmp_path / "eval" / "silver" / name)
    with pytest.raises(InvalidInputError, match="train instruments"):
        _gold_passages(gold_folder, silver=True)


def test_silver_agreement_is_measured_on_the_sample_labelled_twice(tmp_path: Path) -> None:
    from govatlas.classify.gold.pass_agreement import (
        silver_agreement_report,
        write_silver_agreement,
    )

    first = [["un:safety"], ["un:safety"], [], [], ["un:tcbm"]]
    second = [["un:safety"], [], [], []]  # the last passage was not in the sample
    (tmp_path / "passes").mkdir()
    for path, rows in (
        (tmp_path / "labels.jsonl", first),
        (tmp_path / "passes" / "second.jsonl", second),
    ):
        path.write_text(
            "".join(json.dumps({"id": f"s{i}", "labels": r}) + "\n" for i, r in enumerate(rows)),
            encoding="utf-8",
        )
    report = silver_agreement_report(tmp_path)
    assert (report["passages"], report["silver_passages"]) == (4, 5)
    safety = report["concepts"]["un:safety"]
    # observed 3/4; expected 0.5*0.25 + 0.5*0.75 = 0.5; kappa (0.75-0.5)/0.5
    assert safety["kappa"] == 0.5 and safety["f1"] == pytest.approx(2 / 3)
    assert "un:tcbm" not in report["concepts"]  # outside the sample
    assert report["taxonomies"]["un"]["macro_f1"] == round(2 / 3, 3)
    written = write_silver_agreement(report, tmp_path)
    assert "| un:safety | 0.50 | 2 | 1 |" in written[1].read_text(encoding="utf-8")


def test_a_pass_made_as_the_silver_is_scored_against_the_gold(tmp_path: Path) -> None:
    from govatlas.classify.gold.pass_agreement import silver_agreement_report

    gold_folder, silver = tmp_path / "gold", tmp_path / "silver"
    (silver / "passes").mkdir(parents=True)
    gold_folder.mkdir()

    def write(path: Path, rows: dict[str, list[str]]) -> None:
        path.write_text(
            "".join(json.dumps({"id": i, "labels": r}) + "\n" for i, r in rows.items()),
            encoding="utf-8",
        )

    write(silver / "labels.jsonl", {"s1": []})
    write(silver / "passes" / "second.jsonl", {"s1": []})
    write(gold_folder / "labels.jsonl", {"g1": ["un:safety", "oecd:1.4"], "g2": ["un:safety"]})
    write(
        silver / "passes" / "gold-check.jsonl",
        {"g1": ["un:safety"], "g2": ["un:safety", "un:security"]},
    )
    assert "against_gold" not in silver_agreement_report(silver)
    checked = silver_agreement_report(silver, gold_folder)["against_gold"]
    assert checked["passages"] == 2
    assert (checked["micro_precision"], checked["micro_recall"]) == (
        round(2 / 3, 3),
        round(2 / 3, 3),
    )
    # un: safety F1 1.0, security F1 0.0 -> 0.5; oecd: 1.4 missed -> 0.0
    assert checked["taxonomies"] == {"oecd": 0.0, "un": 0.5}
