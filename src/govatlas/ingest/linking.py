"""Linking a source's document to an instrument: external ids first, then titles.

A document whose AGORA id, CELEX number or other external id is already known
becomes a version of that instrument; otherwise a document whose normalised
title equals an instrument's title or short name *of the same place* is linked to
it (``same_place``: not two different countries; a US bill titled "Data Protection
Act of 2024" is not Botswana's "Data Protection Act, 2024"); otherwise a
document from another dataset with the *same jurisdiction*, a title that shares
at least ``SIMILAR_TITLE`` of its words (country names and filler dropped, "AI"
read as "artificial intelligence") and a year no more than one apart is the same
instrument described twice (AGORA and the Worldwide AI Ethics study both list
China's 2021 ethical norms): its record is merged into the known instrument,
with all its ids. Otherwise a new instrument is created from the source's
description. Two documents of one dataset are never merged by title: a dataset
gives each document its own id.

Parenthesised text is part of a title: "Artificial Intelligence Act (France)"
and "Artificial Intelligence Act (Italy)" are two laws, and merging them would
file one country's text as a version of the other's.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import pycountry
from sqlalchemy.orm import Session

from govatlas.catalog.countries import country_code, country_in_text
from govatlas.catalog.resolutions import resolve
from govatlas.records import InstrumentDraft
from govatlas.store.instruments import instrument_name_rows, set_events
from govatlas.store.models import ExternalId, Instrument
from govatlas.vocabulary import STATUS_AFTER_EVENT, LifecycleKind, Status


def _country_of(place: str) -> str | None:
    """The ISO alpha-3 country of a country or ISO 3166-2 subdivision ("US-CA" -> "USA");
    None for a body, a region or an unspecified place."""
    prefix, _, rest = place.partition("-")
    if rest and len(prefix) == 2:
        subdivided = pycountry.countries.get(alpha_2=prefix)
        return str(subdivided.alpha_3) if subdivided is not None else None
    country = pycountry.countries.get(alpha_3=place) if len(place) == 3 else None
    return str(country.alpha_3) if country is not None else None


def same_place(a: str | None, b: str | None) -> bool:
    """Whether two jurisdictions can hold one instrument: unless both are states (or their
    subdivisions) of two different countries. A body (EU, OECD, UN...), a region or an
    open place may hold a document any source files under a country."""
    first, second = _country_of(a or ""), _country_of(b or "")
    return first is None or second is None or first == second


def normalise_title(title: str) -> str:
    """Lower-case ASCII words without articles and punctuation; the words inside
    parentheses (a jurisdiction, a qualifier) are kept."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(re.sub(r"\b(the|of|and|on|for|a|an)\b", " ", text).split())


SIMILAR_TITLE = 0.75
FILLER = frozenset({"the", "of", "and", "on", "for", "a", "an", "in", "to", "its", "by", "with"})


