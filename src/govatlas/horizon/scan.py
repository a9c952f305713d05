"""``govatlas scan``: re-check the due watches and store what changed.

Each watch is checked on its own: a failure (timeout, HTTP error, a body that
is not a document) is recorded on the watch and in the scan log, and the scan
goes on with the next one. Fetched bodies are kept content-addressed
(``raw_response``, keyed by SHA-256) before they are parsed, so a failed parse
can be inspected. Documents go through the normal ingest path
(``store_document``) in one transaction together with their change records, so
a failure never leaves a partial version. A body identical to the last one, or
a 304, changes nothing: scans are idempotent and safe to run from cron, and a
lock in the store keeps two scans from overlapping.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from govatlas.errors import GovatlasError
from govatlas.horizon.changes import record_changes
from govatlas.horizon.feed_entries import feed_entries
from govatlas.horizon.fetching import (
    DATASET_TYPES,
    DOCUMENT_TYPES,
    FEED_TYPES,
    Fetched,
    PoliteFetcher,
)
from govatlas.horizon.lock import store_lock
from govatlas.horizon.matching import InstrumentIndex
from govatlas.horizon.significance import SignificanceModel
from govatlas.horizon.watchlist import get_watch, is_due
from govatlas.ingest.formats import parse_bytes
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.ingest.runner import Reporter, run_connector
from govatlas.sources.discovery import get_connector
from govatlas.sources.files import DocumentOptions, document_from_parsed
from govatlas.sources.mirror import source_folder
from govatlas.store.horizon import watches
from govatlas.store.horizon_texts import newest_version_id, version_ids_after
from govatlas.store.models import Concept, RawResponse, ScanEvent, Watch, WatchEntry, utcnow
from govatlas.store.session import transaction
from govatlas.vocabulary import ScanOutcome, WatchKind

MAX_FEED_ENTRIES = 25  # entries followed per feed and scan, newest first
SCAN_SOURCE = "scan"


@dataclass
class WatchResult:
    watch_id: int
    outcome: ScanOutcome
    detail: str = ""
    changes: list[int] = field(default_factory=list)
    url: str | None = None
    http_status: int | None = None
    raw_hash: str | None = None
    # validators to remember only when the check succeeded
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None


@dataclass(frozen=True)
class WatchView:
    """The fields of a watch that a check needs, read before the check starts."""

    id: int
    kind: WatchKind
    location: str
    instrument_id: str | None
    connector: str | None
    jurisdiction_id: str | None
    title: str | None
    concept_names: tuple[str, ...]
    etag: str | None
    last_modified: str | None
    content_hash: str | None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_raw(engine: Engine, fetched: Fetched) -> str:
    """Keep a fetched body under its SHA-256 (once, however often it is fetched)."""
    assert fetched.body is not None
    digest = sha256(fetched.body)
    with transaction(engine) as session:
        if session.get(RawResponse, digest) is None:
            session.add(
                RawResponse(
                    sha256=digest,
                    url=fetched.url,
                    content_type=fetched.content_type,
                    size=len(fetched.body),
                    body=fetched.body,
                )
            )
    return digest


def _view(session: Session, watch: Watch) -> WatchView:
    names: tuple[str, ...] = ()
    if watch.concept_id:
        concept = session.get(Concept, watch.concept_id)
        if concept is not None:
            names = (concept.pref_label, *concept.alt_labels)
    return WatchView(
        watch.id,
        watch.kind,
        watch.location,
        watch.instrument_id,
        watch.connector,
        watch.jurisdiction_id,
        watch.title,
        tuple(n.lower() for n in names if n),
        watch.etag,
        watch.last_modified,
        watch.content_hash,
    )


def _describe(exc: Exception) -> str:
    if isinstance(exc, GovatlasError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"


class Scanner:
    """Checks watches with one fetcher and one significance model (loaded on first use)."""

    def __init__(
        self,
        engine: Engine,
        fetcher: PoliteFetcher,
        mirror: Path | None = None,
        model: Callable[[], SignificanceModel] = SignificanceModel,
    ) -> None:
        self.engine = engine
        self.fetcher = fetcher
        self.mirror = mirror
        self._make_model = model
        self._model: SignificanceModel | None = None
        self._index: InstrumentIndex | None = None

    @property
    def model(self) -> SignificanceModel:
        if self._model is None:
            self._model = self._make_model()
        return self._model

    def due(self, watch_ids: Sequence[int] = (), every: bool = False) -> list[int]:
        """The watches to check: the named ones, else all (``every``), else the due ones."""
        now = utcnow()
        with transaction(self.engine) as session:
            if watch_ids:
                return [get_watch(session, i).id for i in watch_ids]
            return [w.id for w in watches(session) if every or is_due(w, now)]

    def scan(
        self,
        watch_ids: Sequence[int],
        progress: Callable[[WatchResult], None] = lambda _: None,
    ) -> list[WatchResult]:
        """Check each watch in turn under the scan lock."""
        results = []
        with store_lock(self.engine, "scan"):
            self._index = None  # read the store afresh: other work may have changed it
            for watch_id in watch_ids:
                results.append(self.check(watch_id))
                progress(results[-1])
        return results

    def check(self, watch_id: int) -> WatchResult:
        started = utcnow()
        with transaction(self.engine) as session:
            view = _view(session, get_watch(session, watch_id))
            if self._index is None:  # one index per scan; stored documents are added to it
                self._index = InstrumentIndex(session)
        handler = {
            WatchKind.URL: self._check_url,
            WatchKind.FEED: self._check_feed,
            WatchKind.DATASET: self._check_dataset,
            WatchKind.FOLDER: self._check_folder,
        }[view.kind]
        result = WatchResult(watch_id, ScanOutcome.FAILED, url=view.location)
        try:
            handler(view, result)
        except (GovatlasError, ValueError, OSError, KeyError, SQLAlchemyError) as exc:
            result.outcome = ScanOutcome.FAILED
            result.detail = _describe(exc)
            result.http_status = getattr(exc, "status", result.http_status)
        self._log(result, started)
        return result

    def _log(self, result: WatchResult, started: datetime) -> None:
        with transaction(self.engine) as session:
            watch = session.get(Watch, result.watch_id)
            if watch is None:  # removed while it was being checked
                return
            watch.last_checked_at = started
            watch.last_outcome = result.outcome
            watch.last_error = result.detail if result.outcome is ScanOutcome.FAILED else None
            if result.outcome is not ScanOutcome.FAILED:
                watch.etag = result.etag or watch.etag
                watch.last_modified = result.last_modified or watch.last_modified
                watch.content_hash = result.content_hash or watch.content_hash
            session.add(
                ScanEvent(
                    watch_id=result.watch_id,
                    started_at=started,
                    outcome=result.outcome,
                    url=result.url,
                    http_status=result.http_status,
                    raw_hash=result.raw_hash,
                    detail=result.detail or None,
                )
            )

    def _fetch(
        self, view: WatchView, result: WatchResult, accept: frozenset[str]
    ) -> Fetched | None:
        """The body if it is new; None (and the outcome set) for a 304 or the same body."""
        conditional = view.content_hash is not None
        fetched = self.fetcher.get(
            view.location,
            accept=accept,
            etag=view.etag if conditional else None,
            last_modified=view.last_modified if conditional else None,
        )
        result.http_status = fetched.status
        if fetched.body is None:
            result.outcome = ScanOutcome.NOT_MODIFIED
            result.detail = "not modified (HTTP 304)"
            return None
        result.raw_hash = store_raw(self.engine, fetched)
        result.etag, result.last_modified = fetched.etag, fetched.last_modified
        if result.raw_hash == view.content_hash:
            result.outcome = ScanOutcome.UNCHANGED
            result.content_hash = result.raw_hash
            result.detail = "same content as the last check"
            return None
        return fetched

    def _store(
        self, view: WatchView, fetched: Fetched, title: str | None = None
    ) -> tuple[list[int], str]:
        """Parse and store one fetched document with its change record, in one transaction."""
        assert fetched.body is not None and self._index is not None
        parsed = parse_bytes(fetched.url, fetched.body, fetched.content_type)
        title = title or parsed.title
        options = DocumentOptions(title=title, jurisdiction=view.jurisdiction_id or "UNSPECIFIED")
        document = document_from_parsed(fetched.url, parsed, options, source=SCAN_SOURCE)
        with transaction(self.engine) as session:
            known = view.instrument_id
            evidence = "watch"
            if known is None:
                match = self._index.match(session, url=fetched.url, title=title)
                known, evidence = match.instrument_id, match.evidence
            if known is not None:
                document = dataclasses.replace(document, known_instrument=known)
            stored = store_document(session, Linker(session), document)
            assert stored.instrument_id is not None
            self._index.remember(stored.instrument_id, fetched.url, document.name)
            new = [stored.version_id] if stored.version_created and stored.version_id else []
            changes = record_changes(session, new, self.model, view.id)
        what = "new instrument" if known is None else f"known instrument (by {evidence})"
        return [c.id for c in changes], f"{stored.instrument_id}: {what}"

    def _check_url(self, view: WatchView, result: WatchResult) -> None:
        fetched = self._fetch(view, result, DOCUMENT_TYPES)
        if fetched is None:
            return
        result.changes, where = self._store(view, fetched, view.title)
        result.content_hash = result.raw_hash
        result.outcome = ScanOutcome.CHANGED if result.changes else ScanOutcome.UNCHANGED
        result.detail = f"{where}; " + (
            f"{len(result.changes)} change(s)" if result.changes else "text already stored"
        )

    def _check_feed(self, view: WatchView, result: WatchResult) -> None:
        fetched = self._fetch(view, result, FEED_TYPES)
        if fetched is None:
            return
        assert fetched.body is not None
        entries = feed_entries(fetched.body, view.location)
        notes, followed, failed = [], 0, 0
        for entry in entries[:MAX_FEED_ENTRIES]:
            link, key = entry.link, entry.key
            with transaction(self.engine) as session:
                if session.get(WatchEntry, (view.id, key)) is not None:
                    continue
            wanted = not view.concept_names or any(
                name in f"{entry.title or ''} {entry.summary}".lower()
                for name in view.concept_names
            )
            try:
                if wanted:
                    document = self.fetcher.get(link, accept=DOCUMENT_TYPES)
                    if document.body is not None:
                        store_raw(self.engine, document)
                        changes, _ = self._store(view, document, entry.title)
                        result.changes += changes
                        followed += 1
                with transaction(self.engine) as session:
                    session.add(WatchEntry(watch_id=view.id, entry_key=key, link=link))
            except (GovatlasError, ValueError, OSError, SQLAlchemyError) as exc:
                failed += 1
                notes.append(f"{link}: {_describe(exc)}")
        if not failed:  # otherwise the next scan must read the feed again to retry
            result.content_hash = result.raw_hash
        result.outcome = ScanOutcome.CHANGED if result.changes else ScanOutcome.UNCHANGED
        summary = f"{followed} new entr{'y' if followed == 1 else 'ies'} followed"
        if failed:
            summary += f", {failed} failed (retried next scan): " + "; ".join(notes)
        if failed and not followed:
            result.outcome = ScanOutcome.FAILED
        result.detail = summary

    def _check_dataset(self, view: WatchView, result: WatchResult) -> None:
        assert view.connector is not None
        connector = get_connector(view.connector)
        folder = source_folder(self.mirror, connector.folder)
        fetched = self._fetch(view, result, DATASET_TYPES)
        if fetched is None or self.mirror is None:
            return
        assert fetched.body is not None
        target = folder / (view.location.rstrip("/").rsplit("/", 1)[-1] or "dataset")
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(fetched.body)
        partial.replace(target)
        self._ingest(view, result, self.mirror)
        result.content_hash = result.raw_hash

    def _check_folder(self, view: WatchView, result: WatchResult) -> None:
        assert view.connector is not None
        connector = get_connector(view.connector)
        root = Path(view.location)
        fingerprint = folder_fingerprint(source_folder(root, connector.folder))
        if fingerprint == view.content_hash:
            result.outcome = ScanOutcome.UNCHANGED
            result.detail = "no file changed"
            return
        self._ingest(view, result, root)
        result.content_hash = fingerprint

    def _ingest(self, view: WatchView, result: WatchResult, mirror: Path) -> None:
        """Run the watch's connector over the mirror; every new version becomes a change."""
        assert view.connector is not None
        with transaction(self.engine) as session:
            mark = newest_version_id(session)
        summary = run_connector(self.engine, get_connector(view.connector), mirror, Reporter())
        self._index = None  # the connector may have added instruments
        with transaction(self.engine) as session:
            changes = record_changes(session, version_ids_after(session, mark), self.model, view.id)
            result.changes = [c.id for c in changes]
        result.outcome = ScanOutcome.CHANGED if result.changes else ScanOutcome.UNCHANGED
        result.detail = (
            f"{summary.documents} documents read, {summary.versions_created} new versions, "
            f"{summary.instruments_created} new instruments"
        )
        if summary.failures:
            result.detail += f", {len(summary.failures)} failed: " + "; ".join(
                f"{f.document}: {f.reason}" for f in summary.failures[:5]
            )


def folder_fingerprint(folder: Path) -> str:
    """SHA-256 over every file's relative path, size and modification time."""
    lines = sorted(
        f"{p.relative_to(folder)}\t{p.stat().st_size}\t{p.stat().st_mtime_ns}"
        for p in folder.rglob("*")
        if p.is_file()
    )
    return sha256("\n".join(lines).encode())
