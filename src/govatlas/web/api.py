"""The JSON API, ``/api/v1``: the store's read models, paginated, cacheable, exportable.

Lists page with an opaque cursor (``next_cursor``; pass it back as ``cursor``)
and ``limit`` (at most 500). Every GET answer carries an ETag and honours
``If-None-Match``. List endpoints also answer ``format=csv``. Writes (reviews)
need the machine token (``Authorization: Bearer <GOVATLAS_API_TOKEN>``) or a
signed-in reviewer's session with its CSRF value in ``X-CSRF-Token``; each names
the review version it saw (``version``), and a stale one is answered 409.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from govatlas.analytics.compare import Comparison, compare_instruments
from govatlas.analytics.coverage import STATE_LABELS, coverage
from govatlas.analytics.coverage_intervals import (
    COUNTED_LABELS,
    CoverageIntervals,
    counted_rows,
)
from govatlas.analytics.divergence import divergence, divergence_record
from govatlas.analytics.technology import instrument_counts
from govatlas.catalog.model import YearRange
from govatlas.classify.embeddings import EmbeddingModel, get_embedder
from govatlas.classify.labelling import review as review_label
from govatlas.classify.provision_quality import PRECISION_FLOOR
from govatlas.classify.semantic_search import hybrid_search, semantic_search
from govatlas.crosswalk.review_queue import review_suggestion
from govatlas.errors import GovatlasError, InvalidInputError
from govatlas.horizon.recent import recent_changes
from govatlas.spreadsheet_cells import dict_writer
from govatlas.store.contention import retrying
from govatlas.store.decisions import Reviewer as WriteReviewer
from govatlas.store.instruments import (
    concept_names,
    instrument_names,
    jurisdiction_names,
    provision_names,
)
from govatlas.store.models import Jurisdiction, Label, Relationship
from govatlas.store.paging import rows_after
from govatlas.store.search import SearchFilters, SearchResult, search_provisions
from govatlas.tabular import with_name_columns
from govatlas.vocabulary import (
    Binding,
    InstrumentType,
    JurisdictionKind,
    LabelMethod,
    RelationshipMethod,
    RelationshipType,
    ReviewStatus,
    Status,
)
from govatlas.web import jurisdiction_views, label_views, queries, taxonomy_views, text_views
from govatlas.web.auth import require_api_write
from govatlas.web.response_shapes import checked
from govatlas.web.schemas.analysis import ComparedInstruments, CoverageCounts, CoverageGrid
from govatlas.web.schemas.changes import Changes
from govatlas.web.schemas.common import CSV_TOO, ERROR_RESPONSES, Page
from govatlas.web.schemas.instruments import InstrumentDetail, InstrumentSummary, Technologies
from govatlas.web.schemas.labels import LabelRow
from govatlas.web.schemas.places import JurisdictionDetail, JurisdictionSummary
from govatlas.web.schemas.provisions import ProvisionDetail, ReadingPage
from govatlas.web.schemas.relationships import RelationshipRow
from govatlas.web.schemas.releases import Release
from govatlas.web.schemas.reviews import LabelReviewed, RelationshipReviewed
from govatlas.web.schemas.search import SearchAnswer
from govatlas.web.schemas.taxonomies import ConceptDetail, Concepts, Taxonomies
from govatlas.web.state import app_state, db_session

router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)
SessionDep = Annotated[Session, Depends(db_session)]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]
MAX_ID = 2**31 - 1  # ids are 32-bit INTEGER columns (PostgreSQL)
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="A numeric id from this API.")]
Cursor = Annotated[str | None, Query(max_length=400, description="`next_cursor` of the last page.")]


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


FormatQuery = Annotated[Format, Query(description="json (default) or csv.")]


def encode_cursor(value: str | int | None) -> str | None:
    if value is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


MAX_CURSOR_KEY = 200  # characters of a string key (ids are far shorter)


def decode_cursor(cursor: str | None) -> Any:
    """The key a cursor carries: a non-negative 32-bit int or a short printable string.

    Anything else, however it was crafted, is a 400: a cursor is data from the client.
    """
    if not cursor:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError("not a cursor value")
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            raise ValueError("out of range")
        if isinstance(value, str) and (
            len(value) > MAX_CURSOR_KEY or not value.isprintable() or not value
        ):
            raise ValueError("not a key this API gives")
        return value
    except (binascii.Error, ValueError, UnicodeError, RecursionError):
        raise InvalidInputError(
            f"cursor {cursor[:40]!r} is not one this API gave", "start again without it"
        ) from None


def _int(value: Any) -> int:
    if isinstance(value, int):
        return value
    # isdecimal alone accepts other scripts' digits ("²", "٣") that int() may refuse
    if isinstance(value, str) and value.isascii() and value.isdecimal() and int(value) <= MAX_ID:
        return int(value)
    raise InvalidInputError("this cursor belongs to another list", "start again without it")


def _keyset_page(
    session: Session,
    model: type[Label] | type[Relationship],
    filters: dict[Any, Any],
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], int | None]:
    """Rows of ``model`` matching ``filters`` (None = no filter) after the cursor's id."""
    after = decode_cursor(cursor)
    rows, last = rows_after(session, model, filters, _int(after) if after else None, limit)
    return rows, int(str(last)) if last is not None else None


