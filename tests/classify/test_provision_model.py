"""The provision classifiers: thresholds, calibration, the operative gate, the JSON form,
and the label-passages contract."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from govatlas.classify.measured.shipped import MeasuredConcept, parse_quality
from govatlas.classify.provisions.labelling import PROVISION_TAXONOMIES, read_passages_csv
from govatlas.classify.provisions.model import ConceptModel, ProvisionModel, markers
from govatlas.classify.provisions.training import pick_threshold, platt, scores_with_intervals
from govatlas.cli import app
from govatlas.errors import InvalidInputError
from govatlas.taxonomy import load_taxonomies

runner = CliRunner()


def test_threshold_reaches_the_target_precision_or_says_it_did_not() -> None:
    probs = np.array([0.95, 0.9, 0.85, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1])
    labels = np.array([1, 1, 1, 1, 0, 1, 0, 0, 0, 0])
    threshold, reached = pick_threshold(probs, labels)
    assert reached and threshold == pytest.approx(0.8)  # 4/4 above, the most recall at P>=0.85
    noisy = np.array([1, 0, 1, 0, 1, 0, 1, 0, 1, 0])
    _, reached = pick_threshold(probs, noisy)
    assert not reached


def test_platt_scaling_is_monotone() -> None:
    scores = np.linspace(-3, 3, 40)
    labels = (scores + np.random.default_rng(1).normal(0, 1, 40) > 0).astype(int)
    a, _ = platt(scores, labels)
    assert a > 0


def test_intervals_contain_the_estimate() -> None:
    predicted = np.array([True] * 30 + [False] * 70)
    gold = np.array([True] * 25 + [False] * 5 + [True] * 5 + [False] * 65)
    figures = scores_with_intervals(predicted, gold)
    assert figures["precision"] == pytest.approx(25 / 30, abs=1e-3)
    low, high = figures["precision_ci"]
    assert low <= figures["precision"] <= high and high - low > 0


def _tiny_model() -> ProvisionModel:
    width = 3
    return (
        ProvisionModel(
            taxonomy="oecd",
            embedding_model="test",
            concepts=["1", "1.1", "1.2", "2"],
            keyword_names=[],
            models={
                "1.1": ConceptModel("1.1", [4.0, 0.0, 0.0], -2.0, (1.0, 0.0), 0.5),
                "1.2": ConceptModel("1.2", [0.0, 4.0, 0.0], -2.0, (1.0, 0.0), 0.5),
            },
            gate=ConceptModel("operative", [0.0, 0.0, 4.0], -2.0, (1.0, 0.0), 0.5),
            parents={"1.1": "1", "1.2": "1"},
        )
        if width
        else ProvisionModel("oecd", "t", [], [], {}, None)
    )


def test_decisions_imply_parents_and_the_gate_silences_non_operative_text() -> None:
    model = _tiny_model()
    features = np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert model.decide(features) == [{"1.1", "1"}, set(), set()]
    again = ProvisionModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again.decide(features) == model.decide(features)
    quality = parse_quality("oecd", model.to_json()["quality"])
    assert set(quality) == {"1.1", "1.2"}


def test_markers_flag_text_that_is_never_evidence() -> None:
    found = markers(
        ["The Congress finds the following.", "(a) A provider shall keep logs of every use."],
        ["Findings", "Record keeping"],
    )
    assert found[0][0] == 1.0 and found[1][0] == 0.0 and found[1][2] == 1.0


def test_a_measured_concept_under_the_floor_is_experimental() -> None:
    good = MeasuredConcept("fli-blocks", "red-lines", 0.6, 0.9, 0.5, 0.64, 20)
    weak = MeasuredConcept("fli-blocks", "red-lines", 0.6, 0.7, 0.5, 0.58, 20)
    few = MeasuredConcept("fli-blocks", "red-lines", 0.6, 1.0, 0.5, 0.67, 4)
    assert good.assessable and not weak.assessable and not few.assessable
    assert "below the 0.85 floor" in weak.note and "too few" in few.note


def test_a_precision_read_from_one_prediction_is_not_a_measurement() -> None:
    one = MeasuredConcept("fli-risks", "x", 0.6, 1.0, 0.091, 0.17, 11, test_predicted=1)
    five = MeasuredConcept("fli-risks", "x", 0.6, 1.0, 0.417, 0.59, 12, test_predicted=5)
    assert not one.assessable and five.assessable
    assert "from 1 test prediction, too few" in one.note
    near = MeasuredConcept("un", "x", 0.6, 0.846, 0.38, 0.52, 30, test_predicted=26)
    assert "precision 0.846" in near.note and "below the 0.85 floor" in near.note
    # recovered from the figures when the model file does not record the count
    unrecorded = MeasuredConcept("fli-risks", "x", 0.6, 1.0, 0.1, 0.18, 20)
    assert unrecorded.predicted == 2 and not unrecorded.assessable


def test_bad_passage_files_are_named(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,body\n1,x\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="id and text"):
        read_passages_csv(path)
    path.write_text("id,text\n1,x\n1,y\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="repeats"):
        read_passages_csv(path)


@pytest.mark.parametrize("taxonomy", PROVISION_TAXONOMIES)
def test_label_passages_contract(tmp_path: Path, taxonomy: str) -> None:
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerow(["p1", "The following AI practices shall be prohibited: social scoring."])
        writer.writerow(["p2", "Providers shall report any serious incident within 15 days."])
        writer.writerow(["p3", "This Act may be cited as the Example Act."])
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app, ["label-passages", "--taxonomy", taxonomy, str(source), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    concepts = [c.id for c in load_taxonomies()[taxonomy].concepts]
    assert rows[0] == ["id", *concepts]
    assert [r[0] for r in rows[1:]] == ["p1", "p2", "p3"]
    assert all(v in ("0", "1") for r in rows[1:] for v in r[1:])
    assert set(rows[3][1:]) == {"0"}  # a short title is never evidence
