"""The keyword baseline and the supervised model on small authored data."""

from __future__ import annotations

import random

import numpy as np
import pytest

from govatlas.classify.agora.tfidf_model import ModelSettings, TfidfLinearModel, _best_threshold
from govatlas.classify.concepts.keyword import KeywordClassifier
from govatlas.classify.gold.passages import LabelledPassage
from govatlas.errors import GovatlasError
from govatlas.taxonomy.schema import ConceptSpec

FINES = [
    "violators pay a civil fine",
    "a penalty of up to ten thousand dollars",
    "fines for each violation",
]
GRANTS = ["grants for research", "the agency shall award subsidies", "funding for small firms"]
FILLER = [
    "the commission shall publish a report",
    "definitions apply to this act",
    "effective date",
]


def corpus(n: int, seed: int) -> list[LabelledPassage]:
    rng = random.Random(seed)
    passages = []
    for i in range(n):
        has_fine, has_grant = rng.random() < 0.5, rng.random() < 0.5
        parts = [rng.choice(FILLER) for _ in range(4)]
        labels = set()
        if has_fine:
            parts.append(rng.choice(FINES))
            labels.add("Incentives: Fines")
        if has_grant:
            parts.append(rng.choice(GRANTS))
            labels.add("Incentives: Subsidies")
        rng.shuffle(parts)
        passages.append(LabelledPassage(str(i), ". ".join(parts), frozenset(labels)))
    return passages


def test_supervised_model_learns_and_implies_ancestors() -> None:
    concepts = ["Incentives", "Incentives: Fines", "Incentives: Subsidies", "Harms: Rare"]
    parents = {"Incentives: Fines": "Incentives", "Incentives: Subsidies": "Incentives"}
    model = TfidfLinearModel(concepts, parents, ModelSettings(jobs=1)).fit(corpus(60, 1))
    test = corpus(30, 2)
    predicted = model.predict(test)
    correct = sum(
        (p.labels - {"Incentives"}) == g.labels for p, g in zip(predicted, test, strict=True)
    )
    assert correct >= 27
    assert all("Incentives" in p.labels for p in predicted if p.labels)
    assert model.classifiers["Harms: Rare"] is None  # no positives: never predicted
    assert 0.1 <= model.thresholds["Incentives: Fines"] <= 0.9
    assert len(model.version) == 12 and model.trained_on[:2] == ["0", "1"]


