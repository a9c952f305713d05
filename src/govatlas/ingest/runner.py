"""Running connectors over a mirror: one transaction per document, failures
recorded and the batch continued, counts per source for the closing summary.

Interrupting a run (Ctrl-C) keeps every document already stored; running it
again skips unchanged documents quickly (versions are keyed by content hash),
so a run can be resumed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from govatlas.errors import GovatlasError
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import StoredDocument, store_document
from govatlas.records import Connector, SourceDocument
from govatlas.store.session import transaction
from govatlas.store.taxonomies import sync_taxonomy


@dataclass
class Failure:
    document: str
    reason: str


@dataclass
class SourceSummary:
    source: str
    documents: int = 0
    instruments_created: int = 0
    versions_created: int = 0
    provisions: int = 0
    labels: int = 0
    records: int = 0
    unchanged: int = 0
    merged: list[tuple[str, str]] = field(default_factory=list)  # (document, instrument)
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False

    def add(self, stored: StoredDocument) -> None:
        self.documents += 1
        self.instruments_created += stored.instrument_created
        self.versions_created += stored.version_created
        self.provisions += stored.provisions
        self.labels += stored.labels
        self.records += stored.records
        if not (
            stored.instrument_created or stored.version_created or stored.labels or stored.records
        ):
            self.unchanged += 1


class Reporter:
    """Progress callbacks; the CLI draws bars, tests and scripts may ignore them."""

    def start(self, source: str, total: int) -> None: ...

    def advance(self, source: str, document: str) -> None: ...

    def failed(self, source: str, failure: Failure) -> None: ...


def describe_failure(exc: Exception) -> str:
    if isinstance(exc, GovatlasError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"


def ingest_documents(
    engine: Engine,
    source: str,
    documents: Sequence[Callable[[], SourceDocument]],
    names: Sequence[str],
    reporter: Reporter,
    summary: SourceSummary,
    stop: Callable[[], bool] | None = None,
    linker: Linker | None = None,
) -> Linker:
    """Store each lazily loaded document in its own transaction; ``stop`` (Ctrl-C
    deferred, ``interrupts``) is checked between documents. ``linker``: one kept across
    calls (a batch job's partitions), else a new one; the linker to go on with is
    returned (a new one after a failed document)."""
    if linker is None:
        with transaction(engine) as session:
            linker = Linker(session)
    for load, name in zip(documents, names, strict=True):
        if stop is not None and stop():
            summary.interrupted = True
            return linker
        try:
            document = load()
            before = len(linker.merged)
            with transaction(engine) as session:
                summary.add(store_document(session, linker, document))
            summary.merged.extend(linker.merged[before:])
        except (GovatlasError, ValueError, OSError, KeyError, SQLAlchemyError) as exc:
            failure = Failure(name, describe_failure(exc))
            summary.failures.append(failure)
            reporter.failed(source, failure)
            with transaction(engine) as session:
                linker = Linker(session)  # forget instruments of the rolled-back document
        except KeyboardInterrupt:
            summary.interrupted = True  # the current document was rolled back
            return linker
        reporter.advance(source, name)
    return linker


def open_source(
    engine: Engine,
    connector: Connector,
    mirror: Path,
    reporter: Reporter,
    summary: SourceSummary,
    limit: int | None = None,
) -> list[str] | None:
    """The keys of a source's documents in the mirror (at most ``limit``), its taxonomies
    stored first; None, with the failure in ``summary``, when the source cannot be read."""
    try:
        keys = connector.scan(mirror)
        with transaction(engine) as session:
            for draft in connector.taxonomies(mirror):
                sync_taxonomy(session, draft)
    except (GovatlasError, ValueError, OSError) as exc:
        summary.failures.append(Failure(f"{connector.name} (whole source)", describe_failure(exc)))
        reporter.failed(connector.name, summary.failures[-1])
        return None
    if limit is not None:
        keys = keys[:limit]
    reporter.start(connector.name, len(keys))
    return keys


def run_connector(
    engine: Engine,
    connector: Connector,
    mirror: Path,
    reporter: Reporter,
    limit: int | None = None,
    stop: Callable[[], bool] | None = None,
) -> SourceSummary:
    """Ingest one source from the mirror."""
    summary = SourceSummary(connector.name)
    keys = open_source(engine, connector, mirror, reporter, summary, limit)
    if keys is None:
        return summary

    def loader(key: str) -> Callable[[], SourceDocument]:
        return lambda: connector.load(mirror, key)

    ingest_documents(
        engine, connector.name, [loader(k) for k in keys], keys, reporter, summary, stop
    )
    return summary


def run_sources(
    engine: Engine,
    connectors: Sequence[Connector],
    mirror: Path,
    reporter: Reporter,
    limit: int | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[SourceSummary]:
    """Ingest several sources in order; a failing source does not stop the others,
    an interruption (Ctrl-C) stops the run after keeping what was stored."""
    summaries = []
    for connector in connectors:
        summaries.append(run_connector(engine, connector, mirror, reporter, limit, stop))
        if summaries[-1].interrupted:
            break
    return summaries


def run_locations(
    engine: Engine,
    locations: Sequence[str],
    load: Callable[[str], SourceDocument],
    reporter: Reporter,
) -> SourceSummary:
    """Ingest files or URLs, each in its own transaction."""
    summary = SourceSummary("files and URLs")
    reporter.start(summary.source, len(locations))

    def loader(location: str) -> Callable[[], SourceDocument]:
        return lambda: load(location)

    ingest_documents(
        engine, summary.source, [loader(x) for x in locations], locations, reporter, summary
    )
    return summary
