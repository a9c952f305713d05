"""The AGORA model's evaluation on the dev gold, measured once per state of its inputs.

Measuring trains a model on the train split and scores it and the keyword baseline on
the validated documents: about 24 seconds over the shared corpus. The build measures
it (``label_agora``), and every white paper printed its figures by measuring again,
with the same inputs and the same result. ``measured_agora`` keeps the last evaluation
beside the models under a key made of everything that decides its figures:

* every document's id, tier, text hash, tags and the tags a person decided on;
* the model settings and the AGORA tags of the taxonomy;
* the source of the modules whose code computes the figures (``EVALUATION_CODE``).

Any change to one of them (a document ingested or reviewed, a setting, an upgrade of
govatlas) makes another key, and the evaluation is measured afresh and kept instead.
A damaged or foreign file is measured over, never trusted.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from sqlalchemy import Engine

from govatlas.classify import pickled
from govatlas.classify.agora import documents as agora_documents_module
from govatlas.classify.agora import tasks, tfidf_model
from govatlas.classify.agora.documents import AgoraDocument, agora_documents
from govatlas.classify.agora.tasks import Evaluation, Progress, agora_tags, evaluate_agora
from govatlas.classify.agora.tfidf_model import ModelSettings
from govatlas.classify.concepts import keyword
from govatlas.classify.gold import label_agreement, metrics
from govatlas.errors import GovatlasError
from govatlas.store.session import transaction

EVALUATION_FILE = "evaluation.pkl"
# The modules whose code decides the evaluation's figures: training, the split, the
# keyword baseline, the metrics with their bootstrap intervals, the gold's agreement.
EVALUATION_CODE: tuple[ModuleType, ...] = (
    tasks,
    tfidf_model,
    agora_documents_module,
    keyword,
    metrics,
    label_agreement,
)


@dataclass(frozen=True)
class KeptEvaluation:
    """An evaluation and the key of the inputs it was measured on."""

    key: str
    evaluation: Evaluation


def evaluation_key(
    documents: Sequence[AgoraDocument],
    settings: ModelSettings,
    tags: Sequence[str],
    code: Sequence[ModuleType] = EVALUATION_CODE,
) -> str:
    """A digest of everything that decides the evaluation's figures (module docstring)."""
    digest = hashlib.sha256()
    for document in sorted(documents, key=lambda d: d.passage.id):
        known = sorted(document.known) if document.known is not None else None
        line = (
            f"{document.passage.id}\t{document.tier}\t{document.text_hash}\t"
            f"{sorted(document.passage.labels)}\t{known}\n"
        )
        digest.update(line.encode())
    digest.update(f"{settings!r}\t{list(tags)}\n".encode())
    for module in code:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def measured_agora(
    engine: Engine, folder: Path | None = None, progress: Progress = lambda _: None
) -> Evaluation:
    """The AGORA evaluation on the store's documents as they stand: read back when the
    same inputs were measured before (kept in ``folder``, default beside the models),
    else measured now and kept. Raises as ``evaluate_agora`` does."""
    folder = folder or tasks.model_dir()
    with transaction(engine) as session:
        documents = agora_documents(session)
    key = evaluation_key(documents, ModelSettings(), agora_tags()[0])
    kept = _kept(folder / EVALUATION_FILE)
    if kept is not None and kept.key == key:
        return kept.evaluation
    evaluation = evaluate_agora(engine, progress=progress)
    pickled.save_pickled(KeptEvaluation(key, evaluation), folder / EVALUATION_FILE)
    return evaluation


def _kept(path: Path) -> KeptEvaluation | None:
    """The evaluation kept at ``path``; None when there is none or it cannot be read."""
    if not path.is_file():
        return None
    try:
        return pickled.load_pickled(path, KeptEvaluation, "a kept AGORA evaluation")
    except (GovatlasError, pickle.PickleError, TypeError, ValueError):
        return None
