"""The embedding job on a Dask cluster: the provision vectors ``govatlas embed`` makes,
computed by the workers, a partition of texts at a time.

The work is what the store lacks (``vectors.texts_to_embed``: each newest text's
provisions whose text has no vector of the model yet), so a job run again after an
interrupted one embeds only the rest. Workers get texts, never a database connection;
they send back vectors, which this process writes a partition per transaction, skipping
any text that meanwhile got its vector (``embedding_cache.add_missing_vectors``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from govatlas.batch.partitions import BatchReport, Partition, make_partitions, run_partitions
from govatlas.classify.encoders.embeddings import get_embedder
from govatlas.classify.encoders.vectors import texts_to_embed
from govatlas.interrupts import Stop
from govatlas.store.embedding_cache import add_missing_vectors
from govatlas.store.session import transaction

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_PARTITION = 512  # texts per task: about 4 s of one worker's MiniLM time

TextItem = tuple[str, str]  # (text hash, text)
VectorRow = tuple[str, bytes]  # (text hash, float32 bytes)


def embed_partition(model: str, items: tuple[TextItem, ...]) -> list[VectorRow]:
    """On a worker: the vectors of the partition's texts, as (hash, bytes)."""
    embedder = get_embedder(model)
    vectors = embedder.embed([text for _, text in items])
    return [(digest, vector.tobytes()) for (digest, _), vector in zip(items, vectors, strict=True)]


def embed_on_cluster(
    engine: Engine,
    client: Client,
    model: str = "minilm",
    partition_size: int = DEFAULT_PARTITION,
    limit: int | None = None,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    stop: Stop | None = None,
) -> BatchReport:
    """Embed, on the cluster ``client`` reaches, every provision text the model has no
    vector for yet (at most ``limit``); ``progress`` gets (texts done, texts to do)."""
    model_id = get_embedder(model).model_id
    with transaction(engine) as session:
        todo = texts_to_embed(session, model_id, limit)
    partitions = make_partitions(todo, partition_size, f"embed-{model}", lambda item: item[0])

    def write(_partition: Partition[TextItem], rows: list[VectorRow]) -> int:
        with transaction(engine) as session:
            return add_missing_vectors(session, model_id, rows)

    return run_partitions(
        client,
        partitions,
        partial(embed_partition, model),
        write,
        progress,
        stop=stop,
    )
