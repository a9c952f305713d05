"""The labelling runs the build, the CLI and anything else call: domain functions.

Two runs label what the current models have not read yet:

* ``label_agora``: AGORA tags. The model is trained on first use (when enough
  human-annotated AGORA documents are stored) and measured on the validated ones,
  then labels every instrument it has not read.
* ``label_with_provision_classifiers``: the shipped provision classifiers (FLI
  blocks, risks, benefits, OECD, UN, technology) read the reading version of every
  instrument the current models have not read, or of the instruments given; texts in
  another language go to the multilingual readings.

Each labels one instrument per transaction, so an interrupted run keeps what it
finished and the next resumes where it stopped; ``stop`` is checked between
instruments. What a run is doing is told to ``RunEvents``: a line of news, a piece of
work in progress, a count of instruments. The CLI draws them as a status line and a
progress bar (``commands.run_events``); ``QUIET`` ignores them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine

from govatlas.classify.agora_data import agora_documents
from govatlas.classify.agora_tasks import (
    agora_quality,
    evaluate_agora,
    latest_model,
    model_dir,
    save_agora_quality,
    train_model,
)
from govatlas.classify.embeddings import provision_embedder
from govatlas.classify.labelling import label_instruments, unlabelled_instruments
from govatlas.classify.provision_labelling import (
    PROVISION_TAXONOMIES,
    instruments_to_label,
    label_instrument_provisions,
    multilingual_models,
    shipped_models,
)
from govatlas.interrupts import Stop
from govatlas.store.session import transaction

MIN_TRAINING_DOCUMENTS = 100  # human-annotated AGORA documents needed to train


class RunEvents(Protocol):
    """Where a run tells what it is doing."""

    def note(self, text: str) -> None:
        """A line of news (plain text)."""

    def working(self, text: str) -> AbstractContextManager[None]:
        """A piece of work under way (training, measuring), until the block ends."""

    def counting(self, label: str, total: int) -> AbstractContextManager[Callable[[], None]]:
        """A count of ``total`` items; the block calls the function once per item done."""


class QuietEvents:
    """Events nobody watches."""

    def note(self, text: str) -> None:
        return None

    @contextmanager
    def working(self, text: str) -> Iterator[None]:
        yield

    @contextmanager
    def counting(self, label: str, total: int) -> Iterator[Callable[[], None]]:
        yield lambda: None


QUIET = QuietEvents()


@dataclass(frozen=True)
class RunResult:
    """What a run read and stored."""

    instruments: int  # instruments read
    labels: int  # labels stored


def label_agora(engine: Engine, events: RunEvents = QUIET, stop: Stop | None = None) -> RunResult:
    """AGORA tags on every instrument the current model has not read; the model trained
    and measured first when none is saved (skipped, with a note, when too few
    human-annotated documents are stored to train one)."""
    model = latest_model()
    if model is None:
        with transaction(engine) as session:
            annotated = len(agora_documents(session))
        if annotated < MIN_TRAINING_DOCUMENTS:
            events.note(
                f"Labelling skipped: {annotated} human-annotated AGORA documents "
                f"(at least {MIN_TRAINING_DOCUMENTS} are needed to train)"
            )
            return RunResult(0, 0)
        with events.working("Training the AGORA labelling model"):
            model = train_model(engine)
            model.save(model_dir())
    if agora_quality() is None:
        with events.working("Measuring the AGORA model on the validated documents"):
            evaluation = evaluate_agora(engine)
            save_agora_quality(evaluation)
        events.note(
            f"AGORA model: dev macro-F1 {evaluation.model.macro_f1:.3f}; labels on tags under "
            "F1 0.5 are shown as experimental"
        )
    with transaction(engine) as session:
        todo = unlabelled_instruments(session, model)
    if not todo:
        events.note("Labels: every instrument already labelled by the current model")
        return RunResult(0, 0)
    count = 0
    with events.counting("label", len(todo)) as advance:
        for instrument_id in todo:
            if stop is not None:
                stop.check("while labelling")
            with transaction(engine) as session:
                count += label_instruments(session, model, "agora", [instrument_id])
            advance()
    events.note(f"Labels: {count} from {model.model_id} {model.version} on {len(todo)} instruments")
    return RunResult(len(todo), count)


def label_with_provision_classifiers(
    engine: Engine,
    events: RunEvents = QUIET,
    taxonomies: Sequence[str] = PROVISION_TAXONOMIES,
    instruments: Sequence[str] | None = None,
    stop: Stop | None = None,
) -> RunResult:
    """The reading versions of the instruments (default: those the current models have
    not read) labelled by the shipped provision classifiers."""
    models = shipped_models(taxonomies)
    if not models:
        events.note("No provision classifier is shipped: nothing labelled")
        return RunResult(0, 0)
    multilingual = multilingual_models([m.taxonomy for m in models])
    with transaction(engine) as session:
        todo = (
            list(instruments)
            if instruments
            else instruments_to_label(session, models, multilingual)
        )
    embedder = provision_embedder()
    labelled = stored = 0
    with events.counting("provisions", len(todo)) as advance:
        for instrument in todo:
            if stop is not None:
                stop.check("while labelling provisions")
            with transaction(engine) as session:
                written = label_instrument_provisions(
                    session, models, instrument, embedder, multilingual
                )
            if written is not None:
                labelled += 1
                stored += written
            advance()
    events.note(
        f"Provision classifiers ({', '.join(m.taxonomy for m in models)}) read {labelled} "
        f"instrument(s) and stored {stored} label(s); concepts below the precision floor are "
        "experimental and count in no coverage figure"
    )
    return RunResult(labelled, stored)
