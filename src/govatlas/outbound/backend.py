"""The check at connect time: resolve a name once, judge every address, connect to one.

Checking a URL's host and then letting the HTTP library resolve it again would
leave a gap: a name can answer a public address to the check and a private one
to the connection a moment later (DNS rebinding). ``GuardedBackend`` is the
network backend of httpx's connection pool, so the addresses it judges are the
ones the socket connects to; TLS still verifies the certificate against the
URL's host name (httpcore passes it as ``server_hostname``), and the Host header
is the URL's. Proxies from the environment are not used: through a proxy the
proxy would resolve the name, and the guard could not see where it connects.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable

import httpcore
import httpx

from govatlas.outbound.addresses import address_problem, parse_ip, refusal

Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.NetworkBackend):
    """A network backend that connects only to addresses the policy allows."""

    def __init__(
        self,
        allow_private: bool = False,
        resolver: Resolver = system_resolver,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.inner = inner or httpcore.SyncBackend()

    def addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to, all checked; refuses if any is not allowed."""
        try:
            found = self.resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from exc
        if not found:
            raise httpcore.ConnectError(f"cannot resolve {host} (no address)")
        for address in found:
            ip = parse_ip(address)
            problem = "not an IP address" if ip is None else address_problem(ip, self.allow_private)
            if problem is not None:
                literal = parse_ip(host) is not None
                where = host if literal else f"{host} (resolved to {address})"
                raise refusal(where, address, problem)
        return found

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in self.addresses(host, port):
            try:
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("connections to local sockets are not allowed")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on a ``GuardedBackend``."""

    def __init__(self, backend: GuardedBackend) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=10,
            keepalive_expiry=5.0,
            network_backend=backend,
        )
