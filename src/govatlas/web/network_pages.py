"""Convenings and the participation network on the atlas and the API.

``/convenings`` (each convening with its participants and the shares of the 193 Member
States, Africa, least developed countries and small island developing states present),
``/convenings/{id}`` (organisers, outcomes, participants by group, who is missing, every
participant with the act and source that make it one) and ``/network`` (a static SVG of
who meets whom, with its legend, and the measures and clusters as tables). The API gives
the same as JSON (``/api/v1/convenings``, ``/api/v1/convenings/{id}``,
``/api/v1/network``) and the network as GraphML (``/api/v1/network.graphml``).
``/follow-up`` (and ``/api/v1/follow-up``) lists what convenings asked to be done next,
with each action's status and evidence; a convening's page shows its own.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from govatlas.i18n import N_, gettext, ngettext
from govatlas.network.convenings import (
    all_convenings,
    get_convening,
    participants_recorded,
)
from govatlas.network.drawing import legend, network_svg
from govatlas.network.follow_up import follow_ups
from govatlas.network.graph import build_network, graphml
from govatlas.network.outcome_actions import (
    DONE,
    DONE_LATE,
    IN_PART,
    NO_EVIDENCE,
    OPEN,
    STATUSES,
    all_follow_up,
    follow_up_of,
    tally,
)
from govatlas.network.participation import (
    Participation,
    all_participation,
    group_label,
    participation,
    series_names,
    unrecorded_convenings,
)
from govatlas.network.people import declared_genders
from govatlas.registry.compliance import STATES
from govatlas.store.convenings import outcomes_of, people_at
from govatlas.store.models import Instrument, Jurisdiction
from govatlas.store.network_models import Convening
from govatlas.web.api_answers import respond
from govatlas.web.registry_pages import STATE_LABELS
from govatlas.web.rendering import templates
from govatlas.web.schemas.common import ERROR_RESPONSES
from govatlas.web.schemas.network import (
    ConveningDetail,
    Convenings,
    FollowUp,
    ParticipationNetwork,
)
from govatlas.web.state import db_session

api_router = APIRouter(prefix="/api/v1", tags=["network"], responses=ERROR_RESPONSES)
router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]
Series = Annotated[
    str | None, Query(max_length=100, description="Only one series, e.g. ai-summits.")
]
Status = Annotated[
    Literal["done", "done late", "in part", "open", "no evidence recorded"] | None,
    Query(description="Only actions in one status."),
]
Universal = Annotated[
    bool,
    Query(description="Also link the convenings where nearly every Member State took part."),
]
# How the pages name an action's status (the status itself stays the API's and the
# query's value); the templates translate the label with ``_()``.
ACTION_LABELS: dict[str, str] = {
    DONE: N_("done"),
    DONE_LATE: N_("done late"),
    IN_PART: N_("in part"),
    OPEN: N_("open"),
    NO_EVIDENCE: N_("no evidence recorded"),
}


def action_count(status: str, count: int, shown: object) -> str:
    """How many actions have a status ("3 done"), in the reader's language; ``shown`` is
    the number as the page writes it."""
    if status == DONE:
        return ngettext("%(num)s done", "%(num)s done", count, num=shown)
    if status == DONE_LATE:
        return ngettext("%(num)s done late", "%(num)s done late", count, num=shown)
    if status == IN_PART:
        return ngettext("%(num)s in part", "%(num)s in part", count, num=shown)
    if status == OPEN:
        return ngettext("%(num)s open", "%(num)s open", count, num=shown)
    if status == NO_EVIDENCE:
        return ngettext(
            "%(num)s no evidence recorded", "%(num)s no evidence recorded", count, num=shown
        )
    return f"{shown} {status}"


def _summary(found: Participation, session: Session) -> dict[str, Any]:
    c = found.convening
    return {
        "id": c.id,
        "name": c.name,
        "date": c.start_on.isoformat(),
        "place": c.place,
        "series": c.series,
        "participants": len(found.participants),
        "outcomes": [o.instrument_id for o in outcomes_of(session, c.id)],
        **{k: v for k, v in found.as_dict().items() if k not in ("convening", "participants")},
    }


@api_router.get("/convenings", summary="Convenings and who took part", response_model=Convenings)
def convenings_api(request: Request, session: SessionDep, series: Series = None) -> Response:
    """Each convening with its participants (named by the sources), the shares of Member
    States present by group, and who is missing; ``complete`` is false when the sources
    name fewer participants than were reported (the shares are then lower bounds)."""
    found = all_participation(session, series)
    unrecorded = [_unrecorded(c) for c in unrecorded_convenings(session, series)]
    return respond(
        request, {"items": [_summary(p, session) for p in found], "not_recorded": unrecorded}
    )


def _unrecorded(c: Convening) -> dict[str, Any]:
    """A convening whose participants are not recorded: its facts, never 0 participants."""
    return {
        "id": c.id,
        "name": c.name,
        "date": c.start_on.isoformat(),
        "end": c.end_on.isoformat(),
        "place": c.place,
        "series": c.series,
        "organisers": c.organisers,
        "format": c.format,
        "participants": None,
        "participants_recorded": False,
        "reported_participants": c.reported_participants,
        "reported_source": c.reported_source,
        "outcomes_elsewhere": c.outcomes_elsewhere,
        "sources": c.sources,
    }


@api_router.get(
    "/convenings/{convening_id}", summary="One convening", response_model=ConveningDetail
)
def convening_api(request: Request, session: SessionDep, convening_id: str) -> Response:
    """A convening, its outcomes, every participant with the acts and sources that make
    it one, and participation by group (``participants`` null where they are not
    recorded)."""
    convening = get_convening(session, convening_id[:100])
    if not participants_recorded(session, convening.id):
        document = _unrecorded(convening) | {
            "actions": [a.as_dict() for a in follow_up_of(session, convening.id)],
            "people": _people(session, convening.id),
            "declared_genders": declared_genders(session, convening.id),
        }
        return respond(request, document)
    found = participation(session, convening)
    document = _summary(found, session)
    c = found.convening
    document |= {
        "end": c.end_on.isoformat(),
        "organisers": c.organisers,
        "format": c.format,
        "sources": c.sources,
        "named": [
            {"party": p.party, "acts": list(p.acts), "sources": list(p.sources)}
            for p in found.participants
        ],
        "notes": found.notes,
        "follow_up": [f.as_dict() for f in follow_ups(session, c)],
        "actions": [a.as_dict() for a in follow_up_of(session, c.id)],
        "people": _people(session, c.id),
        "declared_genders": declared_genders(session, c.id),
    }
    return respond(request, document)


@api_router.get(
    "/follow-up", summary="What convenings asked to be done next", response_model=FollowUp
)
def follow_up_api(
    request: Request, session: SessionDep, series: Series = None, status: Status = None
) -> Response:
    """Every follow-up action (owners, due date, where it is stated), its status (done,
    done late, in part, open, no evidence recorded) and the evidence read from the data;
    ``counts`` gives how many stand in each status."""
    found = [s for s in all_follow_up(session, series) if status in (None, s.status)]
    return respond(request, {"counts": tally(found), "items": [s.as_dict() for s in found]})


def _people(session: Session, convening_id: str) -> list[dict[str, str]]:
    return [
        {
            "name": person.name,
            "role": person.role,
            "organisation": person.organisation,
            "part": part.part,
            "source": part.source_url,
        }
        for person, part in people_at(session, convening_id)
    ]


@api_router.get(
    "/network", summary="The participation network", response_model=ParticipationNetwork
)
def network_api(request: Request, session: SessionDep, universal: Universal = False) -> Response:
    """Participants (nodes, with their measures), links (shared convenings) and clusters."""
    return respond(request, build_network(session, universal).as_dict())


@api_router.get(
    "/network.graphml",
    summary="The participation network as GraphML",
    response_class=Response,
    responses={
        200: {
            "content": {"application/graphml+xml": {"schema": {"type": "string"}}},
            "description": "The network as a GraphML file (node group and convenings; link "
            "weight and convenings).",
        }
    },
)
def network_graphml(session: SessionDep, universal: Universal = False) -> Response:
    body = graphml(build_network(session, universal))
    return Response(
        body,
        media_type="application/graphml+xml",
        headers={"Content-Disposition": 'attachment; filename="govatlas-network.graphml"'},
    )


def _names(session: Session, ids: list[str]) -> dict[str, str]:
    found = {}
    for party in ids:
        place = session.get(Jurisdiction, party)
        found[party] = place.name if place is not None else party
    return found


@router.get("/convenings", response_class=HTMLResponse)
def convenings_page(request: Request, session: SessionDep, series: Series = None) -> Response:
    found = all_participation(session, series)
    context = {
        "items": found,
        "unrecorded": unrecorded_convenings(session, series),
        "series": series or "",
        "all_series": series_names(session),
    }
    return templates.TemplateResponse(request, "convenings.html", context)


@router.get("/convenings/{convening_id}", response_class=HTMLResponse)
def convening_page(request: Request, session: SessionDep, convening_id: str) -> Response:
    convening = get_convening(session, convening_id[:100])
    if not participants_recorded(session, convening.id):
        return _unrecorded_page(request, session, convening)
    found = participation(session, convening)
    outcomes = [
        (o, session.get(Instrument, o.instrument_id))
        for o in outcomes_of(session, found.convening.id)
    ]
    ids = [p.party for p in found.participants] + found.missing
    actions = follow_up_of(session, found.convening.id)
    context = {
        "p": found,
        "outcomes": outcomes,
        "names": _names(session, ids),
        "follow_ups": follow_ups(session, found.convening),
        "actions": actions,
        "owner_names": _names(session, [o for a in actions for o in a.action.owners]),
        "action_counts": tally(actions),
        "people": people_at(session, found.convening.id),
        "genders": declared_genders(session, found.convening.id),
        "states": STATES,
        "state_labels": STATE_LABELS,
        "group_label": group_label,  # a stakeholder group in the reader's language
        "action_labels": ACTION_LABELS,
        "action_count": action_count,
    }
    return templates.TemplateResponse(request, "convening.html", context)


def _unrecorded_page(request: Request, session: Session, convening: Convening) -> Response:
    actions = follow_up_of(session, convening.id)
    context = {
        "c": convening,
        "actions": actions,
        "owner_names": _names(session, [o for a in actions for o in a.action.owners]),
        "action_counts": tally(actions),
        "people": people_at(session, convening.id),
        "genders": declared_genders(session, convening.id),
        "action_labels": ACTION_LABELS,
        "action_count": action_count,
    }
    return templates.TemplateResponse(request, "convening_unrecorded.html", context)


@router.get("/follow-up", response_class=HTMLResponse)
def follow_up_page(
    request: Request, session: SessionDep, series: Series = None, status: Status = None
) -> Response:
    every = all_follow_up(session, series)
    found = [s for s in every if status in (None, s.status)]
    context = {
        "actions": found,
        "owner_names": _names(session, [o for a in found for o in a.action.owners]),
        "total": len(found),
        "counts": tally(found),
        "series": series or "",
        "status": status or "",
        "statuses": STATUSES,
        "action_labels": ACTION_LABELS,
        "action_count": action_count,
        "all_series": series_names(session),
        "convening_names": {c.id: c.name for c in all_convenings(session)},
    }
    return templates.TemplateResponse(request, "follow_up.html", context)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, session: SessionDep) -> Response:
    network = build_network(session)
    svg = network_svg(network, gettext("Who meets whom: participants linked by shared convenings"))
    context = {
        "network": network,
        "svg": Markup(svg),  # built from escaped parts (network.drawing)
        # the groups are continents and "other participants": shown translated
        "legend": [(gettext(group), colour) for group, colour in legend()],
        "names": _names(session, [m.party for m in network.measures]),
        "group_label": group_label,  # a region or stakeholder group in the reader's language
    }
    return templates.TemplateResponse(request, "network.html", context)
