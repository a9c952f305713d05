"""Trained models on disk: written atomically, read back with a clear error.

Models are pickled (scikit-learn estimators inside); they are only ever read
from the user's own data folder, where govatlas wrote them.

A pickle names the module of every class in it. ``classify`` was once a flat
package (``govatlas.classify.supervised``, ``govatlas.classify.risk_model``); its
modules now live in sub-packages, so ``MOVED_MODULES`` maps each old module path
to its new one and models saved before the move still load.
"""

from __future__ import annotations

import pickle
from io import BytesIO
from pathlib import Path
from typing import TypeVar

from govatlas.errors import GovatlasError

Model = TypeVar("Model")

FLAT = "govatlas.classify."
MOVED_MODULES: dict[str, str] = {
    FLAT + old: FLAT + new
    for old, new in {
        "passages": "gold.passages",
        "gold_files": "gold.files",
        "metrics": "gold.metrics",
        "label_agreement": "gold.label_agreement",
        "gold_agreement": "gold.pass_agreement",
        "gold_set": "gold.project_gold",
        "model_files": "encoders.model_files",
        "embeddings": "encoders.embeddings",
        "onnx_weights": "encoders.onnx_weights",
        "vectors": "encoders.vectors",
        "semantic_search": "encoders.semantic_search",
        "encoder_tuning": "encoders.tuning",
        "provision_quality": "measured.shipped",
        "quality": "measured.experimental",
        "concept_match": "concepts.matching",
        "keyword": "concepts.keyword",
        "agora_data": "agora.documents",
        "agora_tasks": "agora.tasks",
        "supervised": "agora.tfidf_model",
        "gold_eval": "agora.gold_eval",
        "labelling": "labels.instrument_labels",
        "zero_shot": "labels.zero_shot",
        "label_queue": "labels.queue",
        "near_misses": "labels.near_misses",
        "uncertainty": "labels.uncertainty",
        "provision_model": "provisions.model",
        "provision_training": "provisions.training",
        "provision_labelling": "provisions.labelling",
        "reviewed_provisions": "provisions.reviewed",
        "review_value": "provisions.review_value",
        "lexical": "provisions.lexical",
        "prototypes": "provisions.prototypes",
        "risk_gold": "risks.gold",
        "risk_model": "risks.model",
        "risk_eval": "risks.evaluation",
    }.items()
}


class _MovedModulesUnpickler(pickle.Unpickler):
    """An unpickler that finds a class under its module's new path."""

    def find_class(self, module: str, name: str) -> object:
        return super().find_class(MOVED_MODULES.get(module, module), name)


def save_pickled(model: object, path: Path) -> Path:
    """Write ``model`` to ``path`` through a partial file, so a crash leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(pickle.dumps(model))
    partial.replace(path)
    return path


def load_pickled(path: Path, kind: type[Model], what: str) -> Model:
    """The model saved at ``path``; a damaged file or another object is named."""
    try:
        model = _MovedModulesUnpickler(BytesIO(path.read_bytes())).load()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        raise GovatlasError(f"cannot load the model {path}: {exc}", "delete it to retrain") from exc
    if not isinstance(model, kind):
        raise GovatlasError(f"{path} is not {what}", "delete it to retrain")
    return model
