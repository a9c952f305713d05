"""``/api/v1/near-misses``: the provision classifiers' decisions just below a concept's
threshold, waiting for review (``classify.labels.near_misses``), and a review of one.

Near misses are not labels: no count of the API includes them. The list is in review
order, closest to the threshold first; its cursor is the position in that order. A
review needs the machine token or a signed-in reviewer's session and CSRF value, as
label reviews do; it turns the near miss into a reviewed label and answers its id.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from sqlalchemy.orm import Session

from govatlas.classify.labels.near_misses import (
    count_near_misses,
    decide_near_miss,
    near_miss_queue,
)
from govatlas.store.contention import retrying
from govatlas.store.instruments import get_instrument
from govatlas.web.api_answers import (
    Cursor,
    Format,
    FormatQuery,
    Id,
    Limit,
    SessionDep,
    decode_cursor,
    page,
    respond,
)
from govatlas.web.api_reviews import CsrfHeader, Decision, Reviewer, api_writer
from govatlas.web.schemas.common import CSV_TOO, ERROR_RESPONSES, Page
from govatlas.web.schemas.reviews import NearMissReviewed, NearMissRow
from govatlas.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)


@router.get(
    "/near-misses",
    summary="Near misses waiting for review, closest first (not labels)",
    response_model=Page[NearMissRow],
    responses=CSV_TOO,
)
def list_near_misses(
    request: Request,
    session: SessionDep,
    taxonomy: Annotated[str | None, Query(max_length=60)] = None,
    instrument: Annotated[str | None, Query(max_length=120)] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    if instrument is not None:
        get_instrument(session, instrument)  # 404 for an unknown id
    position = decode_cursor(cursor)
    offset = position if isinstance(position, int) else 0
    waiting = near_miss_queue(session, taxonomy, instrument, limit + 1, offset=offset)
    items: list[dict[str, Any]] = [
        {
            "id": w.near_miss.id,
            "concept": w.near_miss.concept_id,
            "instrument": w.instrument_id,
            "provision": w.near_miss.provision_id,
            "provision_path": w.provision_path,
            "probability": round(w.near_miss.score, 4),
            "threshold": round(w.near_miss.threshold, 4),
            "model": w.near_miss.model_id,
            "counted": False,  # a near miss is in no coverage figure until reviewed
        }
        for w in waiting[:limit]
    ]
    next_position = offset + limit if len(waiting) > limit else None
    total = count_near_misses(session, taxonomy, instrument)
    return page(request, items, next_position, total, format)


@router.post(
    "/near-misses/{near_miss_id}/review",
    summary="Accept or reject a near miss, making it a reviewed label (machine token, or a "
    "signed-in reviewer)",
    response_model=NearMissReviewed,
)
def post_near_miss_review(
    request: Request,
    near_miss_id: Id,
    decision: Decision,
    reviewer: Reviewer = None,
    authorization: Annotated[str | None, Header()] = None,
    x_csrf_token: CsrfHeader = None,
) -> Response:
    who, note = api_writer(request, authorization, x_csrf_token, reviewer)

    def work(session: Session) -> dict[str, Any]:
        label = decide_near_miss(session, near_miss_id, decision is Decision.ACCEPT, who, note)
        return {
            "near_miss": near_miss_id,
            "label": label.id,
            "review_status": label.review_status.value,
            "reviewer": who.name,
        }

    return respond(request, retrying(app_state(request).engine, work))
