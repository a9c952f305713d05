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

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.config import load_settings, registry_key_file
from govatlas.errors import NotFoundError, PermissionDeniedError
from govatlas.i18n import N_
from govatlas.registry.attachments import MAX_ATTACHMENT_BYTES, attachment_index
from govatlas.registry.compliance import (
    OVERDUE,
    REPORTED,
    REPORTED_LATE,
    STATES,
    UNDER_REVIEW,
    WAITING,
    commitment_statuses,
    state_views,
    summarise,
)
from govatlas.registry.editions import edition_diff, paragraphs
from govatlas.registry.export import export_document, party_names, record_documents
from govatlas.registry.records import (
    EDITABLE,
    STEPS,
    Content,
    Writer,
    allowed_steps,
    draft_record,
    edit_record,
    grants_for,
    may_step,
    records_for,
    step,
    stored_record,
    viewer_for,
)
from govatlas.registry.revisions import (
    later_edition,
    superseded_ids,
    visible_revises,
)
from govatlas.registry.seed import report_themes
from govatlas.registry.signing import SigningKey, load, load_or_create
from govatlas.registry.tokens import token_viewer
from govatlas.registry.visibility import Viewer, can_see
from govatlas.store.contention import retrying
from govatlas.store.models import UserAccount
from govatlas.store.registry_models import (
    RECORD_KINDS,
    STATUSES,
    TLP_LEVELS,
    RegistryRecord,
)
from govatlas.store.registry_records import has_revision
from govatlas.web.api_answers import MAX_ID, Id, respond
from govatlas.web.auth import CSRF_HEADER, current, page_csrf, require_form_write
from govatlas.web.rendering import templates
from govatlas.web.schemas.common import ERROR_RESPONSES
from govatlas.web.schemas.registry import (
    PUBLIC_KEY_ANSWER,
    Compliance,
    RegistryExport,
    RegistryRecordDocument,
    RegistryRecordList,
)
from govatlas.web.state import app_state, db_session

templates.env.globals["report_themes"] = report_themes()  # offered in the record forms
api_router = APIRouter(prefix="/api/v1/registry", tags=["registry"], responses=ERROR_RESPONSES)
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
# How the pages name a record's kind and status and a commitment's state (the values
# stay the API's, the forms' and the queries'); the templates translate them with _().
KIND_LABELS: dict[str, str] = {
    "commitment": N_("commitment"),
    "measure": N_("measure"),
    "report": N_("report"),
}
STATUS_LABELS: dict[str, str] = {
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "under-review": N_("under-review"),
    "published": N_("published"),
    "returned": N_("returned"),
}
STATE_LABELS: dict[str, str] = {
    REPORTED: N_("report published"),
    REPORTED_LATE: N_("reported late"),
    UNDER_REVIEW: N_("report under review"),
    OVERDUE: N_("no report in the registry by the due date"),
    WAITING: N_("no report in the registry yet"),
}


def _bearer(request: Request) -> str | None:
    offered = request.headers.get("authorization", "")
    if not offered.lower().startswith("bearer "):
        return None
    return offered[7:].strip() or None


def request_viewer(request: Request, session: Session) -> Viewer:
    """Who asks: a registry token's account in the token's role, the signed-in account
    as a registry member, else the public. A bearer token that is neither a registry
    token nor the server's machine token is refused rather than read as the public."""
    offered = _bearer(request)
    if offered is not None:
        found = token_viewer(session, offered)
        if found is not None:
            return found
        if app_state(request).token_ok(offered):
            return Viewer()  # the machine token is not a registry member
        raise PermissionDeniedError(
            "the bearer token is not a valid registry token",
            "it may be revoked, or its account's role changed: ask an administrator",
        )
    signed = current(request)
    if signed is None:
        return Viewer()
    return viewer_for(session, session.get(UserAccount, signed.account_id))


def registry_token_known(engine: Engine, offered: str) -> bool:
    """Whether ``offered`` is a registry token that still works (the body-size guard
    lets its writes send a body)."""
    with Session(engine) as session:
        return token_viewer(session, offered) is not None


def _existing_key() -> SigningKey:
    """The registry's key; a read never makes one (nor says where it lives)."""
    path = registry_key_file(load_settings())
    if not path.is_file():
        raise NotFoundError(
            "the registry has signed nothing yet", "its key is made with its first write"
        )
    return load(path)


def private_answer(response: Response) -> Response:
    response.headers.update(PRIVATE)
    return response


