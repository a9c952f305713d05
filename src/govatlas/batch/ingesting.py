"""The ingest job on a Dask cluster: the parsing ``govatlas ingest`` does (reading PDF,
HTML, XML or text, cutting provisions, detecting the language), done by the workers.

This process lists each source's documents (``runner.open_source``: its taxonomies are
stored first) and cuts the keys into partitions. A worker loads its partition's documents
from the mirror (so each worker needs the mirror at the same path: a shared folder on
several machines) and parses them (``pipeline.parsed_document``); a document that fails
to load comes back as its error. This process then stores each document in its own
transaction, as ``govatlas ingest`` does (``runner.ingest_documents``): unchanged
documents are skipped, so a job run again stores only what is new, and a partition
stored twice stores nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from govatlas.batch.partitions import Partition, make_partitions, run_partitions
from govatlas.errors import GovatlasError, InvalidInputError
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import parsed_document
from govatlas.ingest.runner import (
    Reporter,
    SourceSummary,
    describe_failure,
    ingest_documents,
    open_source,
)
from govatlas.interrupts import Stop
from govatlas.records import SourceDocument
from govatlas.sources import get_connector
from govatlas.store.session import transaction

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_PARTITION = 8  # documents per task


@dataclass(frozen=True)
class Parsed:
    """A document as a worker read it, or why it could not."""

    key: str
    document: SourceDocument | None
    failure: str | None = None


def parse_partition(source: str, mirror: str, keys: tuple[str, ...]) -> list[Parsed]:
    """On a worker: load and parse the partition's documents of ``source``."""
    connector = get_connector(source)
    parsed = []
    for key in keys:
        try:
            parsed.append(Parsed(key, parsed_document(connector.load(Path(mirror), key))))
        except (GovatlasError, ValueError, OSError, KeyError) as exc:
            parsed.append(Parsed(key, None, describe_failure(exc)))
    return parsed


def _loader(item: Parsed) -> Callable[[], SourceDocument]:
    def load() -> SourceDocument:
        if item.document is None:
            raise InvalidInputError(item.failure or "could not be read")
        return item.document

    return load


def ingest_on_cluster(
    engine: Engine,
    client: Client,
    sources: Sequence[str],
    mirror: Path,
    reporter: Reporter,
    limit: int | None = None,
    partition_size: int = DEFAULT_PARTITION,
    stop: Stop | None = None,
) -> list[SourceSummary]:
    """Ingest the named sources from ``mirror``, parsed on the cluster ``client`` reaches;
    a summary per source, as ``runner.run_sources`` gives."""
    summaries = []
    with transaction(engine) as session:
        linkers = [Linker(session)]  # the one to go on with (a new one after a failure)
    for source in sources:
        connector = get_connector(source)
        summary = SourceSummary(source)
        summaries.append(summary)
        keys = open_source(engine, connector, mirror, reporter, summary, limit)
        if not keys:
            continue

        def write(
            _partition: Partition[str],
            parsed: list[Parsed],
            source: str = source,
            summary: SourceSummary = summary,
        ) -> int:
            before = summary.documents + len(summary.failures)
            linkers[0] = ingest_documents(
                engine,
                source,
                [_loader(p) for p in parsed],
                [p.key for p in parsed],
                reporter,
                summary,
                stop,
                linkers[0],
            )
            return summary.documents + len(summary.failures) - before

        run_partitions(
            client,
            make_partitions(keys, partition_size, f"ingest-{source}"),
            partial(parse_partition, source, str(mirror)),
            write,
            stop=stop,
        )
        if summary.interrupted:
            break
    return summaries
