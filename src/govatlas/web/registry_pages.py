"""The registry on the API and the atlas: the records a viewer may see, and nothing else.

``GET /api/v1/registry/records`` (``{"items": [...], "total": n}``, each with its
``tlp``) and ``/api/v1/registry/records/{id}``; ``/registry`` and
``/registry/records/{id}`` for people. The viewer is the signed-in account (its
registry role and organisation) or, without credentials, the public, who sees
published CLEAR records only. A record the viewer may not see answers 404, exactly
as one that does not exist; ``total`` counts only what the viewer sees. Answers vary
by viewer, so they are never stored by a shared cache (``Cache-Control: private,
no-store``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from govatlas.errors import NotFoundError
from govatlas.registry.records import grants_for, records_for, viewer_for
from govatlas.registry.visibility import Viewer, can_see
from govatlas.store.models import UserAccount
from govatlas.store.registry_models import RECORD_KINDS, RegistryParty, RegistryRecord
from govatlas.web.api import respond
from govatlas.web.auth import current
from govatlas.web.rendering import templates
from govatlas.web.state import db_session

api_router = APIRouter(prefix="/api/v1/registry", tags=["registry"])
router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]
KindQuery = Annotated[
    str | None,
    Query(description=f"Only records of this kind: {', '.join(RECORD_KINDS)}.", max_length=20),
]
PartyQuery = Annotated[
    str | None, Query(description="Only records of this organisation (its id).", max_length=100)
]
PRIVATE = {"Cache-Control": "private, no-store", "Vary": "Cookie, Authorization"}


def request_viewer(request: Request, session: Session) -> Viewer:
    """Who asks: the signed-in account as a registry member, else the public."""
    signed = current(request)
    if signed is None:
        return Viewer()
    return viewer_for(session, session.get(UserAccount, signed.account_id))


def _private(response: Response) -> Response:
    response.headers.update(PRIVATE)
    return response


def record_dict(record: RegistryRecord, names: dict[str, str], viewer: Viewer) -> dict[str, Any]:
    """A record as the API gives it; its author's account name only to members."""
    found: dict[str, Any] = {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "body": record.body,
        "organisation": {"id": record.party_id, "name": names.get(record.party_id)},
        "tlp": record.tlp,
        "status": record.status,
        "answers": record.answers_id,
        "theme": record.theme,
        "nil_report": record.nil_report,
        "concepts": list(record.concepts or []),
        "provisions": list(record.provisions or []),
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "version": record.version,
    }
    if viewer.member:
        found["author"] = record.author
        found["comment"] = record.comment
    return found


def _names(session: Session) -> dict[str, str]:
    return {p.id: p.name for p in session.query(RegistryParty)}


@api_router.get("/records", summary="Registry records the caller may see")
def list_registry_records(
    request: Request, session: SessionDep, kind: KindQuery = None, organisation: PartyQuery = None
) -> Response:
    """Commitments, measures and reports, newest first, each with its TLP marking.
    Without credentials: published CLEAR records only; a signed-in registry member also
    sees what its role, organisation and the records' markings allow."""
    viewer = request_viewer(request, session)
    names = _names(session)
    items = [
        record_dict(r, names, viewer)
        for r in records_for(session, viewer, kind=kind, party_id=organisation)
    ]
    return _private(respond(request, {"items": items, "total": len(items)}))


def _visible_record(session: Session, viewer: Viewer, record_id: int) -> RegistryRecord:
    record = session.get(RegistryRecord, record_id)
    grants = grants_for(session, [record_id])
    if record is None or not can_see(record, viewer, grants[record_id]):
        raise NotFoundError(f"no registry record {record_id}")
    return record


@api_router.get("/records/{record_id}", summary="One registry record")
def get_registry_record(request: Request, session: SessionDep, record_id: int) -> Response:
    """One record, if the caller may see it (404 otherwise, as for a missing one)."""
    viewer = request_viewer(request, session)
    record = _visible_record(session, viewer, record_id)
    return _private(respond(request, record_dict(record, _names(session), viewer)))


@router.get("/registry", response_class=HTMLResponse)
def registry_page(request: Request, session: SessionDep, kind: KindQuery = None) -> Response:
    viewer = request_viewer(request, session)
    records = records_for(session, viewer, kind=kind)
    context = {
        "records": records,
        "names": _names(session),
        "viewer": viewer,
        "kind": kind or "",
        "kinds": RECORD_KINDS,
    }
    return _private(templates.TemplateResponse(request, "registry.html", context))


@router.get("/registry/records/{record_id}", response_class=HTMLResponse)
def registry_record_page(request: Request, session: SessionDep, record_id: int) -> Response:
    viewer = request_viewer(request, session)
    record = _visible_record(session, viewer, record_id)
    answered = None
    if record.answers_id is not None:
        grants = grants_for(session, [record.answers_id])
        target = session.get(RegistryRecord, record.answers_id)
        if target is not None and can_see(target, viewer, grants[record.answers_id]):
            answered = target
    context = {
        "record": record,
        "names": _names(session),
        "viewer": viewer,
        "answered": answered,
    }
    return _private(templates.TemplateResponse(request, "registry_record.html", context))
