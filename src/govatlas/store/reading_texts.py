"""Every instrument's reading text, provision by provision, for readers that scan it all.

An instrument may hold several versions (an AGORA record, the official consolidated
text, a crosswalk's reference stubs); the one read is the newest full text, in English
where one exists (``instruments.reading_version``'s rule), so a law read from two
sources is counted once. Provisions come as plain rows, with what a reader of a fact
needs about their instrument (name, place, type, binding force, status), in reading
order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.instruments import REFERENCE_FORMAT, replaced_version_ids
from govatlas.store.models import Instrument, InstrumentVersion, Provision


@dataclass(frozen=True)
class ReadingInstrument:
    id: str
    short_name: str
    jurisdiction: str
    type: str
    binding: str
    status: str
    version_id: int


@dataclass(frozen=True)
class ReadingProvision:
    id: int
    parent_id: int | None
    path: str
    kind: str
    heading: str | None
    start: int
    end: int
    text: str


def reading_instruments(
    session: Session, instrument_ids: list[str] | None = None
) -> list[ReadingInstrument]:
    """Each instrument with a full text, with its reading version (newest, English first)."""
    query = (
        select(
            Instrument.id,
            Instrument.short_name,
            Instrument.jurisdiction_id,
            Instrument.type,
            Instrument.binding,
            Instrument.status,
            InstrumentVersion.id,
            InstrumentVersion.language,
        )
        .join(InstrumentVersion, InstrumentVersion.instrument_id == Instrument.id)
        .where(
            InstrumentVersion.format != REFERENCE_FORMAT,
            InstrumentVersion.id.not_in(replaced_version_ids()),
        )
        .order_by(Instrument.id, InstrumentVersion.id.desc())
    )
    if instrument_ids is not None:
        query = query.where(Instrument.id.in_(instrument_ids))
    chosen: dict[str, tuple[bool, ReadingInstrument]] = {}
    for iid, name, place, kind, binding, status, version, language in session.execute(query):
        english = language == "en"
        held = chosen.get(iid)
        if held is None or (english and not held[0]):
            chosen[iid] = (
                english,
                ReadingInstrument(iid, name, place, str(kind), str(binding), str(status), version),
            )
    return [found for _, found in chosen.values()]


def reading_provisions(session: Session, version_id: int) -> Iterator[ReadingProvision]:
    """The provisions of one version, in reading order (a provision before its points)."""
    query = (
        select(
            Provision.id,
            Provision.parent_id,
            Provision.path,
            Provision.kind,
            Provision.heading,
            Provision.start_offset,
            Provision.end_offset,
            Provision.text,
        )
        .where(Provision.version_id == version_id)
        .order_by(Provision.start_offset, Provision.end_offset.desc(), Provision.id)
    )
    for row in session.execute(query):
        yield ReadingProvision(*row)
