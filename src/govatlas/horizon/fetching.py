"""Polite HTTP fetching for horizon scans.

A ``PoliteFetcher`` asks each site's robots.txt first (RFC 9309: a missing file
allows everything, an unreachable one forbids everything), waits between two
requests to the same host, sends conditional requests (``If-None-Match`` /
``If-Modified-Since``) so an unchanged page costs a 304, and retries what may
pass (timeouts, dropped connections, truncated bodies, 429 and 5xx answers)
with exponential backoff and jitter, honouring ``Retry-After``. It refuses, with
a message naming the URL and the reason: redirect loops, bodies over the size
limit (checked while streaming and decompressing, so a 100 MB body or a gzip
bomb is never held in memory), content types the watch does not expect, and 4xx
answers. Every request, robots.txt and each redirect hop included, goes through
the outbound guard (``govatlas.outbound``): public addresses only unless
``GOVATLAS_ALLOW_PRIVATE_URLS`` is set, checked at connect time. robots.txt is
read up to ``robots_max_bytes`` (RFC 9309 asks crawlers to parse at least 500
KiB; rules past the cap are ignored).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from govatlas.errors import InvalidInputError
from govatlas.outbound import (
    USER_AGENT,
    BodyError,
    BodyTooLargeError,
    BodyTruncatedError,
    OutboundClient,
    OutboundPolicy,
    OutboundRefusedError,
    RedirectError,
    read_body,
)

DOCUMENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/pdf",
        "text/plain",
        "text/markdown",
        "application/xml",
        "text/xml",
    }
)
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "text/html"}
)
DATASET_TYPES = frozenset(
    {"text/csv", "application/csv", "text/plain", "application/octet-stream", "application/zip"}
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(InvalidInputError):
    """A URL could not be fetched; ``status`` is the last HTTP status, if any."""

    def __init__(self, message: str, hint: str | None = None, status: int | None = None) -> None:
        super().__init__(message, hint)
        self.status = status


class RobotsRefusalError(FetchError):
    """The site's robots.txt does not let govatlas fetch the URL."""


