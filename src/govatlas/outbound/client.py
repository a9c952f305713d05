"""The one HTTP client for outbound requests: guarded connections, checked redirects.

``OutboundClient.open`` sends a GET and follows redirects itself, one hop at a
time, so that every hop's URL is checked (scheme, literal address) before it is
requested and its address at connect time, and so that callers can be polite on
each hop (robots.txt, pacing). ``post`` sends a webhook and never follows a
redirect. Neither reads a body: callers read it with ``read_body`` and a cap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from govatlas.config import load_settings
from govatlas.errors import InvalidInputError
from govatlas.outbound.addresses import check_url
from govatlas.outbound.backend import GuardedBackend, GuardedTransport, Resolver, system_resolver
from govatlas.outbound.bodies import ACCEPT_ENCODING

USER_AGENT = "govatlas/0.1 (+https://github.com/govatlas)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RedirectError(InvalidInputError):
    """A redirect loop, too many redirects, or a redirect without a usable Location."""


@dataclass(frozen=True)
class OutboundPolicy:
    """How outbound requests behave; ``allow_private`` None reads the setting."""

    allow_private: bool | None = None
    timeout: float = 30.0
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    resolver: Resolver = field(default=system_resolver, compare=False)

    @property
    def private_allowed(self) -> bool:
        if self.allow_private is None:
            return load_settings().allow_private_urls
        return self.allow_private


class OutboundClient:
    """An httpx client on a guarded transport, redirects followed by hand."""

    def __init__(
        self, policy: OutboundPolicy | None = None, backend: GuardedBackend | None = None
    ) -> None:
        """``backend`` replaces the guarded network backend the policy implies (tests give
        one whose resolver and connections they control)."""
        self.policy = policy or OutboundPolicy()
        self.allow_private = self.policy.private_allowed
        if backend is None:
            backend = GuardedBackend(self.allow_private, self.policy.resolver)
        else:
            self.allow_private = backend.allow_private
        self.http = httpx.Client(
            transport=GuardedTransport(backend),
            timeout=self.policy.timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> OutboundClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def check(self, url: str) -> str:
        return check_url(url, self.allow_private)

    @contextmanager
    def open(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        before_hop: Callable[[str], None] = lambda _: None,
    ) -> Iterator[httpx.Response]:
        """The streamed answer to a GET of ``url`` after redirects (``response.url`` is
        the last hop); ``before_hop`` runs before each request, with its URL."""
        current, seen = url, {url}
        for _ in range(self.policy.max_redirects + 1):
            self.check(current)
            before_hop(current)
            request = self.http.build_request("GET", current, headers=dict(headers or {}))
            response = self.http.send(request, stream=True)
            if response.status_code not in REDIRECTS:
                try:
                    yield response
                finally:
                    response.close()
                return
            location = response.headers.get("location")
            response.close()
            if not location:
                raise RedirectError(
                    f"{url}: HTTP {response.status_code} redirect without a Location",
                    "check the URL in a browser",
                )
            current = urljoin(current, location.strip())
            if current in seen:
                raise RedirectError(
                    f"{url}: too many redirects (a loop through {current[:200]})",
                    "check the URL in a browser",
                )
            seen.add(current)
        raise RedirectError(
            f"{url}: too many redirects (more than {self.policy.max_redirects})",
            "check the URL in a browser, and give the final address",
        )

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        """POST ``body`` to ``url`` (checked, no redirects followed); the HTTP status."""
        self.check(url)
        request = self.http.build_request("POST", url, content=body, headers=dict(headers))
        response = self.http.send(request, stream=True)
        response.close()  # the status is the answer; the body is never read
        return response.status_code
