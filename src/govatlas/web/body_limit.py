"""A request-body limit that a client cannot talk its way round.

Reading ``Content-Length`` is not enough: a chunked request declares no length,
and Starlette spools a multipart body to disk before any handler runs. This
ASGI middleware counts the bytes as they arrive and answers 413 as soon as the
count passes the path's limit, so no more is read or spooled; a declared length
over the limit is refused before reading anything. A write (any method but GET,
HEAD and OPTIONS) from a client that is neither signed in nor carrying the write
token is refused with 403 before its body is read, except on the paths that exist
to sign in (``PUBLIC_WRITES``); the handlers still check everything in full.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC_WRITES = frozenset({"/login", "/logout"})

Refusal = Callable[[Request, int, str, str | None], Response]


class BodyLimitExceededError(Exception):
    """Raised to the app by ``receive`` once a body passes its limit."""


class BodyLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        limit_for: Callable[[str], int],
        authorised: Callable[[Request], bool],
        refuse: Refusal,
    ) -> None:
        self.app = app
        self.limit_for = limit_for
        self.authorised = authorised
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path: str = scope["path"]
        limit = self.limit_for(path)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._answer(request, 413, _over(limit), receive, send)
            return
        if (
            scope["method"] not in SAFE_METHODS
            and path not in PUBLIC_WRITES
            and not self.authorised(request)
        ):
            api = path.startswith("/api/")
            message = "a valid bearer token is needed to write" if api else "sign in to review"
            hint = "send Authorization: Bearer <token>" if api else "sign in at /login"
            await self._answer(request, 403, message, receive, send, hint)
            return
        state = {"received": 0, "exceeded": False, "started": False}

        async def counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["exceeded"] = True
                    raise BodyLimitExceededError
            return message

        async def answer(message: Message) -> None:
            if state["exceeded"]:  # whatever the app makes of the error, the answer is 413
                if message["type"] == "http.response.start" and not state["started"]:
                    state["started"] = True
                    await self._answer(request, 413, _over(limit), receive, send)
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counted, answer)
        except BodyLimitExceededError:
            if not state["started"]:
                state["started"] = True
                await self._answer(request, 413, _over(limit), receive, send)

    async def _answer(
        self,
        request: Request,
        status: int,
        message: str,
        receive: Receive,
        send: Send,
        hint: str | None = None,
    ) -> None:
        response = self.refuse(request, status, message, hint)
        response.headers["Connection"] = "close"  # the rest of the body is not read
        await response(request.scope, receive, send)


def _over(limit: int) -> str:
    return f"the request body is over {limit:,} bytes"
