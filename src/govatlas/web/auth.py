"""Sign-in for reviewers and CSRF protection for the review forms.

Reading needs no account. Writing through the pages needs the server's
``GOVATLAS_API_TOKEN``: a reviewer signs in with it once, and the server sets an
HttpOnly, SameSite=Strict cookie holding an HMAC of the token (never the token
itself). Every write form carries a CSRF value derived from that session; a
form posted from another site has neither the cookie nor the value.
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request

from govatlas.errors import PermissionDeniedError
from govatlas.web.state import app_state

SESSION_COOKIE = "govatlas_session"


def _mac(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def session_value(token: str) -> str:
    return _mac(token, "govatlas-session")


def csrf_value(token: str) -> str:
    return _mac(token, "govatlas-csrf:" + session_value(token))


def signed_in(request: Request) -> bool:
    token = app_state(request).api_token
    offered = request.cookies.get(SESSION_COOKIE)
    return (
        bool(token) and offered is not None and hmac.compare_digest(offered, session_value(token))
    )


def page_csrf(request: Request) -> str | None:
    """The CSRF value to put in forms, for a signed-in reviewer."""
    return csrf_value(app_state(request).api_token) if signed_in(request) else None


def require_form_write(request: Request, offered_csrf: str | None) -> None:
    """A form write needs a signed-in reviewer and the session's CSRF value."""
    if not signed_in(request):
        raise PermissionDeniedError("sign in to review", "use the reviewer token at /login")
    expected = csrf_value(app_state(request).api_token)
    if offered_csrf is None or not hmac.compare_digest(offered_csrf, expected):
        raise PermissionDeniedError(
            "the form's CSRF value is missing or wrong", "reload the page and try again"
        )
