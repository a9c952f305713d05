"""The near-miss review queue: provisions a classifier's probability misses a
concept's threshold by little (``classify.labels.near_misses``), closest first.

Not labels: nothing counts them until a person decides. Accepting one makes it an
accepted label, rejecting one a reviewed absence; both are recorded under the
signed-in account, with the page's CSRF value, as ``govatlas near-misses ID
--decision`` records them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from govatlas.classify.labels.near_misses import (
    count_near_misses,
    decide_near_miss,
    near_miss_queue,
    near_miss_taxonomies,
)
from govatlas.classify.labels.uncertainty import NEAR_MISS_ODDS
from govatlas.errors import GovatlasError
from govatlas.store.contention import retrying
from govatlas.store.instruments import get_instrument, instrument_names
from govatlas.web.auth import require_form_write
from govatlas.web.rendering import templates
from govatlas.web.review_pages import (
    QUEUE_PAGE_SIZE,
    decided,
    local_path,
    queue_sizes,
    suggestion_form_context,
)
from govatlas.web.state import app_state, db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]


@router.get("/reviews/near-misses", response_class=HTMLResponse)
def near_miss_page(
    request: Request,
    session: SessionDep,
    taxonomy: Annotated[str | None, Query(max_length=60)] = None,
    instrument: Annotated[str | None, Query(max_length=120)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """Near misses waiting for a person, closest to their threshold first."""
    taxonomy, instrument = taxonomy or None, instrument or None
    context: dict[str, Any] = {
        "taxonomy": taxonomy,
        "instrument": instrument,
        "choices": near_miss_taxonomies(session),
        "items": [],
        "names": {},
        "total": 0,
        "page": page,
        "page_size": QUEUE_PAGE_SIZE,
        "odds": f"{NEAR_MISS_ODDS:g}",
        "message": None,
        **suggestion_form_context(request),
        **queue_sizes(session),
    }
    try:
        if instrument is not None:
            get_instrument(session, instrument)
        context["total"] = count_near_misses(session, taxonomy, instrument)
        items = near_miss_queue(
            session, taxonomy, instrument, QUEUE_PAGE_SIZE, offset=(page - 1) * QUEUE_PAGE_SIZE
        )
        context["items"] = items
        context["names"] = instrument_names(session, {i.instrument_id for i in items})
    except GovatlasError as exc:
        context["message"] = exc.message
    return templates.TemplateResponse(request, "reviews_near_misses.html", context)


@router.post("/reviews/near-misses/{near_miss_id}")
def decide_from_page(
    request: Request,
    near_miss_id: int,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
    csrf: Annotated[str | None, Form(max_length=200)] = None,
    note: Annotated[str | None, Form(max_length=2000)] = None,
    next: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    """Accept or reject a near miss as the signed-in reviewer; back to ``next``, else to
    the queue. A near miss someone already decided is a 404 (it is gone)."""
    who = require_form_write(request, csrf)
    retrying(
        app_state(request).engine,
        lambda session: decide_near_miss(session, near_miss_id, decision == "accept", who, note),
    )
    return decided(local_path(next) if next else "/reviews/near-misses")
