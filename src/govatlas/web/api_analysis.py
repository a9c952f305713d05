"""The JSON API's analyses: full-text, semantic and hybrid search over provisions, two
instruments compared side by side (with their divergences), coverage of a taxonomy's
concepts with 95% intervals, recent changes and the current dataset release.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from govatlas.analytics.compare import Comparison, compare_instruments
from govatlas.analytics.coverage import STATE_LABELS, coverage
from govatlas.analytics.coverage_intervals import (
    COUNTED_LABELS,
    CoverageIntervals,
    counted_rows,
)
from govatlas.analytics.divergence import divergence, divergence_record
from govatlas.catalog.model import YearRange
from govatlas.classify.encoders.embeddings import EmbeddingModel, get_embedder
from govatlas.classify.encoders.semantic_search import hybrid_search, semantic_search
from govatlas.errors import GovatlasError
from govatlas.horizon.recent import recent_changes
from govatlas.store.instruments import (
    instrument_names,
    jurisdiction_names,
)
from govatlas.store.search import SearchFilters, SearchResult, search_provisions
from govatlas.vocabulary import (
    Binding,
    InstrumentType,
)
from govatlas.web import queries
from govatlas.web.api_answers import (
    Format,
    FormatQuery,
    SessionDep,
    respond,
    years_in_order,
)
from govatlas.web.schemas.analysis import ComparedInstruments, CoverageCounts, CoverageGrid
from govatlas.web.schemas.changes import Changes
from govatlas.web.schemas.common import CSV_TOO, ERROR_RESPONSES
from govatlas.web.schemas.releases import Release
from govatlas.web.schemas.search import SearchAnswer
from govatlas.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)


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
    years_in_order(year_from, year_to)
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
    body = {
        "query": q,
        "mode": mode.value,
        "total": result.total,
        "total_exact": result.total_exact,
        "items": items,
    }
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
            "label": p.label,
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
        # a unit pair is shown (a person's link or a confident suggestion): without one,
        # a_matched and b_matched of 0 are no finding
        "units_assessed": bool(
            result.matched_a or result.matched_b or result.conflicted_a or result.conflicted_b
        ),
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
