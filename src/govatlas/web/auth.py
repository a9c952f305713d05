"""Who may write: signed-in reviewers on the pages, reviewers or the machine token on the API.

Reading needs no account. People sign in at ``/login`` with their own account
(``govatlas users add``); the session cookie holds a random token (the store
keeps only its hash), is HttpOnly and SameSite=Strict, lasts eight hours, is
replaced at every sign-in, and is Secure when the server is told it sits behind
TLS (``GOVATLAS_SECURE_COOKIES``, or ``X-Forwarded-Proto: https`` from an address
in ``GOVATLAS_TRUSTED_PROXIES``). Every request that changes state (reviews,
sheets, re-ranking, sign-out) carries the session's CSRF value; sign-in carries
a value from a short-lived cookie set with the form. Decisions are recorded
under the signed-in account's name.

The shared ``GOVATLAS_API_TOKEN`` is for machine clients only, and only on the
JSON API's review endpoints (``MACHINE_SCOPE``): it cannot sign in to the pages,
apply sheets or re-rank, and its decisions are recorded as the machine token's.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response
from sqlalchemy.orm import Session

from govatlas.accounts.sessions import SESSION_HOURS, SignedIn, find_session
from govatlas.errors import PermissionDeniedError
from govatlas.store.decisions import Reviewer
from govatlas.vocabulary import ReviewChannel
from govatlas.web.state import app_state

SESSION_COOKIE = "govatlas_session"
LOGIN_COOKIE = "govatlas_login"  # the sign-in form's CSRF value (double submit)
CSRF_HEADER = "x-csrf-token"  # for API writes from a signed-in browser
MACHINE_REVIEWER = "machine token (GOVATLAS_API_TOKEN)"
MACHINE_SCOPE = (
    "POST /api/v1/labels/{label_id}/review",
    "POST /api/v1/relationships/{relationship_id}/review",
)


def current(request: Request) -> SignedIn | None:
    """The signed-in account of this request (looked up once per request)."""
    if "govatlas_signed_in" not in request.scope:
        token = request.cookies.get(SESSION_COOKIE)
        found = None
        if token:
            with Session(app_state(request).engine) as session:
                found = find_session(session, token)
        request.scope["govatlas_signed_in"] = found
    signed: SignedIn | None = request.scope["govatlas_signed_in"]
    return signed


def signed_in(request: Request) -> bool:
    return current(request) is not None


def page_csrf(request: Request) -> str | None:
    """The CSRF value to put in forms, for a signed-in reviewer."""
    found = current(request)
    return found.csrf if found else None


def reviewer_name(request: Request) -> str | None:
    found = current(request)
    return found.name if found else None


def _same(offered: str | None, expected: str) -> bool:
    return offered is not None and hmac.compare_digest(offered.encode(), expected.encode())


def require_form_write(request: Request, offered_csrf: str | None) -> Reviewer:
    """A form write needs a signed-in reviewer and the session's CSRF value; returns the
    reviewer the decision is recorded under. Writes are throttled per account."""
    found = current(request)
    if found is None:
        raise PermissionDeniedError("sign in to review", "sign in with your account at /login")
    if not _same(offered_csrf, found.csrf):
        raise PermissionDeniedError(
            "the form's CSRF value is missing or wrong", "reload the page and try again"
        )
    app_state(request).writes.check(f"account:{found.account_id}")
    return Reviewer(found.name, ReviewChannel.WEB, found.account_id)


def require_api_write(
    request: Request, authorization: str | None, offered_csrf: str | None
) -> tuple[Reviewer, bool]:
    """An API write needs the machine token, or a signed-in reviewer's session with
    the CSRF value in the ``X-CSRF-Token`` header. Returns the reviewer and whether it
    is the machine token."""
    state = app_state(request)
    if authorization is not None:
        offered = authorization.removeprefix("Bearer ").strip()
        if not state.api_token:
            raise PermissionDeniedError(
                "this server accepts no machine token", "set GOVATLAS_API_TOKEN on the server"
            )
        if not state.token_ok(offered):
            raise PermissionDeniedError(
                "a valid bearer token is needed to write", "send Authorization: Bearer <token>"
            )
        state.writes.check("machine-token")
        return Reviewer(MACHINE_REVIEWER, ReviewChannel.API), True
    found = current(request)
    if found is None:
        raise PermissionDeniedError(
            "writing needs a signed-in reviewer or the machine token",
            "sign in at /login and send the page's CSRF value as X-CSRF-Token, "
            "or send Authorization: Bearer <token>",
        )
    if not _same(offered_csrf, found.csrf):
        raise PermissionDeniedError(
            "the X-CSRF-Token header is missing or wrong", "send the CSRF value of your session"
        )
    state.writes.check(f"account:{found.account_id}")
    return Reviewer(found.name, ReviewChannel.API, found.account_id), False


def behind_tls(request: Request) -> bool:
    """Whether cookies must be Secure: told so, served over https, or a trusted proxy
    says the client used https."""
    state = app_state(request)
    if state.secure_cookies or request.url.scheme == "https":
        return True
    client = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return client in state.trusted_proxies and forwarded == "https"


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=behind_tls(request),
        max_age=SESSION_HOURS * 3600,
    )


def login_csrf(request: Request) -> str:
    """The sign-in form's CSRF value: the browser's short-lived cookie, or a new one."""
    offered = request.cookies.get(LOGIN_COOKIE) or ""
    return offered if len(offered) == 64 else secrets.token_hex(32)


def remember_login_csrf(request: Request, response: Response, value: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE,
        value,
        httponly=True,
        samesite="strict",
        secure=behind_tls(request),
        max_age=3600,
    )


def require_login_csrf(request: Request, offered: str | None) -> None:
    expected = request.cookies.get(LOGIN_COOKIE)
    if not expected or not _same(offered, expected):
        raise PermissionDeniedError(
            "the sign-in form's CSRF value is missing or wrong", "reload /login and try again"
        )
