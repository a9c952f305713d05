"""The taxonomy and concept pages: each taxonomy's concepts with how many instruments
measurably cover them, and one concept with its definition, its coverage across the
world, its evidence provisions and the instruments that cover it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from govatlas.analytics.coverage import STATE_LABELS, coverage
from govatlas.analytics.coverage_intervals import COUNTED_STATES, COVERED, CoverageIntervals
from govatlas.catalog.jurisdictions import un_member_states
from govatlas.classify.measured.experimental import EXPERIMENTAL_BELOW
from govatlas.classify.measured.shipped import shipped_quality
from govatlas.i18n import gettext
from govatlas.store.instruments import (
    concept_names,
    instrument_names,
    jurisdiction_names,
)
from govatlas.web import label_views, queries, taxonomy_views
from govatlas.web.instrument_table import (
    table_or_first_page,
)
from govatlas.web.rendering import templates
from govatlas.web.state import db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


EVIDENCE_SHOWN = 60  # evidence provisions listed on a concept page; the API lists all
TABLE_PAGE_SIZE = 25  # instruments a concept page lists at a time


@router.get("/taxonomies", response_class=HTMLResponse)
def taxonomies_page(request: Request, session: SessionDep) -> Response:
    return render(request, "taxonomies.html", {"taxonomies": taxonomy_views.taxonomies(session)})


@router.get("/taxonomies/{taxonomy_id}", response_class=HTMLResponse)
def taxonomy_page(request: Request, session: SessionDep, taxonomy_id: str) -> Response:
    concepts = taxonomy_views.concept_rows(session, taxonomy_id)
    found = next(t for t in taxonomy_views.taxonomies(session) if t["id"] == taxonomy_id)
    context = {
        "taxonomy": found,
        "concepts": concepts,
        "quality": label_views.label_qualities().get(taxonomy_id),
        # the provision classifier's figures per concept (notation), when one is shipped
        "measured": shipped_quality(taxonomy_id),
        "experimental_below": EXPERIMENTAL_BELOW,
    }
    return render(request, "taxonomy.html", context)


def concept_coverage(session: Session, taxonomy: str, notation: str) -> dict[str, Any] | None:
    """The concept's coverage counts over the UN Member States, each with its 95% interval;
    None for a taxonomy without a shipped provision classifier (coverage is not read
    from it)."""
    if not shipped_quality(taxonomy):
        return None
    members = sorted(un_member_states())
    result = coverage(session, taxonomy, rows=members)
    intervals = CoverageIntervals(result, members)
    counts = [
        (
            gettext("covered by any instrument")
            if state == COVERED
            else gettext(STATE_LABELS[state]),
            intervals.interval(notation, state),
        )
        for state in COUNTED_STATES
    ]
    assessed = counts[0][1].assessed
    # Member States whose binding law in force on it comes only through membership (EU
    # law in its member states, a treaty for its parties): said beside the count
    in_force = [result.cell(m, notation) for m in members]
    in_force = [c for c in in_force if c.state == "binding-in-force" and c.assessed]
    through = [c for c in in_force if c.instruments and set(c.instruments) <= set(c.via)]
    via_instruments = sorted({i for c in through for i in c.via})
    return {
        "members": len(members),
        "assessed": assessed,
        "through_membership": len(through),
        "through_names": [
            result.instruments[i].name if i in result.instruments else i for i in via_instruments
        ],
        "not_assessed": len(members) - assessed,
        "experimental": not intervals.measured(notation),
        "note": result.method_notes.get(notation, "no measured classifier"),
        "counts": counts,
    }


@router.get("/concepts/{concept_id}", response_class=HTMLResponse)
def concept_page(
    request: Request,
    session: SessionDep,
    concept_id: str,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: Annotated[str | None, Query(max_length=40)] = None,
    dir: Annotated[str | None, Query(max_length=10)] = None,
    page: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    detail = taxonomy_views.concept_detail(session, concept_id, EVIDENCE_SHOWN)
    params = {"q": q, "sort": sort, "dir": dir}
    filters = queries.InstrumentFilters(concept=concept_id, text=(q or "").strip() or None)
    table, order, message = table_or_first_page(session, filters, sort, dir, page, TABLE_PAGE_SIZE)
    context = {
        "c": detail,
        "params": params,
        "message": message,
        "table": table,
        "order": order,
        "coverage": concept_coverage(session, detail["taxonomy"], detail["notation"]),
        "places": jurisdiction_names(session, {i["jurisdiction"] for i in table.items}),
        "names": instrument_names(session, {p["instrument"] for p in detail["provisions"]}),
        "concepts": concept_names(
            session, {detail["parent"] or "", *(m["concept"] for m in detail["mappings"])}
        ),
    }
    return render(request, "concept.html", context)
