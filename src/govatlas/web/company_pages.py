"""Companies: FMTI scores by edition, a company's profile, its comparable trend and readiness."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.industry.concepts import indicator_concepts
from govatlas.industry.profiles import editions, get_organisation, profile, trend
from govatlas.store.models import Assessment, Indicator, Organisation
from govatlas.vocabulary import AssessmentMethod
from govatlas.web.rendering import templates
from govatlas.web.state import db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]


@router.get("/companies", response_class=HTMLResponse)
def companies_page(request: Request, session: SessionDep) -> Response:
    known = [f.id for f in editions(session)]
    totals = session.execute(
        select(Assessment.organisation_id, Indicator.framework_id, func.sum(Assessment.score))
        .join(Indicator, Indicator.id == Assessment.indicator_id)
        .where(Assessment.method == AssessmentMethod.HUMAN)
        .group_by(Assessment.organisation_id, Indicator.framework_id)
    ).all()
    rows: dict[str, dict[str, Any]] = {
        org.id: {"id": org.id, "name": org.name, "scores": {}}
        for org in session.scalars(select(Organisation).order_by(Organisation.name))
    }
    for org, edition, total in totals:
        rows[org]["scores"][edition] = int(total or 0)
    context = {"editions": editions(session), "known": known, "rows": list(rows.values())}
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
    assessed = sorted(
        set(
            session.scalars(
                select(Indicator.framework_id)
                .join(Assessment, Assessment.indicator_id == Indicator.id)
                .where(Assessment.organisation_id == org.id)
            )
        )
    )
    context = {
        "concepts": indicator_concepts(session, [s.indicator.id for s in found.scores]),
        "org": org,
        "profile": found,
        "trend": line,
        "assessed": assessed,
        "known": [f.id for f in editions(session)],
    }
    return templates.TemplateResponse(request, "company.html", context)
