"""Embedding throughput: govatlas's zero-shot labelling against the bare model.

Both run in the same process on the same texts, one after the other, each
timed on its second pass (the first warms caches and threads):

- *bare*: the MiniLM int8 ONNX file on onnxruntime with its tokenizer, batches
  of 32 in the order given, padded to the longest text of each batch; nothing
  else (no pooling, no sorting, no matching);
- *labelling*: ``ConceptMatcher.match`` for the FLI risks, which embeds every
  text (length-sorted batches, mean pooling, normalisation) and then matches
  names and cosines against every concept.

Two kinds of text: short provisions of the EU AI Act (sentences and
paragraphs) and chunks of AGORA full texts of about 256 tokens.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, func, select

from govatlas.classify.concepts.matching import ConceptMatcher, concepts_of
from govatlas.classify.encoders.embeddings import BATCH_SIZE, MAX_TOKENS, MiniLMEmbedder
from govatlas.store.models import InstrumentVersion, Provision
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies

SHORT_TEXTS = 600
CHUNKS = 200
CHUNK_CHARS = 1_100  # about 256 MiniLM tokens of English legal text


def _short_texts(engine: Engine) -> list[str]:
    with transaction(engine) as session:
        rows = session.scalars(
            select(Provision.text)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(
                InstrumentVersion.instrument_id == "eu-ai-act",
                func.length(Provision.text).between(60, 600),
            )
            .order_by(Provision.id)
            .limit(SHORT_TEXTS)
        ).all()
    return list(rows)


def _chunks(mirror: Path) -> list[str]:
    chunks: list[str] = []
    for path in sorted((mirror / "agora" / "fulltext").glob("*.txt")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        chunks += [
            text[i : i + CHUNK_CHARS] for i in range(0, len(text) - CHUNK_CHARS, CHUNK_CHARS)
        ]
        if len(chunks) >= CHUNKS:
            break
    return chunks[:CHUNKS]


def _bare(embedder: MiniLMEmbedder) -> Callable[[Sequence[str]], None]:
    """Tokenise and run the ONNX session, nothing more."""

    def run(texts: Sequence[str]) -> None:
        for start in range(0, len(texts), BATCH_SIZE):
            encodings = embedder.tokenizer.encode_batch(list(texts[start : start + BATCH_SIZE]))
            width = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(encodings), width), dtype=np.int64)
            for row, encoding in enumerate(encodings):
                ids[row, : len(encoding.ids)] = encoding.ids
            feeds = {"input_ids": ids, "attention_mask": (ids > 0).astype(np.int64)}
            if "token_type_ids" in embedder.inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            embedder.session.run(None, feeds)

    return run


def _per_second(run: Callable[[Sequence[str]], Any], texts: Sequence[str]) -> float:
    run(texts)  # warm-up
    started = time.perf_counter()
    run(texts)
    return len(texts) / (time.perf_counter() - started)


def bench_embedding(engine: Engine, mirror: Path) -> dict[str, Any]:
    embedder = MiniLMEmbedder(max_tokens=MAX_TOKENS)
    matcher = ConceptMatcher(concepts_of(load_taxonomies(), ["fli-risks"]), embedder)
    figures: dict[str, Any] = {"model": embedder.model_id, "batch_size": BATCH_SIZE}
    for name, texts in (("short_provisions", _short_texts(engine)), ("chunks", _chunks(mirror))):
        bare = _per_second(_bare(embedder), texts)
        labelling = _per_second(matcher.match, texts)
        tokens = [len(e.ids) for e in embedder.tokenizer.encode_batch(texts)]
        figures[name] = {
            "texts": len(texts),
            "mean_tokens": round(float(np.mean(tokens)), 1),
            "bare_model_per_second": round(bare, 1),
            "labelling_per_second": round(labelling, 1),
            "labelling_to_bare": round(labelling / bare, 3),
        }
    return figures