@api_router.get(
    "/records", summary="Registry records the caller may see", response_model=RegistryRecordList
)
def list_registry_records(
    request: Request, session: SessionDep, kind: KindQuery = None, organisation: PartyQuery = None
) -> Response:
    """Commitments, measures and reports, newest first, each with its TLP marking.
    Without credentials: published CLEAR records only; a signed-in registry member also
    sees what its role, organisation and the records' markings allow."""
    viewer = request_viewer(request, session)
    found = records_for(session, viewer, kind=kind, party_id=organisation)
    items = record_documents(session, found, viewer)
    return private_answer(respond(request, {"items": items, "total": len(items)}))


def _visible_record(session: Session, viewer: Viewer, record_id: int) -> RegistryRecord:
    record = stored_record(session, record_id)
    grants = grants_for(session, [record_id])
    if record is None or not can_see(record, viewer, grants[record_id]):
        raise NotFoundError(f"no registry record {record_id}")
    return record


@api_router.get(
    "/records/{record_id}", summary="One registry record", response_model=RegistryRecordDocument
)
def get_registry_record(request: Request, session: SessionDep, record_id: Id) -> Response:
    """One record, if the caller may see it (404 otherwise, as for a missing one)."""
    viewer = request_viewer(request, session)
    record = _visible_record(session, viewer, record_id)
    return private_answer(respond(request, record_documents(session, [record], viewer)[0]))


@api_router.get(
    "/export",
    summary="A signed export of the records the caller may see",
    response_model=RegistryExport,
)
def export_registry(request: Request, session: SessionDep) -> Response:
    """The records the caller may see as one JSON document signed with the registry's
    Ed25519 key (``signature``, ``key_id``); check it with ``/api/v1/registry/public-key``
    alone (``govatlas registry verify-export``)."""
    viewer = request_viewer(request, session)
    document = export_document(session, viewer, _existing_key())
    answer = respond(request, document)
    answer.headers["Content-Disposition"] = 'attachment; filename="registry-export.json"'
    return private_answer(answer)


@api_router.get("/compliance", summary="Where each commitment stands", response_model=Compliance)
def registry_compliance_api(request: Request, session: SessionDep) -> Response:
    """Each published commitment the caller may see, with its state (reported, reported
    late, report under review, no report in the registry by the due date, or yet) and
    the reports behind it; ``summary`` counts them per commitment; ``states`` lists each
    state's organisations, points of contact and measures."""
    viewer = request_viewer(request, session)
    statuses = commitment_statuses(session, viewer)
    document = {
        "summary": [s.as_dict() for s in summarise(statuses)],
        "items": [s.as_dict() for s in statuses],
        "states": [v.as_dict() for v in state_views(session, viewer)],
    }
    return private_answer(respond(request, document))


@router.get("/registry/compliance", response_class=HTMLResponse)
def registry_compliance_page(request: Request, session: SessionDep) -> Response:
    viewer = request_viewer(request, session)
    statuses = commitment_statuses(session, viewer)
    context = {
        "viewer": viewer,
        "statuses": statuses,
        "summary": summarise(statuses),
        "states": state_views(session, viewer),
        "state_names": STATES,
        "state_labels": STATE_LABELS,
    }
    return private_answer(templates.TemplateResponse(request, "registry_compliance.html", context))


@api_router.get(
    "/public-key",
    summary="The registry's public key (PEM)",
    response_class=Response,
    responses=PUBLIC_KEY_ANSWER,
)
def registry_public_key() -> Response:
    """What anyone needs to check the registry's signatures: its exports and the head
    of its audit log."""
    return Response(_existing_key().public.pem(), media_type="application/x-pem-file")


StatusQuery = Annotated[
    str | None, Query(description=f"One of: {', '.join(STATUSES)}.", max_length=20)
]


@router.get("/registry", response_class=HTMLResponse)
def registry_page(
    request: Request, session: SessionDep, kind: KindQuery = None, status: StatusQuery = None
) -> Response:
    viewer = request_viewer(request, session)
    if status is not None and status not in STATUSES:
        status = None
    records = records_for(session, viewer, kind=kind, status=status)
    names = party_names(session)
    drafts_for = (
        sorted(names) if viewer.reviews else [viewer.party_id] if viewer.role == "submitter" else []
    )
    commitments = records_for(session, viewer, kind="commitment")
    context = {
        "records": records,
        "superseded": superseded_ids(session, viewer, records),
        "names": names,
        "viewer": viewer,
        "kind": kind or "",
        "status": status or "",
        "kinds": RECORD_KINDS,
        "statuses": STATUSES,
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "levels": TLP_LEVELS,
        "drafts_for": [p for p in drafts_for if p],
        "commitments": commitments,
        "csrf": page_csrf(request),
    }
    return private_answer(templates.TemplateResponse(request, "registry.html", context))


