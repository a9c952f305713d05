"""``govatlas download --catalog``: fetch the official texts of catalogued instruments.

For users whose machine is online. Each catalogued instrument with an official URL
and no stored text is fetched through the horizon's ``PoliteFetcher`` (robots.txt,
pacing per host, retries with backoff, size caps, the outbound guard that refuses
private addresses unless ``GOVATLAS_ALLOW_PRIVATE_URLS`` is set), its body kept in
the raw-response cache under its SHA-256, its text extracted (HTML main text, PDF
text layer), its language detected, and stored through the normal ingest path as a
version of that instrument, with the URL it came from and when, and cut into
provisions. Texts are stored in their original language, never translated.

Every instrument gets one outcome, kept as a ``source_record`` (source
``download``, kind ``catalog-text``) so that failures are recorded with their
reason and a later run knows what was tried. A run is resumable: instruments with a
stored text are skipped, and a body already in the cache for the same URL is read
from there instead of fetched again (``refresh`` fetches again).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.catalog.model import jurisdiction_with_descendants
from govatlas.errors import GovatlasError, NotFoundError
from govatlas.horizon.fetching import (
    DOCUMENT_TYPES,
    Fetched,
    FetchError,
    PoliteFetcher,
    RobotsRefusalError,
)
from govatlas.horizon.scan import store_raw
from govatlas.ingest.formats import DocumentError, parse_bytes
from govatlas.ingest.language import detect_language
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.outbound import OutboundRefusedError
from govatlas.records import SourceDocument
from govatlas.store.horizon_texts import catalog_text_candidates, newest_raw_response
from govatlas.store.models import SourceRecord, utcnow
from govatlas.store.session import transaction
from govatlas.store.source_records import source_record

DOWNLOAD_SOURCE = "download"
RECORD_KIND = "catalog-text"


class Outcome(StrEnum):
    STORED = "stored"  # a new version was stored
    UNCHANGED = "unchanged"  # fetched again (refresh): the same text is stored already
    SKIPPED = "skipped"  # a text is stored already: nothing fetched
    PLANNED = "would fetch"  # dry run
    FAILED = "failed"


class FailureKind(StrEnum):
    HTTP = "http error"
    ROBOTS = "robots.txt disallows"
    REFUSED = "private address refused"
    NOT_TEXT = "not a text"
    NETWORK = "network"
    OTHER = "other"


@dataclass(frozen=True)
class Candidate:
    instrument: str
    name: str
    url: str | None  # None: the catalog gives no official URL
    catalog_languages: tuple[str, ...]
    has_text: bool


@dataclass
class TextOutcome:
    instrument: str
    url: str | None
    outcome: Outcome
    reason: str = ""
    kind: FailureKind | None = None
    language: str | None = None
    provisions: int = 0
    version_id: int | None = None
    from_cache: bool = False


@dataclass
class DownloadSummary:
    outcomes: list[TextOutcome] = field(default_factory=list)
    interrupted: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome is outcome)

    @property
    def attempted(self) -> list[TextOutcome]:
        return [o for o in self.outcomes if o.outcome not in (Outcome.SKIPPED, Outcome.PLANNED)]

    @property
    def all_failed(self) -> bool:
        """Something was tried and nothing of it worked: the one case worth a failing exit."""
        tried = self.attempted
        return bool(tried) and all(o.outcome is Outcome.FAILED for o in tried)


def candidates(
    session: Session,
    *,
    instruments: Sequence[str] = (),
    jurisdiction: str | None = None,
) -> list[Candidate]:
    """Catalogued instruments in the store (all, the named ones, or one jurisdiction's
    and its subdivisions'), ordered by id, each with whether a text is stored."""
    places = jurisdiction_with_descendants(jurisdiction) if jurisdiction else None
    rows = catalog_text_candidates(session, instruments, places)
    found = [
        Candidate(ident, name, next(iter(urls or []), None), tuple(langs or ()), bool(text))
        for ident, name, urls, langs, text in rows
    ]
    missing = sorted(set(instruments) - {c.instrument for c in found})
    if missing:
        raise NotFoundError(
            f"not a catalogued instrument in the store: {', '.join(missing[:10])}",
            "check the id with `govatlas catalog list`, and run `govatlas build` first",
        )
    return found


def classify_failure(exc: Exception) -> FailureKind:
    """Which kind of failure ``exc`` is, for the summary and the stored record."""
    if isinstance(exc, RobotsRefusalError):
        return FailureKind.ROBOTS
    if isinstance(exc.__cause__, OutboundRefusedError) or isinstance(exc, OutboundRefusedError):
        return FailureKind.REFUSED
    if isinstance(exc, DocumentError):
        return FailureKind.NOT_TEXT
    if isinstance(exc, FetchError):
        if exc.status is not None and exc.status >= 400:
            return FailureKind.HTTP
        if "content type" in exc.message:
            return FailureKind.NOT_TEXT
        return FailureKind.NETWORK
    return FailureKind.OTHER


class CatalogDownloader:
    """Fetches and stores the texts of catalogued instruments, one transaction each."""

    def __init__(self, engine: Engine, fetcher: PoliteFetcher) -> None:
        self.engine = engine
        self.fetcher = fetcher

    def run(
        self,
        chosen: Sequence[Candidate],
        *,
        refresh: bool = False,
        limit: int | None = None,
        dry_run: bool = False,
        progress: Callable[[TextOutcome], None] = lambda _: None,
        stop: Callable[[], bool] | None = None,
    ) -> DownloadSummary:
        """One outcome per candidate; ``limit`` caps how many are fetched (skipped
        ones do not count), ``dry_run`` says what would be fetched and writes nothing."""
        summary = DownloadSummary()
        fetched = 0
        for candidate in chosen:
            if candidate.url is None:
                continue  # nothing to fetch from; the catalog requires URLs, sources may not
            if candidate.has_text and not refresh:
                summary.outcomes.append(
                    TextOutcome(candidate.instrument, candidate.url, Outcome.SKIPPED)
                )
                progress(summary.outcomes[-1])
                continue
            if limit is not None and fetched >= limit:
                break
            if stop is not None and stop():
                summary.interrupted = True
                break
            fetched += 1
            if dry_run:
                outcome = TextOutcome(candidate.instrument, candidate.url, Outcome.PLANNED)
            else:
                outcome = self.one(candidate, refresh=refresh)
            summary.outcomes.append(outcome)
            progress(outcome)
        return summary

    def one(self, candidate: Candidate, *, refresh: bool = False) -> TextOutcome:
        """Fetch, parse and store one instrument's text; failures become an outcome."""
        assert candidate.url is not None
        outcome = TextOutcome(candidate.instrument, candidate.url, Outcome.FAILED)
        retrieved = utcnow()
        try:
            fetched = None if refresh else self._cached(candidate.url)
            if fetched is None:
                fetched = self.fetcher.get(candidate.url, accept=DOCUMENT_TYPES)
                store_raw(self.engine, fetched)
            else:
                outcome.from_cache = True
            assert fetched.body is not None
            parsed = parse_bytes(fetched.url, fetched.body, fetched.content_type)
            language = detect_language(parsed.text)
            document = SourceDocument(
                source=DOWNLOAD_SOURCE,
                key=candidate.instrument,
                name=fetched.url,
                text=parsed.text,
                format=parsed.format,
                language=language,
                source_url=fetched.url,
                retrieved_at=retrieved,
                known_instrument=candidate.instrument,
            )
            with transaction(self.engine) as session:
                stored = store_document(session, Linker(session), document)
                outcome.outcome = Outcome.STORED if stored.version_created else Outcome.UNCHANGED
                outcome.language = language
                outcome.provisions = stored.provisions
                outcome.version_id = stored.version_id
                listed = candidate.catalog_languages
                if language and listed and language not in listed:
                    outcome.reason = f"detected {language}; the catalog lists {', '.join(listed)}"

                _record(session, outcome, retrieved)
        except (GovatlasError, ValueError, OSError) as exc:
            outcome.outcome = Outcome.FAILED
            outcome.kind = classify_failure(exc)
            outcome.reason = exc.message if isinstance(exc, GovatlasError) else str(exc)
            with transaction(self.engine) as session:
                _record(session, outcome, retrieved)
        return outcome

    def _cached(self, url: str) -> Fetched | None:
        """The newest cached body fetched from ``url``, if any (a resumed run reads it)."""
        with transaction(self.engine) as session:
            row = newest_raw_response(session, url)
            if row is None:
                return None
            return Fetched(row.url, 200, row.body, row.content_type, None, None)


def _record(session: Session, outcome: TextOutcome, at: datetime) -> None:
    """Keep the outcome (the last one per instrument) as a source record."""
    data = {
        "url": outcome.url,
        "outcome": outcome.outcome.value,
        "kind": outcome.kind.value if outcome.kind else None,
        "reason": outcome.reason or None,
        "language": outcome.language,
        "version": outcome.version_id,
        "at": at.isoformat(timespec="seconds"),
    }
    row = source_record(session, DOWNLOAD_SOURCE, RECORD_KIND, outcome.instrument)
    if row is None:
        row = SourceRecord(source=DOWNLOAD_SOURCE, kind=RECORD_KIND, key=outcome.instrument)
        session.add(row)
    row.instrument_id = outcome.instrument
    row.data = data
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    row.content_hash = hashlib.sha256(encoded).hexdigest()
