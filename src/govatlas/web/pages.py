"""Server-rendered pages: atlas, jurisdiction, instrument, data (search and compare in
``search_pages``, taxonomies and concepts in ``taxonomy_pages``).

Every page is a plain GET with its state in the URL (shareable, bookmarkable,
readable without JavaScript); htmx, when its file is installed, only swaps the
results of filter forms in place. Bad parameters come back as the page with a
message, not as an error page, wherever the user can fix them in the form.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from govatlas.analytics.commitments import (
    NO_RECORD,
    NO_RECORD_LABEL,
    adherence_map,
    international_instruments,
    load_adherence,
)
from govatlas.analytics.coverage import STATE_LABELS
from govatlas.analytics.places import KNOWLEDGE_LABELS, knowledge_of
from govatlas.catalog.jurisdictions import un_member_states
from govatlas.catalog.model import jurisdiction_with_descendants
from govatlas.errors import GovatlasError, NotFoundError
from govatlas.graphics.states import ACT_COLOURS
from govatlas.graphics.worldmap import colour, colour_scale, country_shapes, legend
from govatlas.horizon.diff import diff_versions, pick_version, versions_of
from govatlas.i18n import gettext
from govatlas.store.instruments import (
    instrument_names,
    jurisdiction_names,
    landscape_counts,
)
from govatlas.store.models import (
    InstrumentVersion,
    Provision,
)
from govatlas.store.search_quality import (
    FULLTEXT_BEFORE,
    HELD_OUT_FULLTEXT,
    HELD_OUT_HYBRID,
    HELD_OUT_SEMANTIC,
    SEARCH_QUALITY,
)
from govatlas.store.search_quality import GOAL_MRR as SEARCH_GOAL_MRR
from govatlas.store.taxonomies import taxonomy_names
from govatlas.store.versions import newest_text_version
from govatlas.vocabulary import TYPE_LABELS, Binding, InstrumentType, Status
from govatlas.web import jurisdiction_views, queries, taxonomy_views, text_views
from govatlas.web.coverage_cache import jurisdiction_coverage
from govatlas.web.form_values import choice_of, year_value
from govatlas.web.instrument_table import (
    TableOrder,
    page_number,
    standing_summary,
    table_or_first_page,
    table_page,
)
from govatlas.web.label_chips import chip_groups, methods_present
from govatlas.web.label_views import shown_labels
from govatlas.web.reader_parts import PART_SIZE
from govatlas.web.rendering import templates
from govatlas.web.review_pages import suggestion_form_context
from govatlas.web.state import app_state, db_session

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]
MAP_CONCEPT_TAXONOMIES = ("fli-blocks", "fli-risks", "oecd", "un")
PAGE_SIZE = 50
JURISDICTION_PAGE_SIZE = 25
RECENT_EVENTS = 15


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _concept_choices(session: Session) -> list[dict[str, Any]]:
    groups = []
    for taxonomy in taxonomy_views.taxonomies(session):
        if taxonomy["id"] in MAP_CONCEPT_TAXONOMIES:
            groups.append(
                {
                    "taxonomy": taxonomy,
                    "concepts": [
                        row | {"measure": queries.concept_measure(row["id"])}
                        for row in taxonomy_views.concept_rows(
                            session, taxonomy["id"], counted=False
                        )
                    ],
                }
            )
    return groups


@router.get("/", response_class=HTMLResponse)
def atlas(
    request: Request,
    session: SessionDep,
    type: Annotated[str | None, Query(max_length=40)] = None,
    binding: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[str | None, Query(max_length=40)] = None,
    year_from: Annotated[str | None, Query(max_length=10)] = None,
    year_to: Annotated[str | None, Query(max_length=10)] = None,
    concept: Annotated[str | None, Query(max_length=160)] = None,
    technology: Annotated[str | None, Query(max_length=160)] = None,
    adherence: Annotated[str | None, Query(max_length=120)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: Annotated[str | None, Query(max_length=40)] = None,
    dir: Annotated[str | None, Query(max_length=10)] = None,
    page: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    params = {
        "q": q,
        "technology": technology,
        "type": type,
        "binding": binding,
        "status": status,
        "year_from": year_from,
        "year_to": year_to,
        "concept": concept,
        "adherence": adherence,
        "sort": sort,
        "dir": dir,
    }
    message = None
    try:
        filters = queries.InstrumentFilters(
            type=choice_of(InstrumentType, type),
            binding=choice_of(Binding, binding),
            status=choice_of(Status, status),
            year_from=year_value(year_from),
            year_to=year_value(year_to),
            concept=concept or None,
            technology=technology or None,
            text=(q or "").strip() or None,
        )
        order = TableOrder.parse(sort, dir)
        countries, others = jurisdiction_views.jurisdiction_tally(session, filters)
        table = table_page(session, filters, order, page_number(page), PAGE_SIZE)
    except GovatlasError as exc:
        message = exc.message
        filters, order = queries.InstrumentFilters(), TableOrder()
        countries, others = jurisdiction_views.jurisdiction_tally(session, filters)
        table = table_page(session, filters, order, 1, PAGE_SIZE)
    names = jurisdiction_views.jurisdiction_rows(session)
    by_numeric = {
        row.iso_numeric: jid
        for jid, row in names.items()
        if row.kind == "country" and row.iso_numeric
    }
    edges = colour_scale([v["total"] for v in countries.values()])
    shapes = []
    for shape in country_shapes():
        jid = by_numeric.get(shape.numeric)
        tally = countries.get(jid or "", {})
        shapes.append(
            {
                "id": jid,
                "name": names[jid].name if jid else shape.name,
                "path": shape.path,
                "total": tally.get("total", 0),
                "binding": tally.get("binding", 0),
                "fill": colour(tally.get("total", 0), edges),
            }
        )
    mode = None
    if adherence:
        try:
            mode = _adherence_mode(session, adherence, shapes)
        except GovatlasError as exc:
            message = exc.message
    ranked = sorted(countries.items(), key=lambda kv: -kv[1]["total"])
    supranational = sorted(others.items(), key=lambda kv: -kv[1]["total"])
    return render(
        request,
        "atlas.html",
        {
            "params": params,
            "message": message,
            "shapes": shapes,
            "legend": legend(edges),
            "knowledge": app_state(request).knowledge(session),
            "countries": [(jid, names[jid].name if jid in names else jid, t) for jid, t in ranked],
            "supranational": [
                (jid, names[jid].name if jid in names else jid, t) for jid, t in supranational
            ],
            "table": table,
            "order": order,
            "place_names": {jid: row.name for jid, row in names.items()},
            "total": table.total,
            "types": list(InstrumentType),
            "bindings": list(Binding),
            "statuses": list(Status),
            "concept_groups": _concept_choices(session),
            "adherence_mode": mode,
            "adherence_choices": _adherence_choices(session),
            "concept_measure": queries.concept_measure(filters.concept),
            "technologies": (choices := queries.technology_choices(session)),
            "technology": next((t for t in choices if t["id"] == filters.technology), None),
        },
    )


def _adherence_choices(session: Session) -> list[tuple[str, str]]:
    facts = load_adherence(session)
    return [(i, facts.name(i)) for i in international_instruments(facts, un_member_states())]


def _act_label(act: str) -> str:
    """An act towards an instrument ("ratified", "no record") in the reader's language."""
    return gettext(TYPE_LABELS.get(act, act))


