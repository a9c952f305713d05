"""Pages that write: signing in and out, reviewing labels and crosswalk suggestions.

Labels are reviewed on the instrument page; suggested relationships on the review
queue (``/reviews``) and on the compare page. Every form needs the signed-in
reviewer's CSRF value and the review version it showed; the decision is recorded
under the signed-in account (``web.auth``), as ``govatlas crosswalk review`` would
record it (a human relationship, the suggestion kept). A write that finds the
store locked by another process is tried again briefly, then answered 503.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from govatlas.accounts.sessions import end_session, sign_in
from govatlas.accounts.throttle import check_throttle, record_failure, record_success
from govatlas.accounts.users import verify
from govatlas.analytics.compare import REVERSED
from govatlas.classify.labels.instrument_labels import review as review_label
from govatlas.classify.labels.near_misses import count_near_misses
from govatlas.classify.labels.queue import label_queue, label_queue_size, label_queue_taxonomies
from govatlas.crosswalk.review_queue import (
    queue_instruments,
    queue_size,
    review_queue,
    review_suggestion,
)
from govatlas.crosswalk.suggest import DEFAULT_TOP, suggest_again
from govatlas.crosswalk.training import chosen_ranker, unlearnt_judgements
from govatlas.errors import GovatlasError, PermissionDeniedError
from govatlas.i18n import N_, gettext, ngettext
from govatlas.store.accounts import account_count
from govatlas.store.contention import retrying
from govatlas.store.instruments import get_instrument, instrument_names, short_names
from govatlas.store.models import Label
from govatlas.store.session import transaction
from govatlas.vocabulary import QueueOrder, RelationshipType
from govatlas.web.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    login_csrf,
    page_csrf,
    remember_login_csrf,
    require_form_write,
    require_login_csrf,
    reviewer_name,
    set_session_cookie,
)
from govatlas.web.label_views import experimental_notes
from govatlas.web.rendering import templates
from govatlas.web.state import app_state, db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]
QUEUE_PAGE_SIZE = 25
# How each type reads in the form: OLIR's words, as ``crosswalk.export`` writes them
# (translated where the form is shown).
TYPE_READINGS = {
    RelationshipType.EQUAL.value: N_("equal"),
    RelationshipType.SUBSET.value: N_("subset of"),
    RelationshipType.SUPERSET.value: N_("superset of"),
    RelationshipType.INTERSECTS.value: N_("intersects with"),
    RelationshipType.NONE.value: N_("not related to"),
    RelationshipType.RELATED.value: N_("related to"),
    RelationshipType.CONTRARY.value: N_("contrary to"),
}
TYPE_CHOICES = [(t.value, TYPE_READINGS[t.value]) for t in RelationshipType]
ORDER_CHOICES = [
    (QueueOrder.UNCERTAINTY.value, N_("least certain first")),
    (QueueOrder.SCORE.value, N_("highest score first")),
]
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
    done = [
        ngettext("%(num)s accepted", "%(num)s accepted", accepted) if accepted else "",
        ngettext("%(num)s corrected", "%(num)s corrected", corrected) if corrected else "",
        ngettext("%(num)s rejected", "%(num)s rejected", rejected) if rejected else "",
        ngettext(
            "%(num)s unchanged (decided so already)",
            "%(num)s unchanged (decided so already)",
            unchanged,
        )
        if unchanged
        else "",
    ]
    counts = ", ".join(part for part in done if part)
    if not counts:
        return gettext("Review sheet applied: no decisions in it.")
    return gettext("Review sheet applied: %(counts)s.", counts=counts)


SheetOutcome = Annotated[str | None, Depends(sheet_outcome)]


def rerank_outcome(
    reranked: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    guided: CountParam = 0,
) -> str | None:
    """What re-ranking a pair did, read from the query of the queue page it returns to."""
    if reranked is None:
        return None
    if not guided:
        return gettext(
            "Suggested again with the decisions so far: %(waiting)s suggestions wait; no unit "
            "of the pair has a link yet to learn from; decided pairs are not proposed again.",
            waiting=reranked,
        )
    return ngettext(
        "Suggested again with the decisions so far: %(waiting)s suggestions wait; learnt "
        "from people's links on %(num)s unit; decided pairs are not proposed again.",
        "Suggested again with the decisions so far: %(waiting)s suggestions wait; learnt "
        "from people's links on %(num)s units; decided pairs are not proposed again.",
        guided,
        waiting=reranked,
    )


RerankOutcome = Annotated[str | None, Depends(rerank_outcome)]


def local_path(path: str) -> str:
    """Only same-site paths may be redirected to."""
    # "//host" and "/\\host" are other sites to a browser
    return path if path.startswith("/") and not path.startswith(("//", "/\\")) else "/"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login")
def login_page(request: Request, session: SessionDep, next: str = "/") -> Response:
    accounts = account_count(session)
    value = login_csrf(request)
    response = templates.TemplateResponse(
        request,
        "login.html",
        {"next": local_path(next), "enabled": bool(accounts), "login_csrf": value},
    )
    remember_login_csrf(request, response, value)
    return response


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form(min_length=1, max_length=100)],
    password: Annotated[str, Form(min_length=1, max_length=1024)],
    csrf: Annotated[str | None, Form(max_length=200)] = None,
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Sign in: a new session (the old one ended), throttled per account and client."""
    require_login_csrf(request, csrf)
    client = _client(request)
    engine = app_state(request).engine
    with transaction(engine) as session:
        check_throttle(session, name, client)
    with transaction(engine) as session:
        account = verify(session, name, password)
        if account is None:
            record_failure(session, name, client)
        else:
            record_success(session, name, client)
            token = sign_in(session, account, request.cookies.get(SESSION_COOKIE))
    if account is None:
        raise PermissionDeniedError("unknown name or wrong password", "try again")
    response = RedirectResponse(local_path(next), status_code=303)
    set_session_cookie(request, response, token)
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str | None, Form(max_length=200)] = None) -> Response:
    """Sign out (the session's CSRF value needed, so another site cannot sign you out)."""
    require_form_write(request, csrf)
    with transaction(app_state(request).engine) as session:
        end_session(session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/reviews/labels/{label_id}")
def review_from_page(
    request: Request,
    label_id: int,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
    csrf: Annotated[str | None, Form(max_length=200)] = None,
    version: Annotated[int | None, Form(ge=0, le=1_000_000)] = None,
    note: Annotated[str | None, Form(max_length=2000)] = None,
    next: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    """Accept or reject a label as the signed-in reviewer; back to ``next``, else to the
    label's evidence. ``version``: the review version the page showed (409 if stale)."""
    who = require_form_write(request, csrf)

    def work(session: Session) -> tuple[str, str]:
        label: Label = review_label(session, label_id, decision == "accept", who, note, version)
        back = f"/instruments/{quote(label.instrument_id or '')}"
        anchor = f"/provisions/{label.evidence[0].provision_id}" if label.evidence else ""
        return back, anchor

    back, anchor = retrying(app_state(request).engine, work)
    return decided(local_path(next) if next else back + anchor)


def decided(location: str) -> Response:
    """Back to the page the decision was made on."""
    return RedirectResponse(location, status_code=303)


def _named(session: Session, counts: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """(id, short name, count) for the instrument filter."""
    names = short_names(session, [i for i, _ in counts])
    return [(i, names.get(i) or i, n) for i, n in counts]


def here(request: Request) -> str:
    """This page's path and query, to come back to after a form or a sign-in."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def suggestion_form_context(request: Request) -> dict[str, Any]:
    """What ``_suggestion_review.html`` needs: choices, CSRF value, the signed-in
    reviewer's name (decisions are recorded under it), return path."""
    return {
        "types": [(value, gettext(reads)) for value, reads in TYPE_CHOICES],
        "csrf": page_csrf(request),
        "reviewer": reviewer_name(request),
        "here": here(request),
    }


def queue_sizes(session: Session) -> dict[str, int]:
    """What waits in each review queue, for the tabs."""
    return {
        "waiting_suggestions": queue_size(session),
        "waiting_labels": label_queue_size(session),
        "waiting_near_misses": count_near_misses(session),
    }


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
        **queue_sizes(session),
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
        context["names"] = instrument_names(
            session,
            {i for q in context["items"] for i in (q.source_instrument, q.target_instrument)},
        )
    except GovatlasError as exc:
        context["message"] = exc.message
    return templates.TemplateResponse(request, "reviews.html", context)


@router.post("/reviews/relationships/{relationship_id}")
def review_suggestion_from_page(
    request: Request,
    relationship_id: int,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
    relationship: Annotated[RelationshipType, Form()],
    csrf: Annotated[str | None, Form(max_length=200)] = None,
    version: Annotated[int | None, Form(ge=0, le=1_000_000)] = None,
    next: Annotated[str, Form(max_length=500)] = "/reviews",
    reversed: Annotated[bool, Form()] = False,
) -> Response:
    """Accept (as suggested, or as the type the reviewer chose) or reject a suggestion.

    ``relationship`` reads as the page showed the pair; ``reversed`` says the page
    showed it target first, so the chosen type is turned back round.
    """
    who = require_form_write(request, csrf)
    chosen = REVERSED.get(relationship, relationship) if reversed else relationship
    retrying(
        app_state(request).engine,
        lambda session: review_suggestion(
            session, relationship_id, decision, who, chosen, seen_version=version
        ),
    )
    return decided(local_path(next))


@router.post("/reviews/rerank")
def rerank_from_page(
    request: Request,
    instrument: Annotated[str, Form(min_length=1, max_length=120)],
    counterpart: Annotated[str, Form(min_length=1, max_length=120)],
    top: Annotated[int, Form(ge=1, le=20)] = DEFAULT_TOP,
    csrf: Annotated[str | None, Form(max_length=200)] = None,
) -> Response:
    """Suggest a pair's crosswalk again with the decisions made since (as a re-run of
    ``govatlas crosswalk suggest`` would, with the ranker it would use), then back to
    the pair's queue saying what changed. The alignment is computed before anything
    is written, so reviews go on meanwhile."""
    require_form_write(request, csrf)
    done = suggest_again(
        app_state(request).engine, instrument, counterpart, top, ranker=chosen_ranker(None)[0]
    )
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
    order: Annotated[QueueOrder, Query()] = QueueOrder.UNCERTAINTY,
) -> Response:
    """Machine labels waiting for a person, the provision classifiers' least certain first
    (or by score), with their evidence."""
    taxonomy, instrument = taxonomy or None, instrument or None
    context: dict[str, Any] = {
        "applied": applied,
        "taxonomy": taxonomy,
        "instrument": instrument,
        "order": order.value,
        "order_param": None if order is QueueOrder.UNCERTAINTY else order.value,  # links
        "orders": [(value, gettext(text)) for value, text in ORDER_CHOICES],
        "choices": label_queue_taxonomies(session),
        "items": [],
        "notes": {},
        "total": 0,
        "page": page,
        "page_size": QUEUE_PAGE_SIZE,
        **suggestion_form_context(request),
        "message": None,
        **queue_sizes(session),
    }
    try:
        if instrument is not None:
            get_instrument(session, instrument)
        context["total"] = label_queue_size(session, taxonomy, instrument)
        items = label_queue(
            session,
            taxonomy,
            instrument,
            QUEUE_PAGE_SIZE,
            (page - 1) * QUEUE_PAGE_SIZE,
            order=order,
        )
        context["items"] = items
        context["notes"] = experimental_notes(
            session, [i.label for i in items], in_reader_language=True
        )
    except GovatlasError as exc:
        context["message"] = exc.message
    return templates.TemplateResponse(request, "reviews_labels.html", context)
