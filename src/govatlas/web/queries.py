"""Read models shared by the JSON API and the pages: one query, two renderings.

Every function takes a session and returns plain dicts and lists, so the API
serialises them as they are and the templates render them without touching the
ORM. Instruments are dated by their first lifecycle event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from govatlas.analytics.coverage import covering_instruments
from govatlas.analytics.technology import get_technology, technologies, technology_instruments
from govatlas.classify.measured.shipped import shipped_quality
from govatlas.i18n import DEFAULT, gettext, speaking
from govatlas.store.instrument_lists import (
    ListFilters,
    count_of,
    instrument_list,
    page_after,
)
from govatlas.store.instruments import (
    REFERENCE_FORMAT,
    get_instrument,
)
from govatlas.store.models import (
    Concept,
    Instrument,
)
from govatlas.store.releases import newest_release
from govatlas.store.shown_labels import concepts_by_id, instrument_labels
from govatlas.store.taxonomies import unknown_concept
from govatlas.store.versions import current_versions, provision_counts
from govatlas.vocabulary import STATUS_AFTER_EVENT, JurisdictionKind, LifecycleKind
from govatlas.web import label_views
from govatlas.web.label_views import label_languages, label_view

SUPRANATIONAL_KINDS = (
    JurisdictionKind.SUPRANATIONAL,
    JurisdictionKind.INTERGOVERNMENTAL,
    JurisdictionKind.FORUM,
    JurisdictionKind.GLOBAL,
    JurisdictionKind.REGION,
)


@dataclass(frozen=True)
class InstrumentFilters(ListFilters):
    """What a reader filters the instrument list by: the store's ``ListFilters`` and the
    measured coverage of a concept or a technology (``instrument_select`` resolves both
    to the instruments they cover)."""

    concept: str | None = None
    technology: str | None = None  # a technology's notation: measured evidence only


def concept_instruments(session: Session, concept: str) -> set[str]:
    """Instruments covering ``concept`` (labels on it, its descendants or mapped concepts)."""
    if session.get(Concept, concept) is None:
        raise unknown_concept(session, concept)
    return covering_instruments(session, concept)


def instrument_select(session: Session, filters: InstrumentFilters) -> Select[Any]:
    """Instruments matching the filters with their first date, ordered by id; the concept
    and technology filters are resolved to the instruments that measurably cover them."""
    within = set(filters.within) if filters.within is not None else None
    if filters.concept:
        covering = concept_instruments(session, filters.concept)
        within = covering if within is None else within & covering
    if filters.technology:
        technology = get_technology(session, filters.technology)
        using = set(technology_instruments(session, technology))
        within = using if within is None else within & using
    return instrument_list(replace(filters, within=None if within is None else frozenset(within)))


def technology_choices(session: Session) -> list[dict[str, Any]]:
    """The technologies as filters offer them: measured ones plainly, the others marked."""
    return [
        {
            "id": t.notation,
            "concept": t.concept_id,
            "label": t.label,
            "measured": t.measured,
            "note": t.note,
            "measured_on": list(t.measured_on),
        }
        for t in technologies(session)
    ]


def concept_measure(concept_id: str | None) -> dict[str, Any] | None:
    """Whether a concept filter's count is a finding: for a concept of a taxonomy with
    shipped provision classifiers, whether its classifier reaches the precision floor
    (``measured``) and its figures or why not (``note``); None for other concepts."""
    if not concept_id or ":" not in concept_id:
        return None
    taxonomy, notation = concept_id.split(":", 1)
    quality = shipped_quality(taxonomy)
    if not quality:
        return None
    measured = quality.get(notation)
    return {
        "measured": measured is not None and measured.assessable,
        "note": measured.shown_note
        if measured is not None
        else gettext("experimental: no classifier measured on the project's gold"),
    }


def filter_note(concept_id: str | None) -> str | None:
    """What a list filtered on an experimental concept must say with its count, in English
    (the API's ``note``); None when the count is a finding."""
    with speaking(DEFAULT):
        measure = concept_measure(concept_id)
        if measure is None or measure["measured"]:
            return None
        return gettext(
            "%(concept)s: %(note)s; machine labels on this concept do not count, so only "
            "instruments people labelled or accepted are listed, and the count is not a "
            "finding (not assessed is not 0).",
            concept=concept_id,
            note=measure["note"],
        )


# The events that make an instrument what a citation names: adopted, signed, published.
MADE = (LifecycleKind.ADOPTED, LifecycleKind.SIGNED, LifecycleKind.PUBLISHED)


def instrument_summary(
    instrument: Instrument, first: date | None, since: date | None = None
) -> dict[str, Any]:
    """An instrument as lists give it; ``since``: the date it has been at its status since
    (``store.instrument_lists.standing_dates``), else its first date."""
    return {
        "id": instrument.id,
        "title": instrument.title,
        "short_name": instrument.short_name,
        "type": instrument.type.value,
        "binding": instrument.binding.value,
        "status": instrument.status.value,
        "jurisdiction": instrument.jurisdiction_id,
        "first_date": first.isoformat() if first else None,
        "since": shown.isoformat() if (shown := since or first) else None,
        "official_urls": list(instrument.official_urls or []),
    }


def instruments_page(
    session: Session, filters: InstrumentFilters, after: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None, int]:
    """One page of instruments after the id ``after``, the next cursor and the total."""
    query = instrument_select(session, filters)
    total = count_of(session, query)
    rows, more = page_after(session, query, after, limit)
    items = [instrument_summary(i, first, since) for i, first, since in rows]
    next_cursor = items[-1]["id"] if more and items else None
    return items, next_cursor, total


def _versions(session: Session, instrument_id: str) -> list[dict[str, Any]]:
    counts = provision_counts(session, instrument_id)
    versions = current_versions(session, instrument_id)
    return [
        {
            "id": v.id,
            "content_hash": v.content_hash,
            "format": v.format,
            "language": v.language,
            "source": v.source,
            "source_url": v.source_url,
            "created_at": v.created_at.isoformat(),
            "provisions": counts.get(v.id, 0),
            "reference": v.format == REFERENCE_FORMAT,
        }
        for v in versions
    ]


def instrument_detail(session: Session, instrument_id: str) -> dict[str, Any]:
    instrument = get_instrument(session, instrument_id)
    first = min((e.date for e in instrument.events), default=None)
    since = min(
        (e.date for e in instrument.events if STATUS_AFTER_EVENT.get(e.kind) is instrument.status),
        default=None,
    )
    made = min((e.date for e in instrument.events if e.kind in MADE), default=None)
    labels = instrument_labels(session, instrument_id)
    concepts = concepts_by_id(session, {label.concept_id for label in labels})
    qualities = label_views.label_qualities() if labels else {}
    languages = label_languages(session, instrument_id, labels)
    return instrument_summary(instrument, first, since) | {
        # a citation's year: when it was adopted, signed or published, not proposed
        "cited_year": cited.year if (cited := made or first) else None,
        "summary": instrument.summary,
        "languages": list(instrument.languages or []),
        "issuers": [a.name for a in instrument.issuers],
        "external_ids": [{"scheme": e.scheme, "value": e.value} for e in instrument.external_ids],
        "events": [
            {"kind": e.kind.value, "date": e.date.isoformat(), "note": e.note}
            for e in instrument.events
        ],
        "versions": _versions(session, instrument_id),
        "labels": [
            label_view(label, concepts.get(label.concept_id), qualities, languages.get(label.id))
            for label in labels
        ],
    }


def current_release(session: Session) -> dict[str, Any] | None:
    release = newest_release(session)
    if release is None:
        return None
    return {
        "id": release.id,
        "tag": release.tag,
        "content_hash": release.content_hash,
        "created_at": release.created_at.isoformat(),
        "counts": release.counts,
        "note": release.note,
    }