def csv_text(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV, with a column for every key any row has (in order of first
    appearance; empty where a row lacks it), lists and objects as JSON."""
    out = io.StringIO()
    if rows:
        columns = list(dict.fromkeys(key for row in rows for key in row))
        writer = dict_writer(out, columns, restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in row.items()}
            )
    return out.getvalue()


def _declared_model(request: Request) -> type[BaseModel] | None:
    """The pydantic model the answering operation declares (``response_model``)."""
    route = request.scope.get("route")
    model = getattr(route, "response_model", None)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def respond(request: Request, data: Any, csv_rows: list[dict[str, Any]] | None = None) -> Response:
    """JSON (or CSV) with a content ETag; 304 when the client already has it.

    JSON is checked against the model the operation declares (``web.response_shapes``).
    """
    if csv_rows is not None:
        body, media = csv_text(csv_rows).encode(), "text/csv; charset=utf-8"
    else:
        body = json.dumps(data, ensure_ascii=False, default=str).encode()
        media = "application/json"
        model = _declared_model(request)
        if model is not None:
            checked(model, body, app_state(request).api_shapes, request.url.path)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(body, media_type=media, headers={"ETag": etag, "Cache-Control": "no-cache"})


def page(
    request: Request, items: list[dict[str, Any]], next_key: Any, total: int, fmt: Format
) -> Response:
    if fmt is Format.CSV:
        return respond(request, None, items)
    return respond(
        request, {"items": items, "next_cursor": encode_cursor(next_key), "total": total}
    )


def _years(year_from: int | None, year_to: int | None) -> None:
    if year_from and year_to and year_from > year_to:
        raise InvalidInputError(f"year_from {year_from} is after year_to {year_to}")


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
    _years(year_from, year_to)
    filters = queries.InstrumentFilters(
        jurisdiction, type, binding, status, year_from, year_to, concept, q, technology
    )
    after = decode_cursor(cursor)
    items, next_key, total = queries.instruments_page(
        session, filters, str(after) if after else None, limit
    )
    if format is Format.CSV:  # the place's name beside its code
        places = jurisdiction_names(session, {i["jurisdiction"] for i in items})
        items = with_name_columns(items, {"jurisdiction": places})
    return page(request, items, next_key, total, format)


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
    start = _int(decode_cursor(cursor) or 0)
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
    rows, last = rows_after(
        session,
        Jurisdiction,
        {Jurisdiction.kind: kind or None},
        str(after) if after else None,
        limit,
    )
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
    return page(request, items, next_key, -1, format)


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


@router.get(
    "/labels",
    summary="List labels",
    response_model=Page[LabelRow],
    responses=CSV_TOO,
)
def list_labels(
    request: Request,
    session: SessionDep,
    concept: Annotated[str | None, Query(max_length=160)] = None,
    instrument: Annotated[str | None, Query(max_length=120)] = None,
    method: LabelMethod | None = None,
    review_status: ReviewStatus | None = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    rows, next_key = _keyset_page(
        session,
        Label,
        {
            Label.concept_id: concept,
            Label.instrument_id: instrument,
            Label.method: method,
            Label.review_status: review_status,
        },
        cursor,
        limit,
    )
    notes = label_views.experimental_notes(session, rows)
    measures = label_views.label_measures(session, rows)
    items = [
        {
            "id": label.id,
            "concept": label.concept_id,
            "instrument": label.instrument_id,
            "provision": label.provision_id,
            "score": label.score,
            "method": label.method.value,
            "model": label.model_id,
            "review_status": label.review_status.value,
            "experimental": notes.get(label.id, ""),
        }
        | measures.get(label.id, {})  # the label's identity first, then its measured quality
        for label in rows
    ]
    if format is Format.CSV:  # names beside the ids, for a spreadsheet's reader
        items = with_name_columns(
            items,
            {
                "concept": concept_names(session, {r.concept_id for r in rows}),
                "instrument": instrument_names(session, {r.instrument_id or "" for r in rows}),
                "provision": provision_names(session, {r.provision_id or 0 for r in rows}),
            },
        )
    return page(request, items, next_key, -1, format)


@router.get(
    "/relationships",
    summary="List relationships between provisions or concepts",
    response_model=Page[RelationshipRow],
    responses=CSV_TOO,
)
def list_relationships(
    request: Request,
    session: SessionDep,
    type: RelationshipType | None = None,
    method: RelationshipMethod | None = None,
    review_status: ReviewStatus | None = None,
    citation: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    rows, next_key = _keyset_page(
        session,
        Relationship,
        {
            Relationship.type: type,
            Relationship.method: method,
            Relationship.review_status: review_status,
            Relationship.citation: citation,
        },
        cursor,
        limit,
    )
    items = [
        {
            "id": r.id,
            "source_provision": r.source_provision_id,
            "source_concept": r.source_concept_id,
            "target_provision": r.target_provision_id,
            "target_concept": r.target_concept_id,
            "type": r.type.value,
            "rationale_kind": r.rationale_kind.value if r.rationale_kind else None,
            "rationale": r.rationale,
            "confidence": r.confidence,
            "method": r.method.value,
            "author": r.author,
            "review_status": r.review_status.value,
            "citation": r.citation,
        }
        for r in rows
    ]
    if format is Format.CSV:  # what each end is, beside its id
        provisions = provision_names(
            session, {p or 0 for r in rows for p in (r.source_provision_id, r.target_provision_id)}
        )
        concepts = concept_names(
            session, {c or "" for r in rows for c in (r.source_concept_id, r.target_concept_id)}
        )
        ends: dict[str, Mapping[Any, str]] = {"provision": provisions, "concept": concepts}
        items = with_name_columns(
            items, {f"{side}_{kind}": ends[kind] for side in ("source", "target") for kind in ends}
        )
    return page(request, items, next_key, -1, format)


class SearchMode(StrEnum):
    FULLTEXT = "fulltext"
    SEMANTIC = "semantic"
    HYBRID = "hybrid"


def run_search(
    request: Request,
    session: Session,
    q: str,
    mode: SearchMode,
    filters: SearchFilters,
    limit: int,
    offset: int,
    model: EmbeddingModel = EmbeddingModel.MINILM,
) -> SearchResult:
    """The same search for the API and the page; semantic modes use the cached matrix."""
    if mode is SearchMode.FULLTEXT:
        table = app_state(request).ranking(session)
        return search_provisions(session, q, filters, limit, offset, table=table)
    embedder = get_embedder(model)
    matrix = app_state(request).matrix(session, embedder)
    search = semantic_search if mode is SearchMode.SEMANTIC else hybrid_search
    return search(session, q, embedder, filters, limit=limit + offset, matrix=matrix)


def search_filters(
    jurisdiction: str | None,
    type: InstrumentType | None,
    binding: Binding | None,
    year_from: int | None,
    year_to: int | None,
    concept: str | None,
) -> SearchFilters:
    _years(year_from, year_to)
    years = YearRange(year_from or 1900, year_to or 2100) if (year_from or year_to) else None
    return SearchFilters(jurisdiction or None, type, binding, years, concept or None)


@router.get(
    "/search",
    summary="Search provisions (full text, semantic or hybrid)",
    response_model=SearchAnswer,
    responses=CSV_TOO,
)
def search(
    request: Request,
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=1000)],
    mode: SearchMode = SearchMode.FULLTEXT,
    model: Annotated[
        EmbeddingModel,
        Query(description="Embedding model of the semantic and hybrid modes"),
    ] = EmbeddingModel.MINILM,
    jurisdiction: Annotated[str | None, Query(max_length=32)] = None,
    type: InstrumentType | None = None,
    binding: Binding | None = None,
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    concept: Annotated[str | None, Query(max_length=160)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    format: FormatQuery = Format.JSON,
) -> Response:
    filters = search_filters(jurisdiction, type, binding, year_from, year_to, concept)
    result = run_search(request, session, q, mode, filters, limit, offset, model)
    hits = result.hits if mode is SearchMode.FULLTEXT else result.hits[offset:]
    items = [h.__dict__ for h in hits]
    if format is Format.CSV:  # the place's name beside its code, for a spreadsheet's reader
        places = jurisdiction_names(session, {h.jurisdiction for h in hits})
        named = [i | {"jurisdiction_name": places.get(i["jurisdiction"], "")} for i in items]
        return respond(request, None, named)
    body = {"query": q, "mode": mode.value, "total": result.total, "items": items}
    if mode is not SearchMode.FULLTEXT:
        body["model"] = model.value
    return respond(request, body)


def comparison_view(result: Comparison, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    def ref(p: Any) -> dict[str, Any]:
        return {
            "id": p.id,
            "instrument": p.instrument,
            "path": p.path,
            "heading": p.heading,
            "excerpt": p.excerpt,
        }

    def pair(p: Any) -> dict[str, Any]:
        return {
            "a": ref(p.a),
            "b": ref(p.b),
            "type": p.type.value,
            "method": p.method.value,
            "review_status": p.review_status.value,
            "confidence": p.confidence,
            "relationship": p.relationship_id,
            "suggested": p.suggested,
            "forward": p.forward,
            "level": "unit" if p.unit_level else "concept",
        }

    return {
        "a": result.a,
        "b": result.b,
        "a_units": len(result.a_units),
        "b_units": len(result.b_units),
        "a_matched": len(result.matched_a),
        "b_matched": len(result.matched_b),
        # no relationship at all: which units correspond is not assessed (never "0 of N")
        "linked": bool(result.unit_links or result.concept_links or result.unlisted_suggestions),
        "overlaps": [pair(p) for p in result.overlaps],
        "suggestions": sum(p.suggested for p in result.overlaps),
        "concept_level": len(result.concept_level),
        "unlisted_suggestions": result.unlisted_suggestions,
        "conflicts": [pair(p) for p in result.conflicts],
        "only_a": [ref(u) for u in result.only_a],
        "only_b": [ref(u) for u in result.only_b],
        "a_name": (names or {}).get(result.a, result.a),
        "b_name": (names or {}).get(result.b, result.b),
        "divergence": divergence_record(divergence(result)),
    }


@router.get("/compare", summary="Two instruments side by side", response_model=ComparedInstruments)
def compare(
    request: Request,
    session: SessionDep,
    a: Annotated[str, Query(min_length=1, max_length=120)],
    b: Annotated[str, Query(min_length=1, max_length=120)],
    human_only: bool = False,
) -> Response:
    result = compare_instruments(session, a, b, human_only)
    return respond(request, comparison_view(result, instrument_names(session, [a, b])))


class CoverageBy(StrEnum):
    JURISDICTION = "jurisdiction"
    INSTRUMENT = "instrument"


INTERVALS_NOTE = (
    "count_low and count_high: a 95% interval for the true count, simulated from the "
    "classifier's measured precision and recall (docs/coverage-intervals.md); null for "
    "experimental concepts (no classifier measured to the precision floor)."
)


def _counted_over(by: CoverageBy, rows: list[str]) -> dict[str, object]:
    kind = "instruments" if by is CoverageBy.INSTRUMENT else "UN Member States"
    return {"rows": kind, "size": len(rows)}


@router.get(
    "/coverage",
    summary="Every UN Member State (or instrument) x concept, with one coverage state per cell",
    response_model=CoverageGrid,
    responses=CSV_TOO,
)
def coverage_cells(
    request: Request,
    session: SessionDep,
    taxonomy: Annotated[str, Query(min_length=1, max_length=64)] = "fli-blocks",
    by: CoverageBy = CoverageBy.JURISDICTION,
    format: FormatQuery = Format.JSON,
) -> Response:
    """States: binding-in-force, binding-adopted, binding-proposed, non-binding, absent
    (assessed, not found) or not-assessed (no text or no measured method); "via" lists
    the instruments that apply through membership (EU law, treaties, endorsements).
    Each concept carries its counts over the UN Member States (or instruments) assessed,
    with 95% intervals (``count_low``, ``count_high``; null when experimental)."""
    result = coverage(session, taxonomy, by.value)
    names = {i: f.name for i, f in result.instruments.items()}
    rows = []
    for key in result.rows:
        for concept, _ in result.concepts:
            cell = result.cell(key, concept)
            rows.append(
                {
                    "row": key,
                    "name": result.row_names.get(key, key),
                    "concept": concept,
                    "state": cell.state,
                    "instruments": cell.instruments,
                    "instrument_names": [names.get(i, i) for i in cell.instruments],
                    "via": cell.via,
                    "via_names": [names.get(i, i) for i in cell.via],
                }
            )
    if format is Format.CSV:
        return respond(request, None, rows)
    counted = counted_rows(result, by.value)
    intervals = CoverageIntervals(result, counted)
    return respond(
        request,
        {
            "taxonomy": taxonomy,
            "by": by.value,
            "states": STATE_LABELS,
            "counted_over": _counted_over(by, counted),
            "intervals": INTERVALS_NOTE,
            "concepts": [
                {
                    "id": cid,
                    "label": name,
                    "labels_measured": result.method_notes.get(cid, "no measured classifier"),
                    "experimental": not intervals.measured(cid),
                    "counts": {
                        state: intervals.interval(cid, state).fields() for state in COUNTED_LABELS
                    },
                }
                for cid, name in result.concepts
            ],
            "items": rows,
        },
    )


@router.get(
    "/coverage/counts",
    summary="Per concept, how many UN Member States (or instruments) each state covers, "
    "with 95% intervals",
    response_model=CoverageCounts,
    responses=CSV_TOO,
)
def coverage_counts(
    request: Request,
    session: SessionDep,
    taxonomy: Annotated[str, Query(min_length=1, max_length=64)] = "fli-blocks",
    by: CoverageBy = CoverageBy.JURISDICTION,
    format: FormatQuery = Format.JSON,
) -> Response:
    """One item per concept and state (the four covering states, and ``covered``: any of
    them): ``count`` of the ``assessed`` rows, ``count_low``–``count_high`` its 95%
    interval and ``count_median`` the simulation's median (docs/coverage-intervals.md).
    Experimental concepts have ``experimental: true`` and null intervals; rows not
    assessed are in ``population`` but never in ``assessed``."""
    result = coverage(session, taxonomy, by.value)
    counted = counted_rows(result, by.value)
    items = CoverageIntervals(result, counted).records()
    if format is Format.CSV:
        return respond(request, None, items)
    return respond(
        request,
        {
            "taxonomy": taxonomy,
            "by": by.value,
            "counted_over": _counted_over(by, counted),
            "states": COUNTED_LABELS,
            "intervals": INTERVALS_NOTE,
            "items": items,
        },
    )


@router.get(
    "/changes",
    summary="Changes detected by horizon scanning, and lifecycle events",
    response_model=Changes,
)
def changes(
    request: Request,
    session: SessionDep,
    days: Annotated[int, Query(ge=1, le=3650, description="Detected in the last N days.")] = 30,
) -> Response:
    return respond(request, recent_changes(session, days))


@router.get("/releases/current", summary="The current dataset release", response_model=Release)
def release(request: Request, session: SessionDep) -> Response:
    found = queries.current_release(session)
    if found is None:
        raise GovatlasError("no dataset release yet", "run `govatlas build`")
    return respond(request, found)


class Decision(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


Reviewer = Annotated[
    str | None,
    Query(
        max_length=100,
        description="With the machine token: who the client acts for (kept with the "
        "decision as an unverified claim). Ignored for a signed-in reviewer.",
    ),
]
SeenVersion = Annotated[
    int | None,
    Query(
        ge=0,
        le=1_000_000,
        description="The review version you saw (0 or omitted: waiting). A stale one "
        "answers 409 and changes nothing.",
    ),
]
CsrfHeader = Annotated[str | None, Header(alias="X-CSRF-Token")]


def api_writer(
    request: Request, authorization: str | None, csrf: str | None, claimed: str | None
) -> tuple[WriteReviewer, str | None]:
    """Who writes (``web.auth.require_api_write``) and the note recording a machine
    client's claim about whom it acts for."""
    who, machine = require_api_write(request, authorization, csrf)
    note = (
        f"for {' '.join(claimed.split())} (claimed, not verified)" if machine and claimed else None
    )
    return who, note


@router.post(
    "/labels/{label_id}/review",
    summary="Accept or reject a label (machine token, or a signed-in reviewer)",
    response_model=LabelReviewed,
)
def post_label_review(
    request: Request,
    label_id: Id,
    decision: Decision,
    reviewer: Reviewer = None,
    version: SeenVersion = None,
    authorization: Annotated[str | None, Header()] = None,
    x_csrf_token: CsrfHeader = None,
) -> Response:
    who, note = api_writer(request, authorization, x_csrf_token, reviewer)

    def work(session: Session) -> dict[str, Any]:
        label = review_label(session, label_id, decision is Decision.ACCEPT, who, note, version)
        return {
            "id": label.id,
            "review_status": label.review_status.value,
            "review_version": label.review_version,
            "reviewer": who.name,
        }

    return respond(request, retrying(app_state(request).engine, work))


@router.post(
    "/relationships/{relationship_id}/review",
    summary="Decide on a suggestion (machine token, or a signed-in reviewer)",
    response_model=RelationshipReviewed,
)
def post_relationship_review(
    request: Request,
    relationship_id: Id,
    decision: Annotated[str, Query(pattern="^(accept|correct|reject)$")],
    reviewer: Reviewer = None,
    corrected_type: RelationshipType | None = None,
    version: SeenVersion = None,
    authorization: Annotated[str | None, Header()] = None,
    x_csrf_token: CsrfHeader = None,
) -> Response:
    who, note = api_writer(request, authorization, x_csrf_token, reviewer)

    def work(session: Session) -> dict[str, Any]:
        made = review_suggestion(
            session, relationship_id, decision, who, corrected_type, note, version
        )
        return {"suggestion": relationship_id, "human_relationship": made.id if made else None}

    return respond(request, retrying(app_state(request).engine, work))