def title_words(title: str) -> frozenset[str]:
    """The content words of a title, countries dropped, "AI" spelt out."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text.lower().replace("-", " "))
    spelt: list[str] = []
    for word in words:
        spelt.extend(("artificial", "intelligence") if word == "ai" else (word,))
    return frozenset(w for w in spelt if w not in FILLER and country_code(w.title()) is None)


@dataclass(frozen=True)
class TitleKey:
    """What title similarity reads of a title, worked out once: its content words and
    the country it names, if any."""

    words: frozenset[str]
    country: str | None

    @classmethod
    def of(cls, title: str) -> TitleKey:
        return cls(title_words(title), country_in_text(title))


def similar_keys(first: TitleKey, second: TitleKey) -> bool:
    """``similar_titles`` on titles already read."""
    if first.country and second.country and first.country != second.country:
        return False
    if len(first.words) < 3 or len(second.words) < 3:
        return False
    shared = len(first.words & second.words)
    return shared / (len(first.words) + len(second.words) - shared) >= SIMILAR_TITLE


def similar_titles(a: str, b: str) -> bool:
    """Titles that share most of their content words and name no two different countries
    ("Artificial Intelligence Act (France)" and "(Italy)" are two laws)."""
    return similar_keys(TitleKey.of(a), TitleKey.of(b))


def _could_be_similar(count: int) -> range:
    """Word counts a title of ``count`` words can share ``SIMILAR_TITLE`` of its words
    with (the smaller over the larger set is at least the ratio)."""
    return range(math.ceil(count * SIMILAR_TITLE), math.floor(count / SIMILAR_TITLE) + 1)


def _years(events: list[int]) -> int | None:
    return min(events) if events else None


class Linker:
    """Finds or creates instruments; caches titles for the duration of one run.

    Known instruments are kept by place and by their title's word count, each with its
    title read once (``TitleKey``), so that finding a similar title compares a draft
    only with the titles of the place that could share enough words: linking stays
    fast with tens of thousands of instruments (it compared every title of the place,
    reading both again each time)."""

    def __init__(self, session: Session) -> None:
        self._titles: dict[str, str] = {}
        # place -> word count -> (order of arrival, instrument id, title read)
        self._by_place: dict[str, dict[int, list[tuple[int, str, TitleKey]]]] = {}
        self._arrivals = 0
        self.merged: list[tuple[str, str]] = []  # (document key, instrument it joined)
        for instrument_id, title, short_name, place in instrument_name_rows(session):
            for name in (title, short_name):
                self._titles.setdefault(normalise_title(name), instrument_id)
            self._remember(place, instrument_id, title)

    def _remember(self, place: str, instrument_id: str, title: str) -> None:
        key = TitleKey.of(title)
        by_size = self._by_place.setdefault(place, {})
        by_size.setdefault(len(key.words), []).append((self._arrivals, instrument_id, key))
        self._arrivals += 1

    def _similar(self, session: Session, draft: InstrumentDraft) -> Instrument | None:
        """A known instrument of the same place and year whose title says the same."""
        schemes = set(draft.external_ids)
        year = _years([e.date.year for e in draft.events])
        wanted = TitleKey.of(draft.title)
        by_size = self._by_place.get(draft.jurisdiction, {})
        candidates = sorted(  # the first known first, as before
            entry
            for size in _could_be_similar(len(wanted.words))
            for entry in by_size.get(size, [])
        )
        for _, instrument_id, key in candidates:
            if not similar_keys(key, wanted):
                continue
            candidate = session.get(Instrument, instrument_id)
            if candidate is None or {x.scheme for x in candidate.external_ids} & schemes:
                continue
            known = _years([e.date.year for e in candidate.events])
            if year is not None and known is not None and abs(year - known) > 1:
                continue
            return candidate
        return None

    def find(self, session: Session, draft: InstrumentDraft) -> Instrument | None:
        for scheme, value in draft.external_ids.items():
            known = session.get(ExternalId, (scheme, value))
            if known is not None:
                return known.instrument
        match = self._titles.get(normalise_title(draft.title))
        candidate = session.get(Instrument, match) if match else None
        if candidate is not None and not same_place(candidate.jurisdiction_id, draft.jurisdiction):
            candidate = None  # a namesake elsewhere; a twin here may still be found below
        if candidate is not None:
            # A same-titled instrument that already has another id in one of the draft's
            # schemes is a different document (e.g. two sections of one bill).
            taken = {x.scheme for x in candidate.external_ids}
            return None if taken & set(draft.external_ids) else candidate
        similar = self._similar(session, draft)
        if similar is not None:
            self.merged.append((draft.key, similar.id))
        return similar

    def link(
        self, session: Session, draft: InstrumentDraft, origin: str
    ) -> tuple[Instrument, bool]:
        """The instrument for ``draft`` and whether it was created now."""
        draft = resolve(draft)
        instrument = self.find(session, draft)
        created = instrument is None
        if instrument is None:
            instrument = Instrument(id=_free_id(session, draft.key), origin=origin)
            session.add(instrument)
        if created or instrument.origin == origin:
            _describe(instrument, draft)
        for scheme, value in draft.external_ids.items():
            if session.get(ExternalId, (scheme, value)) is None:
                session.add(
                    ExternalId(scheme=scheme, value=value, instrument=instrument, origin=origin)
                )
        session.flush()
        self._titles.setdefault(normalise_title(draft.title), instrument.id)
        if created:
            self._remember(draft.jurisdiction, instrument.id, draft.title)
        return instrument, created


def _free_id(session: Session, wanted: str) -> str:
    candidate, n = wanted[:120], 1
    while session.get(Instrument, candidate) is not None:
        n += 1
        candidate = f"{wanted[:110]}-{n}"
    return candidate


def _status(draft: InstrumentDraft) -> Status:
    """The stage after the latest event; on one day, the later kind (enacted after proposed)."""
    relevant = [e for e in draft.events if e.kind in STATUS_AFTER_EVENT]
    if not relevant:
        return Status.PROPOSED
    order = list(LifecycleKind)
    latest = max(relevant, key=lambda e: (e.date, order.index(e.kind)))
    return STATUS_AFTER_EVENT[latest.kind]


def _describe(instrument: Instrument, draft: InstrumentDraft) -> None:
    instrument.title = draft.title
    instrument.short_name = draft.short_name
    instrument.type = draft.type
    instrument.binding = draft.binding
    instrument.public_authority = draft.public_authority
    instrument.jurisdiction_id = draft.jurisdiction
    instrument.status = _status(draft)
    instrument.languages = list(draft.languages)
    instrument.official_urls = list(draft.urls)
    instrument.summary = draft.summary
    set_events(instrument, ((e.kind, e.date, e.note, e.precision) for e in draft.events))
