"""The label-docs contract: CSV shape, tag names, and no training on the documents
being labelled."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine

from govatlas.classify.agora import tasks as agora_tasks
from govatlas.classify.agora.tasks import agora_tags, label_docs, train_model
from govatlas.errors import InvalidInputError
from tests.conftest import FIXTURE_MIRROR


@pytest.fixture(autouse=True)
def private_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(agora_tasks, "model_dir", lambda: tmp_path / "models")


def test_csv_shape_and_tag_names(ingested: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "x1.txt").write_text("The developer shall pay fines and disclose incidents.")
    (folder / "x2.txt").write_text("Grants for research on chatbots.")
    out = tmp_path / "labels.csv"
    assert label_docs(ingested, folder, out).documents == 2
    rows = list(csv.reader(out.open(encoding="utf-8")))
    tags, _ = agora_tags()
    assert rows[0] == ["id", *tags] and len(tags) == 77
    assert [r[0] for r in rows[1:]] == ["x1", "x2"]
    assert all(value in {"0", "1"} for row in rows[1:] for value in row[1:])


def test_documents_being_labelled_are_never_trained_on(ingested: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "1.txt").write_bytes((FIXTURE_MIRROR / "agora" / "fulltext" / "1.txt").read_bytes())
    renamed = (FIXTURE_MIRROR / "agora" / "fulltext" / "2.txt").read_bytes()
    (folder / "copy-of-2.txt").write_bytes(renamed)
    label_docs(ingested, folder, tmp_path / "out.csv")
    [saved] = (tmp_path / "models").glob("*.pkl")
    from govatlas.classify.agora.tfidf_model import TfidfLinearModel

    model = TfidfLinearModel.load(saved)
    assert "1" not in model.trained_on and "2" not in model.trained_on  # by id and by text


def test_training_without_data_says_what_to_do(built: Engine) -> None:
    with pytest.raises(Exception, match="no human-annotated AGORA documents"):
        train_model(built)


def test_bad_folders(ingested: Engine, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="is not a folder"):
        label_docs(ingested, tmp_path / "absent", tmp_path / "o.csv")
    with pytest.raises(InvalidInputError, match=r"has no \.txt files"):
        label_docs(ingested, tmp_path, tmp_path / "o.csv")
