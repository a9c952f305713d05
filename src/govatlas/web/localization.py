"""Which of the six languages a page is in: the URL first (``/fr/search``), then the
visitor's last choice (a cookie the switcher's links set), then ``Accept-Language``,
then English.

A language prefix is taken off the path before any route sees it, so every page
exists in six languages without a route of its own; the page's links keep the prefix
(``lp`` in the templates). The API and static files have no language. Answers that
depend on the header or cookie say so (``Vary``), and the response cache keys on the
language chosen.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from govatlas.i18n import current_code
from govatlas.i18n.languages import BY_CODE, DEFAULT, chosen_from_header, language

LANGUAGE_COOKIE = "govatlas_lang"
COOKIE_AGE = 365 * 24 * 3600
UNTRANSLATED = ("/static/", "/api/")


def split_prefix(path: str) -> tuple[str | None, str]:
    """(``fr``, ``/search``) for ``/fr/search``; (None, path) when it has no prefix."""
    head, _, rest = path.lstrip("/").partition("/")
    if (
        head in BY_CODE
        and path.startswith(f"/{head}")
        and not ("/" + rest).startswith(UNTRANSLATED)
    ):
        return head, "/" + rest
    return None, path


def _cookie(headers: list[tuple[bytes, bytes]]) -> str | None:
    for key, value in headers:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                name, _, found = part.strip().partition("=")
                if name == LANGUAGE_COOKIE and found in BY_CODE:
                    return found
    return None


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


class LanguageMiddleware:
    """Sets the request's language (``request.state.language``, and the context
    variable that ``govatlas.i18n`` translates by) before anything else runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from_url, path = split_prefix(scope["path"])
        headers = scope.get("headers", [])
        if from_url is not None:
            code = from_url
            scope = dict(scope, path=path, raw_path=path.encode("utf-8"))
        else:
            code = (
                _cookie(headers)
                or chosen_from_header(_header(headers, b"accept-language"))
                or DEFAULT
            )
        state = scope.setdefault("state", {})
        state["language"] = code
        state["language_prefix"] = f"/{code}" if from_url else ""
        remembered = _cookie(headers)

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.add_vary_header("Accept-Language")
                out.add_vary_header("Cookie")
                if from_url is not None and remembered != from_url:
                    out.append(
                        "Set-Cookie",
                        f"{LANGUAGE_COOKIE}={from_url}; Path=/; Max-Age={COOKIE_AGE}; SameSite=Lax",
                    )
                if "content-language" not in out and not path.startswith(UNTRANSLATED):
                    out["Content-Language"] = language(code).tag
            await send(message)

        token = current_code.set(code)
        try:
            await self.app(scope, receive, send_with_language)
        finally:
            current_code.reset(token)


def page_language(request: Request) -> dict[str, Any]:
    """What every template is given about the language (a Jinja2Templates context
    processor): ``lang`` (the Language), ``lp`` (the prefix its links keep) and
    ``here`` (this page's path without a prefix, for the switcher)."""
    code = getattr(request.state, "language", DEFAULT)
    return {
        "lang": language(code),
        "lp": getattr(request.state, "language_prefix", ""),
        "here": request.url.path,
        "here_query": request.url.query,
    }
