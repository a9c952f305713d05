"""Pages that write: signing in and out, reviewing labels and crosswalk suggestions.

Labels are reviewed on the instrument page; suggested relationships on the review
queue (``/reviews``) and on the compare page. Every form needs the signed-in
reviewer's CSRF value and says who decided; a decision records what
``govatlas crosswalk review`` would (a human relationship, the suggestion kept).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.analytics.compare import REVERSED
from govatlas.classify.label_queue import label_queue, label_queue_size, label_queue_taxonomies
from govatlas.classify.labelling import review as review_label
from govatlas.crosswalk.export import OLIR_RELATIONSHIP
from govatlas.crosswalk.review import (
    queue_instruments,
    queue_size,
    review_queue,
    review_suggestion,
)
from govatlas.crosswalk.suggest import DEFAULT_TOP, suggest_again
from govatlas.crosswalk.training import chosen_ranker, unlearnt_judgements
from govatlas.errors import GovatlasError, PermissionDeniedError
from govatlas.store.instruments import get_instrument
from govatlas.store.models import Instrument, Label
from govatlas.store.session import key_values
from govatlas.vocabulary import RelationshipType
from govatlas.web.auth import SESSION_COOKIE, page_csrf, require_form_write, session_value
from govatlas.web.queries import experimental_notes
from govatlas.web.rendering import templates
from govatlas.web.state import app_state, db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]
QUEUE_PAGE_SIZE = 25
REVIEWER_COOKIE = "govatlas_reviewer"  # the name last given, so it is not typed on every row
TYPE_CHOICES = [(t.value, OLIR_RELATIONSHIP[t.value]) for t in RelationshipType]
InstrumentParam = Annotated[str | None, Query(max_length=120)]
CountParam = Annotated[int, Query(ge=0, le=100_000)]


def sheet_outcome(
    sheet: Annotated[str | None, Query(max_length=20)] = None,
    accepted: CountParam = 0,
    corrected: CountParam = 0,
    rejected: CountParam = 0,
    unchanged: CountParam = 0,
) -> str | None:
    """What an applied review sheet did, read from the query of the queue page it
    returns to (``review_sheet_pages``)."""
    if sheet != "applied":
        return None
    counts = (
        ("accepted", accepted),
        ("corrected", corrected),
        ("rejected", rejected),
        ("unchanged (decided so already)", unchanged),
    )
    done = ", ".join(f"{n} {kind}" for kind, n in counts if n)
    return f"Review sheet applied: {done or 'no decisions in it'}."


SheetOutcome = Annotated[str | None, Depends(sheet_outcome)]


def rerank_outcome(
    reranked: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    guided: CountParam = 0,
) -> str | None:
    """What re-ranking a pair did, read from the query of the queue page it returns to."""
    if reranked is None:
        return None
    learnt = (
        f"learnt from people's links on {guided} unit{'s' if guided != 1 else ''}"
        if guided
        else "no unit of the pair has a link yet to learn from"
    )
    return (
        f"Suggested again with the decisions so far: {reranked} suggestions wait; {learnt}; "
        "decided pairs are not proposed again."
    )


RerankOutcome = Annotated[str | None, Depends(rerank_outcome)]


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
    next: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    """Accept or reject a label; back to ``next``, else to the label's evidence."""
    require_form_write(request, csrf)
    label: Label = review_label(session, label_id, decision == "accept", reviewer)
    session.commit()
    back = f"/instruments/{quote(label.instrument_id or '')}"
    anchor = f"#p{label.evidence[0].provision_id}" if label.evidence else ""
    return decided(_local(next) if next else back + anchor, reviewer)


def decided(location: str, reviewer: str) -> Response:
    """Back to the page, remembering the reviewer's name for the next decision."""
    response = RedirectResponse(location, status_code=303)
    response.set_cookie(
        REVIEWER_COOKIE, reviewer, httponly=True, samesite="strict", max_age=8 * 3600
    )
    return response


