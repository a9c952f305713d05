"""Every request govatlas sends to another machine goes through this package.

One guard for all outbound traffic (``govatlas ingest URL``, ``govatlas download``,
horizon watches, feed entries, robots.txt, every redirect hop and webhooks):
http and https only, the address checked at connect time (so a name that
resolves to a public address for a check and to an internal one for the
connection cannot slip through), redirects followed one checked hop at a time,
and every body read with a size cap, decompression included.
"""

from govatlas.outbound.addresses import ALLOW_SETTING, OutboundRefusedError, check_url
from govatlas.outbound.bodies import (
    BodyError,
    BodyTooLargeError,
    BodyTruncatedError,
    read_body,
)
from govatlas.outbound.client import (
    USER_AGENT,
    OutboundClient,
    OutboundPolicy,
    RedirectError,
)

__all__ = [
    "ALLOW_SETTING",
    "USER_AGENT",
    "BodyError",
    "BodyTooLargeError",
    "BodyTruncatedError",
    "OutboundClient",
    "OutboundPolicy",
    "OutboundRefusedError",
    "RedirectError",
    "check_url",
    "read_body",
]
