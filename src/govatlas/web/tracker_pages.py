"""The building-block trackers on the web: ``/trackers``, ``/trackers/{name}`` and the API
``/api/v1/trackers``, ``/api/v1/trackers/{name}`` (JSON or CSV, the CLI's rows).

A tracker's page leads with where the values diverge (``trackers.overview``), then
lists every fact with its provision linked, the exact words read, whether a person
reviewed it, and the rules' measured precision and recall. A tracker whose precision
is not measured says so above its table. A signed-in reviewer confirms or rejects a
machine fact in the page, correcting its values where the words say otherwise
(``POST /trackers/facts/{id}``, as ``govatlas tracker-review`` records it: later builds
keep the decision).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from govatlas.errors import NotFoundError
from govatlas.i18n import N_, gettext
from govatlas.store.contention import retrying
from govatlas.store.tracker_facts import count_facts
from govatlas.trackers.corrections import editable_fields, form_value, review
from govatlas.trackers.facts import RED_LINES, TRACKERS
from govatlas.trackers.labels import deadline_label, penalty_label, threshold_label
from govatlas.trackers.overview import instrument_lines, practices
from govatlas.trackers.quality_figures import measured_quality, shown_quality_sentence
from govatlas.trackers.red_lines import PRACTICE_LABELS
from govatlas.trackers.table import TrackerRow, tracker_rows
from govatlas.web.api_answers import Format, FormatQuery, Id, respond
from govatlas.web.auth import page_csrf, require_form_write, reviewer_name
from govatlas.web.rendering import templates
from govatlas.web.review_pages import local_path
from govatlas.web.schemas.common import CSV_TOO, ERROR_RESPONSES
from govatlas.web.schemas.trackers import TrackerFacts, TrackerList
from govatlas.web.state import app_state, db_session

api_router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)
router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(db_session)]
Places = Annotated[
    list[str] | None,
    Query(
        description="Only these places (EU, USA, US-CA; a country takes its states).",
        max_length=20,
    ),
]
CorrectedValue = Annotated[str | None, Form(max_length=300)]
Instruments = Annotated[
    list[str] | None, Query(description="Only these instruments (ids).", max_length=50)
]
# How the correction form names each field a reviewer may correct (the field's name,
# underscores as spaces, capitalised); the template translates it with _().
FIELD_LABELS: dict[str, str] = {
    "practice": N_("Practice"),
    "deadline_hours": N_("Deadline hours"),
    "recipient": N_("Recipient"),
    "max_amount": N_("Max amount"),
    "currency": N_("Currency"),
    "turnover_share": N_("Turnover share"),
    "per": N_("Per"),
    "threshold_value": N_("Threshold value"),
    "threshold_unit": N_("Threshold unit"),
}


def _tracker(name: str) -> str:
    if name not in TRACKERS:
        raise NotFoundError(f"no tracker named {name!r}", f"choose one of: {', '.join(TRACKERS)}")
    return name


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    found = dict(row)
    quality = found.pop("confidence")
    found["measured"] = bool(quality.get("measured"))
    for key, value in list(found.items()):
        if isinstance(value, list):
            found[key] = " | ".join(str(v) for v in value)
    return found


@api_router.get(
    "/trackers",
    summary="The building-block trackers, their facts and quality",
    response_model=TrackerList,
)
def list_trackers(request: Request, session: SessionDep) -> Response:
    """Each tracker: what it records, how many facts the store holds, and the rules'
    measured precision and recall on the trackers' gold."""
    counts = count_facts(session)
    return respond(
        request,
        {
            "items": [
                {
                    "name": spec.name,
                    "title": spec.title,
                    "question": spec.question,
                    "fields": list(spec.fields),
                    "facts": counts.get(spec.name, 0),
                    "quality": measured_quality(spec.name),
                }
                for spec in TRACKERS.values()
            ]
        },
    )