def form_writer(request: Request, session: Session, csrf: str | None) -> Writer:
    """The signed-in member who writes (CSRF checked, throttled), with the signing key."""
    who = require_form_write(request, csrf)
    viewer = viewer_for(session, session.get(UserAccount, who.account_id))
    if not viewer.member:
        raise PermissionDeniedError(
            f"{who.name} is not a registry member", "an administrator gives accounts a role"
        )
    return Writer(session, load_or_create(registry_key_file(load_settings())), viewer)


def api_writer(request: Request, session: Session) -> Writer:
    """An API write: a registry token (throttled per token), or a signed-in member's
    session with its CSRF value in ``X-CSRF-Token``."""
    if _bearer(request) is not None:
        viewer = request_viewer(request, session)
        if not viewer.member:
            raise PermissionDeniedError(
                "writing to the registry needs a registry token or a signed-in member"
            )
        app_state(request).writes.check(f"registry-token:{viewer.account_id}")
        return Writer(session, load_or_create(registry_key_file(load_settings())), viewer)
    return form_writer(request, session, request.headers.get(CSRF_HEADER))


def _account_names(session: Session, ids: frozenset[int]) -> list[str]:
    return sorted(account.name for account in (session.get(UserAccount, i) for i in ids) if account)


def _listed(value: str | None) -> list[str]:
    return [part for part in (value or "").replace(",", " ").split() if part]


Field300 = Annotated[str | None, Form(max_length=300)]
Listed = Annotated[str | None, Form(max_length=2000)]


def content_form(
    title: Annotated[str, Form(max_length=300)],
    tlp: Annotated[str, Form(max_length=16)],
    body: Annotated[str | None, Form(max_length=50_000)] = None,
    theme: Field300 = None,
    answers: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    nil_report: Annotated[bool, Form()] = False,
    parties: Field300 = None,
    people: Field300 = None,
    concepts: Listed = None,
    provisions: Listed = None,
) -> Content:
    """A record's content from the draft or edit form (lists separated by spaces)."""
    return Content(
        title,
        tlp,
        body or "",
        theme or None,
        answers,
        _listed(concepts),
        _listed(provisions),
        nil_report,
        _listed(parties),
        _listed(people),
    )


ContentForm = Annotated[Content, Depends(content_form)]
CsrfForm = Annotated[str | None, Form(max_length=200)]


@router.post("/registry/records")
def draft_record_from_page(
    request: Request,
    kind: Annotated[str, Form(max_length=20)],
    organisation: Annotated[str, Form(max_length=100)],
    content: ContentForm,
    csrf: CsrfForm = None,
) -> Response:
    """Draft a record as the signed-in submitter (for its organisation) or officer."""

    def work(session: Session) -> int:
        return draft_record(form_writer(request, session, csrf), kind, organisation, content).id

    made = retrying(app_state(request).engine, work)
    return RedirectResponse(f"/registry/records/{made}", status_code=303)


@router.post("/registry/records/{record_id}/step")
def step_from_page(
    request: Request,
    record_id: Id,
    action: Annotated[str, Form(pattern=f"^({'|'.join(STEPS)})$")],
    csrf: Annotated[str | None, Form(max_length=200)] = None,
    comment: Annotated[str | None, Form(max_length=50_000)] = None,
) -> Response:
    """Submit, take under review, publish or return a record as the signed-in member."""

    def work(session: Session) -> None:
        step(form_writer(request, session, csrf), record_id, action, comment)

    retrying(app_state(request).engine, work)
    return RedirectResponse(f"/registry/records/{record_id}", status_code=303)


