"""What's new: the page of recent changes, and each subscription's Atom and JSON feeds.

A feed is addressed by its subscription's unguessable token, so a feed reader
needs no login; an unknown token is a 404 like any other unknown id. Absolute links
in feeds are built from the configured public address (``GOVATLAS_BASE_URL``, else
the address ``govatlas serve`` listens on), never from the request's Host header:
answers are cached for everyone, and a forged Host must not end up in them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from govatlas.horizon.alerts import subscription_by_token
from govatlas.horizon.feeds import atom_feed, json_feed
from govatlas.horizon.recent import recent_changes
from govatlas.store.horizon import FEED_ITEMS, alerted_changes
from govatlas.store.instruments import jurisdiction_names
from govatlas.vocabulary import EVENT_LABELS
from govatlas.web.rendering import templates
from govatlas.web.state import db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]


@router.get("/whats-new", response_class=HTMLResponse)
def whats_new_page(
    request: Request,
    session: SessionDep,
    days: Annotated[int, Query(ge=1, le=3650)] = 30,
) -> Response:
    context = recent_changes(session, days)
    shown = [*context["new_versions"], *context["new_instruments"], *context["events"]]
    context["places"] = jurisdiction_names(session, {c["jurisdiction"] for c in shown})
    # the events' kinds, translated by the template (the words are marked in vocabulary)
    context["event_labels"] = {kind.value: label for kind, label in EVENT_LABELS.items()}
    return templates.TemplateResponse(request, "whats_new.html", context)


def _base(request: Request) -> str:
    base: str = request.app.state.base_url
    return base


@router.get("/feeds/{token}.atom")
def atom(request: Request, session: SessionDep, token: str) -> Response:
    subscription = subscription_by_token(session, token)
    body = atom_feed(
        subscription, alerted_changes(session, subscription.id, FEED_ITEMS), _base(request)
    )
    return Response(body, media_type="application/atom+xml")


@router.get("/feeds/{token}.json")
def json_items(request: Request, session: SessionDep, token: str) -> Response:
    subscription = subscription_by_token(session, token)
    body = json_feed(
        subscription, alerted_changes(session, subscription.id, FEED_ITEMS), _base(request)
    )
    return Response(body, media_type="application/feed+json")
