"""The JSON API, ``/api/v1``: instruments, their provisions and versions, technologies,
jurisdictions, taxonomies and concepts (the store's read models, paginated, cacheable,
exportable). How every part answers is ``web.api_answers``; search, comparison and
coverage are ``web.api_analysis``; labels, relationships and their reviews
``web.api_reviews``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from govatlas.analytics.technology import instrument_counts
from govatlas.classify.measured.shipped import PRECISION_FLOOR
from govatlas.store.instruments import (
    jurisdiction_names,
)
from govatlas.store.models import Jurisdiction
from govatlas.store.paging import count_rows, rows_after
from govatlas.tabular import with_name_columns
from govatlas.vocabulary import (
    Binding,
    InstrumentType,
    JurisdictionKind,
    Status,
)
from govatlas.web import jurisdiction_views, queries, taxonomy_views, text_views
from govatlas.web.api_answers import (
    MAX_ID,
    Cursor,
    Format,
    FormatQuery,
    Id,
    Limit,
    SessionDep,
    cursor_int,
    decode_cursor,
    encode_cursor,
    page,
    respond,
    years_in_order,
)
from govatlas.web.schemas.common import CSV_TOO, ERROR_RESPONSES, Page
from govatlas.web.schemas.instruments import InstrumentDetail, InstrumentSummary, Technologies
from govatlas.web.schemas.places import JurisdictionDetail, JurisdictionSummary
from govatlas.web.schemas.provisions import ProvisionDetail, ReadingPage
from govatlas.web.schemas.taxonomies import ConceptDetail, Concepts, Taxonomies

router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)


@router.get(
    "/instruments",
    summary="List instruments",
    response_model=Page[InstrumentSummary],
    responses=CSV_TOO,
)
def list_instruments(
    request: Request,
    session: SessionDep,
    jurisdiction: Annotated[str | None, Query(max_length=32)] = None,
    type: InstrumentType | None = None,
    binding: Binding | None = None,
    status: Status | None = None,
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    concept: Annotated[str | None, Query(max_length=160)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in the title or id.")] = None,
    technology: Annotated[
        str | None,
        Query(
            max_length=160,
            description="A technology (see /technologies): instruments whose provisions carry "
            "it, by people's labels or by a classifier measured to the precision floor.",
        ),
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    years_in_order(year_from, year_to)
    filters = queries.InstrumentFilters(
        jurisdiction=jurisdiction,
        type=type,
        binding=binding,
        status=status,
        year_from=year_from,
        year_to=year_to,
        text=q,
        concept=concept,
        technology=technology,
    )
    after = decode_cursor(cursor)
    items, next_key, total = queries.instruments_page(
        session, filters, str(after) if after else None, limit
    )
    if format is Format.CSV:  # the place's name beside its code
        places = jurisdiction_names(session, {i["jurisdiction"] for i in items})
        items = with_name_columns(items, {"jurisdiction": places})
    return page(request, items, next_key, total, format, queries.filter_note(concept))


@router.get(
    "/technologies",
    summary="The technologies, measured or not, with instrument counts",
    response_model=Technologies,
)
def list_technologies(request: Request, session: SessionDep) -> Response:
    """Each technology with its classifier's figures; ``instruments`` is a headline count
    only for a measured one, and ``null`` for an unmeasured one (never 0), whose
    ``instruments_from_people`` counts what people labelled or accepted.
    ``instruments_low``–``instruments_high`` is the headline's 95% interval
    (docs/coverage-intervals.md), null without a headline."""
    items = []
    for count in instrument_counts(session):
        technology, quality = count.technology, count.technology.quality
        items.append(
            {
                "id": technology.notation,
                "concept": technology.concept_id,
                "label": technology.label,
                "measured": technology.measured,
                "note": technology.note,
                "measured_on": list(technology.measured_on),
                "precision": quality.precision if quality else None,
                "recall": quality.recall if quality else None,
                "test_positives": quality.test_positives if quality else 0,
                "instruments": count.headline,
                "instruments_low": count.low,
                "instruments_high": count.high,
                "instruments_assessed": count.assessed,
                "instruments_from_people": None if technology.measured else len(count.instruments),
            }
        )
    return respond(request, {"items": items, "precision_floor": PRECISION_FLOOR})


@router.get(
    "/instruments/{instrument_id}",
    summary="One instrument with events, versions, labels",
    response_model=InstrumentDetail,
)
def get_instrument(request: Request, session: SessionDep, instrument_id: str) -> Response:
    return respond(request, queries.instrument_detail(session, instrument_id))


@router.get(
    "/instruments/{instrument_id}/provisions",
    summary="An instrument's provisions",
    response_model=ReadingPage,
    responses=CSV_TOO,
)
def list_provisions(
    request: Request,
    session: SessionDep,
    instrument_id: str,
    version: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Version id; default newest.")
    ] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    reading = text_views.reading_provisions(session, instrument_id, version)
    start = cursor_int(decode_cursor(cursor) or 0)
    items = reading["provisions"][start : start + limit]
    rows = [{k: v for k, v in p.items() if k not in ("labels", "relations")} for p in items]
    more = start + limit < len(reading["provisions"])
    if format is Format.CSV:
        return respond(request, None, rows)
    return respond(
        request,
        {
            "version": reading["version"],
            "items": items,
            "next_cursor": encode_cursor(start + limit) if more else None,
            "total": len(reading["provisions"]),
        },
    )


@router.get(
    "/provisions/{provision_id}",
    summary="One provision with its relationships",
    response_model=ProvisionDetail,
)
def get_provision(request: Request, session: SessionDep, provision_id: Id) -> Response:
    return respond(request, text_views.provision_detail(session, provision_id))


@router.get(
    "/jurisdictions",
    summary="List jurisdictions",
    response_model=Page[JurisdictionSummary],
    responses=CSV_TOO,
)
def list_jurisdictions(
    request: Request,
    session: SessionDep,
    kind: JurisdictionKind | None = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    after = decode_cursor(cursor)
    filters = {Jurisdiction.kind: kind or None}
    rows, last = rows_after(session, Jurisdiction, filters, str(after) if after else None, limit)
    items = [
        {
            "id": j.id,
            "name": j.name,
            "kind": j.kind.value,
            "parent": j.parent_id,
            "iso_alpha2": j.iso_alpha2,
            "iso_numeric": j.iso_numeric,
        }
        for j in rows
    ]
    next_key = str(last) if last is not None else None
    if format is Format.CSV:
        parents = jurisdiction_names(session, {i["parent"] for i in items if i["parent"]})
        items = with_name_columns(items, {"parent": parents})
    return page(request, items, next_key, count_rows(session, Jurisdiction, filters), format)


@router.get(
    "/jurisdictions/{jurisdiction_id}",
    summary="A jurisdiction with its instruments and events",
    response_model=JurisdictionDetail,
)
def get_jurisdiction(request: Request, session: SessionDep, jurisdiction_id: str) -> Response:
    return respond(request, jurisdiction_views.jurisdiction_detail(session, jurisdiction_id))


@router.get("/taxonomies", summary="List taxonomies", response_model=Taxonomies)
def list_taxonomies(request: Request, session: SessionDep) -> Response:
    return respond(request, {"items": taxonomy_views.taxonomies(session)})


@router.get(
    "/taxonomies/{taxonomy_id}/concepts",
    summary="A taxonomy's concepts",
    response_model=Concepts,
    responses=CSV_TOO,
)
def list_concepts(
    request: Request, session: SessionDep, taxonomy_id: str, format: FormatQuery = Format.JSON
) -> Response:
    rows = taxonomy_views.concept_rows(session, taxonomy_id)
    if format is Format.CSV:
        return respond(request, None, rows)
    return respond(request, {"items": rows})


@router.get(
    "/concepts/{concept_id}",
    summary="A concept with mappings and covering instruments",
    response_model=ConceptDetail,
)
def get_concept(request: Request, session: SessionDep, concept_id: str) -> Response:
    return respond(request, taxonomy_views.concept_detail(session, concept_id))
