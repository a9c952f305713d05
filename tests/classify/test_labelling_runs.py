"""The labelling runs as domain functions: called without the CLI, they report through
the events they are given and resume where the last run stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine

from govatlas.classify.labelling_runs import (
    QUIET,
    RunResult,
    label_agora,
    label_with_provision_classifiers,
)


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
