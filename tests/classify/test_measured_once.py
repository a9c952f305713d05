"""The AGORA evaluation is measured once per state of its inputs, and measured again
when a document, a setting, the tags or the code that computes it changes."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import Engine

from govatlas.classify.agora import measured_once
from govatlas.classify.agora.documents import agora_documents
from govatlas.classify.agora.measured_once import (
    EVALUATION_FILE,
    KeptEvaluation,
    evaluation_key,
    measured_agora,
)
from govatlas.classify.agora.tasks import Evaluation, evaluate_agora
from govatlas.classify.agora.tfidf_model import ModelSettings
from govatlas.classify.pickled import save_pickled
from govatlas.store.session import transaction


@pytest.fixture
def measurements(monkeypatch: pytest.MonkeyPatch) -> list[Evaluation]:
    """Every evaluation measured (not read back) from here on."""
    measured: list[Evaluation] = []

    def counted(engine: Engine, **options: object) -> Evaluation:
        evaluation = evaluate_agora(engine)
        measured.append(evaluation)
        return evaluation

    monkeypatch.setattr(measured_once, "evaluate_agora", counted)
    return measured


def test_the_same_inputs_are_read_back_not_measured_again(
    ingested: Engine, tmp_path: Path, measurements: list[Evaluation]
) -> None:
    first = measured_agora(ingested, tmp_path)
    assert len(measurements) == 1 and (tmp_path / EVALUATION_FILE).is_file()
    again = measured_agora(ingested, tmp_path)
    assert len(measurements) == 1
    assert again.dev_size == first.dev_size > 0 and again.concepts == first.concepts
    assert (again.model, again.keyword) == (first.model, first.keyword)
    assert again.model_version == first.model_version


def test_an_evaluation_of_other_inputs_is_measured_over(
    ingested: Engine, tmp_path: Path, measurements: list[Evaluation]
) -> None:
    measured_agora(ingested, tmp_path)
    path = tmp_path / EVALUATION_FILE
    kept = measured_once._kept(path)
    assert kept is not None
    save_pickled(KeptEvaluation("another store's key", kept.evaluation), path)
    measured_agora(ingested, tmp_path)
    assert len(measurements) == 2
    reread = measured_once._kept(path)
    assert reread is not None and reread.key == kept.key


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x04K\x01."])
def test_a_damaged_or_foreign_file_is_measured_over(
    ingested: Engine, tmp_path: Path, measurements: list[Evaluation], damage: bytes
) -> None:
    (tmp_path / EVALUATION_FILE).write_bytes(damage)  # the last is the pickled int 1
    evaluation = measured_agora(ingested, tmp_path)
    assert len(measurements) == 1 and evaluation.dev_size > 0
    assert measured_once._kept(tmp_path / EVALUATION_FILE) is not None


def test_the_key_changes_with_every_input_that_decides_the_figures(ingested: Engine) -> None:
    with transaction(ingested) as session:
        documents = agora_documents(session)
    settings, tags = ModelSettings(), ["tag-a", "tag-b"]
    key = evaluation_key(documents, settings, tags)
    assert evaluation_key(list(reversed(documents)), settings, tags) == key  # order aside
    relabelled = dataclasses.replace(
        documents[0],
        passage=dataclasses.replace(documents[0].passage, labels=frozenset({"another-tag"})),
    )
    others = {
        "a document's tags": evaluation_key([relabelled, *documents[1:]], settings, tags),
        "a person's decision": evaluation_key(
            [dataclasses.replace(documents[0], known=frozenset({"tag-a"})), *documents[1:]],
            settings,
            tags,
        ),
        "a document's tier": evaluation_key(
            [dataclasses.replace(documents[0], tier="other"), *documents[1:]], settings, tags
        ),
        "a document fewer": evaluation_key(documents[1:], settings, tags),
        "a setting": evaluation_key(documents, ModelSettings(c=1.0), tags),
        "the tags": evaluation_key(documents, settings, tags[:1]),
        "the code": evaluation_key(
            documents, settings, tags, (*measured_once.EVALUATION_CODE, _this_module())
        ),
    }
    assert key not in others.values()
    assert len(set(others.values())) == len(others)


def _this_module() -> ModuleType:
    import sys

    return sys.modules[__name__]