def _adherence_mode(
    session: Session, instrument: str, shapes: list[dict[str, Any]]
) -> dict[str, Any]:
    """Recolour the map's shapes by each state's act towards ``instrument``; the legend
    counts the UN Member States in each class."""
    found = adherence_map(session, instrument)
    for shape in shapes:
        act = found.classes.get(shape["id"] or "", NO_RECORD)
        shape["fill"] = ACT_COLOURS[act]
        shape["act"] = NO_RECORD_LABEL if act == NO_RECORD else act
        shape["act_label"] = _act_label(shape["act"])
    return {
        "instrument": found.instrument,
        "name": found.name,
        "members": found.members,
        "legend": [
            (ACT_COLOURS[act], NO_RECORD_LABEL if act == NO_RECORD else act, n)
            for act, n in found.counts.items()
        ],
    }


@router.get("/jurisdictions/{jurisdiction_id}", response_class=HTMLResponse)
def jurisdiction(
    request: Request,
    session: SessionDep,
    jurisdiction_id: str,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: Annotated[str | None, Query(max_length=40)] = None,
    dir: Annotated[str | None, Query(max_length=10)] = None,
    page: Annotated[str | None, Query(max_length=10)] = None,
    events: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    detail = jurisdiction_views.jurisdiction_heading(session, jurisdiction_id)
    params = {"q": q, "sort": sort, "dir": dir, "events": events}
    own = queries.InstrumentFilters(jurisdiction=jurisdiction_id)
    filters = queries.InstrumentFilters(
        jurisdiction=jurisdiction_id, text=(q or "").strip() or None
    )
    table, order, message = table_or_first_page(
        session, filters, sort, dir, page, JURISDICTION_PAGE_SIZE
    )
    summary = standing_summary(session, own)
    everything = events == "all"
    dated_events, event_total = jurisdiction_views.timeline(
        session, jurisdiction_id, None if everything else RECENT_EVENTS
    )
    blocks = jurisdiction_coverage(session, jurisdiction_id, app_state(request).revision(session))
    names = {i: f.name for i, f in blocks.instruments.items()}
    cells = []
    for notation, label in blocks.concepts:
        cell = blocks.cell(jurisdiction_id, notation)
        cells.append(
            {
                "id": f"fli-blocks:{notation}",
                "label": label,
                "state": cell.state,
                "state_label": STATE_LABELS[cell.state],
                "instruments": [
                    {"id": i, "name": names.get(i, i), "via": i in cell.via}
                    for i in cell.instruments
                ],
                "quality": blocks.method_notes[notation]
                if notation in blocks.method_notes
                else gettext("no measured classifier"),
            }
        )
    places = jurisdiction_names(
        session,
        [detail["parent"] or "", *detail["members"], *(i["jurisdiction"] for i in table.items)],
    )
    state = app_state(request)
    facts = state.adherence(session)
    adheres = sorted(facts.of(detail["id"]).values(), key=lambda a: facts.name(a.instrument))
    known = knowledge_of(session, detail["id"])
    context = {
        "j": detail,
        "subdivided": len(jurisdiction_with_descendants(jurisdiction_id)) > 1,
        "params": params,
        "message": message,
        "table": table,
        "order": order,
        "summary": summary,
        "total": sum(n for _, n in summary),
        "events": dated_events,
        "event_total": event_total,
        "all_events": everything,
        "coverage": cells,
        "places": places,
        "adherence": [
            {
                "id": a.instrument,
                "name": facts.name(a.instrument),
                "acts": [_act_label(x.value) for x in a.acts],
                "date": a.date,
                "sources": a.sources,
            }
            for a in adheres
        ],
        "un_member": detail["id"] in un_member_states(),
        "known": gettext(KNOWLEDGE_LABELS[known]),
        "knowledge": state.knowledge(session),
    }
    return render(request, "jurisdiction.html", context)


@router.get("/instruments/{instrument_id}", response_class=HTMLResponse)
def instrument(
    request: Request,
    session: SessionDep,
    instrument_id: str,
    version: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    part: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> Response:
    detail = queries.instrument_detail(session, instrument_id)
    detail["labels"] = shown_labels(detail["labels"])
    reading = text_views.reading_provisions(session, instrument_id, version, part, None, PART_SIZE)
    for shown in reading["provisions"]:
        shown["labels"] = shown_labels(shown["labels"])
    release = queries.current_release(session)
    related = {r["instrument"] for p in reading["provisions"] for r in p["relations"]}
    groups = chip_groups(detail["labels"], taxonomy_names(session))
    context = {
        "i": detail,
        "chip_groups": groups,
        "chip_legend": methods_present(groups),
        "chip_experimental": any(c["experimental"] for g in groups for c in g["chips"]),
        "reading": reading,
        "release": release,
        "places": jurisdiction_names(session, [detail["jurisdiction"]]),
        "names": instrument_names(session, related),
        **suggestion_form_context(request),
    }
    return render(request, "instrument.html", context)


@router.get("/instruments/{instrument_id}/provisions/{provision_id}")
def provision_link(
    session: SessionDep,
    instrument_id: str,
    provision_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> RedirectResponse:
    """A link to one provision: to the part of its version's text that shows it."""
    found = session.get(Provision, provision_id)
    version = session.get(InstrumentVersion, found.version_id) if found else None
    if found is None or version is None or version.instrument_id != instrument_id:
        raise NotFoundError(
            f"{instrument_id} has no provision {provision_id}", "links come from search"
        )
    part, parts = text_views.provision_part(session, version.id, provision_id, PART_SIZE)
    params: dict[str, int] = {"part": part} if parts > 1 else {}
    if newest_text_version(session, instrument_id) != version.id:
        params = {"version": version.id, **params}
    query = f"?{urlencode(params)}" if params else ""
    return RedirectResponse(f"/instruments/{instrument_id}{query}#p{provision_id}", 303)


@router.get("/instruments/{instrument_id}/changes", response_class=HTMLResponse)
def changes_page(
    request: Request,
    session: SessionDep,
    instrument_id: str,
    old: Annotated[str | None, Query(alias="from", max_length=64)] = None,
    new: Annotated[str | None, Query(alias="to", max_length=64)] = None,
) -> Response:
    versions = versions_of(session, instrument_id)
    if len(versions) < 2:
        raise GovatlasError(f"{instrument_id} has only {len(versions)} version(s) to compare")
    older = pick_version(versions, old) if old else versions[-2]
    newer = pick_version(versions, new) if new else versions[-1]
    result = diff_versions(session, instrument_id, older.id, newer.id)
    return render(
        request,
        "diff.html",
        {
            "d": result,
            "instrument": instrument_id,
            "instrument_name": instrument_names(session, [instrument_id]).get(instrument_id),
            "versions": versions,
            "show_unchanged": False,
        },
    )


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request, session: SessionDep) -> Response:
    counts = landscape_counts(session)
    return render(
        request,
        "data.html",
        {
            "release": queries.current_release(session),
            "counts": counts,
            "search_quality": SEARCH_QUALITY,
            "search_before": FULLTEXT_BEFORE,
            "search_held_out": HELD_OUT_FULLTEXT,
            "search_held_out_semantic": HELD_OUT_SEMANTIC,
            "search_held_out_hybrid": HELD_OUT_HYBRID,
            "search_goal": SEARCH_GOAL_MRR,
            "embedded": app_state(request).embedded(session),
        },
    )
