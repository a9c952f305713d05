"""Any local file or URL as a source document (PDF, HTML, XML, text, Markdown).

URLs are fetched through the outbound guard (``govatlas.outbound``): public
addresses only unless ``GOVATLAS_ALLOW_PRIVATE_URLS`` is set, a timeout, each
redirect hop checked, and a size cap enforced while streaming and decompressing;
every failure names the URL and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpx

from govatlas.ingest.formats import MAX_BYTES, DocumentError, ParsedText, parse_bytes, parse_file
from govatlas.outbound import (
    USER_AGENT,
    BodyError,
    OutboundClient,
    OutboundPolicy,
    OutboundRefusedError,
    RedirectError,
    read_body,
)
from govatlas.records import InstrumentDraft, SourceDocument
from govatlas.vocabulary import Binding, InstrumentType

TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 5
__all__ = ["USER_AGENT", "DocumentOptions", "document_from", "fetch", "is_url"]


@dataclass(frozen=True)
class DocumentOptions:
    """What the user says about a document that its file cannot tell."""

    title: str | None = None
    jurisdiction: str = "UNSPECIFIED"
    type: InstrumentType = InstrumentType.POLICY
    binding: Binding = Binding.NON_BINDING


def is_url(location: str) -> bool:
    return bool(re.match(r"^https?://", location, flags=re.I))


def fetch(url: str, client: OutboundClient | None = None) -> tuple[bytes, str | None]:
    """Body and content type of ``url``; refuses bodies over ``MAX_BYTES``."""
    own = client is None
    http = client or OutboundClient(
        OutboundPolicy(timeout=TIMEOUT_SECONDS, max_redirects=MAX_REDIRECTS)
    )
    try:
        with http.open(url) as response:
            if response.status_code >= 400:
                raise DocumentError(f"{url}: the server answered HTTP {response.status_code}")
            body = read_body(response, MAX_BYTES, what=f"{url}: the body")
            return body, response.headers.get("content-type")
    except (OutboundRefusedError, RedirectError, BodyError) as exc:
        raise DocumentError(exc.message, exc.hint) from exc
    except httpx.TimeoutException as exc:
        raise DocumentError(
            f"{url}: timed out after {http.policy.timeout:.0f} s", "try again later"
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
    location: str, options: DocumentOptions, client: OutboundClient | None = None
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
