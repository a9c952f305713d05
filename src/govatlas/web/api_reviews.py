"""The JSON API's labels and relationships: their lists, and the decisions people make on
them. Writes need the machine token (``Authorization: Bearer <GOVATLAS_API_TOKEN>``) or
a signed-in reviewer's session with its CSRF value in ``X-CSRF-Token``; each names the
review version it saw (``version``), and a stale one is answered 409.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from sqlalchemy.orm import Session

from govatlas.classify.labels.instrument_labels import review as review_label
from govatlas.crosswalk.review_queue import review_suggestion
from govatlas.store.contention import retrying
from govatlas.store.decisions import Reviewer as WriteReviewer
from govatlas.store.instruments import concept_names, instrument_names
from govatlas.store.models import Label, Relationship
from govatlas.store.provision_refs import provision_names
from govatlas.store.shown_labels import on_instrument
from govatlas.tabular import with_name_columns
from govatlas.vocabulary import (
    LabelMethod,
    RelationshipMethod,
    RelationshipType,
    ReviewStatus,
)
from govatlas.web import label_views
from govatlas.web.api_answers import (
    Cursor,
    Format,
    FormatQuery,
    Id,
    Limit,
    SessionDep,
    keyset_page,
    page,
    respond,
)
from govatlas.web.auth import require_api_write
from govatlas.web.schemas.common import CSV_TOO, ERROR_RESPONSES, Page
from govatlas.web.schemas.labels import LabelRow
from govatlas.web.schemas.relationships import RelationshipRow
from govatlas.web.schemas.reviews import LabelReviewed, RelationshipReviewed
from govatlas.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)


@router.get(
    "/labels",
    summary="List labels",
    response_model=Page[LabelRow],
    responses=CSV_TOO,
)
def list_labels(
    request: Request,
    session: SessionDep,
    concept: Annotated[str | None, Query(max_length=160)] = None,
    instrument: Annotated[
        str | None,
        Query(max_length=120, description="Labels on the instrument or any of its provisions."),
    ] = None,
    method: LabelMethod | None = None,
    review_status: ReviewStatus | None = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    rows, next_key = keyset_page(
        session,
        Label,
        {
            Label.concept_id: concept,
            Label.method: method,
            Label.review_status: review_status,
        },
        cursor,
        limit,
        # the instrument's own labels and its provisions'
        [on_instrument(instrument)] if instrument else [],
    )
    notes = label_views.experimental_notes(session, rows)
    measures = label_views.label_measures(session, rows)
    items = [
        {
            "id": label.id,
            "concept": label.concept_id,
            "instrument": label.instrument_id,
            "provision": label.provision_id,
            "score": label.score,
            "method": label.method.value,
            "model": label.model_id,
            "review_status": label.review_status.value,
            "experimental": notes.get(label.id, ""),
        }
        | measures.get(label.id, {})  # the label's identity first, then its measured quality
        for label in rows
    ]
    if format is Format.CSV:  # names beside the ids, for a spreadsheet's reader
        items = with_name_columns(
            items,
            {
                "concept": concept_names(session, {r.concept_id for r in rows}),
                "instrument": instrument_names(session, {r.instrument_id or "" for r in rows}),
                "provision": provision_names(session, {r.provision_id or 0 for r in rows}),
            },
        )
    return page(request, items, next_key, None, format)  # not counted: a large table


@router.get(
    "/relationships",
    summary="List relationships between provisions or concepts",
    response_model=Page[RelationshipRow],
    responses=CSV_TOO,
)
def list_relationships(
    request: Request,
    session: SessionDep,
    type: RelationshipType | None = None,
    method: RelationshipMethod | None = None,
    review_status: ReviewStatus | None = None,
    citation: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    rows, next_key = keyset_page(
        session,
        Relationship,
        {
            Relationship.type: type,
            Relationship.method: method,
            Relationship.review_status: review_status,
            Relationship.citation: citation,
        },
        cursor,
        limit,
    )
    items = [
        {
            "id": r.id,
            "source_provision": r.source_provision_id,
            "source_concept": r.source_concept_id,
            "target_provision": r.target_provision_id,
            "target_concept": r.target_concept_id,
            "type": r.type.value,
            "rationale_kind": r.rationale_kind.value if r.rationale_kind else None,
            "rationale": r.rationale,
            "confidence": r.confidence,
            "method": r.method.value,
            "author": r.author,
            "review_status": r.review_status.value,
            "citation": r.citation,
        }
        for r in rows
    ]
    if format is Format.CSV:  # what each end is, beside its id
        provisions = provision_names(
            session, {p or 0 for r in rows for p in (r.source_provision_id, r.target_provision_id)}
        )
        concepts = concept_names(
            session, {c or "" for r in rows for c in (r.source_concept_id, r.target_concept_id)}
        )
        ends: dict[str, Mapping[Any, str]] = {"provision": provisions, "concept": concepts}
        items = with_name_columns(
            items, {f"{side}_{kind}": ends[kind] for side in ("source", "target") for kind in ends}
        )
    return page(request, items, next_key, None, format)  # not counted: a large table


class Decision(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


Reviewer = Annotated[
    str | None,
    Query(
        max_length=100,
        description="With the machine token: who the client acts for (kept with the "
        "decision as an unverified claim). Ignored for a signed-in reviewer.",
    ),
]
SeenVersion = Annotated[
    int | None,
    Query(
        ge=0,
        le=1_000_000,
        description="The review version you saw (0 or omitted: waiting). A stale one "
        "answers 409 and changes nothing.",
    ),
]
CsrfHeader = Annotated[str | None, Header(alias="X-CSRF-Token")]


def api_writer(
    request: Request, authorization: str | None, csrf: str | None, claimed: str | None
) -> tuple[WriteReviewer, str | None]:
    """Who writes (``web.auth.require_api_write``) and the note recording a machine
    client's claim about whom it acts for."""
    who, machine = require_api_write(request, authorization, csrf)
    note = (
        f"for {' '.join(claimed.split())} (claimed, not verified)" if machine and claimed else None
    )
    return who, note


