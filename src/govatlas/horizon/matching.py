"""Is a fetched document a new instrument, or a new version of a known one?

Evidence is tried from the strongest to the weakest: an external id the store
knows (AGORA id, CELEX number...), then the URL (an instrument's official URLs
and the URLs its versions were fetched from, compared without scheme case,
fragment or trailing slash), then the title: the normalised title (or short
name) most similar to the document's, if the similarity reaches
``TITLE_SIMILARITY``. Each match says which evidence decided it.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.orm import Session

from govatlas.ingest.linking import normalise_title
from govatlas.store.horizon_texts import instrument_titles_and_urls, version_source_urls
from govatlas.store.models import ExternalId

TITLE_SIMILARITY = 0.9


@dataclass(frozen=True)
class InstrumentMatch:
    instrument_id: str | None  # None: a new instrument
    evidence: str  # "external id agora=123", "URL", "title (0.94)", "none"


def normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


class InstrumentIndex:
    """URLs and titles of the stored instruments, read once per scan."""

    def __init__(self, session: Session) -> None:
        self.urls: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        for instrument_id, title, short_name, urls in instrument_titles_and_urls(session):
            for url in urls or []:
                self.urls.setdefault(normalise_url(url), instrument_id)
            for name in (title, short_name):
                self.titles.setdefault(normalise_title(name), instrument_id)
        for instrument_id, source_url in version_source_urls(session):
            if source_url:
                self.urls.setdefault(normalise_url(source_url), instrument_id)

    def remember(self, instrument_id: str, url: str, title: str) -> None:
        """Count a newly stored instrument in, so a later entry of the same scan matches it."""
        self.urls.setdefault(normalise_url(url), instrument_id)
        self.titles.setdefault(normalise_title(title), instrument_id)

    def match(
        self,
        session: Session,
        *,
        url: str,
        title: str | None,
        external_ids: Mapping[str, str] | None = None,
    ) -> InstrumentMatch:
        for scheme, value in (external_ids or {}).items():
            known = session.get(ExternalId, (scheme, value))
            if known is not None:
                return InstrumentMatch(known.instrument_id, f"external id {scheme}={value}")
        by_url = self.urls.get(normalise_url(url))
        if by_url is not None:
            return InstrumentMatch(by_url, "URL")
        if title:
            wanted = normalise_title(title)
            best, score = None, 0.0
            for known_title, instrument_id in self.titles.items():
                matcher = difflib.SequenceMatcher(None, wanted, known_title)
                if matcher.real_quick_ratio() < TITLE_SIMILARITY:
                    continue
                if matcher.quick_ratio() < TITLE_SIMILARITY:
                    continue
                ratio = matcher.ratio()
                if ratio > score:
                    best, score = instrument_id, ratio
            if best is not None and score >= TITLE_SIMILARITY:
                return InstrumentMatch(best, f"title ({score:.2f})")
        return InstrumentMatch(None, "none")
