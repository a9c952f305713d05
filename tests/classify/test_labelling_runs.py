"""The labelling runs as domain functions: called without the CLI, they report through
the events they are given and resume where the last run stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine

from govatlas.classify.labelling_runs import (
    RunResult,
    label_agora,
    label_agora_instruments,
    label_with_matcher,
    label_with_provision_classifiers,
)
from govatlas.run_events import QUIET


class Recorder:
    """Every event, in order."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def note(self, text: str) -> None:
        self.events.append(f"note: {text}")

    @contextmanager
    def working(self, text: str) -> Iterator[None]:
        self.events.append(f"working: {text}")
        yield

    def status(self, text: str) -> None:
        self.events.append(f"status: {text}")

    @contextmanager
    def counting(self, label: str, total: int) -> Iterator[Callable[[], None]]:
        self.events.append(f"counting {label}: {total}")
        yield lambda: self.events.append("advance")


def test_provision_classifiers_read_what_is_new_then_nothing(ingested: Engine) -> None:
    recorder = Recorder()
    first = label_with_provision_classifiers(ingested, recorder, ["fli-blocks"])
    assert first.instruments > 0
    assert recorder.events[0] == f"counting provisions: {first.instruments}"
    assert recorder.events.count("advance") == first.instruments
    assert recorder.events[-1].startswith("note: Provision classifiers (fli-blocks) read")
    # the next run finds every instrument read by the current models
    assert label_with_provision_classifiers(ingested, QUIET, ["fli-blocks"]) == RunResult(0, 0)
    # named instruments are read again
    again = label_with_provision_classifiers(ingested, QUIET, ["fli-blocks"], ["agora-1"])
    assert again.instruments == 1


def test_agora_labelling_is_skipped_with_a_note_when_too_little_is_annotated(
    ingested: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_MODELS", str(tmp_path / "models"))  # no saved model
    recorder = Recorder()
    assert label_agora(ingested, recorder) == RunResult(0, 0)
    assert len(recorder.events) == 1 and recorder.events[0].startswith("note: Labelling skipped")


def test_the_matcher_run_labels_what_it_is_given_without_the_cli(
    ingested: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from govatlas.classify.measured.experimental import ZERO_SHOT_MODEL
    from govatlas.store.models import Label

    monkeypatch.setenv("GOVATLAS_MODELS", str(tmp_path / "models"))
    recorder = Recorder()
    found = label_with_matcher(ingested, "fli-blocks", recorder, ["agora-1"])
    assert (found.instruments, found.model) == (1, ZERO_SHOT_MODEL)
    with Session(ingested) as session:
        stored = session.scalar(
            select(func.count()).select_from(Label).where(Label.model_id == ZERO_SHOT_MODEL)
        )
    assert stored == found.labels > 0
    assert recorder.events[:2] == [
        "working: Loading the concept matcher",
        "counting label fli-blocks: 1",
    ]
    assert (
        recorder.events[-1]
        == "note: No human gold exists for fli-blocks: its labels are marked experimental"
    )


def test_an_unknown_instrument_is_refused_before_agora_labels_anything(
    ingested: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from govatlas.classify import labelling_runs
    from govatlas.errors import NotFoundError
    from govatlas.store.models import Label

    class Model:  # a saved model, so that nothing is trained
        model_id, version = "tfidf-agora", "test"

    monkeypatch.setattr(labelling_runs, "latest_model", lambda: Model())
    with Session(ingested) as session:
        before = session.scalar(select(func.count()).select_from(Label))
    with pytest.raises(NotFoundError, match="agora-404"):
        label_agora_instruments(ingested, QUIET, ["agora-1", "agora-404"])
    with Session(ingested) as session:
        assert session.scalar(select(func.count()).select_from(Label)) == before