def _named(session: Session, counts: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """(id, short name, count) for the instrument filter."""
    names = key_values(
        session,
        select(Instrument.id, Instrument.short_name).where(
            Instrument.id.in_([i for i, _ in counts])
        ),
    )
    return [(i, names.get(i) or i, n) for i, n in counts]


def here(request: Request) -> str:
    """This page's path and query, to come back to after a form or a sign-in."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def suggestion_form_context(request: Request) -> dict[str, Any]:
    """What ``_suggestion_review.html`` needs: choices, CSRF value, reviewer, return path."""
    return {
        "types": TYPE_CHOICES,
        "csrf": page_csrf(request),
        "reviewer": request.cookies.get(REVIEWER_COOKIE),
        "here": here(request),
    }


def _queue_sizes(session: Session) -> dict[str, int]:
    """What waits in each review queue, for the tabs."""
    return {"waiting_suggestions": queue_size(session), "waiting_labels": label_queue_size(session)}


def _unlearnt_decisions(session: Session) -> int:
    """Crosswalk decisions the ranker in use has not learnt (0 if its file is unreadable:
    `crosswalk suggest` names that problem where it matters)."""
    try:
        return unlearnt_judgements(session, chosen_ranker(None)[1])
    except GovatlasError:
        return 0


@router.get("/reviews", response_class=HTMLResponse)
def review_queue_page(
    request: Request,
    session: SessionDep,
    instrument: InstrumentParam = None,
    counterpart: InstrumentParam = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    applied: SheetOutcome = None,
    reranked: RerankOutcome = None,
) -> Response:
    """Suggested relationships waiting for a person, most confident first."""
    instrument, counterpart = instrument or None, counterpart or None
    context: dict[str, Any] = {
        "applied": applied,
        "reranked": reranked,
        "instrument": instrument,
        "counterpart": counterpart,
        "choices": _named(session, queue_instruments(session)),
        "items": [],
        "total": 0,
        "page": page,
        "page_size": QUEUE_PAGE_SIZE,
        **suggestion_form_context(request),
        "message": None,
        **_queue_sizes(session),
        "unlearnt": _unlearnt_decisions(session),
    }
    try:
        for name in (instrument, counterpart):
            if name is not None:
                get_instrument(session, name)  # an unknown id is named, not an empty list
        context["total"] = queue_size(session, instrument, counterpart)
        context["items"] = review_queue(
            session,
            instrument,
            QUEUE_PAGE_SIZE,
            counterpart,
            offset=(page - 1) * QUEUE_PAGE_SIZE,
        )
    except GovatlasError as exc:
        context["message"] = exc.message
    return templates.TemplateResponse(request, "reviews.html", context)


@router.post("/reviews/relationships/{relationship_id}")
def review_suggestion_from_page(
    request: Request,
    session: SessionDep,
    relationship_id: int,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
    reviewer: Annotated[str, Form(min_length=1, max_length=100)],
    relationship: Annotated[RelationshipType, Form()],
    csrf: Annotated[str | None, Form(max_length=200)] = None,
    next: Annotated[str, Form(max_length=500)] = "/reviews",
    reversed: Annotated[bool, Form()] = False,
) -> Response:
    """Accept (as suggested, or as the type the reviewer chose) or reject a suggestion.

    ``relationship`` reads as the page showed the pair; ``reversed`` says the page
    showed it target first, so the chosen type is turned back round.
    """
    require_form_write(request, csrf)
    chosen = REVERSED.get(relationship, relationship) if reversed else relationship
    review_suggestion(session, relationship_id, decision, reviewer, chosen)
    session.commit()
    return decided(_local(next), reviewer)


@router.post("/reviews/rerank")
def rerank_from_page(
    request: Request,
    session: SessionDep,
    instrument: Annotated[str, Form(min_length=1, max_length=120)],
    counterpart: Annotated[str, Form(min_length=1, max_length=120)],
    top: Annotated[int, Form(ge=1, le=20)] = DEFAULT_TOP,
    csrf: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    """Suggest a pair's crosswalk again with the decisions made since (as a re-run of
    ``govatlas crosswalk suggest`` would, with the ranker it would use), then back to
    the pair's queue saying what changed."""
    require_form_write(request, csrf)
    done = suggest_again(session, instrument, counterpart, top, ranker=chosen_ranker(None)[0])
    session.commit()
    query = {
        "instrument": instrument,
        "counterpart": counterpart,
        "reranked": sum(result.suggestions for *_, result in done),
        "guided": sum(result.guided_by for *_, result in done),
    }
    return RedirectResponse(f"/reviews?{urlencode(query)}", status_code=303)


@router.get("/reviews/labels", response_class=HTMLResponse)
def label_queue_page(
    request: Request,
    session: SessionDep,
    taxonomy: Annotated[str | None, Query(max_length=60)] = None,
    instrument: InstrumentParam = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    applied: SheetOutcome = None,
) -> Response:
    """Machine labels waiting for a person, most confident first, with their evidence."""
    taxonomy, instrument = taxonomy or None, instrument or None
    context: dict[str, Any] = {
        "applied": applied,
        "taxonomy": taxonomy,
        "instrument": instrument,
        "choices": label_queue_taxonomies(session),
        "items": [],
        "notes": {},
        "total": 0,
        "page": page,
        "page_size": QUEUE_PAGE_SIZE,
        **suggestion_form_context(request),
        "message": None,
        **_queue_sizes(session),
    }
    try:
        if instrument is not None:
            get_instrument(session, instrument)
        context["total"] = label_queue_size(session, taxonomy, instrument)
        items = label_queue(
            session, taxonomy, instrument, QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE
        )
        context["items"] = items
        context["notes"] = experimental_notes(session, [i.label for i in items])
    except GovatlasError as exc:
        context["message"] = exc.message
    return templates.TemplateResponse(request, "reviews_labels.html", context)
