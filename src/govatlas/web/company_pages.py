"""Companies: FMTI scores by edition, a company's profile, its comparable trend and readiness."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from govatlas.errors import NotFoundError
from govatlas.industry.concepts import indicator_concepts
from govatlas.industry.disclosure_absence import ABSENCE_QUALITY
from govatlas.industry.profiles import edition_totals, get_organisation, profile, trend
from govatlas.industry.readiness import readiness
from govatlas.registry.compliance import commitments_of, matching_parties
from govatlas.registry.visibility import PUBLIC
from govatlas.store.industry import assessed_frameworks, organisations
from govatlas.store.industry import frameworks_by_publication as editions
from govatlas.web.rendering import templates
from govatlas.web.state import db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]


@router.get("/companies", response_class=HTMLResponse)
def companies_page(request: Request, session: SessionDep) -> Response:
    known = [f.id for f in editions(session)]
    totals = edition_totals(session)
    rows = [
        {"id": org.id, "name": org.name, "scores": totals.get(org.id, {})}
        for org in organisations(session)
    ]
    context = {"editions": editions(session), "known": known, "rows": rows}
    return templates.TemplateResponse(request, "companies.html", context)


@router.get("/companies/{organisation}", response_class=HTMLResponse)
def company_page(
    request: Request,
    session: SessionDep,
    organisation: str,
    edition: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    org = get_organisation(session, organisation)
    found = profile(session, org.id, edition)
    line = trend(session, org.id)
    assessed = assessed_frameworks(session, org.id)
    parties = matching_parties(session, [org.id, *(org.aliases or [])], [org.name])
    context = {
        # the registry's public view: this page is the same for everyone
        "commitments": commitments_of(session, PUBLIC, parties),
        "concepts": indicator_concepts(session, [s.indicator.id for s in found.scores]),
        "org": org,
        "profile": found,
        "trend": line,
        "assessed": assessed,
        "known": [f.id for f in editions(session)],
    }
    return templates.TemplateResponse(request, "company.html", context)


@router.get("/companies-compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    session: SessionDep,
    org: Annotated[list[str], Query(max_length=100)] = [],  # noqa: B006 - FastAPI reads it
    edition: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    known = editions(session)
    wanted = edition or (known[-1].id if known else None)
    profiles, missing = [], []
    for wanted_org in org[:8] if wanted else []:
        try:
            profiles.append(profile(session, wanted_org, wanted))
        except NotFoundError:
            missing.append(wanted_org)  # not assessed in this edition (or unknown)
    parts = list(profiles[0].by_subdomain()) if profiles else []
    context = {
        "editions": known,
        "edition": wanted,
        "organisations": organisations(session),
        "chosen": [p.organisation.id for p in profiles],
        "profiles": profiles,
        "missing": missing,
        "parts": parts,
    }
    return templates.TemplateResponse(request, "companies_compare.html", context)


@router.get("/companies/{organisation}/readiness", response_class=HTMLResponse)
def readiness_page(
    request: Request,
    session: SessionDep,
    organisation: str,
    regulation: Annotated[str, Query(max_length=60)] = "eu-ai-act-gpai",
    edition: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    found = readiness(session, organisation, regulation, edition)
    context = {"r": found, "absence": ABSENCE_QUALITY}
    return templates.TemplateResponse(request, "readiness.html", context)
