"""The FastAPI application: server-rendered pages and the ``/api/v1`` JSON API.

``create_app`` takes an engine (the tests pass their own) and wires the shared
pieces: a session per request, guards on request size (``body_limit``) and
query-string length, security headers on every answer (``security_headers``),
and error handlers that answer JSON under ``/api`` and a page elsewhere, always
with a clear message and never a stack trace.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote, unquote

import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from govatlas import __version__, review_sheets
from govatlas.config import load_settings, pages_file
from govatlas.errors import (
    BusyError,
    GovatlasError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StoreOutdatedError,
    StoreUnavailableError,
    TooManyRequestsError,
)
from govatlas.graphics.worldmap import country_shapes
from govatlas.i18n import N_, gettext
from govatlas.i18n.languages import DEFAULT
from govatlas.registry.attachments import MAX_ATTACHMENT_BYTES
from govatlas.store.contention import busy_error, locked
from govatlas.store.engine import make_engine
from govatlas.web import (
    api,
    api_analysis,
    api_reviews,
    commitment_pages,
    company_pages,
    feed_pages,
    incident_pages,
    near_miss_api,
    near_miss_pages,
    network_pages,
    pages,
    playbook_pages,
    registry_editions,
    registry_pages,
    review_pages,
    review_sheet_pages,
    search_pages,
    taxonomy_pages,
    tracker_pages,
    translation_pages,
)
from govatlas.web.auth import SESSION_COOKIE, signed_in
from govatlas.web.body_limit import BodyLimitMiddleware
from govatlas.web.localization import LanguageMiddleware
from govatlas.web.page_store import PageStore
from govatlas.web.registry_pages import registry_token_known
from govatlas.web.rendering import STATIC, templates
from govatlas.web.security_headers import SecurityHeadersMiddleware, add_security_headers
from govatlas.web.state import AppState, app_state

MAX_QUERY_STRING = 4096
MAX_BODY = 1024 * 1024
UPLOAD_PATHS = frozenset(review_sheet_pages.UPLOAD_PATHS)  # review sheets may be larger
MAX_UPLOAD = review_sheets.MAX_BYTES + 64 * 1024  # the sheet, and the form around it
ATTACHMENT_UPLOAD = re.compile(r"^(/api/v1)?/registry/records/\d{1,10}/attachments$")
log = logging.getLogger("govatlas.web")


def _status(exc: GovatlasError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InvalidInputError):
        return 400
    if isinstance(exc, PermissionDeniedError):
        return 403
    if isinstance(exc, TooManyRequestsError):
        return 429
    if isinstance(exc, StoreUnavailableError | StoreOutdatedError | BusyError):
        return 503
    return 409  # a stale review (ConflictError), or the store lacks what was asked for


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


# Where a suggested id of each kind is shown ("did you mean …?" on an error page).
SUGGESTION_PAGES = {
    "instrument": "/instruments/",
    "concept": "/concepts/",
    "jurisdiction": "/jurisdictions/",
    "taxonomy": "/taxonomies/",
}


def _suggestions(exc: GovatlasError) -> list[str]:
    return list(exc.suggestions) if isinstance(exc, NotFoundError) else []


def suggestion_links(exc: GovatlasError) -> list[tuple[str, str]]:
    """(id, path) for each id a not-found error suggests, when its kind has a page."""
    prefix = SUGGESTION_PAGES.get(exc.kind or "") if isinstance(exc, NotFoundError) else None
    if prefix is None:
        return []
    return [(found, prefix + quote(found, safe=":")) for found in _suggestions(exc)]


def visitor_hint(hint: str | None, linked: bool) -> str | None:
    """A hint a visitor can act on: none that tells them to run a command (they read the
    atlas, they do not run it), and no "did you mean" text beside the suggested links."""
    if hint is None or "govatlas " in hint or (linked and hint.startswith("did you mean")):
        return None
    return hint


UNREADABLE = N_(
    "The request could not be read: a value in the address or the form is not one the atlas "
    "accepts."
)
# What each kind of error means, in the reader's language; the precise message (built
# from ids and figures, in English like the command line's) follows it, marked English.
ERROR_MEANINGS = {
    400: UNREADABLE,
    403: N_(
        "This needs a signed-in reviewer, or the form has expired; sign in or reload the page."
    ),
    404: N_("The atlas holds nothing at this address."),
    405: N_("This address does not accept that kind of request."),
    409: N_("Someone changed this after your page was shown; reload the page and decide again."),
    413: N_("What was sent is larger than the atlas accepts."),
    422: UNREADABLE,
    429: N_("Too many requests in a short time; wait a moment and try again."),
    503: N_("The atlas is busy or its store cannot be reached; try again in a few seconds."),
}
OTHER_ERROR = N_("The atlas could not answer this request.")


def error_meaning(status: int) -> str:
    """What an error status means, in the reader's language."""
    return gettext(ERROR_MEANINGS.get(status, OTHER_ERROR))


