"""Security headers on every answer: pages, API, static files, errors.

The content security policy allows scripts, styles, images and fonts from the
atlas itself only, with no inline script or style: the templates carry none (the
map legend's swatches are SVG, htmx is told not to inject its indicator styles,
and the API explorer starts from a script file). ``frame-ancestors 'none'`` and
``X-Frame-Options: DENY`` stop the review forms being framed (clickjacking),
``nosniff`` stops a CSV or JSON answer being run as a script, and
``Referrer-Policy: same-origin`` keeps feed tokens in URLs from leaking to other
sites. Behind TLS, browsers are told to keep using it (HSTS).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000"


def add_security_headers(headers: MutableHeaders, https: bool = False) -> None:
    """Every answer's headers; an answer that asked to be sandboxed (a registry file's
    download) stays sandboxed under the site's policy."""
    sandboxed = "sandbox" in headers.get("Content-Security-Policy", "")
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    if sandboxed:
        headers["Content-Security-Policy"] = f"sandbox; {CONTENT_SECURITY_POLICY}"
    if https:
        headers["Strict-Transport-Security"] = HSTS


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(
                    MutableHeaders(scope=message), https=scope.get("scheme") == "https"
                )
            await send(message)

        await self.app(scope, receive, with_headers)
