"""International commitments: two states' shared commitments, the world matrix, a summary.

The page ``/commitments`` and the API ``/api/v1/commitments`` (two states),
``/api/v1/commitments/matrix`` (every UN Member State × every international
instrument) and ``/api/v1/commitments/summary`` (per instrument, by continent)
read the same analytics (``govatlas.analytics.commitments``). A missing cell is
"no record", never "not adhering".
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from govatlas.analytics.commitments import (
    NO_RECORD_NOTE,
    international_instruments,
    load_adherence,
    shared_commitments,
    summarise,
    world_matrix,
)
from govatlas.analytics.places import member_state_knowledge
from govatlas.catalog.jurisdictions import un_member_states
from govatlas.errors import GovatlasError
from govatlas.i18n import gettext
from govatlas.store.instruments import every_jurisdiction_name
from govatlas.web.api_answers import Format, FormatQuery, respond
from govatlas.web.rendering import templates
from govatlas.web.schemas.commitments import (
    CommitmentMatrix,
    CommitmentsSummary,
    SharedCommitments,
)
from govatlas.web.schemas.common import CSV_TOO, ERROR_RESPONSES
from govatlas.web.state import db_session

api_router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)
router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]
Place = Annotated[
    str,
    Query(
        min_length=1,
        max_length=120,
        description="A jurisdiction: ISO 3166 alpha-3 code (FRA), EU, or a country's name.",
    ),
]


@api_router.get(
    "/commitments",
    summary="Two jurisdictions' shared international commitments, with a Jaccard index",
    response_model=SharedCommitments,
    responses=CSV_TOO,
)
def commitments(
    request: Request,
    session: SessionDep,
    a: Place,
    b: Place,
    format: FormatQuery = Format.JSON,
) -> Response:
    """The international instruments both have a recorded act towards (with each side's
    act and date), those only one has, and the index shared / union (Jaccard; null when
    neither has a record). CSV gives one row per instrument, with names."""
    result = shared_commitments(session, a, b)
    if format is Format.CSV:
        return respond(request, None, list(result.rows()))
    return respond(request, result.as_dict())


@api_router.get(
    "/commitments/matrix",
    summary="Every UN Member State x every international instrument: the acts on record",
    response_model=CommitmentMatrix,
    responses=CSV_TOO,
)
def commitments_matrix(
    request: Request, session: SessionDep, format: FormatQuery = Format.JSON
) -> Response:
    """One row per Member State; a cell holds the acts recorded (the leading one first),
    or null (CSV: empty): no record, which is not a checked absence. CSV columns are
    headed by the instruments' names."""
    found = world_matrix(session)
    if format is Format.CSV:
        return respond(request, None, found.table_rows())
    return respond(
        request,
        {
            "instruments": [{"id": i, "name": name} for i, name in found.instruments],
            "note": NO_RECORD_NOTE,
            "items": found.records(),
        },
    )


@api_router.get(
    "/commitments/summary",
    summary="Per international instrument: UN Member States on record, by UN M49 continent",
    response_model=CommitmentsSummary,
    responses=CSV_TOO,
)
def commitments_summary(
    request: Request, session: SessionDep, format: FormatQuery = Format.JSON
) -> Response:
    """Member States with a recorded act, their share, the same per continent, and the
    spread (highest minus lowest continental share: high when the regions split)."""
    facts = load_adherence(session)
    found = summarise(world_matrix(session, facts), facts)
    if format is Format.CSV:
        rows = []
        for s in found:
            row: dict[str, Any] = {
                "instrument": s.instrument,
                "name": s.name,
                "member_states": s.adhering,
                "of": s.members,
                "share": round(s.share, 4),
            }
            for r in s.regions:
                row[r.region] = r.adhering
            row["spread"] = round(s.spread, 4)
            row["sources"] = list(s.sources)
            rows.append(row)
        return respond(request, None, rows)
    return respond(request, {"note": NO_RECORD_NOTE, "items": [s.as_dict() for s in found]})


def party_choices(session: Session) -> list[tuple[str, str]]:
    """UN Member States by name, then the other parties on record (the EU...)."""
    facts = load_adherence(session)
    members = un_member_states()
    names = every_jurisdiction_name(session)
    states = sorted(((m, names.get(m, m)) for m in members), key=lambda x: x[1])
    others = sorted(
        ((p, names[p]) for p in facts.by_party if p in names and p not in members),
        key=lambda x: x[1],
    )
    return states + others


@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(
    request: Request,
    session: SessionDep,
    a: Annotated[str | None, Query(max_length=120)] = None,
    b: Annotated[str | None, Query(max_length=120)] = None,
) -> Response:
    facts = load_adherence(session)
    summary = summarise(world_matrix(session, facts), facts)
    context: dict[str, Any] = {
        "a": a,
        "b": b,
        "result": None,
        "message": None,
        "choices": party_choices(session),
        "summary": summary,
        "regions": [r.region for r in summary[0].regions] if summary else [],
        "knowledge": member_state_knowledge(session),
        "instruments": international_instruments(facts, un_member_states()),
        # the API keeps the note in English; the page shows it in the reader's language
        "note": gettext(NO_RECORD_NOTE),
    }
    if a and b:
        try:
            context["result"] = shared_commitments(session, a, b)
        except GovatlasError as exc:
            context["message"] = exc.message + (f" ({exc.hint})" if exc.hint else "")
    elif a or b:
        context["message"] = gettext("Choose a second state to compare with.")
    return templates.TemplateResponse(request, "commitments.html", context)
