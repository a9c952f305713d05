"""Pages that write: signing in and out, and reviewing labels from the instrument page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from govatlas.classify.labelling import review as review_label
from govatlas.errors import PermissionDeniedError
from govatlas.store.models import Label
from govatlas.web.auth import SESSION_COOKIE, require_form_write, session_value
from govatlas.web.rendering import templates
from govatlas.web.state import app_state, db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]


def _local(path: str) -> str:
    """Only same-site paths may be redirected to."""
    return path if path.startswith("/") and not path.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return templates.TemplateResponse(
        request, "login.html", {"next": _local(next), "enabled": bool(app_state(request).api_token)}
    )


@router.post("/login")
def login(
    request: Request,
    token: Annotated[str, Form(max_length=500)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    if not app_state(request).token_ok(token):
        raise PermissionDeniedError("that is not the reviewer token", "ask the server's operator")
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_value(app_state(request).api_token),
        httponly=True,
        samesite="strict",
        max_age=8 * 3600,
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/reviews/labels/{label_id}")
def review_from_page(
    request: Request,
    session: SessionDep,
    label_id: int,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
    reviewer: Annotated[str, Form(min_length=1, max_length=100)],
    csrf: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    require_form_write(request, csrf)
    label: Label = review_label(session, label_id, decision == "accept", reviewer)
    session.commit()
    back = f"/instruments/{quote(label.instrument_id or '')}"
    anchor = f"#p{label.evidence[0].provision_id}" if label.evidence else ""
    return RedirectResponse(back + anchor, status_code=303)
