"""Trained models on disk: written atomically, read back with a clear error.

Models are pickled (scikit-learn estimators inside); they are only ever read
from the user's own data folder, where govatlas wrote them.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import TypeVar

from govatlas.errors import GovatlasError

Model = TypeVar("Model")


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
        model = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
        raise GovatlasError(f"cannot load the model {path}: {exc}", "delete it to retrain") from exc
    if not isinstance(model, kind):
        raise GovatlasError(f"{path} is not {what}", "delete it to retrain")
    return model