@api_router.get(
    "/trackers/{name}",
    summary="One tracker's facts across jurisdictions",
    response_model=TrackerFacts,
    responses=CSV_TOO,
)
def tracker_facts(
    request: Request,
    session: SessionDep,
    name: str,
    jurisdiction: Places = None,
    instrument: Instruments = None,
    format: FormatQuery = Format.JSON,
) -> Response:
    """Every fact of the tracker (red-lines, incident-reporting, penalties,
    compute-thresholds), binding law in force first: place, instrument, provision (path
    and id), the provision's text, the exact words read (evidence, start, end), the
    tracker's fields (numbers as numbers: 1e25 FLOP, 360 hours, 0.07 of turnover),
    status (machine or reviewed) and the measured quality (confidence)."""
    rows = tracker_rows(session, _tracker(name), instrument, jurisdiction, read_if_empty=False)
    found = [r.as_dict() for r in rows]
    if format is Format.CSV:
        return respond(request, None, [_flat(r) for r in found])
    return respond(request, {"tracker": name, "items": found, "total": len(found)})


@router.get("/trackers", response_class=HTMLResponse)
def trackers_page(request: Request, session: SessionDep) -> Response:
    counts = count_facts(session)
    items = [
        (spec, counts.get(spec.name, 0), shown_quality_sentence(spec.name))
        for spec in TRACKERS.values()
    ]
    return templates.TemplateResponse(request, "trackers.html", {"items": items})


@router.get("/trackers/{name}", response_class=HTMLResponse)
def tracker_page(
    request: Request,
    session: SessionDep,
    name: str,
    jurisdiction: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    tracker = _tracker(name)
    places = [jurisdiction] if jurisdiction else None
    rows: list[TrackerRow] = tracker_rows(session, tracker, None, places, read_if_empty=False)
    sentence, experimental = shown_quality_sentence(tracker)
    context: dict[str, Any] = {
        "spec": TRACKERS[tracker],
        "rows": rows,
        "jurisdiction": jurisdiction or "",
        "practices": practices(rows) if tracker == RED_LINES else [],
        "lines": instrument_lines(rows),
        "quality": sentence,
        "experimental": experimental,
        "stored": bool(count_facts(session)),
        "csrf": page_csrf(request),
        "reviewer": reviewer_name(request),
        "editable": editable_fields(tracker),
        "form_value": form_value,
        # the option texts, in the reader's language (the option values stay the ids)
        "practice_labels": {p: gettext(label) for p, label in PRACTICE_LABELS.items()},
        "field_labels": FIELD_LABELS,
        # a fact's values with their words in the reader's language (the API keeps English)
        "deadline_label": deadline_label,
        "penalty_label": penalty_label,
        "threshold_label": threshold_label,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }
    return templates.TemplateResponse(request, "tracker.html", context)


@router.post("/trackers/facts/{fact_id}")
def review_fact_from_page(
    request: Request,
    fact_id: Id,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
    csrf: Annotated[str | None, Form(max_length=200)] = None,
    note: Annotated[str | None, Form(max_length=2000)] = None,
    next: Annotated[str | None, Form(max_length=500)] = None,
    fields: Annotated[str | None, Form(max_length=200)] = None,
    practice: CorrectedValue = None,
    deadline_hours: CorrectedValue = None,
    recipient: CorrectedValue = None,
    max_amount: CorrectedValue = None,
    currency: CorrectedValue = None,
    turnover_share: CorrectedValue = None,
    per: CorrectedValue = None,
    threshold_value: CorrectedValue = None,
    threshold_unit: CorrectedValue = None,
) -> Response:
    """Confirm (with corrected values, from the form's "Correct" part) or reject a
    tracker fact as the signed-in reviewer; back to ``next`` (a path of this site), else
    to the fact on its tracker's page. A value its field cannot hold is refused (400)
    and nothing is stored."""
    who = require_form_write(request, csrf)
    given = {
        "practice": practice,
        "deadline_hours": deadline_hours,
        "recipient": recipient,
        "max_amount": max_amount,
        "currency": currency,
        "turnover_share": turnover_share,
        "per": per,
        "threshold_value": threshold_value,
        "threshold_unit": threshold_unit,
    }
    # a field the correction form carries but left empty arrives as None: no value
    carried = set((fields or "").split(","))
    values = {
        name: value if value is not None else ""
        for name, value in given.items()
        if value is not None or name in carried
    }

    def work(session: Session) -> str:
        fact = review(session, fact_id, decision, who.name, values, note or None)
        return f"/trackers/{fact.tracker}#f{fact.id}"

    back = retrying(app_state(request).engine, work)
    return RedirectResponse(local_path(next) if next else back, status_code=303)