class ContentBody(BaseModel):
    """What a record says, whole (``POST .../edit``; a draft adds its kind and
    organisation)."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=300)
    tlp: str = Field(max_length=16, description=f"One of: {', '.join(TLP_LEVELS)}.")
    body: str = Field(default="", max_length=50_000)
    theme: str | None = Field(default=None, max_length=300)
    answers: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="The commitment a report answers."
    )
    nil_report: bool = False
    concepts: list[str] = Field(default_factory=list, max_length=50)
    provisions: list[str] = Field(
        default_factory=list, max_length=200, description="INSTRUMENT:PATH, e.g. eu-ai-act:art.73.1"
    )
    parties: list[str] = Field(default_factory=list, max_length=50, description="AMBER only.")
    people: list[str] = Field(default_factory=list, max_length=50, description="RED only.")

    def content(self) -> Content:
        return Content(
            self.title,
            self.tlp,
            self.body,
            self.theme,
            self.answers,
            self.concepts,
            self.provisions,
            self.nil_report,
            self.parties,
            self.people,
        )


class DraftBody(ContentBody):
    """A record to draft (``POST /api/v1/registry/records``)."""

    kind: str = Field(max_length=20, description=f"One of: {', '.join(RECORD_KINDS)}.")
    organisation: str = Field(max_length=100, description="The submitting organisation's id.")


class StepBody(BaseModel):
    """A workflow step (``POST /api/v1/registry/records/{id}/step``)."""

    model_config = ConfigDict(extra="forbid")

    action: str = Field(pattern=f"^({'|'.join(STEPS)})$")
    comment: str | None = Field(default=None, max_length=50_000)


@api_router.post(
    "/records",
    summary="Draft a registry record",
    status_code=201,
    response_model=RegistryRecordDocument,
)
def draft_record_api(request: Request, draft: DraftBody) -> Response:
    """Draft a record as a registry token's account (``Authorization: Bearer gar_…``) or
    a signed-in member (``X-CSRF-Token``): its organisation's submitters, officers and
    administrators may. Answers the record as the caller sees it."""

    def work(session: Session) -> dict[str, Any]:
        writer = api_writer(request, session)
        record = draft_record(writer, draft.kind, draft.organisation, draft.content())
        return record_documents(session, [record], writer.actor)[0]

    made = retrying(app_state(request).engine, work)
    answer = respond(request, made)
    answer.status_code = 201
    return private_answer(answer)


@api_router.post(
    "/records/{record_id}/step",
    summary="Move a registry record on",
    response_model=RegistryRecordDocument,
)
def step_record_api(request: Request, record_id: Id, body: StepBody) -> Response:
    """Submit, take under review, publish or return (with a comment) a record, as a
    registry token's account or a signed-in member."""

    def work(session: Session) -> dict[str, Any]:
        writer = api_writer(request, session)
        record = step(writer, record_id, body.action, body.comment)
        return record_documents(session, [record], writer.actor)[0]

    return private_answer(respond(request, retrying(app_state(request).engine, work)))


@router.post("/registry/records/{record_id}/edit")
def edit_record_from_page(
    request: Request, record_id: Id, content: ContentForm, csrf: CsrfForm = None
) -> Response:
    """Replace what a draft or returned record says, as its author or a submitter of
    its organisation."""

    def work(session: Session) -> None:
        edit_record(form_writer(request, session, csrf), record_id, content)

    retrying(app_state(request).engine, work)
    return RedirectResponse(f"/registry/records/{record_id}", status_code=303)


@api_router.post(
    "/records/{record_id}/edit",
    summary="Edit a draft or returned record",
    response_model=RegistryRecordDocument,
)
def edit_record_api(request: Request, record_id: Id, edit: ContentBody) -> Response:
    """Replace what a draft or returned record says (its author's or its organisation's
    submitters'), with a registry token or a signed-in session."""
    content = edit.content()

    def work(session: Session) -> dict[str, Any]:
        writer = api_writer(request, session)
        record = edit_record(writer, record_id, content)
        return record_documents(session, [record], writer.actor)[0]

    return private_answer(respond(request, retrying(app_state(request).engine, work)))


@router.get("/registry/records/{record_id}", response_class=HTMLResponse)
def registry_record_page(request: Request, session: SessionDep, record_id: Id) -> Response:
    viewer = request_viewer(request, session)
    record = _visible_record(session, viewer, record_id)
    answered = None
    if record.answers_id is not None:
        named = grants_for(session, [record.answers_id])[record.answers_id]
        target = session.get(RegistryRecord, record.answers_id)
        if target is not None and can_see(target, viewer, named):
            answered = target
    grants = grants_for(session, [record_id])[record_id]
    earlier = visible_revises(session, viewer, [record]).get(record.id)
    later = later_edition(session, viewer, record)
    changes = edition_diff(session, viewer, record.id) if earlier is not None else None
    steps = allowed_steps(record, viewer, grants)
    revisable = (
        record.status == "published"
        and later is None
        and not has_revision(session, record.id)
        and may_step(record, viewer, "submit", grants)
    )
    context = {
        "record": record,
        "body_parts": paragraphs(record.body),
        "earlier": earlier,
        "later": later,
        "changes": changes,
        "revisable": revisable,
        "attachments": attachment_index(session, [record.id])[record.id],
        "max_attachment_mb": MAX_ATTACHMENT_BYTES // 1024 // 1024,
        "names": party_names(session),
        "viewer": viewer,
        "answered": answered,
        "steps": steps,
        "editable": record.status in EDITABLE and "submit" in steps,
        "levels": TLP_LEVELS,
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "named_parties": " ".join(sorted(grants.parties)),
        "named_people": " ".join(_account_names(session, grants.accounts)),
        "csrf": page_csrf(request),
    }
    return private_answer(templates.TemplateResponse(request, "registry_record.html", context))
