"""The store's rows as a release's bulk tables read them (``reports.bulk``): every
instrument with its place, the provisions of each instrument's newest text, every label
with its concept, every relationship with both ends; each in a stable order, the large
ones streamed in batches. (First dates come from ``instrument_lists``, adherence facts
from ``adherence``.)
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from govatlas.store.instruments import newest_version_ids
from govatlas.store.models import (
    Concept,
    Instrument,
    InstrumentVersion,
    Jurisdiction,
    Label,
    Provision,
    Relationship,
)

PROVISION_BATCH = 2000
LABEL_BATCH = 5000


def instruments_with_places(session: Session) -> Iterator[tuple[Instrument, str]]:
    """Every instrument with its jurisdiction's name, by id."""
    query = (
        select(Instrument, Jurisdiction.name)
        .join(Jurisdiction, Jurisdiction.id == Instrument.jurisdiction_id)
        .order_by(Instrument.id)
    )
    yield from session.execute(query)


def newest_text_provisions(session: Session) -> Iterator[tuple[Provision, str]]:
    """The provisions of each instrument's newest full text, with the instrument's id,
    by instrument and then in reading order."""
    query = (
        select(Provision, InstrumentVersion.instrument_id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(Provision.version_id.in_(newest_version_ids()))
        .order_by(InstrumentVersion.instrument_id, Provision.ordinal, Provision.id)
        .execution_options(yield_per=PROVISION_BATCH)
    )
    yield from session.execute(query)


def labels_with_concepts(session: Session) -> Iterator[tuple[Label, str, str]]:
    """Every label with its concept's taxonomy and preferred label, by id."""
    query = (
        select(Label, Concept.taxonomy_id, Concept.pref_label)
        .join(Concept, Concept.id == Label.concept_id)
        .order_by(Label.id)
        .execution_options(yield_per=LABEL_BATCH)
    )
    yield from session.execute(query)


RelationshipEnds = tuple[Relationship, str | None, str | None, str | None, str | None]


def relationships_with_ends(session: Session) -> Iterator[RelationshipEnds]:
    """Every relationship with its source's and its target's instrument and provision
    path (None for an end that is a concept), by id."""
    source, target = aliased(Provision), aliased(Provision)
    source_version, target_version = aliased(InstrumentVersion), aliased(InstrumentVersion)
    query = (
        select(
            Relationship,
            source_version.instrument_id,
            source.path,
            target_version.instrument_id,
            target.path,
        )
        .outerjoin(source, source.id == Relationship.source_provision_id)
        .outerjoin(source_version, source_version.id == source.version_id)
        .outerjoin(target, target.id == Relationship.target_provision_id)
        .outerjoin(target_version, target_version.id == target.version_id)
        .order_by(Relationship.id)
    )
    yield from session.execute(query)
