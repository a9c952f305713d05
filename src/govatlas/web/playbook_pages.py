"""The emergency-response playbook on the web: ``/playbook`` and ``/api/v1/playbook``.

For a hypothetical incident (where the deployer is, where the developer is, the kind
of harm as an MIT risk domain), the reporting duties of binding law in force that reach
either company, to whom and by when, shortest deadline first (``trackers.playbook``, as
``govatlas playbook``). The duties come from the incident-reporting tracker, so the
page states that tracker's measured quality above them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError
from govatlas.i18n import gettext
from govatlas.incidents.domains import DOMAINS
from govatlas.trackers.facts import INCIDENT_REPORTING
from govatlas.trackers.labels import deadline_label
from govatlas.trackers.playbook import Duty, contacts, playbook
from govatlas.trackers.quality_figures import shown_quality_sentence
from govatlas.web.api_answers import respond
from govatlas.web.rendering import templates
from govatlas.web.schemas.common import ERROR_RESPONSES
from govatlas.web.schemas.playbook import Playbook
from govatlas.web.state import db_session

api_router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)
router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]


def _domain_labels() -> dict[str, str]:
    """The MIT risk domains' names in the reader's language (the API keeps English)."""
    return {code: gettext(label) for code, label in DOMAINS.items()}


Place = Annotated[str | None, Query(max_length=40, description="A place id: FRA, US-CA, EU.")]
Harm = Annotated[str | None, Query(max_length=2, description="An MIT risk domain, 1 to 7.")]


def _duties(session: Session, deployer: str, developer: str | None, harm: str | None) -> list[Duty]:
    if harm is not None and harm not in DOMAINS:
        raise InvalidInputError(f"no MIT risk domain {harm!r}", "choose 1 to 7")
    developer = (developer or "").strip() or None
    return playbook(session, deployer.strip(), developer, harm, read_if_empty=False)


@api_router.get(
    "/playbook",
    summary="Reporting duties a hypothetical incident triggers",
    response_model=Playbook,
)
def playbook_api(
    request: Request,
    session: SessionDep,
    deployer: Annotated[str, Query(max_length=40, description="Where the deployer is.")],
    developer: Place = None,
    harm: Harm = None,
) -> Response:
    """The incident-reporting duties of binding law in force in every place whose law
    reaches the deployer or the developer (the place, its country, the EU for its
    members): recipient, deadline in hours, provision, why the law applies, whether its
    incident words match the harm; shortest deadline first, matching duties first. Each
    duty carries the tracker's measured quality (``confidence``). ``contacts`` lists the
    points of contact organisations in those places registered in the registry."""
    duties = _duties(session, deployer, developer, harm or None)
    found = contacts(session, deployer.strip(), (developer or "").strip() or None)
    return respond(
        request,
        {
            "items": [d.as_dict() for d in duties],
            "total": len(duties),
            "contacts": [c.as_dict() for c in found],
        },
    )


@router.get("/playbook", response_class=HTMLResponse)
def playbook_page(
    request: Request,
    session: SessionDep,
    deployer: Place = None,
    developer: Place = None,
    harm: Harm = None,
) -> Response:
    asked = bool(deployer and deployer.strip())
    duties = _duties(session, deployer or "", developer, harm or None) if asked else []
    found = (
        contacts(session, (deployer or "").strip(), (developer or "").strip() or None)
        if asked
        else []
    )
    sentence, experimental = shown_quality_sentence(INCIDENT_REPORTING)
    context: dict[str, Any] = {
        "asked": asked,
        "duties": duties,
        "contacts": found,
        "deployer": deployer or "",
        "developer": developer or "",
        "harm": harm or "",
        "domains": _domain_labels(),
        "quality": sentence,
        "experimental": experimental,
        "deadline_label": deadline_label,  # "72 hours" in the reader's language
    }
    return templates.TemplateResponse(request, "playbook.html", context)
