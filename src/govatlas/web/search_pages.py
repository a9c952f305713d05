"""The search and compare pages: provisions ranked for a query (full text, semantic or
hybrid) with facets, and two instruments side by side with their aligned provisions.

Both are plain GETs with their state in the URL; a bad parameter comes back as the page
with a message the reader can fix in the form.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from govatlas.analytics.compare import SUGGESTION_MIN_CONFIDENCE, compare_instruments
from govatlas.classify.encoders.embeddings import EmbeddingModel
from govatlas.crosswalk.full_text_quality import FULL_TEXT_QUALITY
from govatlas.errors import GovatlasError
from govatlas.store.instruments import (
    catalog_instruments,
    instrument_names,
)
from govatlas.store.search import search_provisions
from govatlas.vocabulary import Binding, InstrumentType
from govatlas.web.api_analysis import SearchMode, comparison_view, run_search, search_filters
from govatlas.web.form_values import choice_of, year_value
from govatlas.web.rendering import templates
from govatlas.web.review_pages import suggestion_form_context
from govatlas.web.state import app_state, db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


FACET_SAMPLE = 200  # facets count the best 200 hits


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=1000)] = None,
    mode: Annotated[str, Query(max_length=20)] = "fulltext",
    model: Annotated[str, Query(max_length=20)] = EmbeddingModel.MINILM.value,
    jurisdiction: Annotated[str | None, Query(max_length=32)] = None,
    type: Annotated[str | None, Query(max_length=40)] = None,
    binding: Annotated[str | None, Query(max_length=40)] = None,
    year_from: Annotated[str | None, Query(max_length=10)] = None,
    year_to: Annotated[str | None, Query(max_length=10)] = None,
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> Response:
    params = {
        "q": q,
        "mode": mode,
        "model": model,
        "jurisdiction": jurisdiction,
        "type": type,
        "binding": binding,
        "year_from": year_from,
        "year_to": year_to,
    }
    context: dict[str, Any] = {
        "params": params,
        "result": None,
        "message": None,
        "page": page,
        "page_size": 20,
        "types": list(InstrumentType),
        "bindings": list(Binding),
        "modes": list(SearchMode),
        "models": list(EmbeddingModel),
        "embedded": app_state(request).embedded(session),
    }
    if q and q.strip():
        try:
            filters = search_filters(
                jurisdiction,
                choice_of(InstrumentType, type),
                choice_of(Binding, binding),
                year_value(year_from),
                year_value(year_to),
                None,
            )
            chosen_mode = choice_of(SearchMode, mode) or SearchMode.FULLTEXT
            chosen_model = choice_of(EmbeddingModel, model) or EmbeddingModel.MINILM
            if chosen_mode is SearchMode.FULLTEXT:  # one ranking for the page and facets
                found = search_provisions(
                    session,
                    q,
                    filters,
                    20,
                    (page - 1) * 20,
                    sample=FACET_SAMPLE,
                    table=app_state(request).ranking(session),
                )
                sample = found.sample
            else:
                found = run_search(
                    request, session, q, chosen_mode, filters, 20, (page - 1) * 20, chosen_model
                )
                found.hits = found.hits[(page - 1) * 20 :]
                sample = run_search(
                    request, session, q, chosen_mode, filters, FACET_SAMPLE, 0, chosen_model
                ).hits
            context["result"] = found
            places = {h.jurisdiction for h in [*found.hits, *sample]}
            context["places"] = app_state(request).place_names(session, places)
            context["facets"] = _facets(sample, context["places"])
            context["facet_sample"] = len(sample)
        except GovatlasError as exc:
            context["message"] = exc.message + (f" ({exc.hint})" if exc.hint else "")
    return render(request, "search.html", context)


def _facets(hits: list[Any], places: dict[str, str]) -> dict[str, list[tuple[str, str, int]]]:
    """Counts by jurisdiction and by instrument among the best hits: (key, name, count)."""
    by_jurisdiction: Counter[str] = Counter(h.jurisdiction for h in hits)
    by_instrument: Counter[tuple[str, str]] = Counter((h.instrument_id, h.instrument) for h in hits)
    return {
        "jurisdiction": [(j, places.get(j, j), n) for j, n in by_jurisdiction.most_common(12)],
        "instrument": [(i, name, n) for (i, name), n in by_instrument.most_common(12)],
    }


def _instrument_choices(session: Session) -> list[tuple[str, str]]:
    return [(i.id, i.short_name) for i in catalog_instruments(session)]


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    session: SessionDep,
    a: Annotated[str | None, Query(max_length=120)] = None,
    b: Annotated[str | None, Query(max_length=120)] = None,
    human_only: bool = False,
) -> Response:
    context: dict[str, Any] = {
        "a": a,
        "b": b,
        "human_only": human_only,
        "view": None,
        "message": None,
        "choices": _instrument_choices(session),
        "machine_quality": FULL_TEXT_QUALITY,
        "listed_from": SUGGESTION_MIN_CONFIDENCE,
        **suggestion_form_context(request),
    }
    if a and b:
        try:
            result = compare_instruments(session, a, b, human_only)
            context["names"] = instrument_names(session, [a, b])
            context["view"] = comparison_view(result, context["names"])
            # an instrument outside the catalog (an AGORA document) stays selected
            listed = {id for id, _ in context["choices"]}
            context["choices"] += [
                (i, context["names"].get(i, i)) for i in dict.fromkeys((a, b)) if i not in listed
            ]
        except GovatlasError as exc:
            context["message"] = exc.message
    return render(request, "compare.html", context)
