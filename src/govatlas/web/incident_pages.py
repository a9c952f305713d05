"""AI incidents on the web: ``/incidents`` and ``/incidents/{id}``, and the API
``/api/v1/incidents`` (JSON or CSV), ``/api/v1/incidents/{id}``, ``.../gaps``,
``.../trends`` and ``.../quality``: the CLI's ``govatlas incidents`` and ``incident``.

Reading the incidents and the rules that cover their risks fits the domain model for
the incidents AIID has not coded (a few seconds on the full corpus), so each server
process does it once per store revision (``AppState.per_revision``). The page leads
with the finding (incident types no binding rule in force covers, and those whose
coverage is not assessed), then the trends, then the incidents, fifty a page.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Annotated, Any, cast

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.i18n import gettext
from govatlas.incidents.domains import DOMAINS
from govatlas.incidents.quality_figures import quality_sentence, shipped_quality
from govatlas.incidents.records import has_incidents
from govatlas.incidents.trends import TrendCell, partial_years, trends, undated
from govatlas.store.taxonomies import concepts_of
from govatlas.web.api_answers import Format, FormatQuery, respond
from govatlas.web.rendering import templates
from govatlas.web.schemas.common import CSV_TOO, ERROR_RESPONSES
from govatlas.web.schemas.incidents import (
    Incident,
    IncidentGaps,
    IncidentList,
    IncidentQuality,
    IncidentTrends,
)
from govatlas.web.state import app_state, db_session

if TYPE_CHECKING:
    from govatlas.incidents.overview import Gap, IncidentView

api_router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)
router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]


def _domain_labels() -> dict[str, str]:
    """The MIT risk domains' names in the reader's language (the API keeps English)."""
    return {code: gettext(label) for code, label in DOMAINS.items()}


PER_PAGE = 50
DomainQuery = Annotated[
    str | None, Query(description="Only this MIT risk domain (1 to 7).", max_length=2)
]
YearQuery = Annotated[
    int | None, Query(description="Only incidents of this year.", ge=1900, le=2100)
]


def _views(request: Request, session: Session) -> list[IncidentView]:
    """Every incident with its domain and rules, newest first, once per store revision."""

    def compute() -> list[IncidentView]:
        if not has_incidents(session):
            return []  # the pages say so; the API answers empty lists
        # the overview fits the domain model (scikit-learn): loaded when first asked for
        overview = importlib.import_module("govatlas.incidents.overview")
        found: list[IncidentView] = overview.incident_views(session)
        found.sort(key=lambda v: (v.incident.date is not None, v.incident.date), reverse=True)
        return found

    return app_state(request).per_revision("incident views", compute, session)


def _gaps(request: Request, session: Session) -> list[Gap]:
    views = _views(request, session)
    overview = importlib.import_module("govatlas.incidents.overview")
    return app_state(request).per_revision(
        "incident gaps", lambda: list(overview.gaps(views)), session
    )


def _trend_cells(views: list[IncidentView]) -> list[TrendCell]:
    predicted = {v.incident.id: v.domain for v in views if v.domain_source == "model" and v.domain}
    return trends([v.incident for v in views], predicted)


def _check_domain(domain: str | None) -> None:
    if domain is not None and domain not in DOMAINS:
        raise InvalidInputError(f"no MIT risk domain {domain!r}", "choose 1 to 7")


def _chosen(views: list[IncidentView], domain: str | None, year: int | None) -> list[IncidentView]:
    _check_domain(domain)
    return [
        v
        for v in views
        if (domain is None or v.domain == domain) and (year is None or v.incident.year == year)
    ]


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """One CSV line per incident: lists joined, the rules as "risk: places"."""
    found = dict(row)
    risks = found.pop("fli_risks")
    found["fli_risks"] = " | ".join(str(r["risk"]) for r in risks)
    found["binding_rules_in_force"] = " | ".join(
        f"{r['risk']}: "
        + (
            "not assessed"
            if r["binding_rules_in_force"] is None
            else ", ".join(sorted(r["binding_rules_in_force"])) or "none"
        )
        for r in risks
    )
    for key, value in list(found.items()):
        if isinstance(value, list):
            found[key] = " | ".join(str(v) for v in value)
    return found


def _trend_row(cell: TrendCell) -> dict[str, Any]:
    return {
        "year": cell.year,
        "mit_domain": cell.domain,
        "label": DOMAINS[cell.domain],
        "coded": cell.coded,
        "predicted": cell.predicted,
        "share": round(cell.share, 3),
        "interval": list(cell.interval) if cell.interval else None,
        "year_total": cell.year_total,
        # the snapshot ends within this year: a partial year, not a full one
        "through": cell.through.isoformat() if cell.through else None,
    }


@api_router.get(
    "/incidents/gaps",
    summary="Incident types and the binding rules that cover them",
    response_model=IncidentGaps,
    responses=CSV_TOO,
)
def incident_gaps(
    request: Request, session: SessionDep, format: FormatQuery = Format.JSON
) -> Response:
    """Per MIT subdomain AIID coded: incidents, the FLI risks it names, and whether
    binding law in force covers them (``covered``, ``not covered``), cannot be said
    (``not assessed``: the risk's classifier is below the precision floor) or the
    subdomain names no FLI risk."""
    rows = [g.as_dict() for g in _gaps(request, session)]
    if format is Format.CSV:
        return respond(
            request,
            None,
            [
                {**r, "fli_risks": " | ".join(map(str, cast(list[str], r["fli_risks"])))}
                for r in rows
            ],
        )
    return respond(request, {"items": rows})


@api_router.get(
    "/incidents/trends",
    summary="Reported incidents by MIT domain and year",
    response_model=IncidentTrends,
    responses=CSV_TOO,
)
def incident_trends(
    request: Request,
    session: SessionDep,
    domain: DomainQuery = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    """One row per year (from 2015) and domain: incidents AIID coded and those the model
    predicted (apart), the domain's share of the year with its 95 % Wilson interval."""
    _check_domain(domain)
    views = _views(request, session)
    rows = [_trend_row(c) for c in _trend_cells(views) if domain is None or c.domain == domain]
    if format is Format.CSV:
        flat = [
            {**r, "interval": "" if r["interval"] is None else "–".join(map(str, r["interval"]))}
            for r in rows
        ]
        return respond(request, None, flat)
    return respond(
        request, {"items": rows, "undated_or_before_2015": undated([v.incident for v in views])}
    )


@api_router.get(
    "/incidents/quality",
    summary="How well incidents are classified",
    response_model=IncidentQuality,
)
def incident_quality(request: Request) -> Response:
    """The domain model's cross-fitted accuracy, macro-F1 and per-domain precision and
    recall against AIID's coding, beside CSET's annotators' agreement (the human
    ceiling), as measured for this release; ``measured: false`` when never measured."""
    return respond(request, shipped_quality())


@api_router.get(
    "/incidents",
    summary="AI incidents, their risks and the rules that cover them",
    response_model=IncidentList,
    responses=CSV_TOO,
)
def list_incidents(
    request: Request,
    session: SessionDep,
    domain: DomainQuery = None,
    year: YearQuery = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    format: FormatQuery = Format.JSON,
) -> Response:
    """The AI Incident Database's incidents (duplicates folded in), newest first: date,
    deployers, developers, MIT domain (AIID's coding, or the model's prediction, marked
    ``model``), the FLI risks its subdomain names and, per risk, the places whose binding
    law in force covers it with the provisions behind it (``null``: not assessed)."""
    chosen = _chosen(_views(request, session), domain, year)
    items = [v.as_dict() for v in chosen[offset : offset + limit]]
    if format is Format.CSV:
        return respond(request, None, [_flat(r) for r in items])
    return respond(request, {"items": items, "total": len(chosen), "offset": offset})


@api_router.get("/incidents/{incident_id}", summary="One incident", response_model=Incident)
def one_incident(request: Request, session: SessionDep, incident_id: int) -> Response:
    """One incident, as in the list."""
    return respond(request, _one(request, session, incident_id).as_dict())


def _one(request: Request, session: Session, incident_id: int) -> IncidentView:
    for view in _views(request, session):
        if view.incident.id == incident_id:
            return view
    raise NotFoundError(
        f"no incident {incident_id} in the store",
        "the incidents page lists them (duplicates are folded into their original)",
    )


def _years(cells: list[TrendCell]) -> list[int]:
    return sorted({c.year for c in cells})


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request,
    session: SessionDep,
    domain: Annotated[str | None, Query(max_length=2)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    views = _views(request, session)
    domain = domain or None
    chosen = _chosen(views, domain, year)
    cells = _trend_cells(views)
    years = _years(cells)[-8:]
    grid = {(c.domain, c.year): c for c in cells}
    pages = max(1, -(-len(chosen) // PER_PAGE))
    context: dict[str, Any] = {
        "total": len(views),
        "chosen": chosen[(page - 1) * PER_PAGE : page * PER_PAGE],
        "matching": len(chosen),
        "page": page,
        "pages": pages,
        "domain": domain or "",
        "year": year or "",
        "domains": _domain_labels(),
        "gaps": _gaps(request, session),
        # names, not codes: "7.3 Lack of capability or robustness", "Bias"
        "subdomain_names": importlib.import_module("govatlas.incidents.overview").subdomain_names(
            session
        ),
        "risk_labels": {c.notation: c.pref_label for c in concepts_of(session, "fli-risks")},
        "years": years,
        "partial": partial_years(cells),
        "grid": grid,
        "predicted": sum(1 for v in views if v.domain_source == "model"),
        "quality": quality_sentence(),
    }
    return templates.TemplateResponse(request, "incidents.html", context)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, session: SessionDep, incident_id: int) -> Response:
    view = _one(request, session, incident_id)
    context = {
        "view": view,
        "domains": _domain_labels(),
        "quality": quality_sentence(),
    }
    return templates.TemplateResponse(request, "incident.html", context)
