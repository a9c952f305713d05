"""Any local file or URL as a source document (PDF, HTML, XML, text, Markdown).

URLs are fetched with a timeout, a bounded number of redirects and a size cap
enforced while streaming; every failure names the URL and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpx

from govatlas.ingest.formats import MAX_BYTES, DocumentError, ParsedText, parse_bytes, parse_file
from govatlas.sources.records import InstrumentDraft, SourceDocument
from govatlas.vocabulary import Binding, InstrumentType

TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 5
USER_AGENT = "govatlas/0.1 (+https://github.com/govatlas)"


@dataclass(frozen=True)
class DocumentOptions:
    """What the user says about a document that its file cannot tell."""

    title: str | None = None
    jurisdiction: str = "UNSPECIFIED"
    type: InstrumentType = InstrumentType.POLICY
    binding: Binding = Binding.NON_BINDING


def is_url(location: str) -> bool:
    return bool(re.match(r"^https?://", location, flags=re.I))


def fetch(url: str, client: httpx.Client | None = None) -> tuple[bytes, str | None]:
    """Body and content type of ``url``; refuses bodies over ``MAX_BYTES``."""
    own = client is None
    http = client or httpx.Client(
        timeout=TIMEOUT_SECONDS,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT},
    )
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise DocumentError(f"{url}: the server answered HTTP {response.status_code}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > MAX_BYTES:
                raise DocumentError(f"{url}: {declared / 1e6:.0f} MB is over the size limit")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise DocumentError(f"{url}: the body is over {MAX_BYTES // 1024 // 1024} MB")
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("content-type")
    except httpx.TooManyRedirects as exc:
        raise DocumentError(f"{url}: too many redirects", "check the URL") from exc
    except httpx.TimeoutException as exc:
        raise DocumentError(
            f"{url}: timed out after {TIMEOUT_SECONDS:.0f} s", "try again later"
        ) from exc
    except httpx.HTTPError as exc:
        raise DocumentError(
            f"{url}: cannot fetch ({exc})", "check the URL and your network"
        ) from exc
    finally:
        if own:
            http.close()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "document"


def document_from(
    location: str, options: DocumentOptions, client: httpx.Client | None = None
) -> SourceDocument:
    """A ``SourceDocument`` for a path or URL, parsed into text."""
    if is_url(location):
        data, content_type = fetch(location, client)
        return document_from_parsed(location, parse_bytes(location, data, content_type), options)
    return document_from_parsed(location, parse_file(Path(location)), options)


def document_from_parsed(
    location: str, parsed: ParsedText, options: DocumentOptions, source: str = "file"
) -> SourceDocument:
    """A ``SourceDocument`` for text already read from ``location`` (a path or URL)."""
    if is_url(location):
        fallback_title = location.rstrip("/").rsplit("/", 1)[-1] or location
    else:
        fallback_title = Path(location).stem.replace("_", " ")
    title = options.title or parsed.title or fallback_title
    return SourceDocument(
        source=source,
        key=location,
        name=location,
        instrument=InstrumentDraft(
            key=f"doc-{_slug(title)}",
            title=title,
            short_name=title[:200],
            type=options.type,
            binding=options.binding,
            jurisdiction=options.jurisdiction,
            urls=(location,) if is_url(location) else (),
        ),
        text=parsed.text,
        format=parsed.format,
        source_url=location if is_url(location) else None,
    )
