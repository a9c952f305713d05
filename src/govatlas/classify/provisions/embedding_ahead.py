"""Embedding many instruments' passages in one pass, ahead of labelling them one by one.

The provision classifiers label one instrument per transaction, so an interrupted run
keeps what it finished. Embedding one instrument at a time wasted a fifth of the
model's work: its passages are sorted by length and embedded in batches of eight, and
a small instrument's batches mix short and long passages, which pad to the longest.
Over the shared corpus (50,824 passages in 934 instruments) the batches held 2.84
million token slots for 2.37 million tokens; sorted across all passages, 2.37 million.

``embed_ahead`` reads the passages of a group of instruments, and embeds those the
store's vector cache lacks in one call per embedding model (sorted by length across
the group), caching them; labelling each instrument then finds every vector cached.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import Embedder, embedder_of
from govatlas.classify.provisions.labelling import (
    cached_vectors,
    passage_readings,
    reader_for,
    reading_passages,
)
from govatlas.classify.provisions.model import ProvisionModel
from govatlas.store.instruments import reading_version

# Instruments embedded together: enough to sort most padding away (the corpus's
# instruments average 54 passages), few enough that progress moves every few seconds.
GROUP = 48


def embed_ahead(
    session: Session,
    models: Sequence[ProvisionModel],
    instrument_ids: Sequence[str],
    embedder: Embedder,
    multilingual: Mapping[str, ProvisionModel] | None = None,
) -> int:
    """Cache the vectors the models will read for these instruments' reading versions
    (each in the embedding of the reading that fits its language); how many strings
    were asked for. Vectors already cached are not computed again."""
    wanted: dict[str, list[str]] = defaultdict(list)
    for instrument_id in instrument_ids:
        version = reading_version(session, instrument_id)
        if version is None:
            continue
        readings = passage_readings(reading_passages(session, version.id))
        if not readings:
            continue
        for key in {
            reader_for(m, multilingual or {}, version.language).embedding_model for m in models
        }:
            wanted[key].extend(readings)
    for key, strings in wanted.items():
        chosen = embedder if key == embedder.model_id else embedder_of(key)
        cached_vectors(session, chosen, list(dict.fromkeys(strings)))
    return sum(len(strings) for strings in wanted.values())


def groups(instrument_ids: Sequence[str], size: int = GROUP) -> list[list[str]]:
    """The instruments in consecutive groups of ``size``."""
    return [
        list(instrument_ids[start : start + size]) for start in range(0, len(instrument_ids), size)
    ]