@router.post(
    "/labels/{label_id}/review",
    summary="Accept or reject a label (machine token, or a signed-in reviewer)",
    response_model=LabelReviewed,
)
def post_label_review(
    request: Request,
    label_id: Id,
    decision: Decision,
    reviewer: Reviewer = None,
    version: SeenVersion = None,
    authorization: Annotated[str | None, Header()] = None,
    x_csrf_token: CsrfHeader = None,
) -> Response:
    who, note = api_writer(request, authorization, x_csrf_token, reviewer)

    def work(session: Session) -> dict[str, Any]:
        label = review_label(session, label_id, decision is Decision.ACCEPT, who, note, version)
        return {
            "id": label.id,
            "review_status": label.review_status.value,
            "review_version": label.review_version,
            "reviewer": who.name,
        }

    return respond(request, retrying(app_state(request).engine, work))


@router.post(
    "/relationships/{relationship_id}/review",
    summary="Decide on a suggestion (machine token, or a signed-in reviewer)",
    response_model=RelationshipReviewed,
)
def post_relationship_review(
    request: Request,
    relationship_id: Id,
    decision: Annotated[str, Query(pattern="^(accept|correct|reject)$")],
    reviewer: Reviewer = None,
    corrected_type: RelationshipType | None = None,
    version: SeenVersion = None,
    authorization: Annotated[str | None, Header()] = None,
    x_csrf_token: CsrfHeader = None,
) -> Response:
    who, note = api_writer(request, authorization, x_csrf_token, reviewer)

    def work(session: Session) -> dict[str, Any]:
        made = review_suggestion(
            session, relationship_id, decision, who, corrected_type, note, version
        )
        return {"suggestion": relationship_id, "human_relationship": made.id if made else None}

    return respond(request, retrying(app_state(request).engine, work))