def _error(
    request: Request,
    status: int,
    message: str,
    hint: str | None = None,
    headers: dict[str, str] | None = None,
    exc: GovatlasError | None = None,
) -> Response:
    if _wants_json(request):
        body: dict[str, object] = {"status": status, "message": message, "hint": hint}
        if exc is not None and _suggestions(exc):
            body["suggestions"] = _suggestions(exc)
        return JSONResponse({"error": body}, status_code=status, headers=headers)
    links = suggestion_links(exc) if exc is not None else []
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "status": status,
            "meaning": error_meaning(status),
            "message": message,
            "hint": visitor_hint(hint, bool(links)),
            "suggestions": links,
        },
        status_code=status,
        headers=headers,
    )


def _body_limit(path: str) -> int:
    if path in UPLOAD_PATHS:
        return MAX_UPLOAD
    if ATTACHMENT_UPLOAD.match(path):
        return MAX_ATTACHMENT_BYTES + registry_editions.ATTACHMENT_FORM_MARGIN
    return MAX_BODY


def _may_write(request: Request) -> bool:
    """Whether a write may send its body: a signed-in reviewer, the write token, or a
    registry token (checked again, with its scope, by the route)."""
    offered = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if signed_in(request) or app_state(request).token_ok(offered or None):
        return True
    return bool(offered) and registry_token_known(app_state(request).engine, offered)


def warm_up() -> None:
    """Parse the map and compile the templates once, not in a user's first request."""
    country_shapes()
    for name in templates.env.list_templates():
        templates.get_template(name)


