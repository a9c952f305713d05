"""Linking a source's document to an instrument: external ids first, then titles.

A document whose AGORA id, CELEX number or other external id is already known
becomes a version of that instrument; otherwise a document whose normalised
title equals an instrument's title or short name is linked to it; otherwise a
new instrument is created from the source's description.

Parenthesised text is part of a title: "Artificial Intelligence Act (France)"
and "Artificial Intelligence Act (Italy)" are two laws, and merging them would
file one country's text as a version of the other's.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.sources.records import InstrumentDraft
from govatlas.store.instruments import set_events
from govatlas.store.models import ExternalId, Instrument
from govatlas.vocabulary import STATUS_AFTER_EVENT, Status


def normalise_title(title: str) -> str:
    """Lower-case ASCII words without articles and punctuation; the words inside
    parentheses (a jurisdiction, a qualifier) are kept."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(re.sub(r"\b(the|of|and|on|for|a|an)\b", " ", text).split())


class Linker:
    """Finds or creates instruments; caches titles for the duration of one run."""

    def __init__(self, session: Session) -> None:
        self._titles: dict[str, str] = {}
        for instrument_id, title, short_name in session.execute(
            select(Instrument.id, Instrument.title, Instrument.short_name)
        ):
            for name in (title, short_name):
                self._titles.setdefault(normalise_title(name), instrument_id)

    def find(self, session: Session, draft: InstrumentDraft) -> Instrument | None:
        for scheme, value in draft.external_ids.items():
            known = session.get(ExternalId, (scheme, value))
            if known is not None:
                return known.instrument
        match = self._titles.get(normalise_title(draft.title))
        candidate = session.get(Instrument, match) if match else None
        if candidate is None:
            return None
        # A same-titled instrument that already has another id in one of the draft's
        # schemes is a different document (e.g. two sections of one bill).
        taken = {x.scheme for x in candidate.external_ids}
        return None if taken & set(draft.external_ids) else candidate

    def link(
        self, session: Session, draft: InstrumentDraft, origin: str
    ) -> tuple[Instrument, bool]:
        """The instrument for ``draft`` and whether it was created now."""
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
        return instrument, created


def _free_id(session: Session, wanted: str) -> str:
    candidate, n = wanted[:120], 1
    while session.get(Instrument, candidate) is not None:
        n += 1
        candidate = f"{wanted[:110]}-{n}"
    return candidate


def _status(draft: InstrumentDraft) -> Status:
    relevant = [e for e in draft.events if e.kind in STATUS_AFTER_EVENT]
    if not relevant:
        return Status.PROPOSED
    return STATUS_AFTER_EVENT[max(relevant, key=lambda e: e.date).kind]


def _describe(instrument: Instrument, draft: InstrumentDraft) -> None:
    instrument.title = draft.title
    instrument.short_name = draft.short_name
    instrument.type = draft.type
    instrument.binding = draft.binding
    instrument.jurisdiction_id = draft.jurisdiction
    instrument.status = _status(draft)
    instrument.languages = list(draft.languages)
    instrument.official_urls = list(draft.urls)
    instrument.summary = draft.summary
    set_events(instrument, ((e.kind, e.date, e.note) for e in draft.events))
