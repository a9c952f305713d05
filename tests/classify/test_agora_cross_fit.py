"""Cross-fitting the shipped AGORA model over the dev gold, on authored documents."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from govatlas.classify.agora.documents import AgoraDocument
from govatlas.classify.agora.tasks import VALIDATED_WEIGHT, cross_fit
from govatlas.classify.agora.tfidf_model import ModelSettings, TfidfLinearModel
from govatlas.classify.gold.passages import LabelledPassage
from tests.classify.test_classifiers import corpus


def documents(start: int, count: int, tier: str) -> list[AgoraDocument]:
    return [
        AgoraDocument(LabelledPassage(f"{tier}-{p.id}", p.text, p.labels), tier, f"{tier}{p.id}")
        for p in corpus(count, start)
    ]


def test_every_dev_document_is_labelled_once_by_a_model_that_never_saw_it() -> None:
    train = documents(1, 60, "annotated")
    dev = documents(2, 12, "validated")
    progress: list[str] = []
    report = cross_fit(
        train,
        dev,
        3,
        ["Incentives: Fines", "Incentives: Subsidies"],
        ModelSettings(jobs=1),
        progress.append,
    )
    assert progress == [f"Cross-fitting: fold {n} of 3" for n in (1, 2, 3)]
    supports = {c: s.support for c, s in report.per_concept.items()}
    assert supports == {
        c: sum(c in d.passage.labels for d in dev)
        for c in ("Incentives: Fines", "Incentives: Subsidies")
    }
    assert report.macro_f1 >= 0.8  # the authored concepts are easy to learn


def test_validated_documents_count_more_in_training(monkeypatch: pytest.MonkeyPatch) -> None:
    weights_seen: list[list[float]] = []
    fit = TfidfLinearModel.fit

    def spy(
        model: TfidfLinearModel,
        passages: Sequence[LabelledPassage],
        hashes: Sequence[str] = (),
        weights: Sequence[float] | None = None,
        known: Sequence[frozenset[str] | None] | None = None,
    ) -> TfidfLinearModel:
        weights_seen.append(list(weights or []))
        return fit(model, passages, hashes, weights, known)

    monkeypatch.setattr(TfidfLinearModel, "fit", spy)
    train, dev = documents(1, 30, "annotated"), documents(2, 6, "validated")
    cross_fit(train, dev, 2, ["Incentives: Fines"], ModelSettings(jobs=1))
    assert weights_seen == [[1.0] * 30 + [VALIDATED_WEIGHT] * 3] * 2