def worker_threads(threads: int) -> Callable[[FastAPI], Any]:
    """A lifespan that lets the worker run at most ``threads`` requests at once (0: the
    framework's default). Pages are Python work that holds the interpreter's lock: forty
    at once share one core in slices, and a long page slows every other. Two at a time,
    the rest waiting in order of arrival, served 344–409 distinct searches a second on
    the full build against 336–359, with p90 latency 74–93 ms instead of 105–110 and p99
    172–174 ms instead of 201–230 (20 clients, 2 workers, 2 cores; two runs each)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if threads:
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def create_app(engine: Engine | None = None) -> FastAPI:
    settings = load_settings()
    app = FastAPI(
        lifespan=worker_threads(settings.worker_threads),
        title="govatlas",
        version=__version__,
        description="AI-governance instruments, provisions, labels and crosswalks.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.govatlas = AppState(
        engine
        or make_engine(
            settings.db_url,
            create=False,
            busy_timeout=settings.busy_timeout,
            server=True,
            pool={"pool_size": settings.db_pool_size, "max_overflow": settings.db_max_overflow},
        ),
        settings.api_token,
        settings.secure_cookies,
        settings.proxies,
        settings.api_shapes,
    )
    if settings.page_store:
        app.state.govatlas.responses.pages = PageStore(pages_file(app.state.govatlas.engine.url))
    templates.env.auto_reload = settings.template_reload
    app.state.base_url = settings.public_base_url  # absolute links, never the Host header
    warm_up()
    # the atlas's own files, then the stylesheet it shares with standalone pages
    shared = ("govatlas.html", "static")
    app.mount("/static", StaticFiles(directory=STATIC, packages=[shared]), name="static")
    app.include_router(api.router)
    app.include_router(api_analysis.router)
    app.include_router(api_reviews.router)
    app.include_router(near_miss_api.router)
    app.include_router(commitment_pages.api_router)
    app.include_router(tracker_pages.api_router)
    app.include_router(incident_pages.api_router)
    app.include_router(playbook_pages.api_router)
    app.include_router(registry_pages.api_router)
    app.include_router(registry_editions.api_router)
    app.include_router(network_pages.api_router)
    app.include_router(pages.router)
    app.include_router(search_pages.router)
    app.include_router(taxonomy_pages.router)
    app.include_router(feed_pages.router)
    app.include_router(company_pages.router)
    app.include_router(commitment_pages.router)
    app.include_router(tracker_pages.router)
    app.include_router(incident_pages.router)
    app.include_router(playbook_pages.router)
    app.include_router(registry_pages.router)
    app.include_router(registry_editions.router)
    app.include_router(network_pages.router)
    app.include_router(review_pages.router)
    app.include_router(near_miss_pages.router)
    app.include_router(review_sheet_pages.router)
    app.include_router(translation_pages.router)

    @app.get("/api/v1/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI, started by a script file: the policy allows no inline script."""
        return templates.TemplateResponse(request, "api_docs.html", {})

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if len(request.url.query) > MAX_QUERY_STRING:
            return _error(
                request,
                400,
                f"the query string is {len(request.url.query):,} characters; "
                f"the limit is {MAX_QUERY_STRING:,}",
                "shorten the search or use fewer filters",
            )
        if "\x00" in unquote(request.url.query) or "\x00" in request.url.path:
            # PostgreSQL text cannot hold NUL, and no id or word contains one
            return _error(request, 400, "the request contains a NUL character (%00)")
        state: AppState = request.app.state.govatlas
        if getattr(request.state, "language", DEFAULT) != DEFAULT:
            # a correction made anywhere shows on the next page in its language
            try:
                await run_in_threadpool(state.translations.refresh, state.engine)
            except DBAPIError:  # the page itself will say the store is unavailable
                log.warning("translation corrections not read", exc_info=True)
        if request.method != "GET":
            response = await call_next(request)
            if response.status_code < 400:
                state.responses.written()
                state.translations.expire()
            return response
        if (
            request.url.path.startswith("/static/")
            or SESSION_COOKIE in request.cookies
            or "authorization" in request.headers
        ):  # reviewers see fresh pages with their forms; a caller with a token its own
            return await call_next(request)
        return await state.responses.serve(request, state.engine, call_next)

    app.add_middleware(
        BodyLimitMiddleware, limit_for=_body_limit, authorised=_may_write, refuse=_error
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(LanguageMiddleware)  # outermost: the language is set before all else

    @app.exception_handler(GovatlasError)
    async def govatlas_error(request: Request, exc: GovatlasError) -> Response:
        wait = getattr(exc, "retry_after", None) or (5 if isinstance(exc, BusyError) else None)
        headers = {"Retry-After": str(wait)} if wait else None
        return _error(request, _status(exc), exc.message, exc.hint, headers, exc)

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> Response:
        if locked(exc):  # another process keeps the write lock: say so, never a 500
            busy = busy_error()
            return _error(request, 503, busy.message, busy.hint, {"Retry-After": "5"})
        log.exception("database error on %s", request.url.path)
        return _error(request, 500, "internal error; the server log has the details")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body"))
        message = f"{where or 'request'}: {first.get('msg', 'invalid value')}"
        return _error(request, 422, message, "see /api/v1/docs for the accepted values")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        response = _error(request, 500, "internal error; the server log has the details")
        add_security_headers(response.headers, https=request.url.scheme == "https")
        return response  # answered outside the middleware that adds them elsewhere

    return app