class TransientFetchError(Exception):
    """A failure worth retrying, with the server's suggested wait if it gave one."""

    def __init__(self, reason: str, status: int | None = None, wait: float | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.wait = wait


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 30.0
    attempts: int = 4  # the first try and three retries
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    max_wait: float = 120.0
    host_interval: float = 2.0  # at least this long between two requests to one host
    max_bytes: int = 50 * 1024 * 1024
    robots_max_bytes: int = 512 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    allow_private: bool | None = None  # None: GOVATLAS_ALLOW_PRIVATE_URLS decides


@dataclass(frozen=True)
class Fetched:
    """A 200 answer with its body, or a 304 (``body`` is None)."""

    url: str
    status: int
    body: bytes | None
    content_type: str | None
    etag: str | None
    last_modified: str | None


@dataclass
class PoliteFetcher:
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    jitter: Callable[[], float] = random.random
    _client: OutboundClient | None = None
    _robots: dict[str, RobotFileParser | bool] = field(default_factory=dict)  # bool: blanket
    _last_request: dict[str, float] = field(default_factory=dict)

    @property
    def client(self) -> OutboundClient:
        if self._client is None:
            self._client = OutboundClient(
                OutboundPolicy(
                    allow_private=self.policy.allow_private,
                    timeout=self.policy.timeout,
                    max_redirects=self.policy.max_redirects,
                    user_agent=self.policy.user_agent,
                )
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def get(
        self,
        url: str,
        *,
        accept: Collection[str] = DOCUMENT_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched:
        """Fetch ``url`` politely; raises ``FetchError`` with the reason when it cannot."""
        try:
            self.client.check(url)
        except OutboundRefusedError as exc:
            raise FetchError(exc.message, exc.hint) from exc
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        last: TransientFetchError | None = None
        for attempt in range(self.policy.attempts):
            if last is not None:
                self.sleep(self._wait(attempt, last.wait))
            try:
                return self._once(url, headers, accept)
            except TransientFetchError as exc:
                last = exc
        assert last is not None
        raise FetchError(
            f"{url}: {last} (after {self.policy.attempts} attempts)",
            "the scan will try again at the watch's next run",
            status=last.status,
        )

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch ``url`` (cached per site)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        rules = self._robots[site]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, site: str) -> RobotFileParser | bool:
        """The site's rules; refusals by the outbound guard propagate (they are not
        the site's answer), any other failure to read forbids (RFC 9309)."""
        try:
            with self.client.open(f"{site}/robots.txt", before_hop=self._pace) as response:
                if response.status_code >= 500:
                    return False
                if response.status_code >= 400:
                    return True  # no robots.txt: everything is allowed
                limit = self.policy.robots_max_bytes
                body = read_body(response, limit, what=f"{site}/robots.txt", truncate=True)
        except (httpx.HTTPError, RedirectError, BodyError):
            return False  # unreachable or unreadable: assume the site forbids crawling
        lines = body.decode("utf-8", errors="replace").splitlines()
        if len(body) >= self.policy.robots_max_bytes and lines:
            lines.pop()  # the last line may be cut in the middle
        rules = RobotFileParser(f"{site}/robots.txt")
        rules.parse(lines)
        return rules

    def _wait(self, attempt: int, suggested: float | None) -> float:
        exponential = self.policy.backoff * 2 ** (attempt - 1)
        wait = suggested if suggested is not None else exponential
        return min(self.policy.max_wait, wait + self.jitter() * self.policy.backoff)

    def _pace(self, url: str) -> None:
        host = urlsplit(url).netloc
        previous = self._last_request.get(host)
        if previous is not None:
            remaining = previous + self.policy.host_interval - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = self.clock()

    def _hop(self, url: str) -> None:
        """Before each request of a fetch, the first and every redirect: robots, pacing."""
        if not self.allowed(url):
            raise RobotsRefusalError(
                f"{url}: the site's robots.txt does not allow govatlas to fetch it",
                "ask the site for access, or mirror the document by hand",
            )
        self._pace(url)

    def _once(self, url: str, headers: dict[str, str], accept: Collection[str]) -> Fetched:
        try:
            with self.client.open(url, headers, before_hop=self._hop) as response:
                return self._read(url, response, accept)
        except (OutboundRefusedError, RedirectError) as exc:
            raise FetchError(exc.message, exc.hint) from exc
        except BodyTruncatedError as exc:
            raise TransientFetchError(f"truncated body ({exc.message})") from exc
        except httpx.TimeoutException as exc:
            raise TransientFetchError(f"timed out after {self.policy.timeout:.0f} s") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError) as exc:
            raise TransientFetchError(f"connection failed ({exc})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: cannot fetch ({exc})") from exc

    def _read(self, url: str, response: httpx.Response, accept: Collection[str]) -> Fetched:
        status = response.status_code
        final = str(response.url)
        if status == 304:
            return Fetched(final, 304, None, None, None, None)
        if status in RETRY_STATUSES:
            raise TransientFetchError(
                f"the server answered HTTP {status}", status, _retry_after(response)
            )
        if status >= 400:
            raise FetchError(f"{url}: the server answered HTTP {status}", status=status)
        content_type = response.headers.get("content-type")
        media = (content_type or "").split(";")[0].strip().lower()
        if media and media not in accept:
            raise FetchError(
                f"{url}: unexpected content type {media}",
                f"this watch expects one of: {', '.join(sorted(accept))}",
                status=status,
            )
        try:
            body = read_body(response, self.policy.max_bytes, what=f"{url}: the body")
        except BodyTruncatedError:
            raise
        except BodyTooLargeError as exc:
            raise FetchError(exc.message, exc.hint, status=status) from exc
        except BodyError as exc:
            raise FetchError(f"{url}: {exc.message}", exc.hint, status=status) from exc
        return Fetched(
            final,
            status,
            body,
            content_type,
            response.headers.get("etag"),
            response.headers.get("last-modified"),
        )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
