"""The provision-labelling job on a Dask cluster: what ``govatlas label --taxonomy …``
and the build's labelling stage do, with the reading done by the workers.

This process picks the instruments (``instruments_to_label``: those the current models
have not read, unless named), and just before a partition is sent, reads its instruments'
reading versions from the store. Each worker embeds the passages, runs every shipped
classifier (the multilingual reading for a text in another language) and sends back
what each found, with the vectors. This process then stores a partition in one
transaction: every version's labels and near misses replaced (people's decisions stay),
its labelling runs recorded, the vectors cached (``labelling.store_readings``). Storing
a partition twice leaves what storing it once leaves, and a version is marked read only
with its labels, so a job run again does only what is left.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import Engine

from govatlas.batch.partitions import BatchReport, Partition, make_partitions, run_partitions
from govatlas.classify.encoders.embeddings import embedder_of
from govatlas.classify.provisions.labelling import (
    CACHE_SUFFIX,
    PROVISION_TAXONOMIES,
    ModelReading,
    ReadingPassage,
    instruments_to_label,
    multilingual_models,
    passage_readings,
    read_version,
    reading_passages,
    shipped_model,
    shipped_models,
    store_readings,
)
from govatlas.classify.provisions.model import ProvisionModel
from govatlas.errors import NotFoundError
from govatlas.interrupts import Stop
from govatlas.store.embedding_cache import add_missing_vectors
from govatlas.store.instruments import reading_version
from govatlas.store.models import content_hash
from govatlas.store.session import transaction

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_PARTITION = 4  # instruments per task


@dataclass(frozen=True)
class VersionWork:
    """One instrument's reading version, as a worker needs it."""

    instrument: str
    version_id: int
    language: str | None
    passages: tuple[ReadingPassage, ...]


@dataclass(frozen=True)
class FoundReading:
    """What one classifier found in a version, named by taxonomy and reading (a worker
    sends this back, not the model)."""

    taxonomy: str
    reading: str
    labels: list[set[str]]
    probabilities: dict[str, np.ndarray]
    operative: np.ndarray


@dataclass(frozen=True)
class VersionResult:
    version_id: int
    readings: list[FoundReading]
    vectors: dict[str, np.ndarray]  # embedding model id -> the passages' vectors


def label_partition(
    taxonomies: tuple[str, ...], works: tuple[VersionWork, ...]
) -> list[VersionResult]:
    """On a worker: every shipped classifier of ``taxonomies`` on each version."""
    models = shipped_models(taxonomies)
    multilingual = multilingual_models(taxonomies)
    return [_read(work, models, multilingual) for work in works]


def _read(
    work: VersionWork,
    models: Sequence[ProvisionModel],
    multilingual: dict[str, ProvisionModel],
) -> VersionResult:
    strings = passage_readings(work.passages)
    vectors: dict[str, np.ndarray] = {}

    def vectors_of(reader: ProvisionModel) -> np.ndarray:
        key = reader.embedding_model
        if key not in vectors:
            vectors[key] = embedder_of(key).embed(strings)
        return vectors[key].astype(np.float64)

    found = read_version(models, work.passages, work.language, vectors_of, multilingual)
    readings = [
        FoundReading(r.model.taxonomy, r.model.reading, r.labels, r.probabilities, r.operative)
        for r in found
    ]
    return VersionResult(work.version_id, readings, vectors)


def label_on_cluster(
    engine: Engine,
    client: Client,
    taxonomies: Sequence[str] = PROVISION_TAXONOMIES,
    instruments: Sequence[str] | None = None,
    partition_size: int = DEFAULT_PARTITION,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    stop: Stop | None = None,
) -> BatchReport:
    """Label, on the cluster ``client`` reaches, the reading versions of ``instruments``
    (default: those the current models have not read) with the shipped classifiers of
    ``taxonomies``; ``progress`` gets (instruments done, instruments to do)."""
    models = shipped_models(taxonomies)
    if not models:
        raise NotFoundError(
            f"no provision classifier is shipped for {', '.join(taxonomies)}",
            "train them with `govatlas gold train`",
        )
    multilingual = multilingual_models([m.taxonomy for m in models])
    with transaction(engine) as session:
        todo = (
            list(dict.fromkeys(instruments))
            if instruments
            else instruments_to_label(session, models, multilingual)
        )
    partitions = make_partitions(todo, partition_size, "label")
    passages_of: dict[int, tuple[ReadingPassage, ...]] = {}
    languages: dict[int, str | None] = {}

    def load(partition: Partition[str]) -> tuple[VersionWork, ...]:
        works = []
        with transaction(engine) as session:
            for instrument in partition.items:
                version = reading_version(session, instrument)
                if version is None:
                    continue
                passages = tuple(reading_passages(session, version.id))
                passages_of[version.id], languages[version.id] = passages, version.language
                works.append(VersionWork(instrument, version.id, version.language, passages))
        return tuple(works)

    def write(_partition: Partition[str], results: list[VersionResult]) -> int:
        stored = 0
        with transaction(engine) as session:
            for result in results:
                passages = passages_of.pop(result.version_id)
                language = languages.pop(result.version_id)
                strings = passage_readings(passages)
                for model_id, matrix in result.vectors.items():
                    add_missing_vectors(
                        session,
                        f"{model_id}{CACHE_SUFFIX}",
                        [
                            (content_hash(s), row.astype(np.float32).tobytes())
                            for s, row in zip(strings, matrix, strict=True)
                        ],
                    )
                readings = [
                    ModelReading(
                        shipped_model(r.taxonomy, r.reading), r.labels, r.probabilities, r.operative
                    )
                    for r in result.readings
                ]
                stored += store_readings(session, result.version_id, passages, readings, language)
        return stored

    return run_partitions(
        client,
        partitions,
        partial(label_partition, tuple(m.taxonomy for m in models)),
        write,
        progress,
        stop=stop,
        load=load,
    )
