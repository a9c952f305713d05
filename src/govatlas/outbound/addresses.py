"""Which URLs and addresses govatlas may connect to.

A fetched page must never be a way into the machine's own network (a cloud
metadata service, a database port on loopback, an intranet wiki), so only
public unicast addresses are allowed by default. ``GOVATLAS_ALLOW_PRIVATE_URLS``
lifts that for tests and intranet mirrors; unspecified and multicast addresses
stay refused even then, since no document lives there. Addresses that embed an
IPv4 address (IPv4-mapped, 6to4, NAT64, Teredo) are judged by the address they
embed as well.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import httpx

from govatlas.errors import InvalidInputError

ALLOW_SETTING = "GOVATLAS_ALLOW_PRIVATE_URLS"
SCHEMES = frozenset({"http", "https"})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class OutboundRefusedError(InvalidInputError):
    """A URL or address that govatlas will not connect to, with the reason."""


def _embedded_v4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _kind(address: IPAddress) -> str | None:
    """What makes ``address`` non-public ("a loopback address"), or None if it is public."""
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "a shared (carrier-grade NAT) address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "not a public address"
    return None


def address_problem(address: IPAddress, allow_private: bool = False) -> str | None:
    """Why govatlas must not connect to ``address`` (a phrase), or None when it may."""
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_v4(address)
        if embedded is not None:
            inner = address_problem(embedded, allow_private)
            if inner is not None:
                return f"{inner} ({embedded}, embedded)"
    if allow_private:
        return None
    return _kind(address)


def refusal(url: str, address: str, problem: str) -> OutboundRefusedError:
    return OutboundRefusedError(
        f"{url}: refused, {address} is {problem}; set {ALLOW_SETTING}=1 to allow "
        "non-public addresses",
        f"only for tests and intranet mirrors: {ALLOW_SETTING}=1 lets every fetch "
        "and webhook reach this machine's own network",
    )


def parse_ip(host: str) -> IPAddress | None:
    """The address a URL's host names literally ("[::1]", "127.0.0.1"), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def check_url(url: str, allow_private: bool = False) -> str:
    """``url`` if govatlas may fetch it: http(s), a host, and no refused literal address.

    Names (and the numeric spellings some resolvers accept, such as ``127.1``) are
    checked where they are resolved, at connect time (``GuardedBackend``).
    """
    shown = url[:200]
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError as exc:
        raise OutboundRefusedError(
            f"{shown}: not a valid URL ({exc})", "give the full URL, e.g. https://example.org/x"
        ) from exc
    if parts.scheme.lower() not in SCHEMES:
        raise OutboundRefusedError(
            f"{shown}: not an http(s) URL", "give the full URL, with https://"
        )
    if not host:
        raise OutboundRefusedError(f"{shown}: the URL has no host", "give the full URL")
    if any(ord(c) < 33 or c in "\\<>\"'`{}|^" for c in host):
        raise OutboundRefusedError(f"{shown}: the host {host!r} is not valid", "check the URL")
    try:
        httpx.URL(url)  # what will send it must read it the same way
    except httpx.InvalidURL as exc:
        raise OutboundRefusedError(f"{shown}: not a valid URL ({exc})", "check the URL") from exc
    address = parse_ip(host)
    if address is not None:
        problem = address_problem(address, allow_private)
        if problem is not None:
            raise refusal(shown, str(address), problem)
    return url
