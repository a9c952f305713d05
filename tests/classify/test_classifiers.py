"""The keyword baseline and the supervised model on small authored data."""

from __future__ import annotations

import random

from govatlas.classify.keyword import KeywordClassifier
from govatlas.classify.passages import LabelledPassage
from govatlas.classify.supervised import ModelSettings, TfidfLinearModel
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