def test_model_save_and_load(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = TfidfLinearModel(["Incentives: Fines"], {}, ModelSettings(jobs=1)).fit(corpus(30, 3))
    loaded = TfidfLinearModel.load(model.save(tmp_path))
    sample = corpus(5, 4)
    assert [p.labels for p in loaded.predict(sample)] == [p.labels for p in model.predict(sample)]


def test_keyword_baseline_matches_whole_words() -> None:
    concepts = [
        ConceptSpec(id="Incentives: Fines", label="Incentives: Fines"),
        ConceptSpec(id="x", label="Subsidies", alt=("grant",)),
    ]
    classifier = KeywordClassifier(concepts)
    [a, b] = classifier.predict(
        [
            LabelledPassage("a", "Fines apply. A grant is awarded."),
            LabelledPassage("b", "Refinement of grantees' definitions."),
        ]
    )
    assert a.labels == {"Incentives: Fines", "Subsidies"}
    assert b.labels == frozenset()


def test_keyword_counts_whole_words_and_phrases() -> None:
    concepts = [
        ConceptSpec(id="a", label="Pilots", alt=("regulatory sandbox", "self-driving")),
        ConceptSpec(id="b", label="Sandbox"),
        ConceptSpec(id="c", label="No names", alt=("x",)),
    ]
    classifier = KeywordClassifier(concepts)
    text = (
        "A Regulatory Sandbox for self driving cars; the sandbox, pilots and a pilot. "
        "Sandboxes and self-driving-ish talk."
    )
    counts = classifier.counts([text, ""], ["Pilots", "Sandbox", "No names", "unknown"])
    # Pilots: "regulatory sandbox", "self driving", "pilots", "self-driving" = 4
    # Sandbox: "Sandbox" (inside the phrase too) and "sandbox" = 2, not "Sandboxes"
    assert counts.tolist() == [[4.0, 2.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]


def test_keyword_hits_are_stacked_with_the_tfidf_model() -> None:
    keywords = KeywordClassifier([ConceptSpec(id="f", label="Incentives: Fines", alt=("penalty",))])
    model = TfidfLinearModel(["Incentives: Fines"], {}, ModelSettings(jobs=1), keywords)
    model.fit(corpus(60, 5))
    classifier = model.classifiers["Incentives: Fines"]
    assert classifier is not None and classifier.stacker is not None
    # the stacker learns that more keyword hits mean a likelier concept
    assert classifier.stacker.coef_[0][1] > 0
    assert model.model_id == "tfidf-logreg-kw"
    [with_hits, without] = model.scores(["fines and a penalty", "effective date"])
    assert with_hits[0] > without[0]


def test_gold_agreement_over_near_identical_texts() -> None:
    from govatlas.classify.gold.label_agreement import dice, near_duplicate_agreement

    text = "the agency shall publish a report on algorithmic impact assessments"
    passages = [
        LabelledPassage("1", text, frozenset({"a", "b", "c"})),
        LabelledPassage("2", text + ".", frozenset({"a", "b"})),
        LabelledPassage("3", "grants for research in universities", frozenset({"d"})),
        LabelledPassage("4", "grants for research in universities", frozenset({"d"})),
        LabelledPassage("5", "a wholly different matter of fines", frozenset({"e"})),
        LabelledPassage("6", "unlabelled copy of fines", frozenset()),
    ]
    agreement = near_duplicate_agreement(passages)
    # pairs (1, 2): Dice 2*2/(3+2) = 0.8, and (3, 4): 1.0
    assert dice(frozenset({"a", "b", "c"}), frozenset({"a", "b"})) == 0.8
    assert (agreement.pairs, agreement.identical) == (2, 1)
    assert abs(agreement.mean_dice - 0.9) < 1e-9
    assert agreement.as_dict()["mean_tag_dice"] == 0.9


def _fine_when_granted(n: int, seed: int) -> list[LabelledPassage]:
    """Passages of ``corpus`` relabelled by another rule: fines wherever grants are."""
    return [
        LabelledPassage(f"g{p.id}", p.text, frozenset({"Incentives: Fines"}))
        if "Incentives: Subsidies" in p.labels
        else LabelledPassage(f"g{p.id}", p.text, frozenset())
        for p in corpus(n, seed)
    ]


def test_weights_decide_between_training_documents_that_disagree() -> None:
    usual, other = corpus(60, 1), _fine_when_granted(10, 5)
    grants_only = "the agency shall award subsidies. effective date"

    def fine_score(weights: list[float] | None) -> float:
        model = TfidfLinearModel(["Incentives: Fines"], {}, ModelSettings(jobs=1))
        model.fit(usual + other, weights=weights)
        return float(model.scores([grants_only])[0, 0])

    # The 10 other documents, counted 20 times each, outweigh the 60 usual ones.
    assert fine_score([1.0] * 60 + [20.0] * 10) > fine_score(None) + 0.2


def test_a_concept_learns_only_from_passages_that_speak_for_it() -> None:
    fines = "Incentives: Fines"
    usual = corpus(40, 1)
    # Passages about fines whose labels were decided for subsidies only.
    undecided = [
        LabelledPassage(f"u{i}", f"{FINES[i % 3]}. the commission shall publish a report")
        for i in range(20)
    ]
    subsidies_only = [frozenset({"Incentives: Subsidies"})] * 20

    def fine_score(known: list[frozenset[str] | None] | None) -> float:
        model = TfidfLinearModel([fines, "Incentives: Subsidies"], {}, ModelSettings(jobs=1))
        model.fit(usual + undecided, known=known)
        return float(model.scores(["violators pay a civil fine. effective date"])[0, 0])

    assert fine_score([None] * 40 + subsidies_only) > fine_score(None) + 0.1
    with pytest.raises(GovatlasError, match="1 known-concept sets for 60 training documents"):
        fine_score([None])


def test_weights_must_be_one_positive_number_per_document() -> None:
    model = TfidfLinearModel(["Incentives: Fines"], {}, ModelSettings(jobs=1))
    for weights in ([1.0], [1.0] * 29 + [0.0], [1.0] * 29 + [-2.0]):
        with pytest.raises(GovatlasError, match="weights for 30 training documents"):
            model.fit(corpus(30, 3), weights=weights)


def test_the_threshold_maximises_the_weighted_f1() -> None:
    truth = np.array([1, 1, 0, 0])
    scores = np.array([0.8, 0.3, 0.5, 0.2])
    # Unweighted: 0.25 catches both positives and one negative (F1 0.8), 0.55 one (0.67).
    assert _best_threshold(truth, scores, np.ones(4)) == 0.25
    # The negative at 0.5 counting 5 times: 0.25 gives 4/9, 0.55 gives 2/3, 0.55 wins.
    assert _best_threshold(truth, scores, np.array([1.0, 1.0, 5.0, 1.0])) == 0.55
