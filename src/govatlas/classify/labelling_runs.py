"""The labelling runs the build, the CLI and anything else call: domain functions.

Two runs label what the current models have not read yet:

* ``label_agora``: AGORA tags. The model is trained on first use (when enough
  human-annotated AGORA documents are stored) and measured on the validated ones,
  then labels every instrument it has not read.
* ``label_with_provision_classifiers``: the shipped provision classifiers (FLI
  blocks, risks, benefits, OECD, UN, technology) read the reading version of every
  instrument the current models have not read, or of the instruments given; texts in
  another language go to the multilingual readings. Their passages are embedded a
  group of instruments at a time (``embedding_ahead``), then labelled one by one.

Two more label what they are given (``govatlas label`` calls them):

* ``label_agora_instruments``: AGORA tags on the instruments given (default: every
  instrument with text), the model trained first when none is saved.
* ``label_with_matcher``: the concept matcher (FLI, OECD, UN) or, for MIT risk
  domains, the matcher with a model trained on coded texts (trained and measured on
  first use) on the instruments given (default: the catalog's with text).

Each labels one instrument per transaction, so an interrupted run keeps what it
finished and the next resumes where it stopped; ``stop`` is checked between
instruments. What a run is doing is told to ``RunEvents``: a line of news, a piece of
work in progress, a count of instruments (``govatlas.run_events``). The CLI draws them
as a status line and a progress bar (``commands.run_events``); ``QUIET`` ignores them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.classify.agora.documents import agora_documents
from govatlas.classify.agora.measured_once import measured_agora
from govatlas.classify.agora.tasks import (
    agora_quality,
    latest_model,
    model_dir,
    save_agora_quality,
    train_model,
)
from govatlas.classify.agora.tfidf_model import TfidfLinearModel
from govatlas.classify.concepts.matching import taxonomy_matcher
from govatlas.classify.encoders.embeddings import get_embedder, provision_embedder
from govatlas.classify.labels.instrument_labels import label_instruments, unlabelled_instruments
from govatlas.classify.labels.zero_shot import UnitLabeller, label_zero_shot
from govatlas.classify.measured.experimental import EXPERIMENTAL_BELOW, saved_qualities
from govatlas.classify.provisions.embedding_ahead import embed_ahead, groups
from govatlas.classify.provisions.labelling import (
    PROVISION_TAXONOMIES,
    instruments_to_label,
    label_instrument_provisions,
    multilingual_models,
    shipped_models,
)
from govatlas.classify.risks.evaluation import evaluate_risk_labelling, save_risk_quality
from govatlas.classify.risks.gold import TAXONOMY as RISK_TAXONOMY
from govatlas.classify.risks.model import (
    load_risk_model,
    risk_labeller,
    stored_counts,
    train_risk_model,
)
from govatlas.classify.risks.model import model_folder as risk_model_folder
from govatlas.config import models_dir
from govatlas.interrupts import Stop
from govatlas.run_events import QUIET, RunEvents
from govatlas.store.instruments import (
    catalog_instruments_with_text,
    instruments_with_text,
    unknown_instrument,
)
from govatlas.store.models import Instrument
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies

MIN_TRAINING_DOCUMENTS = 100  # human-annotated AGORA documents needed to train


@dataclass(frozen=True)
class RunResult:
    """What a run read and stored."""

    instruments: int  # instruments read
    labels: int  # labels stored
    model: str = ""  # which model labelled ("tfidf-agora 3", "concept-match-minilm")


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
            evaluation = measured_agora(engine)
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
    count = _each_instrument(
        engine,
        todo,
        lambda session, instrument_id: label_instruments(session, model, "agora", [instrument_id]),
        events.counting("label", len(todo)),
        stop,
    )
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
        for group in groups(todo):
            if stop is not None:
                stop.check("while labelling provisions")
            with transaction(engine) as session:
                embed_ahead(session, models, group, embedder, multilingual)
            for instrument in group:
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


def _each_instrument(
    engine: Engine,
    todo: Sequence[str],
    label_one: Callable[[Session, str], int],
    counting: AbstractContextManager[Callable[[], None]],
    stop: Stop | None,
) -> int:
    """``label_one`` on each instrument in its own transaction (an interrupted run keeps
    what it finished), ``stop`` checked between them; how many labels were stored."""
    count = 0
    with counting as advance:
        for instrument_id in todo:
            if stop is not None:
                stop.check("while labelling")
            with transaction(engine) as session:
                count += label_one(session, instrument_id)
            advance()
    return count


def _agora_model(engine: Engine, events: RunEvents) -> TfidfLinearModel:
    """The saved AGORA model, or one trained now (and saved) when there is none."""
    model = latest_model()
    if model is None:
        with events.working("No saved model: training one"):
            model = train_model(engine)
            model.save(model_dir())
    return model


def label_agora_instruments(
    engine: Engine,
    events: RunEvents = QUIET,
    instruments: Sequence[str] | None = None,
    stop: Stop | None = None,
) -> RunResult:
    """AGORA tags on the instruments given (default: every instrument with text), one
    instrument per transaction; an unknown id is refused before anything is written."""
    model = _agora_model(engine, events)
    with transaction(engine) as session:
        todo = list(instruments) if instruments else instruments_with_text(session)
        for instrument_id in todo:
            if session.get(Instrument, instrument_id) is None:
                raise unknown_instrument(session, instrument_id)
    count = _each_instrument(
        engine,
        todo,
        lambda session, instrument_id: label_instruments(session, model, "agora", [instrument_id]),
        events.counting("label", len(todo)),
        stop,
    )
    events.note(f"Stored {count} labels from {model.model_id} {model.version}")
    return RunResult(len(todo), count, f"{model.model_id} {model.version}")


def label_with_matcher(
    engine: Engine,
    taxonomy: str,
    events: RunEvents = QUIET,
    instruments: Sequence[str] | None = None,
    stop: Stop | None = None,
) -> RunResult:
    """The concept matcher's labels (or, for MIT risk domains, the matcher and the
    risk-domain model's) on the instruments given (default: the catalog's instruments
    with text), one instrument per transaction; then what the taxonomy's measured
    quality says of them."""
    with transaction(engine) as session:
        todo = list(instruments) if instruments else catalog_instruments_with_text(session)
    if taxonomy == RISK_TAXONOMY:
        labeller = _risk_labeller(engine, events)
    else:
        with events.working("Loading the concept matcher"):
            labeller = taxonomy_matcher(load_taxonomies(), [taxonomy])
    count = _each_instrument(
        engine,
        todo,
        lambda session, instrument_id: label_zero_shot(session, labeller, instrument_id),
        events.counting(f"label {taxonomy}", len(todo)),
        stop,
    )
    events.note(
        f"Stored {count} {taxonomy} labels ({labeller.provenance}: {labeller.model_id}) "
        f"on {len(todo)} instruments"
    )
    events.note(_quality_note(taxonomy))
    return RunResult(len(todo), count, labeller.model_id)


def _quality_note(taxonomy: str) -> str:
    quality = saved_qualities(models_dir()).get(taxonomy)
    if quality is None:
        return f"No human gold exists for {taxonomy}: its labels are marked experimental"
    weak = sorted(c for c in quality.f1 if quality.experimental(c))
    return (
        f"{len(weak)} of {len(quality.f1)} concepts score under {EXPERIMENTAL_BELOW} "
        f"({quality.measured_as}) or have too few {quality.gold} to measure: their labels "
        "are marked experimental"
    )


def _risk_labeller(engine: Engine, events: RunEvents) -> UnitLabeller:
    """The MIT risk-domain labeller; its model trained and measured on first use."""
    with events.working("Loading the risk-domain model"):
        model = load_risk_model(risk_model_folder())
        if model is None:
            model = train_risk_model(engine, get_embedder())
            model.save(risk_model_folder())
        stored = stored_counts(engine)
        if stored != model.sources:
            events.note(
                f"The store holds {counted_sources(stored)}; the risk-domain model learnt "
                f"{counted_sources(model.sources)}: `govatlas train --taxonomy mit-risk` "
                "learns the rest"
            )
        if RISK_TAXONOMY not in saved_qualities(models_dir()):
            save_risk_quality(evaluate_risk_labelling(engine))
        return risk_labeller(model)


def counted_sources(sources: dict[str, int]) -> str:
    """ "120 AIID incidents, 40 MIT risk repository entries": coded texts by source."""
    return ", ".join(f"{n} {source}" for source, n in sources.items()) or "no coded texts"
