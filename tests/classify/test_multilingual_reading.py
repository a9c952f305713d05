"""Texts in languages the gold does not hold are read by the multilingual reading, whose
labels are stored apart and count in no coverage figure."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import EmbeddingModel, Vectors
from govatlas.classify.measured.shipped import MULTILINGUAL_MODEL, PROVISION_MODEL
from govatlas.classify.provisions import labelling as provision_labelling
from govatlas.classify.provisions.labelling import (
    in_measured_language,
    instruments_to_label,
    label_instrument_provisions,
    label_passages_csv,
    reader_for,
)
from govatlas.classify.provisions.model import ENGLISH, MULTILINGUAL, ProvisionModel
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.records import SourceDocument
from govatlas.store.models import Label, LabellingRun
from govatlas.store.session import transaction
from tests.classify.test_provision_model import _tiny_model

FRENCH = (
    "Article 1. Les fournisseurs de systèmes d'intelligence artificielle tiennent un "
    "registre de leur fonctionnement pendant six mois.\n\n"
    "Article 2. Les incidents graves sont signalés à l'autorité de surveillance du marché "
    "dans un délai de quinze jours.\n"
)


class FakeEmbedder:
    """Every text embeds to the same vector: concept 1.1 and the operative gate fire."""

    name = EmbeddingModel.MINILM
    dimension = 3

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        return np.tile(np.array([1.0, 0.0, 1.0], dtype=np.float32), (len(texts), 1))

    def embed_query(self, query: str) -> Vectors:
        return self.embed([query])[0]


def _model(reading: str, embedding_model: str) -> ProvisionModel:
    """The tiny OECD model of ``test_provision_model``: concept 1.1 and the gate read the
    first and third embedding dimensions."""
    return replace(_tiny_model(), embedding_model=embedding_model, trained_on={"reading": reading})


ENGLISH_MODEL = _model(ENGLISH, "fake-en")
MULTILINGUAL_READING = _model(MULTILINGUAL, "fake-ml")


def test_texts_in_the_gold_languages_or_of_unknown_language_are_read_in_english() -> None:
    assert in_measured_language("en", "oecd") and in_measured_language("en-GB", "oecd")
    assert in_measured_language(None, "oecd")
    assert not in_measured_language("zh", "oecd")
    both = {"oecd": MULTILINGUAL_READING}
    assert reader_for(ENGLISH_MODEL, both, "fr") is MULTILINGUAL_READING
    assert reader_for(ENGLISH_MODEL, both, "en") is ENGLISH_MODEL
    assert reader_for(ENGLISH_MODEL, {}, "fr") is ENGLISH_MODEL  # none shipped: as before


def test_label_passages_sends_each_passage_to_the_reading_of_its_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: dict[str, list[str]] = {}

    def decide(
        model: ProvisionModel, texts: Sequence[str], headings: Sequence[str], *_: object
    ) -> tuple[list[set[str]], dict[str, np.ndarray]]:
        read[model.reading] = list(texts)
        return [{"1.1", "1"} if model.reading == MULTILINGUAL else set() for _ in texts], {}

    monkeypatch.setattr(provision_labelling, "shipped_model", lambda taxonomy: ENGLISH_MODEL)
    monkeypatch.setattr(
        provision_labelling, "multilingual_models", lambda names: {"oecd": MULTILINGUAL_READING}
    )
    monkeypatch.setattr(provision_labelling, "embedder_of", FakeEmbedder)
    monkeypatch.setattr(provision_labelling, "decide_texts", decide)
    english = "Providers shall keep a record of how the system operated for six months."
    french = FRENCH.split("\n\n")[0]
    chinese = (  # our own words: keep operation records six months, report serious events
        "第五条 在境内提供人工智能服务的组织，应当保存系统运行记录六个月，"
        "并在发生严重事件后及时向主管部门报告。"
    )
    citation = "Section 2(a)(iii), 15 U.S.C. 9401 et seq., FY 2023-2024."  # no sure language
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([["id", "text"], ["en", english], ["fr", french], ["zh", chinese]])
        writer.writerow(["cite", citation])
    out = tmp_path / "out.csv"
    assert label_passages_csv("oecd", source, out, FakeEmbedder("fake-en")) == 4
    assert read[ENGLISH] == [english, citation]
    assert read[MULTILINGUAL] == [french, chinese]
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["id", "1", "1.1", "1.2", "2"]
    assert rows[1:] == [
        ["en", "0", "0", "0", "0"],
        ["fr", "1", "1", "0", "0"],
        ["zh", "1", "1", "0", "0"],
        ["cite", "0", "0", "0", "0"],
    ]


def _french_version(built: Engine) -> int:
    with transaction(built) as session:
        stored = store_document(
            session,
            Linker(session),
            SourceDocument(
                "test",
                "gamma-guidance",
                "gamma-guidance",
                text=FRENCH,
                known_instrument="gamma-guidance",
            ),
        )
    assert stored.version_id is not None
    return stored.version_id


def _labels(session: Session) -> list[tuple[str | None, str, str | None]]:
    return [
        (label.model_id, label.concept_id, label.provenance)
        for label in session.scalars(
            select(Label).where(Label.model_id.in_([PROVISION_MODEL, MULTILINGUAL_MODEL]))
        )
    ]


def test_a_text_in_another_language_is_labelled_by_the_multilingual_reading_apart(
    built: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = _french_version(built)
    monkeypatch.setattr(provision_labelling, "embedder_of", FakeEmbedder)
    english = FakeEmbedder("fake-en")
    both = {"oecd": MULTILINGUAL_READING}
    with transaction(built) as session:
        assert "gamma-guidance" in instruments_to_label(session, [ENGLISH_MODEL], both)
        written = label_instrument_provisions(
            session, [ENGLISH_MODEL], "gamma-guidance", english, both
        )
    assert written
    with Session(built) as session:
        labels = _labels(session)
        assert {m for m, _, _ in labels} == {MULTILINGUAL_MODEL}
        assert {c for _, c, _ in labels} == {"oecd:1-1", "oecd:1"}
        assert all(p and "measured on English only" in p for _, _, p in labels)
        runs = session.execute(
            select(LabellingRun.model_id).where(LabellingRun.version_id == version)
        ).all()
        assert [r for (r,) in runs] == [MULTILINGUAL_MODEL]
        assert "gamma-guidance" not in instruments_to_label(session, [ENGLISH_MODEL], both)
        # without the multilingual reading, the English one has not read it yet
        assert "gamma-guidance" in instruments_to_label(session, [ENGLISH_MODEL], {})
    with transaction(built) as session:  # read again by the English reading alone
        label_instrument_provisions(session, [ENGLISH_MODEL], "gamma-guidance", english, {})
    with Session(built) as session:
        assert {m for m, _, _ in _labels(session)} == {PROVISION_MODEL}
        runs = session.execute(
            select(LabellingRun.model_id).where(LabellingRun.version_id == version)
        ).all()
        assert [r for (r,) in runs] == [PROVISION_MODEL]


def test_a_recital_is_read_but_never_labelled() -> None:
    """An EU act's recitals state reasons, never duties (the guidelines' findings-purpose
    kind): the classifiers read them, so the text counts as read, and label none."""
    text = "Providers shall keep a log of the system's operation for six months."
    passages = [
        provision_labelling.ReadingPassage(1, "", text, "art.12.1"),
        provision_labelling.ReadingPassage(2, "", f"(12) {text}", "recital.12"),
        provision_labelling.ReadingPassage(3, "", text, ""),  # a path says nothing: read
    ]
    assert [p.never_evidence for p in passages] == [False, True, False]
    (found,) = provision_labelling.read_version(
        [ENGLISH_MODEL],
        passages,
        "en",
        lambda _reader: np.tile(np.array([1.0, 0.0, 1.0]), (len(passages), 1)),
    )
    assert found.labels == [{"1", "1.1"}, set(), {"1", "1.1"}]  # 1.1 implies its parent
    assert found.operative.tolist() == [True, False, True]
    assert found.probabilities["1.1"][1] == pytest.approx(found.probabilities["1.1"][0])
